"""The MIS table as a file: CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Bengali) and XLSX
(openpyxl, write-only). Headings and names in the reader's language; the same figures as the page."""
from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook

from mis.rules import AGE_KEYS


def age_label(key: str) -> str:
    return _("over 100 days") if key == "over-100" else _("%(span)s days", span=key.replace("-", "–"))


def headings(group: str) -> list[str]:
    return [{"office": _("Office"), "district": _("District")}.get(group, _("Department")), _("Received in period"),
            _("Disposed of in period"), _("Received (all time)"), _("Pending"),
            *(_("Pending %(age)s", age=age_label(key)) for key in AGE_KEYS),
            _("Overdue"), _("Escalated"), _("Redressed"), _("SLA compliance (%)"),
            _("Closed in period"), _("Redressed conclusively"), _("Closed otherwise"), _("Satisfied (%)"),
            _("Appealed (%)"), _("Reopened (%)"), _("Escalated at head of department"), _("Escalated at secretary"),
            _("Escalated at the CM's grievance cell")]


def _values(row, name: str) -> list:
    counts = row.counts
    return [name, row.received_in_period, row.disposed_in_period, counts.received, counts.pending,
            *(row.ages.get(key, 0) for key in AGE_KEYS), counts.overdue, counts.escalated, counts.redressed,
            counts.compliance if counts.compliance is not None else "",
            *(row.outcomes.get(key, 0) for key in ("closed", "redressed", "otherwise")),
            *("" if value is None else value for value in (row.satisfaction, row.appeal_rate, row.reopen_rate)),
            *(row.outcomes.get(f"at_{level}", 0) for level in ("head_of_department", "secretary", "cmo_cell"))]


def table(report: dict, bengali: bool) -> list[list]:
    """Headings, one line per row of the page, and the total."""
    def name(row) -> str:
        if row.key is None:
            return _("Not yet routed to a department")
        return row.counts.name_bn if bengali else row.counts.name

    lines = [headings(report["group"])]
    lines += [_values(row, name(row)) for row in report["rows"]]
    lines.append(_values(report["total"], _("Total")))
    return lines


def as_csv(lines: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(lines: list[list], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def officer_table(report: dict) -> list[list]:
    """The officers of one office: headings, one line per officer (and the tasks nobody holds), the total."""
    lines = [[_("Officer"), _("Holding now"), _("Holding, past the deadline"), _("Tasks completed in period"),
              _("Completed after the task's deadline")]]
    for row in [*report["rows"], None]:
        shown = report["total"] if row is None else row
        name = _("Total") if row is None else (row.name if row.user_id is not None else _("Not yet taken up"))
        lines.append([name, shown.held, shown.held_overdue, shown.completed, shown.completed_late])
    return lines
