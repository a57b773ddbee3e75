"""officers' TOTP authenticators

Revision ID: 0012
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('totp_authenticator',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_step', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_totp_authenticator_user_id_user_account')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_totp_authenticator'))
    )


def downgrade() -> None:
    op.drop_table('totp_authenticator')
