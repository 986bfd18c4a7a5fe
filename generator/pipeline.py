"""The whole extraction of one plan: bytes -> validated :class:`Plan`.

``ingest -> structure -> metadata -> footnotes/tables -> extractors``; each
stage is its own module and a pure function of what the previous stages made.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TypeVar

from generator.assignments import extract_assignments
from generator.citations import extract_citations
from generator.context import PlanText
from generator.deadlines import extract_deadlines
from generator.errors import PlanError, StageFailure
from generator.ingest import FOOTNOTE_DEF, Document, read_document
from generator.metadata import plan_id_for, read_metadata
from generator.models import Clause, Footnote, Plan, Source
from generator.structure import build_tree, walk
from generator.tables import read_tables
from generator.targets import extract_targets

FOOTNOTE_MARK = re.compile(r"\[(\d{1,3})\]")
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


def read_plan_text(data: bytes, file: str) -> PlanText:
    """Stages 1-2 and metadata: the input every extractor reads."""
    doc = run_stage("ingest", read_document, data, file)
    preamble, clauses = run_stage("structure", build_tree, doc.body, file)
    metadata = run_stage("metadata", read_metadata, doc, preamble, clauses)
    return PlanText(
        plan_id=plan_id_for(metadata),
        file=file,
        metadata=metadata,
        preamble=preamble,
        clauses=clauses,
        footnotes=run_stage("footnotes", read_footnotes, doc, clauses),
        tables=run_stage("tables", read_tables, doc),
    )


def extract_plan(data: bytes, file: str) -> Plan:
    """Run every stage on one source file's bytes; raise PlanError on bad input."""
    text = read_plan_text(data, file)
    agencies, assignments = run_stage("assignments", extract_assignments, text)
    documents, citations = run_stage("citations", extract_citations, text)
    return Plan(
        id=text.plan_id,
        source=Source(file=file, sha256=hashlib.sha256(data).hexdigest()),
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
