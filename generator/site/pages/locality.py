"""The locality page, ``/dia-phuong/<locality-id>/`` (``ha-noi``, ``ha-noi/ba-dinh``).

Guarantees:

* A locality's own plans are listed first; a province also lists the plans
  of its districts, communes and departments, and links to each of their pages.
* For a province, targets that its plans allot to districts (Hà Nội's
  appendix: 30 districts) are shown per indicator as a table and a bar chart,
  district by district.
* Agencies of the locality are linked; a district links to its province.
* The 2025 map: a province or district that no longer exists says since when
  and links to today's province holding it, a district also to today's
  communes holding its land (named, linked when they have a page); a province of today names the
  provinces it was formed from (linked, "(trước 01/7/2025)"), its number of
  communes, and lists their plans after its own.
"""

from __future__ import annotations

from generator import localities
from generator.site import display
from generator.site.corpus import Corpus, LocalityRecord
from generator.site.html import join, tag
from generator.site.page import Document, HtmlBlock, block, document, heading
from generator.site.pages.listings import PLAN_HEADERS, plan_order, plan_row
from generator.site.urls import Links

from generator.site.widgets import (
    Cell,
    agency_link,
    anchor_link,
    empty,
    link_list,
    locality_link,
    ordered_targets,
    paragraph,
    plan_link,
    table,
    target_charts,
)

REFORM_SHOWN = display.legal_date(localities.REFORM_DATE)


def title(record: LocalityRecord) -> str:
    name = record.locality.full_name
    return name[:1].upper() + name[1:]


def render(corpus: Corpus, record: LocalityRecord, links: Links) -> Document:
    locality = record.locality
    row = plan_row(corpus)
    parts = [heading(1, title(record), "tieu-de")]
    if locality.province:
        province = localities.get(locality.province)
        parts.append(block(paragraph(tag("span", "Thuộc ", locality_link(links, corpus, province)), "lead")))
    parts += _map_2025(corpus, record, links)
    def plan_table(entries, none: str):
        rows = [row(links, entry) for entry in sorted(entries, key=plan_order)]
        return block(table(PLAN_HEADERS, rows, sortable=True) if rows else empty(none))

    parts += [
        heading(2, "Kế hoạch của địa phương", "ke-hoach"),
        plan_table(record.plans, "Chưa có kế hoạch nào do cấp này ban hành."),
    ]
    if localities.predecessors(locality):
        parts += [
            heading(2, f"Kế hoạch của các tỉnh, thành phố trước {REFORM_SHOWN}", "ke-hoach-truoc-2025"),
            plan_table(record.predecessor_plans, "Chưa có kế hoạch nào của các địa phương này trong dữ liệu."),
        ]
    if locality.is_province:
        districts = [locality_link(links, corpus, localities.get(d)) for d in record.districts]
        parts += [
            heading(2, "Kế hoạch của quận, huyện và sở, ngành", "ke-hoach-cap-duoi"),
            plan_table(record.member_plans, "Chưa có kế hoạch nào của quận, huyện hay sở, ngành."),
            heading(2, "Quận, huyện, xã, phường", "quan-huyen"),
            block(link_list(districts) if districts else empty("Chưa có quận, huyện hay xã, phường nào có kế hoạch "
                                                               "trong dữ liệu.")),
        ]
        parts += _district_targets(corpus, record, links)
    agencies = [agency_link(links, corpus, agency_id) for agency_id in record.agencies]
    parts += [
        heading(2, "Cơ quan", "co-quan"),
        block(link_list(agencies) if agencies else empty("Chưa có cơ quan nào của địa phương này được giao nhiệm vụ.")),
    ]
    return document(title(record), *parts, description=f"Các kế hoạch lao động, việc làm của {title(record)}.")


def _map_2025(corpus: Corpus, record: LocalityRecord, links: Links) -> list[HtmlBlock]:
    """What the 2025 reform made of this locality (see the module doc)."""
    locality = record.locality
    now = localities.today(locality)
    if locality.until and now is not None:
        ended = display.legal_date(locality.until)
        communes = localities.now_in(locality)
        if locality.province and communes:
            text = join([f"Đến {ended}. Từ {REFORM_SHOWN} không còn cấp quận, huyện: địa bàn nay thuộc "
                         f"{len(communes)} xã, phường của {now.kind} ", locality_link(links, corpus, now), ": ",
                         join([locality_link(links, corpus, commune) for commune in communes], ", "), "."])
        elif locality.province:
            text = join([f"Đến {ended}. Từ {REFORM_SHOWN} không còn cấp quận, huyện: địa bàn nay thuộc {now.kind} ",
                         locality_link(links, corpus, now), " (cấp xã, phường trực thuộc)."])
        else:
            text = join([f"Đến {ended}. Từ {REFORM_SHOWN}, địa bàn {locality.full_name} thuộc {now.kind} ",
                         locality_link(links, corpus, now), "."])
        return [block(paragraph(text, "lead"))]
    if not locality.formed_from:
        return []
    communes = f"có {len(locality.communes)} xã, phường, đặc khu"
    if localities.predecessors(locality):
        text = join([f"Từ {REFORM_SHOWN}, {locality.full_name} gồm địa bàn của các tỉnh, thành phố trước "
                     f"{REFORM_SHOWN}: ", join([locality_link(links, corpus, localities.get(old))
                                                 for old in locality.formed_from], ", "), f"; {communes}."])
    else:
        text = f"Từ {REFORM_SHOWN}, {locality.full_name} giữ nguyên địa giới; {communes}."
    return [block(paragraph(text, "lead"))]


def _district_targets(corpus: Corpus, record: LocalityRecord, links: Links) -> list[str | HtmlBlock]:
    """Per indicator: the plans allotting it, a compact district table and a chart."""
    parts: list[str | HtmlBlock] = []
    for number, (indicator_id, rows) in enumerate(sorted(record.district_targets.items()), 1):
        indicator = corpus.indicators[indicator_id]
        rows = ordered_targets(rows)
        name = f"{indicator.name} theo quận, huyện"
        plans = {row.entry.id: row.entry for row in rows}
        cells = [
            [
                Cell(locality_link(links, corpus, row.district), display.sort_key(row.district.name)[0]),
                Cell(tag("span", display.quantity(row.target), class_="value"), row.target.value),
                display.when(row.target),
                anchor_link(links, row.entry, row.target.clause_id),
            ]
            for row in rows
        ]
        parts += [
            heading(2, name, f"phan-bo-{indicator_id}"),
            block(paragraph(join(["Theo ", join((plan_link(links, entry) for entry in plans.values()), ", "), "."]))),
            block(table(["Quận, huyện", "Mục tiêu", "Năm", "Mục"], cells, sortable=True)),
        ]
        parts += [block(figure) for figure in target_charts(f"bieu-do-{number}", links, indicator, rows)]
    return parts
