"""Reading SMS keywords and grievance e-mails, and checking the SMS gateway's signature: pure, no database."""
from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from core.errors import AppError
from intake.inbound import Problem, language_of
from intake.mail import MailGrievance, check_mail, html_to_text, parse_mail
from intake.sms import SmsGrievance, SmsStatus, parse_sms, verify_signature

DISTRICTS = {"PUR": "PUR", "PURULIA": "PUR", "পুরুলিয়া": "PUR", "KOL": "KOL", "NORTH 24 PARGANAS": "NPG"}
CATEGORIES = {"FOOD_RATION_CARD", "PHE_TUBEWELL", "OTHER"}
NOW = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
SECRET = "s3cret"


def district_of(text: str) -> str | None:
    return DISTRICTS.get(" ".join(text.split()).upper()) or DISTRICTS.get(text)


def category_of(word: str) -> str | None:
    return word.upper() if word.upper() in CATEGORIES else None


def sms(text: str):
    return parse_sms(text, district_of=district_of, category_of=category_of)


@pytest.mark.parametrize("text, district, category, description", [
    ("GRV PUR FOOD_RATION_CARD My ration card is pending since March",
     "PUR", "FOOD_RATION_CARD", "My ration card is pending since March"),
    ("  grv   purulia   tube well   broken for two weeks ", "PUR", None, "tube well broken for two weeks"),
    ("Grv Kol phe_tubewell the tube-well in our para is dry", "KOL", "PHE_TUBEWELL",
     "the tube-well in our para is dry"),
    ("GRV North 24 Parganas street light broken near school", "NPG", None, "street light broken near school"),
    ("GRV পুরুলিয়া রেশন কার্ড পাইনি, তিন মাস হয়ে গেল", "PUR", None, "রেশন কার্ড পাইনি, তিন মাস হয়ে গেল"),
    ("GRV: PUR Ration card not issued since March", "PUR", None, "Ration card not issued since March"),
])
def test_a_grievance_sms_is_read_in_any_case_and_spacing(text, district, category, description):
    assert sms(text) == SmsGrievance(district=district, category=category, description=description)


def test_a_second_word_that_is_no_category_belongs_to_the_description():
    assert sms("GRV PUR Ration card not issued").category is None
    assert sms("GRV PUR Ration card not issued").description == "Ration card not issued"


@pytest.mark.parametrize("text, problem", [
    ("", Problem("not_understood")),
    ("Hello, my ration card is pending", Problem("not_understood")),
    ("GRV", Problem("no_district")),
    ("GRV XYZ my water supply is broken", Problem("unknown_district", quote="XYZ")),
    ("GRV PUR too short", Problem("too_short")),
    ("GRV PUR FOOD_RATION_CARD pending", Problem("too_short")),
    ("STATUS", Problem("status_format")),
    ("STATUS 123", Problem("status_format")),
])
def test_what_cannot_be_read_says_why(text, problem):
    assert sms(text) == problem


def test_a_status_query_carries_the_registration_number():
    assert sms("status cmo/2026/000123") == SmsStatus(reg_no="CMO/2026/000123")


def test_problems_read_as_sentences_in_both_languages():
    assert Problem("unknown_district", quote="XYZ").text("en") == "Unknown district: XYZ."
    assert Problem("unknown_district", quote="XYZ").text("bn").endswith("XYZ।")
    assert "CMO/2026/000999" in Problem("unknown_reg_no", reg_no="CMO/2026/000999").text("en")


def test_bengali_script_means_a_bengali_reply():
    assert language_of("GRV PUR রেশন কার্ড পাইনি") == "bn"
    assert language_of("GRV PUR ration card") == "en"


def signed(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def test_a_correctly_signed_fresh_request_passes():
    timestamp = str(int(NOW.timestamp()) - 299)
    verify_signature(secret=SECRET, timestamp=timestamp, signature=signed(b"{}", timestamp), body=b"{}", now=NOW)


@pytest.mark.parametrize("secret, timestamp, signature, status, code", [
    (None, "1", "sha256=00", 503, "sms_webhook_disabled"),
    (SECRET, None, "sha256=00", 401, "signature_missing"),
    (SECRET, str(int(NOW.timestamp())), None, 401, "signature_missing"),
    (SECRET, "yesterday", "sha256=00", 401, "bad_timestamp"),
    (SECRET, str(int(NOW.timestamp())), signed(b"{}", str(int(NOW.timestamp())), "other"), 401, "bad_signature"),
    (SECRET, str(int(NOW.timestamp()) - 301), signed(b"{}", str(int(NOW.timestamp()) - 301)), 401, "stale_request"),
])
def test_unsigned_forged_or_stale_requests_are_refused(secret, timestamp, signature, status, code):
    with pytest.raises(AppError) as refused:
        verify_signature(secret=secret, timestamp=timestamp, signature=signature, body=b"{}", now=NOW)
    assert (refused.value.status, refused.value.code) == (status, code)


def test_a_signature_over_another_body_is_refused():
    timestamp = str(int(NOW.timestamp()))
    with pytest.raises(AppError, match="X-Signature does not match"):
        verify_signature(secret=SECRET, timestamp=timestamp, signature=signed(b"{}", timestamp),
                         body=b'{"text": "changed"}', now=NOW)


def make_mail(text: str | None = None, *, html: str | None = None, subject: str = "Ration card pending",
              sender: str = "Sabina Khatun <sabina@example.in>", **headers) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "grievance@cmo.wb.gov.in", subject
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    if text is not None:
        mail.set_content(text)
    if html is not None:
        if text is None:
            mail.set_content(html, subtype="html")
        else:
            mail.add_alternative(html, subtype="html")
    return mail.as_bytes(policy=SMTP)


FORM = "Name: Sabina Khatun\nMobile: 98300 12345\nDistrict: Purulia\nAddress: Village Hura\n"


def test_field_lines_become_fields_and_the_rest_with_the_subject_the_description():
    mail = parse_mail(make_mail(FORM + "\nMy application of March is still pending.\n\n-- \nSabina",
                                Message_ID="<abc@example.in>"))
    assert mail.fields == {"name": "Sabina Khatun", "mobile": "98300 12345", "district": "Purulia",
                           "address": "Village Hura"}
    assert mail.description == "Ration card pending\nMy application of March is still pending.\n\n--\nSabina"
    assert (mail.sender, mail.sender_name, mail.message_id) == ("sabina@example.in", "Sabina Khatun",
                                                                "<abc@example.in>")


def test_plain_text_is_preferred_and_html_alone_is_read_as_text():
    both = parse_mail(make_mail(FORM + "Plain words here.", html="<p>HTML words here.</p>"))
    assert "Plain words here." in both.description and "HTML" not in both.description
    html = parse_mail(make_mail(html="<html><head><style>p {color: red}</style></head><body>"
                                     "<p>Mobile: 9830012345</p><div>District: PUR</div>"
                                     "Our tube-well is broken.<br>Please help.<script>x()</script></body></html>"))
    assert html.fields == {"mobile": "9830012345", "district": "PUR"}
    assert html.description == "Ration card pending\nOur tube-well is broken.\nPlease help."


def test_html_to_text_survives_empty_and_broken_markup():
    assert html_to_text("") == ""
    assert "unclosed" in html_to_text("<div><p>unclosed <b>tags")


def test_a_mail_without_message_id_is_keyed_by_its_content():
    first, again = parse_mail(make_mail(FORM + "same")), parse_mail(make_mail(FORM + "same"))
    assert first.message_id.startswith("sha256:") and first.message_id == again.message_id


def test_auto_replies_and_bounces_are_recognised():
    assert parse_mail(make_mail("Out of office", Auto_Submitted="auto-replied")).is_automatic
    assert parse_mail(make_mail("Undeliverable", sender="MAILER-DAEMON@example.in")).is_automatic
    assert not parse_mail(make_mail("Hello")).is_automatic


def check(raw: bytes, **kwargs):
    return check_mail(parse_mail(raw), district_of=district_of, category_of=category_of, **kwargs)


def test_a_complete_mail_is_ready_to_lodge():
    assert check(make_mail(FORM + "Category: FOOD_RATION_CARD\nStill pending since March.")) == MailGrievance(
        name="Sabina Khatun", mobile="+919830012345", district="PUR", category="FOOD_RATION_CARD",
        address="Village Hura", description="Ration card pending\nStill pending since March.")


def test_an_unknown_category_is_kept_in_the_text_for_the_cmo_cell():
    checked = check(make_mail(FORM + "Category: ration\nStill pending since March."))
    assert checked.category is None and checked.description.startswith("Category: ration\n")


@pytest.mark.parametrize("raw, problems", [
    (make_mail(""), [Problem("no_text")]),
    (make_mail("District: PUR\nMy ration card is pending."), [Problem("no_mobile")]),
    (make_mail("Mobile: 12345\nDistrict: PUR\nMy ration card is pending."), [Problem("no_mobile")]),
    (make_mail("Mobile: 9830012345\nMy ration card is pending."), [Problem("no_district")]),
    (make_mail("Mobile: 9830012345\nDistrict: Atlantis\nPending."),
     [Problem("unknown_district", quote="Atlantis")]),
    (make_mail("Mobile: 9830012345\nDistrict: PUR\nHelp", subject=""), [Problem("too_short")]),
    (make_mail("District: Atlantis\nHelp", subject=""),
     [Problem("no_mobile"), Problem("unknown_district", quote="Atlantis"), Problem("too_short")]),
])
def test_every_reason_a_mail_cannot_be_lodged_is_given(raw, problems):
    assert check(raw) == problems


def test_an_oversized_mail_is_refused_for_its_size():
    assert check(make_mail(FORM + "Pending since March."), too_large=True) == [Problem("too_large")]
