"""/healthz tells a dead or stuck worker apart from a live one: the sweep's last run and the outbox's oldest due
message, from heartbeats in the database (so any web process can tell, embedded or distributed)."""
from __future__ import annotations

from datetime import timedelta

from jobs.embedded import EmbeddedWorker
from jobs.periodic import dispatch_outbox, sweep_timers, with_heartbeat


def health(app):
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_health_follows_the_sweep(app, frozen_clock):
    status, report = health(app)
    assert (status, report["status"]) == (200, "starting")  # no sweep yet: cannot tell
    sweep_timers(app)
    dispatch_outbox(app)
    status, report = health(app)
    assert (status, report["status"]) == (200, "ok")
    assert report["worker"]["sweep"]["seconds_since_ok"] == 0 and report["open_incidents"] == 0

    frozen_clock.advance(timedelta(minutes=4))  # three sweep intervals (at least three minutes) without a sweep
    status, report = health(app)
    assert status == 503 and report["status"] == "failing"
    assert "timer sweep has not completed" in report["problems"][0]
    sweep_timers(app)
    assert health(app)[0] == 200


def test_health_reports_an_outbox_that_nobody_dispatches(app, api, frozen_clock):
    sweep_timers(app)
    api.post("/auth/login", json={"username": "nodal.food.pur", "password": "Demo@12345"})  # queues an OTP SMS
    frozen_clock.advance(timedelta(minutes=11))
    sweep_timers(app)  # timers are swept, but the outbox is stuck
    status, report = health(app)
    assert status == 503 and report["problems"] == ["messages have waited in the outbox for more than 10 minutes"]
    assert report["outbox"]["oldest_due_seconds"] == 660
    dispatch_outbox(app)
    assert health(app)[0] == 200


def test_the_embedded_worker_survives_a_job_that_raises_system_exit(app, frozen_clock):
    def dying_job(_app):
        raise SystemExit("a model's script asked to exit")

    EmbeddedWorker._run(dying_job, app)  # returns: the worker's loop goes on
    sweep_timers(app)
    frozen_clock.advance(timedelta(minutes=5))

    def failing_sweep(flask_app):
        return with_heartbeat(flask_app, "sweep", lambda: dying_job(flask_app))

    EmbeddedWorker._run(failing_sweep, app)
    status, report = health(app)
    assert status == 503 and report["worker"]["sweep"]["failing"] is True
