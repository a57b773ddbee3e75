"""trained text models (text_model): the category model first

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('text_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('trained_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_lodged', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_lodged', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('blob', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_model'))
    )
    op.create_index(op.f('ix_text_model_kind'), 'text_model', ['kind'])


def downgrade() -> None:
    op.drop_index(op.f('ix_text_model_kind'), table_name='text_model')
    op.drop_table('text_model')
