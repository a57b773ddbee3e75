"""dashboard summary tables (case_count, case_due_count, case_day_count), grievance.last_atr_at, drill-down indexes

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OPEN = "status <> 'closed'"
CLOSED = "status = 'closed'"
# (name, columns, where): the dashboard drill-downs' orders (deadline first; redressed: latest closure first).
DRILL_DOWN = (
    ("ix_grievance_open_due", ["sla_due_at", "id"], OPEN),
    ("ix_grievance_department_open_due", ["department_id", "sla_due_at", "id"], OPEN),
    ("ix_grievance_district_open_due", ["district_code", "sla_due_at", "id"], OPEN),
    ("ix_grievance_closed_at", ["closed_at", "id"], CLOSED),
    ("ix_grievance_department_closed_at", ["department_id", "closed_at", "id"], CLOSED),
    ("ix_grievance_department_id", ["department_id", "id"], None),
    ("ix_grievance_district_code", ["district_code", "id"], None),
)


def upgrade() -> None:
    op.create_table('case_count',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.String(length=20), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('escalated', sa.Integer(), nullable=False),
    sa.Column('redressed', sa.Integer(), nullable=False),
    sa.Column('reported', sa.Integer(), nullable=False),
    sa.Column('met', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'district_code', name=op.f('pk_case_count'))
    )
    op.create_table('case_due_count',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('span', sa.SmallInteger(), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.String(length=20), nullable=False),
    sa.Column('awaiting', sa.Integer(), nullable=False),
    sa.Column('reported', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'span', 'bucket', 'district_code', name=op.f('pk_case_due_count'))
    )
    op.create_index('ix_case_due_count_district_span_bucket', 'case_due_count', ['district_code', 'span', 'bucket'])
    op.create_table('case_day_count',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('disposed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_id', 'day', name=op.f('pk_case_day_count'))
    )
    with op.batch_alter_table('grievance') as batch:
        batch.add_column(sa.Column('last_atr_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE grievance SET last_atr_at = (SELECT max(e.at) FROM case_event e "
               "WHERE e.grievance_id = grievance.id AND e.event_type = 'atr_submitted')")
    for name, columns, where in DRILL_DOWN:
        condition = {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)} if where else {}
        op.create_index(name, 'grievance', columns, **condition)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # Officers' search by name is a substring match: a trigram index serves lower(name) LIKE '%...%'.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_grievance_name_trgm ON grievance USING gin (lower(complainant_name) gin_trgm_ops)")
    # The rows are filled by 0016's rebuild: the summary code describes the tables as they are after 0016.


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_grievance_name_trgm")
    for name, _columns, _where in DRILL_DOWN:
        op.drop_index(name, table_name='grievance')
    with op.batch_alter_table('grievance') as batch:
        batch.drop_column('last_atr_at')
    op.drop_index('ix_case_due_count_district_span_bucket', table_name='case_due_count')
    op.drop_table('case_day_count')
    op.drop_table('case_due_count')
    op.drop_table('case_count')
