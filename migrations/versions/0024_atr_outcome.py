"""the latest ATR's outcome on the grievance (the MIS's redressed conclusively vs closed otherwise), filled in from
the history for the cases there are

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('grievance', sa.Column('atr_outcome', sa.String(length=30), nullable=True))
    outcome = ("(data::json ->> 'outcome')" if op.get_bind().dialect.name == "postgresql"
               else "json_extract(data, '$.outcome')")
    op.execute(f"""
        UPDATE grievance SET atr_outcome = (
            SELECT {outcome} FROM case_event
            WHERE case_event.grievance_id = grievance.id AND case_event.event_type = 'atr_submitted'
            ORDER BY case_event.seq DESC LIMIT 1)
        WHERE grievance.last_atr_at IS NOT NULL""")


def downgrade() -> None:
    with op.batch_alter_table('grievance') as batch_op:
        batch_op.drop_column('atr_outcome')
