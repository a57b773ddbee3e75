"""community development blocks: an area of kind 'block' names its sub-division; a grievance may name the block
it comes from (the sub-division then follows from it)

Revision ID: 0037
Revises: 0036
"""
import sqlalchemy as sa
from alembic import op

revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subdivision_code', sa.String(length=20), nullable=True))
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('block_code', sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM area WHERE kind = 'block'")
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.drop_column('block_code')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_column('subdivision_code')
