"""weekly answer patterns

The respondent-level answer patterns behind composite intervals, kept per closed week
beside the weekly counts. The weeks already stored are forgotten, so that the next
reader counts each week's counts and patterns together.

Revision ID: e5c6a7b80011
Revises: d4b5f6a70010
Create Date: 2026-12-02 14:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5c6a7b80011'
down_revision = 'd4b5f6a70010'
branch_labels = None
depends_on = None

CHANNELS = ('poster_qr', 'receipt_code', 'kiosk', 'paper', 'survey_online', 'survey_paper')


def upgrade():
    op.create_table('week_answer_pattern',
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('commune_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum(*CHANNELS, name='week_pattern_channel', native_enum=False, create_constraint=True, length=13), nullable=False),
    sa.Column('is_suspect', sa.Boolean(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('pattern', sa.String(length=400), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('week_start', 'centre_id', 'commune_id', 'channel', 'is_suspect', 'instrument_id', 'pattern', name=op.f('pk_week_answer_pattern'))
    )
    # Weeks stored before this table existed have no patterns: count them again.
    op.execute('DELETE FROM week_answer_count')
    op.execute('DELETE FROM week_rollup')


def downgrade():
    op.drop_table('week_answer_pattern')
