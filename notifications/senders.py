"""Delivery of one message: the SMS operator's HTTP API, an SMTP relay, or the console (embedded default)."""
from __future__ import annotations

import hashlib
import smtplib
import sys
from email.message import EmailMessage
from typing import Protocol

import requests


class TemporaryFailure(Exception):
    """Try again later (network trouble, the operator busy)."""


class PermanentFailure(Exception):
    """Retrying cannot help (number refused, message rejected); recorded as failed."""


class Sender(Protocol):
    def __call__(self, message) -> str | None: ...


class HttpSmsGateway:
    """POSTs {to, text, reference} to the operator; the reference (our idempotency key) lets the operator drop
    a repeat after a crash between its acceptance and our record of it."""

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 10.0):
        self.url, self.timeout = url, timeout
        self.session = requests.Session()
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    def __call__(self, message) -> str | None:
        try:
            response = self.session.post(self.url, timeout=self.timeout, headers={
                "Idempotency-Key": message.idempotency_key},
                json={"to": message.recipient, "text": message.body, "reference": message.idempotency_key})
        except requests.RequestException as exc:
            raise TemporaryFailure(f"SMS gateway unreachable: {type(exc).__name__}") from exc
        if response.status_code == 409:
            return message.idempotency_key  # the operator already has this reference
        if response.status_code == 429 or response.status_code >= 500:
            raise TemporaryFailure(f"SMS gateway answered {response.status_code}")
        if response.status_code >= 400:
            raise PermanentFailure(f"SMS gateway refused the message: {response.status_code} {response.text[:200]}")
        try:
            return str(response.json().get("message_id") or "")
        except ValueError:
            return ""


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, timeout: float = 15.0):
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    def __call__(self, message) -> str | None:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, message.recipient, message.subject or ""
        # A stable Message-ID: a repeat delivery after a crash is recognisable as the same mail.
        mail["Message-ID"] = f"<{hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]}@grievance>"
        mail.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"recipient refused: {exc.recipients}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(f"SMTP relay: {type(exc).__name__}: {exc}") from exc
        return mail["Message-ID"]


def console(message) -> str | None:
    """Embedded default with nothing configured: print the message for the person at the console."""
    subject = f" [{message.subject}]" if message.subject else ""
    print(f"[{message.channel} to {message.recipient}]{subject} {message.body}", file=sys.stdout, flush=True)
    return None


def senders_for(settings) -> dict[str, Sender]:
    return {
        "sms": HttpSmsGateway(settings.sms_gateway_url, settings.sms_gateway_key) if settings.sms_gateway_url
        else console,
        "email": SmtpMailer(settings.smtp_host, settings.smtp_port, settings.mail_from) if settings.smtp_host
        else console,
    }
