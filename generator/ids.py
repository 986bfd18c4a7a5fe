"""Identifiers that become paths, URLs or anchors: what a safe one looks like.

Every id the site turns into a file or a link (plan, agency, locality,
indicator, cited document, clause, table) and every source file name is
checked here, wherever it enters: extraction (the models), hand corrections
(loading merges the override, then validates), registries (their loaders call
:func:`check`). The site then only ever joins checked ids under its folder.

Guarantees:

* A checked id is ASCII, non-empty, made of segments of ``[a-z0-9]`` words
  joined by ``-`` (clause ids also allow upper case and ``_``), at most
  :data:`MAX_SEGMENT` characters per segment and :data:`MAX_LENGTH` in all.
  Only agency and locality ids have ``/`` between segments; only clause ids
  have ``.`` between segments. So no checked id is ``..``, starts or ends with
  a separator, holds two separators in a row, a backslash, a space or ``%``,
  and every segment fits in a file name (255 bytes) with any suffix the site
  adds (``.html``, ``.yaml``).
* Ids that name the site's own pages (``index``, and the listing folders
  :data:`RESERVED`) are refused, so an entity page can never take a listing's
  path.
* A source file name (:data:`SourceName`) is a bare, non-empty name of at most
  255 UTF-8 bytes with no separator, no control character and not ``.`` or
  ``..``; any other Unicode (spaces, diacritics, ``%``, ``#``, ``?``, quotes)
  is kept as received.
* Messages are one line in Vietnamese naming the id, for ``LỖI`` lines.

The Annotated types carry the same rule as a JSON Schema ``pattern`` (and
``maxLength``), so the published schema states it too.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from generator.textutil import slugify

MAX_SEGMENT = 200
"""Longest segment: a file name is at most 255 bytes, and the site adds a suffix."""

MAX_LENGTH = 400
"""Longest id, all segments together."""

_WORD = "[a-z0-9]+"
_SLUG = f"{_WORD}(?:-{_WORD})*"
_CLAUSE_WORD = "[A-Za-z0-9_]+"
_CLAUSE_SEGMENT = f"{_CLAUSE_WORD}(?:-{_CLAUSE_WORD})*"


@dataclass(frozen=True)
class IdKind:
    """One kind of id: its segment pattern, separator and reserved values."""

    name: str  # what a curator reads: "mã kế hoạch"
    segment: str  # regular expression of one segment
    separator: str | None = None  # between segments; None: one segment only
    reserved: frozenset[str] = frozenset()  # whole ids taken by the site's own pages
    reserved_first: frozenset[str] = frozenset()  # first segments taken by listing folders
    paths: bool = True  # becomes a file path: no segment may be 'index'

    @property
    def pattern(self) -> str:
        if self.separator is None:
            return f"^{self.segment}$"
        return f"^{self.segment}(?:{re.escape(self.separator)}{self.segment})*$"

    @property
    def rule(self) -> str:
        """The rule in words, for error messages."""
        letters = "chữ a-z, A-Z, số 0-9, '-' và '_'" if self.segment == _CLAUSE_SEGMENT else "chữ thường a-z, số 0-9 và '-'"
        joined = f", các phần nối bằng '{self.separator}'" if self.separator else ""
        return f"chỉ gồm {letters}{joined}, mỗi phần tối đa {MAX_SEGMENT} ký tự"


RESERVED = {
    "indicator": frozenset({"chua-phan-loai"}),  # chi-tieu/chua-phan-loai: the unclassified targets
    "agency": frozenset({"loai", "dia-phuong"}),  # co-quan/loai/<type>, co-quan/dia-phuong/<province>
}
"""Names the listings of :mod:`generator.site.urls` use inside an entity's folder."""

PLAN = IdKind("mã kế hoạch", _SLUG)
DOCUMENT = IdKind("mã văn bản", _SLUG)
INDICATOR = IdKind("mã chỉ tiêu", _SLUG, reserved=RESERVED["indicator"])
TABLE = IdKind("mã bảng", _SLUG, paths=False)
AGENCY = IdKind("mã cơ quan", _SLUG, "/", reserved_first=RESERVED["agency"])
LOCALITY = IdKind("mã địa phương", _SLUG, "/")
CLAUSE = IdKind("mã mục", _CLAUSE_SEGMENT, ".", paths=False)
ANCHOR = IdKind("mã mục hoặc bảng", _CLAUSE_SEGMENT, ".", paths=False)
"""A reference to a clause or a table of the same plan (both are anchors)."""
REGISTRY = IdKind("mã trong sổ đăng ký", _SLUG)

_COMPILED: dict[IdKind, re.Pattern] = {}


def problem(kind: IdKind, value: object) -> str | None:
    """Why ``value`` is not a safe id of ``kind`` (one Vietnamese line), or None."""
    if not isinstance(value, str):
        return f"{kind.name} phải là chuỗi ký tự, không phải {type(value).__name__}"
    return _string_problem(kind, value)


@functools.lru_cache(maxsize=1 << 16)
def _string_problem(kind: IdKind, value: str) -> str | None:
    """:func:`problem` of a string: the same ids recur in every plan (its clauses, agencies and
    indicators), and the site checks ten thousand plans on each build."""
    shown = _shown(value)
    if len(value) > MAX_LENGTH:
        return f"{kind.name} dài {len(value)} ký tự, quá {MAX_LENGTH}: {shown}"
    pattern = _COMPILED.get(kind) or _COMPILED.setdefault(kind, re.compile(kind.pattern))
    if not pattern.match(value):
        return f"{kind.name} {shown} không dùng được làm đường dẫn: {kind.rule}"
    segments = value.split(kind.separator) if kind.separator else [value]
    if any(len(segment) > MAX_SEGMENT for segment in segments):
        return f"{kind.name} {shown} có phần dài quá {MAX_SEGMENT} ký tự"
    taken = (kind.paths and "index" in segments) or value in kind.reserved
    if taken or (len(segments) > 1 and segments[0] in kind.reserved_first):
        return f"{kind.name} {shown} trùng với đường dẫn dành cho trang danh sách của trang web"
    return None


def check(kind: IdKind, value: object) -> str:
    """``value`` if it is a safe id of ``kind``; otherwise ValueError with :func:`problem`'s line."""
    reason = problem(kind, value)
    if reason is not None:
        raise ValueError(reason)
    return value  # type: ignore[return-value]


def source_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be a file name inside ``data/sources/``, or None."""
    if not isinstance(name, str) or not name:
        return "tên tệp nguồn phải là một chuỗi không rỗng"
    if name in (".", ".."):
        return f"tên tệp nguồn {name!r} không hợp lệ"
    if "/" in name or "\\" in name:
        return f"tên tệp nguồn {_shown(name)} phải là tên trong data/sources/, không chứa '/' hay '\\'"
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in name):
        return f"tên tệp nguồn {_shown(name)} chứa ký tự điều khiển hoặc không phải UTF-8"
    if len(name.encode("utf-8")) > 255:
        return f"tên tệp nguồn dài quá 255 byte: {_shown(name)}"
    return None


def check_source_name(name: object) -> str:
    reason = source_name_problem(name)
    if reason is not None:
        raise ValueError(reason)
    return name  # type: ignore[return-value]


def plan_id_from_source(name: str) -> str:
    """A readable plan id from a source file name: 'Kế hoạch 21 Hà Nội.txt' ->
    'ke-hoach-21-ha-noi'; a name with nothing readable gets 'ke-hoach-<hash>'.

    Deterministic, and always a valid :data:`PLAN` id.
    """
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    slug = slugify(stem)[:100].strip("-")
    if not slug or problem(PLAN, slug):
        slug = f"ke-hoach-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return slug


def _shown(value: str) -> str:
    """``value`` quoted for a one-line message, cut when very long."""
    text = value if len(value) <= 80 else value[:60] + "…"
    return repr(text)


def _annotated(kind: IdKind):
    schema = {"pattern": kind.pattern, "maxLength": MAX_LENGTH}
    return Annotated[str, AfterValidator(lambda value: check(kind, value)), Field(json_schema_extra=schema)]


PlanId = _annotated(PLAN)
DocumentId = _annotated(DOCUMENT)
IndicatorId = _annotated(INDICATOR)
TableId = _annotated(TABLE)
AgencyId = _annotated(AGENCY)
LocalityId = _annotated(LOCALITY)
ClauseId = _annotated(CLAUSE)
AnchorId = _annotated(ANCHOR)
SourceName = Annotated[str, AfterValidator(check_source_name), Field(json_schema_extra={"minLength": 1})]
