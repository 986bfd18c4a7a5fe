"""Provinces and districts on both maps, and finding them in text.

Two maps (see ``data/registry/reform-2025.yaml`` for the sources):

* before 1 July 2025, the map the bundled plans were written on: the 63
  provinces and their 696 districts, names and codes from the
  ``vietnam-provinces`` 0.6.0 package data, each district with the communes of
  today that hold its land (``data/registry/map-before-2025.json``, written by
  :mod:`generator.oldmap`), and other names plans use
  (``data/registry/localities.yaml``);
* from 1 July 2025: 34 provinces and their communes (names, codes and communes
  from the ``vietnam-provinces`` package), each formed from one or more old
  provinces; there are no districts.

Guarantees: a province of today that keeps an old province's id is that
province, continued (``hồ-chí-minh`` before and after); every other old
province has :attr:`Locality.until` (30 June 2025) and
:attr:`Locality.successor`, today's province holding its land; every district
has ``until`` and the successor of its province; :func:`today` gives, for any
locality, the province that holds it today. A registry entry the reform file
does not account for (a province in no entry or in two, an id of neither
map) is a :class:`PlanError` naming the file and the line.
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass

import vietnam_provinces

from generator import catalogue, ids, registry
from generator.errors import PlanError
from generator.registry import entry_line
from generator.textutil import fold, slugify, unify_tones

REFORM_DATE = "2025-07-01"
"""The day the 34 provinces started and the districts ended (Nghị quyết 202/2025/QH15)."""
LAST_DAY_BEFORE_REFORM = "2025-06-30"
DIVISIONS_SOURCE = f"vietnam-provinces {vietnam_provinces.__version__} (dữ liệu ngày {vietnam_provinces.__data_version__})"
"""Where today's provinces, their codes and communes come from."""


@dataclass(frozen=True)
class Locality:
    id: str
    name: str
    kind: str  # 'tỉnh', 'thành phố' for provinces; 'quận', 'huyện', 'thị xã', 'thành phố' for districts
    province: str | None  # province id for a district, None for a province
    aliases: tuple[str, ...] = ()
    until: str | None = None  # last day it existed (ISO date), None while it exists
    successor: str | None = None  # today's province holding it, when it no longer exists
    formed_from: tuple[str, ...] = ()  # a province of today: the old provinces it was formed from
    code: int | None = None  # statistics-office code, unique within its map and level
    communes: tuple[tuple[str, int], ...] = ()  # a province of today: its communes' names and codes
    now_in: tuple[int, ...] = ()  # a district before the reform: codes of today's communes holding its land

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
    """Every province (of either map) and district; see the module doc for what fails."""
    old = _old_map()
    provinces = {loc.id: loc for loc in old if loc.is_province}
    current = {loc.id: loc for loc in _today_map(provinces)}
    successors = {old_id: loc.id for loc in current.values() for old_id in loc.formed_from}
    missing = sorted(set(provinces) - set(successors))
    if missing:
        raise PlanError(str(registry.REGISTRY_DIR / "reform-2025.yaml"),
                        f"tỉnh trước 01/7/2025 không có trong mục nào: {', '.join(missing)}")
    result = []
    for loc in old:  # in the registry's order, today's provinces in place of the old ones they continue
        if loc.id in current:
            result.append(current[loc.id])
        else:
            ended = {"until": LAST_DAY_BEFORE_REFORM, "successor": successors[loc.province or loc.id]}
            result.append(Locality(**{**loc.__dict__, **ended}))
    result += [loc for loc in current.values() if loc.id not in provinces]
    return tuple(result)


OLD_MAP = "map-before-2025.json"
"""The registry file of the 63 provinces and their districts, from package data (written by :mod:`generator.oldmap`)."""
DISTRICT_KINDS = ("quận", "huyện", "thị xã", "thành phố")


def _official_name(name: str) -> str:
    """A name of the package data as plans write it: traditional tone placement ('Hòa Bình'),
    no space after an apostrophe ('Ia H' Drai' -> 'Ia H'Drai')."""
    return re.sub(r"(?<=\w)'\s+(?=\w)", "'", unify_tones(name))


def _split_kind(name: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """'Quận Ba Đình' -> ('Ba Đình', 'quận'); a numbered district keeps its kind: ('Quận 11', 'quận')."""
    for kind in kinds:
        if name.lower().startswith(kind + " "):
            rest = name[len(kind) + 1:]
            return (name if rest.isdigit() else rest), kind
    return name, kinds[0]


def _old_map() -> list[Locality]:
    """The provinces and districts before the reform (``map-before-2025.json``), with the other
    names ``localities.yaml`` gives them; an alias for an id of neither, or a district whose name
    gives no safe id, is a PlanError naming the file and the line."""
    path = registry.REGISTRY_DIR / OLD_MAP
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlanError(str(path), f"không đọc được bản đồ trước 01/7/2025: {exc}") from None
    result = []
    for item in data["provinces"]:
        name, kind = _split_kind(_official_name(item["name"]), ("tỉnh", "thành phố"))
        province = Locality(slugify(name), name, kind, None, code=item["code"])
        result.append(province)
        named = [(district, *_split_kind(_official_name(district["name"]), DISTRICT_KINDS)) for district in item["districts"]]
        shared = Counter(slugify(name) for _, name, _ in named)
        for district, name, kind in named:
            # two districts of one name ('thị xã Kỳ Anh', 'huyện Kỳ Anh') keep their kinds in their ids
            district_id = f"{province.id}/{slugify(name) if shared[slugify(name)] == 1 else slugify(f'{kind} {name}')}"
            reason = ids.problem(ids.LOCALITY, district_id)
            if reason:
                raise PlanError(str(path), f"{district['name']}: {reason}")
            result.append(Locality(district_id, name, kind, province.id, code=district["code"],
                                   now_in=tuple(district["now_in"])))
    known = {loc.id: index for index, loc in enumerate(result)}
    for index, entry in enumerate(catalogue.load().locality_aliases):
        if entry.id not in known:
            raise PlanError(str(registry.REGISTRY_DIR / "localities.yaml"),
                            f"mục {entry.id}: không có địa phương này trong {OLD_MAP}", entry_line("localities", index))
        loc = result[known[entry.id]]
        result[known[entry.id]] = Locality(**{**loc.__dict__, "aliases": entry.aliases})
    return result


def _today_map(old: dict[str, Locality]) -> list[Locality]:
    """Today's 34 provinces: names, codes and communes from vietnam-provinces, what each was formed
    from from ``reform-2025.yaml``; a province continuing an old one keeps its aliases."""
    path = str(registry.REGISTRY_DIR / "reform-2025.yaml")
    divisions = {_province_id(item["name"]): item
                 for item in json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))}
    result, seen = [], set()
    for index, entry in enumerate(catalogue.load().provinces_today):
        line = entry_line("reform-2025", index)
        division = divisions.get(entry.id)
        if division is None:
            raise PlanError(path, f"không có tỉnh, thành phố '{entry.id}' trong {DIVISIONS_SOURCE}", line)
        formed_from = entry.formed_from
        unknown = [old_id for old_id in formed_from if old_id not in old]
        twice = [old_id for old_id in formed_from if old_id in seen]
        if unknown or twice:
            reason = (f"tỉnh trước 01/7/2025 không có trong {OLD_MAP}: {', '.join(unknown)}" if unknown else
                      f"tỉnh đã thuộc mục khác: {', '.join(twice)}")
            raise PlanError(path, reason, line)
        seen.update(formed_from)
        namesake = old.get(entry.id)
        name = division["name"].removeprefix("Thành phố ")
        result.append(Locality(
            entry.id, name, "thành phố" if division["name"].startswith("Thành phố") else "tỉnh", None,
            namesake.aliases if namesake else (), None, None, formed_from, division["code"],
            tuple((ward["name"], ward["code"]) for ward in division.get("wards", ())),
        ))
    missing = sorted(set(divisions) - {loc.id for loc in result})
    if missing:
        raise PlanError(path, f"thiếu tỉnh, thành phố từ 01/7/2025: {', '.join(missing)}")
    return result


def _province_id(name: str) -> str:
    """'Thành phố Hồ Chí Minh' -> 'ho-chi-minh', 'Cao Bằng' -> 'cao-bang'."""
    return slugify(name.removeprefix("Thành phố "))


def predecessors(loc: Locality) -> list[str]:
    """The old provinces a province of today was formed from, other than itself."""
    return [old for old in loc.formed_from if old != loc.id]


def today(loc: Locality | None) -> Locality | None:
    """The province of today that holds ``loc`` (itself for a province that continues)."""
    if loc is None:
        return None
    if loc.successor:
        return get(loc.successor)
    return get(loc.province) if loc.province else loc


def province_today(loc: Locality | None) -> Locality | None:
    """The province of today that holds ``loc``, following a chain of mergers; None when unknown."""
    seen = set()
    province = today(loc)
    while province is not None and province.successor and province.id not in seen:
        seen.add(province.id)
        province = today(province)
    return province


@functools.cache
def by_id() -> dict[str, Locality]:
    """Every locality by id: provinces and districts of both maps, and today's communes."""
    return {loc.id: loc for loc in (*all_localities(), *all_communes())}


@functools.cache
def all_communes() -> tuple[Locality, ...]:
    """Today's communes (xã, phường, đặc khu), id '<province id>/<slug of the name>' ('ho-chi-minh/phuong-sai-gon'),
    with the commune's code after the slug when two names of one province give one slug.

    They are not among :func:`all_localities`, which :func:`find_all` matches in any text: a
    commune is found only where a plan names its issuer (:func:`find_commune`), since names
    such as 'xã Hội' would otherwise match common words."""
    result = []
    for province in all_localities():
        slugs = Counter(slugify(name) for name, _ in province.communes)
        for name, code in province.communes:
            kind = next((kind for kind in COMMUNE_KINDS if fold(name).startswith(fold(kind) + " ")), "xã")
            slug = slugify(name) if slugs[slugify(name)] == 1 else f"{slugify(name)}-{code}"  # 'Thạnh An', 'Thanh An'
            result.append(Locality(f"{province.id}/{slug}", name, kind, province.id, code=code))
    return tuple(result)


COMMUNE_KINDS = ("đặc khu", "phường", "xã")


@functools.cache
def _communes_by_name() -> dict[str, tuple[Locality, ...]]:
    found: dict[str, list[Locality]] = {}
    for commune in all_communes():
        found.setdefault(fold(commune.name), []).append(commune)
    return {name: tuple(items) for name, items in found.items()}


def find_commune(text: str) -> tuple[Locality, ...]:
    """Today's communes ``text`` may name ('Ủy ban nhân dân phường Sài Gòn'), the longest name
    first found: one commune when the name is unique, several when communes of several provinces
    share it (the caller decides which, from what else the plan says)."""
    folded = fold(text)
    names = _communes_by_name()
    starts = [match.start() for match in re.finditer(r"\b(?:xa|phuong|dac khu)\s", folded)]
    for start in starts:
        words = folded[start:].split()
        for length in range(min(len(words), 8), 1, -1):
            candidates = names.get(" ".join(words[:length]))
            if candidates:
                return candidates
    return ()


@functools.cache
def _communes_by_code() -> dict[int, Locality]:
    return {commune.code: commune for commune in all_communes()}


def now_in(district: Locality) -> list[Locality]:
    """Today's communes that hold the land of a district of the old map, in code order."""
    communes = _communes_by_code()
    return [communes[code] for code in district.now_in if code in communes]


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


@functools.cache
def _districts_by_name() -> dict[str, tuple[Locality, ...]]:
    found: dict[str, list[Locality]] = {}
    for loc in all_localities():
        if not loc.is_province:
            found.setdefault(fold(loc.full_name), []).append(loc)
    return {name: tuple(items) for name, items in found.items()}


def namesakes(district: Locality) -> tuple[Locality, ...]:
    """The districts of the old map with ``district``'s kind and name, itself included ('huyện
    Châu Thành' of ten provinces): the text names only one, the caller decides which."""
    return _districts_by_name()[fold(district.full_name)]


def find_province(name: str) -> Locality | None:
    """A province by its bare name ('Quảng Ngãi', 'Kon Tum'), as the place of a header names it."""
    wanted = fold(name)
    return next((loc for loc in all_localities() if loc.is_province and fold(loc.name) == wanted), None)


def find_district(name: str, province: str | None = None) -> Locality | None:
    """A district by its bare name ('Ba Đình', 'Quận 11') or full name, optionally within a province;
    the first of :func:`all_localities` when several match."""
    for loc in _districts_by_either_name().get(fold(name), ()):
        if not province or loc.province == province:
            return loc
    return None


@functools.cache
def _districts_by_either_name() -> dict[str, tuple[Locality, ...]]:
    """Districts by their folded bare and full names, in the order of :func:`all_localities`."""
    found: dict[str, list[Locality]] = {}
    for loc in all_localities():
        if not loc.is_province:
            for key in dict.fromkeys((fold(loc.name), fold(loc.full_name))):
                found.setdefault(key, []).append(loc)
    return {key: tuple(items) for key, items in found.items()}
