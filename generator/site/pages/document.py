"""The cited-document page, ``/van-ban/<document-id>/``.

Guarantees:

* The facts the citing plans give (type, number, date, issuer, trích yếu), the
  schemes the document approves (one document with it), and the plan of the
  corpus it is, when it is one.
* The plans that implement it, rest on it, amend or replace it, each list
  under its own heading ("Các kế hoạch thực hiện văn bản này"), with their
  locality and status.
* Coverage: for a national document, every province of today (34) with what
  the corpus holds for it (a plan implementing the document, a plan only
  citing it, or "chưa có kế hoạch trong dữ liệu"), a plan of a province merged
  in 2025 counting for the province that holds it now; as a grid and as a
  table. For a provincial document, the plans of the localities below it.
* Every citation of the document in every plan is one row: the plan, the
  place it is cited from (with a link that lands there), the relation and
  the quoted words; rows follow plan id and document order.
"""

from __future__ import annotations

from collections import defaultdict

from generator import localities
from generator.localities import Locality
from generator.site import display, urls
from generator.site.corpus import Corpus, DocumentRecord, PlanEntry
from generator.site.html import Html, join, tag
from generator.site.page import Document, block, document, heading
from generator.site.urls import Links
from generator.site.widgets import (
    citation_place,
    definition_list,
    document_name,
    empty,
    footnoted,
    locality_link,
    paragraph,
    plan_link,
    status_badge,
    table,
)

COVERAGE = {
    "implements": "Có kế hoạch thực hiện",
    "cites": "Có kế hoạch dẫn chiếu",
    "none": "Chưa có kế hoạch trong dữ liệu",
}
"""What the corpus holds for one province, in words (the grid shows them, not only colours)."""


def render(corpus: Corpus, record: DocumentRecord, links: Links) -> Document:
    item = record.document
    name = document_name(item)
    citing = record.plans()
    facts = [
        ("Loại văn bản", item.type),
        ("Số hiệu", item.number or "Không ghi số"),
        ("Ngày ban hành", display.date(item.date) if item.date else (str(item.year) if item.year else display.UNKNOWN)),
        ("Cơ quan ban hành", item.issuer or display.UNKNOWN),
        ("Số kế hoạch dẫn chiếu", str(len(citing))),
    ]
    if item.name:
        facts.insert(1, ("Tên", item.name))
    if item.subject:
        facts.insert(1, ("Trích yếu", item.subject))
    if record.approves:
        facts.append(("Phê duyệt", join([document_name(approved) for approved in record.approves], "; ")))
    if record.plan is not None:
        facts.append(("Có trong dữ liệu", plan_link(links, record.plan)))

    parts = [heading(1, name, "tieu-de"), block(definition_list(facts, class_="facts"))]
    for kind, title in display.RELATED_BY.items():
        plans = record.plans(kind)
        if plans or kind == "implements":
            parts += [heading(2, title, urls.group(title)), block(_plan_table(corpus, links, plans))]
    if item.locality is None:
        parts += _national_coverage(corpus, record, links)
    elif (place := localities.get(item.locality)) is not None and place.is_province:
        parts += _provincial_coverage(corpus, record, place, links)
    parts += [heading(2, "Các lần dẫn chiếu", "ke-hoach"), block(_citations(record, links))]
    implementing = len(record.plans("implements"))
    description = (f"{name}{': ' + display.excerpt(item.subject, 120) if item.subject else ''}. "
                   f"{len(citing)} kế hoạch lao động, việc làm dẫn chiếu, {implementing} kế hoạch thực hiện.")
    return document(name, *parts, description=description)


def _plan_table(corpus: Corpus, links: Links, plans: list[PlanEntry]) -> Html:
    if not plans:
        return empty("Chưa có kế hoạch nào trong dữ liệu thực hiện văn bản này.")
    rows = [
        [plan_link(links, entry), locality_link(links, corpus, entry.locality), display.date(entry.plan.metadata.date),
         status_badge(entry.status, label=True)]
        for entry in plans
    ]
    return table(["Kế hoạch", "Địa phương", "Ngày ban hành", "Tình trạng"], rows)


def _province_now(entry: PlanEntry) -> Locality | None:
    """Today's province holding the plan's locality (a district's province, a merged province's successor)."""
    if entry.locality is None:
        return None
    province = localities.get(entry.locality.province) if entry.locality.province else entry.locality
    return localities.today(province)


def _national_coverage(corpus: Corpus, record: DocumentRecord, links: Links) -> list:
    by_province: dict[str, dict[str, list[PlanEntry]]] = defaultdict(lambda: defaultdict(list))
    for entry in record.plans():
        province = _province_now(entry)
        if province is not None:
            kind = "implements" if record.relation_of(entry) == "implements" else "cites"
            by_province[province.id][kind].append(entry)
    provinces = sorted(
        (locality for locality in localities.all_localities() if locality.is_province and locality.until is None),
        key=lambda locality: (locality.code or 0, locality.id),
    )
    cells, rows = [], []
    for province in provinces:
        held = by_province.get(province.id, {})
        state = "implements" if held.get("implements") else "cites" if held.get("cites") else "none"
        name = locality_link(links, corpus, province)
        cells.append(tag("li", name, tag("span", COVERAGE[state], class_="coverage-state"),
                         class_=f"coverage-{state}"))
        plans = [plan_link(links, entry) for kind in ("implements", "cites") for entry in held.get(kind, [])]
        rows.append([name, COVERAGE[state], join(plans, "; ") if plans else ""])
    acted = sum(1 for held in by_province.values() if held.get("implements"))
    summary = (f"{acted} trong {len(provinces)} tỉnh, thành phố có kế hoạch thực hiện văn bản này trong dữ liệu; "
               "kế hoạch của một tỉnh đã hợp nhất năm 2025 được tính cho tỉnh, thành phố hiện nay.")
    return [
        heading(2, "Các tỉnh, thành phố đã có kế hoạch", "dia-phuong"),
        block(paragraph(summary)),
        block(tag("ul", *cells, class_="coverage-grid", data_search_exclude=True, aria_label="Các tỉnh, thành phố và kế hoạch của họ")),
        block(table(["Tỉnh, thành phố", "Tình trạng", "Kế hoạch"], rows, sortable=True)),
    ]


def _provincial_coverage(corpus: Corpus, record: DocumentRecord, province: Locality, links: Links) -> list:
    below = [entry for entry in record.plans()
             if entry.locality is not None and entry.locality.province == province.id]
    rows = [
        [locality_link(links, corpus, entry.locality), plan_link(links, entry),
         COVERAGE["implements" if record.relation_of(entry) == "implements" else "cites"]]
        for entry in sorted(below, key=lambda e: (display.sort_key(e.locality.name), e.id))
    ]
    now = localities.today(province)
    communes = len(now.communes) if now is not None else 0
    summary = (f"{len({entry.locality.id for entry in below})} địa phương cấp dưới có kế hoạch dẫn chiếu văn bản "
               f"này trong dữ liệu" + (f"; {now.name} hiện có {communes} xã, phường." if communes else "."))
    return [
        heading(2, "Các địa phương cấp dưới", "dia-phuong"),
        block(paragraph(summary)),
        block(table(["Địa phương", "Kế hoạch", "Tình trạng"], rows) if rows
              else empty("Chưa có kế hoạch cấp dưới nào trong dữ liệu dẫn chiếu văn bản này.")),
    ]


def _citations(record: DocumentRecord, links: Links) -> Html:
    rows = [
        [plan_link(links, entry), citation_place(links, entry, citation), display.RELATIONS.get(citation.relation, ""),
         footnoted(links, entry, display.excerpt(citation.quote))]
        for entry, citation in record.citations
    ]
    if not rows:
        return empty("Chưa có kế hoạch nào dẫn chiếu văn bản này.")
    return table(["Kế hoạch", "Dẫn tại", "Quan hệ", "Trích"], rows)
