"""mass grievances: clusters of cases about one problem and their members

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mass_cluster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('category_code', sa.String(length=40), nullable=False),
    sa.Column('likeness', sa.Float(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_mass_cluster_office_id_office')),
    sa.ForeignKeyConstraint(['parent_id'], ['grievance.id'], name=op.f('fk_mass_cluster_parent_id_grievance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mass_cluster'))
    )
    op.create_index(op.f('ix_mass_cluster_status'), 'mass_cluster', ['status'])
    op.create_table('mass_member',
    sa.Column('grievance_id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grievance_id'], ['grievance.id'], name=op.f('fk_mass_member_grievance_id_grievance')),
    sa.ForeignKeyConstraint(['cluster_id'], ['mass_cluster.id'], name=op.f('fk_mass_member_cluster_id_mass_cluster')),
    sa.PrimaryKeyConstraint('grievance_id', name=op.f('pk_mass_member'))
    )
    op.create_index(op.f('ix_mass_member_cluster_id'), 'mass_member', ['cluster_id'])


def downgrade() -> None:
    op.drop_table('mass_member')
    op.drop_table('mass_cluster')
