"""Application factory: wiring only. `flask --app app ...` and WSGI servers use `create_app`."""
from __future__ import annotations

from flask import Flask, jsonify
from flask_smorest import Api
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import BaseConverter

import engine
from accounts.throttle import init_throttle
from core.api_contract import ContractPlugin, add_code_enums, register_error_components
from core.config import Settings
from core.db import Database
from core.errors import register_error_handlers, render_errors_under, render_http_exception
from core.logging import configure_logging
from core.request_checks import register_request_checks
from core.security_headers import register_security_headers
from web import init_web

API_PREFIX = "/api/v1"


class RegNoConverter(BaseConverter):
    """Registration numbers keep their slashes in URLs: /grievances/CMO/2026/000123."""

    regex = r"[A-Za-z]{2,5}/\d{4}/\d{1,9}"


class ProblemApi(Api):
    """flask-smorest's own 4xx/422 responses rendered as problem+json like every other error."""

    def handle_http_exception(self, error):
        return render_http_exception(error)

    def _register_responses(self):
        register_error_components(self.spec, self.DEFAULT_RESPONSE_CONTENT_TYPE)


def _wire_engine() -> None:
    from accounts.models import Role
    from case_api.handlers import on_engine_events as case_handler
    from directory.queries import route_office
    from escalation_rules.helpers import make_helpers
    from worklists.handlers import on_engine_events as worklist_handler

    def find_office(department, district, subdivision=None):
        return route_office(engine.current_session(), department=department, district=district,
                            subdivision=subdivision)

    engine.register_helper("find_office", find_office)
    engine.register_lanes(role.value for role in Role)  # a user task's lane must name a role
    for name, fn in make_helpers(engine.current_session).items():
        engine.register_helper(name, fn)
    engine.subscribe(case_handler)      # grievance columns and history first,
    engine.subscribe(worklist_handler)  # then the work items that read them
    import case_counts
    case_counts.install()  # dashboard counts move with every grievance change, in the same transaction


def _register_api(app: Flask) -> Api:
    from accounts.views import blp as auth_blp
    from attachments.views import blp as attachments_blp
    from case_api.views import blp as grievance_blp
    from case_api.views import track_blp
    from directory.views import blp as codes_blp
    from escalation_rules.views import blp as sla_blp
    from incidents.views import blp as incidents_blp
    from intake.sms_views import blp as intake_sms_blp
    from intake.views import blp as intake_blp
    from processes.views import blp as processes_blp
    from worklists.views import blp as worklist_blp

    api = ProblemApi(app, spec_kwargs={"extra_plugins": [ContractPlugin(app)]})
    api.register_converter(RegNoConverter, lambda _converter: {
        "type": "string", "pattern": "^" + RegNoConverter.regex + "$", "example": "CMO/2026/000123"})
    for blp in (auth_blp, attachments_blp, intake_blp, intake_sms_blp, grievance_blp, track_blp, worklist_blp, sla_blp):
        api.register_blueprint(blp, url_prefix=API_PREFIX + (blp.url_prefix or ""))
    from call_quality.views import blp as quality_blp
    from testimonials.views import blp as testimonials_blp
    for blp in (testimonials_blp, quality_blp):
        api.register_blueprint(blp, url_prefix=API_PREFIX + blp.url_prefix)
    api.register_blueprint(processes_blp, url_prefix=API_PREFIX + processes_blp.url_prefix)
    api.register_blueprint(incidents_blp, url_prefix=API_PREFIX + incidents_blp.url_prefix)
    api.register_blueprint(codes_blp, url_prefix=API_PREFIX)
    from event_log.views import blp as event_log_blp
    from text_models.views import blp as suggestions_blp
    for blp in (event_log_blp, suggestions_blp):
        api.register_blueprint(blp, url_prefix=API_PREFIX + blp.url_prefix)
    add_code_enums(api.spec, app.extensions["settings"].masterdata_file)
    return api


def _register_cli(app: Flask) -> None:
    import breach_risk.cli  # noqa: F401 - adds `flask models breach-risk`
    from accounts.cli import cli as accounts_cli
    from bootstrap.cli import seed
    from engine.cli import process_cli, timers_cli
    from event_log.cli import analytics_cli
    from intake.cli import intake_cli
    from jobs.cli import serve
    from migrations.cli import db_cli
    from notifications.cli import outbox_cli
    from text_models.cli import models_cli

    for command in (accounts_cli, seed, process_cli, timers_cli, serve, db_cli, outbox_cli, intake_cli, analytics_cli,
                    models_cli):
        app.cli.add_command(command)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.validate()
    configure_logging(settings.log_format)
    app = Flask(__name__, static_folder="web/static", template_folder="web/templates")
    app.config.update(
        SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=settings.max_request_bytes, TESTING=settings.testing,
        API_TITLE="CM's Office grievance redressal API", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX, OPENAPI_JSON_PATH="openapi.json", JSON_SORT_KEYS=False)
    app.url_map.converters["regno"] = RegNoConverter
    app.extensions["settings"] = settings
    app.extensions["db"] = Database(settings.database_url)
    register_error_handlers(app)
    register_request_checks(app)
    register_security_headers(app, public_url=settings.public_url)

    @app.errorhandler(StaleDataError)
    def _stale(_error):
        return _conflict()

    @app.errorhandler(IntegrityError)
    def _integrity(_error):
        return _conflict()

    if settings.celery_broker_url:
        from core.celery_app import make_celery

        celery = make_celery(settings)
        celery.flask_app = app
        app.extensions["celery"] = celery
    _wire_engine()
    engine.set_script_budget(cpu_ms=settings.script_cpu_ms, memory_mb=settings.script_memory_mb)
    init_throttle(app, storage_url=settings.rate_limit_storage_url)
    _register_api(app)
    from open311.views import blp as open311_blp
    from open311.views import routing_error as open311_routing_error
    app.register_blueprint(open311_blp, url_prefix="/open311/v2")
    render_errors_under(app, "/open311/", open311_routing_error)
    init_web(app)
    _register_cli(app)

    @app.get("/healthz")
    def healthz():
        """Liveness of the whole system: 503 when the worker is dead or stuck (see jobs/health.py)."""
        from jobs.health import health_report

        with app.extensions["db"].transaction(readonly=True) as session:
            healthy, report = health_report(session, sweep_seconds=settings.timer_sweep_seconds)
        return jsonify(report), 200 if healthy else 503

    return app


def _conflict():
    from core.errors import problem

    return problem(409, "concurrent_update", "Conflict",
                   "Someone else changed this case at the same moment; reload it and try again.")


