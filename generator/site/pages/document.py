"""The cited-document page, ``/van-ban/<document-id>/``.

Guarantees:

* Every citation of the document in every plan is one row: the plan, the
  clause (or preamble, or footnote) it is cited from, with a link that lands
  there, and the quoted words; rows follow plan id and document order.
* The number of citing plans is stated, so a reader sees at once how widely
  a document is implemented.
"""

from __future__ import annotations

from generator.site import display
from generator.site.corpus import Corpus, DocumentRecord
from generator.site.page import Document, block, document, heading
from generator.site.urls import Links
from generator.site.widgets import (
    citation_place,
    definition_list,
    document_link,
    document_name,
    empty,
    plan_link,
    table,
)


def render(corpus: Corpus, record: DocumentRecord, links: Links) -> Document:
    item = record.document
    name = document_name(item)
    citing = sorted({entry.id for entry, _ in record.citations})
    facts = [
        ("Loại văn bản", item.type),
        ("Số hiệu", item.number or "Không ghi số"),
        ("Ngày ban hành", display.date(item.date) if item.date else (str(item.year) if item.year else display.UNKNOWN)),
        ("Cơ quan ban hành", item.issuer or display.UNKNOWN),
        ("Số kế hoạch dẫn chiếu", str(len(citing))),
    ]
    if item.name:
        facts.insert(1, ("Tên", item.name))
    approver = corpus.documents.get(item.approved_by or "")
    if approver is not None:
        facts.append(("Phê duyệt tại", document_link(links, approver.document)))

    def order(pair):
        entry, citation = pair
        return entry.id, entry.position(citation.clause_id), citation.footnote or 0

    rows = []
    for entry, citation in sorted(record.citations, key=order):
        rows.append([plan_link(links, entry), citation_place(links, entry, citation), display.excerpt(citation.quote)])
    parts = [
        heading(1, name, "tieu-de"),
        block(definition_list(facts, class_="facts")),
        heading(2, "Các kế hoạch dẫn chiếu", "ke-hoach"),
        block(
            table(["Kế hoạch", "Dẫn tại", "Trích"], rows)
            if rows
            else empty("Chưa có kế hoạch nào dẫn chiếu văn bản này.")
        ),
    ]
    description = f"{name}: {len(citing)} kế hoạch lao động, việc làm dẫn chiếu văn bản này."
    return document(name, *parts, description=description)
