"""Pieces shared by several page kinds: tables, links to entities, target cells.

Every function returns :class:`~generator.site.html.Html` built with
:func:`~generator.site.html.tag`, so data reaching a page through here is
escaped exactly once. Links point only at pages that exist in the corpus;
a missing target is shown as plain text, never as a broken link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator import localities
from generator.agencies import UNCLASSIFIED, agency_type
from generator.localities import Locality
from generator.models import Citation, CitedDocument, Deadline, Target
from generator.site import calendars, display, urls
from generator.site.chart import Bar, bar_chart
from generator.site.citation import plan_name
from generator.site.corpus import Corpus, PlanEntry, TargetRow
from generator.site.html import Html, join, tag, to_html
from generator.site.status import PlanStatus
from generator.site.urls import Links
from generator.textutil import FOOTNOTE_MARK
from generator.catalogue import IndicatorKind, unit_kind


@dataclass(frozen=True)
class Cell:
    """A table cell with an explicit sort key (numbers sort as numbers)."""

    content: Html | str
    sort: str | float


CARD_COLUMNS = 3
"""A table of this many columns or more is a stack of cards on a narrow screen (``site.css``):
each row a card, each cell under its column's name, so no column is cut off or scrolled away."""


def table(
    headers: list[str],
    rows: Iterable[list[Html | str | Cell]],
    sortable: bool = False,
    footer: list[Html | str] | None = None,
    indexed: bool = False,
    filterable: bool = False,
) -> Html:
    """A data table; ``sortable`` tables get column sorting from ``table-sort.js``,
    ``filterable`` ones a box that keeps the rows holding what is typed (``table-filter.js``).

    Every cell carries its column's name (``data-label``), which a narrow screen shows
    beside it when the table is read as cards (:data:`CARD_COLUMNS`).

    Tables are left out of the search index unless ``indexed``: most repeat
    plan text that search already finds on the plan page, and leaving them
    out keeps the index readers download small. A plan's own appendix tables
    are indexed.

    ``rows`` may be a generator: each row's cells are dropped once the row is written, so a
    table of tens of thousands of rows holds only their HTML.
    """
    head = tag("thead", tag("tr", *(tag("th", header, scope="col") for header in headers)))
    foot = tag("tfoot", _row(footer, headers)) if footer else ""
    opening = tag("table", data_sortable=sortable, data_filterable=filterable,
                  data_search_exclude=not indexed, data_cards=len(headers) >= CARD_COLUMNS).removesuffix("</table>")
    # one join of every row, the rows dropped before the copy Html makes: two copies at most, not four
    text = "".join([opening, head, "<tbody>", *(_row(row, headers) for row in rows), "</tbody>", foot, "</table>"])
    return Html(text)


def _row(values: list[Html | str | Cell], headers: list[str]) -> Html:
    """One row, each cell labelled with its column's name (a cell past the last header: none)."""
    return tag("tr", *(labelled_cell(value, headers[i] if i < len(headers) else "") for i, value in enumerate(values)))


def labelled_cell(value: Html | str | Cell, label: str) -> Html:
    """A cell under column ``label``: its content in one box (a card lays the label and that box
    side by side), or nothing when empty."""
    content = value.content if isinstance(value, Cell) else value
    inner = tag("div", content, class_="cell") if to_html(content) else None
    if isinstance(value, Cell):
        kind = "number" if isinstance(value.sort, (int, float)) else None
        return tag("td", inner, data_sort=str(value.sort), data_sort_type=kind, data_label=label)
    return tag("td", inner, data_label=label)


def paragraph(text: Html | str, class_: str | None = None) -> Html:
    return tag("p", text, class_=class_)


def empty(text: str) -> Html:
    """What a section shows when the data has nothing for it (not worth a search hit)."""
    return tag("p", text, class_="empty", data_search_exclude=True)


def link_list(links: list[Html]) -> Html:
    """A list of links to other pages; left out of search, where each target has its own entry."""
    return tag("ul", *(tag("li", item) for item in links), class_="links", data_search_exclude=True)


def link(href: Html, label: Html | str) -> Html:
    return tag("a", label, href=href)


def calendar_offer(links: Links, uri: str, entry_deadlines: list[tuple[PlanEntry, Deadline]]) -> list[Html]:
    """«Thêm vào lịch»: the link to the calendar file ``uri`` of these deadlines (made by
    :mod:`generator.site.calendars`), saying what it holds and which deadlines it cannot;
    nothing when none of the deadlines has a day."""
    missing = calendars.undated(entry_deadlines)
    dated = len(entry_deadlines) - missing
    if not dated:
        return []
    note = f" {missing} hạn không ghi ngày cụ thể nên không có trong lịch." if missing else ""
    return [paragraph(join([
        tag("a", "Thêm vào lịch (.ics)", href=links.to(uri), download=True, class_="md-button"),
        f" Tệp lịch gồm {dated} hạn có ngày, mỗi hạn nhắc trước {calendars.REMINDER_DAYS} ngày; mở bằng lịch "
        f"của điện thoại, Google Lịch hoặc Outlook.{note}",
    ]), "calendar-offer")]


def plan_link(links: Links, entry: PlanEntry) -> Html:
    return link(links.to(urls.plan(entry.id)), plan_name(entry.plan))


def anchor_link(links: Links, entry: PlanEntry, anchor_id: str | None) -> Html:
    """Link to a clause (or table, or the preamble) of a plan, labelled ``Mục III.2.4``."""
    anchor = entry.anchor(anchor_id)
    if anchor is None:
        return tag("span", anchor_id)
    return link(links.to(urls.plan(entry.id), anchor.id), anchor.label)


def citation_place(links: Links, entry: PlanEntry, citation: Citation) -> Html:
    """Where a plan cites a document: ``Mục IV.1 (chú thích 3)``, each part a link."""
    where = anchor_link(links, entry, citation.clause_id)
    if citation.footnote is None:
        return where
    footnote = link(links.to(urls.plan(entry.id), f"fn-{citation.footnote}"), f"chú thích {citation.footnote}")
    return join([where, " (", footnote, ")"])


def locality_link(links: Links, corpus: Corpus, locality: Locality | None) -> Html:
    if locality is None:
        return Html(display.UNKNOWN)
    if locality.id not in corpus.localities:
        return tag("span", locality.name)
    return link(links.to(urls.locality(locality.id)), locality.name)


def locality_today(links: Links, corpus: Corpus, locality: Locality | None) -> Html:
    """A locality as a plan names it and, when the 2025 reform moved it, where it is today:
    ``Kon Tum — nay thuộc tỉnh Quảng Ngãi (từ 01/7/2025)``, each name a link."""
    now = localities.today(locality)
    if locality is None or now is None or now.id == locality.id:
        return locality_link(links, corpus, locality)
    return join([locality_link(links, corpus, locality), f" — nay thuộc {now.kind} ", locality_link(links, corpus, now),
                 f" (từ {display.legal_date(localities.REFORM_DATE)})"])


def agency_link(links: Links, corpus: Corpus, agency_id: str) -> Html:
    """Link to an agency page; an id or name the corpus does not know stays text."""
    record = corpus.agencies.get(agency_id)
    if record is None:
        return tag("span", agency_id)
    return link(links.to(urls.agency(agency_id)), record.agency.name)


def agency_type_name(type_id: str) -> str:
    """The registry's name of an agency type: 'Sở Lao động - Thương binh và Xã hội'."""
    if type_id == UNCLASSIFIED or not type_id:
        return "Chưa phân loại"
    found = agency_type(type_id)
    return found.name if found else type_id


def target_label(links: Links, corpus: Corpus, target: Target) -> Html:
    """The indicator page of a target, or its own wording marked unclassified."""
    if target.indicator is None:
        return join([tag("span", target.measure), " ", tag("span", "chưa phân loại", class_="badge badge--muted")])
    return indicator_link(links, corpus, target.indicator)


def indicator_link(links: Links, corpus: Corpus, indicator_id: str) -> Html:
    return link(links.to(urls.indicator(indicator_id)), corpus.indicators[indicator_id].name)


def document_name(document: CitedDocument) -> str:
    """``Quyết định số 522/QĐ-TTg``, or the type and name of a document cited by name."""
    if document.number:
        return f"{document.type} số {document.number}"
    if document.name:
        return document.name if document.name.startswith(document.type) else f"{document.type} {document.name}"
    return document.type


def document_link(links: Links, document: CitedDocument) -> Html:
    return link(links.to(urls.document(document.id)), document_name(document))


def cited_document_link(links: Links, corpus: Corpus, document: CitedDocument) -> Html:
    """A link named after ``document`` to its page; a scheme that is one document with the decision
    approving it links to that decision's page."""
    record = corpus.document(document.id)
    target = record.document if record is not None else document
    return link(links.to(urls.document(target.id)), document_name(document))


def quote(links: Links, entry: PlanEntry, text: str) -> Html:
    """The words a record of plan ``entry`` was extracted from, shown as its provenance."""
    return tag("small", join(["“", footnoted(links, entry, display.excerpt(text)), "”"]), class_="quote")


REQUEST_MEANING = ("không thuộc quyền chỉ đạo của cơ quan ban hành, nên kế hoạch đề nghị phối hợp "
                   "chứ không giao nhiệm vụ")


def status_badge(status: PlanStatus, label: bool = False) -> Html:
    """The plan's status in words (with its period when ``label``), marked for styling by its code."""
    return tag("span", status.label if label else status.words, class_=f"status status-{status.code}")


def request_badge() -> Html:
    return tag("span", "đề nghị", class_="badge", title=f"Đề nghị: cơ quan {REQUEST_MEANING}")


def request_note(requests: bool) -> list[Html]:
    """The meaning of the «đề nghị» badge in words, for a table that shows it (a tooltip alone
    is not read on a phone or by every screen reader)."""
    return [paragraph(join([request_badge(), f" Cơ quan có nhãn này {REQUEST_MEANING}."]),
                      "request-note")] if requests else []


def expandable(text: str, limit: int, render: Callable[[str], Html | str] = str) -> Html | str:
    """``text`` cut to ``limit`` characters, with the whole of it a click away when cut; both
    shown through ``render`` (:func:`footnoted`, for one)."""
    short = display.excerpt(text, limit)
    if short == " ".join(text.split()):
        return render(short)
    return tag("div", tag("p", render(short)), tag("details", tag("summary", "Toàn văn"), tag("p", render(text))),
               class_="expandable")


def with_markers(text: str, numbers: set[int], marker: Callable[[int], Html]) -> Html:
    """Escaped ``text`` with each footnote marker ``[n]`` whose ``n`` is in ``numbers`` replaced by
    ``marker(n)``; any other bracketed number stays text."""
    pieces: list[Html | str] = []
    position = 0
    for match in FOOTNOTE_MARK.finditer(text):
        number = int(match[1])
        if number in numbers:
            pieces += [text[position : match.start()], marker(number)]
            position = match.end()
    pieces.append(text[position:])
    return join(pieces)


def footnoted(links: Links, entry: PlanEntry, text: str) -> Html:
    """``text`` of plan ``entry`` shown outside its full text (an excerpt, a quote): each marker of
    one of the plan's footnotes links to that footnote on the plan page, with the footnote's words
    as the link's title, so no bare "[1]" is left without its note."""
    notes = {footnote.number: footnote.text for footnote in entry.plan.footnotes}

    def marker(number: int) -> Html:
        target = links.to(urls.plan(entry.id), f"fn-{number}")
        note = display.excerpt(notes[number], 200)
        return tag("sup", tag("a", f"[{number}]", href=target, title=note, aria_label=f"Chú thích {number}: {note}"),
                   class_="footnote-ref")

    return with_markers(text, set(notes), marker)


def target_cells(links: Links, corpus: Corpus, row: TargetRow) -> list[Html | str | Cell]:
    """One comparison row; see TARGET_HEADERS. What a phone shows first: place, target, year.
    The target reads in its indicator's unit when it counts the same thing ('lao động' for
    'người'), so one indicator shows one unit."""
    target, entry = row.target, row.entry
    level = "Quận, huyện (phân bổ)" if row.district else display.level(entry.plan.metadata.level)
    place = row.place
    return [
        Cell(locality_link(links, corpus, place), display.sort_key(place.name)[0] if place else ""),
        Cell(tag("span", display.quantity(target, shown_unit(corpus, target)), class_="value", title=target.quote),
             target.value),
        Cell(display.when(target), target.year if target.year is not None else 0),
        target.scope or "",
        level,
        plan_link(links, entry),
        anchor_link(links, entry, target.clause_id),
    ]


TARGET_HEADERS = ["Địa phương", "Mục tiêu", "Năm", "Phạm vi", "Cấp", "Kế hoạch", "Mục"]


def ordered_targets(rows: list[TargetRow]) -> list[TargetRow]:
    """Comparison order: locality name, year, plan id, place in the plan's text."""

    def key(row: TargetRow):
        place = row.place.name if row.place else ""
        return display.sort_key(place), row.target.year or 0, row.entry.id, row.entry.position(row.target.clause_id)

    return sorted(rows, key=key)


LEVEL_CHARTS = {False: "mục tiêu của nơi ban hành", True: "phân bổ cho quận, huyện"}
"""Whether a chart's figures are a plan's own targets or its allocations to districts."""


CHART_BARS = 40
"""The most bars a chart draws: the largest of its targets (every province of today fits). The table
beside it and the CSV hold them all; a chart of thousands of bars reads as nothing, on a phone least."""


def target_charts(chart_id: str, links: Links, indicator: IndicatorKind, rows: list[TargetRow]) -> list[Html]:
    """Bar charts of the ``rows`` that can be compared: one per level (:data:`LEVEL_CHARTS`) and
    span (:data:`display.PERIOD_KINDS`), each in the indicator's unit (rows measured in another
    kind of unit share no axis and are left out; 'lao động' and 'người' count the same), largest
    first, at most :data:`CHART_BARS` (the caption says so when there are more), each bar linked
    to the clause that sets it."""
    kind = unit_kind(indicator.unit)
    groups: dict[tuple[bool, str], list[TargetRow]] = {}
    for row in rows:
        if unit_kind(row.target.unit) == kind:
            groups.setdefault((row.district is not None, display.period_kind(row.target)), []).append(row)
    spans = list(display.PERIOD_KINDS)
    figures = []
    for number, key in enumerate(sorted(groups, key=lambda key: (key[0], spans.index(key[1]))), 1):
        ordered = sorted(groups[key], key=lambda row: (-row.target.value, display.sort_key(_place_name(row))))
        bars = [
            Bar(f"{_place_name(row)} ({display.when(row.target)})", row.target.value, row.target.value_max,
                display.quantity(row.target, indicator.unit), links.to(urls.plan(row.entry.id), row.target.clause_id))
            for row in ordered[:CHART_BARS]
        ]
        title = f"{indicator.name}: {LEVEL_CHARTS[key[0]]}, {display.PERIOD_KINDS[key[1]]} ({indicator.unit})"
        if len(ordered) > CHART_BARS:
            title += f", {CHART_BARS} mục tiêu lớn nhất trong {display.number(len(ordered))}"
        figures.append(bar_chart(f"{chart_id}-{number}", title, bars, display.number))
    return figures


def shown_unit(corpus: Corpus, target: Target) -> str:
    """The unit a target is shown in: its indicator's when both count the same thing, else its own."""
    indicator = corpus.indicators.get(target.indicator or "")
    if indicator is not None and unit_kind(indicator.unit) == unit_kind(target.unit):
        return indicator.unit
    return target.unit


def _place_name(row: TargetRow) -> str:
    return row.place.name if row.place else display.UNKNOWN


def pager(links: Links, pages: list[str], current: int) -> Html:
    """``Trang 1 2 3`` links between the pages of a split listing."""
    if len(pages) < 2:
        return Html("")
    items = [
        tag("span", str(number), aria_current="page") if number == current else link(links.to(uri), str(number))
        for number, uri in enumerate(pages, 1)
    ]
    return tag("nav", "Trang: ", join(items, " "), class_="pager", aria_label="Các trang của danh sách")


def definition_list(items: list[tuple[str, Html | str]], class_: str | None = None) -> Html:
    # The spaces keep "term value" apart in the search index, which reads text only.
    return tag("dl", *(join([tag("dt", term), " ", tag("dd", value), " "]) for term, value in items), class_=class_)
