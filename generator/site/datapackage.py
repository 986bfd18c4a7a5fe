"""The Frictionless Data Package (``du-lieu/datapackage.json``) describing the published CSV files.

A CSV file is declared once, as a :class:`Table`: its columns (each a
:class:`Column` with name, type, Vietnamese title and description), keys and
bytes. :mod:`generator.site.pages.downloads` writes the CSV header from those
columns and :func:`package` writes the Table Schema from the very same ones,
so a file and its description cannot disagree.

Guarantees:

* The package follows the Data Package v1 specification (profile
  ``tabular-data-package``), which the pinned ``frictionless`` library
  validates with no error: one ``tabular-data-resource`` per CSV, its path
  relative to the package file, ``format: csv``, ``encoding: utf-8`` (the
  byte order mark the files start with is read as such, not as part of the
  first column name), its size and SHA-256, and a Table Schema listing every
  column in file order with its type, title, description and the
  constraints that hold (required, unique, allowed values), primary and
  foreign keys.
* Licences: the structured data is under CC-BY-4.0; the ``sources`` entry
  says that the plan texts are Vietnamese administrative documents, which
  copyright does not protect (Luật Sở hữu trí tuệ, Điều 15).
* ``created`` is the corpus's date (:attr:`generator.site.corpus.Corpus.as_of`,
  the date plan statuses are computed on), never the time of the build, and
  the JSON is written by :func:`generator.store.dump_json` with keys in a
  fixed order: the bytes depend only on the data.
* :data:`SHAPE_VERSION` is the version of the shape of every published data
  file (CSV columns, JSON API fields). It changes only when a column or
  field is removed or changes meaning; new ones may be added under the same
  version.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.site import urls
from generator.store import dump_json

SHAPE_VERSION = 1
"""Version of the published data's shape; see the module's guarantees for when it changes."""

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
SOURCE = {
    "title": (
        "Văn bản kế hoạch, chương trình của các cơ quan nhà nước và tổ chức chính trị Việt Nam; là văn bản "
        "hành chính, không thuộc phạm vi bảo hộ quyền tác giả (Luật Sở hữu trí tuệ, Điều 15). Bản nguồn của "
        "từng kế hoạch ở thư mục nguon/."
    ),
}
TYPES = frozenset({"string", "integer", "number", "date", "year"})
"""The Table Schema types the published columns use."""


@dataclass(frozen=True)
class Column:
    """One CSV column: its header name and its Table Schema field."""

    name: str
    title: str  # Vietnamese, short
    description: str  # Vietnamese: what the value is, its unit or where the unit is
    type: str = "string"
    constraints: Mapping[str, object] = field(default_factory=dict)  # only those that always hold

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown Table Schema type {self.type!r}")

    def schema(self) -> dict:
        described = {"name": self.name, "title": self.title, "description": self.description, "type": self.type}
        if self.constraints:
            described["constraints"] = dict(self.constraints)
        return described


@dataclass(frozen=True)
class Reference:
    """A foreign key: ``column`` holds values of ``key`` in the table named ``table``."""

    column: str
    table: str
    key: str


@dataclass(frozen=True)
class Table:
    """One published CSV file and its description."""

    uri: str  # where the site publishes the file (a path of :mod:`generator.site.urls`)
    name: str  # the resource name: lower-case letters, digits and '-'
    title: str
    description: str
    columns: tuple[Column, ...]
    data: bytes  # the file's exact bytes
    primary_key: str | None = None
    references: tuple[Reference, ...] = ()


def package(resources: Iterable[dict], as_of: datetime.date) -> str:
    """``datapackage.json`` describing the tables of ``resources`` (:func:`resource`), as of the
    corpus date ``as_of``."""
    return dump_json(
        {
            "profile": "tabular-data-package",
            "name": "ke-hoach-lao-dong-viec-lam",
            "title": "Kế hoạch lao động – việc làm địa phương",
            "description": (
                "Các kế hoạch, chương trình về lao động, việc làm của địa phương Việt Nam, đọc được bằng máy: "
                "danh sách kế hoạch và mọi mục tiêu (chỉ tiêu) các kế hoạch đặt ra, mỗi mục tiêu kèm mục và câu "
                f"trích nguyên văn. Tình trạng kế hoạch tính vào ngày {as_of.isoformat()} (trường created). "
                "Phiên bản (version) chỉ đổi khi một cột bị bỏ hoặc đổi nghĩa; cột mới có thể được thêm."
            ),
            "version": str(SHAPE_VERSION),
            "created": f"{as_of.isoformat()}T00:00:00Z",
            "keywords": ["lao động", "việc làm", "kế hoạch", "chỉ tiêu", "Việt Nam"],
            "licenses": [LICENSE],
            "sources": [SOURCE],
            "resources": list(resources),
        }
    )


def resource(table: Table) -> dict:
    """The description of ``table`` in ``datapackage.json``: what the package keeps of it, not its bytes."""
    schema: dict = {"fields": [column.schema() for column in table.columns], "missingValues": [""]}
    if table.primary_key is not None:
        schema["primaryKey"] = [table.primary_key]
    if table.references:
        schema["foreignKeys"] = [
            {"fields": [ref.column], "reference": {"resource": ref.table, "fields": [ref.key]}}
            for ref in table.references
        ]
    return {
        "profile": "tabular-data-resource",
        "name": table.name,
        "path": posixpath.relpath(table.uri, posixpath.dirname(urls.DATA_PACKAGE)),
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(table.data),
        "hash": "sha256:" + hashlib.sha256(table.data).hexdigest(),
        "schema": schema,
    }
