"""an index of grievances by category and lodging time: Open311's lists of one service, newest first

Revision ID: 0030
Revises: 0029
"""
from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_grievance_category_lodged', 'grievance', ['category_code', 'lodged_at'])


def downgrade() -> None:
    op.drop_index('ix_grievance_category_lodged', table_name='grievance')
