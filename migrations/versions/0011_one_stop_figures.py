"""one-stop figures

The one-stop system's dossier figures per centre and local day: received, results on
time and late, late results with a written apology, dossiers asked to supplement more
than once. One row per centre and day; a correction replaces it.

Revision ID: f2b3c4d50013
Revises: f1a2b3c40012
Create Date: 2026-12-02 16:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b3c4d50013'
down_revision = 'f1a2b3c40012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('one_stop_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.Column('late', sa.Integer(), nullable=False),
    sa.Column('late_apologised', sa.Integer(), nullable=False),
    sa.Column('supplemented_repeatedly', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('received >= 0', name=op.f('ck_one_stop_day_received_not_negative')),
    sa.CheckConstraint('on_time >= 0', name=op.f('ck_one_stop_day_on_time_not_negative')),
    sa.CheckConstraint('late >= 0', name=op.f('ck_one_stop_day_late_not_negative')),
    sa.CheckConstraint('late_apologised >= 0 AND late_apologised <= late', name=op.f('ck_one_stop_day_apologised_within_late')),
    sa.CheckConstraint('supplemented_repeatedly >= 0', name=op.f('ck_one_stop_day_supplemented_not_negative')),
    sa.CheckConstraint("source IN ('api', 'staff')", name=op.f('ck_one_stop_day_source_known')),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_one_stop_day_centre_id_centre')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_one_stop_day_entered_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_one_stop_day')),
    sa.UniqueConstraint('centre_id', 'day', name=op.f('uq_one_stop_day_centre_id_day'))
    )


def downgrade():
    op.drop_table('one_stop_day')
