"""pending grievances by the day they were lodged (case_age_count); receipts and disposals per day by district and
category too (case_day_count): the MIS's ageing and periods, the trends, from summary rows

Revision ID: 0016
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_age_count',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.String(length=20), nullable=False),
    sa.Column('lodged_on', sa.Date(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'district_code', 'lodged_on', name=op.f('pk_case_age_count'))
    )
    op.drop_table('case_day_count')
    op.create_table('case_day_count',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.String(length=20), nullable=False),
    sa.Column('category_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('disposed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'district_code', 'category_code', 'day', name=op.f('pk_case_day_count'))
    )
    op.create_index('ix_case_day_count_day', 'case_day_count', ['day'])
    from case_counts.service import rebuild
    rebuild(op.get_bind(), tables=("case_count", "case_due_count", "case_day_count", "case_age_count"))


def downgrade() -> None:
    op.drop_table('case_age_count')
    op.create_table('case_day_count_by_department',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('disposed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'day', name='pk_case_day_count_by_department')
    )
    op.execute("INSERT INTO case_day_count_by_department SELECT department_id, day, sum(received), sum(disposed) "
               "FROM case_day_count GROUP BY department_id, day")
    op.drop_table('case_day_count')
    op.rename_table('case_day_count_by_department', 'case_day_count')
