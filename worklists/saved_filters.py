"""Worklist filters an officer saves under a name and applies again; each officer sees only their own."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock
from core.errors import AppError
from worklists.models import SavedFilter

MAX_PER_USER = 50


def _present(row: SavedFilter) -> dict:
    return {"id": row.id, "name": row.name, "query": row.query, "created_at": row.created_at}


def list_filters(session: Session, *, actor) -> list[dict]:
    return [_present(row) for row in session.scalars(
        select(SavedFilter).where(SavedFilter.user_id == actor.user_id).order_by(SavedFilter.name))]


def save_filter(session: Session, *, actor, name: str, query: dict) -> dict:
    """Keep `query` (already validated worklist parameters, without a page cursor) under `name`."""
    name = " ".join(name.split())
    mine = list(session.scalars(select(SavedFilter).where(SavedFilter.user_id == actor.user_id)))
    if any(row.name.casefold() == name.casefold() for row in mine):
        raise AppError.conflict("saved_filter_exists", f"You already have a filter named {name!r}.")
    if len(mine) >= MAX_PER_USER:
        raise AppError.conflict("too_many_saved_filters", f"Keep at most {MAX_PER_USER} filters; delete one first.")
    row = SavedFilter(user_id=actor.user_id, name=name, query=query, created_at=clock.now())
    session.add(row)
    session.flush()
    return _present(row)


def get_filter(session: Session, *, actor, filter_id: int) -> dict:
    return _present(_own(session, actor, filter_id))


def delete_filter(session: Session, *, actor, filter_id: int) -> None:
    session.delete(_own(session, actor, filter_id))
    session.flush()


def _own(session: Session, actor, filter_id: int) -> SavedFilter:
    # Someone else's filter is as absent as a deleted one.
    row = session.get(SavedFilter, filter_id)
    if row is None or row.user_id != actor.user_id:
        raise AppError(404, "saved_filter_not_found", f"You have no saved filter {filter_id}.")
    return row
