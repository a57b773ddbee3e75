"""open work items' indexes: who holds a task (an administrator disabling an officer releases their open tasks) and
a worklist's search by registration number read open items only, so their indexes hold open items only, like the
keyset indexes since 0032

Revision ID: 0035
Revises: 0034
"""
import sqlalchemy as sa
from alembic import op

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None

OPEN_ONLY = "status = 'open'"


def upgrade() -> None:
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_index('ix_work_item_claimed_by')
        batch_op.drop_index('ix_work_item_reg_no')
        batch_op.create_index('ix_work_item_claimed_by', ['claimed_by_id'], unique=False,
                              postgresql_where=sa.text(OPEN_ONLY), sqlite_where=sa.text(OPEN_ONLY))
        batch_op.create_index('ix_work_item_reg_no', ['reg_no'], unique=False,
                              postgresql_where=sa.text(OPEN_ONLY), sqlite_where=sa.text(OPEN_ONLY))


def downgrade() -> None:
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_index('ix_work_item_claimed_by')
        batch_op.drop_index('ix_work_item_reg_no')
        batch_op.create_index('ix_work_item_claimed_by', ['claimed_by_id', 'status'], unique=False)
        batch_op.create_index('ix_work_item_reg_no', ['reg_no'], unique=False)
