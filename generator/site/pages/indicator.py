"""The indicator page, ``/chi-tieu/<indicator-id>/``, and its CSV file.

Guarantees:

* The page shows the catalogue entry (name, English name, unit, which
  direction is better, definition), then one row per target of every plan
  mapped to the indicator, sortable by any column, then a bar chart of the
  same rows, then a link to the CSV of those rows.
* Rows are ordered by locality name, year, plan id and document order; the
  chart only draws targets in the indicator's own unit, so it never puts
  ``%`` and ``lao động`` on one axis (the table still lists every target).
* The CSV (``du-lieu/chi-tieu/<id>.csv``) holds the same rows with
  machine-readable numbers; see :mod:`generator.site.pages.downloads`.
"""

from __future__ import annotations

from generator.site import display, urls
from generator.site.corpus import Corpus
from generator.site.page import Document, block, document, heading
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
from generator.catalogue import IndicatorKind


def render(corpus: Corpus, indicator: IndicatorKind, links: Links) -> Document:
    rows = ordered_targets(corpus.targets.get(indicator.id, []))
    facts = [
        ("Tên tiếng Anh", indicator.name_en or display.UNKNOWN),
        ("Đơn vị", indicator.unit),
        ("Chiều tốt hơn", display.BETTER.get(indicator.better, display.UNKNOWN)),
        ("Số mục tiêu", str(len(rows))),
    ]
    plans = len({row.entry.id for row in rows})
    description = f"{indicator.name} ({indicator.unit}): {len(rows)} mục tiêu của {plans} kế hoạch, so sánh giữa các địa phương."
    parts = [heading(1, indicator.name, "tieu-de")]
    if indicator.description:
        parts.append(block(paragraph(indicator.description, "lead")))
    parts.append(block(definition_list(facts, class_="facts")))
    parts.append(heading(2, "So sánh giữa các kế hoạch", "so-sanh"))
    if not rows:
        parts.append(block(empty("Chưa kế hoạch nào có mục tiêu cho chỉ tiêu này.")))
        return document(indicator.name, *parts, description=description)
    parts.append(block(table(TARGET_HEADERS, (target_cells(links, corpus, row) for row in rows), sortable=True)))
    figures = target_charts("bieu-do", links, indicator, rows)
    if figures:
        parts += [heading(2, "Biểu đồ", "bieu-do"), *(block(figure) for figure in figures)]
    csv = link(links.to(urls.indicator_csv(indicator.id)), f"Tải bảng này (CSV, {len(rows)} dòng)")
    parts.append(block(paragraph(csv, "download")))
    return document(indicator.name, *parts, hide=("navigation",), description=description)
