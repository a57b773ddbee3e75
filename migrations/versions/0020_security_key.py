"""officers' security keys (WebAuthn)

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('security_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('credential_id', sa.LargeBinary(length=1023), nullable=False),
    sa.Column('public_key', sa.LargeBinary(length=2048), nullable=False),
    sa.Column('sign_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_security_key_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_security_key')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_security_key_credential_id'))
    )
    op.create_index(op.f('ix_security_key_user_id'), 'security_key', ['user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_security_key_user_id'), table_name='security_key')
    op.drop_table('security_key')
