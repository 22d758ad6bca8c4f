"""criterion tracker

The criterion tracker's sets, criteria, agencies, assignments and last year's results;
agency users (a new role, and each agency user's agency).

Revision ID: f3c4d5e60014
Revises: f2b3c4d50013
Create Date: 2026-12-02 16:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c4d5e60014'
down_revision = 'f2b3c4d50013'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'manager', 'handler', 'viewer')
NEW_ROLES = (*OLD_ROLES, 'agency')


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', _enum(('department', 'commune', 'centre'), 'agency_kind', 10), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['commune_id'], ['commune.id'], name=op.f('fk_agency_commune_id_commune')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('code', name=op.f('uq_agency_code'))
    )
    op.create_table('criterion_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', _enum(('provincial', 'internal'), 'criterion_set_kind', 10), nullable=False),
    sa.Column('status', _enum(('draft', 'official'), 'criterion_set_status', 8), nullable=False),
    sa.Column('is_draft_annex', sa.Boolean(), nullable=False),
    sa.Column('declared_total', sa.Double(), nullable=False),
    sa.Column('survey_total', sa.Double(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_set')),
    sa.UniqueConstraint('code', 'year', name=op.f('uq_criterion_set_code_year'))
    )
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('level', _enum(('field', 'criterion', 'component'), 'criterion_level', 9), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('max_points', sa.Double(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rule_kind', sa.String(length=20), nullable=True),
    sa.Column('rule_params', sa.JSON(), nullable=True),
    sa.Column('source', _enum(('self_assessed', 'survey'), 'criterion_source', 13), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('survey_index', sa.String(length=60), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['criterion.id'], name=op.f('fk_criterion_parent_id_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['criterion_set.id'], name=op.f('fk_criterion_set_id_criterion_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('set_id', 'code', name=op.f('uq_criterion_set_id_code'))
    )
    op.create_index(op.f('ix_criterion_parent_id'), 'criterion', ['parent_id'], unique=False)
    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('lead_agency_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('product', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_assignment_criterion_id_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'], name=op.f('fk_assignment_lead_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('criterion_id', name=op.f('uq_assignment_criterion_id'))
    )
    op.create_index(op.f('ix_assignment_lead_agency_id'), 'assignment', ['lead_agency_id'], unique=False)
    op.create_table('assignment_support',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_assignment_support_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_assignment_support_assignment_id_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', 'agency_id', name=op.f('pk_assignment_support'))
    )
    op.create_table('last_year_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('points_self', sa.Double(), nullable=True),
    sa.Column('points_appraised', sa.Double(), nullable=True),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('responsible_agency_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_last_year_result_criterion_id_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responsible_agency_id'], ['agency.id'], name=op.f('fk_last_year_result_responsible_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_last_year_result')),
    sa.UniqueConstraint('criterion_id', name=op.f('uq_last_year_result_criterion_id'))
    )
    # The role is a VARCHAR with a CHECK constraint (not a native enum) on both databases:
    # the constraint is replaced to allow the new value.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_account_agency_id_agency'), 'agency', ['agency_id'], ['id'])
        batch_op.alter_column('role', existing_type=_enum(OLD_ROLES, 'role', 7), type_=_enum(NEW_ROLES, 'role', 7), existing_nullable=False)


def downgrade():
    op.execute("DELETE FROM user_account WHERE role = 'agency'")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=_enum(NEW_ROLES, 'role', 7), type_=_enum(OLD_ROLES, 'role', 7), existing_nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_user_account_agency_id_agency'), type_='foreignkey')
        batch_op.drop_column('agency_id')
    op.drop_table('last_year_result')
    op.drop_table('assignment_support')
    op.drop_index(op.f('ix_assignment_lead_agency_id'), table_name='assignment')
    op.drop_table('assignment')
    op.drop_index(op.f('ix_criterion_parent_id'), table_name='criterion')
    op.drop_table('criterion')
    op.drop_table('criterion_set')
    op.drop_table('agency')
