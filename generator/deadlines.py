"""Stage 3e, deadlines: who reports to whom, when and how often; what must be finished by when.

Guarantees:

* A deadline is read from one statement - a sentence, or the part of one
  between two ';' outside brackets - that speaks of reporting ('báo cáo') or
  completion ('hoàn thành', 'hoàn tất') and states a time:
  'trước ngày 15/6/2023' is once (due '2023-06-15'); 'trước ngày 05 tháng 11
  hàng năm' is yearly ('--11-05'); 'trước ngày 15 hàng tháng' is monthly
  ('---15'); 'đột xuất', 'khi có yêu cầu' is on-request; an undated 'hàng
  tháng', 'hàng quý', '6 tháng', 'hàng năm' or bare 'định kỳ' is monthly,
  quarterly, half-yearly, yearly or periodic (due null).
* Undated periods count only inside an implementation section ('TỔ CHỨC THỰC
  HIỆN', 'Chế độ báo cáo'), where they are about the plan's own reports; a
  dated deadline counts anywhere. A completion deadline must be dated.
* Each stated time gives one deadline. A period that dates refine ('định kỳ 6
  tháng và năm (báo cáo 06 tháng trước ngày 15/6/2023, báo cáo năm trước ngày
  15/12/2023)') gives the dated deadlines only.
* reporters are the bodies the statement names as its subject, else those of
  an earlier statement of the same sentence, else the bodies the clause (or
  its nearest assigning ancestor) is assigned to. recipient is the first body
  the report goes to ('gửi', 'gửi về', 'về', 'trình', 'báo cáo <body>'), else
  that of another statement of the same sentence. A body is given by its
  agency id when it is one of the plan's agencies, else by its name as written.
* quote is the statement, an exact substring of one block (or the heading) of
  clause_id. Deadlines are in document order, without duplicates.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.agencies import Scope, body_phrase, issuer_scope, split_bodies, starts_with_body
from generator.assignments import assignees_by_clause, is_implementation_section
from generator.context import PlanText
from generator.models import Agency, Assignment, Clause, Deadline, Frequency
from generator.textutil import statement_spans

_BEFORE = r"(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|không muộn hơn)\s+ngày\s+"
_FULL_DATE = re.compile(
    _BEFORE + r"(?P<day>\d{1,2})\s*(?:/|-|tháng\s+)(?P<month>\d{1,2})\s*(?:/|-|năm\s+)(?P<year>\d{4})", re.IGNORECASE
)
_MONTH_DAY = re.compile(_BEFORE + r"(?P<day>\d{1,2})\s+(?:hàng|hằng)\s+tháng", re.IGNORECASE)
_DAY_MONTH = re.compile(
    _BEFORE + r"(?P<day>\d{1,2})\s*(?:/|tháng\s+)(?P<month>\d{1,2})\b(?!\s*(?:/|-|năm)\s*\d)", re.IGNORECASE
)
_YEARLY = re.compile(r"(?:hàng|hằng|mỗi)\s+năm", re.IGNORECASE)
_ON_REQUEST = re.compile(r"đột xuất|khi có yêu cầu|theo yêu cầu", re.IGNORECASE)
_PERIODS: tuple[tuple[Frequency, re.Pattern], ...] = (
    ("monthly", re.compile(r"(?:hàng|hằng|mỗi)\s+tháng", re.IGNORECASE)),
    ("quarterly", re.compile(r"(?:hàng|hằng|mỗi)\s+quý|định kỳ\s+quý", re.IGNORECASE)),
    ("half-yearly", re.compile(r"\b(?:0?6|sáu)\s+tháng", re.IGNORECASE)),
    ("yearly", re.compile(r"(?:hàng|hằng|mỗi)\s+năm|tháng\s+và\s+năm|báo cáo\s+năm", re.IGNORECASE)),
)
_PERIODIC = re.compile(r"định kỳ", re.IGNORECASE)
_REPORT = re.compile(r"báo cáo", re.IGNORECASE)
_COMPLETION = re.compile(r"hoàn (?:thành|tất)", re.IGNORECASE)
_SUBJECT_MARKER = re.compile(r"(?<!\w)(?:đề nghị|yêu cầu)\s+", re.IGNORECASE)
_ADVERBIAL = re.compile(r"^(?:căn cứ|trên cơ sở|sau khi)[^,]*,\s*", re.IGNORECASE)
_RECIPIENT_MARKER = re.compile(r"(?<!\w)(?:gửi về|gửi|về|trình|báo cáo|lên)\s+", re.IGNORECASE)

Timing = tuple[int, Frequency, str | None]  # (position in the statement, frequency, due)


@dataclass(frozen=True)
class Statement:
    """A sentence or a ';'-part of one: the unit a deadline is read from."""

    text: str
    sentence: int


@dataclass(frozen=True)
class Where:
    """What a statement's clause contributes: its id, whether it lies in an
    implementation section, the bodies it is assigned to, and how names resolve."""

    clause_id: str
    in_section: bool
    assignees: list[str]
    scope: Scope
    known: frozenset[str]

    def reference(self, name: str) -> str:
        """An agency id if the body is one of the plan's agencies, else the name as written."""
        agency_id = self.scope.resolve(name).id
        return agency_id if agency_id in self.known else name


def extract_deadlines(text: PlanText, agencies: list[Agency], assignments: list[Assignment]) -> list[Deadline]:
    """Every reporting or completion deadline of the plan, in document order.

    ``agencies`` and ``assignments`` are what :func:`extract_assignments` found:
    a deadline in an assigned clause is, unless it names its subject, the
    assignee's deadline.
    """
    scope, _ = issuer_scope(text.metadata)
    known = frozenset(agency.id for agency in agencies)
    deadlines: list[Deadline] = []
    for clause, in_section, assignees in _clauses(text.clauses, assignees_by_clause(assignments)):
        where = Where(clause.id, in_section, assignees, scope, known)
        for passage in (clause.title, *(block.text for block in clause.blocks)):
            deadlines.extend(_passage_deadlines(split_statements(passage), where))
    unique = {deadline.model_dump_json(): deadline for deadline in deadlines}
    return list(unique.values())


def _clauses(
    clauses: list[Clause], assigned: dict[str, list[str]], in_section: bool = False, inherited: list[str] | None = None
) -> Iterator[tuple[Clause, bool, list[str]]]:
    """(clause, inside an implementation section, bodies it or its nearest ancestor is assigned to)."""
    for clause in clauses:
        inside = in_section or is_implementation_section(clause)
        assignees = assigned.get(clause.id) or inherited or []
        yield clause, inside, assignees
        yield from _clauses(clause.children, assigned, inside, assignees)


def _passage_deadlines(statements: list[Statement], where: Where) -> Iterator[Deadline]:
    subjects = [_subject(statement.text) for statement in statements]
    recipients = [_recipient(statement.text) for statement in statements]
    for i, statement in enumerate(statements):
        kind = _kind(statement.text)
        timings = _timings_of(kind, statement.text, where.in_section)
        if not timings:
            continue
        same_sentence = [j for j, other in enumerate(statements) if other.sentence == statement.sentence]
        subject = next((subjects[j] for j in reversed(same_sentence) if j <= i and subjects[j]), None)
        reporters = [where.reference(name) for name in subject] if subject else where.assignees
        recipient = recipients[i] or next((recipients[j] for j in same_sentence if recipients[j]), None)
        for _, frequency, due in timings:
            yield Deadline(
                kind=kind,
                reporters=list(dict.fromkeys(reporters)),
                recipient=where.reference(recipient) if recipient else None,
                frequency=frequency,
                due=due,
                clause_id=where.clause_id,
                quote=statement.text,
            )


# ---------------------------------------------------------------- statements


def split_statements(passage: str) -> list[Statement]:
    """Sentences ('. ' before a capital) and their ';'-parts, outside brackets."""
    statements: list[Statement] = []
    for start, end, sentence in statement_spans(passage):
        _add_statement(statements, passage[start:end], sentence)
    return statements


def _add_statement(statements: list[Statement], text: str, sentence: int) -> None:
    text = text.strip().rstrip("./ ").strip()
    if text:
        statements.append(Statement(text, sentence))


# ---------------------------------------------------------------- what and when


def _kind(statement: str) -> str | None:
    """'report' for 'báo cáo', 'completion' for 'hoàn thành', else None."""
    if _REPORT.search(statement):
        return "report"
    if _COMPLETION.search(statement):
        return "completion"
    return None


def _timings_of(kind: str | None, statement: str, in_section: bool) -> list[Timing]:
    """A report may be dated, on request or (in the implementation section)
    periodic; a completion must be dated."""
    if kind == "report":
        return read_timings(statement, undated=in_section)
    if kind == "completion":
        return _dated(statement)
    return []


def read_timings(statement: str, undated: bool = True) -> list[Timing]:
    """The times a statement states, in order; undated periods only if ``undated``
    and only when no date refines them."""
    dated = _dated(statement)
    timings = list(dated)
    on_request = _ON_REQUEST.search(statement)
    if on_request:
        timings.append((on_request.start(), "on-request", None))
    if undated and not dated:
        periods = [(m.start(), frequency, None) for frequency, p in _PERIODS if (m := p.search(statement))]
        periodic = _PERIODIC.search(statement)
        timings.extend(periods or ([(periodic.start(), "periodic", None)] if periodic else []))
    return sorted(timings, key=lambda timing: timing[0])


def _dated(statement: str) -> list[Timing]:
    """Deadlines with a date: full dates, days of every month, days of a month."""
    found: list[Timing] = []
    taken: list[range] = []
    yearly = bool(_YEARLY.search(statement))
    for pattern in (_FULL_DATE, _MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(statement):
            if any(match.start() in span for span in taken):
                continue
            timing = _timing(match, yearly)
            if timing:
                taken.append(range(match.start(), match.end()))
                found.append(timing)
    return found


def _timing(match: re.Match, yearly: bool) -> Timing | None:
    """(position, frequency, due) of a matched date; None for an impossible date."""
    parts = match.groupdict()
    day = int(parts["day"])
    month = int(parts["month"]) if parts.get("month") else 1
    year = int(parts["year"]) if parts.get("year") else 2000  # a leap year admits 29/2
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    if parts.get("year"):
        return match.start(), "once", f"{year:04d}-{month:02d}-{day:02d}"
    if not parts.get("month"):
        return match.start(), "monthly", f"---{day:02d}"
    return match.start(), "yearly" if yearly else "once", f"--{month:02d}-{day:02d}"


# ---------------------------------------------------------------- who


def _subject(statement: str) -> list[str] | None:
    """The bodies a statement names as its subject, as written."""
    candidate = _ADVERBIAL.sub("", statement)
    if not starts_with_body(candidate):
        marker = _SUBJECT_MARKER.search(statement)
        candidate = statement[marker.end():] if marker else ""
    if not starts_with_body(candidate):
        return None
    return split_bodies(body_phrase(candidate)) or None


def _recipient(statement: str) -> str | None:
    """The first body a statement reports or sends to, as written."""
    for marker in _RECIPIENT_MARKER.finditer(statement):
        rest = statement[marker.end():]
        if starts_with_body(rest):
            names = split_bodies(body_phrase(rest))
            if names:
                return names[0]
    return None

