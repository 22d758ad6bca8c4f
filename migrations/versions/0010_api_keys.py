"""api keys

Keys for the integration API (hashed, scoped to centres and to what they may do), the
answers replayed for a retried write with an Idempotency-Key, and every call made.

Revision ID: f1a2b3c40012
Revises: e5c6a7b80011
Create Date: 2026-12-02 16:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a2b3c40012'
down_revision = 'e5c6a7b80011'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table('api_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('system_name', sa.String(length=120), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('all_centres', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_api_key_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
    sa.UniqueConstraint('prefix', name=op.f('uq_api_key_prefix')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_api_key_secret_hash'))
    )
    op.create_table('api_key_centre',
    sa.Column('api_key_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_key.id'], name=op.f('fk_api_key_centre_api_key_id_api_key'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_api_key_centre_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('api_key_id', 'centre_id', name=op.f('pk_api_key_centre'))
    )
    op.create_table('api_idempotency',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=255), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.SmallInteger(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_key.id'], name=op.f('fk_api_idempotency_api_key_id_api_key'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_idempotency')),
    sa.UniqueConstraint('api_key_id', 'idempotency_key', name=op.f('uq_api_idempotency_api_key_id_idempotency_key'))
    )
    op.create_table('api_call',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=80), nullable=False),
    sa.Column('status', sa.SmallInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_key.id'], name=op.f('fk_api_call_api_key_id_api_key'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_call'))
    )
    op.create_index(op.f('ix_api_call_api_key_id_api_call_at'), 'api_call', ['api_key_id', 'at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_api_call_api_key_id_api_call_at'), table_name='api_call')
    op.drop_table('api_call')
    op.drop_table('api_idempotency')
    op.drop_table('api_key_centre')
    op.drop_table('api_key')
