"""The embedded default's worker: one daemon thread that dispatches the outbox every few seconds (OTPs must
arrive while the person waits) and sweeps timers every `sweep_interval` seconds; learning from the cases (training
the text and breach-risk models, which can take minutes, and rescoring open cases) runs on a thread of its own,
once an hour."""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from jobs.periodic import (
    compact_finished_instances,
    daily_synopsis,
    dispatch_outbox,
    follow_mass_parents,
    learn,
    purge_unused_uploads,
    sweep_timers,
)

logger = logging.getLogger(__name__)

OUTBOX_INTERVAL = 3.0
TRAINING_INTERVAL = 3600.0


class EmbeddedWorker:
    def __init__(self, app: Flask, sweep_interval: float, outbox_interval: float = OUTBOX_INTERVAL):
        self.app = app
        self.sweep_interval = sweep_interval
        self.outbox_interval = min(outbox_interval, sweep_interval)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="embedded-worker", daemon=True)
        self._training: threading.Thread | None = None

    def start(self) -> EmbeddedWorker:
        self._thread.start()
        logger.info("embedded worker started: outbox every %ss, timers every %ss",
                    self.outbox_interval, self.sweep_interval)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    @staticmethod
    def _run(job, app: Flask) -> None:
        try:
            job(app)
        except BaseException:  # noqa: BLE001 - the loop survives anything (SystemExit included); next tick retries
            logger.exception("embedded worker job %s failed", job.__name__)

    def _train_aside(self) -> None:
        if self._training is None or not self._training.is_alive():
            self._training = threading.Thread(target=self._run, args=(learn, self.app),
                                              name="embedded-training", daemon=True)
            self._training.start()

    def _loop(self) -> None:
        next_sweep, next_training = 0.0, time.monotonic() + 60
        while not self._stop.is_set():
            if time.monotonic() >= next_training:
                self._train_aside()
                next_training = time.monotonic() + TRAINING_INTERVAL
            if time.monotonic() >= next_sweep:
                self._run(sweep_timers, self.app)
                self._run(follow_mass_parents, self.app)
                self._run(daily_synopsis, self.app)
                self._run(purge_unused_uploads, self.app)
                self._run(compact_finished_instances, self.app)
                next_sweep = time.monotonic() + self.sweep_interval
            self._run(dispatch_outbox, self.app)
            self._stop.wait(self.outbox_interval)
