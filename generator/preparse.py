"""Stage 1a, pre-parse: decoded text in any layout of the genre -> clean, located lines.

Plans reach us typed, exported from Word, copied from a legal portal (as
Markdown) or re-wrapped by a mail client. Later stages must not care which, so
this stage turns every layout into one form. For the :class:`CleanText` it
returns, each of these holds, and every line keeps the 1-based number of the
source line it starts on:

* **Characters**: line ends are ``\\n`` whatever the source used (CR, CRLF);
  text is Unicode NFC; every digit is ASCII (full-width ``１``, Arabic-Indic
  ``١`` …), and so are full-width letters and punctuation; one tone placement is used, the traditional one of legal texts
  (``hoá`` -> ``hóa``, ``Uỷ`` -> ``Ủy``, ``thuỷ`` -> ``thủy``:
  :func:`generator.textutil.unify_tones`), so data, the search index and
  search queries all use one form.
* **White space**: no line is blank; no line has leading or trailing white
  space (tabs, spaces, no-break and zero-width spaces: indentation is
  dropped); runs of spaces inside a line are one space. A tab survives only as
  the cell separator of a table row, and then every cell is trimmed.
* **Markdown residue** of portal copies is gone: ``**bold**``, ``*italic*``
  and ``__`` marks, ``#`` heading marks, backslash escapes, lines of only
  ``*``, ``-``, ``_``, ``=`` or ``|``, and Markdown table rows. A literal
  ``(*)`` note mark and a leading ``*`` bullet are kept.
* **Tables**: a Markdown table (``| a | b |``) and the portal's split-cell
  form (each cell's lines between lines holding only ``|``) both become one
  tab-separated line per row. A small cell grid (the two-column header, the
  "Nơi nhận" / signature block) becomes its cells' lines, in reading order.
* **Page furniture**: page markers (``## Trang 3``, ``Trang 3/12``,
  ``- 3 -``, ``4/15``, a bare page number on its own line) are dropped.
* **Portal text**: lines before the document (site banner, breadcrumbs, the
  metadata block) are removed; the metadata block becomes :attr:`portal`
  (``Số hiệu``, ``Loại văn bản``, ``Nơi ban hành`` …, wrapped values re-joined,
  repeated keys keeping every distinct value) and a title line before it
  becomes ``portal["Tiêu đề"]``. Site text after the signature (login notices,
  related documents, copyright) is removed.
* **Header**: in the lines before the document type (``KẾ HOẠCH`` …), a line
  that holds both header columns (issuer and motto, number and place/date,
  as copying a two-column table flattens them) is split into one line per
  column, and words split by stray spaces (``ỦY B AN NHÂN D Â N``) are put
  back together when the whole line then reads as known header words.
* **Paragraph signals**: :attr:`Line.boundary` is True when the source marks
  a paragraph start (after a blank line where blank lines separate
  paragraphs, or a table cell), False when it marks a continuation (inside a
  ``**bold**`` span opened on an earlier line), None when it says nothing.
  :attr:`CleanText.grouped` tells whether blank lines marked paragraphs; a
  text with a blank line after every line is read as if it had none, except
  that longer runs of blank lines still mark paragraphs.

The stage never raises: any text gives some lines (possibly none).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.textutil import collapse_spaces, unify_tones


@dataclass(frozen=True)
class Line:
    """One clean line and where it starts in the source."""

    number: int
    text: str
    boundary: bool | None = None


@dataclass
class CleanText:
    lines: list[Line]
    grouped: bool = False
    portal: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- characters

_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\f\v"), None)
_SPACES_TABLE = {**dict.fromkeys(map(ord, _SPACE_CHARS), " "), **_INVISIBLE}


# Full-width forms (U+FF01-FF5E: '１', 'Ａ', '．') are their ASCII characters.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _ascii_digits(text: str) -> str:
    """Every decimal digit of any script ('١', '۳', '१') as an ASCII digit."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def normalize_characters(text: str) -> str:
    """NFC, ``\\n`` line ends, plain spaces, ASCII digits and punctuation, one tone placement."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return unify_tones(_ascii_digits(text.translate(_SPACES_TABLE).translate(_FULL_WIDTH)))


# ---------------------------------------------------------------- one line

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_PROTECTED_STAR = re.compile(r"\(\*+\)")
_STAR_RUN = re.compile(r"\*+")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)__(?=\S)|(?<=\S)__(?!\w)")
_LAYOUT = re.compile(r"^[\s|*_=\-–—.·]*$")
_PAGE_MARKER = re.compile(
    r"^(?:(?:Trang|TRANG|Page)\s+\d{1,4}(?:\s*/\s*\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,3}|\d{1,3}\s*/\s*\d{1,3})$"
)
_MD_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PLACEHOLDER = "\x00"
TERMINAL_MARK = re.compile(r"[.:;!?…]$")


def _strip_markdown(text: str) -> str:
    """Remove emphasis and escapes; keep '(*)' marks and a leading '* ' bullet."""
    escaped: list[str] = []

    def keep(match: re.Match) -> str:
        escaped.append(match.group(match.lastindex or 0))
        return _PLACEHOLDER

    text = _ESCAPE.sub(keep, text)
    text = _PROTECTED_STAR.sub(keep, text)
    bullet = text.startswith("* ") or text.startswith("*\t")
    body = text[2:] if bullet else text
    body = _STAR_RUN.sub("", body)
    body = _UNDERSCORE_EMPHASIS.sub("", body)
    text = ("* " + body) if bullet else body
    if escaped:
        pieces = iter(escaped)
        text = re.sub(_PLACEHOLDER, lambda _: next(pieces), text)
    return text


@dataclass
class _Raw:
    """A source line after per-line cleaning, before lines are assembled."""

    number: int
    kind: str  # 'text', 'blank', 'pipe' (a lone '|'), 'mdrow', 'layout'
    text: str = ""
    cells: list[str] = field(default_factory=list)
    opens_bold: bool = False  # an odd number of '**' on the line


def _clean_line(number: int, raw: str) -> _Raw:
    stripped = raw.strip(" \t\n")
    if not stripped:
        return _Raw(number, "blank")
    if stripped == "|":
        return _Raw(number, "pipe")
    if _MD_SEPARATOR_ROW.match(stripped) and "|" in stripped:
        return _Raw(number, "layout")
    if stripped.endswith("|") or (stripped.startswith("|") and stripped.count("|") >= 2):
        # a table row: '| a | b |', or a portal's 'a | b |' with each cell ended by '|'
        inner = stripped[1:] if stripped.startswith("|") else stripped
        inner = inner[:-1] if inner.endswith("|") else inner
        cells = [_clean_text(cell) for cell in inner.split("|")]
        return _Raw(number, "mdrow", cells=cells)
    opens_bold = stripped.count("**") % 2 == 1
    if _LAYOUT.match(stripped):
        return _Raw(number, "layout", stripped if stripped in ("-", "–", "+") else "", opens_bold=opens_bold)
    if "\t" in stripped:
        cells = [_clean_text(cell) for cell in stripped.split("\t")]
        if sum(1 for c in cells if c) >= 2:
            return _Raw(number, "text", "\t".join(cells), opens_bold=opens_bold)
    text = _clean_text(stripped)
    if not text:
        return _Raw(number, "layout", opens_bold=opens_bold)
    return _Raw(number, "text", text, opens_bold=opens_bold)


def _clean_text(text: str) -> str:
    text = _HEADING_MARK.sub("", text.strip())
    text = _strip_markdown(text)
    return collapse_spaces(text).strip(" |")


# ---------------------------------------------------------------- the header

DOC_TYPE_LINE = re.compile(
    r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|NGHỊ QUYẾT|QUYẾT ĐỊNH)(?:\s+(?:HÀNH ĐỘNG|LIÊN TỊCH|PHỐI HỢP|LIÊN NGÀNH))?"
    r"(?:\s+(?:số|SỐ)\b.*)?$"
)
HEADER_START = re.compile(
    r"^(?:ỦY BAN|UBND|HỘI ĐỒNG|SỞ |BAN |THÀNH ỦY|TỈNH ỦY|HUYỆN ỦY|QUẬN ỦY|THỊ ỦY|ĐẢNG ỦY|ĐẢNG BỘ|"
    r"ĐẢNG CỘNG SẢN|BỘ |PHÒNG |HỘI |ĐOÀN |LIÊN ĐOÀN|MẶT TRẬN|CỘNG HÒA XÃ HỘI|Số\s*:)"
)
MOTTO_SPLIT = re.compile(r"\s+(?=CỘNG HÒA XÃ HỘI|Độc lập\s*[-–]\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM)")
NUMBER_THEN_DATE = re.compile(r"^(?P<number>Số\s*:?\s*[\w*]*\s*[/-]\s*\S+)\s+(?=\S[^,]{0,60},\s*ngày\b)")
# Words of a header line, for putting back words split by stray spaces.
HEADER_WORDS = (
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI",
    "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ĐẢNG CỘNG SẢN VIỆT NAM", "THÀNH PHỐ", "TỈNH",
    "QUẬN", "HUYỆN", "THỊ XÃ", "XÃ", "PHƯỜNG", "ĐẶC KHU", "SỞ", "KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH",
    "ĐỀ ÁN", "NGHỊ QUYẾT",
    "THÀNH ỦY", "TỈNH ỦY", "LAO ĐỘNG", "THƯƠNG BINH VÀ XÃ HỘI", "NỘI VỤ",
)


# (word without spaces, word), longest first: the longest known word wins
_SQUEEZED_HEADER_WORDS = sorted(((word.replace(" ", ""), word) for word in HEADER_WORDS), key=lambda w: -len(w[0]))


def _rejoin_split_words(text: str) -> str:
    """'ỦY B AN NHÂN D Â N' -> 'ỦY BAN NHÂN DÂN' when the line is made only of header words."""
    if " " not in text or not any(len(token) == 1 and token.isalpha() for token in text.split()):
        return text
    squeezed = text.replace(" ", "")
    pieces: list[str] = []
    position = 0
    while position < len(squeezed):
        for compact, word in _SQUEEZED_HEADER_WORDS:
            if squeezed.startswith(compact, position):
                pieces.append(word)
                position += len(compact)
                break
        else:
            return text
    return " ".join(pieces)


def _with_words_rejoined(line: Line) -> Line:
    text = _rejoin_split_words(line.text)
    return line if text == line.text else Line(line.number, text, line.boundary)


def _split_header_line(line: Line) -> list[Line]:
    """One line per header column: issuer | motto, number | place and date."""
    parts = MOTTO_SPLIT.split(line.text)
    result: list[str] = []
    for part in parts:
        match = NUMBER_THEN_DATE.match(part)
        if match and part.startswith("Số"):
            result += [match["number"], part[match.end():]]
        else:
            result.append(part)
    return [Line(line.number, part.strip(), True) for part in result if part.strip()]


# ---------------------------------------------------------------- portal text

PORTAL_KEYS = (
    "Số hiệu", "Số ký hiệu", "Ký hiệu", "Loại văn bản", "Nơi ban hành", "Cơ quan ban hành", "Người ký",
    "Ngày ban hành", "Ngày có hiệu lực", "Ngày hiệu lực", "Ngày hết hiệu lực", "Tình trạng hiệu lực",
    "Tình trạng", "Lĩnh vực", "Ngày công báo", "Số công báo", "Cấp ban hành", "Trích yếu",
)
PORTAL_LINE = re.compile(
    rf"^(?P<key>{'|'.join(sorted(PORTAL_KEYS, key=len, reverse=True))})\s*(?::|\t|\s)\s*(?P<value>.*)$"
)
# Normalised key names: several portals name one field differently.
PORTAL_KEY_NAMES = {"Số ký hiệu": "Số hiệu", "Ký hiệu": "Số hiệu",
                    "Ngày hiệu lực": "Ngày có hiệu lực", "Tình trạng hiệu lực": "Tình trạng"}
PORTAL_TITLE = re.compile(r"^(?:Kế hoạch|Chương trình|Đề án|Nghị quyết|Quyết định)\b.{8,}", re.IGNORECASE)
# Site text a portal prints around a document: a short line that starts like this.
PORTAL_TAIL = re.compile(
    r"^(?:Bạn (?:chưa|cần|phải|hãy) (?:đăng nhập|đăng ký)|Hãy đăng nhập|Vui lòng đăng nhập|Đăng nhập|Đăng ký thành viên|"
    r"Văn bản liên quan|Văn bản gốc|Văn bản tiếng Anh|Tải về|Tải văn bản|Bản quyền|Copyright|©|Lược đồ|"
    r"Theo dõi hiệu lực|Thuộc tính văn bản|Mục lục văn bản|Tin liên quan|Trang chủ\s*[>›»/])"
)
# Where the closing starts: the 'Nơi nhận' list or the signature ('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH').
CLOSING_START = re.compile(r"^(?:Nơi nhận\s*:?.{0,80}|(?:TM|T/M|KT|TL|TUQ|Q)\.?\s+[A-ZĐỦ][^a-z]{0,60})$")


def _document_start(lines: list[Line]) -> int:
    """Index of the first line of the document itself (header or type line)."""
    limit = min(len(lines), 120)
    for index in range(limit):
        text = lines[index].text
        if HEADER_START.match(text) or DOC_TYPE_LINE.match(text):
            return index
    return 0


def _read_portal(lines: list[Line]) -> dict[str, str]:
    """The metadata block of portal lines before the document (see module doc)."""
    portal: dict[str, list[str]] = {}
    titles: list[str] = []
    current: str | None = None
    for line in lines:
        text = line.text.replace("\t", " ")
        match = PORTAL_LINE.match(text)
        if match:
            current = PORTAL_KEY_NAMES.get(match["key"], match["key"])
            values = portal.setdefault(current, [])
            values.append(match["value"].strip(" :"))
            continue
        wraps = line.boundary is not True or not portal.get(current, [""])[-1]  # or fills an empty value
        if current is not None and wraps and not PORTAL_TAIL.match(text):
            portal[current][-1] = f"{portal[current][-1]} {text}".strip()
            continue
        current = None
        if not portal and titles and line.boundary is not True:
            titles.append(text)  # the title wrapped
        elif not portal and PORTAL_TITLE.match(text):
            titles = [text]  # a portal prints the short name, then the full title: keep the last
    result = {}
    if titles:
        result["Tiêu đề"] = " ".join(titles)
    for key, values in portal.items():
        distinct = list(dict.fromkeys(v for v in values if v))
        if distinct:
            result[key] = "; ".join(distinct)
    return result


def _tail_start(lines: list[Line]) -> int:
    """Index where site text after the document begins (len(lines) if none)."""
    closing = next((i for i, line in enumerate(lines) if CLOSING_START.match(line.text)), None)
    start = closing if closing is not None else len(lines) * 3 // 4
    for index in range(start, len(lines)):
        text = lines[index].text
        if len(text) <= 100 and PORTAL_TAIL.match(text) and "\t" not in text:
            return index
    return len(lines)


# ---------------------------------------------------------------- tables


def _cell_grid(segments: list[list[_Raw]]) -> tuple[list[list[list[_Raw]]], int]:
    """Rows of a split-cell block: cells are segments, rows are separated by an empty segment.

    An empty cell and a row break look the same in the portal's form, so the
    row width is the one that explains the block best: the width ``w`` for
    which, read as rows of ``w`` cells each followed by an empty separator
    (after header rows of their own widths), the most rows start with a
    non-empty cell (a row number, a '-' or a name). Returns the rows and how
    many of them are header rows.
    """
    if len(segments) <= 2:
        return [segments], 0
    best: tuple[int, int, int] | None = None  # (rows starting with a cell, -offset, -width)
    row_starts = [0] + [i + 1 for i, segment in enumerate(segments) if not segment]
    for offset in row_starts[:6]:
        rest = len(segments) - offset
        for width in range(2, min(40, rest) + 1):
            if (rest + 1) % (width + 1):
                continue
            rows = (rest + 1) // (width + 1)
            separators_empty = all(not segments[offset + k * (width + 1) + width] for k in range(rows - 1))
            if not separators_empty:
                continue
            filled_starts = sum(1 for k in range(rows) if segments[offset + k * (width + 1)])
            candidate = (filled_starts, -offset, -width)
            if best is None or candidate > best:
                best = candidate
    if best is None:
        return [segments], 0
    _, negative_offset, negative_width = best
    offset, width = -negative_offset, -negative_width
    header_rows: list[list[list[_Raw]]] = [[]]
    for segment in segments[:offset]:
        if segment:
            header_rows[-1].append(segment)
        elif header_rows[-1]:
            header_rows.append([])
    grid = [row for row in header_rows if row]
    headers = len(grid)
    for k in range(offset, len(segments), width + 1):
        grid.append(segments[k:k + width])
    return grid, headers


def _segment_text(segment: list[_Raw]) -> str:
    return " ".join(raw.text.replace("\t", " ") for raw in segment if raw.kind == "text").strip()


def _grid_lines(grid: list[list[list[_Raw]]], headers: int, first_number: int) -> list[Line]:
    """A grid as table rows (tab-separated) when it is a table, else its cells' lines.

    Header rows of merged cells become one header row: the first row's cells
    from the left, a later row's (the sub-headings of a merged cell) under the
    last columns, joined per column.
    """
    is_table = len(grid) >= 3 and max(len(row) for row in grid) >= 2
    lines: list[Line] = []
    if is_table:
        width = max(len(row) for row in grid)
        texts = [[_segment_text(segment) for segment in row] for row in grid]
        numbers = [next((raw.number for segment in row for raw in segment), first_number) for row in grid]
        if headers > 1:
            names = [""] * width
            for depth, row in enumerate(texts[:headers]):
                padded = row + [""] * (width - len(row)) if depth == 0 else [""] * (width - len(row)) + row
                names = [f"{name} {cell}".strip() for name, cell in zip(names, padded)]
            texts, numbers = [names] + texts[headers:], [numbers[0]] + numbers[headers:]
        for number, cells in zip(numbers, texts):
            cells = cells + [""] * (width - len(cells))
            lines.append(Line(number, "\t".join(cells) if any(cells) else "\t", True))
        return lines
    for row in grid:
        for segment in row:
            first = True
            for raw in segment:
                if raw.kind == "text":
                    lines.append(Line(raw.number, raw.text, True if first else None))
                    first = False
    return lines


# ---------------------------------------------------------------- assembly


def _assemble(raws: list[_Raw], mode: str) -> tuple[list[Line], bool]:
    """Raw lines -> lines: tables rebuilt, blank lines turned into boundaries.

    Also returns whether blank lines marked any paragraph: a text with a blank
    line after every line marks paragraphs only by longer runs of them.
    """
    separator_run = _separator_run(raws) if mode == "spaced" else 1
    marked = False
    lines: list[Line] = []
    blank_run = 0  # blank lines since the last text line: the longest run, layout lines aside
    current_run = 0
    bold_open_since: int | None = None
    index = 0
    while index < len(raws):
        raw = raws[index]
        if raw.kind == "blank":
            current_run += 1
            blank_run = max(blank_run, current_run)
            bold_open_since = None
            index += 1
            continue
        current_run = 0
        if raw.kind == "pipe":
            end, segments = _split_cell_block(raws, index, separator_run if mode == "spaced" else 0)
            lines += _grid_lines(*_cell_grid(segments), raw.number)
            index, blank_run, bold_open_since = end, 0, None
            continue
        if raw.kind == "mdrow":
            rows: list[_Raw] = []
            while index < len(raws) and raws[index].kind in ("mdrow", "layout"):
                if raws[index].kind == "mdrow":
                    rows.append(raws[index])
                index += 1
            _take_wrapped_cell_start(lines, rows[0])
            lines += _markdown_rows(rows)
            blank_run, bold_open_since = 0, None
            continue
        if raw.kind == "layout":
            if raw.opens_bold:
                bold_open_since = None
            index += 1
            continue
        if bold_open_since is not None and raw.number - bold_open_since > 6:
            bold_open_since = None  # a '**' never closed: not a span
        if bold_open_since is not None:
            boundary: bool | None = False
        elif mode == "paragraphs" and blank_run >= 1 or mode == "spaced" and blank_run > separator_run:
            boundary, marked = True, True
        else:
            boundary = None
        if not lines:
            boundary = True
        lines.append(Line(raw.number, raw.text, boundary))
        if raw.opens_bold:
            bold_open_since = raw.number if bold_open_since is None else None
        blank_run = 0
        index += 1
    return lines, marked


# Cell text that shows a grid is the page's layout (header, signature), not a table of data.
LAYOUT_CELL = re.compile(r"CỘNG HÒA XÃ HỘI|Độc lập\s*[-–]|^Số\s*:|, ngày\b|^Nơi nhận|^(?:TM|KT|TL|Q)\.\s", re.MULTILINE)


def _take_wrapped_cell_start(lines: list[Line], row: _Raw) -> None:
    """'ỦY' / 'BAN NHÂN DÂN |': a narrow cell wrapped before its first word; the
    fragments on the lines just above a row belong to its first cell."""
    fragments: list[Line] = []
    while lines and len(fragments) < 2 and lines[-1].number == row.number - len(fragments) - 1:
        last = lines[-1]
        if "\t" in last.text or len(last.text) > 15 or TERMINAL_MARK.search(last.text):
            break
        fragments.insert(0, lines.pop())
    if fragments and row.cells:
        row.cells[0] = " ".join([*(f.text for f in fragments), row.cells[0]]).strip()
        row.number = fragments[0].number


def is_layout_grid(rows: list[list[str]]) -> bool:
    """Whether a grid of cell texts is the page's layout, not a table of data:
    one row, or a cell of the header or the signature block. Importers read a
    layout grid as its cells' lines and any other grid as tab-separated rows."""
    return len(rows) == 1 or any(LAYOUT_CELL.search(cell) for row in rows for cell in row)


def _markdown_rows(rows: list[_Raw]) -> list[Line]:
    """Table rows as tab rows; a layout grid (one row, or header and signature cells) as its cells' lines."""
    if is_layout_grid([row.cells for row in rows]):
        lines = []
        for row in rows:
            for cell in row.cells:
                for part in _BR.split(cell):
                    if part.strip():
                        lines.append(Line(row.number, collapse_spaces(part), True))
        return lines
    return [Line(row.number, "\t".join(collapse_spaces(_BR.sub(" ", c)) for c in row.cells), True) for row in rows]


def _split_cell_block(raws: list[_Raw], start: int, spacing: int) -> tuple[int, list[list[_Raw]]]:
    """From a lone '|' line: the segments between '|' lines, up to the block's end: a run of
    more than ``spacing`` blank lines (the blank lines a spaced-out text puts after every line)."""
    segments: list[list[_Raw]] = []
    current: list[_Raw] | None = None
    index = start
    last_pipe = start
    blank_run = 0
    while index < len(raws):
        raw = raws[index]
        blank_run = blank_run + 1 if raw.kind == "blank" else 0
        if raw.kind == "pipe":
            if current is not None:
                segments.append(current)
            current = []
            last_pipe = index
        elif raw.kind == "blank" and blank_run > spacing:
            following = _next_content(raws, index)
            if following == len(raws) or raws[following].kind != "pipe":
                break
            index = following  # blank lines inside the block, then its next '|'
            continue
        elif current is not None:
            if raw.kind in ("text", "mdrow"):
                current.append(raw if raw.kind == "text" else _Raw(raw.number, "text", " ".join(raw.cells)))
            elif raw.kind == "layout" and raw.text in ("-", "–", "+"):  # a sub-row mark is a cell's text
                current.append(_Raw(raw.number, "text", raw.text))
        index += 1
    trailing = [raw for raw in (current or []) if raw.kind == "text"]
    if trailing:  # text after the last '|' is not a cell: hand it back
        return last_pipe + 1, segments
    return index, segments


def _next_content(raws: list[_Raw], index: int) -> int:
    """Index of the first non-blank line after ``index`` (``len(raws)`` if none)."""
    following = index + 1
    while following < len(raws) and raws[following].kind == "blank":
        following += 1
    return following


def _blank_lines_mark_paragraphs(raws: list[_Raw]) -> str:
    """'paragraphs' (blank lines separate paragraphs), 'spaced' (after every line) or 'compact'."""
    transitions = 0
    with_gap = 0
    previous_content = False
    gap = False
    for raw in raws:
        if raw.kind == "blank":
            gap = True
            continue
        if previous_content:
            transitions += 1
            with_gap += gap
        previous_content = True
        gap = False
    if transitions == 0 or with_gap / transitions < 0.03:
        return "compact"
    return "spaced" if with_gap / transitions > 0.9 else "paragraphs"


def _separator_run(raws: list[_Raw]) -> int:
    """The blank lines between two lines of one paragraph in a 'spaced' text: the shortest run.

    Spacing out a text whose paragraphs were blank-line separated turns one
    blank line into three, so longer runs still mark paragraphs.
    """
    runs: set[int] = set()
    run = 0
    for raw in raws:
        if raw.kind == "blank":
            run += 1
        else:
            if run:
                runs.add(run)
            run = 0
    return min(runs) if runs else 1


def preparse(text: str) -> CleanText:
    """Decoded text -> :class:`CleanText` (see the module doc for the guarantees)."""
    text = normalize_characters(text)
    raws = [_clean_line(number, raw) for number, raw in enumerate(text.split("\n"), start=1)]
    mode = _blank_lines_mark_paragraphs(raws)
    lines, grouped = _assemble(raws, mode)
    lines = [line for line in lines if not (_PAGE_MARKER.match(line.text) and "\t" not in line.text)]

    lines = [_with_words_rejoined(line) if index < 60 else line for index, line in enumerate(lines)]
    start = _document_start(lines)
    portal = _read_portal(lines[:start]) if start else {}
    lines = lines[start:]
    lines = lines[: _tail_start(lines)]

    type_at = next((i for i, line in enumerate(lines[:80]) if DOC_TYPE_LINE.match(line.text)), None)
    header_end = type_at if type_at is not None else 0
    header = [part for line in lines[:header_end] for part in _split_header_line(line)]
    return CleanText(lines=header + lines[header_end:], grouped=grouped, portal=portal)
