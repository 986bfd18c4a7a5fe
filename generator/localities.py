"""Provinces and districts from ``data/registry/localities.yaml``, and finding them in text."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator import ids
from generator.errors import PlanError
from generator.registry import REGISTRY_DIR, entry_line, load_registry
from generator.textutil import fold, slugify


@dataclass(frozen=True)
class Locality:
    id: str
    name: str
    kind: str  # 'tỉnh', 'thành phố' for provinces; 'quận', 'huyện', 'thị xã', 'thành phố' for districts
    province: str | None  # province id for a district, None for a province
    aliases: tuple[str, ...] = ()

    @property
    def is_province(self) -> bool:
        return self.province is None

    @property
    def full_name(self) -> str:
        """'thành phố Hà Nội', 'tỉnh Kon Tum', 'Quận 11', 'huyện Ba Vì'."""
        if self.name.lower().startswith(self.kind):
            return self.name
        return f"{self.kind} {self.name}"


@functools.cache
def all_localities() -> tuple[Locality, ...]:
    """Every province and district of the registry; a district whose name gives
    no safe id is a PlanError naming the file and the province's line."""
    result = []
    for index, entry in enumerate(load_registry("localities")):
        province = Locality(entry["id"], entry["name"], entry["kind"], None, tuple(entry.get("aliases", ())))
        result.append(province)
        for district in entry.get("districts", ()):
            district_id = f"{province.id}/{slugify(district['name'])}"
            reason = ids.problem(ids.LOCALITY, district_id)
            if reason:
                raise PlanError(str(REGISTRY_DIR / "localities.yaml"), reason, entry_line("localities", index))
            result.append(Locality(district_id, district["name"], district["kind"], province.id))
    return tuple(result)


@functools.cache
def by_id() -> dict[str, Locality]:
    return {loc.id: loc for loc in all_localities()}


def get(locality_id: str | None) -> Locality | None:
    return by_id().get(locality_id) if locality_id else None


@functools.cache
def _patterns() -> list[tuple[re.Pattern, Locality]]:
    """Folded-name patterns, longest name first so 'Nam Từ Liêm' wins over 'Từ Liêm'."""
    patterns = []
    for loc in all_localities():
        names = [loc.name, *loc.aliases]
        for name in names:
            folded = re.escape(fold(name))
            if loc.is_province:
                prefix = r"(?:tinh|thanh pho|tp\.?)\s+" if name == loc.name else ""
                patterns.append((re.compile(rf"\b{prefix}{folded}\b"), loc))
            elif fold(name).startswith(("quan ", "huyen ", "thi xa ")):
                patterns.append((re.compile(rf"\b{folded}\b"), loc))
            else:
                kind = re.escape(fold(loc.kind))
                patterns.append((re.compile(rf"\b{kind}\s+{folded}\b"), loc))
    patterns.sort(key=lambda item: -len(item[0].pattern))
    return patterns


def find_all(text: str) -> list[tuple[int, Locality]]:
    """Every locality named in ``text`` with the position where it is named."""
    folded = fold(text)
    found: list[tuple[int, Locality]] = []
    taken: list[range] = []
    for pattern, loc in _patterns():
        for match in pattern.finditer(folded):
            span = range(match.start(), match.end())
            if any(span.start < t.stop and t.start < span.stop for t in taken):
                continue
            taken.append(span)
            found.append((match.start(), loc))
    return sorted(found, key=lambda item: (item[0], item[1].id))


def find_first(text: str, province: str | None = None, districts: bool = True) -> Locality | None:
    """The first locality named in ``text`` (restricted to one province's districts if given)."""
    for _, loc in find_all(text):
        if not districts and not loc.is_province:
            continue
        if province and loc.province not in (None, province):
            continue
        return loc
    return None


def find_province(name: str) -> Locality | None:
    """A province by its bare name ('Quảng Ngãi', 'Kon Tum'), as the place of a header names it."""
    wanted = fold(name)
    return next((loc for loc in all_localities() if loc.is_province and fold(loc.name) == wanted), None)


def find_district(name: str, province: str | None = None) -> Locality | None:
    """A district by its bare name ('Ba Đình', 'Quận 11'), optionally within a province."""
    wanted = fold(name)
    for loc in all_localities():
        if loc.is_province or (province and loc.province != province):
            continue
        if fold(loc.name) == wanted or fold(loc.full_name) == wanted:
            return loc
    return None
