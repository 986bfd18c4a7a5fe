"""Who does an ended department's work today (``data/registry/agency-reform-2025.yaml``).

Guarantees: :func:`successors` of an agency whose type ended (the Sở Lao động
- Thương binh và Xã hội, ended 28 February 2025) gives, for each part of its
work, the agency of the successor type in the province that holds the
agency's locality today (:func:`generator.localities.today`: Kon Tum's work
is Quảng Ngãi's since 1 July 2025); an agency whose type did not end has
none. An entry is validated by :mod:`generator.catalogue`; one naming a type
agencies.yaml does not know is a :class:`PlanError` naming the file and the line.
"""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from generator import catalogue, localities, registry
from generator.agencies import agency_type, local_agency
from generator.errors import PlanError
from generator.models import Agency
from generator.registry import entry_line

REGISTRY = "agency-reform-2025"


@dataclass(frozen=True)
class Successor:
    work: str  # the part of the work it took, as readers ask for it
    agency: Agency


@functools.cache
def endings() -> dict[str, catalogue.Ending]:
    """Every ended agency type by id (see the module doc for what fails)."""
    path = str(registry.REGISTRY_DIR / f"{REGISTRY}.yaml")
    result = {}
    for index, entry in enumerate(catalogue.load().agency_endings):
        unknown = [kind for kind in (entry.type, *(s.type for s in entry.successors)) if agency_type(kind) is None]
        if unknown:
            raise PlanError(path, f"loại cơ quan không có trong agencies.yaml: {', '.join(unknown)}",
                            entry_line(REGISTRY, index))
        result[entry.type] = entry
    return result


def first_day_after(ended: catalogue.Ending) -> str:
    """The first day without the agency (ISO): ``2025-02-28`` -> ``2025-03-01``."""
    return (ended.until + datetime.timedelta(days=1)).isoformat()


def ending(agency: Agency) -> catalogue.Ending | None:
    return endings().get(agency.type)


def successors(agency: Agency) -> list[Successor]:
    """Who does each part of ``agency``'s work today, in today's province (see the module doc)."""
    ended = ending(agency)
    if ended is None:
        return []
    now = localities.today(localities.get(agency.locality))
    place = now.id if now is not None else agency.locality
    return [Successor(item.work, local_agency(agency_type(item.type), place)) for item in ended.successors]
