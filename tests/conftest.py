"""Fixtures: a migrated, seeded SQLite database made once and copied per test; a frozen, movable clock."""
from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from app import create_app
from bootstrap.seed import seed_base, seed_demo_users
from core import clock
from core.config import Settings
from core.db import transaction
from migrations import upgrade
from tests.support.api import Api

# Monday 2 November 2026, 10:00 in Kolkata.
START = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def _settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key="test-secret", testing=True)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """Schema by Alembic (so migrations are tested), master data, the deployed process, demo users."""
    path = tmp_path_factory.mktemp("template") / "grievance.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    app = create_app(_settings(url))
    with clock.frozen(START), app.app_context(), transaction() as session:
        seed_base(session, settings=app.extensions["settings"])
        seed_demo_users(session)
    app.extensions["db"].dispose()
    return path


@pytest.fixture
def frozen_clock():
    with clock.frozen(START) as moving:
        yield moving


@pytest.fixture
def app(template_db, tmp_path, frozen_clock):
    path = tmp_path / "grievance.db"
    shutil.copy(template_db, path)
    application = create_app(_settings(f"sqlite:///{path}"))
    yield application
    application.extensions["db"].dispose()


@pytest.fixture
def api(app) -> Api:
    return Api(app)


@pytest.fixture
def db(app):
    return app.extensions["db"]
