"""Settings: the one reader of the environment; every variable, its default and meaning, listed here."""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"  # left unset, Open311 discovery names the address the client used


def _var_dir() -> Path:
    return Path(os.environ.get("GRIEVANCE_VAR_DIR", ROOT / "var"))


def _persistent_secret(path: Path) -> str:
    """Embedded default: a random key kept beside the SQLite file, so restarts keep sessions valid."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _redis_or_none(url: str | None) -> str | None:
    return url if url and url.startswith(("redis://", "rediss://")) else None


@dataclass(frozen=True)
class Settings:
    """Every setting of the system. `from_env` documents the environment variable behind each one."""

    database_url: str = ""
    celery_broker_url: str | None = None
    celery_queue: str = "grievance"
    sms_gateway_url: str | None = None
    sms_gateway_key: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    mail_from: str = "grievance-cell@wb.gov.in"
    synopsis_hour_ist: int = 18
    sweep_parallelism: int = 4
    secret_key: str = ""
    bpmn_dir: Path = ROOT / "bpmn"
    masterdata_file: Path = ROOT / "directory" / "data" / "west_bengal.yaml"
    sla_rules_file: Path = ROOT / "escalation_rules" / "data" / "sla.yaml"
    timer_sweep_seconds: int = 60
    timer_batch_size: int = 200
    otp_ttl_seconds: int = 600
    otp_max_attempts: int = 5
    session_ttl_hours: int = 12
    max_request_bytes: int = 1_000_000
    run_embedded_worker: bool = False
    attachments_dir: Path = ROOT / "var" / "attachments"
    attachment_max_bytes: int = 5_000_000
    sms_webhook_secret: str | None = None
    grievance_mail_address: str = "grievance@cmo.wb.gov.in"
    mail_listen_host: str = "127.0.0.1"
    mail_listen_port: int | None = None
    public_url: str = DEFAULT_PUBLIC_URL
    log_format: str = "plain"
    testing: bool = False
    script_cpu_ms: int = 200
    script_memory_mb: int = 64
    rate_limit_storage_url: str = "memory://"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the environment. No variables set means the embedded default (SQLite, in-process worker).

        DATABASE_URL          SQLAlchemy URL; default sqlite file var/grievance.db
        CELERY_BROKER_URL     redis://... switches background work to Celery; default none (in-process worker)
        CELERY_QUEUE          queue the workers consume; default grievance
        SWEEP_PARALLELISM     how many workers may share a timer backlog at once; default 4
        SMS_GATEWAY_URL       HTTP endpoint of the SMS operator; default none (SMS printed to the console)
        SMS_GATEWAY_KEY       API key sent to the SMS operator as a bearer token
        SMTP_HOST, SMTP_PORT  mail relay for officers' e-mail; default none (e-mail printed to the console)
        MAIL_FROM             sender address of e-mail; default grievance-cell@wb.gov.in
        SYNOPSIS_HOUR_IST     hour (India time) after which the daily synopsis SMS goes to heads of department
        SECRET_KEY            signing key; default a random key stored in var/secret_key
        GRIEVANCE_VAR_DIR     folder for the SQLite file and local state; default ./var
        TIMER_SWEEP_SECONDS   how often the worker fires due timers; default 60
        OTP_TTL_SECONDS       lifetime of a one-time password; default 600 (ASVS 2.7.2)
        SESSION_TTL_HOURS     lifetime of a login token; default 12
        MAX_REQUEST_BYTES     largest accepted request body; default 1,000,000
        LOG_FORMAT            plain | json; default plain
        ATTACHMENTS_DIR       where uploaded files are kept (outside the database); default var/attachments
        ATTACHMENT_MAX_BYTES  largest accepted attachment; default 5,000,000
        SMS_WEBHOOK_SECRET    shared secret the SMS gateway signs inbound SMS with; default none (webhook off)
        GRIEVANCE_MAIL_ADDRESS  address citizens mail grievances to; default grievance@cmo.wb.gov.in
        MAIL_LISTEN_HOST, MAIL_LISTEN_PORT  where the SMTP listener for that address runs; default off
        PUBLIC_URL            the portal's address, used in replies and Open311 discovery
        SCRIPT_CPU_MS         CPU time each script, condition, timer or DMN expression of a diagram may use; 200
        SCRIPT_MEMORY_MB      memory each of them may allocate (estimated by the guarded operations); 64
        REDIS_URL             where the login throttles keep their counts; default CELERY_BROKER_URL when that is
                              redis://, else memory (one process: the embedded default)
        """
        env = os.environ if env is None else env
        var = Path(env.get("GRIEVANCE_VAR_DIR", _var_dir()))
        db_url = env.get("DATABASE_URL") or f"sqlite:///{var / 'grievance.db'}"
        broker = env.get("CELERY_BROKER_URL") or None
        settings = cls(
            database_url=db_url,
            celery_broker_url=broker,
            celery_queue=env.get("CELERY_QUEUE", "grievance"),
            sweep_parallelism=int(env.get("SWEEP_PARALLELISM", 4)),
            sms_gateway_url=env.get("SMS_GATEWAY_URL") or None,
            sms_gateway_key=env.get("SMS_GATEWAY_KEY") or None,
            smtp_host=env.get("SMTP_HOST") or None,
            smtp_port=int(env.get("SMTP_PORT", 25)),
            mail_from=env.get("MAIL_FROM", "grievance-cell@wb.gov.in"),
            synopsis_hour_ist=int(env.get("SYNOPSIS_HOUR_IST", 18)),
            secret_key=env.get("SECRET_KEY") or _persistent_secret(var / "secret_key"),
            timer_sweep_seconds=int(env.get("TIMER_SWEEP_SECONDS", 60)),
            otp_ttl_seconds=int(env.get("OTP_TTL_SECONDS", 600)),
            session_ttl_hours=int(env.get("SESSION_TTL_HOURS", 12)),
            max_request_bytes=int(env.get("MAX_REQUEST_BYTES", 1_000_000)),
            log_format=env.get("LOG_FORMAT", "plain"),
            attachments_dir=Path(env.get("ATTACHMENTS_DIR") or var / "attachments"),
            attachment_max_bytes=int(env.get("ATTACHMENT_MAX_BYTES", 5_000_000)),
            sms_webhook_secret=env.get("SMS_WEBHOOK_SECRET") or None,
            grievance_mail_address=env.get("GRIEVANCE_MAIL_ADDRESS", "grievance@cmo.wb.gov.in"),
            mail_listen_host=env.get("MAIL_LISTEN_HOST", "127.0.0.1"),
            mail_listen_port=int(env["MAIL_LISTEN_PORT"]) if env.get("MAIL_LISTEN_PORT") else None,
            public_url=env.get("PUBLIC_URL", DEFAULT_PUBLIC_URL).rstrip("/"),
            script_cpu_ms=int(env.get("SCRIPT_CPU_MS", 200)),
            script_memory_mb=int(env.get("SCRIPT_MEMORY_MB", 64)),
            rate_limit_storage_url=env.get("REDIS_URL") or _redis_or_none(broker) or "memory://",
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Fail at start on combinations that cannot work."""
        if not self.secret_key:
            raise ValueError("SECRET_KEY is empty")
        if self.celery_broker_url and self.is_sqlite:
            raise ValueError("CELERY_BROKER_URL needs DATABASE_URL to point at PostgreSQL: "
                             "workers in other processes cannot share an embedded SQLite file safely")
        if self.script_cpu_ms <= 0 or self.script_memory_mb <= 0:
            raise ValueError("SCRIPT_CPU_MS and SCRIPT_MEMORY_MB must be positive")
        if self.log_format not in {"plain", "json"}:
            raise ValueError(f"LOG_FORMAT must be plain or json, not {self.log_format!r}")

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

