"""compressed instance state: process_instance.state becomes bytes, each state compressed by zlib against a preset
dictionary (engine/state_codec.py): a running grievance's ~4.6 KB (PostgreSQL's compression, in TOAST) becomes ~2 KB
kept in the row (PostgreSQL keeps rows up to 4 KB whole now); about 1.4 KB less per grievance

Every existing state is compressed here, 2,000 rows a statement (at 4.6 M instances, expect minutes; the reader also
accepts a state not yet compressed, so an interrupted pass loses nothing).

Revision ID: 0034
Revises: 0033
"""
import sqlalchemy as sa
from alembic import op

from engine.state_codec import decode, encode, is_encoded

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

BATCH = 2000


def _rewrite_states(convert, wanted) -> None:
    bind, last = op.get_bind(), 0
    while rows := bind.execute(sa.text("SELECT id, state FROM process_instance WHERE id > :last ORDER BY id "
                                       "LIMIT :batch"), {"last": last, "batch": BATCH}).all():
        changed = [{"id": row_id, "state": convert(state)} for row_id, state in rows if not wanted(state)]
        if changed:
            bind.execute(sa.text("UPDATE process_instance SET state = :state WHERE id = :id"), changed)
        last = rows[-1][0]


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE process_instance ALTER COLUMN state TYPE bytea USING convert_to(state, 'UTF8')")
        op.execute("ALTER TABLE process_instance SET (toast_tuple_target = 4096)")
    else:
        with op.batch_alter_table('process_instance') as batch_op:
            batch_op.alter_column('state', type_=sa.LargeBinary(), existing_nullable=False)
    _rewrite_states(lambda state: encode(decode(state)), is_encoded)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    # bytes for bytea (then converted in SQL); SQLite keeps text as text whatever the column's declared type
    _rewrite_states(lambda state: decode(state).encode() if postgresql else decode(state),
                    lambda state: not is_encoded(state))
    if postgresql:
        op.execute("ALTER TABLE process_instance RESET (toast_tuple_target)")
        op.execute("ALTER TABLE process_instance ALTER COLUMN state TYPE text USING convert_from(state, 'UTF8')")
    else:
        with op.batch_alter_table('process_instance') as batch_op:
            batch_op.alter_column('state', type_=sa.Text(), existing_nullable=False)
