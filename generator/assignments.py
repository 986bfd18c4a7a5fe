"""Stage 3d, assignments (phân công): which bodies a plan gives tasks to.

Guarantees:

* Assignments are read from assigning clauses: inside an implementation
  section ('TỔ CHỨC THỰC HIỆN', 'Phân công ...', 'Chế độ báo cáo'), every
  clause whose heading - or, for a clause without a heading, whose first
  sentence - starts with a body's name; anywhere, every clause headed
  'Giao ...' or 'Đề nghị ...' followed by a body's name. A heading that names
  no body ('Chế độ thông tin báo cáo') is not an assignment.
* One assignment per body per clause: a heading naming two bodies ('Hội Liên
  hiệp Phụ nữ Việt Nam quận, Quận Đoàn') gives two.
* ``request`` is True exactly when the heading or sentence starts with
  'Đề nghị' (a body the issuer does not command).
* ``agency_name`` is the name as written. ``quote`` (the heading, or the
  opening sentences of a clause without one) is an exact substring of one
  passage of the clause; ``task`` (the text after the name) is an exact
  substring of the clause's heading and blocks joined by spaces, except that a task
  cut inside a sentence ends in ' …'. Both are cut at a sentence end where
  one falls within the length limit.
* Every named body resolves to an :class:`Agency` (an unknown one with
  ``review=True``). The agencies returned are the plan's issuer and every
  assigned body, unique and sorted by id; assignments are in document order.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.agencies import body_phrase, issuer_scope, split_bodies, starts_with_body, unique
from generator.context import PlanText
from generator.models import Agency, Assignment, Clause
from generator.textutil import fold

TASK_LIMIT = 400
_SECTION = re.compile(r"^(?:to chuc thuc hien|phan cong|che do (?:thong tin )?bao cao)")
_LEAD = re.compile(r"(?P<verb>Đề nghị|Giao)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+")


@dataclass(frozen=True)
class Heading:
    """What an assigning clause says: the bodies it names, whether they are asked
    ('Đề nghị'), the quote naming them and the task they are given."""

    names: list[str]
    request: bool
    quote: str
    task: str


def extract_assignments(text: PlanText) -> tuple[list[Agency], list[Assignment]]:
    """The plan's agencies (issuer and assignees) and its assignments."""
    scope, issuer = issuer_scope(text.metadata)
    agencies = [issuer] if issuer else []
    assignments = []
    for clause in assigning_clauses(text.clauses):
        heading = read_heading(clause)
        for name in heading.names:
            agency = scope.resolve(name)
            agencies.append(agency)
            assignments.append(
                Assignment(
                    agency=agency.id,
                    agency_name=name,
                    request=heading.request,
                    clause_id=clause.id,
                    task=heading.task,
                    quote=heading.quote,
                )
            )
    return unique(agencies), _unique_assignments(assignments)


def assignees_by_clause(assignments: list[Assignment]) -> dict[str, list[str]]:
    """Agency ids assigned in each assigning clause, in heading order."""
    result: dict[str, list[str]] = {}
    for assignment in assignments:
        result.setdefault(assignment.clause_id, []).append(assignment.agency)
    return result


# ---------------------------------------------------------------- which clauses


def is_implementation_section(clause: Clause) -> bool:
    """'TỔ CHỨC THỰC HIỆN', 'Phân công thực hiện ...', 'Chế độ (thông tin) báo cáo'."""
    return bool(_SECTION.match(fold(clause.title)))


def assigning_clauses(clauses: list[Clause], in_section: bool = False) -> Iterator[Clause]:
    """Assigning clauses in document order (see the module's guarantees)."""
    for clause in clauses:
        inside = in_section or is_implementation_section(clause)
        if _assigns(clause, inside):
            yield clause
        yield from assigning_clauses(clause.children, inside)


def _assigns(clause: Clause, in_section: bool) -> bool:
    """'Giao/Đề nghị <body>' anywhere; '<body> ...' inside an implementation section."""
    lead_text = clause.title or (clause.blocks[0].text if clause.blocks else "")
    lead = _LEAD.match(lead_text)
    if lead:
        return starts_with_body(lead_text[lead.end():])
    return in_section and not is_implementation_section(clause) and starts_with_body(lead_text)


# ---------------------------------------------------------------- reading a clause


def read_heading(clause: Clause) -> Heading:
    """Bodies, request flag, quote and task of an assigning clause."""
    if clause.title:
        lead_text, rest = clause.title, [block.text for block in clause.blocks]
        quote = clause.title
    else:
        lead_text, rest = clause.blocks[0].text, [block.text for block in clause.blocks[1:]]
        quote = shorten(lead_text, ellipsis="")
    lead = _LEAD.match(lead_text)
    start = lead.end() if lead else 0
    phrase = body_phrase(lead_text[start:])
    after = lead_text[start + len(phrase):].lstrip(" :,")
    task = " ".join(part for part in (after, *rest) if part)
    return Heading(
        names=split_bodies(phrase),
        request=bool(lead) and fold(lead["verb"]) == "de nghi",
        quote=quote,
        task=shorten(task),
    )


def shorten(text: str, limit: int = TASK_LIMIT, ellipsis: str = " …") -> str:
    """The first sentences of ``text`` within ``limit`` characters.

    A first sentence longer than the limit is cut at a word and ends in ``ellipsis``.
    """
    if len(text) <= limit:
        return text
    ends = [match.start() for match in _SENTENCE_END.finditer(text) if match.start() <= limit]
    if ends:
        return text[:ends[-1]]
    return text[:text.rfind(" ", 0, limit)] + ellipsis


def _unique_assignments(assignments: list[Assignment]) -> list[Assignment]:
    """One assignment per agency per clause, the first one written."""
    seen: set[tuple[str, str]] = set()
    result = []
    for assignment in assignments:
        key = (assignment.clause_id, assignment.agency)
        if key not in seen:
            seen.add(key)
            result.append(assignment)
    return result
