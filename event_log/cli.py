"""`flask analytics event-log`: the event log of a period to a file (or standard output)."""
from __future__ import annotations

import sys
from datetime import date, timedelta

import click
from flask.cli import AppGroup

from core import clock
from core.db import transaction
from event_log import formats, service

analytics_cli = AppGroup("analytics", help="Analytical exports.")


@analytics_cli.command("event-log")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="first day (default: 30 days back)")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="last day (default: today)")
@click.option("--department", help="department code (default: all)")
@click.option("--format", "kind", type=click.Choice(sorted(formats.MEDIA_TYPES)), default="xes", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="file to write (default: stdout)")
def event_log(first, last, department, kind, output):
    """Every case lodged in the period as an event log (XES for pm4py, ProM, Disco; or CSV)."""
    last_day: date = last.date() if last else clock.now().date()
    first_day: date = first.date() if first else last_day - timedelta(days=30)
    with transaction(readonly=True) as session:
        department_id = service.check(session, first=first_day, last=last_day, department=department)
    name = service.file_name(kind, first_day, last_day, department)
    chunks = service.stream(kind, first=first_day, last=last_day, department_id=department_id, name=name)
    target = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115 (closed below when a file)
    try:
        for chunk in chunks:
            target.write(chunk)
    finally:
        if output:
            target.close()
    if output:
        click.echo(f"event log written to {output}", err=True)
