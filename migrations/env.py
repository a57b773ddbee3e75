"""Alembic environment: every domain's models are imported so autogenerate sees all tables."""
from alembic import context
from sqlalchemy import create_engine, pool

import accounts.models  # noqa: F401
import administration.models  # noqa: F401
import attachments.models  # noqa: F401
import breach_risk.models  # noqa: F401
import call_quality.models  # noqa: F401
import case_api.models  # noqa: F401
import case_counts.models  # noqa: F401
import directory.models  # noqa: F401
import engine.models  # noqa: F401
import escalation_rules.models  # noqa: F401
import intake.models  # noqa: F401
import jobs.models  # noqa: F401
import mass_grievances.models  # noqa: F401
import notifications.models  # noqa: F401
import testimonials.models  # noqa: F401
import text_models.models  # noqa: F401
import worklists.models  # noqa: F401
from core.db import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Migrations stay free of app imports: our UTC column type is plain DateTime(timezone=True) in SQL."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          compare_type=True, render_item=render_item)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
