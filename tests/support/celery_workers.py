"""Real Celery worker processes (solo pool, one process each) against the test database and a real Redis."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def redis_url() -> str:
    if url := os.environ.get("REDIS_URL"):
        return url
    env_file = ROOT / "var" / "services.env"
    for line in env_file.read_text().splitlines() if env_file.exists() else []:
        if line.startswith("REDIS_URL="):
            return line.split("=", 1)[1]
    return "redis://127.0.0.1:6379"


class Workers:
    """Start, kill and stop worker processes that consume a queue of their own."""

    def __init__(self, database_url: str, log_dir: Path):
        self.queue = f"test-{uuid.uuid4().hex[:10]}"
        self.broker = redis_url().rstrip("/") + "/15"
        self.env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": self.broker,
                    "CELERY_QUEUE": self.queue, "SECRET_KEY": "test-secret", "PYTHONPATH": str(ROOT)}
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1) -> None:
        for _ in range(count):
            n = len(self.processes)
            log = open(self.log_dir / f"worker{n}.log", "w")  # noqa: SIM115 - kept open for the process's life
            self.processes.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "jobs.worker", "worker", "--pool", "solo", "-Q", self.queue,
                 "-n", f"w{n}-{self.queue}@localhost", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "-l", "info"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))

    def send(self, celery, task: str, **kwargs) -> None:
        celery.send_task(task, kwargs=kwargs, queue=self.queue)

    def kill(self, index: int) -> None:
        """SIGKILL: no clean-up, no acknowledgement, connections dropped mid-transaction."""
        os.killpg(self.processes[index].pid, signal.SIGKILL)
        self.processes[index].wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def logs(self) -> str:
        return "\n".join(p.read_text()[-3000:] for p in sorted(self.log_dir.glob("worker*.log")))


def wait_until(predicate, timeout: float, what: str) -> None:
    """Poll a condition that other processes make true; fail with `what` if it does not happen in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
