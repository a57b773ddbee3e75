"""Reading and changing the SLA policy: validated documents stored as numbered versions."""
from __future__ import annotations

from pathlib import Path

import yaml
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import cache, clock
from core.errors import AppError
from escalation_rules.calendar import load_holiday_file
from escalation_rules.models import SlaPolicyVersion
from escalation_rules.rules import Policy
from escalation_rules.schemas import PolicySchema

_policies = cache.ImmutableRows("sla_policy")  # by version id: a stored version never changes


def validate_policy(body: dict) -> dict:
    """The policy in canonical JSON form, or a 422 naming what is wrong."""
    schema = PolicySchema()
    try:
        return schema.dump(schema.load(body))
    except ValidationError as exc:
        raise AppError(422, "invalid_policy", f"The SLA policy is not valid: {exc.messages}", exc.messages) from None


def read_policy_file(path: Path) -> dict:
    """The seed policy, with the holiday file it names merged into its calendar."""
    body = yaml.safe_load(path.read_text(encoding="utf-8"))
    calendar = body.setdefault("calendar", {})
    if name := calendar.pop("holiday_file", None):
        extra, working = load_holiday_file(path.parent / name)
        calendar.setdefault("extra_holidays", []).extend({"date": d.isoformat()} for d in sorted(extra))
        calendar.setdefault("working_days", []).extend({"date": d.isoformat()} for d in sorted(working))
    return body


_LATEST = "latest_sla_policy"


def current_version(session: Session) -> SlaPolicyVersion:
    row = session.scalar(select(SlaPolicyVersion).order_by(SlaPolicyVersion.version.desc()).limit(1))
    if row is None:
        raise AppError(503, "no_sla_policy", "No SLA policy has been loaded; run `flask seed`.")
    return row


def active_policy(session: Session) -> Policy:
    """The current policy, parsed: which version is current is asked once per unit of work (a small query), the
    version itself is read and parsed once per process."""
    def latest() -> tuple[int, int] | None:
        return session.execute(select(SlaPolicyVersion.id, SlaPolicyVersion.version)
                               .order_by(SlaPolicyVersion.version.desc()).limit(1)).first()
    found = cache.unit_memo(session, _LATEST, latest)
    if found is None:
        raise AppError(503, "no_sla_policy", "No SLA policy has been loaded; run `flask seed`.")
    row_id, version = found
    return _policies.get(session, row_id, lambda: Policy(version, session.get(SlaPolicyVersion, row_id).body))


def save_policy(session: Session, *, body: dict, actor: str, note: str | None = None) -> SlaPolicyVersion:
    """Store `body` as the next version (unchanged content keeps the current one)."""
    canonical = validate_policy(body)
    latest = session.scalar(select(SlaPolicyVersion).order_by(SlaPolicyVersion.version.desc()).limit(1))
    if latest is not None and latest.body == canonical:
        return latest
    number = (session.scalar(select(func.max(SlaPolicyVersion.version))) or 0) + 1
    row = SlaPolicyVersion(version=number, body=canonical, created_by=actor, created_at=clock.now(), note=note)
    session.add(row)
    session.flush()
    cache.forget(session, _LATEST)
    return row


def list_versions(session: Session) -> list[SlaPolicyVersion]:
    return list(session.scalars(select(SlaPolicyVersion).order_by(SlaPolicyVersion.version.desc())))
