"""Deploy's check on real cases: an edit that fails in replay on the recent cases is refused unless the process
owner gives a reason, which the version's note then records."""
from __future__ import annotations

from sqlalchemy.orm import Session

import engine
from core.errors import AppError
from processes import replay
from processes.replay import CaseChoice


class ReplayRefused(AppError):
    """A refused deployment: replay on recent cases found errors and no reason was given. 422 whose body carries
    the report (`replay`) and the failing elements as problems, for the editor to mark."""

    def __init__(self, report: dict, problems: list[engine.Problem]):
        first = report["errors"][0]
        super().__init__(422, "replay_errors",
                         f"Replayed on {report['cases_replayed']} recent cases, the edit fails on "
                         f"{report['outcomes']['error']}: {first['element_id']}: {first['message']}. Fix the model, "
                         "or give a reason (override_reason) to deploy it anyway.",
                         {"override_reason": ["required to deploy a model that fails on recent cases"]},
                         extra={"replay": report})
        self.report, self.problems = report, problems


def _file_of(element_id: str | None, files: dict[str, str]) -> str:
    return next((name for name, text in sorted(files.items()) if element_id and f'id="{element_id}"' in text), "")


def replay_gate(session: Session, process_id: str, complete: dict[str, str], override_reason: str | None) -> dict:
    """Replay the edit on the recent cases; refuse when it errors on any of them, unless a reason is given."""
    report = replay.replay_files(session, process_id=process_id, files=complete, choice=CaseChoice())
    if report["outcomes"]["error"] and not (override_reason or "").strip():
        problems = [engine.Problem(_file_of(e["element_id"], complete),
                                   f"fails on {e['cases']} recent case(s) in replay: {e['message']}",
                                   e["element_id"] or "") for e in report["errors"]]
        raise ReplayRefused(report, problems)
    return report


def note_with_reason(note: str | None, reason: str, report: dict) -> str:
    """The deploy note records why a model that fails on recent cases went live anyway."""
    why = (f"Deployed despite replay errors on {report['outcomes']['error']} of {report['cases_replayed']} "
           f"recent cases. Reason: {reason.strip()}")
    room = 500 - len(why) - 3
    return f"{note[:room]} | {why}" if note and room > 0 else why[:500]
