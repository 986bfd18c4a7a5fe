"""The indicator page, ``/chi-tieu/<indicator-id>/``, its pages per province, and its CSV file.

Guarantees:

* The page shows the catalogue entry (name, English name, unit, which
  direction is better, definition), then one row per target of every plan
  mapped to the indicator, sortable by any column, then a bar chart of the
  same rows, then a link to the CSV of those rows.
* Past :data:`PAGE_ROWS` targets (ten thousand plans set 78,000 on one
  indicator: a page no phone opens) the page lists instead the provinces of
  today, each with its number of targets and plans and a link to
  ``/chi-tieu/<indicator-id>/<province-id>/``, which lists that province's
  targets (its predecessors' and its districts' included) the same way;
  targets with no known place are under ``chua-ro-dia-phuong``. Every target
  is on exactly one of those pages.
* Rows are ordered by locality name, year, plan id and document order; the
  chart only draws targets in the indicator's own unit, so it never puts
  ``%`` and ``lao động`` on one axis (the table still lists every target).
* The CSV (``du-lieu/chi-tieu/<id>.csv``) holds every row of the indicator
  with machine-readable numbers; see :mod:`generator.site.pages.downloads`.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import localities
from generator.catalogue import IndicatorKind
from generator.site import display, urls
from generator.site.corpus import Corpus, TargetRow
from generator.site.page import Document, Output, block, document, heading
from generator.site.urls import Links
from generator.site.widgets import (
    TARGET_HEADERS,
    definition_list,
    empty,
    link,
    ordered_targets,
    paragraph,
    table,
    target_cells,
    target_charts,
)

PAGE_ROWS = 2000
"""The most targets one page of an indicator lists; past it, one page per province of today."""
UNPLACED = "chua-ro-dia-phuong"
"""The province page of the targets whose place is not known."""
UNPLACED_NAME = "Chưa rõ địa phương"


def pages(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    """Every indicator's page, and its province pages when it has more than :data:`PAGE_ROWS` targets."""
    for indicator_id in corpus.indicators:
        yield from pages_of(corpus, indicator_id, directory_urls)


def pages_of(corpus: Corpus, indicator_id: str, directory_urls: bool) -> Iterator[Output]:
    """The page of one indicator, and its province pages when it has more than :data:`PAGE_ROWS` targets."""
    indicator = corpus.indicators[indicator_id]
    uri = urls.indicator(indicator_id)
    rows = ordered_targets(corpus.targets.get(indicator_id, []))
    if len(rows) <= PAGE_ROWS:
        yield Output(uri, _page(corpus, indicator, rows, Links(uri, directory_urls)))
        return
    by_province = _by_province(rows)
    yield Output(uri, _national(corpus, indicator, rows, by_province, Links(uri, directory_urls)))
    for province_id, (name, province_rows) in by_province.items():
        page_uri = urls.indicator_province(indicator_id, province_id)
        yield Output(page_uri, _page(corpus, indicator, province_rows, Links(page_uri, directory_urls), name))


def provinces(corpus: Corpus, indicator_id: str) -> list[str]:
    """The ids of the province pages of an indicator: none when its own page lists every target."""
    rows = corpus.targets.get(indicator_id, [])
    return list(_by_province(rows)) if len(rows) > PAGE_ROWS else []


def _by_province(rows: list[TargetRow]) -> dict[str, tuple[str, list[TargetRow]]]:
    """``rows`` by the province of today of their place: id -> (name, rows in their order), by name."""
    groups: dict[str, tuple[str, list[TargetRow]]] = {}
    for row in rows:
        province = localities.province_today(row.place)
        key, name = (province.id, province.name) if province is not None else (UNPLACED, UNPLACED_NAME)
        groups.setdefault(key, (name, []))[1].append(row)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == UNPLACED, display.sort_key(item[1][0]))))


def _facts(indicator: IndicatorKind, rows: list[TargetRow]) -> list[tuple[str, str]]:
    return [
        ("Tên tiếng Anh", indicator.name_en or display.UNKNOWN),
        ("Đơn vị", indicator.unit),
        ("Chiều tốt hơn", display.BETTER.get(indicator.better, display.UNKNOWN)),
        ("Số mục tiêu", str(len(rows))),
    ]


def _plans(rows: list[TargetRow]) -> int:
    return len({row.entry.id for row in rows})


def _page(corpus: Corpus, indicator: IndicatorKind, rows: list[TargetRow], links: Links,
          province: str | None = None) -> Document:
    """The page listing ``rows``: every target of the indicator, or (``province`` named) of one province."""
    title = f"{indicator.name}: {province}" if province else indicator.name
    where = f" ở {province}" if province else ""
    description = (f"{indicator.name} ({indicator.unit}){where}: {len(rows)} mục tiêu của {_plans(rows)} kế hoạch, "
                   "so sánh giữa các địa phương.")
    parts = [heading(1, title, "tieu-de")]
    if province:
        back = link(links.to(urls.indicator(indicator.id)), f"{indicator.name}: mọi tỉnh, thành phố")
        parts.append(block(paragraph(back, "lead")))
    elif indicator.description:
        parts.append(block(paragraph(indicator.description, "lead")))
    parts.append(block(definition_list(_facts(indicator, rows), class_="facts")))
    parts.append(heading(2, "So sánh giữa các kế hoạch", "so-sanh"))
    if not rows:
        parts.append(block(empty("Chưa kế hoạch nào có mục tiêu cho chỉ tiêu này.")))
        return document(title, *parts, description=description)
    parts.append(block(table(TARGET_HEADERS, (target_cells(links, corpus, row) for row in rows), sortable=True)))
    download = (f"Tải mọi mục tiêu của chỉ tiêu, cả nước (CSV, {len(corpus.targets[indicator.id])} dòng)" if province
                else f"Tải bảng này (CSV, {len(rows)} dòng)")
    parts += _charts_and_download(indicator, rows, links, download)
    return document(title, *parts, hide=("navigation",), description=description)


def _national(corpus: Corpus, indicator: IndicatorKind, rows: list[TargetRow],
              by_province: dict[str, tuple[str, list[TargetRow]]], links: Links) -> Document:
    """The page of an indicator with too many targets for one page: its provinces, each a link."""
    description = (f"{indicator.name} ({indicator.unit}): {len(rows)} mục tiêu của {_plans(rows)} kế hoạch "
                   f"ở {len(by_province)} tỉnh, thành phố, so sánh giữa các địa phương.")
    parts = [heading(1, indicator.name, "tieu-de")]
    if indicator.description:
        parts.append(block(paragraph(indicator.description, "lead")))
    parts.append(block(definition_list(_facts(indicator, rows), class_="facts")))
    parts.append(heading(2, "So sánh giữa các tỉnh, thành phố", "so-sanh"))
    parts.append(block(paragraph(
        "Quá nhiều mục tiêu để liệt kê trên một trang: mỗi tỉnh, thành phố (theo địa giới hiện nay) "
        "có một trang mục tiêu của mình.")))
    table_rows = [
        [link(links.to(urls.indicator_province(indicator.id, province_id)), name),
         str(len(province_rows)), str(_plans(province_rows))]
        for province_id, (name, province_rows) in by_province.items()
    ]
    parts.append(block(table(["Tỉnh, thành phố", "Số mục tiêu", "Số kế hoạch"], table_rows, sortable=True)))
    parts += _charts_and_download(indicator, rows, links, f"Tải mọi mục tiêu (CSV, {len(rows)} dòng)")
    return document(indicator.name, *parts, hide=("navigation",), description=description)


def _charts_and_download(indicator: IndicatorKind, rows: list[TargetRow], links: Links, download: str) -> list:
    """The charts of ``rows``, then the link to the indicator's CSV, reading ``download``."""
    parts = []
    figures = target_charts("bieu-do", links, indicator, rows)
    if figures:
        parts += [heading(2, "Biểu đồ", "bieu-do"), *(block(figure) for figure in figures)]
    parts.append(block(paragraph(link(links.to(urls.indicator_csv(indicator.id)), download), "download")))
    return parts
