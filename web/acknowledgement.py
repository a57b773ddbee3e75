"""The printable acknowledgement of a grievance: a PDF (weasyprint, which shapes Bengali through pango) with the
registration number, a QR code (segno) linking to its tracking page, and the date action is due. Given to whoever
may see the case, with personal data masked as for them."""
from __future__ import annotations

from urllib.parse import urlencode

import segno
from flask import current_app, make_response, render_template
from flask_babel import get_locale
from sqlalchemy import select

from accounts.models import Role
from case_api import queries
from core import clock
from core.db import transaction
from directory.models import Area, Category
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("acknowledgement", __name__)


def tracking_url(reg_no: str) -> str:
    return f"{current_app.extensions['settings'].public_url}/track?{urlencode({'reg_no': reg_no})}"


def render_pdf(case: dict, *, category: Category | None, district: Area | None) -> bytes:
    import weasyprint  # loads pango; only when a PDF is asked for

    qr = segno.make(tracking_url(case["reg_no"]), error="m").png_data_uri(scale=6, border=2)
    html = render_template("acknowledgement/acknowledgement.html", case=case, category=category, district=district,
                           qr=qr, tracking=tracking_url(case["reg_no"]), printed_at=clock.now(),
                           bengali=str(get_locale()) == "bn")
    return weasyprint.HTML(string=html).write_pdf()


@bp.get("/grievances/<regno:reg_no>/acknowledgement.pdf")
@login_required(*Role)
def acknowledgement(reg_no):
    actor = page_actor()
    with transaction(readonly=True) as db:
        grievance = queries.get_visible(db, actor, reg_no)
        case = queries.present(db, actor, grievance)
        category = db.scalar(select(Category).where(Category.code == grievance.category_code))
        district = db.scalar(select(Area).where(Area.code == grievance.district_code))
    response = make_response(render_pdf(case, category=category, district=district))
    response.headers["Content-Type"] = "application/pdf"
    name = reg_no.replace("/", "-")
    response.headers["Content-Disposition"] = f'inline; filename="acknowledgement-{name}.pdf"'
    return response
