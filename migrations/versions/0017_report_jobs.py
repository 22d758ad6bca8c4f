"""report jobs

Reports built in the background (the SIPAS workbook, the People's Committee report): one
row per request with its progress and, once built, its file, so that every app server can
show the progress and serve the file.

Revision ID: b6c7d8e90018
Revises: c7d8e9f00019
Create Date: 2026-12-03 11:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b6c7d8e90018'
down_revision = 'c7d8e9f00019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column(
            'status',
            sa.Enum(
                'queued',
                'running',
                'done',
                'failed',
                name='job_status',
                native_enum=False,
                create_constraint=True,
                length=7,
            ),
            nullable=False,
        ),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('steps', sa.Integer(), nullable=False),
        sa.Column('step_label', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('mimetype', sa.String(length=100), nullable=False),
        sa.Column('error', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ['requested_by_id'],
            ['user_account.id'],
            name=op.f('fk_report_job_requested_by_id_user_account'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_job')),
    )
    with op.batch_alter_table('report_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_job_created_at'), ['created_at'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_report_job_requested_by_id'), ['requested_by_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('report_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_job_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_report_job_created_at'))
    op.drop_table('report_job')
