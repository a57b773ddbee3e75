"""Logging set-up: plain lines locally, JSON lines in deployments. Never personal data (STYLE 2.9)."""
from __future__ import annotations

import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"at": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(fmt: str = "plain") -> None:
    root = logging.getLogger()
    if getattr(root, "_grievance_configured", None) == fmt:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    # SpiffWorkflow logs every task state change at INFO; our history is case_event, not its log.
    logging.getLogger("spiff").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    root._grievance_configured = fmt
