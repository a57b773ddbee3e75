"""The one application clock. Engine timers, SLA rules and timestamps read it; tests move it."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to: tests and `flask timers run --as-of` use it."""

    def __init__(self, at: datetime):
        self._lock = threading.Lock()
        self._at = _aware(at)

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        with self._lock:
            self._at = _aware(at)

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        with self._lock:
            self._at += delta if delta is not None else timedelta(**kwargs)
            return self._at


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("the clock needs a timezone-aware datetime")
    return at.astimezone(UTC)


_current: SystemClock | FrozenClock = SystemClock()
_local: ContextVar[FrozenClock | None] = ContextVar("local_clock", default=None)


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    local = _local.get()
    return (local or _current).now()


def use(clock: SystemClock | FrozenClock) -> SystemClock | FrozenClock:
    """Install a clock for the whole process; returns the previous one."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def frozen(at: datetime) -> Iterator[FrozenClock]:
    clock = FrozenClock(at)
    previous = use(clock)
    try:
        yield clock
    finally:
        use(previous)


@contextmanager
def pinned(at: datetime) -> Iterator[FrozenClock]:
    """A clock for the current thread (context) only: a replay moves it through a case's recorded times while
    every other request keeps the real time."""
    clock = FrozenClock(at)
    token = _local.set(clock)
    try:
        yield clock
    finally:
        _local.reset(token)


def parse_iso(value: str) -> datetime:
    """Parse an ISO-8601 time; a time without an offset is taken as UTC."""
    at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return at if at.tzinfo else at.replace(tzinfo=UTC)
