"""The comparison page, ``/so-sanh/``: plans (rows) against indicators (columns).

Guarantees:

* A cell holds every headline target of that plan for that indicator, each
  as ``< 4 % (2025)`` (comparator, value, unit, year: never a bare number)
  linking to the clause it comes from; targets a province allots to its
  districts are left to the indicator and locality pages.
* Only indicators that some plan targets get a column, so every column
  compares like with like.
* Rows are split over pages of :data:`ROWS_PER_PAGE` plans (``/so-sanh/``,
  ``/so-sanh/2/``...), ordered by today's province (so the plans of a
  province merged in 2025 sit beside its successor's), locality and plan id.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import localities
from generator.site import display, urls
from generator.site.corpus import Corpus, PlanEntry, TargetRow
from generator.site.html import Html, join, tag
from generator.site.page import Output, block, document, heading
from generator.site.urls import Links
from generator.site.widgets import (
    empty, labelled_cell, link, locality_link, pager, paragraph, plan_link, shown_unit,
)

ROWS_PER_PAGE = 100
TITLE = "So sánh mục tiêu giữa các kế hoạch"


def pages(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    cells: dict[tuple[str, str], list[TargetRow]] = {}
    for indicator_id, rows in corpus.targets.items():
        for row in rows:
            if row.district is None:
                cells.setdefault((row.entry.id, indicator_id), []).append(row)
    columns = sorted(
        {indicator_id for _, indicator_id in cells}, key=lambda i: display.sort_key(corpus.indicators[i].name)
    )
    entries = sorted((e for e in corpus.plans.values() if any((e.id, c) in cells for c in columns)), key=_order)
    chunks = [entries[start : start + ROWS_PER_PAGE] for start in range(0, len(entries), ROWS_PER_PAGE)] or [[]]
    uris = [urls.comparison(number) for number in range(1, len(chunks) + 1)]
    for number, (uri, chunk) in enumerate(zip(uris, chunks), 1):
        links = Links(uri, directory_urls)
        title = TITLE if number == 1 else f"{TITLE} (trang {number})"
        parts = [
            heading(1, title, "tieu-de"),
            block(
                paragraph(
                    "Mỗi ô ghi mục tiêu như kế hoạch đặt ra: mức (dưới, trên, khoảng, đạt …), giá trị, đơn vị và (năm). "
                    "Bấm vào một ô để đến đúng mục của kế hoạch; bấm tên chỉ tiêu để xem mọi địa phương.",
                    "lead",
                )
            ),
        ]
        navigation = pager(links, uris, number)
        if navigation:
            parts.append(block(navigation))
        parts.append(
            block(_matrix(corpus, links, chunk, columns, cells) if chunk else empty("Chưa có mục tiêu nào để so sánh."))
        )
        description = "Mục tiêu của các kế hoạch lao động, việc làm, mỗi chỉ tiêu một dòng, mỗi kế hoạch một cột."
        yield Output(uri, document(title, *parts, hide=("navigation", "toc"), searchable=False,
                                   description=description), in_nav=number == 1)


def _order(entry: PlanEntry):
    place = entry.locality
    now = localities.today(place)  # today's province: Kon Tum's plans beside Quảng Ngãi's
    province = display.sort_key(now.name) if now else ("", "")
    return province, display.sort_key(place.name) if place else ("", ""), entry.id


def _matrix(corpus: Corpus, links: Links, entries: list[PlanEntry], columns: list[str], cells) -> Html:
    head = [tag("th", "Kế hoạch", scope="col")] + [
        tag("th", link(links.to(urls.indicator(c)), corpus.indicators[c].name), scope="col") for c in columns
    ]
    body = []
    for entry in entries:
        row = [
            tag(
                "th",
                plan_link(links, entry),
                tag("br"),
                tag("small", locality_link(links, corpus, entry.locality)),
                scope="row",
            )
        ]
        for column in columns:
            values = [_value(corpus, links, entry, item) for item in cells.get((entry.id, column), [])]
            row.append(labelled_cell(join(values, tag("br")), corpus.indicators[column].name))
        body.append(tag("tr", *row))
    return tag("div", tag("table", tag("thead", tag("tr", *head)), tag("tbody", *body), data_cards=True),
               class_="comparison")


def _value(corpus: Corpus, links: Links, entry: PlanEntry, item: TargetRow) -> Html:
    """``dưới 4 % (2025)`` in the indicator's unit, plus the scope when the plan narrows it,
    linked to its clause."""
    text = display.cell(item.target, shown_unit(corpus, item.target))
    text += f" – {item.target.scope}" if item.target.scope else ""
    if item.target.clause_id not in entry.anchors:
        return tag("span", text)
    return link(links.to(urls.plan(entry.id), item.target.clause_id), text)
