"""admin change log

Revision ID: 0013
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('admin_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('subject_key', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_admin_change_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_change'))
    )
    op.create_index(op.f('ix_admin_change_at'), 'admin_change', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_admin_change_at'), table_name='admin_change')
    op.drop_table('admin_change')
