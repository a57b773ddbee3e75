"""offices' monthly summary rows (deadlines, verifications, feedback, closures, appeals; verifiers' findings) and
each ATR's digest: the office index and the ATR-quality report without reading the history

Revision ID: 0026
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

OFFICE_MEASURES = ("due", "reported", "met", "verified", "sent_back", "rated", "rating_sum", "feedback",
                   "satisfied", "closed", "appeals")


def upgrade() -> None:
    op.create_table('office_month_count',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    *(sa.Column(name, sa.Integer(), nullable=False) for name in OFFICE_MEASURES),
    sa.PrimaryKeyConstraint('office_id', 'month', name=op.f('pk_office_month_count'))
    )
    op.create_index('ix_office_month_count_month', 'office_month_count', ['month'])
    op.create_table('office_month_issue',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('issue', sa.String(length=40), nullable=False),
    sa.Column('verifications', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('office_id', 'month', 'issue', name=op.f('pk_office_month_issue'))
    )
    op.create_table('atr_digest',
    sa.Column('grievance_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('short', sa.Boolean(), nullable=False),
    sa.Column('not_pertaining', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('grievance_id', 'at', name=op.f('pk_atr_digest'))
    )
    op.create_index('ix_atr_digest_month_office', 'atr_digest', ['month', 'office_id'])
    where = sa.text("last_atr_at IS NULL")
    op.create_index('ix_grievance_unreported_due', 'grievance', ['sla_due_at', 'office_id'],
                    postgresql_where=where, sqlite_where=where)
    from case_counts.service import rebuild
    rebuild(op.get_bind(), tables=("office_month_count", "office_month_issue", "atr_digest"))


def downgrade() -> None:
    op.drop_index('ix_grievance_unreported_due', table_name='grievance')
    op.drop_table('atr_digest')
    op.drop_table('office_month_issue')
    op.drop_table('office_month_count')
