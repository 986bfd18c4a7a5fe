"""Reporting and completion deadlines as calendars: one ``.ics`` file per plan and per agency.

An official adds the file to the calendar they already use ("Thêm vào lịch")
and sees each report that is due, with the clause that asks for it. The files
are iCalendar (RFC 5545) written by the ``icalendar`` library, which knows the
format's escaping, line folding and recurrence rules better than code of ours
would.

Guarantees:

* A deadline with a date is one all-day event (``VALUE=DATE``, so no time
  zone can move it to another day):

  - once (``2023-06-15``): that day;
  - yearly (``--11-05``): that day every year (``RRULE:FREQ=YEARLY``), from
    its first occurrence on or after the day the plan was issued (or the
    first day of its period, when later);
  - monthly (``---15``): that day of every month from the same start
    (``RRULE:FREQ=MONTHLY``); a day a month does not have (30, 31) falls on
    the month's last day (``BYMONTHDAY=28,29,30;BYSETPOS=-1``);

  a recurrence ends on the last day of the plan's period (``UNTIL``) when the
  plan states one. A deadline without a date (on request, "định kỳ", a
  period without its day), or whose date does not exist (31/2) or falls after
  the plan's period, has no event: :func:`undated` counts them, and the page
  offering the calendar says how many are not in it.
* Each event carries the deadline's kind and plan (``SUMMARY``), who reports
  to whom and the quoted sentence (``DESCRIPTION``), the citation of its
  clause and the clause's public address (``URL``), and a reminder 7 days
  before (``VALARM``).
* The bytes depend only on the data: ``UID`` is a hash of the plan id,
  clause, date and quoted sentence (stable across rebuilds while the
  deadline is unchanged), ``DTSTAMP`` is the corpus's date
  (:attr:`generator.site.corpus.Corpus.as_of`), never the build's time, and
  events are in date order, then plan and clause order.
"""

from __future__ import annotations

import calendar as month_days
import datetime
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import icalendar

from generator.models import Deadline
from generator.site import display, urls
from generator.site.citation import citation, plan_name
from generator.site.corpus import AgencyRecord, Corpus, PlanEntry
from generator.site.page import Output

PRODUCT = "-//ke-hoach-lao-dong//lich-bao-cao//VI"
REMINDER_DAYS = 7
UID_DOMAIN = "ke-hoach-lao-dong"


@dataclass(frozen=True)
class Occurrence:
    """When a deadline falls: its first day and, for a recurring one, its rule."""

    first: datetime.date
    rule: dict | None = None  # an icalendar RRULE value; None for a deadline that falls once


def occurrence(entry: PlanEntry, deadline: Deadline) -> Occurrence | None:
    """When ``deadline`` of plan ``entry`` falls; None when it has no day a calendar can hold."""
    due = deadline.due or ""
    meta = entry.plan.metadata
    start = _start(meta.date, meta.period_start)
    until = datetime.date(meta.period_end, 12, 31) if meta.period_end else None
    try:
        if due.startswith("---"):
            found = _monthly(start, int(due[3:]), until)
        elif due.startswith("--"):
            month, day = (int(part) for part in due[2:].split("-"))
            found = _yearly(start, month, day, until)
        elif due:
            found = Occurrence(datetime.date.fromisoformat(due))
        else:
            return None
    except ValueError:  # a day that does not exist (31/2, 29/2 of every year)
        return None
    if found is None or (found.rule is not None and until is not None and found.first > until):
        return None
    return found


def undated(entry_deadlines: Iterable[tuple[PlanEntry, Deadline]]) -> int:
    """How many of the deadlines have no event in a calendar."""
    return sum(1 for entry, deadline in entry_deadlines if occurrence(entry, deadline) is None)


def pages(corpus: Corpus, site_url: str) -> Iterator[Output]:
    """The calendar of every plan and agency with at least one dated deadline."""
    for entry in corpus.plans.values():
        yield from plan_calendar(corpus, entry, site_url)
    for record in corpus.agencies.values():
        yield from agency_calendar(corpus, record, site_url)


def plan_calendar(corpus: Corpus, entry: PlanEntry, site_url: str) -> list[Output]:
    """The calendar of a plan's deadlines; none when no deadline has a day."""
    deadlines = [(entry, deadline) for deadline in entry.plan.deadlines]
    if not has_events(deadlines):
        return []
    return [Output(urls.plan_calendar(entry.id), calendar(f"Hạn báo cáo – {plan_name(entry.plan)}", deadlines, corpus, site_url))]


def agency_calendar(corpus: Corpus, record: AgencyRecord, site_url: str) -> list[Output]:
    """The calendar of the deadlines an agency reports by; none when no deadline has a day."""
    if not has_events(record.deadlines):
        return []
    name = f"Hạn báo cáo – {record.agency.name}"
    return [Output(urls.agency_calendar(record.agency.id), calendar(name, record.deadlines, corpus, site_url))]


def has_events(entry_deadlines: list[tuple[PlanEntry, Deadline]]) -> bool:
    return undated(entry_deadlines) < len(entry_deadlines)


def _start(issued: str | None, period_start: int | None) -> datetime.date | None:
    """The first day a deadline of the plan can fall on: the later of its date and its period's start."""
    days = [datetime.date.fromisoformat(issued)] if issued else []
    if period_start:
        days.append(datetime.date(period_start, 1, 1))
    return max(days) if days else None


def _yearly(start: datetime.date | None, month: int, day: int, until: datetime.date | None) -> Occurrence | None:
    if start is None:
        return None
    first = datetime.date(start.year, month, day)
    if first < start:
        first = datetime.date(start.year + 1, month, day)
    return Occurrence(first, _rule("YEARLY", until))


def _monthly(start: datetime.date | None, day: int, until: datetime.date | None) -> Occurrence | None:
    if start is None or not 1 <= day <= 31:
        return None
    year, month = start.year, start.month
    first = _day_of(year, month, day)
    if first < start:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first = _day_of(year, month, day)
    rule = _rule("MONTHLY", until)
    if day <= 28:
        rule["BYMONTHDAY"] = [day]
    else:  # the month's day, or its last day when it is shorter
        rule["BYMONTHDAY"] = list(range(28, day + 1))
        rule["BYSETPOS"] = [-1]
    return Occurrence(first, rule)


def _day_of(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, month_days.monthrange(year, month)[1]))


def _rule(frequency: str, until: datetime.date | None) -> dict:
    rule: dict = {"FREQ": [frequency]}
    if until is not None:
        rule["UNTIL"] = [until]
    return rule


def calendar(name: str, entry_deadlines: list[tuple[PlanEntry, Deadline]], corpus: Corpus, site_url: str) -> bytes:
    """The iCalendar file named ``name`` of these deadlines: one event each that has a day."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    events = []
    for entry, deadline in entry_deadlines:
        found = occurrence(entry, deadline)
        if found is not None:
            events.append((found.first, entry.id, entry.position(deadline.clause_id), deadline.quote,
                           _event(entry, deadline, found, corpus, site_url)))
    for *_, event in sorted(events, key=lambda item: item[:4]):
        cal.add_component(event)
    return cal.to_ical()


def _event(entry: PlanEntry, deadline: Deadline, found: Occurrence, corpus: Corpus, site_url: str) -> icalendar.Event:
    anchor = entry.anchor(deadline.clause_id)
    where = citation(entry.plan, anchor.id, list(anchor.ancestors)) if anchor else plan_name(entry.plan)
    address = urls.public_address(site_url, urls.plan(entry.id)) + (f"#{anchor.id}" if anchor else "")
    reporters = ", ".join(_agency_name(corpus, reporter) for reporter in deadline.reporters) or display.UNKNOWN
    recipient = _agency_name(corpus, deadline.recipient) if deadline.recipient else display.UNKNOWN
    kind = display.deadline_kind(deadline)
    event = icalendar.Event()
    event.add("uid", _uid(entry.id, deadline))
    event.add("dtstamp", datetime.datetime.combine(corpus.as_of, datetime.time(), tzinfo=datetime.timezone.utc))
    event.add("dtstart", found.first)
    event.add("dtend", found.first + datetime.timedelta(days=1))
    if found.rule is not None:
        event.add("rrule", found.rule)
    event.add("summary", f"Hạn {kind.lower()}: {plan_name(entry.plan)}")
    event.add("description", "\n".join([
        f"Đơn vị thực hiện: {reporters}",
        f"Gửi tới: {recipient}",
        f"Tần suất: {display.frequency(deadline)}",
        f"“{deadline.quote}”",
        where,
        address,
    ]))
    event.add("url", address)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Còn {REMINDER_DAYS} ngày: {kind.lower()} theo {plan_name(entry.plan)}")
    alarm.add("trigger", datetime.timedelta(days=-REMINDER_DAYS))
    event.add_component(alarm)
    return event


def _agency_name(corpus: Corpus, agency_id: str) -> str:
    record = corpus.agencies.get(agency_id)
    return record.agency.name if record else agency_id


def _uid(plan_id: str, deadline: Deadline) -> str:
    key = "\n".join([plan_id, deadline.clause_id, deadline.due or "", deadline.quote])
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"
