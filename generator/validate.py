"""What a plan must satisfy beyond its types, checked wherever a plan enters.

The models give types and safe ids (:mod:`generator.ids`); this module adds
the rules a type cannot state and that the site relies on when it renders a
page. It runs on every extracted plan (``extract``) and on every loaded plan,
override merged (``check`` and the site build), so whatever passes
``extract`` and ``check`` builds.

Guarantees:

* Dates are real ISO dates: ``metadata.date`` and ``documents.*.date`` are
  ``YYYY-MM-DD``; a deadline's ``due`` is ``YYYY-MM-DD`` (once), ``--MM-DD``
  (yearly) or ``---DD`` (monthly), each naming a day that exists.
* Locality ids written in the metadata, an agency or a cited document are
  safe ids (:data:`generator.ids.LOCALITY`).
* Every number of an extracted plan's data is one JSON carries: a finite
  float, an integer within ±(2**53 - 1) (loaded data is held to the same rule
  by :mod:`generator.safeyaml` and the store's strict JSON).
* A problem is a :class:`PlanError` naming the file and the field
  (``dữ liệu không hợp lệ tại 'metadata.date': ...``), the same form as a
  type error.
"""
from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator

from pydantic import ValidationError

from generator import ids
from generator.errors import PlanError
from generator.models import Plan
from generator.safeyaml import MAX_SAFE_INTEGER

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEARLY = re.compile(r"^--(\d{2})-(\d{2})$")
_MONTHLY = re.compile(r"^---(\d{2})$")


def validate(plan: Plan, where: str, data=None) -> None:
    """Raise PlanError for the first problem of ``plan``.

    ``data``, the plan's plain form (dicts and lists), is given when it comes
    from extraction: its numbers are then checked too. Data read from YAML or
    from the parsed cache needs no such walk: :mod:`generator.safeyaml` and
    the store's strict JSON already refuse those numbers.
    """
    for field, reason in problems(plan, data):
        raise PlanError(where, invalid(field, reason))


def invalid(field: str, reason: str) -> str:
    """The one wording of a bad field, shared with type errors."""
    return f"dữ liệu không hợp lệ tại '{field}': {reason}"


def problems(plan: Plan, data) -> Iterator[tuple[str, str]]:
    """(field, reason) for every rule ``plan`` breaks, in field order."""
    meta = plan.metadata
    if meta.date is not None and not _is_date(meta.date):
        yield "metadata.date", f"{meta.date!r} không phải ngày dạng YYYY-MM-DD"
    for field in ("locality", "province"):
        reason = _locality_problem(getattr(meta, field, None))
        if reason:
            yield f"metadata.{field}", reason
    for index, agency in enumerate(plan.agencies):
        reason = _locality_problem(agency.locality)
        if reason:
            yield f"agencies.{index}.locality", reason
    for index, document in enumerate(plan.documents):
        if document.date is not None and not _is_date(document.date):
            yield f"documents.{index}.date", f"{document.date!r} không phải ngày dạng YYYY-MM-DD"
        reason = _locality_problem(document.locality)
        if reason:
            yield f"documents.{index}.locality", reason
    for index, deadline in enumerate(plan.deadlines):
        if deadline.due is not None and not _is_due(deadline.due):
            yield f"deadlines.{index}.due", (
                f"{deadline.due!r} không phải hạn dạng YYYY-MM-DD, --MM-DD (hằng năm) hoặc ---DD (hằng tháng)"
            )
    if data is not None:
        yield from number_problems(data)


def number_problems(data, path: str = "") -> Iterator[tuple[str, str]]:
    """(field, reason) for every number in ``data`` that JSON cannot carry."""
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{key}" if where else str(key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{where}.{index}" if where else str(index), item) for index, item in reversed(list(enumerate(value))))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
            yield where, f"số nguyên vượt quá ±{MAX_SAFE_INTEGER}: JSON không mang được"
        elif isinstance(value, float) and not math.isfinite(value):
            yield where, "số không hữu hạn (vô cùng hoặc NaN): JSON không mang được"


def _is_date(value: str) -> bool:
    match = _DATE.match(value)
    return bool(match) and _exists(int(match[1]), int(match[2]), int(match[3]))


def _is_due(value: str) -> bool:
    if _is_date(value):
        return True
    yearly = _YEARLY.match(value)
    if yearly:
        return _exists(2000, int(yearly[1]), int(yearly[2]))  # a leap year admits --02-29
    monthly = _MONTHLY.match(value)
    return bool(monthly) and 1 <= int(monthly[1]) <= 31


def _exists(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return year >= 1


def _locality_problem(value: str | None) -> str | None:
    return None if value is None else ids.problem(ids.LOCALITY, value)


def describe(exc: ValidationError) -> str:
    """A type error as one line: the first bad field and why (an id's own message when it is one)."""
    first = exc.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    if exc.title != Plan.__name__:  # raised while a stage built a part of the plan
        location = f"{exc.title}.{location}" if location else exc.title
    error = (first.get("ctx") or {}).get("error")
    reason = str(error) if first["type"] == "value_error" and error is not None else first["msg"]
    return f"{invalid(location, reason)} ({exc.error_count()} lỗi)"
