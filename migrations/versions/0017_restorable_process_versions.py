"""a process version's content may repeat an older version's (restore deploys an old version as the newest)

Revision ID: 0017
Revises: 0016
"""
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('process_model') as batch:
        batch.drop_constraint('uq_process_model_content', type_='unique')
    op.create_index('ix_process_model_content', 'process_model', ['process_id', 'sha256'])


def downgrade() -> None:
    op.drop_index('ix_process_model_content', table_name='process_model')
    with op.batch_alter_table('process_model') as batch:
        batch.create_unique_constraint('uq_process_model_content', ['process_id', 'sha256'])
