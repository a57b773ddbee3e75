"""Grievances by e-mail: reading a mail into fields (pure) and the use case that lodges it or says why not."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from functools import partial

import lxml.html
from lxml import etree
from sqlalchemy.orm import Session

from accounts.rules import normalise_mobile
from case_api.models import Channel
from directory import queries as directory
from intake import inbound
from intake.inbound import MIN_DESCRIPTION, Outcome, Problem
from notifications.service import queue_email
from notifications.templates import render

MAX_MAIL_BYTES = 1_000_000
MAIL_COMPLAINANT = "Not given (e-mail)"
# "Label: value" lines read as fields, in English or Bengali; every other line is the grievance.
LABELS = {"name": "name", "নাম": "name", "mobile": "mobile", "mobile no": "mobile", "mobile number": "mobile",
          "phone": "mobile", "মোবাইল": "mobile", "district": "district", "জেলা": "district",
          "category": "category", "বিভাগ": "category", "address": "address", "ঠিকানা": "address"}
BLOCKS = ("p", "div", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
AUTOMATIC_SENDERS = {"mailer-daemon", "postmaster"}
MAX_ADDRESS = 1000
Lookup = Callable[[str], str | None]


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    sender: str | None
    sender_name: str
    subject: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)
    description: str = ""
    is_automatic: bool = False


@dataclass(frozen=True)
class MailGrievance:
    name: str
    mobile: str
    district: str
    category: str | None
    address: str | None
    description: str


def _header(msg: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(msg.get(name, "") or "").split())
    except (ValueError, TypeError, IndexError, AttributeError):  # a header too broken to read counts as absent
        return ""


def html_to_text(html: str) -> str:
    """The readable text of an HTML mail body: one line per paragraph, block or line break."""
    if not html.strip():
        return ""
    try:
        doc = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return ""
    for hidden in doc.xpath("//head|//script|//style"):
        hidden.drop_tree()
    for br in doc.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in doc.iter(*BLOCKS):
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in doc.text_content().splitlines() if line.strip())


def body_text(msg: EmailMessage) -> str:
    """The mail's text: its text/plain body, else its HTML body as text, else nothing."""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or lying charset
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def split_fields(text: str) -> tuple[dict[str, str], list[str]]:
    """The first `Label: value` line of each field, and the other lines in order."""
    found: dict[str, str] = {}
    rest: list[str] = []
    for line in text.splitlines():
        label, colon, value = line.partition(":")
        key = LABELS.get(" ".join(label.split()).lower().rstrip("."))
        if colon and key:
            if key not in found and value.strip():
                found[key] = value.strip()
            continue
        rest.append(line.rstrip())
    return found, rest


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines).strip()
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text)


def parse_mail(raw: bytes) -> ParsedMail:
    """Fields and description of a raw mail; the Subject is the description's first line."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    name, address = parseaddr(_header(msg, "From"))
    subject = _header(msg, "Subject")
    body = body_text(msg)
    fields, rest = split_fields(body)
    automatic = (_header(msg, "Auto-Submitted").lower() not in ("", "no")
                 or _header(msg, "Precedence").lower() in ("bulk", "junk", "list")
                 or address.split("@")[0].lower() in AUTOMATIC_SENDERS)
    return ParsedMail(message_id=_header(msg, "Message-ID") or "sha256:" + inbound.digest(raw),
                      sender=address if "@" in address and len(address) <= 200 else None, sender_name=name.strip(),
                      subject=subject, body=body.strip(), fields=fields, description=_tidy([subject, _tidy(rest)]),
                      is_automatic=automatic)


def check_mail(mail: ParsedMail, *, district_of: Lookup, category_of: Lookup, too_large: bool = False
               ) -> MailGrievance | list[Problem]:
    """What to lodge, or every reason why not. `district_of`/`category_of` give a code or None."""
    if too_large:
        return [Problem("too_large")]
    if not mail.body:
        return [Problem("no_text")]
    problems = []
    mobile = normalise_mobile(mail.fields.get("mobile", ""))
    if mobile is None:
        problems.append(Problem("no_mobile"))
    given = mail.fields.get("district")
    district = district_of(given) if given else None
    if not given:
        problems.append(Problem("no_district"))
    elif district is None:
        problems.append(Problem("unknown_district", quote=given[:40]))
    description = mail.description
    category = category_of(mail.fields["category"]) if mail.fields.get("category") else None
    if mail.fields.get("category") and category is None:  # kept for the CMO cell, who will route it
        description = f"Category: {mail.fields['category']}\n{description}"
    if len(mail.description) < MIN_DESCRIPTION:
        problems.append(Problem("too_short"))
    if problems:
        return problems
    return MailGrievance(name=mail.fields.get("name") or mail.sender_name or MAIL_COMPLAINANT, mobile=mobile,
                         district=district, category=category, description=description,
                         address=mail.fields["address"][:MAX_ADDRESS] if mail.fields.get("address") else None)


def receive_mail(session: Session, *, raw: bytes) -> dict:
    """Lodge a mail to the grievance address and queue a reply with the number, or a reply saying exactly
    what is wrong. A redelivery (same Message-ID) changes nothing. Returns {outcome, reg_no, reply}."""
    mail = parse_mail(raw)
    message, is_new = inbound.claim(session, channel=Channel.EMAIL, external_id=inbound.external_key(
        mail.message_id), sender=mail.sender or "(no sender)")
    if not is_new:
        return inbound.answer(session, message)
    if mail.is_automatic:  # never answer an auto-reply or a bounce: that is how mail loops start
        inbound.settle(message, outcome=Outcome.REJECTED, reply=None)
        return inbound.answer(session, message)
    language = inbound.language_of(mail.body)
    checked = check_mail(mail, district_of=partial(directory.find_district, session),
                         category_of=partial(inbound.known_category, session), too_large=len(raw) > MAX_MAIL_BYTES)
    if isinstance(checked, MailGrievance):
        _lodge(session, message, mail, checked, language)
    else:
        _explain(session, message, mail, checked, language)
    return inbound.answer(session, message)


def _lodge(session: Session, message, mail: ParsedMail, checked: MailGrievance, language: str) -> None:
    grievance = inbound.lodge(session, channel=Channel.EMAIL, name=checked.name, mobile=checked.mobile,
                              district=checked.district, category=checked.category, address=checked.address,
                              description=checked.description, email=mail.sender, language=language)
    reply = render("intake_mail_lodged", language, reg_no=grievance.reg_no)
    if mail.sender:
        queue_email(session, to=mail.sender, key=f"{grievance.reg_no}:mail_lodged", body=reply,
                    subject=render("intake_mail_lodged_subject", language, reg_no=grievance.reg_no))
    inbound.settle(message, outcome=Outcome.LODGED, reply=reply, grievance=grievance)


def _explain(session: Session, message, mail: ParsedMail, problems: list[Problem], language: str) -> None:
    reply = "\n".join([render("intake_mail_rejected", language),
                       *(f"- {problem.text(language)}" for problem in problems),
                       "", render("intake_mail_form", language)])
    if mail.sender:
        queue_email(session, to=mail.sender, key=f"inbound:email:{inbound.digest(message.external_id)}:reply",
                    subject=render("intake_mail_rejected_subject", language), body=reply)
    inbound.settle(message, outcome=Outcome.REJECTED, reply=reply)
