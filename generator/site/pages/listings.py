"""Section index pages and the grouped listings behind them.

The navigation holds only the home page and one index page per section, so
it stays the same size whatever the number of plans. Each index links to
groups (plans by province, level and year; agencies by province and type;
documents by type), and each group is a listing split into pages of at most
:data:`PAGE_SIZE` rows.

Guarantees:

* No listing page carries more than :data:`PAGE_SIZE` entity links (plus a
  pager), whatever the size of the corpus.
* Groups and rows are sorted by total keys, so pages are deterministic.
* Every entity of the corpus is reachable from its section index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from generator import localities
from generator.site import display, status, urls
from generator.site.corpus import AgencyRecord, Corpus, DocumentRecord, PlanEntry, TargetRow
from generator.site.html import Html, join, tag
from generator.site.page import Output, block, document, heading
from generator.site.urls import Links
from generator.site.widgets import (
    Cell,
    status_badge,
    agency_link,
    agency_type_name,
    anchor_link,
    document_link,
    empty,
    indicator_link,
    link,
    link_list,
    locality_link,
    pager,
    paragraph,
    plan_link,
    table,
)

PAGE_SIZE = 200
NO_YEAR = "khong-ro"


def pages(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    """Every section index page and every listing page."""
    for section in SECTIONS.values():
        yield from section(corpus, directory_urls)


def split(
    base: Callable[[int], str],
    title: str,
    headers: list[str],
    items: list,
    row: Callable[[Links, object], list],
    directory_urls: bool,
    intro: str = "",
    after: Callable[[Links], list] | None = None,
    description: str | None = None,
    in_nav: bool = False,
) -> Iterator[Output]:
    """``items`` as a sortable, filterable table split over pages ``base(1)``, ``base(2)``, ...
    of PAGE_SIZE rows, with the width of the table of contents (which would list nothing but
    ``after``'s headings); ``after`` gives what follows the table on the first page, which is
    in the navigation when ``in_nav`` (a section's own index)."""
    chunks = [items[start : start + PAGE_SIZE] for start in range(0, len(items), PAGE_SIZE)] or [[]]
    uris = [base(number) for number in range(1, len(chunks) + 1)]
    for number, (uri, chunk) in enumerate(zip(uris, chunks), 1):
        links = Links(uri, directory_urls)
        heading_text = title if number == 1 else f"{title} (trang {number})"
        parts = [heading(1, heading_text, "tieu-de")]
        if intro:
            parts.append(block(paragraph(intro, "lead")))
        navigation = pager(links, uris, number)
        if navigation:
            parts.append(block(navigation))
        parts.append(
            block(
                table(headers, [row(links, item) for item in chunk], sortable=True, filterable=True)
                if chunk
                else empty("Không có mục nào.")
            )
        )
        if number == 1 and after is not None:
            parts += after(links)
        summary = description or display.excerpt(f"{heading_text}: {len(items)} mục. {intro}".strip(), 200)
        yield Output(uri, document(heading_text, *parts, hide=("toc",), searchable=False, description=summary),
                     in_nav=in_nav and number == 1)


def _group_list(links: Links, groups: list[tuple[str, str, int]]) -> Html:
    """Links to (uri, label, count) groups."""
    return link_list([join([link(links.to(uri), label), f" ({count})"]) for uri, label, count in groups])


# --- Plans -----------------------------------------------------------------

PLAN_HEADERS = ["Số hiệu", "Ngày", "Loại", "Cơ quan ban hành", "Địa phương", "Thời kỳ", "Tình trạng", "Trích yếu"]


def plan_row(corpus: Corpus) -> Callable[[Links, PlanEntry], list]:
    def row(links: Links, entry: PlanEntry) -> list:
        meta = entry.plan.metadata
        return [
            link(links.to(urls.plan(entry.id)), meta.number or "Không số"),
            Cell(display.date(meta.date), meta.date or ""),
            display.DOC_TYPES[meta.doc_type],
            meta.issuer or display.UNKNOWN,
            locality_link(links, corpus, entry.locality),
            Cell(display.period(entry.plan), meta.period_start or 0),
            Cell(status_badge(entry.status), status.ORDER.index(entry.status.code)),
            display.excerpt(meta.title, 160),
        ]

    return row


def level_uri(level: str, page: int = 1) -> str:
    """``ke-hoach/cap/tinh-thanh-pho.md``: the level's Vietnamese name as slug."""
    return urls.listing("ke-hoach/cap", urls.group(display.level(level)), page)


def plan_order(entry: PlanEntry) -> tuple:
    """Newest first, then by id."""
    return -(display.plan_year(entry.plan) or 0), entry.id


def _plans(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    entries = sorted(corpus.plans.values(), key=plan_order)
    row = plan_row(corpus)
    by_level: dict[str, list[PlanEntry]] = defaultdict(list)
    by_year: dict[str, list[PlanEntry]] = defaultdict(list)
    for entry in entries:
        by_level[entry.plan.metadata.level or "khac"].append(entry)
        year = display.plan_year(entry.plan)
        by_year[str(year) if year else NO_YEAR].append(entry)
    levels = [(level_uri(level), display.level(level), len(by_level[level])) for level in sorted(by_level)]
    years = [
        (urls.listing("ke-hoach/nam", year), "Chưa rõ năm" if year == NO_YEAR else f"Năm {year}", len(by_year[year]))
        for year in sorted(by_year, reverse=True)
    ]
    provinces = [
        (urls.locality(locality_id), record.locality.name, len(record.plans) + len(record.member_plans))
        for locality_id, record in sorted(
            corpus.localities.items(), key=lambda item: display.sort_key(item[1].locality.name)
        )
        if record.locality.is_province
    ]

    def groups(links: Links) -> list:
        return [
            heading(2, "Theo tỉnh, thành phố", "theo-tinh"),
            block(_group_list(links, provinces) if provinces else empty("Chưa có kế hoạch nào gắn với địa phương.")),
            heading(2, "Theo cấp ban hành", "theo-cap"),
            block(_group_list(links, levels) if levels else empty("Chưa có kế hoạch nào.")),
            heading(2, "Theo năm", "theo-nam"),
            block(_group_list(links, years) if years else empty("Chưa có kế hoạch nào.")),
        ]

    yield from split(
        lambda n: urls.PLANS if n == 1 else urls.listing("ke-hoach", "tat-ca", n),
        "Kế hoạch",
        PLAN_HEADERS,
        entries,
        row,
        directory_urls,
        intro=f"{len(entries)} kế hoạch, chương trình về lao động, việc làm, mới nhất trước. Bấm tiêu đề cột để "
              "sắp xếp, gõ vào ô lọc để thu hẹp; hoặc chọn theo địa phương, cấp ban hành, năm ở cuối trang.",
        after=groups,
        description=f"{len(entries)} kế hoạch, chương trình về lao động, việc làm: số hiệu, ngày, loại, "
                    "cơ quan ban hành, địa phương, thời kỳ.",
        in_nav=True,
    )
    for level, items in sorted(by_level.items()):
        yield from split(
            lambda n, level=level: level_uri(level, n),
            f"Kế hoạch: {display.level(level)}",
            PLAN_HEADERS,
            items,
            row,
            directory_urls,
        )
    for year, items in sorted(by_year.items()):
        title = "Kế hoạch chưa rõ năm" if year == NO_YEAR else f"Kế hoạch năm {year}"
        yield from split(
            lambda n, year=year: urls.listing("ke-hoach/nam", year, n), title, PLAN_HEADERS, items, row, directory_urls
        )


# --- Indicators ------------------------------------------------------------


def _indicators(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    links = Links(urls.INDICATORS, directory_urls)
    rows = []
    for indicator in sorted(corpus.indicators.values(), key=lambda i: display.sort_key(i.name)):
        targets = corpus.targets.get(indicator.id, [])
        rows.append(
            [
                indicator_link(links, corpus, indicator.id),
                indicator.unit,
                display.BETTER.get(indicator.better, display.UNKNOWN),
                Cell(str(len(targets)), len(targets)),
                Cell(str(len({row.entry.id for row in targets})), len({row.entry.id for row in targets})),
            ]
        )
    unclassified_uri = urls.listing("chi-tieu", "chua-phan-loai")
    parts = [
        heading(1, "Chỉ tiêu", "tieu-de"),
        block(
            paragraph(
                "Danh mục chỉ tiêu dùng để so sánh mục tiêu giữa các kế hoạch: chỉ so sánh những gì cùng loại, "
                "cùng đơn vị.",
                "lead",
            )
        ),
        block(table(["Chỉ tiêu", "Đơn vị", "Chiều tốt hơn", "Số mục tiêu", "Số kế hoạch"], rows, sortable=True)),
        heading(2, "Mục tiêu chưa phân loại", "chua-phan-loai"),
        block(
            paragraph(
                join(
                    [
                        link(links.to(unclassified_uri), "Các mục tiêu chưa khớp với chỉ tiêu nào"),
                        f" ({len(corpus.unclassified)})",
                    ]
                )
            )
        ),
    ]
    yield Output(urls.INDICATORS, document("Chỉ tiêu", *parts, description=(
        f"{len(corpus.indicators)} chỉ tiêu lao động, việc làm và mục tiêu các kế hoạch đặt ra cho từng chỉ tiêu.")),
        in_nav=True)

    def row(links: Links, item: TargetRow) -> list:
        return [
            plan_link(links, item.entry),
            anchor_link(links, item.entry, item.target.clause_id),
            item.target.measure,
            Cell(tag("span", display.quantity(item.target), class_="value"), item.target.value),
            display.when(item.target),
        ]

    items = sorted(corpus.unclassified, key=lambda r: (r.entry.id, r.entry.position(r.target.clause_id)))
    yield from split(
        lambda n: urls.listing("chi-tieu", "chua-phan-loai", n),
        "Mục tiêu chưa phân loại",
        ["Kế hoạch", "Mục", "Nội dung", "Mục tiêu", "Năm"],
        items,
        row,
        directory_urls,
        "Những mục tiêu này chưa khớp với chỉ tiêu nào trong danh mục nên chưa được so sánh.",
    )


# --- Agencies --------------------------------------------------------------


def _agencies(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    def row(links: Links, agency_id: str) -> list:
        record: AgencyRecord = corpus.agencies[agency_id]
        return [
            agency_link(links, corpus, agency_id),
            agency_type_name(record.agency.type),
            locality_link(links, corpus, localities.get(record.agency.locality)),
            Cell(str(len(record.tasks)), len(record.tasks)),
        ]

    def order(agency_id: str):
        return display.sort_key(corpus.agencies[agency_id].agency.name), agency_id

    by_province: dict[str, list[str]] = defaultdict(list)  # by today's province: Kon Tum's under Quảng Ngãi
    for agency_id, record in corpus.agencies.items():
        now = localities.today(localities.get(record.agency.locality))
        by_province[now.id if now else "khac"].append(agency_id)
    province_names = {
        key: (localities.get(key).name if localities.get(key) else "Trung ương và khác") for key in by_province
    }
    headers = ["Cơ quan", "Loại", "Địa phương", "Số mục được giao"]
    links = Links(urls.AGENCIES, directory_urls)
    province_groups = [
        (urls.listing("co-quan/dia-phuong", key), province_names[key], len(by_province[key]))
        for key in sorted(by_province, key=lambda k: display.sort_key(province_names[k]))
    ]
    type_groups = [
        (urls.agency_type(kind), agency_type_name(kind), len(ids))
        for kind, ids in sorted(
            corpus.agency_types.items(), key=lambda item: display.sort_key(agency_type_name(item[0]))
        )
    ]
    parts = [
        heading(1, "Cơ quan", "tieu-de"),
        block(
            paragraph(
                f"{len(corpus.agencies)} cơ quan được giao nhiệm vụ trong các kế hoạch. Mỗi cơ quan gắn với "
                "một địa phương: Sở Lao động - Thương binh và Xã hội của Hà Nội và của Kon Tum "
                "là hai cơ quan cùng loại. Theo địa phương, cơ quan được xếp vào tỉnh, thành phố hiện nay "
                f"(từ {display.legal_date(localities.REFORM_DATE)}): cơ quan của tỉnh Kon Tum nằm trong "
                "tỉnh Quảng Ngãi.",
                "lead",
            )
        ),
        heading(2, "Theo địa phương", "theo-dia-phuong"),
        block(_group_list(links, province_groups) if province_groups else empty("Chưa có cơ quan nào.")),
        heading(2, "Theo loại cơ quan", "theo-loai"),
        block(_group_list(links, type_groups) if type_groups else empty("Chưa có cơ quan nào.")),
    ]
    yield Output(urls.AGENCIES, document("Cơ quan", *parts, description=(
        f"{len(corpus.agencies)} cơ quan được giao nhiệm vụ trong các kế hoạch lao động, việc làm, theo tỉnh, thành phố.")),
        in_nav=True)
    for key, ids in sorted(by_province.items()):
        yield from split(
            lambda n, key=key: urls.listing("co-quan/dia-phuong", key, n),
            f"Cơ quan: {province_names[key]}",
            headers,
            sorted(ids, key=order),
            row,
            directory_urls,
        )
    for kind, ids in corpus.agency_types.items():
        yield from split(
            lambda n, kind=kind: urls.agency_type(kind, n),
            f"Loại cơ quan: {agency_type_name(kind)}",
            headers,
            sorted(ids, key=order),
            row,
            directory_urls,
        )


# --- Localities ------------------------------------------------------------


def _localities(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    """Today's 34 provinces, each with the provinces it was formed from and the districts with
    plans; then the provinces before 1 July 2025 that have plans."""
    links = Links(urls.LOCALITIES, directory_urls)
    shown = display.legal_date(localities.REFORM_DATE)
    rows, before = [], []
    for record in sorted(corpus.localities.values(), key=lambda item: display.sort_key(item.locality.name)):
        locality = record.locality
        if not locality.is_province:
            continue
        districts = [locality_link(links, corpus, localities.get(d)) for d in record.districts]
        count = len(record.plans) + len(record.member_plans)
        if locality.until is None:
            count += len(record.predecessor_plans)
            formed = [locality_link(links, corpus, localities.get(old)) for old in localities.predecessors(locality)]
            rows.append([locality_link(links, corpus, locality), Cell(str(count), count), join(formed, ", "),
                         join(districts, ", ")])
        else:
            before.append([locality_link(links, corpus, locality), Cell(str(count), count),
                           locality_link(links, corpus, localities.today(locality)), join(districts, ", ")])
    parts = [
        heading(1, "Địa phương", "tieu-de"),
        block(paragraph(f"{len(rows)} tỉnh, thành phố từ {shown} (Nghị quyết 202/2025/QH15), mỗi nơi kèm các tỉnh, "
                        f"thành phố trước {shown} hợp thành và các quận, huyện, xã, phường có kế hoạch trong dữ liệu.", "lead")),
        block(table(["Tỉnh, thành phố", "Số kế hoạch", f"Hợp thành từ (trước {shown})", "Quận, huyện, xã, phường"], rows,
                    sortable=True)),
        heading(2, f"Tỉnh, thành phố trước {shown}", "truoc-2025"),
        block(
            table(["Tỉnh, thành phố", "Số kế hoạch", "Nay thuộc", "Quận, huyện"], before, sortable=True)
            if before
            else empty("Chưa có kế hoạch nào của tỉnh, thành phố đã hợp nhất.")
        ),
    ]
    yield Output(urls.LOCALITIES, document("Địa phương", *parts, description=(
        "34 tỉnh, thành phố từ 01/7/2025 và các địa phương trước đó, mỗi nơi với các kế hoạch lao động, việc làm.")),
        in_nav=True)


# --- Cited documents -------------------------------------------------------

MOST_CITED = 20


def _documents(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    def plans_citing(record: DocumentRecord) -> int:
        return len({entry.id for entry, _ in record.citations})

    def row(links: Links, record: DocumentRecord) -> list:
        item = record.document
        return [
            document_link(links, item),
            display.date(item.date) if item.date else (str(item.year) if item.year else display.UNKNOWN),
            item.issuer or display.UNKNOWN,
            Cell(str(plans_citing(record)), plans_citing(record)),
        ]

    headers = ["Văn bản", "Ngày", "Cơ quan ban hành", "Số kế hoạch dẫn chiếu"]
    by_type: dict[str, list[DocumentRecord]] = defaultdict(list)
    for record in corpus.documents.values():
        by_type[record.document.type].append(record)
    links = Links(urls.DOCUMENTS, directory_urls)
    type_groups = [
        (urls.listing("van-ban/loai", urls.group(kind)), kind, len(items))
        for kind, items in sorted(by_type.items(), key=lambda item: display.sort_key(item[0]))
    ]
    top = sorted(corpus.documents.values(), key=lambda r: (-plans_citing(r), r.document.id))[:MOST_CITED]
    parts = [
        heading(1, "Văn bản dẫn chiếu", "tieu-de"),
        block(
            paragraph(
                f"{len(corpus.documents)} văn bản (luật, nghị quyết, quyết định, kế hoạch...) được các kế hoạch "
                "dẫn chiếu hoặc triển khai.",
                "lead",
            )
        ),
        heading(2, "Theo loại văn bản", "theo-loai"),
        block(_group_list(links, type_groups) if type_groups else empty("Chưa có văn bản nào.")),
        heading(2, "Được dẫn chiếu nhiều nhất", "nhieu-nhat"),
        block(table(headers, [row(links, record) for record in top]) if top else empty("Chưa có văn bản nào.")),
    ]
    yield Output(urls.DOCUMENTS, document("Văn bản dẫn chiếu", *parts, description=(
        f"{len(corpus.documents)} văn bản mà các kế hoạch lao động, việc làm căn cứ hoặc dẫn chiếu.")),
        in_nav=True)
    for kind, items in sorted(by_type.items()):
        items = sorted(items, key=lambda r: (-plans_citing(r), r.document.id))
        yield from split(
            lambda n, kind=kind: urls.listing("van-ban/loai", urls.group(kind), n),
            f"Văn bản: {kind}",
            headers,
            items,
            row,
            directory_urls,
        )


SECTIONS: dict[str, Callable[[Corpus, bool], Iterator[Output]]] = {
    "plans": _plans, "indicators": _indicators, "agencies": _agencies, "localities": _localities, "documents": _documents,
}
"""The listing pages of each section, in the order of :func:`pages`."""
