"""reports per agency

In the province's internal index every scored agency reports the same criterion each
month, so a report is unique per criterion, period, agency and version (the PAR INDEX's
reports all come from the criterion's lead agency: nothing changes for them). Downgrading
keeps, for each criterion, period and version, only the first agency's report.

Revision ID: f5e6f7080016
Revises: f4d5e6f70015
Create Date: 2026-12-03 08:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5e6f7080016'
down_revision = 'f4d5e6f70015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('criterion_report', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_criterion_report_criterion_id_period_id_version'), type_='unique'
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_criterion_report_criterion_id_period_id_agency_id_version'),
            ['criterion_id', 'period_id', 'agency_id', 'version'],
        )


def downgrade():
    op.execute(
        sa.text(
            "DELETE FROM criterion_report WHERE id NOT IN (SELECT keep FROM ("
            "SELECT MIN(id) AS keep FROM criterion_report"
            " GROUP BY criterion_id, period_id, version) AS kept)"
        )
    )
    with op.batch_alter_table('criterion_report', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_criterion_report_criterion_id_period_id_agency_id_version'),
            type_='unique',
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_criterion_report_criterion_id_period_id_version'),
            ['criterion_id', 'period_id', 'version'],
        )
