"""a grievance's mobile may be missing: Open311 partners may lodge with the complainant's e-mail only

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('grievance') as batch_op:
        batch_op.alter_column('mobile', existing_type=sa.String(length=16), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE grievance SET mobile = '' WHERE mobile IS NULL")
    with op.batch_alter_table('grievance') as batch_op:
        batch_op.alter_column('mobile', existing_type=sa.String(length=16), nullable=False)
