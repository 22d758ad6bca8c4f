"""lockouts in the database and public ids for Open311

Revision ID: a7e1c0de0007
Revises: 6c9e4f2b7a13
Create Date: 2026-12-02 10:00:00.000000

Wrong PIN and password guesses become rows (exact across processes and restarts), and
every complaint gets a random public id, which Open311 publishes instead of the
tracking code. Existing complaints get theirs here.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7e1c0de0007'
down_revision = '6c9e4f2b7a13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('failed_guess',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_guess'))
    )
    with op.batch_alter_table('failed_guess', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_guess_kind_failed_guess_subject_failed_guess_at'), ['kind', 'subject', 'at'], unique=False)

    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.String(length=16), nullable=True))
    complaint = sa.table('complaint', sa.column('id', sa.Integer), sa.column('public_id', sa.String))
    connection = op.get_bind()
    ids = connection.execute(sa.select(complaint.c.id)).scalars().all()
    for complaint_id in ids:
        connection.execute(
            complaint.update()
            .where(complaint.c.id == complaint_id)
            .values(public_id=secrets.token_hex(8))
        )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=16), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_complaint_public_id'), ['public_id'])


def downgrade():
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_complaint_public_id'), type_='unique')
        batch_op.drop_column('public_id')

    with op.batch_alter_table('failed_guess', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_guess_kind_failed_guess_subject_failed_guess_at'))

    op.drop_table('failed_guess')
