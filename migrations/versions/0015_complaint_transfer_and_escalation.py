"""complaint transfer and escalation

A complaint transferred to the inspectorate (thanh tra) keeps why (a denunciation, or a
report of payments beyond the official fees); an escalation event keeps the deadline that
passed, so the daily run tells the centre's leader once per complaint and deadline.

Revision ID: a5b6c7d80017
Revises: f5e6f7080016
Create Date: 2026-12-03 08:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5b6c7d80017'
down_revision = 'f5e6f7080016'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # Batch mode would copy the table and drop the old one, which SQLite refuses while
        # complaint events and messages refer to its rows: add the column in place instead.
        op.execute(
            "ALTER TABLE complaint ADD COLUMN transfer_reason VARCHAR(13) "
            "CONSTRAINT ck_complaint_transfer_reason "
            "CHECK (transfer_reason IN ('denunciation', 'extra_payment'))"
        )
    else:
        with op.batch_alter_table('complaint', schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    'transfer_reason',
                    sa.Enum(
                        'denunciation',
                        'extra_payment',
                        name='transfer_reason',
                        native_enum=False,
                        create_constraint=True,
                        length=13,
                    ),
                    nullable=True,
                )
            )
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('complaint_event', schema=None) as batch_op:
        batch_op.drop_column('deadline_at')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("ALTER TABLE complaint DROP COLUMN transfer_reason")  # SQLite 3.35 and later
    else:
        with op.batch_alter_table('complaint', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('ck_complaint_transfer_reason'), type_='check')
            batch_op.drop_column('transfer_reason')
