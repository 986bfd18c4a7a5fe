"""The JSON API: static indexes of every plan, indicator, agency and cited document.

* ``du-lieu/api/ke-hoach.json``: every plan (:class:`PlanItem`);
* ``du-lieu/api/chi-tieu.json``: every indicator (:class:`IndicatorItem`);
* ``du-lieu/api/co-quan.json``: every agency (:class:`AgencyItem`);
* ``du-lieu/api/van-ban.json``: every cited document (:class:`DocumentItem`);
* ``du-lieu/api/schema.json``: the JSON Schema of the four files, generated
  from the models below (``$defs`` holds one envelope per file).

Guarantees:

* Each file is ``{"version", "as_of", "count", "items"}``: ``version`` is
  :data:`generator.site.datapackage.SHAPE_VERSION`, ``as_of`` the corpus's
  date (the date plan statuses are computed on), ``count`` the number of
  items, and ``items`` one entry per plan, indicator, agency or document
  that has a page on the site, sorted by id.
* Every item is built as an instance of the model the published schema is
  generated from, so the files satisfy the schema by construction. The
  schema does not forbid unknown fields: ``version`` changes only when a
  field is removed or changes meaning, and new fields may be added under
  the same version, so a reader ignores the fields it does not know.
* ``url`` is the entity's page relative to the site root, written as MkDocs
  writes it for the build's ``use_directory_urls`` (``ke-hoach/x/`` or
  ``ke-hoach/x.html``), exactly as the CSV files' ``url`` column; data file
  paths are relative to the site root too.
* The bytes depend only on the data: keys in model field order, items in
  the corpus's order (by id), JSON by :func:`generator.store.dump_json`.

Each item comes from one small function (:func:`plan_item` ...) of one
entity (and, for an indicator, the corpus's targets): a new field is one
model field and one argument.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from generator.models import DocType, Level
from generator.site import status, urls
from generator.site.citation import plan_name
from generator.site.corpus import AgencyRecord, Corpus, DocumentRecord, PlanEntry
from generator.site.datapackage import SHAPE_VERSION
from generator.site.page import Output
from generator.store import dump_json

StatusCode = Literal[status.ORDER]  # type: ignore[valid-type]


class Status(BaseModel):
    """Where the plan stands on the date ``as_of``."""

    code: StatusCode = Field(description="Stable code: " + ", ".join(status.ORDER))
    label: str = Field(description="As the site says it, with the period: 'đang thực hiện (2023–2025)'")


class PlanFiles(BaseModel):
    """The plan's data files, relative to the site root."""

    yaml: str
    json_: str = Field(serialization_alias="json")
    source: str | None = Field(description="The source text or original file; null when not published")


class PlanCounts(BaseModel):
    targets: int
    assignments: int
    deadlines: int


class PlanItem(BaseModel):
    """A plan (kế hoạch, chương trình ...)."""

    id: str
    name: str = Field(description="Short name: document type, number and date")
    number: str | None = Field(description="Số hiệu, e.g. '21/KH-UBND'")
    decision_number: str | None = Field(description="Số hiệu of the Quyết định the plan is attached to")
    doc_type: DocType
    date: datetime.date | None = Field(description="Date issued")
    issuer: str | None
    level: Level | None
    locality: str | None = Field(description="Locality id, e.g. 'ha-noi', 'ho-chi-minh/quan-11'")
    locality_name: str | None
    province: str | None = Field(description="Province id of the locality, on the map of the date issued")
    period_start: int | None
    period_end: int | None
    status: Status
    title: str
    url: str = Field(description="The plan's page, relative to the site root")
    files: PlanFiles
    counts: PlanCounts


class IndicatorCounts(BaseModel):
    targets: int
    plans: int


class IndicatorItem(BaseModel):
    """An indicator (chỉ tiêu) that plans set targets for."""

    id: str
    name: str
    name_en: str | None
    unit: str = Field(description="The indicator's unit; each target's own unit is in the CSV's unit column")
    better: Literal["lower", "higher"] | None = Field(description="Which direction is better; null when unknown")
    description: str | None
    plans: list[str] = Field(description="Ids of the plans with a target for this indicator, sorted")
    counts: IndicatorCounts
    csv: str = Field(description="The indicator's targets as CSV, relative to the site root")
    url: str = Field(description="The indicator's page, relative to the site root")


class AgencyCounts(BaseModel):
    tasks: int
    deadlines: int


class AgencyItem(BaseModel):
    """A body that plans assign tasks to or cite."""

    id: str
    name: str
    type: str = Field(description="Agency type id, e.g. 'so-noi-vu'; empty when unknown")
    locality: str | None
    review: bool = Field(description="Not in the curated registry: a curator should check it")
    counts: AgencyCounts
    url: str = Field(description="The agency's page, relative to the site root")


class DocumentCounts(BaseModel):
    citations: int
    plans: int


class DocumentItem(BaseModel):
    """A document that plans cite (a law, a decree, a resolution ...)."""

    id: str
    type: str = Field(description="'Quyết định', 'Nghị quyết', ...")
    number: str | None
    date: datetime.date | None
    year: int | None
    issuer: str | None
    locality: str | None = Field(description="Locality id of a local issuer; null for a national one")
    name: str | None = Field(description="For documents cited by name only")
    approved_by: str | None = Field(description="Id of the document that approved one cited by name")
    plans: list[str] = Field(description="Ids of the plans citing it, sorted")
    counts: DocumentCounts
    url: str = Field(description="The document's page, relative to the site root")


class Index(BaseModel):
    version: Literal[SHAPE_VERSION] = SHAPE_VERSION  # type: ignore[valid-type]
    as_of: datetime.date = Field(description="The date plan statuses are computed on")
    count: int = Field(description="Number of items")


class PlanIndex(Index):
    """du-lieu/api/ke-hoach.json"""

    items: list[PlanItem]


class IndicatorIndex(Index):
    """du-lieu/api/chi-tieu.json"""

    items: list[IndicatorItem]


class AgencyIndex(Index):
    """du-lieu/api/co-quan.json"""

    items: list[AgencyItem]


class DocumentIndex(Index):
    """du-lieu/api/van-ban.json"""

    items: list[DocumentItem]


INDEXES = (PlanIndex, IndicatorIndex, AgencyIndex, DocumentIndex)


def pages(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    """The four API files and their schema."""
    yield _index(urls.API_PLANS, PlanIndex, corpus, [
        plan_item(entry, directory_urls) for entry in corpus.plans.values()
    ])
    yield _index(urls.API_INDICATORS, IndicatorIndex, corpus, [
        indicator_item(corpus, indicator_id, directory_urls) for indicator_id in corpus.indicators
    ])
    yield _index(urls.API_AGENCIES, AgencyIndex, corpus, [
        agency_item(record, directory_urls) for record in corpus.agencies.values()
    ])
    yield _index(urls.API_DOCUMENTS, DocumentIndex, corpus, [
        document_item(record, directory_urls) for record in corpus.documents.values()
    ])
    yield Output(urls.API_SCHEMA, dump_json(schema()))


def schema() -> dict:
    """The JSON Schema of the API files: a file is valid when it is one of the ``$defs`` envelopes."""
    _, definitions = models_json_schema(
        [(model, "serialization") for model in INDEXES],
        title="API dữ liệu mở: kế hoạch lao động – việc làm địa phương",
        description=(
            f"Version {SHAPE_VERSION}. The version changes only when a field is removed or changes meaning; "
            "new fields may be added. " + " ".join(f"{model.__name__}: {model.__doc__}." for model in INDEXES)
        ),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **definitions,
        "anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in INDEXES],
    }


def _index(uri: str, model: type[Index], corpus: Corpus, items: list) -> Output:
    index = model(as_of=corpus.as_of, count=len(items), items=items)
    return Output(uri, dump_json(index.model_dump(mode="json", by_alias=True)))


def _page(src_uri: str, directory_urls: bool) -> str:
    return urls.page_url(src_uri, directory_urls)


def plan_item(entry: PlanEntry, directory_urls: bool) -> PlanItem:
    plan, meta = entry.plan, entry.plan.metadata
    return PlanItem(
        id=entry.id,
        name=plan_name(plan),
        number=meta.number,
        decision_number=meta.decision_number,
        doc_type=meta.doc_type,
        date=meta.date,
        issuer=meta.issuer,
        level=meta.level,
        locality=meta.locality,
        locality_name=meta.locality_name,
        province=meta.province,
        period_start=meta.period_start,
        period_end=meta.period_end,
        status=Status(code=entry.status.code, label=entry.status.label),
        title=meta.title,
        url=_page(urls.plan(entry.id), directory_urls),
        files=PlanFiles(
            yaml=urls.plan_data(entry.id, "yaml"), json_=urls.plan_data(entry.id, "json"), source=entry.source_uri
        ),
        counts=PlanCounts(targets=len(plan.targets), assignments=len(plan.assignments), deadlines=len(plan.deadlines)),
    )


def indicator_item(corpus: Corpus, indicator_id: str, directory_urls: bool) -> IndicatorItem:
    indicator, rows = corpus.indicators[indicator_id], corpus.targets.get(indicator_id, [])
    plans = sorted({row.entry.id for row in rows})
    return IndicatorItem(
        id=indicator_id,
        name=indicator.name,
        name_en=indicator.name_en or None,
        unit=indicator.unit,
        better=indicator.better,
        description=indicator.description,
        plans=plans,
        counts=IndicatorCounts(targets=len(rows), plans=len(plans)),
        csv=urls.indicator_csv(indicator_id),
        url=_page(urls.indicator(indicator_id), directory_urls),
    )


def agency_item(record: AgencyRecord, directory_urls: bool) -> AgencyItem:
    agency = record.agency
    return AgencyItem(
        id=agency.id,
        name=agency.name,
        type=agency.type,
        locality=agency.locality,
        review=agency.review,
        counts=AgencyCounts(tasks=len(record.tasks), deadlines=len(record.deadlines)),
        url=_page(urls.agency(agency.id), directory_urls),
    )


def document_item(record: DocumentRecord, directory_urls: bool) -> DocumentItem:
    document = record.document
    plans = sorted({entry.id for entry, _ in record.citations})
    return DocumentItem(
        id=document.id,
        type=document.type,
        number=document.number,
        date=document.date,
        year=document.year,
        issuer=document.issuer,
        locality=document.locality,
        name=document.name,
        approved_by=document.approved_by,
        plans=plans,
        counts=DocumentCounts(citations=len(record.citations), plans=len(plans)),
        url=_page(urls.document(document.id), directory_urls),
    )
