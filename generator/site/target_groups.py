"""A plan's targets as a reader scans them: one row per headline target, the details folded under it.

Plans set a headline target ("Giải quyết việc làm mới cho 162.000 lao động")
and then break it down: by quarter (Quý I/2023: 7.200 ...) and, in a
province's appendix, by district (Ba Đình 6.700 ...). Listed flat, the
Hà Nội plan's targets table is 73 rows in which the headline is lost.

Guarantees:

* Every target of the plan is in exactly one :class:`TargetGroup`: as its
  ``headline``, or among its ``details``; groups and details keep the plan's
  order.
* A detail is a target for one quarter (:func:`generator.site.display.period_kind`
  ``quarter``) or allotted to a district (:attr:`TargetRow.district`). Targets
  "of the same thing" share a key: the indicator, or for an unclassified
  target its measure as written.
* Each target that is not a detail is the headline of a group of its own;
  the details of a key go under the first headline of that key. Details whose
  key has no headline form one group with no headline (``headline`` None),
  placed where the first of them is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.site import display
from generator.site.corpus import TargetRow

QUARTER = "quarter"
DISTRICT = "district"
DETAIL_KINDS = {QUARTER: "Theo quý", DISTRICT: "Theo quận, huyện"}
"""What a folded list of details holds, in Vietnamese, in the order the lists are shown."""


@dataclass
class TargetGroup:
    headline: TargetRow | None
    details: list[TargetRow] = field(default_factory=list)

    @property
    def first(self) -> TargetRow:
        """The target that stands for the group: its headline, else its first detail."""
        return self.headline or self.details[0]

    def details_by_kind(self) -> list[tuple[str, list[TargetRow]]]:
        """The details split by :data:`DETAIL_KINDS`, each list in plan order; empty ones left out."""
        return [(kind, rows) for kind in DETAIL_KINDS
                if (rows := [row for row in self.details if detail_kind(row) == kind])]


def detail_kind(row: TargetRow) -> str | None:
    """:data:`DISTRICT`, :data:`QUARTER`, or None for a target that heads a row of its own."""
    if row.district is not None:
        return DISTRICT
    if display.period_kind(row.target) == QUARTER:
        return QUARTER
    return None


def group(rows: list[TargetRow]) -> list[TargetGroup]:
    """``rows`` (one plan's targets, in plan order) as headline groups; see the module's guarantees."""
    groups: list[TargetGroup] = []
    headed: dict[tuple, TargetGroup] = {}
    headless: dict[tuple, TargetGroup] = {}
    details: list[tuple[tuple, TargetRow]] = []
    for row in rows:
        key = _key(row)
        if detail_kind(row) is None:
            groups.append(TargetGroup(row))
            headed.setdefault(key, groups[-1])
        else:
            details.append((key, row))
            if key not in headless:
                headless[key] = TargetGroup(None)
                groups.append(headless[key])
    for key, row in details:
        (headed.get(key) or headless[key]).details.append(row)
    return [item for item in groups if item.headline is not None or item.details]


def _key(row: TargetRow) -> tuple:
    target = row.target
    return ("indicator", target.indicator) if target.indicator else ("measure", " ".join(target.measure.lower().split()))
