"""The extractor against hand-written expectations for the real 2025 corpus.

``../shared/corpus/`` (beside the repository) holds six real plans copied from a
legal portal. For each one, ``tests/expectations/corpus/<name>.yaml`` was written
by a person reading the source text (not from extractor output): the metadata
an official would read off the document, and the full ordered list of clause
ids (see README "Identifiers"), and what the plan does with the documents its
opening cites (``relations``: which it implements, which it rests on) with the
trích yếu the text gives for some of them (``subjects``). Each plan is its own
test for each of these.

Comparison rules: every metadata key present in an expectation must equal
``plan.metadata.<key>``; strings are compared after Unicode NFC and after
collapsing runs of whitespace, case-sensitively; other values (years, null)
exactly. Clause ids are compared as the whole depth-first list in document
order over ``plan.clauses`` and their ``children``. A document in ``relations``
and ``subjects`` is named by its number, or by type and name when it has none
("Luật Việc làm"); each relation lists every document the plan has it with.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.pipeline import extract_plan

EXPECTATIONS = Path(__file__).resolve().parent / "expectations" / "corpus"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
METADATA_KEYS = {
    "doc_type", "number", "decision_number", "date", "issuer", "locality", "level",
    "signer", "signer_title", "title", "period_start", "period_end",
}
MISSING = object()


def expectation_files() -> list[Path]:
    return sorted(EXPECTATIONS.glob("*.yaml"))


def load_expectation(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) <= {"metadata", "clause_ids", "relations", "subjects"}, \
        f"{path.name}: bad shape"
    unknown = set(data.get("metadata", {})) - METADATA_KEYS
    assert not unknown, f"{path.name}: unknown metadata keys {sorted(unknown)}"
    ids = data.get("clause_ids", [])
    assert all(isinstance(i, str) for i in ids), f"{path.name}: clause ids must be strings"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{path.name}: expectation repeats clause ids {duplicates}"
    return data


@functools.cache
def extracted(name: str):
    source = CORPUS / name
    assert source.is_file(), f"corpus file missing: {source}"
    return extract_plan(source.read_bytes(), source.name)


def clause_ids(clauses) -> list[str]:
    ids: list[str] = []
    for clause in clauses:
        ids.append(clause.id)
        ids.extend(clause_ids(clause.children))
    return ids


def normalise(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    return value


def source_name(path: Path) -> str:
    return path.with_suffix(".txt").name


PARAMS = [pytest.param(path, id=source_name(path)) for path in expectation_files()]


def test_every_corpus_plan_has_an_expectation():
    plans = sorted(p.name for p in CORPUS.glob("*.txt"))
    expected = sorted(source_name(p) for p in expectation_files())
    assert plans, f"no corpus plans in {CORPUS}"
    assert expected == plans


@pytest.mark.parametrize("expectation", PARAMS)
def test_corpus_metadata(expectation: Path):
    wanted = load_expectation(expectation)["metadata"]
    metadata = extracted(source_name(expectation)).metadata
    problems = []
    for key, value in wanted.items():
        got = getattr(metadata, key, MISSING)
        if got is MISSING:
            problems.append(f"  {key}: expected {normalise(value)!r}, but Metadata has no field {key!r}")
        elif normalise(got) != normalise(value):
            problems.append(f"  {key}: expected {normalise(value)!r}\n  {' ' * len(key)}  got      {normalise(got)!r}")
    if problems:
        pytest.fail(f"{source_name(expectation)}: metadata differs\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("expectation", PARAMS)
def test_corpus_clause_ids(expectation: Path):
    wanted = load_expectation(expectation)["clause_ids"]
    got = clause_ids(extracted(source_name(expectation)).clauses)
    if got == wanted:
        return
    first = next((i for i, (a, b) in enumerate(zip(wanted, got)) if a != b), min(len(wanted), len(got)))
    lo, hi = max(0, first - 3), first + 4
    lines = [
        f"{source_name(expectation)}: clause ids differ (expected {len(wanted)}, got {len(got)})",
        f"first difference at index {first}: expected {wanted[first] if first < len(wanted) else '<end>'!r}, "
        f"got {got[first] if first < len(got) else '<end>'!r}",
        f"  expected[{lo}:{hi}] = {wanted[lo:hi]}",
        f"  got[{lo}:{hi}]      = {got[lo:hi]}",
    ]
    missing = [i for i in wanted if i not in set(got)]
    extra = [i for i in got if i not in set(wanted)]
    if missing:
        lines.append(f"  missing ({len(missing)}): {missing}")
    if extra:
        lines.append(f"  unexpected ({len(extra)}): {extra}")
    lines.append("  diff (- expected, + got):")
    lines.extend("    " + line for line in difflib.unified_diff(wanted, got, lineterm="", n=1) if not line.startswith(("---", "+++")))
    pytest.fail("\n".join(lines), pytrace=False)


def document_key(document) -> str:
    return document.number or f"{document.type} {document.name}"


@pytest.mark.parametrize("expectation", PARAMS)
def test_corpus_relations(expectation: Path):
    wanted = load_expectation(expectation)["relations"]
    plan = extracted(source_name(expectation))
    keys = {document.id: document_key(document) for document in plan.documents}
    for relation, documents in wanted.items():
        got = sorted({keys[c.document] for c in plan.citations if c.relation == relation})
        assert got == sorted(documents), f"{source_name(expectation)}: documents the plan has {relation!r} with"


@pytest.mark.parametrize("expectation", PARAMS)
def test_corpus_subjects(expectation: Path):
    wanted = load_expectation(expectation)["subjects"]
    plan = extracted(source_name(expectation))
    got = {document_key(document): document.subject for document in plan.documents}
    for key, subject in wanted.items():
        assert normalise(got.get(key)) == normalise(subject), f"{source_name(expectation)}: trích yếu of {key}"
