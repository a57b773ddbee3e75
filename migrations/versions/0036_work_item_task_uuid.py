"""work items' task ids as uuid on PostgreSQL (16 bytes, not 37, in the row and in its unique index), like the
history's since 0033; SQLite keeps the canonical text. Every task id is the engine's uuid4; task URLs refuse
any other text with 404 before they query (worklists.queries).

Revision ID: 0036
Revises: 0035
"""
from alembic import op

revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE work_item ALTER COLUMN task_id TYPE uuid USING task_id::uuid")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE work_item ALTER COLUMN task_id TYPE varchar(40) USING task_id::text")
