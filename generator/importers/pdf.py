"""The PDF importer: bytes of a PDF -> the text of its text layer, page by page.

Guarantees, besides those every importer gives (:mod:`generator.importers`):

* Only :class:`PlanError` leaves :func:`read_pdf`, whatever the bytes: a PDF
  that needs a password, one encrypted in a way pdfminer cannot read, a
  truncated file and any other corrupt or non-PDF file each get their own
  reason; whatever pdfminer or pdfplumber raise while reading becomes
  "PDF hỏng: …".
* At most :data:`MAX_PAGES` pages are read; a longer PDF ends with the
  truncation marker :data:`TRUNCATION_MARKER` (ingest removes it and marks
  the plan truncated) and a review note gives the page count.
* Lines come from the words of the text layer, top to bottom; a PDF without
  one (fewer than :data:`MIN_LETTERS` letters in the pages read) is a scan,
  read by OCR (:mod:`generator.importers.ocr`), and so is a PDF whose pages
  are mostly scans with a few words on them (:func:`is_scanned_page`: the
  box a digital signature stamps on a scanned plan, ``Ký bởi: …``).
* Paragraphs: a blank line (a boundary for pre-parse) goes before a line
  that starts a paragraph: after a vertical gap clearly larger than the
  document's usual leading; when the line before ended so early that this
  line's first word would have fitted on it (a line only wraps when the
  next word does not fit); when it starts right of the line before (a
  first-line indent; a centred line is not indented); when a sentence ended
  and a label or a list item opens the line. At a page break there is no gap
  to measure, and a document that does not indent its paragraphs starts one
  where a sentence ended and the next page does not go on in lower case.
  The other lines of a paragraph follow one per line, as they wrap (pre-parse
  re-joins them), except a line that would read as a new block ('- Bảo
  hiểm xã hội số', wrapped before its dash) and a word broken after its
  hyphen ('913/QĐ-' / 'UBND'): those go on the line before.
* Page furniture is dropped: among the first and last :data:`EDGE_LINES`
  lines of each page, a lone page number ("2", "- 2 -", "Trang 2", "2/15")
  and a line that, digits aside, stands there, or one much like it does
  (:data:`SAME_FURNITURE`), on most pages (running heads and feet, a printed
  date, "1/12").
* Side-by-side blocks are never interleaved: from a line among the first of
  a page that opens the header (``ỦY BAN NHÂN DÂN``, ``CỘNG HÒA XÃ HỘI …``,
  ``Số:``) up to the document type line, and from a line that opens the
  closing (``Nơi nhận:``, ``TM. …``) on (over a page break too), the lines
  whose words leave one empty gutter in the middle of the page are two
  columns: the left column's paragraphs, then the right column's, each
  paragraph on one line (as a layout grid's cells), list items and typed
  rules ('-------') on lines of their own.
* Footnotes set at the foot of the pages (Word's: below a short rule, each
  opening with its number) are moved where ingest reads them, after the
  closing and before an appendix, as ``[n] …`` paragraphs; a small raised
  number after a word that is one of theirs is the mark ``[n]``.
* A ruled table (pdfplumber's ``find_tables``) is taken out of the text flow
  and written at its place: one tab-separated line per row (a cell's lines
  joined by spaces), or, for a layout grid
  (:func:`generator.preparse.is_layout_grid`), its cells' lines. A table that
  a page break or a blank paragraph cut into pieces is a table in each piece:
  a one-row piece ruled with the columns of the table before or after it is
  a row of data, not a layout grid.
* Glyphs with no text (``(cid:N)``, as some fonts give for combining marks)
  are dropped, and counted in a review note when there are
  :data:`CID_NOTE_MIN` or more; pages with an image but no text are named in
  a review note.
* Every line's place is its page: ``trang N``.
"""
from __future__ import annotations

import difflib
import io
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from generator.errors import PlanError
from generator.importers import ImportedText, TextBuilder
from generator.ingest import APPENDIX_START, TERMINAL
from generator.numbering import starts_block
from generator.preparse import CLOSING_START, DOC_TYPE_LINE, HEADER_START, is_layout_grid
from generator.textutil import collapse_spaces

MAX_PAGES = 200
"""Pages read from one PDF; the rest is cut, with :data:`TRUNCATION_MARKER`."""

TRUNCATION_MARKER = "[...]"
"""The last line of a text cut short; :data:`generator.ingest.TRUNCATION` reads it."""

MIN_LETTERS = 20
"""A PDF whose pages read show fewer letters has no text layer: it is a scan."""

SCANNED_PAGE_LETTERS = 300
"""A page with an image and fewer letters than this is a scan: a page of a plan typed in has
well over a thousand, a scan's text layer only a signature stamp ('Ký bởi', 'Thời gian ký')."""

CID_NOTE_MIN = 10
"""Dropped ``(cid:N)`` glyphs from which a review note counts them."""

EDGE_LINES = 2
"""Lines at the top and at the bottom of a page where running heads and page numbers are looked for."""

INDENTED_SHARE = 0.6
"""A document whose paragraphs, this share of them at least, start indented marks paragraphs by indent."""

HEADER_TOP = 3
"""A header starts on one of the first lines of its page (page 1, or an attached plan's first page)."""

HEADER_LINES = 15
"""Lines from the first header line within which the document type line ends the header (or the header ends)."""

SAME_FURNITURE = 0.9
"""How alike (difflib's ratio) two lines must be to be one running head or foot: OCR misreads a
glyph or two, and a glyph drawn in the margin (chromium paints a clipped piece of the next
page's first line there) joins the line."""

PAGE_NUMBER = re.compile(r"^(?:(?:Trang|TRANG|Page)\s+)?[-–—]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—]?$")
DIGITS = re.compile(r"\d+")
GLUED_HYPHEN = re.compile(r"\w-$")  # a line broken after the hyphen of '913/QĐ-UBND'

TOUCHING = 1.0
"""Words less than this apart (points) are one run of text, split only by a change of font size."""

SAME_EDGE = 2.0
"""Column edges (points) this close are one ruling: a table that a page break or a blank
paragraph cut into pieces keeps its columns in every piece."""

SMALL_PRINT = 0.8
"""A footnote mark is set at most this share of the text's font size."""


@dataclass
class _Line:
    """Words side by side on one line of a page, left to right."""

    words: list[dict]

    @property
    def text(self) -> str:
        """The words, a space between two but those that touch (a change of font size splits a
        word: 'Tum' '¹' ';')."""
        parts = [self.words[0]["text"]]
        for before, word in zip(self.words, self.words[1:]):
            parts += [word["text"]] if word["x0"] - before["x1"] < TOUCHING else [" ", word["text"]]
        return "".join(parts)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(word["x1"] for word in self.words)

    @property
    def top(self) -> float:
        return min(word["top"] for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word["bottom"] for word in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def segments(self) -> list[str]:
        """The texts of the line's runs of words, split at gaps wide enough to be a gutter."""
        runs: list[list[dict]] = [[self.words[0]]]
        for before, word in zip(self.words, self.words[1:]):
            if word["x0"] - before["x1"] >= _gutter_width(self.height):
                runs.append([])
            runs[-1].append(word)
        return [_Line(run).text for run in runs]


@dataclass
class _Table:
    top: float
    rows: list[list[str]]
    edges: tuple[float, ...]  # where its columns start, and its right edge

    def same_columns(self, other: _Table) -> bool:
        """Whether ``other`` is ruled with this table's columns: a piece of the same table."""
        return len(self.edges) == len(other.edges) and all(
            abs(one - two) <= SAME_EDGE for one, two in zip(self.edges, other.edges))


@dataclass
class _Page:
    number: int
    left: float  # where the page starts, and its size
    width: float
    top: float
    height: float
    words: list[dict]
    tables: list[_Table]
    rules: list[tuple[float, float, float]]  # horizontal rules outside tables: x0, top, x1
    has_image: bool

    @property
    def letters(self) -> int:
        """The letters of its text layer, in the flow and in its tables (a page of the appendix
        may be one table)."""
        cells = (cell for table in self.tables for row in table.rows for cell in row)
        return sum(ch.isalpha() for text in [*(word["text"] for word in self.words), *cells] for ch in text)


@dataclass
class _Columns:
    """A side-by-side block: lines split at the gutter x."""

    lines: list[_Line]
    gutter: float


@dataclass
class _Flow:
    """Consecutive single-column lines of one page."""

    lines: list[_Line]


@dataclass(frozen=True)
class _Margins:
    left: float
    right: float


def read_pdf(data: bytes, file: str, cache: Path | None = None) -> ImportedText:
    """The text of PDF ``data`` (source ``file``); see the module doc."""
    page_count, pages, glyphs = _read_pages(data, file)
    if not pages:
        raise PlanError(file, "PDF không có trang nào")
    scans = [page for page in pages if is_scanned_page(page)]
    if sum(page.letters for page in pages) < MIN_LETTERS or 2 * len(scans) > len(pages):
        from generator.importers import ocr  # noqa: PLC0415 - ocr uses this module's furniture()
        return ocr.read_scanned(data, file, cache, page_count)
    builder = TextBuilder()
    _write(builder, pages)
    review = []
    if page_count > MAX_PAGES:
        builder.blank()
        builder.add(TRUNCATION_MARKER, f"trang {MAX_PAGES}")
        review.append(f"PDF có {page_count} trang, chỉ đọc {MAX_PAGES} trang đầu")
    if glyphs >= CID_NOTE_MIN:
        review.append(f"{glyphs} ký tự không có mã chữ (cid) đã bỏ")
    if scans:
        review.append(f"trang {', '.join(str(page.number) for page in scans)} là ảnh quét, không có lớp chữ: chưa đọc")
    return builder.result("pdf", review)


def is_scanned_page(page: _Page) -> bool:
    """A page that is an image with at most a stamp of text on it (see :data:`SCANNED_PAGE_LETTERS`)."""
    return page.has_image and page.letters < SCANNED_PAGE_LETTERS


# ---------------------------------------------------------------- reading the PDF


def _read_pages(data: bytes, file: str) -> tuple[int, list[_Page], int]:
    """(page count, its first :data:`MAX_PAGES` pages, the cid glyphs dropped); PlanError when the
    PDF cannot be read."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page_count = len(pdf.pages)
            pages, glyphs = [], 0
            for page in pdf.pages[:MAX_PAGES]:
                read, dropped = _read_page(page)
                pages.append(read)
                glyphs += dropped
                page.close()
    except Exception as exc:  # noqa: BLE001 - pdfminer raises anything on a broken file
        raise _unreadable(file, data, exc) from None
    return page_count, pages, glyphs


def _read_page(page) -> tuple[_Page, int]:
    dropped = sum(1 for char in page.chars if char["text"].startswith("(cid:"))
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not obj["text"].startswith("(cid:"))
    tables = text_page.find_tables()
    boxes = [table.bbox for table in tables]
    words = [
        {key: word[key] for key in ("text", "x0", "x1", "top", "bottom", "size")}
        for word in text_page.extract_words(extra_attrs=["size"])
        if not any(_inside(word, box) for box in boxes)
    ]
    rules = [(rule["x0"], rule["top"], rule["x1"]) for rule in text_page.rects + text_page.lines
             if rule["bottom"] - rule["top"] <= 1.5 and not any(_inside(rule, box) for box in boxes)]
    rows = [_Table(table.bbox[1], [[cell or "" for cell in row] for row in table.extract()], _edges(table))
            for table in tables]
    x0, top, x1, bottom = page.bbox
    return _Page(page.page_number, x0, x1 - x0, top, bottom - top, words, rows, rules, bool(page.images)), dropped


def _edges(table) -> tuple[float, ...]:
    """A pdfplumber table's column starts and right edge."""
    return tuple(sorted({round(cell[0], 1) for cell in table.cells} | {round(table.bbox[2], 1)}))


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _unreadable(file: str, data: bytes, exc: Exception) -> PlanError:
    """The error for a PDF the parser could not read. A file that starts as a PDF but whose last
    1,024 bytes hold no ``%%EOF`` (which a PDF must end with) is truncated, and is said so the same
    way whichever error the parser met first where the cut fell (an unexpected end, a missing
    trailer or /Root)."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return PlanError(file, "PDF được mã hoá (cần mật khẩu), không đọc được")
    if isinstance(cause, PDFEncryptionError):
        return PlanError(file, f"PDF được mã hoá theo cách chưa đọc được ({cause})")
    if data.startswith(b"%PDF-") and b"%%EOF" not in data[-1024:]:
        return PlanError(file, "PDF hỏng: tệp bị cắt cụt giữa chừng (cuối tệp không có %%EOF)")
    what = "tệp bị cắt cụt giữa chừng" if isinstance(cause, PSEOF) else "không đọc được cấu trúc tệp"
    return PlanError(file, f"PDF hỏng: {what} ({type(cause).__name__}: {str(cause)[:160]})")


# ---------------------------------------------------------------- lines and furniture


def _lines(words: list[dict]) -> list[_Line]:
    """Words grouped into lines: a word joins the line it overlaps by half its height."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            line = lines[-1]
            overlap = min(line.bottom, word["bottom"]) - max(line.top, word["top"])
            if overlap >= 0.5 * min(line.height, word["bottom"] - word["top"]):
                line.words.append(word)
                continue
        lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def furniture(pages: list[list[str]]) -> list[set[int]]:
    """For each page's lines (texts, top to bottom), the indexes of its furniture: among the
    first and last :data:`EDGE_LINES` lines, a lone page number, and a line that, digits aside,
    stands at that edge, or a line much like it does, on most pages (at least two)."""
    def key(text: str) -> str:
        return DIGITS.sub("#", text)

    repeated = max(2, (len(pages) + 1) // 2)

    def standing(edges: list[list[str]]) -> set[str]:
        """The keys of edge lines that stand, or lines much like them, at that edge on enough
        pages; a line of the text, unlike any line at that edge of the pages around it, is
        not compared with every page."""
        page_keys = [sorted({key(text) for text in texts}) for texts in edges]
        found: set[str] = set()
        tried: set[str] = set()
        for page, keys in enumerate(page_keys):
            around = [k for near in page_keys[max(0, page - 2):page] + page_keys[page + 1:page + 3] for k in near]
            for k in keys:
                if k in tried or not any(_alike(k, other) for other in around):
                    continue
                tried.add(k)
                if sum(1 for others in page_keys if any(_alike(k, other) for other in others)) >= repeated:
                    found.add(k)
        return found

    heads = standing([lines[:EDGE_LINES] for lines in pages])
    feet = standing([lines[-EDGE_LINES:] for lines in pages])
    found = []
    for lines in pages:
        edges = [(i, heads) for i in range(min(EDGE_LINES, len(lines)))]
        edges += [(i, feet) for i in range(max(0, len(lines) - EDGE_LINES), len(lines))]
        found.append({i for i, keys in edges if PAGE_NUMBER.match(lines[i]) or key(lines[i]) in keys})
    return found


def _alike(one: str, other: str) -> bool:
    """At least :data:`SAME_FURNITURE` alike (difflib's ratio, its cheap bounds tried first)."""
    if one == other:
        return True
    matcher = difflib.SequenceMatcher(None, one, other)
    return (matcher.real_quick_ratio() >= SAME_FURNITURE and matcher.quick_ratio() >= SAME_FURNITURE
            and matcher.ratio() >= SAME_FURNITURE)


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    dropped = furniture([[line.text for line in lines] for lines in pages])
    return [[line for i, line in enumerate(lines) if i not in drop] for lines, drop in zip(pages, dropped)]


# ---------------------------------------------------------------- blocks of a page


def _gutter_width(height: float) -> float:
    """The narrowest empty strip between two columns, for text of this line height (wider than
    the tab after a list label)."""
    return 2 * height


def _blocks(lines: list[_Line], page: _Page, top: bool, carried: bool) -> list[_Flow | _Columns]:
    """A run of a page's lines (no table among them) as single-column flows and side-by-side
    blocks. ``top``: the run starts the page; ``carried``: the page goes on a side-by-side block
    that ended the page before."""
    blocks: list[_Flow | _Columns] = []
    flow: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        segments = line.segments()
        count, gutter = 0, None
        if top and index < HEADER_TOP and any(HEADER_START.match(segment) for segment in segments):
            end = min(len(lines), index + HEADER_LINES)
            limit = next((i for i in range(index, end) if DOC_TYPE_LINE.match(lines[i].text)), end)
            count, gutter = _two_columns(lines[index:limit], page)
        elif any(CLOSING_START.match(segment) for segment in segments) or top and carried and index == 0:
            count, gutter = _two_columns(lines[index:], page)
        if gutter is None:
            flow.append(line)
            index += 1
            continue
        if flow:
            blocks.append(_Flow(flow))
            flow = []
        blocks.append(_Columns(lines[index:index + count], gutter))
        index += count
    if flow:
        blocks.append(_Flow(flow))
    return blocks


def _two_columns(lines: list[_Line], page: _Page) -> tuple[int, float | None]:
    """How many of ``lines``, from the first, leave one empty strip in the middle of the page
    with words on both sides, and the strip's middle x (None when they never do).

    The strip is first found wide (:func:`_gutter_width`, as between two columns); a later line
    may narrow it, as a long line of a column does, but not to the spaces between its own words
    (then it is one line across the page).
    """
    covered: list[tuple[float, float]] = []
    free: tuple[float, float] | None = None
    for count, line in enumerate(lines):
        if free is None:
            covered = _merge(covered + [(word["x0"], word["x1"]) for word in line.words], _gutter_width(line.height))
            free = _widest_gap(covered, page, _gutter_width(line.height))
            continue
        narrowed = _narrowed(free, line)
        if narrowed is None:
            return count, (free[0] + free[1]) / 2
        free = narrowed
    return len(lines), None if free is None else (free[0] + free[1]) / 2


def _narrowed(free: tuple[float, float], line: _Line) -> tuple[float, float] | None:
    """The part of the empty strip ``free`` that ``line`` leaves empty too, split where it keeps
    the most of it; None when the line crosses it, or splits only at a space between words."""
    words = line.words
    spaces = [after["x0"] - before["x1"] for before, after in zip(words, words[1:])]
    best: tuple[float, float] | None = None
    for split in range(len(words) + 1):
        low = max([free[0]] + [word["x1"] for word in words[:split]])
        high = min([free[1]] + [word["x0"] for word in words[split:]])
        if 0 < split < len(words):
            gap, others = spaces[split - 1], spaces[:split - 1] + spaces[split:]
            if gap < 0.5 * line.height or others and gap < 2 * statistics.median(others):
                continue  # a space between two words of one line of text
        if high - low >= 0.25 * line.height and (best is None or high - low > best[1] - best[0]):
            best = (low, high)
    return best


def _merge(spans: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Spans joined where less than ``gap`` apart."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _widest_gap(spans: list[tuple[float, float]], page: _Page, gap: float) -> tuple[float, float] | None:
    """The widest gap between ``spans``, at least ``gap`` wide, whose middle is in the middle of the page."""
    low, high = page.left + 0.2 * page.width, page.left + 0.8 * page.width
    gaps = [(before[1], after[0]) for before, after in zip(spans, spans[1:])]
    fitting = [(end - start, (start, end)) for start, end in gaps if end - start >= gap and low <= (start + end) / 2 <= high]
    return max(fitting)[1] if fitting else None


# ---------------------------------------------------------------- paragraphs


def _leading(flows: list[list[_Line]]) -> float | None:
    """The usual white space between two lines of a paragraph, over the document."""
    gaps = [line.top - before.bottom for lines in flows for before, line in zip(lines, lines[1:])
            if 0 <= line.top - before.bottom < 2 * line.height]
    return statistics.median(gaps) if gaps else None


def _margins(lines: list[_Line]) -> _Margins:
    """Where the text of ``lines`` starts and ends: most lines start at the left margin; justified
    and wrapped lines reach the right one."""
    starts = sorted(line.x0 for line in lines)
    ends = sorted(line.x1 for line in lines)
    return _Margins(starts[len(starts) // 10], ends[len(ends) * 9 // 10])


def _centred(line: _Line, margins: _Margins) -> bool:
    middle = (margins.left + margins.right) / 2
    return abs((line.x0 + line.x1) / 2 - middle) < 0.5 * line.height and line.x0 > margins.left + line.height


def _starts_paragraph(before: _Line, line: _Line, margins: _Margins, leading: float | None,
                      centring: bool = False) -> bool:
    """Does ``line`` start a paragraph after ``before`` (see the module doc)? ``leading`` None: no
    gap to measure. ``centring``: the text is centred (a header cell), so a centred line leaves
    room on both sides."""
    if TERMINAL.search(before.text) and starts_block(line.text):
        return True  # a sentence ended, and a label or a list item opens the line: as ingest reads it
    height = max(before.height, line.height)
    if leading is not None and line.top - before.bottom > max(1.5 * leading, leading + 0.25 * height):
        return True
    first = line.words[0]
    room = margins.right - before.x1
    if centring and _centred(before, margins):
        room = margins.right - margins.left - (before.x1 - before.x0)
    if room > first["x1"] - first["x0"] + 0.5 * height:
        return True  # the first word would have fitted at the end of the line before
    return line.x0 > before.x0 + 0.5 * height and not _centred(line, margins)


def _indents(flows: list[tuple[list[_Line], _Margins]], leading: float | None) -> bool:
    """Does the document mark paragraphs by a first-line indent? Most lines found to start a
    paragraph on their page (not centred) start right of the margin."""
    starts = [(line, margins) for lines, margins in flows for before, line in zip(lines, lines[1:])
              if _starts_paragraph(before, line, margins, leading) and not _centred(line, margins)]
    indented = sum(1 for line, margins in starts if line.x0 > margins.left + 0.5 * line.height)
    return len(starts) >= 5 and indented >= INDENTED_SHARE * len(starts)


def _starts_paragraph_on_page(before: _Line, line: _Line, margins: _Margins, indents: bool) -> bool:
    """Does ``line``, first on its page, start a paragraph after ``before``, last on the page
    before? No gap to measure: the line before ending early or a first-line indent says so. In
    a document that does not indent its paragraphs, so does text that shows it, as ingest reads
    a page break: a sentence ended, and the line does not go on in lower case."""
    if _starts_paragraph(before, line, margins, None):
        return True
    return not indents and bool(TERMINAL.search(before.text)) and not line.text[:1].islower()


# ---------------------------------------------------------------- footnotes


def _footnote_area(lines: list[_Line], page: _Page, number: int) -> int:
    """Where a page's footnotes start (``len(lines)`` when it has none): below a short rule in
    the lower part of the page, when the first line below it opens with footnote ``number``."""
    for _, top, _ in sorted((rule for rule in page.rules if _separates_footnotes(rule, page)), key=lambda r: r[1]):
        index = next((i for i, line in enumerate(lines) if line.top >= top), None)
        if index is not None and lines[index].words[0]["text"] == str(number):
            return index
    return len(lines)


def _separates_footnotes(rule: tuple[float, float, float], page: _Page) -> bool:
    x0, top, x1 = rule
    return 0.08 * page.width <= x1 - x0 <= 0.45 * page.width and top > page.top + 0.3 * page.height


def _split_footnotes(pages: list[_Page], page_lines: list[list[_Line]]
                     ) -> tuple[list[list[_Line]], list[tuple[int, _Line, bool]]]:
    """Each page's lines without its footnote area, and the areas' lines, each with its page
    and whether it opens a footnote: it starts with the next footnote's number (then '[n]');
    any other line goes on the footnote before."""
    bodies, footnotes = [], []
    number = 1
    for page, lines in zip(pages, page_lines):
        start = _footnote_area(lines, page, number)
        bodies.append(lines[:start])
        for line in lines[start:]:
            first = line.words[0]
            opens = first["text"] == str(number)
            if opens:
                first["text"] = f"[{number}]"
                number += 1
            footnotes.append((page.number, line, opens))
    return bodies, footnotes


def _mark_references(lines: list[_Line], size: float, numbers: set[str]) -> None:
    """A small raised number after a word ('Kon Tum¹'), one of the footnotes' numbers, is a
    footnote mark: it reads '[1]' (touching the word, so with no space before it)."""
    for line in lines:
        for before, word in zip(line.words, line.words[1:]):
            raised = word["bottom"] < before["bottom"] - 0.15 * size
            if word["text"] in numbers and word["size"] <= SMALL_PRINT * size and raised:
                word["text"] = f"[{word['text']}]"


def _body_size(pages: list[_Page]) -> float:
    """The font size most of the text outside tables is set in (0 when all of it is in tables)."""
    sizes: dict[float, int] = {}
    for word in (word for page in pages for word in page.words):
        sizes[round(word["size"], 1)] = sizes.get(round(word["size"], 1), 0) + len(word["text"])
    return max(sizes, key=sizes.__getitem__, default=0.0)


# ---------------------------------------------------------------- writing


def _write(builder: TextBuilder, pages: list[_Page]) -> None:
    """Every page's blocks and tables, in reading order, into ``builder``."""
    page_lines, footnotes = _split_footnotes(pages, _drop_furniture([_lines(page.words) for page in pages]))
    numbers = {line.words[0]["text"].strip("[]") for _, line, opens in footnotes if opens}
    _mark_references([line for lines in page_lines for line in lines], _body_size(pages), numbers)
    laid_out: list[list[_Flow | _Columns | _Table]] = []
    for lines, page in zip(page_lines, pages):
        carried = bool(laid_out and laid_out[-1] and isinstance(laid_out[-1][-1], _Columns))
        laid_out.append(_page_blocks(lines, page, carried))
    body = [[block.lines for block in blocks if isinstance(block, _Flow)] for blocks in laid_out]
    leading = _leading([lines for flows in body for lines in flows])
    every_line = [line for flows in body for lines in flows for line in lines]
    document = _margins(every_line) if every_line else None
    page_margins = [_margins(page_body) if len(page_body) >= 8 else document
                    for page_body in ([line for lines in flows for line in lines] for flows in body)]
    indents = _indents([(lines, margins) for flows, margins in zip(body, page_margins) for lines in flows], leading)
    tables = [block for blocks in laid_out for block in blocks if isinstance(block, _Table)]
    pieces = {id(table) for one, other in zip(tables, tables[1:]) if one.same_columns(other) for table in (one, other)}
    last: _Line | None = None  # the last line of a flow, while the flow may go on
    closed = False  # the closing ('Nơi nhận', the signature) was written: the appendix may follow
    for page, blocks, margins in zip(pages, laid_out, page_margins):
        where = f"trang {page.number}"
        for block in blocks:
            if closed and footnotes and isinstance(block, _Flow) and APPENDIX_START.match(block.lines[0].text):
                _write_footnotes(builder, footnotes)
                footnotes, last = [], None
            if isinstance(block, _Flow):
                starts = last is None or _starts_paragraph_on_page(last, block.lines[0], margins, indents)
                _write_lines(builder, block.lines, margins, leading, where, starts)
                last = block.lines[-1]
            elif isinstance(block, _Table):
                _write_table(builder, block.rows, where, layout=id(block) not in pieces and is_layout_grid(block.rows))
                last = None
            else:
                _write_columns(builder, block, margins, leading, where)
                last = None
            closed = closed or not isinstance(block, _Table) and any(
                CLOSING_START.match(segment) for line in block.lines for segment in line.segments())
    _write_footnotes(builder, footnotes)


def _write_footnotes(builder: TextBuilder, footnotes: list[tuple[int, _Line, bool]]) -> None:
    """The footnotes of the pages where ingest reads them: after the closing, before an appendix;
    each from a blank line."""
    for page, line, opens in footnotes:
        if opens or not builder.lines:
            builder.blank()
            builder.add(line.text, f"trang {page}")
        else:
            _go_on(builder, line.text, f"trang {page}", False)


def _page_blocks(lines: list[_Line], page: _Page, carried: bool) -> list[_Flow | _Columns | _Table]:
    """A page's lines and tables, top to bottom; a table cuts the flow of lines around it.
    ``carried``: the page goes on a side-by-side block that ended the page before."""
    blocks: list[_Flow | _Columns | _Table] = []
    tables = sorted(page.tables, key=lambda table: table.top)
    run: list[_Line] = []
    for line in lines:
        while tables and tables[0].top < line.top:
            blocks += _blocks(run, page, not blocks, carried)
            blocks.append(tables.pop(0))
            run = []
        run.append(line)
    return blocks + _blocks(run, page, not blocks, carried) + tables


def _middle(word: dict) -> float:
    return (word["x0"] + word["x1"]) / 2


def _write_columns(builder: TextBuilder, block: _Columns, margins: _Margins | None,
                   leading: float | None, where: str) -> None:
    """The left column's paragraphs, then the right column's, one paragraph per line (a cell's
    paragraph, as a layout grid's); each column spans from the page's margin to its far edge."""
    words = [word for line in block.lines for word in line.words]
    low = min(word["x0"] for word in words) if margins is None else min(margins.left, *(w["x0"] for w in words))
    high = max(word["x1"] for word in words) if margins is None else max(margins.right, *(w["x1"] for w in words))
    left = _lines([word for word in words if _middle(word) < block.gutter])
    right = _lines([word for word in words if _middle(word) >= block.gutter])
    if left:  # the cell's far edge: its widest line, or where its centred lines put it
        centre = statistics.median((line.x0 + line.x1) / 2 for line in left)
        _write_lines(builder, left, _Margins(low, max(max(line.x1 for line in left), 2 * centre - low)),
                     leading, where, True, join=True)
    if right:
        centre = statistics.median((line.x0 + line.x1) / 2 for line in right)
        _write_lines(builder, right, _Margins(min(min(line.x0 for line in right), 2 * centre - high), high),
                     leading, where, True, join=True)


def _write_lines(builder: TextBuilder, lines: list[_Line], margins: _Margins | None,
                 leading: float | None, where: str, starts: bool, join: bool = False) -> None:
    """``lines`` of one flow or column, the first starting a paragraph when ``starts``.

    A paragraph's lines follow one per line, or on one line when ``join`` (a column's cells,
    where a list item or a label starts a paragraph, and a rule typed as '-----' stays a line of
    its own). A line that goes on a paragraph but opens like a list item or a label (wrapped
    before '- Bảo hiểm xã hội số') goes on the line before, so ingest does not split there; so
    does a line broken after a word's hyphen ('913/QĐ-' / 'UBND'), without a space.
    """
    for index, line in enumerate(lines):
        if index:
            starts = margins is not None and _starts_paragraph(lines[index - 1], line, margins, leading, join)
        if starts or not builder.lines or join and starts_block(line.text):
            builder.blank()
            builder.add(line.text, where)
        else:
            _go_on(builder, line.text, where, join or starts_block(line.text))


def _go_on(builder: TextBuilder, text: str, where: str, join: bool) -> None:
    """``text`` going on the paragraph of the last line: after it when the line broke after a
    word's hyphen, or when ``join``, else on a line of its own."""
    if GLUED_HYPHEN.search(builder.lines[-1]):
        builder.lines[-1] += text
    elif join and _has_text(text) and _has_text(builder.lines[-1]):
        builder.lines[-1] += " " + text
    else:
        builder.add(text, where)


def _has_text(text: str) -> bool:
    """Not a rule typed as a line ('-------', '___')."""
    return any(ch.isalnum() for ch in text)


def _write_table(builder: TextBuilder, rows: list[list[str]], where: str, layout: bool) -> None:
    """A ruled table: its cells' lines when it is the page's ``layout``, else one tab row per row."""
    builder.blank()
    if layout:
        for row in rows:
            for cell in row:
                for text in cell.split("\n"):
                    if text.strip():
                        builder.add(collapse_spaces(text), where)
                builder.blank()
        return
    for row in rows:
        cells = [collapse_spaces(cell) for cell in row]
        if any(cells):
            builder.add("\t".join(cells), where)
    builder.blank()
