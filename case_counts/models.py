"""Summary tables of the dashboards: one row per department and district (counts that do not depend on the
time of reading), per deadline bucket (what is pending with a deadline, so "overdue" can be computed exactly
at any moment), per category, district and day in India (received and disposed: the trends and the MIS's
periods), per day of lodging of what is pending (the MIS's ageing), per office (the same measures and deadline
buckets: the police's figures by police district) and per office and month (the office index and the ATR-quality
report).

`department_id` 0 stands for "not routed to a department yet"; `district_code` '' in `case_due_count` marks the
department-wide rows (the CMO cell's view reads 139 of them, not every district's)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class CaseMeasures:
    """The time-free measures (case_counts.rules.CASE_MEASURES), of a department's district or of an office."""

    received: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    escalated: Mapped[int] = mapped_column(Integer, default=0)
    redressed: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)
    met: Mapped[int] = mapped_column(Integer, default=0)


class DueMeasures:
    """Pending deadlines in one bucket (case_counts.rules.DUE_MEASURES)."""

    awaiting: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)


class CaseCount(CaseMeasures, Base):
    """Grievances of one department in one district: received (all), pending (not closed), escalated (pending
    and escalated), redressed (closed), reported (with a deadline and the ATR in: atr_submitted or closed) and
    met (reported by the deadline, by the latest ATR or else the closure)."""

    __tablename__ = "case_count"

    department_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(20), primary_key=True)


class CaseDueCount(DueMeasures, Base):
    """Pending grievances with a deadline, by when it falls: `span` 1 counts per UTC day (`bucket` = days since
    1970-01-01), `span` 32 per block of 32 such days (`bucket` = day // 32). Overdue at a moment = whole blocks
    before it + whole days of its block before it + a direct count of the deadlines earlier that same day.
    `awaiting`: no ATR yet (counted as judged once overdue); `reported`: ATR submitted, awaiting verification."""

    __tablename__ = "case_due_count"
    __table_args__ = (Index("ix_case_due_count_district_span_bucket", "district_code", "span", "bucket"),)

    department_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    span: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(20), primary_key=True)


class CaseDayCount(Base):
    """Grievances of one category (of one department) in one district lodged (`received`) and closed (`disposed`)
    on one calendar day in India."""

    __tablename__ = "case_day_count"
    __table_args__ = (Index("ix_case_day_count_day", "day"),)

    department_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    disposed: Mapped[int] = mapped_column(Integer, default=0)


class CaseAgeCount(Base):
    """Pending grievances of one department in one district lodged on one calendar day in India: the pending
    cases' ages at any moment without reading a grievance (a row falls to 0 as its cases close)."""

    __tablename__ = "case_age_count"

    department_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    lodged_on: Mapped[date] = mapped_column(Date, primary_key=True)
    pending: Mapped[int] = mapped_column(Integer, default=0)


class OfficeCaseCount(CaseMeasures, Base):
    """The measures of `case_count` for the grievances one office holds now (0: not forwarded yet): the police
    department's figures by police district add up its offices'."""

    __tablename__ = "office_case_count"

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class OfficeDueCount(DueMeasures, Base):
    """`case_due_count` for the grievances one office holds now: pending deadlines by when they fall."""

    __tablename__ = "office_due_count"

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    span: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)


class OfficeMonthCount(Base):
    """One office in one calendar month in India (`month` its first day): the grievances whose current deadline
    falls in it (`due`; with the latest ATR in: `reported`; in by the deadline: `met`), and from the history events
    of the month, counted for the office holding the case then: verifications (sent back, ATRs rated and the sum
    of the ratings), complainants' feedback (satisfied), closures and appeals. The office index reads these."""

    __tablename__ = "office_month_count"
    __table_args__ = (Index("ix_office_month_count_month", "month"),)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    due: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)
    met: Mapped[int] = mapped_column(Integer, default=0)
    verified: Mapped[int] = mapped_column(Integer, default=0)
    sent_back: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    feedback: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)
    appeals: Mapped[int] = mapped_column(Integer, default=0)


class OfficeMonthIssue(Base):
    """What verifiers found wrong with an office's ATRs in a month: verifications per finding."""

    __tablename__ = "office_month_issue"

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    issue: Mapped[str] = mapped_column(String(40), primary_key=True)
    verifications: Mapped[int] = mapped_column(Integer, default=0)


class AtrDigest(Base):
    """What the ATR-quality report needs of each Action Taken Report, written with it: the office and month, the
    words as a template keeps them (atr_quality.rules.normalised) and its signs, so a month's report reads these
    narrow rows instead of the history."""

    __tablename__ = "atr_digest"
    __table_args__ = (Index("ix_atr_digest_month_office", "month", "office_id"),)

    grievance_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    office_id: Mapped[int] = mapped_column(Integer)
    month: Mapped[date] = mapped_column(Date)
    words: Mapped[str] = mapped_column(Text)
    short: Mapped[bool] = mapped_column(Boolean)
    not_pertaining: Mapped[bool] = mapped_column(Boolean)
