"""Database engine, sessions and the unit of work; the only home of dialect-specific SQL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from functools import cache

from flask import current_app, has_app_context
from sqlalchemy import (
    DateTime,
    LargeBinary,
    MetaData,
    Select,
    String,
    Table,
    bindparam,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session, relationship, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every dialect (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class HexDigest(TypeDecorator):
    """A SHA-256 digest: 32 bytes in the database, its 64-character hex text in Python (the published form)."""

    impl = LargeBinary(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else bytes.fromhex(value)

    def process_result_value(self, value, dialect):
        return None if value is None else bytes(value).hex()


class UuidText(TypeDecorator):
    """A UUID given and read as its canonical text: 16 bytes on PostgreSQL (uuid), the text itself on SQLite."""

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(postgresql.UUID(as_uuid=False) if dialect.name == "postgresql" else String(40))


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL + FULL: every acknowledged grievance survives a power cut (research/performance-reliability 3.5).
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Writers take the lock at BEGIN so two of them queue on busy_timeout instead of failing when a
    # read transaction tries to upgrade; read-only units of work keep WAL's concurrent readers.
    readonly = conn.get_execution_options().get("readonly", False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def upsert_increments(session, table, rows: list[dict], *, keys: tuple[str, ...], measures: tuple[str, ...]) -> None:
    """Insert `rows`, or add their `measures` to the row already there with the same `keys` (`n = n + delta`,
    atomic under concurrent writers): one statement. Keys must be unique within `rows`."""
    upsert_increments_many(session, [(table, rows, keys, measures)])


def upsert_increments_many(session, changes: list[tuple]) -> None:
    """`upsert_increments` for several tables, each change (table, rows, keys, measures); a change without measures
    inserts rows not there yet and leaves the others. PostgreSQL gets them as one statement (the others as
    data-modifying WITH clauses of the last) taking the rows as one array per column (unnest), so the statement
    depends only on the tables and columns: it is built and compiled once per process; SQLite, which has neither,
    gets one executemany per table (also built once)."""
    if not changes:
        return
    dialect = session.get_bind().dialect.name if isinstance(session, Session) else session.dialect.name
    if dialect != "postgresql":
        for table, rows, keys, measures in changes:
            session.execute(_sqlite_upsert(table, tuple(keys), tuple(measures)), rows)
        return
    shape = tuple((table, tuple(rows[0]), tuple(keys), tuple(measures)) for table, rows, keys, measures in changes)
    arrays = {f"{table.name}_{name}": [row[name] for row in rows]
              for table, rows, _keys, _measures in changes for name in rows[0]}
    session.execute(_postgresql_upsert(shape), arrays)


@cache
def _sqlite_upsert(table, keys: tuple[str, ...], measures: tuple[str, ...]):
    return _on_conflict(sqlite.insert(table), table, keys, measures)


@cache
def _postgresql_upsert(shape: tuple):
    """One statement upserting into every table of `shape` ((table, columns, keys, measures), ...)."""
    *before, last = [_on_conflict(postgresql.insert(table).from_select(list(columns), _unnested(table, columns)),
                                  table, keys, measures) for table, columns, keys, measures in shape]
    return last.add_cte(*(stmt.cte(f"upsert_{i}") for i, stmt in enumerate(before))) if before else last


def _on_conflict(stmt, table, keys: tuple[str, ...], measures: tuple[str, ...]):
    """`stmt` (an INSERT) adding `measures` to the row already there with the same `keys` (none: leaving it)."""
    if not measures:
        return stmt.on_conflict_do_nothing(index_elements=list(keys))
    return stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={m: table.c[m] + stmt.excluded[m] for m in measures})


def _unnested(table, columns: tuple[str, ...]):
    """SELECT unnest(:<table>_a), unnest(:<table>_b), ...: the rows given as one array per column, zipped back."""
    return select(*(func.unnest(bindparam(f"{table.name}_{name}", type_=postgresql.ARRAY(table.c[name].type)))
                    .label(name) for name in columns))


class Database:
    """One engine and session factory per application. Statement parameters (mobile numbers, grievance text)
    are kept out of error messages and logs."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite"):
            self.engine: Engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15},
                                                hide_parameters=True)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # pysqlite's own transaction handling is switched off so BEGIN IMMEDIATE is ours to issue.
            event.listen(self.engine, "connect", lambda c, r: setattr(c, "isolation_level", None))
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.engine.execution_options(readonly=True), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, readonly: bool = False) -> Iterator[Session]:
        """A unit of work: commit on success, roll back on any exception."""
        session = (self.read_sessions if readonly else self.sessions)()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for a read outside any unit of work (who is calling), without a Session: autocommit on
        PostgreSQL (the read is its own transaction, no COMMIT to wait for), a deferred read transaction on SQLite
        (ended when the connection goes back to the pool)."""
        with self.engine.connect() as conn:
            options = {"isolation_level": "AUTOCOMMIT"} if self.dialect == "postgresql" else {}
            yield conn.execution_options(readonly=True, **options)

    def dispose(self) -> None:
        self.engine.dispose()


def get_db() -> Database:
    return current_app.extensions["db"]


@contextmanager
def transaction(readonly: bool = False) -> Iterator[Session]:
    """The current application's unit of work (request, CLI command or worker job)."""
    if not has_app_context():
        raise RuntimeError("transaction() needs an application context")
    with get_db().transaction(readonly) as session:
        yield session


@contextmanager
def read() -> Iterator[Connection]:
    """The current application's connection for a read outside any unit of work (`Database.read`)."""
    if not has_app_context():
        raise RuntimeError("read() needs an application context")
    with get_db().read() as conn:
        yield conn


def written_after(target: str):
    """A many-to-one link to `target` declared only so that one flush writes a new `target` row before the rows
    that refer to it (SQLAlchemy orders a flush's INSERTs by relationships, not by foreign keys). The foreign-key
    column is set directly; the link itself is never loaded."""
    return relationship(target, lazy="raise")


def lock_for_update(stmt: Select, session: Session, *, skip_locked: bool = False) -> Select:
    """Row locks where the dialect has them. SQLite has one writer at a time (BEGIN IMMEDIATE) instead."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(skip_locked=skip_locked)
    return stmt


def insert_unless_exists(session: Session, table: Table, values: dict | list[dict], *, key: str) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING in one statement (PostgreSQL and SQLite alike): no read before the
    write and no savepoint. Returns whether the row was inserted (False: a row with that `key` was there). Given a
    list, the statement runs for each row (one executemany) and the result says whether any was inserted."""
    return session.execute(_insert_or_ignore(session.get_bind().dialect.name, table, key), values).rowcount >= 1


@cache
def _insert_or_ignore(dialect: str, table: Table, key: str):
    """The statement of `insert_unless_exists`, built once per table (the values come as parameters)."""
    return _on_conflict((postgresql if dialect == "postgresql" else sqlite).insert(table), table, (key,), ())
