"""Data files published with the site, under ``du-lieu/``.

* ``du-lieu/ke-hoach/<plan-id>.yaml`` and ``.json``: each plan as the site
  shows it (overrides merged), the YAML in the store's deterministic format
  (the stored file itself, copied, when no override applies);
* ``du-lieu/nguon/<file>``: the source text the plan was extracted from;
* ``du-lieu/ke-hoach.csv``: one row per plan, with its status on the
  corpus's date and the paths of its files;
* ``du-lieu/chi-tieu.csv``: every target of every plan, one row each, and
  ``du-lieu/chi-tieu/<indicator-id>.csv`` per indicator;
* ``du-lieu/datapackage.json``: the Frictionless Data Package describing
  every CSV file (:mod:`generator.site.datapackage`);
* ``du-lieu/api/*.json``: the JSON indexes of plans, indicators, agencies
  and cited documents, and their schema (:mod:`generator.site.pages.api`);
* ``du-lieu/plan.schema.json``: the JSON Schema of a plan file.

Guarantees: CSV files are UTF-8 with a byte order mark (so spreadsheet
programs read Vietnamese correctly), comma-separated, CRLF line ends, with
machine-readable numbers (``73.2``, ``162000``) and a ``url`` column
pointing at the clause page relative to the site root. Each CSV's header is
its :class:`~generator.site.datapackage.Column` list below, the same list
its Table Schema in ``datapackage.json`` is written from, and every row has
a value for every column. Rows are sorted, so the bytes depend only on the
data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import get_args

from generator.models import Comparator, DocType, Level
from generator.site import display, status, urls
from generator.site.citation import plan_name
from generator.site.corpus import Corpus, PlanEntry, TargetRow
from generator.site.datapackage import Column, Reference, Table, package, resource
from generator.site.page import Output
from generator.site.pages import api
from generator.site.widgets import ordered_targets
from generator.store import dump_json, dump_plan


def _words(words: dict[str, str]) -> str:
    """``code (words), ...``: what each allowed value of a column means."""
    return ", ".join(f"{code} ({text})" for code, text in words.items())


_REQUIRED = {"required": True}
_PLAN = Column("plan", "Kế hoạch", "Tên ngắn của kế hoạch: loại văn bản, số hiệu và ngày ban hành.")
_LOCALITY = Column("locality", "Mã địa phương", "Mã địa phương của kế hoạch, ví dụ ha-noi, ho-chi-minh/quan-11.")
_LEVEL = Column(
    "level", "Cấp", "Cấp của nơi ban hành: " + _words(display.LEVELS) + ".",
    constraints={"enum": list(get_args(Level))},
)
_PAGE = "đường dẫn tính từ gốc trang"

TARGET_COLUMNS = (
    Column("plan_id", "Mã kế hoạch", "Mã của kế hoạch đặt ra mục tiêu (cột plan_id của ke-hoach.csv).", constraints=_REQUIRED),
    _PLAN,
    _LOCALITY,
    Column("locality_name", "Địa phương", "Tên địa phương như kế hoạch ghi."),
    Column(
        "district", "Mã quận, huyện",
        "Quận, huyện mà kế hoạch cấp tỉnh giao mục tiêu (các dòng phụ lục); trống khi là mục tiêu của cả địa phương.",
    ),
    _LEVEL,
    Column("indicator", "Mã chỉ tiêu", "Mã chỉ tiêu trong danh mục của trang; trống khi mục tiêu chưa được phân loại."),
    Column("indicator_name", "Tên chỉ tiêu", "Tên chỉ tiêu trong danh mục của trang."),
    Column("measure", "Nội dung đo", "Điều được đo, đúng như kế hoạch viết."),
    Column(
        "comparator", "Dấu so sánh", "Mục tiêu so với giá trị: " + _words(display.COMPARATORS) + ".",
        constraints={"required": True, "enum": list(get_args(Comparator))},
    ),
    Column(
        "value", "Giá trị", "Giá trị mục tiêu, số viết kiểu máy (73.2, 162000); đơn vị ở cột unit.",
        type="number", constraints=_REQUIRED,
    ),
    Column(
        "value_max", "Giá trị cận trên", "Cận trên khi mục tiêu là một khoảng (80–85 %); đơn vị ở cột unit.",
        type="number",
    ),
    Column("unit", "Đơn vị", "Đơn vị của value và value_max (%, người ...); trống khi giá trị không có đơn vị."),
    Column("year", "Năm", "Năm phải đạt mục tiêu.", type="year"),
    Column("period", "Kỳ", "Kỳ của mục tiêu như kế hoạch viết (2021-2025, Q1/2023)."),
    Column("scope", "Phạm vi", "Phạm vi áp dụng: thành thị, thanh niên, một quận, huyện ..."),
    Column(
        "clause_id", "Mã mục", "Mục của kế hoạch nêu mục tiêu (III.2.4), cũng là neo trên trang kế hoạch.",
        constraints=_REQUIRED,
    ),
    Column("clause", "Mục", "Tên mục như trang kế hoạch ghi (Mục III.2.4, Phụ lục)."),
    Column("url", "Đường dẫn", f"Mục nêu mục tiêu trên trang kế hoạch, {_PAGE}."),
    Column("quote", "Câu trích", "Câu nguyên văn của kế hoạch nêu mục tiêu."),
)
PLAN_COLUMNS = (
    Column("plan_id", "Mã kế hoạch", "Mã của kế hoạch trên trang và tên các tệp dữ liệu của nó.",
           constraints={"required": True, "unique": True}),
    _PLAN,
    Column(
        "doc_type", "Loại văn bản", _words(display.DOC_TYPES) + ".",
        constraints={"required": True, "enum": list(get_args(DocType))},
    ),
    Column("number", "Số hiệu", "Số hiệu văn bản, ví dụ 21/KH-UBND; trống khi văn bản không ghi."),
    Column("date", "Ngày ban hành", "Ngày ban hành, dạng YYYY-MM-DD.", type="date"),
    Column("issuer", "Cơ quan ban hành", "Tên đầy đủ của cơ quan ban hành."),
    _LEVEL,
    _LOCALITY,
    Column("province", "Mã tỉnh, thành phố", "Mã tỉnh, thành phố của địa phương (theo bản đồ hành chính khi ban hành)."),
    Column("period_start", "Năm bắt đầu", "Năm đầu của thời kỳ thực hiện.", type="year"),
    Column("period_end", "Năm kết thúc", "Năm cuối của thời kỳ thực hiện.", type="year"),
    Column(
        "status", "Tình trạng",
        "Tình trạng vào ngày của dữ liệu (trường created của datapackage.json): " + _words(status.WORDS) + ".",
        constraints={"required": True, "enum": list(status.WORDS)},
    ),
    Column("status_label", "Tình trạng (bằng lời)", "Tình trạng như trang ghi, kèm thời kỳ: đang thực hiện (2023–2025)."),
    Column("title", "Trích yếu", "Trích yếu (tên) của văn bản như văn bản ghi."),
    Column("url", "Trang kế hoạch", f"Trang của kế hoạch, {_PAGE}."),
    Column("yaml", "Tệp YAML", f"Dữ liệu đầy đủ của kế hoạch dạng YAML, {_PAGE}.", constraints=_REQUIRED),
    Column("json", "Tệp JSON", f"Dữ liệu đầy đủ của kế hoạch dạng JSON, {_PAGE}.", constraints=_REQUIRED),
    Column("source", "Văn bản nguồn", f"Văn bản nguồn (hoặc bản gốc) của kế hoạch, {_PAGE}; trống khi không có."),
)
PLANS_TABLE = "ke-hoach"
"""Resource name of ``ke-hoach.csv`` in the data package, which the target tables refer to."""
_PLAN_KEY = Reference("plan_id", PLANS_TABLE, "plan_id")


def pages(corpus: Corpus, directory_urls: bool, schema: Path | None) -> Iterator[Output]:
    for entry in corpus.plans.values():
        yield from plan_files(entry)
    yield from tables(corpus, directory_urls)
    yield from api_files(corpus, directory_urls, schema)


def plan_files(entry: PlanEntry) -> Iterator[Output]:
    """A plan's YAML and JSON, and its source when it is the first plan (by id) of that file."""
    yield Output(urls.plan_data(entry.id, "yaml"), entry.stored or dump_plan(entry.full_plan()))
    yield Output(urls.plan_data(entry.id, "json"), entry.stored_json or dump_json(entry.full_plan().model_dump(mode="json")))
    if entry.source_uri is not None and entry.source_uri == urls.source_file(entry.id, entry.plan.source.file):
        yield Output(entry.source_uri, entry.source)


def tables(corpus: Corpus, directory_urls: bool) -> Iterator[Output]:
    """The CSV files and the data package that describes them."""
    resources = []
    for table in _tables(corpus, directory_urls):  # one at a time: at ten thousand plans each is large
        yield Output(table.uri, table.data)
        resources.append(resource(table))
    yield Output(urls.DATA_PACKAGE, package(resources, corpus.as_of))


def api_files(corpus: Corpus, directory_urls: bool, schema: Path | None) -> Iterator[Output]:
    """The API's files and the plans' schema."""
    yield from api.pages(corpus, directory_urls)
    if schema is not None:
        yield Output(urls.SCHEMA, schema)


def _tables(corpus: Corpus, directory_urls: bool) -> Iterator[Table]:
    """Every CSV file: the plans, all targets, then the targets of each indicator."""
    yield Table(
        urls.ALL_PLANS_CSV, PLANS_TABLE, "Danh sách kế hoạch",
        "Mỗi dòng một kế hoạch: số hiệu, ngày, nơi ban hành, thời kỳ, tình trạng và đường dẫn tới các tệp của nó.",
        PLAN_COLUMNS, _csv(PLAN_COLUMNS, _plan_rows(corpus, directory_urls)), primary_key="plan_id",
    )
    every = [row for rows in corpus.targets.values() for row in rows] + corpus.unclassified
    yield Table(
        urls.ALL_TARGETS_CSV, "chi-tieu", "Mục tiêu của mọi kế hoạch",
        "Mỗi dòng một mục tiêu của một kế hoạch, kèm mục và câu trích nguyên văn; đơn vị của giá trị ở cột unit.",
        TARGET_COLUMNS, _target_csv(corpus, every, directory_urls), references=(_PLAN_KEY,),
    )
    for indicator_id, indicator in corpus.indicators.items():
        unit = f" ({indicator.unit})" if indicator.unit else ""
        yield Table(
            urls.indicator_csv(indicator_id), f"chi-tieu-{indicator_id}", f"Chỉ tiêu: {indicator.name}{unit}",
            f"Mọi mục tiêu của các kế hoạch về chỉ tiêu “{indicator.name}”, đơn vị của chỉ tiêu: "
            f"{indicator.unit or 'không có'}; đơn vị của từng giá trị ở cột unit.",
            TARGET_COLUMNS, _target_csv(corpus, corpus.targets.get(indicator_id, []), directory_urls),
            references=(_PLAN_KEY,),
        )


def _csv(columns: tuple[Column, ...], rows: Iterable[dict[str, str]]) -> bytes:
    """The CSV file of ``rows`` (one value per column, by name), header first, as published."""
    names = [column.name for column in columns]
    buffer = io.BytesIO()
    with io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True) as text:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([row[name] for name in names] for row in rows)
        return buffer.getvalue()  # encoded as written: never the whole file as a str


def _target_csv(corpus: Corpus, rows: list[TargetRow], directory_urls: bool) -> bytes:
    return _csv(TARGET_COLUMNS, (_target_row(corpus, row, directory_urls) for row in ordered_targets(rows)))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _plan_rows(corpus: Corpus, directory_urls: bool) -> Iterator[dict[str, str]]:
    for entry in corpus.plans.values():
        meta = entry.plan.metadata
        yield {
            "plan_id": entry.id,
            "plan": plan_name(entry.plan),
            "doc_type": meta.doc_type,
            "number": meta.number or "",
            "date": meta.date or "",
            "issuer": meta.issuer or "",
            "level": meta.level or "",
            "locality": meta.locality or "",
            "province": meta.province or "",
            "period_start": _number(meta.period_start),
            "period_end": _number(meta.period_end),
            "status": entry.status.code,
            "status_label": entry.status.label,
            "title": meta.title,
            "url": urls.page_url(urls.plan(entry.id), directory_urls),
            "yaml": urls.plan_data(entry.id, "yaml"),
            "json": urls.plan_data(entry.id, "json"),
            "source": entry.source_uri or "",
        }


def _target_row(corpus: Corpus, row: TargetRow, directory_urls: bool) -> dict[str, str]:
    target, entry = row.target, row.entry
    anchor = entry.anchor(target.clause_id)
    page = urls.page_url(urls.plan(entry.id), directory_urls)
    indicator = corpus.indicators.get(target.indicator or "")
    return {
        "plan_id": entry.id,
        "plan": plan_name(entry.plan),
        "locality": entry.plan.metadata.locality or "",
        "locality_name": entry.plan.metadata.locality_name or "",
        "district": row.district.id if row.district else "",
        "level": entry.plan.metadata.level or "",
        "indicator": target.indicator or "",
        "indicator_name": indicator.name if indicator else "",
        "measure": target.measure,
        "comparator": target.comparator,
        "value": _number(target.value),
        "value_max": _number(target.value_max),
        "unit": target.unit,
        "year": _number(target.year),
        "period": target.period or "",
        "scope": target.scope or "",
        "clause_id": target.clause_id,
        "clause": anchor.label if anchor else "",
        "url": f"{page}#{target.clause_id}",
        "quote": target.quote,
    }
