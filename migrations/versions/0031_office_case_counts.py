"""offices' summary rows (the dashboard's measures and deadline buckets per office) and each police office's police
district: the police department's dashboard by police district

Revision ID: 0031
Revises: 0030
"""
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None

SEED_FILE = Path(__file__).resolve().parents[2] / "directory" / "data" / "west_bengal.yaml"
CASE_MEASURES = ("received", "pending", "escalated", "redressed", "reported", "met")


def upgrade() -> None:
    op.add_column('office', sa.Column('police_district_code', sa.String(length=20), nullable=True))
    op.create_table('office_case_count',
    sa.Column('office_id', sa.Integer(), nullable=False),
    *(sa.Column(name, sa.Integer(), nullable=False) for name in CASE_MEASURES),
    sa.PrimaryKeyConstraint('office_id', name=op.f('pk_office_case_count'))
    )
    op.create_table('office_due_count',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('span', sa.SmallInteger(), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('awaiting', sa.Integer(), nullable=False),
    sa.Column('reported', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('office_id', 'span', 'bucket', name=op.f('pk_office_due_count'))
    )
    _name_police_districts(op.get_bind())
    from case_counts.service import rebuild
    rebuild(op.get_bind(), tables=("office_case_count", "office_due_count"))


def _name_police_districts(connection) -> None:
    """Each police district's office and the sub-divisional offices under it get the district's code (the seed
    file's police units; a database seeded from another file is left for the next seeding to fill)."""
    from directory.service import police_office_code
    police = yaml.safe_load(SEED_FILE.read_text(encoding="utf-8")).get("police_districts", {})
    office = sa.table("office", sa.column("id"), sa.column("code"), sa.column("parent_id"),
                      sa.column("police_district_code"))
    for unit in police.get("units", []):
        code = police_office_code(police["department"], unit)
        found = connection.scalar(sa.select(office.c.id).where(office.c.code == code))
        if found is not None:
            connection.execute(sa.update(office).where(sa.or_(office.c.id == found, office.c.parent_id == found))
                               .values(police_district_code=unit["code"]))


def downgrade() -> None:
    op.drop_table('office_due_count')
    op.drop_table('office_case_count')
    with op.batch_alter_table('office') as batch_op:
        batch_op.drop_column('police_district_code')
