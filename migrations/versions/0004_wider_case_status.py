"""wider case status (awaiting_clarification is 22 characters)

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=20), type_=sa.String(length=40),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=40), type_=sa.String(length=20),
                              existing_nullable=False)
