"""The plan page, ``/ke-hoach/<plan-id>/``.

Order: title, metadata card, contents (shown on narrow screens), targets, who
does what, reporting deadlines, cited documents, then the full text, footnotes
and appendix tables.

Guarantees:

* Every clause is a Markdown heading whose HTML id is exactly its clause id
  (``III.2.4``, ``I.2.dd``, ``III_2.1``), so ``/ke-hoach/<id>/#III.2.4`` lands
  on it; it appears in the table of contents and is followed by a button
  that copies its citation (:func:`generator.site.citation.citation`) plus
  the page address.
* Each appendix table is a real ``<table>`` under a heading whose id is the
  table id; the preamble has the id ``mo-dau``.
* ``-`` items are a list, ``+`` items a list nested in the item before them;
  a footnote marker ``[n]`` of a known footnote is a link to ``#fn-n``, and
  the footnote links back to its first marker.
* All plan text goes through :func:`generator.site.html.escape` (via
  :func:`~generator.site.html.tag`); nothing of it is Markdown or HTML.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePosixPath


from generator.models import Block, Clause, Table
from generator.relations import strongest
from generator.site import display, target_groups, urls
from generator.site.citation import citation, clause_path, plan_name, plan_reference
from generator.site.corpus import PREAMBLE, Corpus, PlanEntry, TargetRow
from generator.site.html import Html, join, tag
from generator.site.page import Document, HtmlBlock, block, document, heading
from generator.site.urls import Links
from generator.structure import walk
from generator.site.widgets import (
    agency_link,
    anchor_link,
    calendar_offer,
    citation_place,
    cited_document_link,
    definition_list,
    empty,
    footnoted,
    link,
    locality_today,
    paragraph,
    plan_link,
    quote,
    request_badge,
    request_note,
    status_badge,
    table,
    target_label,
    with_markers,
)



def render(corpus: Corpus, entry: PlanEntry, links: Links) -> Document:
    plan = entry.plan
    text = _FullText(entry, links)
    parts = [
        heading(1, plan_name(plan), "tieu-de"),
        block(paragraph(plan.metadata.title, "plan-title")),
        block(_card(corpus, entry, links)),
        block(_contents(entry)),
        *_targets(corpus, entry, links),
        *_assignments(corpus, entry, links),
        *_deadlines(corpus, entry, links),
        *_documents(corpus, entry, links),
        *text.parts(),
    ]
    description = display.excerpt(f"{plan_reference(plan)}: {plan.metadata.title}", DESCRIPTION_LIMIT)
    return document(plan_name(plan), *parts, description=description, structured=_legislation(entry))


DESCRIPTION_LIMIT = 200
"""Characters of a plan's description that search engines and shared links show."""


def _legislation(entry: PlanEntry) -> dict:
    """The plan as schema.org ``Legislation``: identifier, date, who passed it, where it applies,
    its period, and one part per clause (linked by its anchor on the page)."""
    plan, meta = entry.plan, entry.plan.metadata
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": plan_name(plan),
        "abstract": meta.title,
        "inLanguage": "vi",
        "legislationType": display.DOC_TYPES[meta.doc_type],
    }
    if meta.number:
        data["legislationIdentifier"] = meta.number
    if meta.date:
        data["legislationDate"] = meta.date
    if meta.issuer:
        data["legislationPassedBy"] = {"@type": "GovernmentOrganization", "name": meta.issuer}
    if entry.locality is not None:
        data["legislationJurisdiction"] = {"@type": "AdministrativeArea",
                                           "name": f"{entry.locality.kind} {entry.locality.name}"}
    if meta.period_start is not None:
        data["temporalCoverage"] = f"{meta.period_start}/{meta.period_end or meta.period_start}"
    data["hasPart"] = [
        {"@type": "Legislation", "name": f"{anchor.label} {clause.title}".strip(),
         "legislationIdentifier": clause_path(clause.id, list(anchor.ancestors)), "url": f"#{clause.id}"}
        for clause, anchor in ((clause, entry.anchors[clause.id]) for clause in walk(plan.clauses))
    ]
    return data


SECTIONS = (
    ("chi-tieu", "Chỉ tiêu"),
    ("phan-cong", "Phân công thực hiện"),
    ("bao-cao", "Hạn báo cáo và hoàn thành"),
    ("van-ban-dan-chieu", "Văn bản dẫn chiếu"),
    ("toan-van", "Toàn văn"),
)
"""The page's sections before the plan's own parts: (heading id, heading)."""
FOOTNOTES = ("chu-thich", "Chú thích")
SECTION_TITLES = dict((*SECTIONS, FOOTNOTES))
CONTENTS_DEPTH = 2
"""Levels of clauses the contents lists (parts and their numbered items: I., 1.)."""


def _section(key: str) -> str:
    """A section's heading (level 2), by its id."""
    return heading(2, SECTION_TITLES[key], key)


def _contents(entry: PlanEntry) -> Html:
    """'Mục lục' at the top of the plan: the theme shows no table of contents below 960 px, and
    its drawer lists only pages of the navigation, which plans are not. Shown on narrow screens
    only (``site.css``), folded until opened."""
    plan = entry.plan

    def item(anchor_id: str, label: str, children: list[Html] | None = None) -> Html:
        return tag("li", tag("a", label, href=f"#{anchor_id}"), tag("ul", *children) if children else None)

    def clause_items(clauses: list[Clause], depth: int) -> list[Html]:
        return [item(clause.id, f"{clause.label} {clause.title}".strip(),
                     clause_items(clause.children, depth + 1) if depth < CONTENTS_DEPTH else None)
                for clause in clauses]

    sections = [item(key, title, clause_items(plan.clauses, 1) if key == "toan-van" else None) for key, title in SECTIONS]
    if plan.footnotes:
        sections.append(item(*FOOTNOTES))
    sections += [item(table.id, table.title) for table in plan.tables]
    return tag("nav", tag("details", tag("summary", "Mục lục"), tag("ul", *sections)),
               class_="plan-contents", aria_label="Mục lục của kế hoạch")


def _download(links: Links, uri: str, name: str, details: list[str], copied_from: Path | None) -> Html:
    """A download link: ``name (details, size)``, the size when the site copies the file from disk."""
    details = details + ([display.file_size(copied_from.stat().st_size)] if copied_from is not None else [])
    return link(links.to(uri), f"{name} ({', '.join(details)})" if details else name)


def _source_download(links: Links, entry: PlanEntry) -> Html:
    """The download of a plan's source file: a typed text is the source text, any other file
    (Word, PDF, a saved web page) is the original as published; with its extension and size."""
    suffix = PurePosixPath(entry.plan.source.file).suffix.lower()
    name = "văn bản nguồn" if suffix in ("", ".txt") else "bản gốc"
    return _download(links, entry.source_uri, name, [suffix or ".txt"], entry.source)


def _card(corpus: Corpus, entry: PlanEntry, links: Links) -> Html:
    meta = entry.plan.metadata
    issuer = meta.issuer or display.UNKNOWN
    if meta.parent_body:
        issuer = f"{issuer} (thuộc {meta.parent_body})"
    signer = " ".join(part for part in (meta.signer_title, meta.signer) if part) or display.UNKNOWN
    as_of = display.legal_date(corpus.as_of.isoformat())
    files = [
        _download(links, urls.plan_data(entry.id, "yaml"), "YAML", [], entry.stored),
        _download(links, urls.plan_data(entry.id, "json"), "JSON", [], entry.stored_json),
    ]
    if entry.source_uri is not None:
        files.insert(0, _source_download(links, entry))
    items = [
        ("Loại văn bản", display.DOC_TYPES[meta.doc_type]),
        *(
            [("Ban hành kèm theo", f"Quyết định số {meta.decision_number} ngày {display.date(meta.date)}")]
            if meta.decision_number
            else [("Số hiệu", meta.number or "Không ghi số")]
        ),
        ("Ngày ban hành", display.date(meta.date)),
        ("Cơ quan ban hành", issuer),
        ("Người ký", signer),
        ("Địa phương", locality_today(links, corpus, entry.locality)),
        ("Cấp", display.level(meta.level)),
        ("Thời kỳ", display.period(entry.plan)),
        ("Tình trạng", join([status_badge(entry.status, label=True), f" (tính đến {as_of})"])),
        ("Tải về", join(files, " · ")),
    ]
    card = definition_list(items, class_="plan-card")
    notes = []
    if meta.truncated:
        notes.append(tag("p", "Văn bản nguồn bị cắt ngắn: phần cuối không có trong dữ liệu.", class_="truncated"))
    if meta.review:
        reasons = join([tag("li", reason) for reason in meta.review], "")
        notes.append(tag("div", tag("p", "Dữ liệu cần người biên tập xem lại:"), tag("ul", reasons), class_="review"))
    return tag("div", card, *notes)


def _targets(corpus: Corpus, entry: PlanEntry, links: Links) -> list[str | HtmlBlock]:
    """One row per headline target, its quarterly and district figures folded under it
    (:mod:`generator.site.target_groups`); a quote the row before showed is not repeated."""
    rows, shown = [], None
    for item in target_groups.group(entry.target_rows):
        first = item.first.target
        said = None if first.quote == shown else quote(links, entry, first.quote)
        shown = first.quote
        by_kind = item.details_by_kind()
        folded = [_target_details(entry, links, kind, details) for kind, details in by_kind]
        headline = item.headline.target if item.headline else None
        rows.append([
            join([target_label(links, corpus, first), *([tag("br"), said] if said else []), *folded]),
            tag("span", display.quantity(headline), class_="value") if headline else
            ", ".join(target_groups.DETAIL_KINDS[kind].lower() for kind, _ in by_kind),
            display.when(headline) if headline else str(first.year or display.when(first)),
            (headline.scope or "") if headline else "",
            anchor_link(links, entry, first.clause_id),
        ])
    body = (
        table(["Chỉ tiêu", "Mục tiêu", "Năm", "Phạm vi", "Mục"], rows)
        if rows
        else empty("Chưa trích xuất được chỉ tiêu nào.")
    )
    return [_section("chi-tieu"), block(body)]


def _target_details(entry: PlanEntry, links: Links, kind: str, rows: list[TargetRow]) -> Html:
    """A folded list of a headline's quarterly or district figures, each with its clause when it
    differs from the one before."""
    items, clause = [], None
    for row in rows:
        target = row.target
        if kind == target_groups.DISTRICT:
            label = row.district.name
        else:
            label = display.when(target) + (f", {target.scope}" if target.scope else "")
        where = [" (", anchor_link(links, entry, target.clause_id), ")"] if target.clause_id != clause else []
        clause = target.clause_id
        items.append(tag("li", join([f"{label}: ", tag("span", display.quantity(target), class_="value"), *where])))
    summary = f"{target_groups.DETAIL_KINDS[kind]} ({len(rows)})"
    return tag("details", tag("summary", summary), tag("ul", *items), class_="target-details")


def _assignments(corpus: Corpus, entry: PlanEntry, links: Links) -> list[str | HtmlBlock]:
    rows = [
        [
            join([agency_link(links, corpus, a.agency), " ", request_badge() if a.request else None]),
            footnoted(links, entry, display.excerpt(a.task)),
            anchor_link(links, entry, a.clause_id),
        ]
        for a in entry.plan.assignments
    ]
    body = table(["Cơ quan", "Nhiệm vụ", "Mục"], rows) if rows else empty("Chưa trích xuất được phân công nào.")
    note = request_note(any(a.request for a in entry.plan.assignments))
    return [_section("phan-cong"), *(block(item) for item in note), block(body)]


def _deadlines(corpus: Corpus, entry: PlanEntry, links: Links) -> list[str | HtmlBlock]:
    rows = [
        [
            display.deadline_kind(d),
            join((agency_link(links, corpus, reporter) for reporter in d.reporters), ", "),
            agency_link(links, corpus, d.recipient) if d.recipient else display.UNKNOWN,
            display.frequency(d),
            display.due(d),
            anchor_link(links, entry, d.clause_id),
        ]
        for d in entry.plan.deadlines
    ]
    headers = ["Loại", "Đơn vị thực hiện", "Gửi tới", "Tần suất", "Thời hạn", "Mục"]
    body = table(headers, rows) if rows else empty("Chưa trích xuất được thời hạn nào.")
    offer = calendar_offer(links, urls.plan_calendar(entry.id), [(entry, d) for d in entry.plan.deadlines])
    return [_section("bao-cao"), block(body), *(block(item) for item in offer)]


def _documents(corpus: Corpus, entry: PlanEntry, links: Links) -> list[str | HtmlBlock]:
    """What the plan rests on, implements, amends or replaces, the plans of the corpus that do so
    with this one, then every document it cites with where."""
    plan = entry.plan
    related: dict[str, list[Html]] = defaultdict(list)
    if plan.metadata.decision_number:
        related["Ban hành kèm theo"].append(f"Quyết định số {plan.metadata.decision_number}")
    places: dict[str, list[Html]] = {}
    relation: dict[str, list] = defaultdict(list)
    for item in plan.citations:
        places.setdefault(item.document, []).append(citation_place(links, entry, item))
        relation[item.document].append(item.relation)
    strongest_of = {document_id: strongest(found) for document_id, found in relation.items()}
    for kind, words in display.RELATIONS.items():
        for document in plan.documents:
            if strongest_of.get(document.id) == kind:
                related[words].append(cited_document_link(links, corpus, document))
    as_document = corpus.documents.get(corpus.plan_documents.get(entry.id, ""))
    if as_document is not None:
        for kind, words in display.RELATED_BY.items():
            for other in as_document.plans(kind):
                related[words].append(plan_link(links, other))
    rows = [
        [cited_document_link(links, corpus, document), display.RELATIONS.get(strongest_of.get(document.id), ""),
         join(places.get(document.id, []), ", ")]
        for document in plan.documents
    ]
    parts = [_section("van-ban-dan-chieu")]
    if related:
        parts.append(block(definition_list([(term, join(items, "; ")) for term, items in related.items()],
                                           class_="relations")))
    parts.append(block(table(["Văn bản", "Quan hệ", "Dẫn tại"], rows) if rows
                       else empty("Chưa trích xuất được văn bản dẫn chiếu nào.")))
    return parts


class _FullText:
    """The text of one plan: preamble, clause headings and blocks, footnotes, tables."""

    def __init__(self, entry: PlanEntry, links: Links):
        self.entry = entry
        self.plan = entry.full_plan()  # the corpus holds plans without most of their text
        self.links = links
        self.footnotes = {footnote.number for footnote in self.plan.footnotes}
        self.marked: set[int] = set()

    def parts(self) -> list[str | HtmlBlock]:
        plan = self.plan
        parts = [_section("toan-van")]
        if plan.preamble:
            parts.append(block(tag("div", self._blocks(plan.preamble), id=PREAMBLE, class_="preamble")))
        for clause in plan.clauses:
            parts.extend(self._clause(clause, 3))
        if plan.footnotes:
            parts += [_section("chu-thich"), block(self._footnotes())]
        for item in plan.tables:
            parts.extend(self._table(item))
        return parts

    def _clause(self, clause: Clause, level: int) -> list[str | HtmlBlock]:
        anchor = self.entry.anchors[clause.id]
        cite = citation(self.plan, clause.id, list(anchor.ancestors))
        named = f"trích dẫn {anchor.label[0].lower()}{anchor.label[1:]}"  # "trích dẫn mục III.2.4": the full number
        button = tag(
            "button",
            named[0].upper() + named[1:],
            type="button",
            class_="cite-copy",
            data_cite=cite,
            data_anchor=clause.id,
            aria_label=f"Sao chép {named}",  # holds the visible text (WCAG 2.5.3)
            title=cite,
        )
        title = self._rich(f"{clause.label} {clause.title}".strip())
        parts = [
            heading(level, title, clause.id, ("clause",)),
            block(
                tag(
                    "div",
                    tag("div", button, class_="clause-tools", data_search_exclude=True),
                    self._blocks(clause.blocks),
                    class_="clause-body",
                )
            ),
        ]
        for child in clause.children:
            parts.extend(self._clause(child, level + 1))
        return parts

    def _blocks(self, blocks: list[Block]) -> Html:
        """Paragraphs as ``<p>``; ``-`` items as a list; ``+`` items nested in the item before."""
        out: list[Html] = []
        items: list[tuple[Html, list[Html]]] = []

        def close() -> None:
            if items:
                out.append(tag("ul", *(tag("li", text, tag("ul", *subs) if subs else None) for text, subs in items)))
                items.clear()

        for item in blocks:
            text = self._rich(item.text)
            if item.kind == "paragraph":
                close()
                out.append(tag("p", text))
            elif item.marker == "+" and items:
                items[-1][1].append(tag("li", text))
            else:
                items.append((text, []))
        close()
        return join(out)

    def _rich(self, text: str) -> Html:
        """Escaped text whose footnote markers ``[n]`` link to their footnote; the first marker of
        each footnote is the one its footnote links back to."""
        return with_markers(text, self.footnotes, self._marker)

    def _marker(self, number: int) -> Html:
        first = number not in self.marked
        self.marked.add(number)
        target = self.links.to(urls.plan(self.entry.id), f"fn-{number}")
        return tag("sup", tag("a", f"[{number}]", href=target, id=f"fnref-{number}" if first else None),
                   class_="footnote-ref")

    def _footnotes(self) -> Html:
        items = []
        for footnote in self.plan.footnotes:
            back = None
            if footnote.number in self.marked:
                back = tag(
                    "a",
                    "↩",
                    href=self.links.to(urls.plan(self.entry.id), f"fnref-{footnote.number}"),
                    class_="footnote-back",
                    aria_label="Quay lại chỗ dẫn chú thích",
                )
            items.append(tag("li", footnote.text, " ", back, id=f"fn-{footnote.number}", value=str(footnote.number)))
        return tag("ol", *items, class_="footnotes")

    def _table(self, item: Table) -> list[str | HtmlBlock]:
        columns = [column.type for column in item.columns]
        rows = [[_table_value(value, kind) for value, kind in zip(row, columns)] for row in item.rows]
        footer = None
        if item.total is not None:
            footer = [_table_value(value, kind) for value, kind in zip(item.total.values, columns)]
            blank = next((number for number, value in enumerate(footer) if not value), 0)
            footer[blank] = item.total.label
        parts = [heading(2, item.title, item.id, ("appendix",))]
        if item.note:
            parts.append(block(paragraph(item.note, "table-note")))
        parts.append(block(table([column.name for column in item.columns], rows, footer=footer, indexed=True)))
        return parts


def _table_value(value: int | float | str | None, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("integer", "number") and isinstance(value, (int, float)):
        return display.number(value)
    return str(value)
