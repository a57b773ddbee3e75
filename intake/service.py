"""Lodging a grievance: validate, number it, store it, start its process, acknowledge by SMS."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session

import engine
from accounts.auth import Actor
from accounts.models import Role
from accounts.rules import normalise_mobile
from attachments import service as attachments_service
from case_api.history import append_event, start_chain
from case_api.models import CaseStatus, Channel, Grievance
from case_api.process_data import GRIEVANCE_PROCESS, grievance_start_data
from core import clock
from core.errors import AppError
from directory import queries as directory
from intake.duplicates import find_likely_duplicate
from intake.regno import next_numbers
from notifications.service import queued_together, tell_complainant
from notifications.templates import render

logger = logging.getLogger(__name__)

PROCESS_ID = GRIEVANCE_PROCESS


def _check_codes(session: Session, *, category: str, district: str, subdivision: str | None,
                 block: str | None) -> tuple:
    """The category, and the sub-division: the one given, else the block's."""
    cat = directory.find_category(session, category)
    if cat is None:
        raise AppError.invalid("category", f"unknown category {category!r}")
    area = directory.find_area(session, district)
    if area is None or area.kind != "district":
        raise AppError.invalid("district", f"unknown district {district!r}")
    if subdivision:
        sub = directory.find_area(session, subdivision)
        if sub is None or sub.kind != "subdivision" or sub.district_code != district:
            raise AppError.invalid("subdivision", f"{subdivision!r} is not a sub-division of {district}")
    if block:
        found = directory.find_area(session, block)
        if found is None or found.kind != "block" or found.district_code != district:
            raise AppError.invalid("block", f"{block!r} is not a block of {district}")
        if subdivision and found.subdivision_code != subdivision:
            raise AppError.invalid("block", f"{block!r} is not a block of sub-division {subdivision}")
        subdivision = found.subdivision_code
    return cat, subdivision


# The channel follows from who lodges: a citizen on the portal, an operator at the call centre or a Bangla
# Sahayata Kendra, another system through Open311; SMS and e-mail lodge as themselves (see `channel_actor`).
ROLE_CHANNELS = {Role.CITIZEN: Channel.PORTAL, Role.CALL_CENTRE_OPERATOR: Channel.CALL_CENTRE,
                 Role.SERVICE_CENTRE_OPERATOR: Channel.SERVICE_CENTRE, Role.INTEGRATION: Channel.API}
SELF_LODGING = {Channel.SMS, Channel.EMAIL}


def channel_actor(channel: Channel) -> Actor:
    """Who the history names for a grievance an SMS or e-mail lodged by itself: the channel, not a person."""
    return Actor(user_id=0, name=f"{channel} intake", role="system")


def _channel_and_mobile(actor, channel: str | None, mobile: str | None, email: str | None) -> tuple[str, str | None]:
    """The channel the actor lodges through and the complainant's mobile. Only a partner system (Open311, where the
    standard makes the phone optional) may lodge without a mobile, and then only with the complainant's e-mail."""
    if actor.role == Role.CITIZEN:
        if mobile and normalise_mobile(mobile) != actor.mobile:
            raise AppError.invalid("mobile", "must be the mobile number you logged in with")
        return Channel.PORTAL, actor.mobile
    if actor.role in ROLE_CHANNELS:
        channel = ROLE_CHANNELS[actor.role]
    elif channel not in SELF_LODGING:
        raise AppError.forbidden("Only citizens, operators and registered systems lodge grievances.")
    normalised = normalise_mobile(mobile or "")
    if not normalised and not (channel == Channel.API and not mobile and email):
        raise AppError.invalid("mobile", "must be the complainant's 10-digit Indian mobile number")
    return channel, normalised


def lodge_grievance(session: Session, *, actor, complainant_name: str, district: str, category: str,
                    description: str, mobile: str | None = None, email: str | None = None,
                    address: str | None = None, subdivision: str | None = None, block: str | None = None,
                    is_emergency: bool = False,
                    channel: str | None = None, language: str = "en", latitude: float | None = None,
                    longitude: float | None = None, attachments: list[str] | None = None) -> Grievance:
    """Everything in the caller's transaction: a grievance is either fully lodged or not at all."""
    cat, subdivision = _check_codes(session, category=category, district=district, subdivision=subdivision,
                                    block=block)
    channel, mobile = _channel_and_mobile(actor, channel, mobile, email)
    now = clock.now()
    uploads = attachments_service.unused_uploads(session, actor=actor, public_ids=attachments or [])
    duplicate = find_likely_duplicate(session, mobile=mobile, description=description, now=now)
    reg_no, grievance_id, instance_id = next_numbers(session, now)  # after every check: a number is not given back
    grievance = Grievance(
        id=grievance_id, reg_no=reg_no, status=CaseStatus.LODGED, channel=channel,
        citizen_id=actor.user_id if actor.role == Role.CITIZEN else None,
        lodged_by_id=actor.user_id or None, complainant_name=complainant_name.strip(), mobile=mobile, email=email,
        address=address, latitude=latitude, longitude=longitude, district_code=district,
        subdivision_code=subdivision, block_code=block, category_code=category,
        description=description.strip(), is_emergency=is_emergency, language=language, lodged_at=now, updated_at=now,
        send_back_count=0, is_escalated=False, duplicate_of_id=duplicate[0].id if duplicate else None,
        instance_id=instance_id)
    session.add(grievance)
    # Written once, with the office and status its process gives it: nothing is flushed until the process ran.
    with session.no_autoflush:
        start_chain(session, grievance.id)
        files = attachments_service.attach(uploads, grievance.id)
        append_event(session, grievance_id=grievance.id, event_type="grievance_lodged", at=now, actor=actor,
                     data={"channel": channel, "category": category, "district": district,
                           # the sub-division (given, or the block's) and block only when named: most cases name neither
                           **{k: v for k, v in (("subdivision", subdivision), ("block", block)) if v},
                           "is_emergency": is_emergency, "attachments": [f.sha256 for f in files]})
        if duplicate:
            append_event(session, grievance_id=grievance.id, event_type="duplicate_suspected", at=now, actor=actor,
                         data={"of": duplicate[0].reg_no, "similarity": round(duplicate[1], 2)})
        # The acknowledgement first: the process may forward the case (and say so) within this same transaction.
        with queued_together(session):
            tell_complainant(session, grievance, key=f"{reg_no}:grievance_lodged",
                             body=render("grievance_lodged", language, reg_no=reg_no))
            engine.start(session, process_id=PROCESS_ID, actor=actor, business_key=reg_no, instance_id=instance_id,
                         data=grievance_start_data(session, grievance, category=cat))
    session.flush()  # the caller gets its case written; its next statement or commit would otherwise flush it
    logger.info("grievance %s lodged via %s", reg_no, channel)
    return grievance
