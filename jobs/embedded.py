"""The embedded default's worker: one daemon thread that runs the periodic jobs every interval."""
from __future__ import annotations

import logging
import threading

from flask import Flask

from jobs.periodic import dispatch_outbox, sweep_timers

logger = logging.getLogger(__name__)


class EmbeddedWorker:
    def __init__(self, app: Flask, interval: float):
        self.app = app
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="embedded-worker", daemon=True)

    def start(self) -> EmbeddedWorker:
        self._thread.start()
        logger.info("embedded worker started: timers and outbox every %ss", self.interval)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def run_once(self) -> None:
        for job in (sweep_timers, dispatch_outbox):
            try:
                job(self.app)
            except Exception:  # the loop must survive a bad run; the next tick retries
                logger.exception("embedded worker job %s failed", job.__name__)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)
