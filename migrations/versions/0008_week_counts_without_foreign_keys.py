"""weekly answer counts without foreign keys

The weekly counts are derived from responses that carry the same keys; checking three
foreign keys on every counted row cost twice as much as counting the week.

Revision ID: d4b5f6a70010
Revises: a7e1c0de0007
Create Date: 2026-12-02 10:15:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4b5f6a70010'
down_revision = 'a7e1c0de0007'
branch_labels = None
depends_on = None

FOREIGN_KEYS = (
    ('fk_week_answer_count_centre_id_centre', 'centre', 'centre_id'),
    ('fk_week_answer_count_commune_id_commune', 'commune', 'commune_id'),
    ('fk_week_answer_count_question_id_question', 'question', 'question_id'),
)


def upgrade():
    with op.batch_alter_table('week_answer_count') as batch:
        for name, _table, _column in FOREIGN_KEYS:
            batch.drop_constraint(name, type_='foreignkey')


def downgrade():
    with op.batch_alter_table('week_answer_count') as batch:
        for name, table, column in FOREIGN_KEYS:
            batch.create_foreign_key(name, table, [column], ['id'])
