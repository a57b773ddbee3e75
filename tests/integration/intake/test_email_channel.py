"""Citizens lodge grievances by mailing the grievance address over real SMTP; every mail is answered by mail."""
from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage

import pytest
from sqlalchemy import text

from core.db import transaction
from intake.mail_listener import start_listener
from notifications.queries import list_messages
from notifications.senders import senders_for
from notifications.service import dispatch_pending
from tests.support.smtp_server import SmtpServer

ADDRESS = "grievance@cmo.wb.gov.in"
CITIZEN_MAIL = "sabina@example.in"
CITIZEN = "+919830012345"
FORM = "Name: Sabina Khatun\nMobile: 98300 12345\nDistrict: Purulia\nAddress: Village Hura, Purulia\n\n"
TEXT = "My ration card application of March is still pending at the block office."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def settings_overrides(request) -> dict:
    """Tests that ask for a `relay` get the outbox's e-mail sent to that real SMTP server."""
    if "relay" in request.fixturenames:
        return {"smtp_host": "127.0.0.1", "smtp_port": request.getfixturevalue("relay").port}
    return {}


@pytest.fixture
def relay(tmp_path):
    with SmtpServer(tmp_path) as server:
        yield server


@pytest.fixture
def listener(app):
    controller = start_listener(app, host="127.0.0.1", port=free_port())
    yield controller
    controller.stop()


def mail(text: str | None = FORM + TEXT, *, html: str | None = None, subject: str = "Ration card pending",
         message_id: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = f"Sabina Khatun <{CITIZEN_MAIL}>", ADDRESS, subject
    if message_id:
        message["Message-ID"] = message_id
    if html is None:
        message.set_content(text)
    else:
        message.set_content(html, subtype="html")
    return message


def send(port: int, message: EmailMessage, to: str = ADDRESS) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.send_message(message, to_addrs=[to])


def replies(app, to: str = CITIZEN_MAIL) -> list:
    with app.app_context(), transaction(readonly=True) as session:
        return list_messages(session, recipient=to, channel="email")


def grievance_count(api, auditor: str) -> int:
    return api.get("/grievances", auditor).get_json()["total"]


def test_a_mailed_grievance_is_lodged_and_answered_with_its_number(app, api, listener):
    send(listener.port, mail())
    [reply] = replies(app)
    reg_no = reply.subject.removeprefix("Grievance registered: ")
    assert reply.body.startswith(f"Your grievance is registered as {reg_no}.")
    assert api.sms_to(CITIZEN)[-1].startswith(f"Your grievance is registered as {reg_no}.")
    assert api.get(f"/track/{reg_no}").status_code == 200
    case = api.get(f"/grievances/{reg_no}", api.login("auditor")).get_json()
    assert (case["channel"], case["complainant_name"], case["district"], case["category"]) == (
        "email", "Sabina Khatun", "PUR", "OTHER")
    assert case["description"] == f"Ration card pending\n{TEXT}"
    contact = api.get(f"/grievances/{reg_no}", api.login("cmo.cell")).get_json()  # the cell sees contact details
    assert (contact["email"], contact["mobile"]) == (CITIZEN_MAIL, CITIZEN)


def test_an_html_only_mail_is_read_and_lodged(app, api, listener):
    send(listener.port, mail(html="<html><body><p>Mobile: 9830012345</p><p>District: KOL</p>"
                                  "<p>Category: PHE_DRINKING_WATER</p><div>No drinking water in our lane "
                                  "for five days.<br>Please help.</div></body></html>", subject="Water"))
    [reply] = replies(app)
    reg_no = reply.subject.removeprefix("Grievance registered: ")
    case = api.get(f"/grievances/{reg_no}", api.login("auditor")).get_json()
    assert (case["channel"], case["district"], case["category"]) == ("email", "KOL", "PHE_DRINKING_WATER")
    assert case["description"] == "Water\nNo drinking water in our lane for five days.\nPlease help."


@pytest.mark.parametrize("message, why", [
    (mail(""), "Your e-mail has no text."),
    (mail("District: PUR\n" + TEXT), "no 10-digit Indian mobile number"),
    (mail("Mobile: 9830012345\nDistrict: Atlantis\n" + TEXT), "Unknown district: Atlantis."),
    (mail("Mobile: 9830012345\nDistrict: PUR\nHelp", subject=""), "at least 10 characters"),
])
def test_a_mail_that_cannot_be_lodged_is_answered_with_the_reason(app, api, listener, message, why):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    send(listener.port, message)  # accepted (250): the mail is kept and answered, not bounced
    [reply] = replies(app)
    assert reply.subject == "Your grievance could not be registered"
    assert why in reply.body and "Mobile: your 10-digit mobile number" in reply.body
    assert grievance_count(api, auditor) == before


def test_mail_to_another_address_is_refused_at_rcpt(app, listener):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(listener.port, mail(), to="director@cmo.wb.gov.in")
    assert refused.value.recipients["director@cmo.wb.gov.in"][0] == 550
    assert replies(app) == []


def test_the_grievance_address_is_matched_in_any_case(app, listener):
    send(listener.port, mail(), to="Grievance@CMO.WB.gov.in")
    assert [r.subject for r in replies(app)][0].startswith("Grievance registered: ")


def test_the_same_message_id_twice_lodges_one_grievance(app, api, listener):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    send(listener.port, mail(message_id="<once@example.in>"))
    send(listener.port, mail(message_id="<once@example.in>"))
    assert grievance_count(api, auditor) == before + 1
    assert len(replies(app)) == 1


def test_an_oversized_mail_is_refused_by_smtp(app, api, listener):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    with pytest.raises(smtplib.SMTPException) as refused:
        send(listener.port, mail(FORM + TEXT + "x" * 1_100_000))
    assert refused.value.smtp_code == 552
    assert grievance_count(api, auditor) == before and replies(app) == []


def rename_table(app, old: str, new: str) -> None:
    with app.app_context(), transaction() as session:
        session.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))


def test_a_mail_that_cannot_be_stored_is_deferred_and_lodged_when_the_sender_retries(app, api, listener):
    rename_table(app, "inbound_message", "inbound_message_away")  # the store fails, as in an outage
    try:
        with pytest.raises(smtplib.SMTPDataError) as deferred:
            send(listener.port, mail(message_id="<retry@example.in>"))
    finally:
        rename_table(app, "inbound_message_away", "inbound_message")
    assert deferred.value.smtp_code == 451 and replies(app) == []
    send(listener.port, mail(message_id="<retry@example.in>"))  # the sending server's retry
    [reply] = replies(app)
    assert api.get(f"/track/{reply.subject.removeprefix('Grievance registered: ')}").status_code == 200


def test_the_reply_reaches_the_citizen_through_a_real_smtp_server(app, listener, relay):
    send(listener.port, mail())
    with app.app_context():
        dispatch_pending(app.extensions["db"], senders=senders_for(app.extensions["settings"]), batch=1000)
    [delivered] = [m for m in relay.messages() if m["To"] == CITIZEN_MAIL]
    reg_no = delivered["Subject"].removeprefix("Grievance registered: ")
    assert reg_no.startswith("CMO/") and reg_no in delivered.get_content()


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}: {process.communicate()}")


@pytest.mark.parametrize("command", [["intake", "mail-listener", "--port", "{port}"],
                                     ["serve", "--port", "{http_port}"]])
def test_the_commands_accept_mail_until_interrupted(app, api, command):
    port, http_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": app.extensions["settings"].database_url, "SECRET_KEY": "x",
           "MAIL_LISTEN_PORT": str(port)}
    args = [arg.format(port=port, http_port=http_port) for arg in command]
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", *args], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        send(port, mail())
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert f"Accepting mail for {ADDRESS} on 127.0.0.1:{port}" in out, err
    [reply] = replies(app)
    reg_no = reply.subject.removeprefix("Grievance registered: ")
    assert api.get(f"/track/{reg_no}").status_code == 200
