"""open cases' SLA breach risk

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('breach_risk',
    sa.Column('grievance_id', sa.Integer(), nullable=False),
    sa.Column('risk', sa.Float(), nullable=False),
    sa.Column('scored_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grievance_id'], ['grievance.id'], name=op.f('fk_breach_risk_grievance_id_grievance')),
    sa.PrimaryKeyConstraint('grievance_id', name=op.f('pk_breach_risk'))
    )
    op.create_index('ix_breach_risk_risk', 'breach_risk', ['risk'])


def downgrade() -> None:
    op.drop_index('ix_breach_risk_risk', table_name='breach_risk')
    op.drop_table('breach_risk')
