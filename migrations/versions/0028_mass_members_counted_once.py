"""a mass grievance's members point to their parent case and leave the summary counts (the group is counted once,
as its parent)

Revision ID: 0028
Revises: 0027
"""
import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None
SUMMARIES = ("case_count", "case_due_count", "case_day_count", "case_age_count", "office_month_count",
             "office_month_issue", "atr_digest")


def upgrade() -> None:
    with op.batch_alter_table('grievance') as batch_op:
        batch_op.add_column(sa.Column('mass_parent_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_grievance_mass_parent_id_grievance'), 'grievance', ['mass_parent_id'],
                                    ['id'])
    where = sa.text("mass_parent_id IS NOT NULL")
    op.create_index('ix_grievance_mass_parent', 'grievance', ['mass_parent_id'], postgresql_where=where,
                    sqlite_where=where)
    op.execute("UPDATE grievance SET mass_parent_id = (SELECT c.parent_id FROM mass_member m JOIN mass_cluster c "
               "ON c.id = m.cluster_id WHERE m.grievance_id = grievance.id AND c.status = 'accepted' "
               "AND c.parent_id <> grievance.id) "
               "WHERE id IN (SELECT m.grievance_id FROM mass_member m JOIN mass_cluster c ON c.id = m.cluster_id "
               "WHERE c.status = 'accepted' AND c.parent_id <> m.grievance_id)")
    from case_counts.service import rebuild
    rebuild(op.get_bind(), tables=SUMMARIES)


def downgrade() -> None:
    op.drop_index('ix_grievance_mass_parent', table_name='grievance')
    with op.batch_alter_table('grievance') as batch_op:
        batch_op.drop_constraint(op.f('fk_grievance_mass_parent_id_grievance'), type_='foreignkey')
        batch_op.drop_column('mass_parent_id')
