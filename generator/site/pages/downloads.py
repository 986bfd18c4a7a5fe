"""Data files published with the site, under ``du-lieu/``.

* ``du-lieu/ke-hoach/<plan-id>.yaml`` and ``.json``: each plan as the site
  shows it (overrides merged), the YAML in the store's deterministic format
  (the stored file itself, copied, when no override applies);
* ``du-lieu/nguon/<file>``: the source text the plan was extracted from;
* ``du-lieu/ke-hoach.csv``: one row per plan, with the paths of its files;
* ``du-lieu/chi-tieu.csv``: every target of every plan, one row each, and
  ``du-lieu/chi-tieu/<indicator-id>.csv`` per indicator;
* ``du-lieu/plan.schema.json``: the JSON Schema of a plan file.

Guarantees: CSV files are UTF-8 with a byte order mark (so spreadsheet
programs read Vietnamese correctly), comma-separated, with machine-readable
numbers (``73.2``, ``162000``) and a ``url`` column pointing at the clause
page relative to the site root. Rows are sorted, so the bytes depend only on
the data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from generator.site import urls
from generator.site.citation import plan_name
from generator.site.corpus import Corpus, TargetRow
from generator.site.page import Output
from generator.site.widgets import ordered_targets
from generator.store import dump_json, dump_plan

TARGET_COLUMNS = [
    "plan_id",
    "plan",
    "locality",
    "locality_name",
    "district",
    "level",
    "indicator",
    "indicator_name",
    "measure",
    "comparator",
    "value",
    "value_max",
    "unit",
    "year",
    "period",
    "scope",
    "clause_id",
    "clause",
    "url",
    "quote",
]
PLAN_COLUMNS = [
    "plan_id",
    "plan",
    "doc_type",
    "number",
    "date",
    "issuer",
    "level",
    "locality",
    "province",
    "period_start",
    "period_end",
    "title",
    "url",
    "yaml",
    "json",
    "source",
]


def pages(corpus: Corpus, directory_urls: bool, schema: Path | None) -> Iterator[Output]:
    sources = set()
    for entry in corpus.plans.values():
        yield Output(urls.plan_data(entry.id, "yaml"), entry.stored or dump_plan(entry.plan))
        data = entry.stored_json or dump_json(entry.plan.model_dump(mode="json"))
        yield Output(urls.plan_data(entry.id, "json"), data)
        if entry.source_uri is not None and entry.source_uri not in sources:  # one copy per source file
            sources.add(entry.source_uri)
            yield Output(entry.source_uri, entry.source)
    yield Output(urls.ALL_PLANS_CSV, _csv(PLAN_COLUMNS, _plan_rows(corpus, directory_urls)))
    every = [row for rows in corpus.targets.values() for row in rows] + corpus.unclassified
    yield Output(
        urls.ALL_TARGETS_CSV,
        _csv(TARGET_COLUMNS, (_target_row(corpus, row, directory_urls) for row in ordered_targets(every))),
    )
    for indicator_id in corpus.indicators:
        rows = ordered_targets(corpus.targets.get(indicator_id, []))
        yield Output(
            urls.indicator_csv(indicator_id),
            _csv(TARGET_COLUMNS, (_target_row(corpus, row, directory_urls) for row in rows)),
        )
    if schema is not None:
        yield Output(urls.SCHEMA, schema)


def _csv(columns: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _plan_rows(corpus: Corpus, directory_urls: bool) -> Iterator[list[str]]:
    for entry in corpus.plans.values():
        meta = entry.plan.metadata
        yield [
            entry.id,
            plan_name(entry.plan),
            meta.doc_type,
            meta.number or "",
            meta.date or "",
            meta.issuer or "",
            meta.level or "",
            meta.locality or "",
            meta.province or "",
            _number(meta.period_start),
            _number(meta.period_end),
            meta.title,
            urls.page_url(urls.plan(entry.id), directory_urls),
            urls.plan_data(entry.id, "yaml"),
            urls.plan_data(entry.id, "json"),
            entry.source_uri or "",
        ]


def _target_row(corpus: Corpus, row: TargetRow, directory_urls: bool) -> list[str]:
    target, entry = row.target, row.entry
    anchor = entry.anchor(target.clause_id)
    page = urls.page_url(urls.plan(entry.id), directory_urls)
    indicator = corpus.indicators.get(target.indicator or "")
    return [
        entry.id,
        plan_name(entry.plan),
        entry.plan.metadata.locality or "",
        entry.plan.metadata.locality_name or "",
        row.district.id if row.district else "",
        entry.plan.metadata.level or "",
        target.indicator or "",
        indicator.name if indicator else "",
        target.measure,
        target.comparator,
        _number(target.value),
        _number(target.value_max),
        target.unit,
        _number(target.year),
        target.period or "",
        target.scope or "",
        target.clause_id,
        anchor.label if anchor else "",
        f"{page}#{target.clause_id}",
        target.quote,
    ]
