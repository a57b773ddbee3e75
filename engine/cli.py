"""`flask timers run` and `flask process deploy`: the engine's command-line entries."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from core import clock
from core.db import get_db, transaction
from engine.definitions import deploy, read_model_folder
from engine.lint import errors_of
from engine.sweep import fire_due_timers
from engine.versions import validate_files

timers_cli = AppGroup("timers", help="Process timers (SLA deadlines, reminders, escalations).")
process_cli = AppGroup("process", help="Process models.")


def _parse_as_of(_ctx, _param, value: str | None):
    if value is None:
        return None
    try:
        at = clock.parse_iso(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO-8601 time, e.g. 2026-11-30T10:00:00+05:30") from None
    return at


@timers_cli.command("run")
@click.option("--as-of", callback=_parse_as_of, help="fire every timer due by this ISO-8601 time (default: now)")
def run_timers(as_of) -> None:
    """Fire every timer due by now (or by --as-of) once, then exit."""
    settings = current_app.extensions["settings"]
    if as_of is None:
        result = fire_due_timers(get_db(), batch=settings.timer_batch_size)
    else:
        with clock.frozen(as_of):
            result = fire_due_timers(get_db(), batch=settings.timer_batch_size)
    click.echo(f"{result.timers_fired} timers fired on {result.instances} instances; {result.failures} failures; "
               f"{result.incidents} new incidents (see /incidents)")
    if result.failures:
        raise SystemExit(1)


@process_cli.command("deploy")
@click.argument("process_id")
@click.option("--folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="model folder (default: bpmn/<process_id>)")
@click.option("--by", default="cli", help="who deploys (recorded with the version)")
def deploy_process(process_id: str, folder: Path | None, by: str) -> None:
    """Validate and deploy a process model folder as a new version (unchanged content keeps its version).
    Lint warnings are printed and do not block; any error is printed and nothing is deployed (exit 1)."""
    folder = folder or current_app.extensions["settings"].bpmn_dir / process_id
    files = read_model_folder(folder)
    problems = validate_files(process_id, files)
    for problem in problems:
        where = " ".join(filter(None, [problem.file, problem.element_id and f"#{problem.element_id}",
                                       problem.line and f"line {problem.line}"]))
        click.echo(f"{problem.severity}: {where}: {problem.message}", err=True)
    if errors_of(problems):
        raise click.ClickException(f"{process_id} not deployed: {len(errors_of(problems))} error(s)")
    with transaction() as session:
        model = deploy(session, process_id=process_id, files=files, actor=by)
        click.echo(f"{process_id} version {model.version} ({model.sha256[:12]})")
