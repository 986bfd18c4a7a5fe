"""Stage 1, ingest: bytes of a plan file -> a :class:`Document` of located lines.

Guarantees, for every document this stage returns:

* The text was decoded from UTF-8 (with or without BOM) or UTF-16 with a BOM;
  anything else raises :class:`PlanError` naming the file and line.
* All text is Unicode NFC; no-break and other Unicode spaces are plain spaces;
  no line carries leading or trailing white space (tabs inside table rows stay).
* Every non-blank line of the source lands in exactly one region: portal
  block, header, title, body, closing (signature, "Nơi nhận"), footnotes or
  appendix; layout-only lines (``|``, ``-----``) are dropped.
* Body and footnote lines are *paragraphs*: hard-wrapped lines and paragraphs
  split by a page break are re-joined with one space; a line that starts a
  numbered clause, a list item or a footnote is never joined to the one
  before. Each paragraph keeps the 1-based source line where it starts.
* ``truncated`` is True when the source ends with a truncation marker
  (``[...]``), which is removed.
"""
from __future__ import annotations

import codecs
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from generator.errors import PlanError
from generator.textutil import collapse_spaces


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass
class Document:
    file: str
    portal: dict[str, str] = field(default_factory=dict)
    header: list[Line] = field(default_factory=list)
    doc_type: Line | None = None
    title: Line | None = None
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    footnotes: list[Line] = field(default_factory=list)
    appendix: list[Line] = field(default_factory=list)
    truncated: bool = False


# ---------------------------------------------------------------- decoding


def decode(data: bytes, file: str) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; reject anything else."""
    if not data.strip():
        raise PlanError(file, "tệp rỗng, không có nội dung")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PlanError(file, f"không đọc được UTF-16: {exc.reason}") from None
    else:
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise PlanError(file, "tệp nhị phân (có byte NUL), không phải văn bản", line)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PlanError(
                file,
                f"không phải UTF-8 (byte 0x{data[exc.start]:02x} ở vị trí {exc.start}); "
                "hãy lưu tệp dưới dạng UTF-8",
                line,
            ) from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f" for ch in text):
        raise PlanError(file, "tệp chứa ký tự điều khiển, không phải văn bản thuần")
    return text


def normalize(text: str) -> list[Line]:
    """NFC, unify spaces and line ends, strip each line; keep line numbers."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.replace("\f", "")
        if "\t" in raw:  # table row: keep the cell separators
            cleaned = "\t".join(collapse_spaces(cell) for cell in raw.split("\t"))
            cleaned = cleaned.strip(" ")
        else:
            cleaned = collapse_spaces(raw)
        lines.append(Line(number, cleaned))
    return lines


# ---------------------------------------------------------------- line kinds

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
LABEL = re.compile(
    r"^(?:"
    r"(?P<part>(?:Phần|PHẦN)\s+(?:\d+|[IVX]+))(?=\s|$|[.:])"
    rf"|(?P<roman>(?=[IVX]){ROMAN})\s*[.\-–]\s+"
    r"|(?P<arabic>\d{1,2}(?:\.\d{1,2})*)\.\s+"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2})+)\s+"
    r"|(?P<letter>[a-zđ])\)\s+"
    r")"
)
BULLET = re.compile(r"^(?P<marker>[-+•])\s+")
FOOTNOTE_DEF = re.compile(r"^\[(?P<number>\d{1,3})\]\s*")
LAYOUT_ONLY = re.compile(r"^[|\-_=*.\s]*$")
DOC_TYPE = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH)$")
CLOSING_START = re.compile(r"^(Nơi nhận\s*:?|(TM|T/M|KT|TL|Q)\.?\s+[A-ZĐỦ].*)$")
APPENDIX_START = re.compile(r"^PHỤ LỤC\b")
TRUNCATION = re.compile(r"^(\[\s*(\.\.\.|…)\s*\]|\.\.\.|…)$")
PORTAL_KEYS = (
    "Số hiệu", "Ngày ban hành", "Ngày có hiệu lực", "Loại văn bản",
    "Cơ quan ban hành", "Người ký", "Lĩnh vực", "Tình trạng",
)
PORTAL_LINE = re.compile(rf"^(?P<key>{'|'.join(PORTAL_KEYS)})\s+(?P<value>.+)$")
BODY_OPENER = re.compile(r"^(Căn cứ|Thực hiện|Nhằm|Để|Triển khai|Trên cơ sở)\b")
# A paragraph ending like this is complete; ';' and ',' are not: lists of
# clauses separated by ';' are often wrapped onto a lower-case next line.
TERMINAL = re.compile(r"[.:!?…][”\")\]]*$")


def starts_block(text: str) -> bool:
    """True for a line that begins a clause, a list item or a footnote."""
    return bool(LABEL.match(text) or BULLET.match(text) or FOOTNOTE_DEF.match(text))


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


# ---------------------------------------------------------------- re-joining


def wrap_width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None if it is not wrapped.

    A text is hard-wrapped when almost no line is longer than a typical page
    width and most lines are long: paragraphs then show as runs of lines of
    similar length.
    """
    lengths = [len(line.text) for line in lines if line.text]
    if len(lengths) < 20:
        return None
    long_share = sum(1 for n in lengths if n > 110) / len(lengths)
    if long_share > 0.02:
        return None
    width = int(statistics.quantiles(lengths, n=10)[8])
    return width if width >= 40 else None


def rejoin(lines: list[Line], width: int | None) -> list[Line]:
    """Merge hard-wrapped and page-broken lines into paragraphs (see module doc).

    ``width`` is the document's :func:`wrap_width`, measured on the whole text.
    """
    paragraphs: list[Line] = []
    last_physical = ""
    gap = False
    for line in lines:
        if not line.text:
            gap = True
            continue
        if paragraphs and _continues(paragraphs[-1].text, last_physical, line.text, width, gap):
            previous = paragraphs[-1]
            paragraphs[-1] = Line(previous.number, f"{previous.text} {line.text}")
        else:
            paragraphs.append(line)
        last_physical = line.text
        gap = False
    return paragraphs


def _continues(paragraph: str, last_physical: str, text: str, width: int | None, gap: bool) -> bool:
    if starts_block(text) or "\t" in text or "\t" in paragraph:
        return False
    if TERMINAL.search(paragraph):
        return False
    first = text[0]
    if first.islower() or first.isdigit() or first in ",;)”":
        return True
    return width is not None and not gap and len(last_physical) >= 0.5 * width


# ---------------------------------------------------------------- regions


def read_document(data: bytes, file: str) -> Document:
    """Decode, normalize and split a plan into its regions."""
    lines = normalize(decode(data, file))
    width = wrap_width(lines)
    doc = Document(file=file)
    content = [line for line in lines if line.text]
    if content and TRUNCATION.match(content[-1].text):
        doc.truncated = True
        lines = [line for line in lines if line is not content[-1]]

    start = _split_portal(lines, doc)
    lines = lines[start:]
    body_start = _split_header(lines, doc)
    lines = lines[body_start:]

    closing_at = _find(lines, CLOSING_START.match)
    appendix_at = _find(lines, APPENDIX_START.match, after=closing_at or 0)
    footnote_from = closing_at if closing_at is not None else 0
    footnotes_at = _find(lines[: appendix_at], lambda t: t.startswith("[1]"), after=footnote_from)
    ends = [i for i in (closing_at, footnotes_at, appendix_at) if i is not None] + [len(lines)]
    body_end = min(ends)
    doc.body = rejoin(lines[:body_end], width)
    if closing_at is not None:
        closing_end = min(i for i in (footnotes_at, appendix_at, len(lines)) if i is not None and i > closing_at)
        doc.closing = [line for line in lines[closing_at:closing_end] if not LAYOUT_ONLY.match(line.text)]
    if footnotes_at is not None:
        footnotes_end = appendix_at if appendix_at is not None else len(lines)
        doc.footnotes = rejoin(lines[footnotes_at:footnotes_end], width)
    if appendix_at is not None:
        doc.appendix = [line for line in lines[appendix_at:] if line.text]
    if not doc.body:
        raise PlanError(file, "không tìm thấy phần nội dung của văn bản")
    return doc


def _find(lines: list[Line], test, after: int = 0) -> int | None:
    for index in range(after, len(lines)):
        if lines[index].text and test(lines[index].text):
            return index
    return None


def _split_portal(lines: list[Line], doc: Document) -> int:
    """Take the portal metadata block (title line + 'Số hiệu ...' rows) off the top."""
    head = [(i, line) for i, line in enumerate(lines[:20]) if line.text]
    keyed = [(i, PORTAL_LINE.match(line.text)) for i, line in head]
    keyed = [(i, m) for i, m in keyed if m]
    if len(keyed) < 3:
        return 0
    first_key = keyed[0][0]
    titles = [line.text for i, line in head if i < first_key]
    if titles:
        doc.portal["Tiêu đề"] = " ".join(titles)
    for _, match in keyed:
        doc.portal[match["key"]] = match["value"]
    return keyed[-1][0] + 1


def _split_header(lines: list[Line], doc: Document) -> int:
    """Take issuer, number, place/date, motto and title off the top; return body start."""
    type_at = _find(lines[:40], DOC_TYPE.match)
    if type_at is None:
        opener = _find(lines, lambda t: bool(BODY_OPENER.match(t) or LABEL.match(t)))
        body_start = opener or 0
        doc.header = [line for line in lines[:body_start] if line.text and not LAYOUT_ONLY.match(line.text)]
        return body_start
    doc.header = [line for line in lines[:type_at] if line.text and not LAYOUT_ONLY.match(line.text)]
    doc.doc_type = lines[type_at]
    title_lines: list[Line] = []
    index = type_at + 1
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
            continue
        if title_lines and not (is_upper(line.text) and is_upper(title_lines[-1].text)):
            break
        if BODY_OPENER.match(line.text) and not is_upper(line.text):
            break
        title_lines.append(line)
        index += 1
    if title_lines:
        doc.title = Line(title_lines[0].number, " ".join(line.text for line in title_lines))
    return index
