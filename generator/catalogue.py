"""The registries of ``data/registry/``, every entry validated by one model, the same way.

Each registry file is a YAML list (read with :func:`generator.registry.load_registry`:
limits, safe ids, no duplicate keys); :func:`read` turns its entries into
instances of the registry's pydantic model (:data:`MODELS`).

Guarantees: :func:`read` returns the entries in file order, each an instance of
its model with every field of the right type and every value allowed; an entry
that does not fit (a field missing, of the wrong type or not allowed, a field
the model does not know, an id given twice) is a :class:`PlanError` naming the
file, the line of the entry, the entry (its id or name) and the field, in
Vietnamese. What an entry means for another registry (an old province in no
reform entry, an agency type that does not exist) is checked by the module that
reads it, with the same kind of message.

:func:`load` reads every registry once into one :class:`Catalogue`: the
stages take their registry entries from it, ``check`` loads it to report the
first malformed entry, and the site indexes plans against it.
"""
from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator import registry
from generator.errors import PlanError
from generator.registry import entry_line, load_registry

Text = Field(min_length=1)


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalityAliases(Entry):
    """``localities.yaml``: other names of a province or district of the map before 1 July 2025."""

    id: str = Text
    aliases: tuple[str, ...] = Field(min_length=1)


class TodayProvince(Entry):
    """``reform-2025.yaml``: a province from 1 July 2025 and the old ones it was formed from."""

    id: str = Text
    formed_from: tuple[str, ...] = Field(min_length=1)


class Abbreviation(Entry):
    """``agencies.yaml``: short forms expanded before agency names are matched."""

    abbreviation: tuple[str, ...] = Field(min_length=1)
    means: str = Text


class AgencyKind(Entry):
    """``agencies.yaml``: a type of body plans assign tasks to or cite documents of."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Text
    levels: tuple[Literal["national", "province", "district", "department"], ...] = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    collective: bool = False
    local_name: str | dict[str, str] | None = None
    heads: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    @property
    def is_national(self) -> bool:
        return self.levels == ("national",)

    @property
    def is_unit(self) -> bool:
        """A unit inside a Sở: only meaningful in that Sở's own plan."""
        return self.levels == ("department",)

    def name_template(self, level: str) -> str:
        """Template of one body's canonical name at ``level`` ('province' or 'district')."""
        if isinstance(self.local_name, dict):
            return self.local_name.get(level) or self.local_name.get("*") or "{name} {locality}"
        return self.local_name or "{name} {locality}"


UNIT_KIND = {"lao động": "người"}
"""Units that count the same thing: a target maps only to an indicator of its kind."""


def unit_kind(unit: str) -> str:
    """What ``unit`` counts: 'lao động' and 'người' both count people."""
    return UNIT_KIND.get(unit, unit)


class IndicatorKind(Entry):
    """``indicators.yaml``: an indicator (chỉ tiêu) and the phrases that name it."""

    id: str = Text
    name: str = Text
    name_en: str = Text
    unit: str = Text
    better: Literal["lower", "higher"]
    patterns: tuple[str, ...] = Field(min_length=1)
    description: str | None = None


class Successor(Entry):
    type: str = Text
    work: str = Text


class Ending(Entry):
    """``agency-reform-2025.yaml``: an agency type that ended and who took its work."""

    type: str = Text
    until: datetime.date
    successors: tuple[Successor, ...] = Field(min_length=1)


MODELS: dict[str, Callable[[dict], type[Entry]]] = {
    "localities": lambda entry: LocalityAliases,
    "reform-2025": lambda entry: TodayProvince,
    "agencies": lambda entry: Abbreviation if "abbreviation" in entry else AgencyKind,
    "indicators": lambda entry: IndicatorKind,
    "agency-reform-2025": lambda entry: Ending,
}
"""Each registry and the model of its entries (agencies.yaml holds two kinds)."""

REASONS = {
    "missing": "thiếu",
    "extra_forbidden": "không phải trường của mục này",
    "too_short": "không được để trống",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "phải là slug ASCII (chữ thường, số, '-')",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
}


def _reason(error: dict) -> str:
    if error["type"] == "literal_error":
        return f"phải là một trong: {error['ctx']['expected'].replace(' or ', ' hoặc ')}"  # pydantic's list is English
    if error["type"] in REASONS:
        return REASONS[error["type"]]
    if error["type"].endswith("_type"):
        return f"sai kiểu ({error['type'].removesuffix('_type')})"
    return error["msg"]


@functools.cache
def read(name: str) -> tuple[Entry, ...]:
    """The entries of registry ``name`` as instances of its model (see the module doc)."""
    path = str(registry.REGISTRY_DIR / f"{name}.yaml")
    entries, seen = [], set()
    for index, raw in enumerate(load_registry(name)):
        model = MODELS[name](raw)
        label = raw.get("id") or raw.get("name") or raw.get("type") or raw.get("abbreviation") or f"thứ {index + 1}"
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "?"
            raise PlanError(path, f"mục {label!s}: trường '{field}' {_reason(first)}", entry_line(name, index)) from None
        key = getattr(entry, "id", None)
        if key is not None:
            if key in seen:
                raise PlanError(path, f"mục {key}: 'id' đã có ở một mục trước", entry_line(name, index))
            seen.add(key)
        entries.append(entry)
    return tuple(entries)


@dataclass(frozen=True)
class Catalogue:
    """Every registry, validated: what extraction, ``check`` and the site know."""

    locality_aliases: tuple[LocalityAliases, ...]
    provinces_today: tuple[TodayProvince, ...]
    abbreviations: tuple[Abbreviation, ...]
    agency_kinds: tuple[AgencyKind, ...]
    indicators: tuple[IndicatorKind, ...]
    agency_endings: tuple[Ending, ...]


@functools.cache
def load() -> Catalogue:
    """Every registry of :data:`MODELS`, read once; the first malformed entry is the PlanError."""
    agencies = read("agencies")
    return Catalogue(
        locality_aliases=read("localities"),
        provinces_today=read("reform-2025"),
        abbreviations=tuple(entry for entry in agencies if isinstance(entry, Abbreviation)),
        agency_kinds=tuple(entry for entry in agencies if isinstance(entry, AgencyKind)),
        indicators=read("indicators"),
        agency_endings=read("agency-reform-2025"),
    )
