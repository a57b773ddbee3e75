"""history events by type and time: the ATR quality report and the office index read one kind in a period

Revision ID: 0018
Revises: 0017
"""
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_case_event_type_at', 'case_event', ['event_type', 'at'])


def downgrade() -> None:
    op.drop_index('ix_case_event_type_at', table_name='case_event')
