"""department role

The Department of Home Affairs (Sở Nội vụ) becomes a role of its own, apart from the
system administrator: 'department' joins the role's CHECK constraint, and the column grows
from 7 to 10 characters to hold it. Existing administrators stay administrators.

Downgrade deletes no account: each Department user becomes an administrator again, which
is what the Department was before this revision (the one role did both jobs).

Revision ID: d8e9f0a10020
Revises: b6c7d8e90018
Create Date: 2026-12-03 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e9f0a10020'
down_revision = 'b6c7d8e90018'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'manager', 'handler', 'viewer', 'agency')
NEW_ROLES = ('admin', 'department', 'manager', 'handler', 'viewer', 'agency')


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def _change_role_column(old, new):
    """Replace the role's VARCHAR and CHECK constraint (not a native enum on either database).

    SQLite cannot change a CHECK constraint in place: batch mode copies the table and drops
    the old one, which SQLite refuses while complaints, audit events and centre scopes refer
    to its rows. Foreign keys are switched off around the copy (the pragma only takes effect
    outside a transaction); the rows keep their ids, so every reference still holds.
    """
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute('PRAGMA foreign_keys = OFF')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=_enum(*old), type_=_enum(*new), existing_nullable=False)
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute('PRAGMA foreign_keys = ON')


def upgrade():
    _change_role_column((OLD_ROLES, 'role', 7), (NEW_ROLES, 'role', 10))


def downgrade():
    op.execute("UPDATE user_account SET role = 'admin' WHERE role = 'department'")
    _change_role_column((NEW_ROLES, 'role', 10), (OLD_ROLES, 'role', 7))
