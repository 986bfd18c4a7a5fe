"""Where each plan stands on one date: not yet started, in progress, or past its period.

Guarantees:

* The date is fixed by the inputs, so a build is reproducible: it is
  ``SOURCE_DATE_EPOCH`` (UTC) when that is set to a whole number of seconds
  (the reproducible-builds convention, which ``make site`` sets to the last
  commit's date), else the latest date any plan or cited document carries.
* A plan that a later plan of the corpus replaces ("Kế hoạch này thay thế
  ...") is "đã được thay thế". Otherwise a plan's status depends only on its
  period (years, inclusive) and the date: before the first year it has not started, after the last it is past
  its period, in between it is in progress. A plan whose text states no
  period gets a status that says so, never a guess.
* :attr:`PlanStatus.label` is the Vietnamese sentence a reader sees, with
  the period: "đang thực hiện (2023–2025)".
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass

from generator.models import Plan

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"

NOT_STARTED = "chua-den-ky"
IN_PROGRESS = "dang-thuc-hien"
ENDED = "da-het-ky"
NO_PERIOD = "khong-ghi-thoi-ky"
REPLACED = "da-duoc-thay-the"

WORDS = {
    NOT_STARTED: "chưa đến kỳ thực hiện",
    IN_PROGRESS: "đang thực hiện",
    ENDED: "đã hết kỳ",
    NO_PERIOD: "không ghi thời kỳ thực hiện",
    REPLACED: "đã được thay thế",
}
"""Each status in words, for the page, the plan table and the data files."""

ORDER = tuple(WORDS)
"""Statuses in the order a sorted plan table shows them."""


@dataclass(frozen=True)
class PlanStatus:
    code: str  # one of the keys of WORDS; stable, for data files and filters
    period: str | None  # "2023–2025", "2025"; None when the plan states none

    @property
    def words(self) -> str:
        return WORDS[self.code]

    @property
    def label(self) -> str:
        return f"{self.words} ({self.period})" if self.period else self.words


def status_date(plans: Iterable[Plan], environ: dict[str, str] | None = None) -> datetime.date:
    """The date statuses are computed on: ``SOURCE_DATE_EPOCH`` if set, else the latest date
    in the data (issue dates of the plans and of the documents they cite)."""
    value = (os.environ if environ is None else environ).get(SOURCE_DATE_EPOCH, "").strip()
    if value.isdigit():
        return datetime.datetime.fromtimestamp(int(value), tz=datetime.timezone.utc).date()
    dates = [
        text
        for plan in plans
        for text in (plan.metadata.date, *(document.date for document in plan.documents))
        if text
    ]
    return datetime.date.fromisoformat(max(dates)) if dates else datetime.date(1970, 1, 1)


def replaced(status: PlanStatus) -> PlanStatus:
    """The status of a plan that another plan of the corpus says it replaces, whatever its period."""
    return PlanStatus(REPLACED, status.period)


def plan_status(plan: Plan, on: datetime.date) -> PlanStatus:
    """The status of ``plan`` on the date ``on``."""
    start, end = plan.metadata.period_start, plan.metadata.period_end
    if start is None and end is None:
        return PlanStatus(NO_PERIOD, None)
    first = start if start is not None else end
    last = end if end is not None else None  # "từ năm 2025": started, no stated end
    period = str(first) if last in (None, first) else f"{first}–{last}"
    if on.year < first:
        return PlanStatus(NOT_STARTED, period)
    if last is not None and on.year > last:
        return PlanStatus(ENDED, period)
    return PlanStatus(IN_PROGRESS, period)
