"""The whole extraction of one plan: bytes -> validated :class:`Plan`.

``import -> ingest -> structure -> metadata -> footnotes/tables ->
extractors``; each stage is its own module and a pure function of what the
previous stages made. A PlanError raised after import names the place of its
line in the original file (``trang 3``) as well as the line.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator.assignments import extract_assignments
from generator.citations import extract_citations
from generator.context import PlanText
from generator.deadlines import extract_deadlines
from generator.errors import PlanError, StageFailure
from generator.importers import ImportedText, import_source, located
from generator.ingest import Document, read_document
from generator.metadata import plan_id_for, read_metadata
from generator.models import Clause, Footnote, Plan, Source, SourcePlace
from generator.structure import build_tree, walk
from generator.tables import read_tables
from generator.targets import extract_targets
from generator.textutil import FOOTNOTE_DEF, FOOTNOTE_MARK

T = TypeVar("T")


def run_stage(stage: str, function: Callable[..., T], *args) -> T:
    """Call one stage; bad input (PlanError) passes through, any other exception
    becomes a :class:`StageFailure` naming the stage."""
    try:
        return function(*args)
    except (PlanError, StageFailure):
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in one stage must not stop other plans
        raise StageFailure(stage, exc) from exc


def read_plan_text(imported: ImportedText, file: str) -> PlanText:
    """Stages 1-2 and metadata: the input every extractor reads.

    For a Quyết định issuing an attached plan, the clause tree is the
    decision's articles (``D1``, ``D2`` …) followed by the attached plan's
    clauses, and the preamble is the decision's followed by the plan's; the
    footnotes and tables are the attached plan's.
    """
    doc = run_stage("ingest", read_document, imported.text, file)
    plan_doc = doc.attached or doc
    used_ids: dict[str, int] = {}
    preamble, clauses = [], []
    for part in ([doc, plan_doc] if doc.attached else [doc]):
        part_preamble, part_clauses = run_stage("structure", build_tree, part.body, used_ids)
        preamble += part_preamble
        clauses += part_clauses
    metadata = run_stage("metadata", read_metadata, doc, preamble, clauses)
    metadata.review[:0] = imported.review
    if not clauses:
        _require_plan_header(doc, metadata)
        metadata.review.append("văn bản không có mục đánh số: toàn bộ nội dung là một phần không đánh số")
    return PlanText(
        plan_id=plan_id_for(metadata),
        file=file,
        metadata=metadata,
        preamble=preamble,
        clauses=clauses,
        footnotes=run_stage("footnotes", read_footnotes, plan_doc, clauses),
        tables=run_stage("tables", read_tables, plan_doc),
    )


def _require_plan_header(doc: Document, metadata) -> None:
    """An unnumbered text is published only when its header shows it is a plan."""
    has_header = doc.doc_type is not None and any((metadata.number, metadata.date, metadata.issuer))
    if not has_header:
        first = doc.body[0].number if doc.body else None
        raise PlanError(
            doc.file,
            "không nhận ra cách đánh số mục nào (I., 1., 1.1., a), Phần 1 ...) và không có phần đầu của "
            "một kế hoạch (cơ quan ban hành, số, ngày): không phải văn bản kế hoạch",
            first,
        )


def extract_plan(data: bytes, file: str, cache: Path | None = None) -> Plan:
    """Run every stage on one source file's bytes; raise PlanError on bad input.

    ``cache`` is the folder of the slow conversions' cache (``data/.cache``);
    None converts again every time.
    """
    imported = run_stage("import", import_source, data, file, cache)
    try:
        return _extract(imported, data, file)
    except PlanError as error:
        raise located(error, imported) from None


def _extract(imported: ImportedText, data: bytes, file: str) -> Plan:
    text = read_plan_text(imported, file)
    agencies, assignments = run_stage("assignments", extract_assignments, text)
    documents, citations = run_stage("citations", extract_citations, text)
    return Plan(
        id=text.plan_id,
        source=Source(
            file=file,
            sha256=hashlib.sha256(data).hexdigest(),
            format=imported.format,
            places=[SourcePlace(line=place.line, where=place.where) for place in imported.places],
        ),
        metadata=text.metadata,
        preamble=text.preamble,
        clauses=text.clauses,
        footnotes=text.footnotes,
        tables=text.tables,
        targets=run_stage("targets", extract_targets, text),
        agencies=agencies,
        assignments=assignments,
        documents=documents,
        citations=citations,
        deadlines=run_stage("deadlines", extract_deadlines, text, agencies, assignments),
    )


def read_footnotes(doc: Document, clauses: list[Clause]) -> list[Footnote]:
    """Footnote definitions, each linked to the first clause carrying its marker."""
    marked_in: dict[int, str] = {}
    for clause in walk(clauses):
        texts = [clause.title] + [block.text for block in clause.blocks]
        for number in FOOTNOTE_MARK.findall(" ".join(texts)):
            marked_in.setdefault(int(number), clause.id)
    footnotes = []
    for line in doc.footnotes:
        match = FOOTNOTE_DEF.match(line.text)
        number = int(match["number"])
        footnotes.append(
            Footnote(number=number, text=line.text[match.end():], line=line.number, clause_id=marked_in.get(number))
        )
    return footnotes
