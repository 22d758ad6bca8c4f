"""one escalation per complaint and deadline

Two overlapping runs of ``flask complaints escalate`` could each record (and send) the
same escalation. A unique partial index on the escalation events (complaint, deadline)
makes the database refuse the second. Duplicates already recorded are removed first,
keeping the earliest of each (by time, then id), so the index can be built.

Revision ID: c7d8e9f00019
Revises: a5b6c7d80017
Create Date: 2026-12-03 11:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d8e9f00019'
down_revision = 'a5b6c7d80017'
branch_labels = None
depends_on = None

ESCALATION = sa.text('deadline_at IS NOT NULL')


def upgrade():
    op.execute(
        "DELETE FROM complaint_event WHERE deadline_at IS NOT NULL AND EXISTS ("
        " SELECT 1 FROM complaint_event AS earlier"
        " WHERE earlier.complaint_id = complaint_event.complaint_id"
        " AND earlier.deadline_at = complaint_event.deadline_at"
        " AND (earlier.at < complaint_event.at"
        " OR (earlier.at = complaint_event.at AND earlier.id < complaint_event.id)))"
    )
    op.create_index(
        'uq_complaint_event_escalation',
        'complaint_event',
        ['complaint_id', 'deadline_at'],
        unique=True,
        sqlite_where=ESCALATION,
        postgresql_where=ESCALATION,
    )


def downgrade():
    op.drop_index('uq_complaint_event_escalation', table_name='complaint_event')
