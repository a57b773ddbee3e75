"""Fixtures: a migrated, seeded database made once and cloned per test (SQLite or PostgreSQL, see
tests/fixtures/databases.py); a frozen, movable clock; an API client that logs in like a person."""
from __future__ import annotations

import os
import re
from datetime import UTC, datetime

import pytest

from app import create_app
from bootstrap.seed import seed_base, seed_demo_users
from core import clock
from core.config import Settings
from core.db import transaction
from migrations import upgrade
from tests.fixtures.databases import backend, databases
from tests.support.api import Api

# Monday 2 November 2026, 10:00 in Kolkata.
START = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)


def _settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key="test-secret", testing=True)


@pytest.fixture(scope="session")
def database_server(tmp_path_factory):
    server = databases(tmp_path_factory.mktemp("databases"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def template_db(database_server):
    """Schema by Alembic (so migrations are tested), master data, the deployed process, demo users.
    GRIEVANCE_TEST_TEMPLATE names a ready SQLite template to clone instead (bench/mutation.py builds one
    from the unmutated code once, rather than once per mutant)."""
    if (ready := os.environ.get("GRIEVANCE_TEST_TEMPLATE")) and backend() == "sqlite":
        return f"sqlite:///{ready}"
    url = database_server.new_empty()
    upgrade(url)
    app = create_app(_settings(url))
    with clock.frozen(START), app.app_context(), transaction() as session:
        seed_base(session, settings=app.extensions["settings"])
        seed_demo_users(session)
    app.extensions["db"].dispose()
    return url


@pytest.fixture
def frozen_clock():
    with clock.frozen(START) as moving:
        yield moving


@pytest.fixture
def settings_overrides() -> dict:
    """Override in a test module to change settings for its app (e.g. a webhook secret)."""
    return {}


@pytest.fixture
def app(database_server, template_db, request, frozen_clock, tmp_path, settings_overrides):
    url = database_server.clone(template_db, re.sub(r"\W+", "_", request.node.name)[:40] + f"_{id(request)}")
    application = create_app(_settings(url).with_(attachments_dir=tmp_path / "attachments", **settings_overrides))
    yield application
    application.extensions["db"].dispose()
    database_server.drop(url)


@pytest.fixture
def api(app) -> Api:
    return Api(app)


@pytest.fixture
def db(app):
    return app.extensions["db"]
