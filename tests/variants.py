"""Layout variants of a plan: the same document as a human reader sees it, laid out differently.

Every variant is a deterministic function of the plan's text (``str``): most
return the new text (``str``, written as UTF-8 by the caller), the encoding
variants return ``bytes``. They are registered in :data:`VARIANTS`, which the
metamorphic tests (``tests/test_metamorphic.py``) run over every bundled and
every corpus plan: the extraction of a variant must equal the extraction of
the original, modulo layout.

The variants only move white space, line breaks, encodings and Markdown
residue, or add text a portal prints around a document. They never change a
word of the document, never break inside a word, and never start a new line
with something a reader would take for a label or a bullet (``2.``, ``a)``,
``-``, ``[1]``, a number...): when the wrap would do that, the word stays on
the line before (which may then run past the width).

The module reads the text only; it never imports the generator.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import textwrap
import unicodedata
from collections.abc import Callable

# --------------------------------------------------------------------------
# Line kinds shared by the variants
# --------------------------------------------------------------------------

#: The document type line ('KẾ HOẠCH', '**KẾ HOẠCH**', 'CHƯƠNG TRÌNH', 'QUYẾT ĐỊNH').
TYPE_LINE = re.compile(r"^[\s*]*(KẾ HOẠCH|CHƯƠNG TRÌNH|QUYẾT ĐỊNH)[\s*]*$")
#: A line a reader would take for the start of a new block if a wrap put it
#: first on a line: labels of every style, bullets, Markdown, footnote
#: markers, numbers (dates and years too), closing and header words.
STARTS_BLOCK = re.compile(
    r"^(?:"
    r"[-+–—•*|#>\[(_=]"
    r"|\d"
    r"|[IVXLC]+\s*[.\-–):]"
    r"|[a-zđ][).]"
    r"|(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU|Số|Nơi|Tổng|Cộng|TM|KT|T/M|TL|PHỤ|KẾ|QUYẾT"
    r"|Căn|Thực|Nhằm|Để|Triển|Trên)(?!\w)"
    r")"
)
#: A line that starts a block of its own: label, bullet, footnote marker, closing.
LABEL_LIKE = re.compile(
    r"^(?:"
    r"[-+–—•]\s"
    r"|\d{1,3}(?:\.\d{1,3})*[.)]\s|\d{1,3}(?:\.\d{1,3})+\s"
    r"|[IVXLC]+\s*[.\-–)]\s"
    r"|[a-zđ][).]\s"
    r"|\(\w{1,3}\)\s"
    r"|\[\d{1,3}\]"
    r"|(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+\w+"
    r"|Nơi nhận|PHỤ LỤC|Tổng cộng"
    r")"
)
#: Clause heading lines for the bold variant: 'I.', 'II -', '1.', '1.1.', '2.1.1', 'Phần 1', 'Điều 1.'.
HEADING = re.compile(
    r"^(?:[IVXLC]+\s*[.\-–]\s"
    r"|\d{1,2}(?:\.\d{1,2})*\.\s"
    r"|\d{1,2}(?:\.\d{1,2})+\s"
    r"|(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?:\d+|[IVXLC]+)(?!\w)"
    r"|Điều\s+\d+\.)"
)
#: Where the closing ('Nơi nhận:' list, signature) starts: left as it is.
CLOSING = re.compile(r"^[\s*_]*Nơi nhận\b")
#: Where wrapping resumes after a closing: an appendix, an attached plan, footnotes.
RESUME = re.compile(r"^[\s*]*(?:PHỤ LỤC|KẾ HOẠCH|CHƯƠNG TRÌNH)(?!\w)|^\s*\[\d{1,3}\]")
ISSUER = re.compile(r"^(?:ỦY BAN|UỶ BAN|UBND|THÀNH ỦY|THÀNH UỶ|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|QUẬN ỦY|SỞ |BAN |HỘI ĐỒNG|ĐẢNG)")
MOTTO = re.compile(r"^CỘNG HÒA|^CỘNG HOÀ")
NUMBER = re.compile(r"^Số\s*:")
DATE_END = re.compile(r"năm\s+\d{4}")


def _core(line: str) -> str:
    """A line without white space and Markdown emphasis around it."""
    return line.strip().strip("*_").strip()


def is_blank(line: str) -> bool:
    return not line.strip()


def is_pipe(line: str) -> bool:
    """A split-cell marker line of the portal: '|' alone."""
    return line.strip() == "|"


def is_table_row(line: str) -> bool:
    """A table row: tab-separated cells, a '|' cell marker, or a Markdown table row."""
    stripped = line.strip()
    return "\t" in line or stripped == "|" or (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1)


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def blank_separated(lines: list[str]) -> bool:
    """True for a source whose paragraphs are separated by blank lines (the corpus,
    seeds 002-004); False for a compact source (seeds 000, 001: no blank lines)."""
    blank = sum(1 for line in lines if is_blank(line))
    return blank >= 0.05 * max(1, len(lines) - blank)


def type_line_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines[:120]) if TYPE_LINE.match(line)), None)


def body_start(lines: list[str]) -> int:
    """Index of the body's first line: after the type line and the title.

    Everything before it (portal block, issuer, motto, number, date, type
    line, title) is the header block, which the wrapping variants leave as it is.
    """
    type_at = type_line_index(lines)
    if type_at is None:
        return 0
    index = type_at + 1
    while index < len(lines) and is_blank(lines[index]):
        index += 1
    if blank_separated(lines):
        while index < len(lines) and not is_blank(lines[index]):
            index += 1
        return index
    if index < len(lines):
        index += 1  # the title's first line
        while index < len(lines) and not is_blank(lines[index]) and is_upper(lines[index]) and is_upper(lines[index - 1]):
            index += 1
    return index


# --------------------------------------------------------------------------
# Re-wrapping
# --------------------------------------------------------------------------


def wrap_paragraph(text: str, width: int) -> list[str]:
    """textwrap at ``width``, breaking only at spaces; a line never starts like a block.

    A word that would start a line looking like a label, a bullet or a number
    is glued to the word before it (by a placeholder textwrap does not break
    at), so the greedy wrap moves them together.
    """
    words = [word for word in text.split(" ") if word]
    glued = words[:1]
    for index in range(1, len(words)):
        if STARTS_BLOCK.match(" ".join(words[index : index + 3])):
            glued[-1] += _GLUE + words[index]
        else:
            glued.append(words[index])
    lines = textwrap.wrap(
        " ".join(glued), width=width, break_long_words=False, break_on_hyphens=False,
        expand_tabs=False, replace_whitespace=False,
    )
    return [line.replace(_GLUE, " ") for line in lines] or [text]


_GLUE = "\x00"


def _paragraphs(group: list[str]) -> list[list[str]]:
    """Split a blank-line separated group into paragraphs: a line that starts
    with a label, a bullet or a footnote marker, or follows an upper-case
    heading line while not being one, is never joined to the line before."""
    paragraphs: list[list[str]] = []
    for line in group:
        text = line.strip()
        if paragraphs:
            previous = paragraphs[-1][-1]
            new = bool(LABEL_LIKE.match(text.lstrip("*_ "))) or (is_upper(previous) and not is_upper(text))
            if not new:
                paragraphs[-1].append(text)
                continue
        paragraphs.append([text])
    return paragraphs


def rewrap(text: str, width: int) -> str:
    """Join each paragraph of the body and wrap it at ``width`` (see module doc).

    Left as they are: the header block (up to the title), table rows (tabs,
    '|' cells, Markdown rows) and, in a blank-line separated source, every
    group holding one; the closing from 'Nơi nhận' up to an appendix, an
    attached plan or footnotes. A blank-line separated source (the corpus)
    has blank-line separated groups of lines as paragraphs; a compact one
    has one paragraph per line.
    """
    lines = text.split("\n")
    start = body_start(lines)
    out = lines[:start]
    groups: list[list[str]] = []
    if blank_separated(lines):
        for line in lines[start:]:
            if is_blank(line):
                groups.append([line])
            elif groups and not is_blank(groups[-1][-1]):
                groups[-1].append(line)
            else:
                groups.append([line])
    else:
        groups = [[line] for line in lines[start:]]
    frozen = False
    for group in groups:
        if is_blank(group[0]):
            out.extend(group)
            continue
        if frozen and RESUME.match(group[0]):
            frozen = False
        if any(CLOSING.match(line) for line in group):
            frozen = True
        if frozen or any(is_table_row(line) for line in group):
            out.extend(group)
            continue
        for paragraph in _paragraphs(group):
            out.extend(wrap_paragraph(" ".join(paragraph), width))
    return "\n".join(out)


def rewrap_60(text: str) -> str:
    """The body re-wrapped at 60 columns (paragraphs joined, then textwrap at 60)."""
    return rewrap(text, 60)


def rewrap_72(text: str) -> str:
    """The body re-wrapped at 72 columns (paragraphs joined, then textwrap at 72)."""
    return rewrap(text, 72)


def rewrap_80(text: str) -> str:
    """The body re-wrapped at 80 columns (paragraphs joined, then textwrap at 80)."""
    return rewrap(text, 80)


# --------------------------------------------------------------------------
# White space, line ends, encodings
# --------------------------------------------------------------------------


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def indent_tabs(text: str) -> str:
    """Every line (blank ones too) indented with one tab."""
    return _indent(text, "\t")


def indent_spaces(text: str) -> str:
    """Every line (blank ones too) indented with four spaces."""
    return _indent(text, "    ")


def indent_nbsp(text: str) -> str:
    """Every line (blank ones too) indented with no-break spaces and a space ('\\xa0\\xa0 ')."""
    return _indent(text, "\u00a0\u00a0 ")


def double_spaced(text: str) -> str:
    """A blank line between every two lines."""
    return "\n\n".join(text.split("\n"))


def compact(text: str) -> str:
    """Every blank (or white-space only) line removed."""
    return "\n".join(line for line in text.split("\n") if not is_blank(line))


def crlf(text: str) -> str:
    """CRLF line ends instead of LF."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def utf16_bom(text: str) -> bytes:
    """The text as UTF-16 little-endian with a byte order mark (bytes)."""
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def nfd(text: str) -> str:
    """The text in Unicode NFD: every precomposed letter decomposed ('ệ' -> 'e' + two marks)."""
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------
# Markdown and portal residue
# --------------------------------------------------------------------------


def bold_headings(text: str) -> str:
    """Clause heading lines ('I.', 'II -', '1.', '1.1.', 'Phần 1', 'Điều 1.') and the
    type line ('KẾ HOẠCH') wrapped in '**…**', as the portal prints them.

    Lines already carrying Markdown, table rows and, in a blank-line
    separated source, the groups holding '|' cells are left alone;
    indentation stays outside the markers.
    """
    lines = text.split("\n")
    in_cells = _cell_lines(lines) if blank_separated(lines) else set()
    out = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        eligible = index not in in_cells and not is_table_row(line) and not stripped.startswith("*")
        if eligible and (HEADING.match(stripped) or TYPE_LINE.match(line)):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}**{stripped}**")
        else:
            out.append(line)
    return "\n".join(out)


def _cell_lines(lines: list[str]) -> set[int]:
    """Indices of lines inside a blank-line separated group that holds a '|' marker."""
    inside: set[int] = set()
    group: list[int] = []
    for index, line in enumerate(lines + [""]):
        if is_blank(line):
            if any(is_pipe(lines[i]) for i in group):
                inside.update(group)
            group = []
        else:
            group.append(index)
    return inside


#: What a portal prints about each plan; the metamorphic tests declare the
#: real values of each source (:func:`declare_facts`).
_FACTS: dict[str, dict[str, str]] = {}
FACT_KEYS = ("type", "number", "place", "signer", "date")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def declare_facts(text: str, facts: dict[str, str | None]) -> None:
    """Register the real portal values of a plan's text: ``type`` ('Kế hoạch'),
    ``number`` ('21/KH-UBND'), ``place`` ('Thành phố Hà Nội'), ``signer``,
    ``date`` ('12/01/2023'); a value of None leaves its line out."""
    unknown = set(facts) - set(FACT_KEYS)
    if unknown:
        raise ValueError(f"unknown portal facts: {sorted(unknown)}")
    _FACTS[_digest(text)] = {key: value for key, value in facts.items() if value}


def facts_for(text: str) -> dict[str, str]:
    """The declared facts of a text, else a plain reading of its header."""
    declared = _FACTS.get(_digest(text))
    if declared is not None:
        return declared
    facts: dict[str, str] = {}
    lines = text.split("\n")
    type_at = type_line_index(lines)
    kind = _core(lines[type_at]) if type_at is not None else "KẾ HOẠCH"
    facts["type"] = kind.capitalize()
    number = re.search(r"^\W*Số\s*:\s*(\S+(?:\s*/\s*\S+)?)", text, re.M)
    if number:
        facts["number"] = re.sub(r"[\s*]+", "", number[1])
    date = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
    if date:
        facts["date"] = f"{int(date[1]):02d}/{int(date[2]):02d}/{date[3]}"
    return facts


def portal_page(text: str) -> str:
    """The document as a legal portal's page copies: a banner (site name, a login
    line, breadcrumbs, the page title), the metadata block ('Số hiệu: …',
    'Loại văn bản: …', 'Nơi ban hành: …', 'Người ký: …', 'Ngày ban hành: dd/mm/yyyy',
    'Tình trạng: Còn hiệu lực') with the plan's real values, the document, then
    the site's text after it (login notice, 'Văn bản liên quan', copyright).

    Parts are separated by a blank line in a blank-line separated source and
    follow each other directly in a compact one.
    """
    facts = facts_for(text)
    kind = facts.get("type", "Văn bản")
    page_title = " ".join(part for part in (kind, facts.get("number"), _year(facts.get("date"))) if part)
    banner = [
        "THƯ VIỆN PHÁP LUẬT",
        "Đăng nhập | Đăng ký | Hỗ trợ khách hàng",
        "Trang chủ » Văn bản pháp luật » Lao động - Tiền lương",
        page_title,
    ]
    rows = [
        ("Số hiệu", facts.get("number")),
        ("Loại văn bản", kind),
        ("Nơi ban hành", facts.get("place")),
        ("Người ký", facts.get("signer")),
        ("Ngày ban hành", facts.get("date")),
        ("Tình trạng", "Còn hiệu lực"),
    ]
    metadata = [f"{key}: {value}" for key, value in rows if value]
    footer = [
        "Bạn chưa đăng nhập. Vui lòng đăng nhập để xem toàn văn và tải văn bản về máy.",
        "Văn bản liên quan",
        "Văn bản được hướng dẫn - Văn bản hợp nhất - Văn bản gốc - Lược đồ",
        "Bản quyền © Thư Viện Pháp Luật. Giữ toàn quyền.",
    ]
    lines = text.split("\n")
    document = text.rstrip("\n")
    if blank_separated(lines):
        return "\n\n".join(["\n".join(banner), "\n".join(metadata), document, "\n".join(footer)]) + "\n"
    return "\n".join([*banner, *metadata, document, *footer]) + "\n"


def _year(date: str | None) -> str | None:
    return f"năm {date[-4:]}" if date else None


def split_header(text: str) -> str:
    """The header in the portal's split-cell form: a line '|', the issuer's lines,
    '|', the motto's lines, '|', '|', the number line, '|', the place and date
    lines, '|' (rows of a two-column table, one cell per run of lines).

    A header already split is re-emitted in that same form; cells the source
    does not have (no issuer, no motto) are left out, and a source with no
    header before its type line is returned as it is.
    """
    lines = text.split("\n")
    type_at = type_line_index(lines)
    if type_at is None:
        return text
    start = next(
        (i for i in range(type_at) if ISSUER.match(_core(lines[i])) or MOTTO.match(_core(lines[i])) or NUMBER.match(_core(lines[i]))),
        None,
    )
    if start is None:
        return text
    while start > 0 and is_pipe(lines[start - 1]):
        start -= 1
    region = [(i, lines[i]) for i in range(start, type_at) if not is_blank(lines[i]) and not is_pipe(lines[i])]
    issuer: list[str] = []
    motto: list[str] = []
    number: list[str] = []
    date: list[str] = []
    last = start - 1
    for index, line in region:
        core = _core(line)
        if not number and not motto and not MOTTO.match(core) and not NUMBER.match(core):
            issuer.append(line)
        elif not number and not NUMBER.match(core):
            motto.append(line)
        elif not number:
            number.append(line)
        elif not date or not DATE_END.search(date[-1]):
            if not core:
                continue
            date.append(line)
        else:
            break
        last = index
    if not number:
        return text
    cells: list[str] = []
    if issuer or motto:
        cells += ["|", *issuer, "|", *motto, "|"]
    cells += ["|", *number, "|", *date, "|"]
    tail = [line for line in lines[last + 1 : type_at] if not is_pipe(line)]
    return "\n".join(lines[:start] + cells + tail + lines[type_at:])


VARIANTS: dict[str, Callable[[str], str | bytes]] = {
    "rewrap_60": rewrap_60,
    "rewrap_72": rewrap_72,
    "rewrap_80": rewrap_80,
    "indent_tabs": indent_tabs,
    "indent_spaces": indent_spaces,
    "indent_nbsp": indent_nbsp,
    "double_spaced": double_spaced,
    "compact": compact,
    "crlf": crlf,
    "utf16_bom": utf16_bom,
    "nfd": nfd,
    "bold_headings": bold_headings,
    "portal_page": portal_page,
    "split_header": split_header,
}

#: Variants that change where the text says it was copied from (the portal
#: block): the comparison leaves ``metadata.portal`` out for them.
CHANGES_PROVENANCE = frozenset({"portal_page"})


def to_bytes(result: str | bytes) -> bytes:
    """A variant's output as the bytes of a source file (text is written as UTF-8)."""
    return result if isinstance(result, bytes) else result.encode("utf-8")
