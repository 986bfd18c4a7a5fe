"""Agencies (cơ quan): the registry of agency types and how names resolve to local agencies.

Guarantees:

* Every name resolves to an :class:`Agency`; none is dropped. A name that
  matches no type of ``data/registry/agencies.yaml`` becomes an agency with
  ``review=True``, its id the slug of the name within its locality.
* A canonical agency is one type in one locality: its id is
  ``<locality id>/<type id>`` (``kon-tum/so-lao-dong-thuong-binh-va-xa-hoi``)
  and its name the type's local name with the locality's (``Sở Lao động -
  Thương binh và Xã hội tỉnh Kon Tum``). A unit of a Sở, named in the Sở's
  own plan, is ``<Sở id>/<unit slug>``.
* Spelling variants resolve alike: case, accents, Uỷ/Ủy, '-' or '–', '&',
  punctuation, the registry's abbreviations (``LĐTBXH``, ``TB&XH``, ``UBND``,
  ``MTTQ`` ...) and a count before a level word (``16 phường``).
* Pure and deterministic: the result depends on the arguments and the
  registries only.

Besides resolving names, this module reads body names out of running text:
where a name starts (:func:`starts_with_body`), where it ends
(:func:`body_phrase`) and how a list of bodies splits (:func:`split_bodies`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator import catalogue, localities, registry
from generator.errors import PlanError
from generator.localities import Locality
from generator.models import Agency, Metadata
from generator.textutil import bounded_slug, collapse_spaces, fold, slugify

UNCLASSIFIED = "chua-phan-loai"
"""Type of an agency whose name matches no registry type."""

Key = tuple[str, ...]


AgencyType = catalogue.AgencyKind
"""A kind of body that exists in many localities (one entry of the registry)."""


@dataclass(frozen=True)
class Scope:
    """Where a plan's names are read: its locality, its province, and the
    issuing Sở whose units ('phòng ...') the plan may name."""

    locality: str | None
    province: str | None
    parent: Agency | None = None

    def resolve(self, name: str) -> Agency:
        return resolve_agency(name, self.locality, self.province, parent=self.parent)


# ---------------------------------------------------------------- registry


@functools.cache
def _abbreviations() -> tuple[tuple[Key, Key], ...]:
    """(short form, meaning) as word keys, longest short form first."""
    pairs = []
    for entry in catalogue.load().abbreviations:
        pairs.extend((_words(form), _words(entry.means)) for form in entry.abbreviation)
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@functools.cache
def _abbreviations_by_first_word() -> dict[str, tuple[tuple[Key, Key], ...]]:
    """:func:`_abbreviations` grouped by first word, each group longest first."""
    return _group_by_first_word(_abbreviations())


def _group_by_first_word(pairs: tuple[tuple[Key, object], ...]) -> dict[str, tuple]:
    """Index (key, value) pairs by the key's first word, keeping their order."""
    groups: dict[str, list] = {}
    for key, value in pairs:
        groups.setdefault(key[0], []).append((key, value))
    return {word: tuple(group) for word, group in groups.items()}


def agency_types() -> tuple[AgencyType, ...]:
    """Every agency type of the registry, in registry order."""
    return catalogue.load().agency_kinds


def written_forms(agency_kind: AgencyType) -> tuple[str, ...]:
    """The ways plans write a type's name: its name and aliases, and each of them with one of the
    registry's abbreviations in place of what it stands for ('Bộ LĐTBXH', 'Chủ tịch UBND')."""
    forms = [agency_kind.name, *agency_kind.aliases]
    for written in list(forms):
        for entry in catalogue.load().abbreviations:
            if entry.means in written:
                forms += [written.replace(entry.means, short) for short in entry.abbreviation]
    return tuple(dict.fromkeys(forms))


def agency_type(type_id: str) -> AgencyType | None:
    return next((t for t in agency_types() if t.id == type_id), None)


@functools.cache
def _alias_index() -> tuple[tuple[Key, AgencyType], ...]:
    """Every (name key, type) pair, longest key first; an alias has one type only."""
    owner: dict[Key, AgencyType] = {}
    for agency_kind in agency_types():
        for written in (agency_kind.name, *agency_kind.aliases):
            key = name_key(written)
            other = owner.setdefault(key, agency_kind)
            if other.id != agency_kind.id:
                raise PlanError(str(registry.REGISTRY_DIR / "agencies.yaml"),
                                f"tên '{written}' thuộc cả '{other.id}' và '{agency_kind.id}'")
    return tuple(sorted(owner.items(), key=lambda item: (-len(item[0]), item[0])))


@functools.cache
def _aliases_by_first_word() -> dict[str, tuple[tuple[Key, AgencyType], ...]]:
    """:func:`_alias_index` grouped by first word, each group longest first."""
    return _group_by_first_word(_alias_index())


# ---------------------------------------------------------------- name keys

_WORD = re.compile(r"\w+|&")
_COUNTED = {"phuong", "xa", "quan", "huyen"}


def _words(text: str) -> Key:
    """Folded words and '&' of ``text``; dashes and other punctuation dropped."""
    return tuple(_WORD.findall(fold(text)))


def name_key(name: str) -> Key:
    """The matching form of a name: 'Sở LĐ-TB&XH' and 'sở lao động – thương
    binh và xã hội' both give ('so', 'lao', 'dong', 'thuong', 'binh', 'va', 'xa', 'hoi')."""
    words = _expand(_words(name))
    words = tuple("va" if word == "&" else word for word in words)
    return tuple(
        "cac" if word.isdigit() and i + 1 < len(words) and words[i + 1] in _COUNTED else word
        for i, word in enumerate(words)
    )


def _expand(words: Key) -> Key:
    """Replace every abbreviation by its meaning, longest short form first."""
    result: list[str] = []
    i = 0
    while i < len(words):
        for form, means in _abbreviations_by_first_word().get(words[i], ()):
            if words[i:i + len(form)] == form:
                result.extend(means)
                i += len(form)
                break
        else:
            result.append(words[i])
            i += 1
    return tuple(result)


def _match_type(key: Key, units: bool = False) -> tuple[AgencyType, int] | None:
    """The type whose name or alias the key starts with (longest), and its length."""
    for alias, agency_kind in _aliases_by_first_word().get(key[0] if key else "", ()):
        if agency_kind.is_unit and not units:
            continue
        if key[:len(alias)] == alias:
            return agency_kind, len(alias)
    return None


# ---------------------------------------------------------------- localities

_PROVINCE_WORDS: tuple[Key, ...] = (("thanh", "pho"), ("thanh", "uy"), ("tinh", "uy"), ("tinh",))
_DISTRICT_WORDS: tuple[Key, ...] = (
    ("quan", "uy"), ("huyen", "uy"), ("thi", "uy"), ("thi", "xa"), ("quan",), ("huyen",)
)
_COMMITTEES = {
    "thành phố": "Thành ủy", "tỉnh": "Tỉnh ủy", "quận": "Quận ủy", "huyện": "Huyện ủy", "thị xã": "Thị ủy"
}


def _stated_locality(words: Key, province: str | None) -> Locality | None:
    """A province, or a district of ``province``, named in the words after a type."""
    text = " ".join(words)
    for _, loc in localities.find_all(text):
        if loc.is_province or province is None or loc.province == province:
            return loc
    for loc in localities.all_localities():
        bare = tuple(fold(loc.name).split())
        if (loc.is_province or loc.province == province) and words[:len(bare)] == bare:
            return loc
    return None


def _level_word(words: Key) -> str | None:
    """'province' or 'district' for a level word right after a type ('... quận', '... tỉnh')."""
    for level, options in (("province", _PROVINCE_WORDS), ("district", _DISTRICT_WORDS)):
        if any(words[:len(option)] == option for option in options):
            return level
    return None


def _locality_of(agency_kind: AgencyType, rest: Key, locality: str | None, province: str | None) -> str | None:
    """The locality a body of this type belongs to (see the registry's header)."""
    if agency_kind.is_national:
        return None
    stated = _stated_locality(rest, province)
    if stated:
        return stated.id
    if len(agency_kind.levels) > 1:
        level = _level_word(rest)
        if level == "province":
            return province or locality
        if level == "district":
            return locality
    if locality != province and "district" in agency_kind.levels:
        return locality
    if "province" in agency_kind.levels:
        return province or locality
    return locality


def _committee(loc: Locality) -> str:
    """The party committee of a locality: 'Thành ủy Cần Thơ', 'Tỉnh ủy Kon Tum'."""
    title = _COMMITTEES.get(loc.kind, "Cấp ủy")
    return loc.name if fold(loc.name).startswith(fold(title)) else f"{title} {loc.name}"


def _canonical_name(agency_kind: AgencyType, locality: str | None) -> str:
    loc = localities.get(locality)
    if loc is None:
        return agency_kind.name
    template = agency_kind.name_template("province" if loc.is_province else "district")
    return template.format(name=agency_kind.name, locality=loc.full_name, committee=_committee(loc))


# ---------------------------------------------------------------- resolving


def local_agency(agency_kind: AgencyType, place: str | None) -> Agency:
    """The body of type ``agency_kind`` in locality ``place`` (id and canonical name)."""
    return Agency(
        id=f"{place}/{agency_kind.id}" if place else agency_kind.id,
        name=_canonical_name(agency_kind, place),
        type=agency_kind.id,
        locality=place,
    )


def resolve_agency(name: str, locality: str | None, province: str | None, parent: Agency | None = None) -> Agency:
    """The local agency that ``name`` denotes in a plan of ``locality`` (in ``province``).

    ``parent`` is the issuing Sở of a department's own plan: the units its
    plan names ('phòng Giáo dục nghề nghiệp') are resolved as its units.
    """
    name = strip_person(collapse_spaces(name)).strip(" :;,.")
    key = name_key(name)
    match = _match_type(key, units=parent is not None)
    if match and match[0].is_unit:
        return _unit(name, match[0], parent)
    if match and not (match[0].is_national and len(key) > match[1]):  # 'Ngân hàng Nhà nước chi nhánh …' is a branch
        agency_kind, length = match
        return local_agency(agency_kind, _locality_of(agency_kind, key[length:], locality, province))
    unit_type = _unit_type_by_head(name) if parent else None
    if unit_type:
        return _unit(name, unit_type, parent)
    return _unknown(name, locality, province)


def _unit_type_by_head(name: str) -> AgencyType | None:
    key = name_key(name)
    for agency_kind in agency_types():
        if any(key[:len(head)] == head for head in map(name_key, agency_kind.heads)):
            return agency_kind
    return None


def _unit(name: str, agency_kind: AgencyType, parent: Agency) -> Agency:
    """A unit of the issuing Sở: a named 'phòng', or its units collectively."""
    own = agency_kind.id if agency_kind.collective else bounded_slug(name)
    label = agency_kind.name if agency_kind.collective else _capitalize(name)
    return Agency(
        id=f"{parent.id}/{own}",
        name=f"{label} thuộc {parent.name}",
        type=agency_kind.id,
        locality=parent.locality,
    )


def _unknown(name: str, locality: str | None, province: str | None) -> Agency:
    stated = _stated_locality(name_key(name), province)
    place = stated.id if stated else locality
    slug = bounded_slug(name)
    return Agency(
        id=f"{place}/{slug}" if place else slug,
        name=_capitalize(name),
        type=UNCLASSIFIED,
        locality=place,
        review=True,
    )


def _capitalize(name: str) -> str:
    return name[:1].upper() + name[1:]


def issuer_scope(metadata: Metadata) -> tuple[Scope, Agency | None]:
    """The scope in which a plan's names are read, and its issuer as an agency.

    In a department's own plan (level 'department') the issuer is the parent
    of the units the plan names.
    """
    scope = Scope(metadata.locality, metadata.province)
    if not metadata.issuer:
        return scope, None
    issuer = scope.resolve(metadata.issuer)
    if metadata.level == "department":
        scope = Scope(metadata.locality, metadata.province, parent=issuer)
    return scope, issuer


# ---------------------------------------------------------------- names in running text

_PERSON = re.compile(r"(?:thủ trưởng|giám đốc|chủ tịch)\s+", re.IGNORECASE)
_BODY_START = re.compile(
    r"(?:các\s+(?:sở|ban|ngành|phòng|cơ quan|đơn vị|đoàn thể|tổ chức|hội|địa phương|bộ"
    r"|quận ủy|huyện ủy|cấp ủy|đảng ủy)"
    r"|sở(?!\s+hữu)|phòng(?![,\s]+chống|\s+ngừa)|ban(?!\s+hành)|[uủ][ỷy] ban|ubnd"
    r"|hội(?!\s+(?:nghị|thảo|chợ|thi|nhập|diễn))|liên đoàn|đoàn(?!\s+kết)|trung tâm|chi nhánh"
    r"|ngân hàng|bảo hiểm xã hội|hiệp hội|văn phòng|đảng đoàn|đảng [uủ][ỷy]|công an|bộ chỉ huy"
    r"|cục|chi cục|kho bạc|viện|công ty|tổng công ty|quỹ|tòa án|thành ủy|tỉnh ủy)\b",
    re.IGNORECASE,
)
_VERBS = (
    "lãnh đạo", "chủ trì", "tiếp tục", "triển khai", "theo", "phối hợp", "chỉ đạo", "tổ chức",
    "thực hiện", "xây dựng", "căn cứ", "có trách nhiệm", "chịu trách nhiệm", "tham mưu",
    "hướng dẫn", "khẩn trương", "chủ động", "báo cáo", "tổng hợp", "để", "kết quả", "tình hình",
    "xem xét", "định kỳ", "nghiên cứu", "bảo đảm", "đảm bảo", "tăng cường", "quan tâm",
    "đẩy mạnh", "trước", "gửi", "là", "được", "cần", "phải", "rà soát",
    "nâng cao", "vận động", "tuyên truyền", "kiểm tra", "giám sát", "ban hành", "hỗ trợ",
    "cung cấp", "nắm", "về", "trong", "khi", "nếu", "thông qua", "đôn đốc",
    "quyết định", "phân bổ", "bố trí",
)
# A body's name ends before the first lower-case verb (names capitalise their
# words: 'Ban Chỉ đạo'), before '(', ';', ':' or the end of a sentence;
# 'các tổ chức' is a noun, not the verb 'tổ chức'. Syllables that also end
# common names are left out ('Chương trình', 'Giáo dục thường xuyên').
_NAME_END = re.compile(
    r"\s(?:" + "|".join(re.escape(v) if v != "tổ chức" else r"(?<!các\s)tổ chức" for v in _VERBS) + r")(?!\w)"
    r"|\s*[(;:]|\.(?:\s|$)"
)
_LIST_SEPARATOR = re.compile(r",\s+|\s+(và)\s+")
# A 'phòng' may have 'và' and another field in its name ('phòng Lao động -
# Tiền lương và Bảo hiểm xã hội'): after one, 'và' starts a new body only if
# another 'phòng' or a plural ('các ...') follows.
_OFFICE = re.compile(r"(?:văn\s+)?phòng\b", re.IGNORECASE)


def strip_person(text: str) -> str:
    """'Thủ trưởng các cơ quan' -> 'các cơ quan': the body, not its head."""
    match = _PERSON.match(text)
    return text[match.end():] if match else text


def starts_with_body(text: str) -> bool:
    """Whether ``text`` starts with the name of a body (registry or generic head word)."""
    text = strip_person(text.lstrip())
    return bool(_BODY_START.match(text)) or _match_type(name_key(text[:120])) is not None


def body_phrase(text: str) -> str:
    """The body names at the start of running text.

    'Ban Tuyên giáo Thành ủy chủ trì, phối hợp ...' -> 'Ban Tuyên giáo Thành ủy'.
    """
    match = _NAME_END.search(text)
    return text[:match.start() if match else len(text)].strip(" ,")


def split_bodies(text: str) -> list[str]:
    """The bodies a phrase lists, as written, without a leading 'Thủ trưởng'/'Chủ tịch'.

    A comma or 'và' separates two bodies only when what follows starts a new
    one, so 'Hội Liên hiệp Phụ nữ Việt Nam quận, Quận Đoàn' is two bodies but
    'UBND các quận, huyện, thị xã' and 'Sở Lao động - Thương binh và Xã hội' are one.
    """
    parts, start = [], 0
    for separator in _LIST_SEPARATOR.finditer(text):
        rest = text[separator.end():]
        if _separates(text[start:separator.start()], separator, rest):
            parts.append(text[start:separator.start()])
            start = separator.end()
    parts.append(text[start:])
    names = (strip_person(part).strip(" :;,.") for part in parts)
    return [name for name in names if slugify(name)]  # a body's name has a letter or a digit: '/' is none


def _separates(before: str, separator: re.Match, rest: str) -> bool:
    """Whether a ',' or 'và' between ``before`` and ``rest`` separates two bodies."""
    if not (rest[:1].isupper() or rest.startswith("các ")) or not starts_with_body(rest):
        return False
    in_office_name = separator[1] and _OFFICE.match(strip_person(before))
    return not in_office_name or bool(_OFFICE.match(rest)) or rest.startswith("các ")


def unique(agencies: Iterable[Agency]) -> list[Agency]:
    """Agencies deduplicated by id and sorted by id."""
    return sorted({agency.id: agency for agency in agencies}.values(), key=lambda agency: agency.id)
