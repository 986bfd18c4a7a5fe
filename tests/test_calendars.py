"""Reporting deadlines as calendars (generator/site/calendars.py): when each deadline falls, and the
``.ics`` files of the built site read back with the icalendar library, recurrences expanded with
dateutil, as a calendar program would."""
from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from dateutil.rrule import rrulestr

from generator import catalogue
from generator.models import Deadline
from generator.site import calendars, urls
from generator.site import corpus as site_corpus
from generator.store import load_plans
from tests.test_site import read_page, resolve

HA_NOI = "ha-noi-21-kh-ubnd-2023"
HA_NOI_LABOUR = "ha-noi/so-lao-dong-thuong-binh-va-xa-hoi"
KON_TUM_LABOUR = "kon-tum/so-lao-dong-thuong-binh-va-xa-hoi"
SITE = "https://ke-hoach-lao-dong.github.io/"


@pytest.fixture(scope="module")
def corpus():
    return site_corpus.index(load_plans(), catalogue.load())


def entry_with(corpus, date: str | None, start: int | None, end: int | None, *dues: str | None):
    """The Hà Nội plan re-dated to ``date`` and period ``start``–``end``, with one deadline per due."""
    entry = corpus.plans[HA_NOI]
    plan = entry.plan.model_copy(update={
        "metadata": entry.plan.metadata.model_copy(update={"date": date, "period_start": start, "period_end": end}),
        "deadlines": [
            Deadline(reporters=[HA_NOI_LABOUR], frequency="yearly", due=due, clause_id="III_2.13",
                     quote=f"Báo cáo trước ngày {due}")
            for due in dues
        ],
    })
    return site_corpus.PlanEntry(plan, entry.locality, entry.anchors)


def days(event: icalendar.Event, limit: int = 50) -> list[datetime.date]:
    """Every day ``event`` falls on, recurrence expanded (at most ``limit``)."""
    first = event.decoded("dtstart")
    if "rrule" not in event:
        return [first]
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=datetime.datetime.combine(first, datetime.time()))
    return [moment.date() for moment, _ in zip(rule, range(limit))]


def read_calendar(data: bytes) -> tuple[icalendar.Calendar, list[icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT"))


def test_a_yearly_deadline_recurs_from_the_first_day_after_the_plan_is_issued_to_its_period_end(corpus):
    # issued 30/9/2024 for 2023-2030: 25/11 falls first in 2024; 5/9 first in 2025
    entry = entry_with(corpus, "2024-09-30", 2023, 2030, "--11-25", "--09-05")
    late, early = (calendars.occurrence(entry, deadline) for deadline in entry.plan.deadlines)
    assert late.first == datetime.date(2024, 11, 25) and early.first == datetime.date(2025, 9, 5)
    _, events = read_calendar(calendars.calendar("Lịch", [(entry, d) for d in entry.plan.deadlines], corpus, SITE))
    assert [days(event) for event in events] == [
        [datetime.date(year, 11, 25) for year in range(2024, 2031)],
        [datetime.date(year, 9, 5) for year in range(2025, 2031)],
    ]


def test_a_monthly_deadline_on_a_day_a_month_lacks_falls_on_its_last_day(corpus):
    entry = entry_with(corpus, "2023-01-12", 2023, 2023, "---31")
    _, [event] = read_calendar(calendars.calendar("Lịch", [(entry, entry.plan.deadlines[0])], corpus, SITE))
    falls = days(event)
    assert len(falls) == 12
    assert falls[:4] == [datetime.date(2023, 1, 31), datetime.date(2023, 2, 28),
                         datetime.date(2023, 3, 31), datetime.date(2023, 4, 30)]
    assert falls[-1] == datetime.date(2023, 12, 31)


def test_a_monthly_deadline_before_the_issue_day_starts_the_next_month(corpus):
    entry = entry_with(corpus, "2023-01-20", 2023, 2024, "---15")
    _, [event] = read_calendar(calendars.calendar("Lịch", [(entry, entry.plan.deadlines[0])], corpus, SITE))
    falls = days(event)
    assert falls[0] == datetime.date(2023, 2, 15) and falls[-1] == datetime.date(2024, 12, 15) and len(falls) == 23


def test_deadlines_without_a_day_are_left_out_and_counted(corpus):
    # no date at all; a day that does not exist; a yearly one in a plan with no date or period;
    # a yearly one whose first day is after the period
    entry = entry_with(corpus, "2023-12-20", 2023, 2023, None, "--02-31", "--12-15", "2023-06-30")
    pairs = [(entry, deadline) for deadline in entry.plan.deadlines]
    assert [calendars.occurrence(entry, d) is None for d in entry.plan.deadlines] == [True, True, True, False]
    assert calendars.undated(pairs) == 3 and calendars.has_events(pairs)
    undated_plan = entry_with(corpus, None, None, None, "--11-05")
    assert calendars.occurrence(undated_plan, undated_plan.plan.deadlines[0]) is None
    assert not calendars.has_events([(undated_plan, undated_plan.plan.deadlines[0])])


def test_an_agency_page_offers_its_calendar_and_the_calendar_reads_back(real_site):
    page_path = real_site.root / "co-quan" / HA_NOI_LABOUR / "index.html"
    html = page_path.read_text(encoding="utf-8")
    offer = re.search(r'<p class="calendar-offer"><a href="([^"]+)" download class="md-button">Thêm vào lịch \(\.ics\)</a>'
                      r'([^<]*)</p>', html)
    assert offer, "no «Thêm vào lịch» on the agency page"
    target, _ = resolve(page_path, offer[1], real_site.root)
    assert target == real_site.root / urls.agency_calendar(HA_NOI_LABOUR)
    calendar, events = read_calendar(target.read_bytes())
    assert str(calendar["x-wr-calname"]) == "Hạn báo cáo – Sở Lao động - Thương binh và Xã hội thành phố Hà Nội"
    assert f"Tệp lịch gồm {len(events)} hạn có ngày" in offer[2]
    assert events, "the agency reports to nobody on a day"
    for event in events:
        assert str(event["summary"]).startswith("Hạn báo cáo: Kế hoạch số 21/KH-UBND ngày 12/01/2023")
        address = str(event["url"])
        assert address.startswith(f"{SITE}ke-hoach/{HA_NOI}/#")
        anchor = address.split("#")[1]
        plan_page = (real_site.root / "ke-hoach" / HA_NOI / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in plan_page
        assert address in str(event["description"])
        # the build's date (SOURCE_DATE_EPOCH 1700000000 = 14/11/2023), never the time it ran
        assert event.decoded("dtstamp") == datetime.datetime(2023, 11, 14, tzinfo=datetime.timezone.utc)
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("trigger") == datetime.timedelta(days=-7)
    every_day = sorted(day for event in events for day in days(event))
    assert datetime.date(2023, 6, 30) in every_day and datetime.date(2023, 12, 31) in every_day


def test_a_plan_calendar_holds_every_dated_deadline_and_says_which_are_not(real_site, corpus):
    entry = corpus.plans[HA_NOI]
    calendar_file = real_site.root / urls.plan_calendar(HA_NOI)
    _, events = read_calendar(calendar_file.read_bytes())
    dated = [d for d in entry.plan.deadlines if calendars.occurrence(entry, d) is not None]
    assert len(events) == len(dated) > 0
    assert sorted(str(event["uid"]) for event in events) == sorted({str(event["uid"]) for event in events})
    first_days = [event.decoded("dtstart") for event in events]
    assert first_days == sorted(first_days)
    page = read_page(real_site.root / "ke-hoach" / HA_NOI / "index.html")
    assert "Thêm vào lịch (.ics)" in page.article_text


def test_no_offer_where_no_deadline_has_a_day(real_site, corpus):
    assert all(deadline.due is None for _, deadline in corpus.agencies[KON_TUM_LABOUR].deadlines)
    html = (real_site.root / "co-quan" / KON_TUM_LABOUR / "index.html").read_text(encoding="utf-8")
    assert "calendar-offer" not in html
    assert not (real_site.root / urls.agency_calendar(KON_TUM_LABOUR)).exists()


def test_a_hostile_plan_text_reads_back_from_its_calendar_exactly(hostile_site):
    [calendar_file] = sorted((hostile_site.root / "du-lieu" / "lich" / "ke-hoach").glob("*.ics"))
    _, [event] = read_calendar(calendar_file.read_bytes())
    description = str(event["description"])
    assert "“Báo cáo {% raw %} trước ngày 15 hằng tháng”" in description
    assert "Đơn vị lạ <script>alert(1)</script>" in description and "Gửi tới: Ủy ban {{ 7*7 }}" in description


def test_the_same_data_gives_the_same_bytes(corpus):
    first = [(output.uri, output.content) for output in calendars.pages(corpus, SITE)]
    again = [(output.uri, output.content) for output in calendars.pages(site_corpus.index(load_plans(), catalogue.load()), SITE)]
    assert first == again and first
