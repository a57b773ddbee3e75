"""an index of the escalated cases still pending, by department, district and level (the MIS's outcomes)

Revision ID: 0029
Revises: 0028
"""
import sqlalchemy as sa
from alembic import op

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    where = sa.text("is_escalated IS true AND status <> 'closed' AND mass_parent_id IS NULL")
    op.create_index('ix_grievance_escalated_open', 'grievance', ['department_id', 'district_code', 'escalation_level'],
                    postgresql_where=where, sqlite_where=where)


def downgrade() -> None:
    op.drop_index('ix_grievance_escalated_open', table_name='grievance')
