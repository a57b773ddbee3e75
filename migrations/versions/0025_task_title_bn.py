"""a work item's task name in Bengali (the diagram's name_bn property, set in the process editor's panel)

Revision ID: 0025
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('work_item', sa.Column('title_bn', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('work_item') as batch_op:
        batch_op.drop_column('title_bn')
