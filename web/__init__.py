"""Server-rendered pages (Jinja, htmx where it helps) for citizens, operators, officers, heads of department,
process owners and auditors, in English and Bengali. Pages call the same services as the API."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, request, session
from flask_babel import Babel, get_locale
from flask_wtf.csrf import CSRFProtect, generate_csrf

LANGUAGES = ("en", "bn")
IST = ZoneInfo("Asia/Kolkata")
# Page responses only: scripts and styles from our own origin (bpmn-js injects inline styles).
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")


def _locale() -> str:
    if request.args.get("lang") in LANGUAGES:
        session["lang"] = request.args["lang"]
    return session.get("lang") or request.accept_languages.best_match(LANGUAGES) or "en"


def datetime_ist(value: datetime) -> str:
    """A time as people in West Bengal read it."""
    return value.astimezone(IST).strftime("%d %b %Y, %H:%M")


def _secure_pages(response):
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_web(app: Flask) -> None:
    """Babel, CSRF protection for page forms (the bearer-token API needs none), and the page blueprints."""
    from web import (
        acknowledgement,
        admin_pages,
        audit_pages,
        auth_pages,
        case_pages,
        citizen_pages,
        dashboard_pages,
        incident_pages,
        map_pages,
        mass_pages,
        mis_pages,
        officer_pages,
        operator_pages,
        performance_pages,
        process_pages,
        process_version_pages,
        security_key_pages,
        theme_pages,
        trend_pages,
    )
    from web.login import page_actor
    from web.words import local_name, task_name, word

    app.config.update(WTF_CSRF_CHECK_DEFAULT=False, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SECURE=app.extensions["settings"].public_url.startswith("https"),
                      BABEL_TRANSLATION_DIRECTORIES="web/translations")
    Babel(app, locale_selector=_locale)
    app.extensions["csrf"] = CSRFProtect(app)
    app.jinja_env.globals.update(csrf_token=generate_csrf, languages=LANGUAGES, page_actor=page_actor,
                                 get_locale=get_locale)
    app.jinja_env.filters["datetime_ist"] = datetime_ist
    app.jinja_env.filters["local_name"] = local_name
    app.jinja_env.globals["word"] = word
    app.jinja_env.globals["task_name"] = task_name
    app.after_request(_secure_pages)
    for module in (auth_pages, citizen_pages, officer_pages, dashboard_pages, process_pages, incident_pages,
                   audit_pages, case_pages, admin_pages, operator_pages, acknowledgement, mis_pages,
                   map_pages, trend_pages, process_version_pages, performance_pages,
                   theme_pages, security_key_pages, mass_pages):
        app.register_blueprint(module.bp)
    from web import quality_pages, testimonial_pages
    for module in (testimonial_pages, quality_pages):
        app.register_blueprint(module.bp)
