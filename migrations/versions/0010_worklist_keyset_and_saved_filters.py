"""worklist: indexes matching its sorts (keyset pages), trigram name search, saved filters

Revision ID: 0010
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0013'
branch_labels = None
depends_on = None

# Each worklist scope (an office, a department, everyone for the CMO cell) read in each order, with the id as the
# tie-breaker the keyset cursor needs, so a page is an index range scan whatever the number of open tasks.
_INDEXES = {
    "ix_work_item_office_due": ["role", "status", "office_id", "due_at", "id"],
    "ix_work_item_office_opened": ["role", "status", "office_id", "opened_at", "id"],
    "ix_work_item_department_due": ["role", "status", "department_id", "due_at", "id"],
    "ix_work_item_department_opened": ["role", "status", "department_id", "opened_at", "id"],
    "ix_work_item_role_due": ["role", "status", "due_at", "id"],
    "ix_work_item_role_opened": ["role", "status", "opened_at", "id"],
}
_SUPERSEDED = {"ix_work_item_role_office": ["role", "status", "office_id", "due_at"],
               "ix_work_item_role_department": ["role", "status", "department_id", "due_at"]}


def upgrade() -> None:
    op.create_table(
        'saved_filter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('query', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_saved_filter_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filter')),
        sa.UniqueConstraint('user_id', 'name', name='uq_saved_filter_user_name'))
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        for name in _SUPERSEDED:
            batch_op.drop_index(name)
        for name, columns in _INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
        batch_op.create_index('ix_work_item_claimed_by', ['claimed_by_id', 'status'], unique=False)
        batch_op.create_index('ix_work_item_reg_no', ['reg_no'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        # Name search is "contains", which only a trigram index can serve ("dash" may create the extension too).
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX IF NOT EXISTS ix_grievance_complainant_name_trgm ON grievance "
                   "USING gin (complainant_name gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_grievance_complainant_name_trgm")
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_index('ix_work_item_reg_no')
        batch_op.drop_index('ix_work_item_claimed_by')
        for name in _INDEXES:
            batch_op.drop_index(name)
        for name, columns in _SUPERSEDED.items():
            batch_op.create_index(name, columns, unique=False)
    op.drop_table('saved_filter')
