"""A real SMTP server process (aiosmtpd) on loopback delivering into a Maildir the test reads."""
from __future__ import annotations

import mailbox
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    def __init__(self, folder: Path):
        self.maildir = folder / "maildir"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> SmtpServer:
        mailbox.Maildir(self.maildir, create=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
             "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("SMTP server did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def messages(self) -> list:
        box = mailbox.Maildir(self.maildir, factory=lambda f: __import__("email").message_from_binary_file(
            f, policy=policy.default), create=False)
        return list(box)
