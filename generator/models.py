"""The validated shape of a plan file in ``data/plans/``.

Every model here is strict (unknown keys are rejected) so that a typo in an
override file is an error, not a silently ignored key. Field order is the order
in which keys are written to YAML, so keep it readable: identity first, then
metadata, then text, then what was extracted from the text.

The JSON Schema in ``data/schema/plan.schema.json`` is generated from
:class:`Plan` by ``python -m generator schema`` (and by ``extract``).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.ids import AgencyId, AnchorId, ClauseId, DocumentId, IndicatorId, PlanId, SourceName, TableId

SCHEMA_VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------
# Text: clause tree, footnotes, tables
# --------------------------------------------------------------------------


class Block(Strict):
    """One paragraph or list item of a clause, in source order."""

    kind: Literal["paragraph", "item"]
    marker: str | None = Field(None, description="'-' or '+' for list items")
    text: str
    line: int = Field(description="1-based line of the source file where the block starts")


class Clause(Strict):
    """A numbered part of the document, with its own numbered children."""

    id: ClauseId = Field(description="Citation path, e.g. 'III.2.4'; also the HTML anchor")
    label: str = Field(description="The label as printed: 'III.', 'I-', '1.1.', 'a)', 'Phần 1'")
    title: str = Field(description="Text on the label's line after the label")
    line: int
    blocks: list[Block] = []
    children: list[Clause] = []


class Footnote(Strict):
    number: int
    text: str
    line: int
    clause_id: AnchorId | None = Field(None, description="Clause whose text carries the marker [n]")


class TableColumn(Strict):
    name: str
    type: Literal["integer", "number", "text"]


class TableTotal(Strict):
    label: str
    values: list[int | float | str | None]
    line: int


class Table(Strict):
    """A table of the source (appendix), with typed cells."""

    id: TableId = Field(description="Anchor on the plan page, e.g. 'phu-luc-1'")
    title: str
    note: str | None = None
    columns: list[TableColumn]
    rows: list[list[int | float | str | None]]
    total: TableTotal | None = None
    line: int


# --------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------

# 'nghi-quyet': a council's resolution that holds its programme; 'de-an': a scheme (Đề án).
DocType = Literal["ke-hoach", "chuong-trinh", "de-an", "nghi-quyet", "quyet-dinh"]
# 'commune' is the level that exists since 1 July 2025; 'district' is historic.
Level = Literal["province", "commune", "district", "department", "party-committee", "mass-organisation"]


class Metadata(Strict):
    doc_type: DocType
    number: str | None = Field(None, description="Normalized số hiệu, e.g. '21/KH-UBND'")
    decision_number: str | None = Field(
        None, description="The Quyết định that issues the plan ('ban hành kèm theo'); then also the number"
    )
    date: str | None = Field(None, description="Date issued, ISO 8601")
    place: str | None = None
    issuer: str | None = Field(None, description="Issuing body, full name")
    parent_body: str | None = Field(None, description="Body the issuer belongs to, e.g. a Sở's UBND")
    level: Level | None = None
    locality: str | None = Field(None, description="Locality id, e.g. 'ha-noi', 'ha-noi/quan-11'")
    locality_name: str | None = None
    province: str | None = Field(None, description="Province id of the locality")
    signer: str | None = None
    signer_title: str | None = None
    title: str
    period_start: int | None = None
    period_end: int | None = None
    truncated: bool = Field(False, description="The source ends with a truncation marker '[...]'")
    portal: dict[str, str] = Field({}, description="Portal metadata block, as printed")
    review: list[str] = Field([], description="Why a curator should look at this plan (blank number, no numbering ...)")


SourceFormat = Literal["txt", "docx", "doc", "pdf", "html"]


class SourcePlace(Strict):
    """From ``line`` of the imported text on, until the next place: where it is in the original."""

    line: int
    where: str = Field(description="'trang 3' (PDF), 'đoạn 12' (Word), 'thẻ <p> thứ 40' (web page)")


class Source(Strict):
    file: SourceName = Field(description="File name inside data/sources/")
    sha256: str
    format: SourceFormat = Field("txt", description="What the file is, read from its bytes")
    places: list[SourcePlace] = Field(
        [], description="Where the lines of the text come from in the original; empty for plain text"
    )


# --------------------------------------------------------------------------
# What plans commit to
# --------------------------------------------------------------------------

Comparator = Literal["<", "<=", ">", ">=", "~", "="]


class Target(Strict):
    """One number a plan commits to, for one year or period."""

    indicator: IndicatorId | None = Field(None, description="Catalogue id; null = unclassified")
    measure: str = Field(description="What is measured, as phrased in the plan")
    comparator: Comparator
    value: int | float = Field(description="6.500 is 6500, 61,6 is 61.6; whole numbers stay integers")
    value_max: int | float | None = Field(None, description="Upper bound of a range '80 - 85%'")
    unit: str
    year: int | None = None
    period: str | None = Field(None, description="'2021-2025', 'Q1/2023', ...")
    scope: str | None = Field(None, description="'thành thị', 'thanh niên', a district ...")
    clause_id: AnchorId
    quote: str


class Agency(Strict):
    """A local body: one type of agency in one locality."""

    id: AgencyId
    name: str
    type: str
    locality: str | None = None
    review: bool = Field(False, description="Not in the curated registry; needs a curator")


class Assignment(Strict):
    agency: AgencyId = Field(description="Agency id")
    agency_name: str = Field(description="Name as written in the plan")
    request: bool = Field(description="'Đề nghị ...': a body the issuer does not command")
    clause_id: AnchorId
    task: str
    quote: str


class CitedDocument(Strict):
    id: DocumentId
    type: str = Field(description="'Quyết định', 'Nghị quyết', ...")
    number: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    locality: str | None = Field(None, description="Locality id of a local issuer; null for a national one")
    name: str | None = Field(None, description="For documents cited by name only")
    subject: str | None = Field(
        None, description="Its trích yếu as the citing text gives it: what follows 'về' ('phát triển thị trường lao động ...')"
    )
    approved_by: DocumentId | None = Field(None, description="Id of the decision that approved a document cited by name")


# What the plan does with a document it cites, as its text says: 'based-on' ("Căn cứ ..."),
# 'implements' ("Thực hiện ...", "Kế hoạch triển khai thi hành Luật ..."), 'amends' ("sửa đổi,
# bổ sung ..."), 'replaces' ("thay thế ..."); null: the text only refers to it.
Relation = Literal["based-on", "implements", "amends", "replaces"]


class Citation(Strict):
    document: DocumentId = Field(description="CitedDocument id")
    relation: Relation | None = Field(None, description="What the plan does with the document, when its text says so")
    clause_id: AnchorId | None = Field(None, description="Null when cited in the preamble")
    footnote: int | None = None
    quote: str


# 'periodic' is 'định kỳ' with no stated period.
Frequency = Literal["once", "monthly", "quarterly", "half-yearly", "yearly", "periodic", "on-request"]


class Deadline(Strict):
    """A reporting ('báo cáo') or completion ('hoàn thành') deadline."""

    kind: Literal["report", "completion"] = "report"
    reporters: list[str] = Field(description="Agency ids (or names as written) that report or must finish")
    recipient: str | None = Field(None, description="Agency id (or name as written) reported to")
    frequency: Frequency
    due: str | None = Field(None, description="'2023-06-15' once, '--11-05' yearly, '---15' monthly")
    clause_id: AnchorId
    quote: str


class Plan(Strict):
    schema_version: int = SCHEMA_VERSION
    id: PlanId
    source: Source
    metadata: Metadata
    preamble: list[Block] = []
    clauses: list[Clause] = []
    footnotes: list[Footnote] = []
    tables: list[Table] = []
    targets: list[Target] = []
    agencies: list[Agency] = []
    assignments: list[Assignment] = []
    documents: list[CitedDocument] = []
    citations: list[Citation] = []
    deadlines: list[Deadline] = []
