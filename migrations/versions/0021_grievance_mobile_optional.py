"""Open311 as the standard says: a grievance's mobile may be missing (a partner may lodge with the complainant's
e-mail only), and the media_url a partner sends is kept

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
    op.add_column('inbound_message', sa.Column('media_url', sa.String(length=2000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inbound_message') as batch_op:
        batch_op.drop_column('media_url')
    op.execute("UPDATE grievance SET mobile = '' WHERE mobile IS NULL")
    with op.batch_alter_table('grievance') as batch_op:
        batch_op.alter_column('mobile', existing_type=sa.String(length=16), nullable=False)
