"""The site's view of the data: every plan loaded once, cross-indexed.

Guarantees:

* :func:`load` reads the plans of one data folder (overrides merged) and the
  curated registries exactly once; page modules only read the resulting
  :class:`Corpus`, never files. It holds each plan read-only
  (:func:`generator.store.make_read_only`) and without the paragraphs of its
  text that no page but the plan's own shows (:func:`without_text`): at ten
  thousand plans the whole texts would need gigabytes. The plan's page and
  downloads read the whole plan again, from the same file the same way
  (:meth:`PlanEntry.full_plan`), one plan at a time.
* Every list in the corpus is sorted by a total key (ids, document order),
  so the same data always gives the same pages, byte for byte.
* Building the indexes is linear in the size of the data.
* Nothing is dropped silently: a reference the site cannot resolve (a
  clause id missing from its plan, an indicator missing from the catalogue,
  an unknown locality) is recorded in :attr:`Corpus.problems`; the MkDocs
  hook logs each one as a warning, which fails a ``--strict`` build. The
  list is :func:`generator.check.reference_problems`, so ``check`` fails on
  exactly the same references.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path

from generator import catalogue, localities
from generator.catalogue import Catalogue, IndicatorKind
from generator.check import reference_problems
from generator.localities import Locality
from generator.models import Agency, Assignment, Citation, CitedDocument, Clause, Deadline, Plan, Relation, Target
from generator.relations import strongest
from generator.site import display, urls
from generator.site.citation import clause_label
from generator.site.status import PlanStatus, plan_status, replaced, status_date
from generator.store import DataDirs, load_plan, make_read_only, parsed_file, plan_files
from generator.structure import walk_paths

PREAMBLE = "mo-dau"
"""Anchor of a plan's opening paragraphs: where preamble citations link."""


@dataclass(frozen=True)
class Anchor:
    """A place in a plan's text that can be linked: a clause, a table, the preamble."""

    id: str
    label: str
    order: int
    ancestors: tuple[Clause, ...] = ()


@dataclass
class PlanEntry:
    plan: Plan
    locality: Locality | None
    anchors: dict[str, Anchor]
    source: Path | None = None  # the source file, when it is still in data/sources/
    stored: Path | None = None  # the plan's YAML file, when no override changes what it says
    stored_json: Path | None = None  # the same data as JSON (the loader's parsed cache), likewise
    source_uri: str | None = None  # where the site publishes ``source``, one copy per source file
    status: PlanStatus | None = None  # on the corpus's date, :attr:`Corpus.as_of`
    target_rows: list[TargetRow] = field(default_factory=list)  # the plan's targets, in plan order
    reload: Callable[[], Plan] | None = None  # reads the whole plan, when :attr:`plan` is without its text

    def full_plan(self) -> Plan:
        """The plan with its whole text (:attr:`plan` when the corpus holds it whole)."""
        return self.plan if self.reload is None else self.reload()

    @property
    def id(self) -> str:
        return self.plan.id

    def anchor(self, anchor_id: str | None) -> Anchor | None:
        """The clause, table or (for None) preamble ``anchor_id`` names; None if the plan has no such place."""
        return self.anchors.get(PREAMBLE if anchor_id is None else anchor_id)

    def position(self, anchor_id: str | None) -> int:
        """Document order of a place in the plan, for sorting (unknown places first)."""
        anchor = self.anchor(anchor_id)
        return anchor.order if anchor else 0


@dataclass(frozen=True)
class TargetRow:
    """One target with its plan, and the district it is allotted to, if any."""

    entry: PlanEntry
    target: Target
    district: Locality | None

    @property
    def place(self) -> Locality | None:
        return self.district or self.entry.locality


@dataclass
class AgencyRecord:
    agency: Agency
    tasks: list[tuple[PlanEntry, Assignment]] = field(default_factory=list)
    deadlines: list[tuple[PlanEntry, Deadline]] = field(default_factory=list)


@dataclass
class DocumentRecord:
    """A cited document, every citation of it, and what the corpus knows of it besides.

    A scheme or programme approved by a decision ("Đề án ... phê duyệt tại Quyết định số
    522/QĐ-TTg") is one document with that decision: its citations are the decision's, and it is
    listed in :attr:`approves`.
    """

    document: CitedDocument
    citations: list[tuple[PlanEntry, Citation]] = field(default_factory=list)
    approves: list[CitedDocument] = field(default_factory=list)
    plan: PlanEntry | None = None  # the document is this plan of the corpus

    def plans(self, relation: Relation | None = None) -> list[PlanEntry]:
        """The plans citing the document (with ``relation``, when given), by id, each once."""
        found = {entry.id: entry for entry, citation in self.citations
                 if relation is None or citation.relation == relation}
        return [found[plan_id] for plan_id in sorted(found)]

    def relation_of(self, entry: PlanEntry) -> Relation | None:
        """The strongest relation plan ``entry`` has with the document (:data:`relations.PRIORITY`)."""
        return strongest(citation.relation for cited_by, citation in self.citations if cited_by is entry)


@dataclass
class LocalityRecord:
    locality: Locality
    plans: list[PlanEntry] = field(default_factory=list)
    member_plans: list[PlanEntry] = field(default_factory=list)
    predecessor_plans: list[PlanEntry] = field(default_factory=list)  # today's province: of the old ones it absorbed
    districts: list[str] = field(default_factory=list)
    district_targets: dict[str, list[TargetRow]] = field(default_factory=dict)
    agencies: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    plans: dict[str, PlanEntry]
    catalogue: Catalogue
    indicators: dict[str, IndicatorKind]  # the catalogue's, and those only plans name
    targets: dict[str, list[TargetRow]]
    unclassified: list[TargetRow]
    agencies: dict[str, AgencyRecord]
    agency_types: dict[str, list[str]]  # type -> agency ids, by province, locality and name
    agency_rank: dict[str, int]  # agency id -> its position in agency_types[its type]
    documents: dict[str, DocumentRecord]
    localities: dict[str, LocalityRecord]
    problems: list[str]
    as_of: datetime.date  # the date every plan's status is computed on (:func:`generator.site.status.status_date`)
    document_ids: dict[str, str] = field(default_factory=dict)  # a merged document's id -> the id it is under
    plan_documents: dict[str, str] = field(default_factory=dict)  # plan id -> its id as a cited document

    def document(self, document_id: str) -> DocumentRecord | None:
        """The record of a cited document, also under the id of a scheme merged into its decision."""
        return self.documents.get(self.document_ids.get(document_id, document_id))


def plan_anchors(plan: Plan) -> dict[str, Anchor]:
    """The preamble, every clause and every table of ``plan``, in document order."""
    anchors = {PREAMBLE: Anchor(PREAMBLE, "Phần mở đầu", 0)}
    for clause, path in walk_paths(plan.clauses):
        anchors[clause.id] = Anchor(clause.id, clause_label(clause.id, list(path)), len(anchors), path)
    for number, table in enumerate(plan.tables, 1):
        label = "Phụ lục" if len(plan.tables) == 1 else f"Phụ lục {number}"
        anchors[table.id] = Anchor(table.id, label, len(anchors))
    return anchors


def load(dirs: DataDirs) -> Corpus:
    """Load the plans of ``dirs`` (each read-only and :func:`without_text`) and the registries, and
    index them."""
    shared: dict[frozenset[str], frozenset[str]] = {}
    plans, reloads = [], {}
    for path in plan_files(dirs):
        plan = without_text(load_plan(path, dirs))
        make_read_only(plan, shared)
        plans.append(plan)
        reloads[plan.id] = functools.partial(load_plan, path, dirs)
    corpus = index(plans, catalogue.load(), dirs)
    for plan_id, entry in corpus.plans.items():
        entry.reload = reloads[plan_id]
    return corpus


def without_text(plan: Plan) -> Plan:
    """``plan`` without its preamble and the paragraphs of its clauses, but those of the clauses
    that assign tasks (an agency's page quotes them); its clause tree, titles, tables, footnotes,
    targets, assignments, deadlines and citations stay."""
    quoted = {assignment.clause_id for assignment in plan.assignments}

    def lean(clause: Clause) -> Clause:
        return clause.model_copy(update={
            "blocks": clause.blocks if clause.id in quoted else [],
            "children": [lean(child) for child in clause.children],
        })

    return plan.model_copy(update={"preamble": [], "clauses": [lean(clause) for clause in plan.clauses]})


def index(plans: list[Plan], known: Catalogue, dirs: DataDirs | None = None) -> Corpus:
    """Cross-index ``plans`` (any order) against the catalogue ``known``.

    With ``dirs``, each entry also knows its source file and its stored YAML
    and JSON files (:attr:`PlanEntry.source`, :attr:`PlanEntry.stored`,
    :attr:`PlanEntry.stored_json`) when they exist.
    """
    indicators = {indicator.id: indicator for indicator in known.indicators}
    problems: list[str] = []
    entries = {}
    on = status_date(plans)
    published: dict[str, str] = {}  # source file -> its copy, named after its first plan by id
    for plan in sorted(plans, key=lambda p: p.id):
        entry = PlanEntry(plan, localities.get(plan.metadata.locality), plan_anchors(plan), *_files(plan, dirs))
        entry.status = plan_status(plan, on)
        if entry.source is not None:
            entry.source_uri = published.setdefault(plan.source.file, urls.source_file(plan.id, plan.source.file))
        entries[plan.id] = entry
        problems += [f"{plan.id}: {problem}" for problem in reference_problems(plan, set(indicators))]

    targets: dict[str, list[TargetRow]] = defaultdict(list)
    unclassified = []
    for entry in entries.values():
        for target in entry.plan.targets:
            row = TargetRow(entry, target, _district(entry, target))
            entry.target_rows.append(row)
            if target.indicator is None:
                unclassified.append(row)
            else:
                targets[target.indicator].append(row)
    for indicator_id in sorted(set(targets) - set(indicators)):
        indicators[indicator_id] = _uncatalogued(indicator_id, targets[indicator_id])

    targets = {key: targets[key] for key in sorted(targets)}
    agencies = _agencies(entries.values())
    documents, merged = _documents(entries.values())
    plan_documents = _plans_as_documents(entries, documents)
    for plan_id, document_id in plan_documents.items():
        if documents[document_id].plans("replaces"):
            entry = entries[plan_id]
            entry.status = replaced(entry.status)
    agency_types: dict[str, list[str]] = defaultdict(list)
    for agency_id in sorted(agencies, key=lambda a: _agency_order(agencies[a].agency)):
        agency_types[agencies[agency_id].agency.type].append(agency_id)

    return Corpus(
        catalogue=known,
        plans=entries,
        indicators=dict(sorted(indicators.items())),
        targets=targets,
        unclassified=unclassified,
        agencies=agencies,
        agency_types={key: agency_types[key] for key in sorted(agency_types)},
        agency_rank={agency_id: rank for ids in agency_types.values() for rank, agency_id in enumerate(ids)},
        documents=documents,
        localities=_localities(entries, agencies, targets),
        problems=problems,
        as_of=on,
        document_ids=merged,
        plan_documents=plan_documents,
    )


def _files(plan: Plan, dirs: DataDirs | None) -> tuple[Path | None, Path | None, Path | None]:
    """(source file, stored YAML and JSON files without override) of ``plan``, each None when absent.

    The downloads are copied from these files rather than held in memory: at
    1,000 plans the JSON alone was a tenth of the build's peak memory.
    """
    if dirs is None:
        return None, None, None
    source = dirs.sources / plan.source.file
    stored = dirs.plans / f"{plan.id}.yaml"
    if not stored.is_file() or (dirs.overrides / stored.name).exists():
        stored = None
    return (source if source.is_file() else None), stored, (parsed_file(stored, dirs) if stored else None)


def _agency_order(agency: Agency) -> tuple:
    """Agencies of one province together, then by locality and name."""
    locality = localities.get(agency.locality)
    province = localities.get(locality.province) if locality and locality.province else locality
    return (
        display.sort_key(province.name) if province else ("", ""),
        display.sort_key(locality.name) if locality else ("", ""),
        display.sort_key(agency.name),
        agency.id,
    )


def _district(entry: PlanEntry, target: Target) -> Locality | None:
    """The district a province plan allots ``target`` to (appendix rows), if any."""
    if not target.scope or entry.locality is None or not entry.locality.is_province:
        return None
    by_id = localities.get(target.scope)
    if by_id is not None and by_id.province == entry.locality.id:
        return by_id
    return _find_district(target.scope, entry.locality.id)


@functools.cache
def _find_district(name: str, province: str) -> Locality | None:
    return localities.find_district(name, province)


def _uncatalogued(indicator_id: str, rows: list[TargetRow]) -> IndicatorKind:
    """An indicator plans name that the catalogue does not (a hand correction, a problem
    ``check`` reports): its page shows the plans' measure and unit, with no entry to validate."""
    unit = Counter(row.target.unit for row in rows).most_common(1)[0][0]
    return IndicatorKind.model_construct(id=indicator_id, name=rows[0].target.measure, name_en="", unit=unit,
                                         better=None, patterns=(), description=None)


def _agencies(entries) -> dict[str, AgencyRecord]:
    """Every agency with its tasks and deadlines; one named only by an assignment
    (a reference problem) still gets a record, so its page can be built."""
    records: dict[str, AgencyRecord] = {}
    for entry in entries:
        for agency in entry.plan.agencies:
            records.setdefault(agency.id, AgencyRecord(agency))
        for assignment in entry.plan.assignments:
            if assignment.agency not in records:
                records[assignment.agency] = AgencyRecord(
                    Agency(id=assignment.agency, name=assignment.agency_name, type="")
                )
            records[assignment.agency].tasks.append((entry, assignment))
        for deadline in entry.plan.deadlines:
            for reporter in dict.fromkeys(deadline.reporters):
                if reporter in records:
                    records[reporter].deadlines.append((entry, deadline))
    return dict(sorted(records.items()))


def _documents(entries) -> tuple[dict[str, DocumentRecord], dict[str, str]]:
    """Every cited document, what all plans say of it together, and the ids merged into others.

    Plans cite one document with more or less detail (a date, an issuer, a subject, the decision
    that approved it); each field is the first plan's, by plan id, that gives it. A document
    approved by a decision becomes part of that decision's record (its id maps to the decision's).
    """
    versions: dict[str, list[CitedDocument]] = defaultdict(list)
    cited: dict[str, list[tuple[PlanEntry, Citation]]] = defaultdict(list)
    for entry in entries:
        for document in entry.plan.documents:
            versions[document.id].append(document)
        for citation in entry.plan.citations:
            cited[citation.document].append((entry, citation))
    records = {
        document_id: DocumentRecord(_merged(versions.get(document_id, [])) or
                                    CitedDocument(id=document_id, type="Văn bản"), cited[document_id])
        for document_id in sorted(set(versions) | set(cited))
    }
    merged: dict[str, str] = {}
    for document_id, record in list(records.items()):
        approver = records.get(record.document.approved_by or "")
        if approver is not None and approver is not record:
            approver.approves.append(record.document)
            approver.citations.extend(record.citations)
            merged[document_id] = approver.document.id
            del records[document_id]
    for record in records.values():
        record.citations.sort(key=lambda pair: (pair[0].id, pair[0].position(pair[1].clause_id), pair[1].footnote or 0))
    return records, merged


def _merged(versions: list[CitedDocument]) -> CitedDocument | None:
    if not versions:
        return None
    fields = {name: next((getattr(v, name) for v in versions if getattr(v, name) is not None), None)
              for name in CitedDocument.model_fields}
    return CitedDocument(**fields)


def _plans_as_documents(entries: dict[str, PlanEntry], documents: dict[str, DocumentRecord]) -> dict[str, str]:
    """Plans of the corpus that other plans cite: the same type (or the Quyết định issuing it),
    number, year and locality. Each such record learns its plan (:attr:`DocumentRecord.plan`)."""
    by_key = {}
    for entry in entries.values():
        meta = entry.plan.metadata
        year = int(meta.date[:4]) if meta.date else None
        if meta.number:
            by_key[(display.DOC_TYPES[meta.doc_type], meta.number, year, meta.locality)] = entry
        if meta.decision_number:
            by_key[("Quyết định", meta.decision_number, year, meta.locality)] = entry
    found = {}
    for document_id, record in documents.items():
        item = record.document
        entry = by_key.get((item.type, item.number, item.year, item.locality)) if item.number else None
        if entry is not None and entry.id not in found:
            record.plan = entry
            found[entry.id] = document_id
    return dict(sorted(found.items()))


def _localities(entries, agencies, targets) -> dict[str, LocalityRecord]:
    """Pages for every province of today, every locality with a plan or an agency, and their
    provinces; a plan of a province merged in 2025 is also listed by today's province."""
    records: dict[str, LocalityRecord] = {}

    def record(locality_id: str) -> LocalityRecord | None:
        locality = localities.get(locality_id)
        if locality is None:
            return None
        if locality_id not in records:
            records[locality_id] = LocalityRecord(locality)
            if locality.province:
                province = record(locality.province)
                province.districts.append(locality_id)
        return records[locality_id]

    for locality in localities.all_localities():
        if locality.is_province and locality.until is None:
            record(locality.id)
    for entry in entries.values():
        if entry.locality is not None:
            record(entry.locality.id).plans.append(entry)
            province = localities.get(entry.locality.province) or entry.locality
            if entry.locality.province:
                record(province.id).member_plans.append(entry)
            now = localities.today(province)
            if now is not None and now.id != province.id:
                record(now.id).predecessor_plans.append(entry)
    for agency_id, item in agencies.items():
        if item.agency.locality:
            found = record(item.agency.locality)
            if found is not None:
                found.agencies.append(agency_id)
    for indicator_id, rows in targets.items():
        for row in rows:
            if row.district is not None:
                records[row.entry.locality.id].district_targets.setdefault(indicator_id, []).append(row)
    for item in records.values():
        item.districts.sort(key=lambda d: display.sort_key(localities.get(d).name))
    return dict(sorted(records.items()))
