"""Stage 1, ingest: bytes of a plan file -> a :class:`Document` of located regions.

Guarantees, for every document this stage returns:

* The text (from :mod:`generator.importers`, whatever the file's format)
  went through :func:`generator.preparse.preparse`, so every guarantee of
  that stage holds (NFC, one tone placement, no indentation, no Markdown
  residue, tables as tab rows, portal text removed).
* Every line of the document lands in exactly one region: header, type,
  title, body, closing (signature, "Nơi nhận"), footnotes or appendix.
* A Quyết định that issues an attached plan ("ban hành kèm theo") is read as
  two documents: the decision (its header, body of articles and signature)
  and :attr:`Document.attached`, the plan after the decision's signature,
  with its own title, body, closing, footnotes and appendix.
* Body and footnote lines are *paragraphs*: a paragraph hard-wrapped over
  several lines, at any width, is one line again, joined with one space; a
  line that starts a numbered clause, a list item or a footnote is never
  joined to the one before, unless the wrap evidently put it there (``kinh
  tế`` / ``- xã hội``). Each paragraph keeps the 1-based source line where it
  starts. A footnote region paragraph that does not open with ``[n]``
  continues the footnote before it.
* ``truncated`` is True when the source ends with a truncation marker
  (``[...]``), which is removed.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from generator.errors import PlanError
from generator.numbering import BULLET, FOOTNOTE_DEF, read_label, starts_block
from generator.preparse import CLOSING_START, DOC_TYPE_LINE, Line, preparse

__all__ = ["Document", "Line", "read_document", "is_upper"]


@dataclass
class Document:
    file: str
    portal: dict[str, str] = field(default_factory=dict)
    header: list[Line] = field(default_factory=list)
    doc_type: Line | None = None
    title: Line | None = None
    issued_with: str | None = None  # '(Ban hành kèm theo Quyết định số …)' under the title, as printed
    body: list[Line] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    footnotes: list[Line] = field(default_factory=list)
    appendix: list[Line] = field(default_factory=list)
    attached: Document | None = None
    truncated: bool = False


# ---------------------------------------------------------------- line kinds

APPENDIX_START = re.compile(r"^PHỤ LỤC\b")
TRUNCATION = re.compile(r"^(\[\s*(\.\.\.|…)\s*\]|\.\.\.|…)$")
BODY_OPENER = re.compile(r"^(Căn cứ|Thực hiện|Nhằm|Để|Triển khai|Trên cơ sở|Theo đề nghị|Xét đề nghị)\b")
# Openers a title may start with too ('KẾ HOẠCH / Triển khai thực hiện Nghị quyết số 06/NQ-CP …'): right
# under the type line such a paragraph is the title unless it reads as a sentence of the preamble.
TITLE_OPENER = re.compile(r"^(Thực hiện|Triển khai)\b")
PREAMBLE_SENTENCE = re.compile(r"[.:;,]$|\bnhư sau\b|\bban hành\b.*\bKế hoạch\b", re.IGNORECASE)
ISSUED_WITH = re.compile(r"^\(?\s*(?:Ban hành|Kèm theo|ban hành)\s+kèm theo\b|^\(\s*Kèm theo\b", re.IGNORECASE)
# A paragraph ending like this is complete; ';' and ',' are not: lists of
# clauses separated by ';' are often wrapped onto a lower-case next line.
TERMINAL = re.compile(r"[.:!?…][”\")\]]*$")
# A wrapped line may start with a number that looks like a label when the line
# before ended with one of these words ('theo khoản' / '2. …').
NEEDS_NUMBER = re.compile(
    r"(?:\b(?:số|khoản|điểm|điều|mục|tại|ngày|tháng|năm|và|của|đến|từ|là|gồm|đạt|trên|dưới|khoảng|với|"
    r"Điều|Mục|Khoản|Phụ lục)|[-–,(])$"
)
OPEN_ENDING = re.compile(
    r"\b(?:và|của|với|cho|tại|theo|các|những|về|trong|trên|đến|từ|là|để|hoặc|hay|được|bị|thuộc|gồm|như|số)$"
)
ATTACHED_TYPE = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN)(?:\s+(?:HÀNH ĐỘNG|LIÊN TỊCH|PHỐI HỢP|LIÊN NGÀNH))?$")
# The line naming the authority that decides, between a decision's title and its 'Căn cứ'.
AUTHORITY = re.compile(r"^(?:ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CHỦ TỊCH ỦY BAN|BAN THƯỜNG VỤ|BAN CHẤP HÀNH)\b")


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
    lengths = [len(line.text) for line in lines if "\t" not in line.text]
    if len(lengths) < 20:
        return None
    long_share = sum(1 for n in lengths if n > 110) / len(lengths)
    if long_share > 0.02:
        return None
    if statistics.quantiles(lengths, n=10)[8] < 40:
        return None
    return int(statistics.quantiles(lengths, n=100)[96])  # the right margin: lines reach it, few pass it


@dataclass(frozen=True)
class Layout:
    """What the pre-parse learned about the text's layout, for re-joining."""

    grouped: bool  # blank lines separate paragraphs
    width: int | None  # hard-wrap width


def rejoin(lines: list[Line], layout: Layout) -> list[Line]:
    """Merge hard-wrapped lines into paragraphs (see module doc)."""
    paragraphs: list[Line] = []
    texts: list[list[str]] = []
    last_physical = ""
    for line in lines:
        if texts and _continues(texts[-1][0], last_physical, line, layout):
            texts[-1].append(line.text)
        else:
            paragraphs.append(line)
            texts.append([line.text])
        last_physical = line.text
    return [Line(p.number, " ".join(parts), p.boundary) for p, parts in zip(paragraphs, texts)]


def _continues(first_text: str, last_physical: str, line: Line, layout: Layout) -> bool:
    """Does ``line`` continue the paragraph whose first and last lines so far are given?"""
    text = line.text
    if line.boundary is False:
        return True
    if line.boundary is True:
        # a paragraph split by a page break goes on in lower case (or a number) after the blank line
        goes_on = text[:1].islower() or text[:1].isdigit()
        return goes_on and not starts_block(text) and not TERMINAL.search(last_physical)
    if "\t" in text or "\t" in last_physical:
        return False
    finished = bool(TERMINAL.search(last_physical))
    if text[:1].islower() and not starts_block(text):
        return True  # no paragraph of the genre opens in lower case: 'tại địa chỉ:' / 'https://…'
    if starts_block(text):
        if finished:
            return False
        bullet = BULLET.match(text)
        if bullet:  # 'kinh tế' / '- xã hội', 'giai đoạn 2026' / '- 2030'
            after = text[bullet.end():bullet.end() + 1]
            return after.islower() or after.isdigit()
        label = read_label(text)
        return label is not None and label.style == "arabic" and bool(NEEDS_NUMBER.search(last_physical))
    if layout.grouped:
        return True  # a line of the same blank-line separated paragraph, whatever ended the one before
    if finished:
        return False
    first = text[0]
    if first.isdigit() or first in ",;)”%/-–":
        return True
    if OPEN_ENDING.search(last_physical):
        return True  # no sentence or heading ends on 'và', 'của', 'theo' …
    if is_upper(last_physical) and is_upper(text) and not AUTHORITY.match(text):
        return True  # a wrapped heading
    if layout.width is None:
        return False
    if read_label(first_text) is not None and first_text == last_physical:
        # a one-line heading keeps only its own text ('… Quận Đoàn' / 'Tuyên truyền …')
        return False
    if first_text == last_physical and len(last_physical) >= 0.5 * layout.width:
        return True  # a first line shortened by an indent, as portal copies wrap them
    # a wrapped line was full: the next word did not fit; a shorter line ended its paragraph
    return len(last_physical) + 1 + len(text.split(" ", 1)[0]) > 0.9 * layout.width


# ---------------------------------------------------------------- regions


def read_document(text: str, file: str) -> Document:
    """Decode, pre-parse and split a plan into its regions."""
    clean = preparse(text)
    lines = clean.lines
    truncated = bool(lines) and bool(TRUNCATION.match(lines[-1].text))
    if truncated:
        lines = lines[:-1]
    if not lines:
        raise PlanError(file, "không tìm thấy phần nội dung của văn bản")
    layout = Layout(clean.grouped, wrap_width(lines))
    doc = Document(file=file, portal=clean.portal, truncated=truncated)
    body_start = _split_header(lines, doc, layout)
    rest = lines[body_start:]
    closing_at = _find(rest, CLOSING_START.match)
    attached_at = None
    if doc.doc_type is not None and doc.doc_type.text.startswith("QUYẾT ĐỊNH") and closing_at is not None:
        attached_at = _find(rest, ATTACHED_TYPE.match, after=closing_at)
    if attached_at is not None:
        _split_tail(rest[:attached_at], doc, layout, closing_at)
        attached = Document(file=file)
        plan_lines = rest[attached_at:]
        start = _split_header(plan_lines, attached, layout)
        plan_rest = plan_lines[start:]
        _split_tail(plan_rest, attached, layout, _find(plan_rest, CLOSING_START.match))
        doc.attached = attached
    else:
        _split_tail(rest, doc, layout, closing_at)
    if not doc.body and not (doc.attached and doc.attached.body):
        raise PlanError(file, "không tìm thấy phần nội dung của văn bản", lines[0].number)
    return doc


def _split_tail(lines: list[Line], doc: Document, layout: Layout, closing_at: int | None) -> None:
    """Body, closing, footnotes and appendix of the lines after the title."""
    appendix_at = _find(lines, APPENDIX_START.match, after=closing_at or 0)
    if appendix_at is not None and closing_at is None:
        # without a signature, an appendix heading must stand after the body
        appendix_at = appendix_at if appendix_at > len(lines) // 2 else None
    footnote_from = closing_at if closing_at is not None else 0
    footnotes_at = _find(lines[:appendix_at], lambda t: t.startswith("[1]"), after=footnote_from)
    ends = [i for i in (closing_at, footnotes_at, appendix_at) if i is not None] + [len(lines)]
    body_end = min(ends)
    doc.body = rejoin(lines[:body_end], layout)
    if closing_at is not None:
        closing_end = min(i for i in (footnotes_at, appendix_at, len(lines)) if i is not None and i > closing_at)
        doc.closing = lines[closing_at:closing_end]
    if footnotes_at is not None:
        footnotes_end = appendix_at if appendix_at is not None else len(lines)
        doc.footnotes = _footnote_paragraphs(rejoin(lines[footnotes_at:footnotes_end], layout))
    if appendix_at is not None:
        doc.appendix = lines[appendix_at:]


def _footnote_paragraphs(paragraphs: list[Line]) -> list[Line]:
    """Every footnote paragraph opens with '[n]'; others continue the one before."""
    result: list[Line] = []
    for paragraph in paragraphs:
        if FOOTNOTE_DEF.match(paragraph.text) or not result:
            result.append(paragraph)
        else:
            last = result[-1]
            result[-1] = Line(last.number, f"{last.text} {paragraph.text}", last.boundary)
    return result


def _find(lines: list[Line], test, after: int = 0) -> int | None:
    for index in range(after, len(lines)):
        if test(lines[index].text):
            return index
    return None


def _split_header(lines: list[Line], doc: Document, layout: Layout) -> int:
    """Take issuer, number, place/date, motto and title off the top; return body start."""
    type_at = _find(lines[:80], DOC_TYPE_LINE.match)
    if type_at is None:
        opener = _find(lines, lambda t: bool(BODY_OPENER.match(t) or read_label(t)))
        body_start = opener or 0
        doc.header = lines[:body_start]
        return body_start
    doc.header = lines[:type_at]
    doc.doc_type = lines[type_at]
    title_lines: list[Line] = []
    index = type_at + 1
    while index < len(lines):
        line = lines[index]
        if ISSUED_WITH.match(line.text) and not doc.issued_with:
            end = index + 1
            while end < len(lines) and lines[end].boundary is not True and not lines[index].text.endswith(")"):
                end += 1
            doc.issued_with = " ".join(l.text for l in lines[index:end]).strip("() ")
            index = end
            continue
        if title_lines and not _title_continues(title_lines, line, layout):
            break
        if not title_lines and (
            (BODY_OPENER.match(line.text) and not TITLE_OPENER.match(line.text))
            or read_label(line.text)
            or AUTHORITY.match(line.text)
        ):
            break
        if not title_lines:
            title_start = index
        title_lines.append(line)
        index += 1
    if title_lines and TITLE_OPENER.match(title_lines[0].text) and _preamble_sentence(title_lines):
        index, title_lines = title_start, []  # the preamble's first paragraph: the plan states no title
    if title_lines:
        doc.title = Line(title_lines[0].number, " ".join(line.text for line in title_lines))
    return index


def _preamble_sentence(title_lines: list[Line]) -> bool:
    """True when a paragraph under the type line that opens like a preamble ('Thực hiện …') is
    one: it ends as a sentence does or says it issues the plan; a title does neither."""
    return bool(PREAMBLE_SENTENCE.search(" ".join(line.text for line in title_lines)))


def _title_continues(title_lines: list[Line], line: Line, layout: Layout) -> bool:
    text = line.text
    if BODY_OPENER.match(text) or read_label(text) or AUTHORITY.match(text) or ISSUED_WITH.match(text):
        return False
    if line.boundary is False:
        return True
    last = title_lines[-1].text
    if is_upper(last) and is_upper(text):
        return True  # a wrapped upper-case title, in any layout
    if line.boundary is True:
        return False
    return _continues(title_lines[0].text, last, line, layout)
