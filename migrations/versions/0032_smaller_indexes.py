"""smaller indexes: the worklists' keyset indexes hold open items only, the history's index by event type and time
goes (nothing reads it since the ATR digest, 0018 -> 0026), and the second trigram index on complainants' names
goes (both name searches read lower(name), which 0009's index serves): about 2.5 KB less per grievance

Revision ID: 0032
Revises: 0031
"""
import sqlalchemy as sa
from alembic import op

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None

OPEN_ONLY = "status = 'open'"
_KEYSET = {
    "ix_work_item_office_due": ["office_id", "due_at"],
    "ix_work_item_office_opened": ["office_id", "opened_at"],
    "ix_work_item_department_due": ["department_id", "due_at"],
    "ix_work_item_department_opened": ["department_id", "opened_at"],
    "ix_work_item_role_due": ["due_at"],
    "ix_work_item_role_opened": ["opened_at"],
}


def upgrade() -> None:
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        for name, columns in _KEYSET.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, ["role", *columns, "id"], unique=False,
                                  postgresql_where=sa.text(OPEN_ONLY), sqlite_where=sa.text(OPEN_ONLY))
    op.drop_index('ix_case_event_type_at', table_name='case_event')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_grievance_complainant_name_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE INDEX IF NOT EXISTS ix_grievance_complainant_name_trgm ON grievance "
                   "USING gin (complainant_name gin_trgm_ops)")
    op.create_index('ix_case_event_type_at', 'case_event', ['event_type', 'at'])
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        for name, columns in _KEYSET.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, ["role", "status", *columns, "id"], unique=False)
