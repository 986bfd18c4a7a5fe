"""Stage 0, import: a source file as published -> the text that ingest reads.

Plans are published as typed text, Word files (.docx, .doc), PDFs (with a text
layer, or scanned) and web pages (a Word "Web Page" export, a legal portal's
page). :func:`import_source` picks the importer by what the bytes are (a
``.doc`` that is really a web page is read as one), falling back to the name's
suffix, and every importer guarantees, for the :class:`ImportedText` it
returns:

* ``text`` is plain text with ``\\n`` line ends, in reading order, in the form
  pre-parse reads (:mod:`generator.preparse`): one paragraph per line; Word's
  automatic numbering written out as the label it shows (``I.``, ``1.1.``,
  ``a)``); a table of data as one tab-separated line per row; a layout grid
  (the two-column header, the signature block) as its cells' paragraphs, row
  by row, left cell first (a PDF, which has no cells, gives the left column
  then the right one: metadata reads both orders alike); a portal's metadata
  block as ``Key: value`` lines before the document.
* ``places`` maps every line back to where it is in the original:
  ``places[i]`` covers the lines from ``places[i].line`` to the line before
  ``places[i + 1].line`` (``trang 3`` of a PDF, ``đoạn 12`` of a Word file,
  ``thẻ <p> thứ 40`` of a page). Plain text has no places: its line is its place.
* ``review`` lists why a curator should look at the result (OCR and its
  confidence, glyphs with no text, pages not read).
* Bad input raises :class:`generator.errors.PlanError` naming the file and the
  reason (encrypted, corrupt, no text, a tool missing), never hangs: every
  external tool runs with a time limit, and a very long PDF is cut at
  :data:`generator.importers.pdf.MAX_PAGES` pages with a truncation marker.
* Slow conversions (LibreOffice, OCR) are cached by the SHA-256 of the bytes
  in ``<cache>/convert/`` (:mod:`generator.importers.cache`), so a second run
  costs nothing; external tools run through :mod:`generator.importers.tools`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import PlanError

FORMATS = {".txt": "txt", ".docx": "docx", ".doc": "doc", ".rtf": "doc", ".pdf": "pdf", ".html": "html", ".htm": "html"}
"""Source suffixes read from ``data/sources/`` and the format each names."""

ORIGINAL_NAMES = {"txt": "văn bản", "docx": "Word", "doc": "Word 97-2003 hoặc RTF", "pdf": "PDF", "html": "trang web"}
"""How each format is named to readers (``Tải bản gốc (.pdf)``)."""


@dataclass(frozen=True)
class Place:
    """From ``line`` on (until the next place), the text comes from ``where``."""

    line: int
    where: str


@dataclass
class ImportedText:
    text: str
    format: str
    places: list[Place] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def place_of(self, line: int | None) -> str | None:
        """Where ``line`` (1-based, of :attr:`text`) is in the original; None for plain text."""
        if line is None or not self.places:
            return None
        index = bisect.bisect_right([place.line for place in self.places], line) - 1
        return self.places[index].where if index >= 0 else None


class TextBuilder:
    """Collects lines and their places for an importer; a new place is kept
    only when it differs from the one before."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.places: list[Place] = []

    def add(self, text: str, where: str) -> None:
        for part in text.split("\n"):
            if not self.places or self.places[-1].where != where:
                self.places.append(Place(len(self.lines) + 1, where))
            self.lines.append(part)

    def blank(self) -> None:
        """A paragraph break that pre-parse reads as a boundary (a blank line)."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def result(self, format: str, review: list[str] | None = None) -> ImportedText:
        return ImportedText("\n".join(self.lines) + "\n", format, self.places, review or [])


def sniff(data: bytes) -> str | None:
    """The format the bytes show, whatever the file is called; None for text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if b"%PDF-" in data[:1024]:  # readers accept a PDF header anywhere in the first kilobyte
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.startswith(b"{\\rtf"):
        return "doc"  # OLE (Word 97-2003) or RTF: LibreOffice reads both
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered[:512]:
        return "html"
    return None


def source_format(name: str) -> str | None:
    """The format a source file's name claims, or None when the suffix is not read."""
    return FORMATS.get(Path(name).suffix.lower())


def import_source(data: bytes, file: str, cache: Path | None = None) -> ImportedText:
    """``data`` (the bytes of source ``file``) as text for ingest; see the module doc."""
    claimed = source_format(file) or "txt"
    actual = sniff(data) or claimed
    imported = _read(actual, data, file, cache)
    if actual != claimed:
        imported.review.append(f"tệp có đuôi .{Path(file).suffix.lower().lstrip('.')} nhưng nội dung là "
                               f"{ORIGINAL_NAMES[actual]}: đã đọc theo nội dung")
    return imported


def _read(format: str, data: bytes, file: str, cache: Path | None) -> ImportedText:
    """Run the importer of ``format``; each is imported only when used (PDF and OCR libraries are heavy)."""
    if format == "docx":
        from generator.importers.wordml import read_docx  # noqa: PLC0415

        return read_docx(data, file)
    if format == "doc":
        from generator.importers.office import read_doc  # noqa: PLC0415

        return read_doc(data, file, cache)
    if format == "pdf":
        from generator.importers.pdf import read_pdf  # noqa: PLC0415

        return read_pdf(data, file, cache)
    if format == "html":
        from generator.importers.html import read_html  # noqa: PLC0415

        return read_html(data, file)
    from generator.importers.plain import read_text  # noqa: PLC0415

    return read_text(data, file)


def located(error: PlanError, imported: ImportedText) -> PlanError:
    """``error`` with the place of its line in the original named (``… :12 (trang 3): …``)."""
    where = imported.place_of(error.line)
    if where is None or error.place is not None:
        return error
    return PlanError(error.file, error.reason, error.line, where)
