"""The map page: districts coloured by a measure, and where located grievances come from."""
from __future__ import annotations

from flask import render_template
from flask_babel import get_locale

from core import clock
from core.db import transaction
from gis import queries, rules
from gis.schemas import MapArgs
from web.dashboard_pages import WATCHERS, query_args
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("map_pages", __name__)


def _figure(measure: str, value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if measure in ("compliance", "receipts_per_100k") else str(value)


def _for_the_script(page: dict) -> list[dict]:
    """What map.js draws for each district: its name in the page's language, figure, colour class, places."""
    bengali = str(get_locale()) == "bn"
    return [{"code": d["code"], "label": d["name_bn"] if bengali else d["name"], "class": d["class"],
             "figure": _figure(page["measure"], d["value"]), "tile": d["tile"], "centre": d["centre"]}
            for d in page["districts"]]


@bp.get("/map")
@login_required(*WATCHERS)
def district_map():
    args = query_args(MapArgs())
    with transaction(readonly=True) as db:
        page = queries.map_page(db, actor=page_actor(), now=clock.now(), **args)
    return render_template("gis/map.html", rules=rules, map_districts=_for_the_script(page), **page)
