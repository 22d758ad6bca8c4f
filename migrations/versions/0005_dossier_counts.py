"""weekly dossier counts per centre, for the response rate

Revision ID: 5b8d3e1a2c47
Revises: 4a7e2c9d1f05
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b8d3e1a2c47'
down_revision = '4a7e2c9d1f05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dossier_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('dossiers', sa.Integer(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('dossiers >= 0', name=op.f('ck_dossier_count_dossiers_not_negative')),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_dossier_count_centre_id_centre')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_dossier_count_entered_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_count')),
    sa.UniqueConstraint('centre_id', 'week_start', name=op.f('uq_dossier_count_centre_id_week_start'))
    )


def downgrade():
    op.drop_table('dossier_count')
