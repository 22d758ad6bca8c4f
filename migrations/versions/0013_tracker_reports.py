"""tracker reports

The tracker's monthly cycle: reporting periods, agencies' criterion reports (versioned),
their evidence files and review events, and remediation tasks.

Revision ID: f4d5e6f70015
Revises: f3c4d5e60014
Create Date: 2026-12-02 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4d5e6f70015'
down_revision = 'f3c4d5e60014'
branch_labels = None
depends_on = None


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    op.create_table('reporting_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', _enum(('open', 'closed'), 'period_status', 6), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'], name=op.f('fk_reporting_period_opened_by_id_user_account')),
    sa.ForeignKeyConstraint(['set_id'], ['criterion_set.id'], name=op.f('fk_reporting_period_set_id_criterion_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_period')),
    sa.UniqueConstraint('set_id', 'month', name=op.f('uq_reporting_period_set_id_month'))
    )
    op.create_table('criterion_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', _enum(('draft', 'submitted', 'returned', 'accepted'), 'report_status', 9), nullable=False),
    sa.Column('progress', _enum(('on_track', 'behind', 'at_risk', 'done'), 'report_progress', 8), nullable=False),
    sa.Column('value_number', sa.Double(), nullable=True),
    sa.Column('value_date', sa.Date(), nullable=True),
    sa.Column('value_bool', sa.Boolean(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_criterion_report_agency_id_agency')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_criterion_report_criterion_id_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_period.id'], name=op.f('fk_criterion_report_period_id_reporting_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_criterion_report_reviewed_by_id_user_account')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_criterion_report_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_report')),
    sa.UniqueConstraint('criterion_id', 'period_id', 'version', name=op.f('uq_criterion_report_criterion_id_period_id_version'))
    )
    op.create_index(op.f('ix_criterion_report_agency_id'), 'criterion_report', ['agency_id'], unique=False)
    op.create_index(op.f('ix_criterion_report_period_id'), 'criterion_report', ['period_id'], unique=False)
    op.create_table('evidence_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['criterion_report.id'], name=op.f('fk_evidence_file_report_id_criterion_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_evidence_file_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_file'))
    )
    op.create_index(op.f('ix_evidence_file_report_id'), 'evidence_file', ['report_id'], unique=False)
    op.create_table('report_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_report_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['report_id'], ['criterion_report.id'], name=op.f('fk_report_event_report_id_criterion_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_event'))
    )
    op.create_index(op.f('ix_report_event_report_id'), 'report_event', ['report_id'], unique=False)
    op.create_table('remediation_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('owner_agency_id', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=200), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('product', sa.String(length=500), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', _enum(('planned', 'in_progress', 'done'), 'task_status', 11), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_remediation_task_criterion_id_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agency.id'], name=op.f('fk_remediation_task_owner_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_remediation_task'))
    )
    op.create_index(op.f('ix_remediation_task_criterion_id'), 'remediation_task', ['criterion_id'], unique=False)
    op.create_index(op.f('ix_remediation_task_owner_agency_id'), 'remediation_task', ['owner_agency_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_remediation_task_owner_agency_id'), table_name='remediation_task')
    op.drop_index(op.f('ix_remediation_task_criterion_id'), table_name='remediation_task')
    op.drop_table('remediation_task')
    op.drop_index(op.f('ix_report_event_report_id'), table_name='report_event')
    op.drop_table('report_event')
    op.drop_index(op.f('ix_evidence_file_report_id'), table_name='evidence_file')
    op.drop_table('evidence_file')
    op.drop_index(op.f('ix_criterion_report_period_id'), table_name='criterion_report')
    op.drop_index(op.f('ix_criterion_report_agency_id'), table_name='criterion_report')
    op.drop_table('criterion_report')
    op.drop_table('reporting_period')
