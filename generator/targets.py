"""Stage 3c, targets (chỉ tiêu): every number a plan commits to.

Guarantees:

* A target is a number followed by a unit of commitment (``%``, ``%/năm``,
  ``lao động``, ``người``, ``phiên``, ``tỷ đồng``): numbers without one
  (dates, document numbers, "lần thứ 8", "4.0", "04 ngành") never are.
  ``80 - 85%`` is one target with ``value_max``.
* One target per number, in document order: clause titles and blocks as
  :func:`generator.structure.walk` yields them, then appendix tables.
* Every target carries the clause it came from and a quote: the sentence or
  ``;``-separated fragment holding the number, an exact substring of that
  clause's title or of one of its blocks. A table row's quote is the row as
  printed (cells separated by one space) and its clause is the one that
  refers to the appendix ("theo Phụ lục"), or the table id when none does.
* The target year or period is, by priority: a year right after the number
  ("80% vào năm 2025"); a year or "Trong 05 năm" earlier in the fragment; a
  year opening the block ("Đến năm 2030: ..."); the last heading before it
  ("- Đến năm 2025", "Phấn đấu đến năm 2025:", a clause titled "Quý I/2023");
  else the plan's own year or period.
* A number in parentheses, or listed after "trong đó" without a measure of
  its own, is a part of the number before it: it keeps that number's
  measure and indicator, and says which part in ``scope``.
* Each target is mapped to the catalogue ``data/registry/indicators.yaml``
  by its measure and the words right after the number ("12 phiên giao dịch
  việc làm"): longest matching pattern, same kind of unit. A target
  that matches nothing keeps ``indicator: None`` and is never dropped.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from generator import catalogue
from generator.context import PlanText
from generator.metadata import PERIOD
from generator.models import Clause, Metadata, Table, Target
from generator.structure import walk
from generator.textutil import (
    VN_NUMBER, collapse_spaces, fold, format_vn_number, is_vn_number, parse_vn_number, statement_spans,
)

# --------------------------------------------------------------------------
# The indicator catalogue
# --------------------------------------------------------------------------

def _words(text: str) -> str:
    """Comparable form: folded, punctuation dropped, padded for whole-word search."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


@functools.cache
def _patterns() -> tuple[tuple[str, catalogue.IndicatorKind], ...]:
    """(pattern, indicator) pairs, longest pattern first: the most specific wins."""
    pairs = [(_words(p), ind) for ind in catalogue.load().indicators for p in ind.patterns]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def match_indicator(measure: str, unit: str) -> str | None:
    """Catalogue id for a measure as phrased in a plan, or None when nothing matches."""
    words = _words(measure)
    kind = catalogue.unit_kind(unit)
    for pattern, indicator in _patterns():
        if pattern in words and catalogue.unit_kind(indicator.unit) == kind:
            return indicator.id
    return None


# --------------------------------------------------------------------------
# Reading numbers, comparators, measures and time in text
# --------------------------------------------------------------------------

NUMBER = VN_NUMBER
QUANTITY = re.compile(
    rf"(?<![\w./,-])(?P<value>{NUMBER})(?:\s*[-–]\s*(?P<max>{NUMBER}))?\s*"
    r"(?P<unit>%\s*/\s*năm|%|tỷ đồng|người lao động|lao động|người|phiên)(?P<per_year>\s*/\s*năm)?(?!\w)",
    re.IGNORECASE,
)
UNIT_NAMES = {"người lao động": "người"}
# A number right after one of these words is a date, a citation or an ordinal, not a count.
NOT_A_COUNT = re.compile(r"\b(?:ngày|tháng|năm|quý|số|điều|khoản|điểm|mục|phần|chương|thứ|khóa)\s*$", re.IGNORECASE)
PARTS = re.compile(r"^[\s,]*trong đó\b", re.IGNORECASE)

COMPARATORS = {
    "không vượt quá": "<=", "không quá": "<=", "tối đa": "<=", "không dưới": ">=", "tối thiểu": ">=",
    "ít nhất": ">=", "dưới": "<", "trên": ">", "khoảng": "~", "đạt": "=", "là": "=",
    "<=": "<=", "≤": "<=", ">=": ">=", "≥": ">=", "<": "<", ">": ">", "~": "~",
}
COMPARATOR = re.compile(
    r"(?:^|(?<=\s))(?P<word>" + "|".join(re.escape(w) for w in sorted(COMPARATORS, key=len, reverse=True))
    + r")(?:\s+mức)?\s*$",
    re.IGNORECASE,
)
AT_LEAST_AFTER = re.compile(r"\s*trở lên\b", re.IGNORECASE)

# Time phrases: 'đến năm 2025', 'vào năm 2030', 'Phấn đấu đến hết năm 2025:'.
PREPOSITION = r"(?:đến|vào|tới|trong|cuối)"
YEAR = r"(?:hết\s+)?năm\s+(?P<year>\d{4})\b"
YEAR_AT = rf"{PREPOSITION}\s+{YEAR}"
YEAR_IN = re.compile(rf"\b{YEAR_AT}", re.IGNORECASE)
YEAR_AFTER = re.compile(rf"\s*(?:{PREPOSITION}\s+)?{YEAR}", re.IGNORECASE)
DURATION = re.compile(r"\btrong\s+\d{1,2}\s+năm\b", re.IGNORECASE)
BLOCK_LEAD = re.compile(rf"^\s*(?:phấn đấu\s+)?{YEAR_AT}\s*[:,]", re.IGNORECASE)
HEADING_YEAR = re.compile(rf"^\s*(?:phấn đấu\s+)?(?:{PREPOSITION}\s+)?{YEAR}\s*:?\s*$", re.IGNORECASE)
HEADING_QUARTER = re.compile(
    r"^\s*quý\s+(?P<quarter>IV|I{1,3}|[1-4])\s*/\s*(?P<year>\d{4})\s*:?\s*$", re.IGNORECASE
)

# What a measure starts with: the measured noun, or the job-creation verb.
HEAD = re.compile(
    r"\b(?:tỷ lệ|tỉ lệ|tỷ trọng|tốc độ|chỉ số|giải quyết việc làm|tạo việc làm|xuất khẩu lao động)\b",
    re.IGNORECASE,
)
GENERIC_MEASURES = {" ty le ", " ti le ", " ty trong "}
LEADING_FILLER = re.compile(
    r"^(?:[\s,;:.()\-–]+|(?:trong đó|và|phấn đấu|duy trì|giữ vững|đảm bảo|bảo đảm|góp phần)\b"
    rf"|trong\s+\d{{1,2}}\s+năm\b|{YEAR_AT})",
    re.IGNORECASE,
)
TRAILING_FILLER = re.compile(r"(?:[\s,;:(\-–]+|(?<!\w)(?:ở mức thấp|ở mức|mức|là|cho|đạt|chiếm|còn))$", re.IGNORECASE)
LONG_MEASURE_WORDS = 10

QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

AREA_SCOPES = (("thành thị", (" thanh thi ", " do thi ")), ("nông thôn", (" nong thon ",)))
APPENDIX = re.compile(r"phụ lục(?:\s+(?:số\s+)?0*(?P<number>\d+))?", re.IGNORECASE)
TABLE_UNIT = re.compile(r"\s*\((?P<unit>[^)]*)\)\s*$")
TABLE_YEAR = re.compile(r"\bnăm\s+(?P<year>\d{4})\b", re.IGNORECASE)
ORDINAL_COLUMN = re.compile(r"^(?:stt|số tt|tt)$", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    """A target year, a period ('2023-2025', 'Q1/2023'), or both."""

    year: int | None = None
    period: str | None = None


def _heading(text: str) -> When | None:
    """The time a heading line sets for what follows it: 'Đến năm 2025', 'Quý I/2023'."""
    if match := HEADING_QUARTER.match(text):
        quarter = QUARTERS.get(match["quarter"].lower()) or int(match["quarter"])
        return When(int(match["year"]), f"Q{quarter}/{match['year']}")
    if match := HEADING_YEAR.match(text):
        return When(int(match["year"]))
    return None


def _plan_when(metadata: Metadata) -> tuple[When, When]:
    """(default time of an undated target, the plan's stage for 'Trong 05 năm')."""
    stage = PERIOD.search(metadata.title)
    start, end = (int(stage[1]), int(stage[2])) if stage else (metadata.period_start, metadata.period_end)
    if start is None or end is None:
        return When(), When()
    period = When(period=f"{start}-{end}")
    return (When(year=start) if start == end else period), period


def _fragments(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences and ';'-separated parts of a text, outside parentheses."""
    return [(start, end) for start, end, _ in statement_spans(text) if text[start:end].strip()]


def _trim(text: str) -> str:
    """Drop leading connectors and time phrases, trailing comparator fillers."""
    previous = None
    while previous != text:
        previous = text
        text = LEADING_FILLER.sub("", text, count=1)
        text = TRAILING_FILLER.sub("", text, count=1)
    return collapse_spaces(text)


def _measure(span: str) -> str:
    """What a number measures, from the text before it (comparator already cut)."""
    heads = list(HEAD.finditer(span))
    if heads:
        span = span[heads[-1].start():]
    elif "," in span and len(span.split()) > LONG_MEASURE_WORDS:
        span = span[span.rindex(",") + 1:]
    return _trim(span)


def _after(fragment: str, start: int, stop: int) -> tuple[str, int]:
    """The words right after a number, up to the next punctuation or number.

    Also returns where the next number's own text starts: after those words
    when punctuation closes them ('55 phiên GDVL, trong đó 53 ...'), else
    right after the number, since they may open the next measure.
    """
    tail = fragment[start:stop]
    cut = re.search(r"[,;.(]", tail)
    if cut:
        return _trim(tail[: cut.start()]), start + cut.start()
    return _trim(tail), start


def _scope(measure: str) -> str | None:
    """Population a measure is about: 'thanh niên', 'thành thị', 'thanh niên nông thôn'."""
    words = _words(measure)
    parts = [" thanh nien " in words and "thanh niên"]
    parts += [name for name, keys in AREA_SCOPES if any(k in words for k in keys)]
    return " ".join(p for p in parts if p) or None


def _join(*parts: str | None) -> str | None:
    return ", ".join(p for p in parts if p) or None


# --------------------------------------------------------------------------
# Targets in clause text
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """One number as the text states it, before it becomes a target."""

    value: int | float
    value_max: int | float | None
    unit: str
    comparator: str
    when: When
    measure: str  # from the words before the number; '' when there are none
    after: str  # the words right after it: for '55 phiên GDVL', 'GDVL'
    in_parentheses: bool
    opens_parts: bool  # 'trong đó 53 phiên ...': a part, with no measure of its own


@dataclass
class _Segment:
    """One title or block of a clause, read number by number."""

    clause_id: str
    when: When  # the time that applies unless the text says otherwise
    stage: When
    targets: list[Target] = field(default_factory=list)
    whole: tuple[Target, str] | None = None  # the last whole number and its 'after': what parts belong to
    listing_parts: bool = False  # inside a 'trong đó ...' list of parts

    def add(self, reading: _Reading, quote: str) -> None:
        """Record a number as a part of the last whole one, or as a whole target."""
        common = dict(
            comparator=reading.comparator, value=reading.value, value_max=reading.value_max, unit=reading.unit,
            year=reading.when.year, period=reading.when.period, clause_id=self.clause_id, quote=quote,
        )
        if self._is_part(reading):
            whole, whole_after = self.whole
            qualifier = reading.measure or _strip_prefix(reading.after, whole_after)
            self.listing_parts = not reading.in_parentheses
            self.targets.append(Target(
                indicator=whole.indicator, measure=whole.measure, scope=_join(whole.scope, qualifier), **common
            ))
            return
        measure = self._whole_measure(reading, quote)
        indicator = match_indicator(f"{measure} {reading.after}", reading.unit)
        target = Target(indicator=indicator, measure=measure, scope=_scope(measure), **common)
        self.targets.append(target)
        self.whole, self.listing_parts = (target, reading.after), False

    def _is_part(self, reading: _Reading) -> bool:
        if self.whole is None:
            return False
        listed = (reading.opens_parts or self.listing_parts) and not reading.measure
        return reading.in_parentheses or (listed and reading.unit == self.whole[0].unit)

    def _whole_measure(self, reading: _Reading, quote: str) -> str:
        """The measure as phrased; 'tỷ lệ' alone or nothing refers back to the one before."""
        previous = self.targets[-1].measure if self.targets else ""
        if _words(reading.measure) in GENERIC_MEASURES:
            return previous or reading.after or reading.measure
        return reading.measure or reading.after or previous or collapse_spaces(quote)


def _segment_targets(text: str, segment: _Segment) -> list[Target]:
    if lead := BLOCK_LEAD.match(text):
        segment.when = When(int(lead["year"]))
    for start, end in _fragments(text):
        fragment = text[start:end]
        quantities = [
            q for q in QUANTITY.finditer(fragment)
            if not NOT_A_COUNT.search(fragment, 0, q.start()) and is_vn_number(q["value"])
            and (q["max"] is None or is_vn_number(q["max"]))
        ]
        when, position = segment.when, 0
        for index, quantity in enumerate(quantities):
            stop = quantities[index + 1].start() if index + 1 < len(quantities) else len(fragment)
            reading, when, position = _read(fragment, quantity, position, stop, when, segment.stage)
            segment.add(reading, fragment.strip())
    return segment.targets


def _read(
    fragment: str, quantity: re.Match, start: int, stop: int, when: When, stage: When
) -> tuple[_Reading, When, int]:
    """Read the number ``quantity`` of a fragment whose own words start at ``start``.

    Returns the reading, the time that holds for the rest of the fragment and
    where the next number's own words start.
    """
    before = fragment[start: quantity.start()]
    comparator = COMPARATOR.search(before)
    if comparator:
        before = before[: comparator.start()]
    if year := YEAR_IN.search(before):
        when = When(int(year["year"]))
    elif DURATION.search(before):
        when = stage
    trailing = YEAR_AFTER.match(fragment, quantity.end())
    end = trailing.end() if trailing else quantity.end()
    symbol = COMPARATORS[comparator["word"].lower()] if comparator else "="
    after, next_start = _after(fragment, end, stop)
    opening = fragment[: quantity.start()]
    measure = _measure(before)
    reading = _Reading(
        value=parse_vn_number(quantity["value"]),
        value_max=parse_vn_number(quantity["max"]) if quantity["max"] else None,
        unit=_unit(quantity),
        comparator=">=" if AT_LEAST_AFTER.match(fragment, end) else symbol,
        when=When(int(trailing["year"])) if trailing else when,
        measure=measure,
        after=after,
        in_parentheses=opening.count("(") > opening.count(")"),
        opens_parts=not measure and PARTS.match(before) is not None,
    )
    return reading, when, next_start


def _unit(quantity: re.Match) -> str:
    """'% / năm' -> '%/năm', 'người lao động' -> 'người', '1.300 lao động/năm' -> 'lao động/năm'."""
    unit = re.sub(r"\s*/\s*", "/", quantity["unit"].lower())
    return UNIT_NAMES.get(unit, unit) + ("/năm" if quantity["per_year"] else "")


def _strip_prefix(text: str, prefix: str) -> str:
    """'GDVL hàng ngày' less the whole's own 'GDVL': the part's qualifier 'hàng ngày'."""
    words, head = text.split(), prefix.split()
    if head and [w.lower() for w in words[: len(head)]] == [w.lower() for w in head]:
        words = words[len(head):]
    return " ".join(words)


def _clause_targets(clause: Clause, when: When, stage: When) -> list[Target]:
    """Targets of one clause (not its children), and of its title."""
    targets = _segment_targets(clause.title, _Segment(clause.id, when, stage))
    for block in clause.blocks:
        if heading := _heading(block.text):
            when = heading
            continue
        targets += _segment_targets(block.text, _Segment(clause.id, when, stage))
    return targets


def _tree_targets(clauses: list[Clause], when: When, stage: When) -> list[Target]:
    """Targets of clauses and their descendants; a heading title sets the time below it."""
    targets: list[Target] = []
    for clause in clauses:
        clause_when = _heading(clause.title) or when
        targets += _clause_targets(clause, clause_when, stage)
        targets += _tree_targets(clause.children, clause_when, stage)
    return targets


# --------------------------------------------------------------------------
# Targets in appendix tables
# --------------------------------------------------------------------------


def _row_text(row: list) -> str:
    cells = ["" if cell is None else cell if isinstance(cell, str) else format_vn_number(cell) for cell in row]
    return collapse_spaces(" ".join(cells))


def _appendix_clause(clauses: list[Clause], table: Table) -> str:
    """The clause that refers to this table's appendix, or the table id."""
    number = table.id.rsplit("-", 1)[-1]
    for clause in walk(clauses):
        for text in [clause.title] + [block.text for block in clause.blocks]:
            for match in APPENDIX.finditer(text):
                if match["number"] in (None, number):
                    return clause.id
    return table.id


def _table_targets(text: PlanText, default: When) -> list[Target]:
    """One target per row and value column of each table of targets ('Chỉ tiêu ...')."""
    targets = []
    for table in text.tables:
        label = next((i for i, c in enumerate(table.columns) if c.type == "text"), None)
        values = [
            i for i, c in enumerate(table.columns) if c.type != "text" and not ORDINAL_COLUMN.match(c.name.strip())
        ]
        headers = " ".join([table.title] + [table.columns[i].name for i in values])
        if label is None or "chi tieu" not in fold(headers):
            continue
        year = TABLE_YEAR.search(table.title)
        when = When(int(year["year"])) if year else default
        clause_id = _appendix_clause(text.clauses, table)
        for row in table.rows:
            for column in values:
                if row[column] is None:
                    continue
                header = table.columns[column].name
                unit_match = TABLE_UNIT.search(header)
                unit = unit_match["unit"].lower() if unit_match else ""
                measure = TABLE_UNIT.sub("", header)
                targets.append(Target(
                    indicator=match_indicator(f"{measure} {table.title}", unit), measure=measure, comparator="=",
                    value=row[column], unit=unit, year=when.year, period=when.period, scope=row[label],
                    clause_id=clause_id, quote=_row_text(row),
                ))
    return targets


def extract_targets(text: PlanText) -> list[Target]:
    """Every target of a plan, in document order: clause text first, then appendix tables."""
    default, stage = _plan_when(text.metadata)
    return _tree_targets(text.clauses, default, stage) + _table_targets(text, default)
