"""Fixtures of the engine's tests."""
from __future__ import annotations

import pytest

import engine
from engine.events import TimerFired


@pytest.fixture
def fired(app):
    """Every TimerFired the engine publishes."""
    seen: list = []
    subscriber = lambda session, events: seen.extend(e for e in events if isinstance(e, TimerFired))  # noqa: E731
    engine.subscribe(subscriber)
    yield seen
    engine.runtime._subscribers.remove(subscriber)
