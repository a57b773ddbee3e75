"""The event log written as it is read, never held whole: XES (IEEE 1849-2016, the standard extensions concept,
time, org and lifecycle; written with lxml's incremental writer, one trace per case) and CSV."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import groupby

from lxml import etree

from event_log.queries import Step

EXTENSIONS = (("Concept", "concept", "http://www.xes-standard.org/concept.xesext"),
              ("Time", "time", "http://www.xes-standard.org/time.xesext"),
              ("Organizational", "org", "http://www.xes-standard.org/org.xesext"),
              ("Lifecycle", "lifecycle", "http://www.xes-standard.org/lifecycle.xesext"))
CSV_COLUMNS = ("case_id", "activity", "timestamp", "resource_role", "office")
MEDIA_TYPES = {"xes": "application/xml", "csv": "text/csv"}


class _Chunks(io.RawIOBase):
    """A file lxml writes into; what it wrote is taken out piece by piece."""

    def __init__(self):
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def _attribute(kind: str, key: str, value: str) -> etree._Element:
    return etree.Element(kind, key=key, value=value)


def xes(steps: Iterable[Step], *, name: str) -> Iterator[bytes]:
    sink = _Chunks()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("log", {"xes.version": "1849-2016", "xes.features": "nested-attributes"}):
            for extension_name, prefix, uri in EXTENSIONS:
                xf.write(etree.Element("extension", name=extension_name, prefix=prefix, uri=uri))
            for scope, keys in (("trace", ("concept:name",)), ("event", ("concept:name", "org:role"))):
                with xf.element("global", scope=scope):
                    for key in keys:
                        xf.write(_attribute("string", key, "__INVALID__"))
            xf.write(_attribute("string", "concept:name", name))
            yield sink.take()
            for case_id, case_steps in groupby(steps, key=lambda s: s.case_id):
                trace = etree.Element("trace")
                trace.append(_attribute("string", "concept:name", case_id))
                for step in case_steps:
                    event = etree.SubElement(trace, "event")
                    event.append(_attribute("string", "concept:name", step.activity))
                    event.append(_attribute("date", "time:timestamp", step.at.isoformat()))
                    event.append(_attribute("string", "org:role", step.resource_role))
                    event.append(_attribute("string", "org:group", step.office))
                    event.append(_attribute("string", "lifecycle:transition", "complete"))
                xf.write(trace)
                yield sink.take()
    yield sink.take()


def as_csv(steps: Iterable[Step]) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for count, step in enumerate(steps, 1):
        writer.writerow((step.case_id, step.activity, step.at.isoformat(), step.resource_role, step.office))
        if count % 1000 == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def render(kind: str, steps: Iterable[Step], *, name: str) -> Iterator[bytes]:
    return xes(steps, name=name) if kind == "xes" else as_csv(steps)
