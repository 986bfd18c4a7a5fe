"""The web page importer: bytes of an ``.html`` file -> the text pre-parse reads.

Pages come as a Word "Save as Web Page" export (windows-1252, letters as
character references, ``mso-`` styles, conditional comments, the two-column
header as a borderless table) or as a legal portal's page (navigation, login
box, scripts, a metadata block, the document in some ``div``). For the
:class:`ImportedText` it returns (format ``html``):

* **Decoding**: by the byte order mark, else by the charset the page declares
  (``<meta charset>``, ``<meta http-equiv=Content-Type>``, an XML
  declaration), read the way browsers read labels (``iso-8859-1`` and
  ``windows-1252`` as cp1252, ``utf-16`` without a BOM as UTF-8), else
  UTF-8. An unknown charset, or bytes that are not valid in the charset, are
  read with U+FFFD replacements and a review note. Character references are
  resolved; control characters are dropped.
* **What is not text is gone**: scripts, styles, ``noscript``, templates,
  the ``head``, comments (Word's conditional comments among them), processing
  instructions, empty namespaced tags (``<o:p>``), form controls, frames;
  and site furniture (``nav``, ``header``, ``footer``, ``aside``, ``form``,
  ``menu`` and any element whose id or class names a menu, navigation,
  breadcrumb, footer, sidebar, login, sharing, comments, banner or ads),
  unless it holds the document (a document type line or the national motto).
* **The document** is the smallest element holding both the national motto
  (``CỘNG HÒA XÃ HỘI CHỦ NGHĨA``, or ``ĐẢNG CỘNG SẢN VIỆT NAM``) and a
  document type line (``KẾ HOẠCH`` …, :data:`generator.preparse.DOC_TYPE_LINE`)
  or, when that element lacks the numbered body (a page putting header and
  body in sibling elements), the smallest one above it that holds the body too;
  a Word section (``WordSection1``) stands for itself and the sections and
  footnote lists after it. Without the motto it is the smallest element
  holding a type line and numbered sections after it, else the whole page. A
  page without any type line raises :class:`PlanError`.
* **A portal's metadata block** (table rows, ``dt``/``dd`` pairs or ``Key:
  value`` text outside the document, whose key is one of
  :data:`generator.preparse.PORTAL_KEYS`) comes first, as ``Key: value``
  lines, then a blank line, then the document.
* **Layout**, as a browser shows it: one line per paragraph of a block element
  with a blank line between paragraphs; ``<br>`` starts a new line of the same
  paragraph (two of them end it); white space collapsed, no-break spaces as
  spaces, soft hyphens removed. Items of a numbered ``<ol>`` carry the label
  the browser shows (``1.``, ``a.``, ``IV.``, from ``type``, ``start``,
  ``value`` or the ``list-style-type``), items of a ``<ul>`` start with
  ``- ``, as plain-text plans write bullets. A table of data becomes one
  tab-separated line per row (``colspan`` and ``rowspan`` keep the columns),
  with a blank line before and after; a layout grid
  (:func:`generator.preparse.is_layout_grid`: the header, the signature block,
  or any grid of one column) becomes its cells' paragraphs, row by row, left
  cell first, a cell's paragraphs on consecutive lines and a blank line after
  each cell (a cell holding a type line is the frame of the document, its
  paragraphs read as anywhere else); tables inside its cells are read the
  same way.
* **Places**: every line maps to ``thẻ <p> thứ N`` (the N-th element of that
  tag in the page as parsed, for the innermost block holding the line) or, for
  a table row or text right in a cell, ``bảng T, hàng R``.
* Any bytes give either this or :class:`PlanError` (an empty or unreadable
  page, no plan in it); the work is linear in the size of the page. A page the
  HTML parser stops reading early (nesting deeper than 256 levels) keeps what
  was read, ends in the truncation mark ``[...]`` and has a review note.
"""
from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

from docx2python import numbering_formats as formats
from lxml import etree

from generator.errors import PlanError
from generator.importers import ImportedText, TextBuilder
from generator.numbering import read_label
from generator.preparse import DOC_TYPE_LINE, PORTAL_KEYS, is_layout_grid, normalize_characters

# ---------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]{1,40})", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._\-]{1,40})", re.IGNORECASE)
# Labels browsers read differently from their names (WHATWG Encoding).
_BROWSER_LABELS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252", "ascii": "cp1252",
    "us-ascii": "cp1252", "windows-1252": "cp1252", "x-cp1252": "cp1252", "cp819": "cp1252",
}
# Python codecs that are not character sets of web pages.
_NOT_CHARSETS = {"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7", "charmap"}
_CONTROLS = {code: None for code in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS[0x0C] = " "
_PRESCAN = 16384


def _decode(data: bytes) -> tuple[str, list[str]]:
    """The page as text, and review notes on how it was decoded."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data[len(codecs.BOM_UTF8):], "utf-8", "UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", "UTF-16")
    declared = _META_CHARSET.search(data[:_PRESCAN]) or _XML_ENCODING.search(data[:_PRESCAN])
    if declared is None:
        text, notes = _decode_as(data, "utf-8", "UTF-8")
        return text, ["trang không khai báo bảng mã và không phải UTF-8: " + notes[0]] if notes else []
    label = declared.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(_BROWSER_LABELS.get(label, label)).name
    except LookupError:
        codec = None
    if codec is not None and codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"  # a label readable as ASCII is not in UTF-16: browsers read the page as UTF-8
    if codec is None or codec in _NOT_CHARSETS:
        text, _ = _decode_as(data, "utf-8", "UTF-8")
        return text, [f"trang khai báo bảng mã không biết ({label}): đã đọc theo UTF-8, ký tự lỗi thay bằng �"]
    return _decode_as(data, codec, label)


def _decode_as(data: bytes, codec: str, label: str) -> tuple[str, list[str]]:
    try:
        return data.decode(codec), []
    except UnicodeDecodeError as exc:
        note = f"có byte không hợp lệ theo bảng mã {label} (vị trí {exc.start}): đã thay bằng �"
    except LookupError:  # a codec of bytes to bytes ('hex', 'base64')
        note = f"trang khai báo bảng mã không biết ({label}): đã đọc theo UTF-8, ký tự lỗi thay bằng �"
        codec = "utf-8"
    return data.decode(codec, "replace"), [note]


# ---------------------------------------------------------------- parsing

CUT_NOTE = ("trang web vượt giới hạn của bộ đọc HTML (thẻ lồng nhau quá 256 tầng, hoặc một đoạn văn quá 10 MB): "
            "phần sau chỗ đó không đọc được")
TRUNCATION_MARK = "[...]"
"""The last line of a page the parser could not read to its end (ingest reads it as truncation)."""


def _parse(text: str, file: str) -> tuple[etree._Element, bool]:
    """The page's element tree, and whether the parser stopped at one of its limits before the end.

    libxml2 (without ``huge_tree``) stops at 256 levels of nesting, so walking the
    tree recursively, one frame a level, stays well within Python's recursion limit.
    """
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, encoding="utf-8")
    try:
        root = etree.fromstring(text.translate(_CONTROLS).encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise PlanError(file, f"trang web rỗng hoặc hỏng: lxml không đọc được ({exc})") from None
    if root is None:
        raise PlanError(file, "trang web rỗng hoặc hỏng: không có phần tử nào")
    cut = any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log)
    return root, cut


# ---------------------------------------------------------------- what the page shows

# Never shown as text.
_DROPPED = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "object", "embed",
    "applet", "param", "svg", "math", "canvas", "audio", "video", "source", "track", "map", "area", "img",
    "input", "textarea", "select", "option", "optgroup", "datalist", "button", "iframe", "frame", "frameset",
    "noframes", "wbr",
})
# Site furniture, dropped unless it holds the document.
_FURNITURE = frozenset({"nav", "header", "footer", "aside", "form", "menu", "dialog"})
_FURNITURE_NAME = re.compile(
    r"(?<![a-z0-9])(?:menus?|nav|navs|navbar|navigation|breadcrumbs?|footer|sidebar|side-bar|login|"
    r"share|sharing|comments?|banner|ads?|advert|adverts|advertisement|quangcao)(?![a-z0-9])",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_BLOCKS = frozenset({
    "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "ul", "caption", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "listing", "xmp", "plaintext",
})
_PREFORMATTED = frozenset({"pre", "listing", "xmp", "plaintext"})
_LISTS = frozenset({"ol", "ul", "menu", "dir"})
_LINE_BREAK = "\x00"  # a <br> among the words of a paragraph (the page's own NULs are gone)
_WORD_SECTION = re.compile(r"\b(?:Word)?Section\d+\b", re.IGNORECASE)
_WORD_NOTES = re.compile(r"mso-element\s*:\s*(?:footnote|endnote)-list", re.IGNORECASE)
_TAB_SPAN = re.compile(r"mso-tab-count", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
_LIST_TYPES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_LIST_STYLES = {"decimal": "decimal", "lower-alpha": "lower-alpha", "lower-latin": "lower-alpha",
                "upper-alpha": "upper-alpha", "upper-latin": "upper-alpha", "lower-roman": "lower-roman",
                "upper-roman": "upper-roman", "none": "none", "disc": "bullet", "circle": "bullet",
                "square": "bullet"}
_INTEGER = re.compile(r"^\s*([-+]?\d{1,9})")
_BULLET_TEXT = re.compile(r"^[-–—•+*·]")
_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|ĐẢNG CỘNG SẢN VIỆT NAM", re.IGNORECASE)
_MOTTO_START = re.compile(r"CỘNG HÒA|ĐẢNG CỘNG SẢN|Độc lập\s*[-–]\s*Tự do", re.IGNORECASE)
_MOTTO_HINT = re.compile(r"C\w{1,3}NG|Đ\w{1,3}C", re.IGNORECASE)  # 'CỘNG', 'ĐẢNG CỘNG', 'Độc', composed or not
_SQUEEZED_TYPES = {"KẾHOẠCH", "CHƯƠNGTRÌNH", "ĐỀÁN", "NGHỊQUYẾT", "QUYẾTĐỊNH"}
MAX_SPAN = 64
"""The most columns or rows one cell's ``colspan``/``rowspan`` is read as spanning."""
MAX_TYPE_LINES = 100
"""The type lines ('KẾ HOẠCH') of a page that may start the document (a plan has a few)."""


@dataclass(slots=True)
class _Para:
    """A paragraph as the browser shows it: its lines, and where it is."""

    lines: list[str]
    where: str
    pre: int  # the preorder number of the innermost block holding it
    cell: int | None  # the table cell it was read in, if any
    typed: bool  # a line of it is a document type line ('KẾ HOẠCH')
    motto: bool  # a line of it starts the national motto
    # for a typed paragraph: the (element, preorder number) of the blocks holding it, innermost first
    chain: tuple[tuple[etree._Element, int], ...] = ()
    tight: bool = False  # no blank line before it (a later paragraph of a layout cell)


@dataclass(slots=True)
class _Row:
    """One row of a table of data: its cells' texts."""

    cells: list[str]
    where: str
    pre: int


@dataclass(slots=True)
class _Break:
    """A paragraph boundary (around a table of data)."""

    pre: int


@dataclass(slots=True)
class _List:
    style: str  # one of _LIST_STYLES' values
    next: int
    step: int


@dataclass(slots=True)
class _Cell:
    """A table cell read into the items: ``items[first:end]``."""

    number: int  # among all cells of the page
    first: int
    end: int
    colspan: int
    rowspan: int


@dataclass
class _Reader:
    """Walks the tree once, in document order, collecting what a browser shows.

    Every element it enters gets a preorder number; ``ends[n]`` is one past the
    last number inside element ``n``, so an item is inside it when its number
    is in ``[n, ends[n])``.
    """

    items: list = field(default_factory=list)
    marks: list[int] = field(default_factory=list)  # indexes of items holding a type or motto line
    words: list[str] = field(default_factory=list)  # the inline text of the paragraph being read
    ends: list[int] = field(default_factory=list)
    open: list[tuple[etree._Element, int]] = field(default_factory=list)  # the elements entered, outermost first
    places: list[tuple[str, int, int]] = field(default_factory=list)  # (place, pre, len(open)) of each open block
    sections: dict = field(default_factory=dict)  # Word's section and note list divs -> preorder number
    counts: dict[str, int] = field(default_factory=dict)
    tables: int = 0
    cells: list[int] = field(default_factory=list)
    cell_count: int = 0
    lists: list[_List] = field(default_factory=list)
    label: str | None = None  # a list item's label, for its first line
    preformatted: int = 0
    typed: int = 0  # paragraphs with a chain

    # ------------------------------------------------------------ text

    def text(self, text: str | None) -> None:
        if text:
            if self.preformatted:
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _LINE_BREAK)
            self.words.append(text)

    def flush(self) -> None:
        """End the paragraph being read (a block boundary)."""
        if not self.words:
            return
        raw = "".join(self.words).replace("\u00a0", " ").replace("\u00ad", "")  # no-break space, soft hyphen
        self.words.clear()
        paragraphs: list[list[str]] = [[]]
        for part in raw.split(_LINE_BREAK) if _LINE_BREAK in raw else (raw,):
            line = " ".join(part.split())
            if line:
                paragraphs[-1].append(line)
            elif paragraphs[-1]:
                paragraphs.append([])  # an empty line (two <br>) ends the paragraph
        where, pre, depth = self.places[-1]
        for lines in paragraphs:
            if not lines:
                continue
            if self.label and not (self.label == "-" and _BULLET_TEXT.match(lines[0])):
                lines[0] = f"{self.label} {lines[0]}"
            self.label = None
            typed = motto = False
            for line in lines:
                if _may_mark(line):
                    normal = _normal(line)
                    typed = typed or _is_type_line(normal)
                    motto = motto or bool(_MOTTO_START.search(normal))
            chain = ()
            if typed and self.typed < MAX_TYPE_LINES:
                self.typed += 1
                chain = tuple(reversed(self.open[:depth]))
            if typed or motto:
                self.marks.append(len(self.items))
            self.items.append(_Para(lines, where, pre, self.cells[-1] if self.cells else None, typed, motto, chain))

    # ------------------------------------------------------------ elements

    def enter(self, element: etree._Element) -> int:
        pre = len(self.ends)
        self.ends.append(0)
        self.open.append((element, pre))
        return pre

    def leave(self, pre: int) -> None:
        self.ends[pre] = len(self.ends)
        self.open.pop()

    def walk(self, element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag == "br":
            self.words.append(_LINE_BREAK)
            self.text(element.tail)
            return
        if not tag or tag in _DROPPED or ":" in tag and not any(text.strip() for text in element.itertext()):
            # not shown; a namespaced element with no text is Word's markup (<o:p></o:p>, <v:shape>)
            self.text(element.tail)
            return
        block = tag in _BLOCKS
        names = element.get("class"), element.get("id")
        furniture = tag in _FURNITURE or (any(names) and _is_furniture(names))
        if block and self.words:
            self.flush()
        pre = self.enter(element)
        items, words, marks = len(self.items), len(self.words), len(self.marks)
        if tag == "table":
            self.table(element, pre)
        else:
            if block:
                self.open_block(element, tag, pre)
            elif tag == "span" and _TAB_SPAN.search(element.get("style", "")):
                self.words.append(" ")
            self.text(element.text)
            for child in element:  # one frame per level of nesting: see _parse
                self.walk(child)
            if block:
                self.close_block(tag)
        if furniture and len(self.marks) == marks:
            if len(self.items) == items:
                del self.words[words:]  # inline furniture: its text only
            else:
                self.flush()
                del self.items[items:]
        if tag == "div" and (_WORD_SECTION.search(names[0] or "") or _WORD_NOTES.search(element.get("style", ""))):
            self.sections[element] = pre
        self.leave(pre)
        self.text(element.tail)

    def open_block(self, element: etree._Element, tag: str, pre: int) -> None:
        self.counts[tag] = number = self.counts.get(tag, 0) + 1
        self.places.append((f"thẻ <{tag}> thứ {number}", pre, len(self.open)))
        if tag in _LISTS:
            self.lists.append(_list_of(element, tag))
        elif tag == "li":
            self.label = self.list_label(element)
        if tag in _PREFORMATTED:
            self.preformatted += 1

    def close_block(self, tag: str) -> None:
        self.flush()
        if tag in _PREFORMATTED:
            self.preformatted -= 1
        if tag in _LISTS:
            self.lists.pop()
        elif tag == "li":
            self.label = None
        self.places.pop()

    def list_label(self, item: etree._Element) -> str | None:
        if not self.lists:
            return None
        current = self.lists[-1]
        own = _integer(item.get("value"))
        if own is not None:
            current.next = own
        number = current.next
        current.next += current.step
        return _list_label(current.style, number)

    # ------------------------------------------------------------ tables

    def table(self, table: etree._Element, pre: int) -> None:
        self.tables += 1
        number = self.tables
        start, marks = len(self.items), len(self.marks)
        self.places.append((f"bảng {number}", pre, len(self.open)))
        grid: list[tuple[int, str, list[_Cell]]] = []
        for part in table:
            name = part.tag.lower() if isinstance(part.tag, str) else ""
            if name == "tr":
                grid.append(self.row(part, f"bảng {number}, hàng {len(grid) + 1}"))
            elif name in ("thead", "tbody", "tfoot"):
                self.flush()
                part_pre = self.enter(part)
                for row in part:
                    if isinstance(row.tag, str) and row.tag.lower() == "tr":
                        grid.append(self.row(row, f"bảng {number}, hàng {len(grid) + 1}"))
                    else:
                        self.walk(row)
                self.flush()
                self.leave(part_pre)
                self.text(part.tail)
            else:
                self.walk(part)  # a caption, or what a browser would move out of the table
        self.flush()
        self.places.pop()
        texts = [[self.cell_text(cell) for cell in cells] for _, _, cells in grid]
        rows = [row for row in texts if any(row)]
        if rows and (max(len(row) for row in rows) < 2 or is_layout_grid(rows)):
            self.layout(grid)
        else:
            self.data(grid, texts, start, marks)

    def row(self, row: etree._Element, where: str) -> tuple[int, str, list[_Cell]]:
        """Read one row's cells into the items: (its preorder number, its place, its cells)."""
        if self.words:
            self.flush()
        pre = self.enter(row)
        cells = []
        for cell in row:
            name = cell.tag.lower() if isinstance(cell.tag, str) else ""
            if name not in ("td", "th"):
                self.walk(cell)
                continue
            if self.words:
                self.flush()
            cell_pre = self.enter(cell)
            self.cell_count += 1
            self.cells.append(self.cell_count)
            self.places.append((where, cell_pre, len(self.open)))
            first, marks = len(self.items), len(self.marks)
            self.text(cell.text)
            for child in cell:
                self.walk(child)
            self.flush()
            names = cell.get("class"), cell.get("id")
            if any(names) and _is_furniture(names) and len(self.marks) == marks:
                del self.items[first:]  # a menu beside the document
            self.places.pop()
            self.cells.pop()
            self.leave(cell_pre)
            cells.append(_Cell(self.cell_count, first, len(self.items), _span(cell.get("colspan")),
                               _span(cell.get("rowspan"))))
            self.text(cell.tail)
        if self.words:
            self.flush()
        self.leave(pre)
        self.text(row.tail)
        return pre, where, cells

    def cell_text(self, cell: _Cell) -> str:
        """The cell's paragraphs, one a line (a table of data inside it as one line)."""
        parts = []
        for item in self.items[cell.first:cell.end]:
            if isinstance(item, _Para):
                parts.append("\n".join(item.lines))
            elif isinstance(item, _Row):
                parts.append(" ".join(text for text in item.cells if text))
        return "\n".join(parts)

    def layout(self, grid: list[tuple[int, str, list[_Cell]]]) -> None:
        """A layout grid: the cells' paragraphs stay, each cell's after its first with no blank line;
        but a cell holding a type line is the frame of the page's document, read as the page is."""
        for _, _, cells in grid:
            for cell in cells:
                held = [item for item in self.items[cell.first:cell.end] if isinstance(item, _Para)]
                if not any(item.typed for item in held):
                    for item in [item for item in held if item.cell == cell.number][1:]:
                        item.tight = True

    def data(self, grid: list[tuple[int, str, list[_Cell]]], cell_texts: list[list[str]], start: int,
             marks: int) -> None:
        """A table of data: one row of cell texts per row, columns kept under colspan and rowspan."""
        rows: list[_Row] = []
        covered: dict[int, int] = {}  # column -> rows below still covered by a rowspan from above
        for (pre, where, cells), row_texts in zip(grid, cell_texts):
            texts: list[str] = []
            queue = list(zip(cells, row_texts))[::-1]
            last_covered = max(covered, default=-1)  # by cells of the rows above
            while queue or len(texts) <= last_covered:
                column = len(texts)
                if covered.get(column):
                    covered[column] -= 1
                    if not covered[column]:
                        del covered[column]
                    texts.append("")
                    continue
                if not queue:
                    break
                cell, text = queue.pop()
                texts.append(text.replace("\n", " "))
                texts.extend([""] * (cell.colspan - 1))
                if cell.rowspan > 1:
                    covered.update(dict.fromkeys(range(column, column + cell.colspan), cell.rowspan - 1))
            if any(texts):
                rows.append(_Row(texts, where, pre))
        in_cells = [False] * (len(self.items) - start)
        for _, _, cells in grid:
            for cell in cells:
                in_cells[cell.first - start:cell.end - start] = [True] * (cell.end - cell.first)
        kept = [item for item, in_cell in zip(self.items[start:], in_cells) if not in_cell]
        del self.items[start:]
        del self.marks[marks:]
        for item in kept:  # a caption, text between the rows
            if isinstance(item, _Para) and (item.typed or item.motto):
                self.marks.append(len(self.items))
            self.items.append(item)
        table_pre = rows[0].pre if rows else len(self.ends)
        self.items.extend([_Break(table_pre), *rows, _Break(table_pre)])


def _is_furniture(names: tuple[str | None, str | None]) -> bool:
    """Whether an element's class or id names site furniture ('main-menu', 'topNav', 'ads')."""
    return bool(_FURNITURE_NAME.search(_CAMEL.sub("-", " ".join(name for name in names if name))))


def _integer(value: str | None) -> int | None:
    match = _INTEGER.match(value or "")
    return int(match.group(1)) if match else None


def _span(value: str | None) -> int:
    number = _integer(value) if value else None
    return min(max(number or 1, 1), MAX_SPAN)


def _list_of(element: etree._Element, tag: str) -> _List:
    style = "decimal" if tag == "ol" else "bullet"
    if tag == "ol" and element.get("type") in _LIST_TYPES:
        style = _LIST_TYPES[element.get("type")]
    css = _LIST_STYLE.search(element.get("style", ""))
    if css and css.group(1).lower() in _LIST_STYLES:
        style = _LIST_STYLES[css.group(1).lower()]
    reverse = tag == "ol" and element.get("reversed") is not None
    items = sum(1 for child in element if isinstance(child.tag, str) and child.tag.lower() == "li")
    start = _integer(element.get("start"))
    first = start if start is not None else (items if reverse else 1)
    return _List(style, first, -1 if reverse else 1)


def _list_label(style: str, number: int) -> str:
    """The label a browser shows for item ``number`` of a list of ``style`` ('' for none)."""
    if style == "none":
        return ""
    if style == "bullet":
        return "-"
    if style.endswith("roman") and 0 < number < 4000:
        label = formats.upper_roman(number)
    elif style.endswith("alpha") and number > 0:
        label = formats.upper_letter(number)
    else:
        label = str(number)
    return (label.lower() if style.startswith("lower") else label) + "."


def _may_mark(line: str) -> bool:
    """A cheap test passed by every type line and motto line (and by few others)."""
    return len(line) <= 200 and (line[:2].isupper() or bool(_MOTTO_HINT.search(line)))


def _normal(line: str) -> str:
    return " ".join(normalize_characters(line).split())


def _is_type_line(normal: str) -> bool:
    return bool(DOC_TYPE_LINE.match(normal)) or normal.replace(" ", "") in _SQUEEZED_TYPES


# ---------------------------------------------------------------- the document


def _mottos(paragraphs: list[_Para]) -> list[tuple[int, int]]:
    """(first, last) preorder numbers of the paragraphs each motto spans (up to three short
    ones: 'CỘNG HÒA XÃ HỘI' / 'CHỦ NGHĨA VIỆT NAM'), in document order."""
    found: list[tuple[int, int]] = []
    for index, para in enumerate(paragraphs):
        if not para.motto:
            continue
        parts: list[str] = []
        for end in range(index, min(index + 3, len(paragraphs))):
            part = " ".join(paragraphs[end].lines)
            if len(part) > 200:
                break
            parts.append(_normal(part))
            if _MOTTO.search(" ".join(parts)):
                found.append((para.pre, paragraphs[end].pre))
                break
    return found


def _document_ranges(reader: _Reader, file: str) -> list[tuple[int, int]] | None:
    """Preorder ranges of the document's elements (see the module doc); None for the whole page."""
    paragraphs = [item for item in reader.items if isinstance(item, _Para)]
    type_paras = [para for para in paragraphs if para.chain]
    if not type_paras:
        raise PlanError(file, "trang web không chứa văn bản kế hoạch nào (không thấy tiêu đề KẾ HOẠCH, "
                              "CHƯƠNG TRÌNH hay QUYẾT ĐỊNH)")
    mottos = _mottos(paragraphs)  # in document order: the one starting first also ends first
    starts = [first for first, _ in mottos]
    labelled = [para.pre for para in paragraphs if read_label(para.lines[0][:40])]
    ends = reader.ends

    def holds_motto(_: _Para, pre: int) -> bool:
        at = bisect.bisect_left(starts, pre)
        return at < len(mottos) and mottos[at][1] < ends[pre]

    def holds_sections(type_para: _Para, pre: int) -> bool:
        return bisect.bisect_left(labelled, ends[pre]) - bisect.bisect_right(labelled, type_para.pre) >= 2

    def smallest(test, paras: list[_Para], above=None) -> tuple[etree._Element, int] | None:
        """The smallest (element, preorder number) holding a paragraph of ``paras`` that passes
        ``test``, looking from the paragraph (or from ``above``, one of the elements holding it) up."""
        best = None
        for para in paras:
            chain = para.chain[para.chain.index(above):] if above else para.chain
            found = next(((element, pre) for element, pre in chain if test(para, pre)), None)
            if found and (best is None or ends[found[1]] - found[1] < ends[best[1]] - best[1]):
                best = found
        return best

    chosen = smallest(holds_motto, type_paras)
    if chosen is not None:
        # without the numbered body inside (a page putting header and body in sibling elements):
        # the smallest element up from it that holds the body too
        held = [para for para in type_paras if chosen in para.chain]
        chosen = smallest(holds_sections, held, chosen) or chosen
    else:
        chosen = smallest(holds_sections, type_paras)
    return None if chosen is None else _with_word_sections(*chosen, reader)


def _with_word_sections(element: etree._Element, pre: int, reader: _Reader) -> list[tuple[int, int]]:
    """The element's range; for a Word section, also those of the sections and note lists after it."""
    ranges = [(pre, reader.ends[pre])]
    if element in reader.sections and _WORD_SECTION.search(element.get("class", "")):
        ranges += [(reader.sections[sibling], reader.ends[reader.sections[sibling]])
                   for sibling in element.itersiblings() if sibling in reader.sections]
    return ranges


# ---------------------------------------------------------------- the portal's metadata block

_KEYS = {key.casefold(): key for key in PORTAL_KEYS}
_KEY_LINE = re.compile(
    rf"^(?P<key>{'|'.join(sorted(map(re.escape, PORTAL_KEYS), key=len, reverse=True))})\s*(?::|\t)\s*(?P<value>.*)$",
    re.IGNORECASE,
)


def _key(text: str) -> str | None:
    return _KEYS.get(" ".join(text.split()).rstrip(" :").casefold())


def _portal(items: list) -> list[tuple[str, str, str]]:
    """(key, value, place) of the metadata block in ``items`` (the page outside the document)."""
    found: list[tuple[str, str, str]] = []
    waiting: tuple[str, str] | None = None  # a key on its own, waiting for its value on the next line
    for item in items:
        if isinstance(item, _Row):
            waiting = None
            cells = [" ".join(normalize_characters(cell).split()) for cell in item.cells]
            for index in range(len(cells) - 1):
                key = _key(cells[index])
                if key and cells[index + 1] and not _key(cells[index + 1]):
                    found.append((key, cells[index + 1], item.where))
            continue
        if not isinstance(item, _Para):
            continue
        for line in item.lines:
            if len(line) > 1000:  # no metadata line is that long
                waiting = None
                continue
            line = " ".join(normalize_characters(line).split())
            key, match = _key(line), _KEY_LINE.match(line)
            if key:
                waiting = (key, item.where)
            elif match:
                waiting = None
                if match["value"].strip():
                    found.append((_KEYS[match["key"].casefold()], match["value"].strip(), item.where))
            elif waiting:
                found.append((waiting[0], line, waiting[1]))
                waiting = None
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- reading


def read_html(data: bytes, file: str) -> ImportedText:
    """A web page as text for ingest (see the module doc)."""
    if not data.strip():
        raise PlanError(file, "trang web rỗng hoặc hỏng: tệp rỗng")
    text, review = _decode(data)
    root, cut = _parse(text, file)
    reader = _Reader()
    reader.places.append(("thẻ <html> thứ 1", 0, 0))
    reader.walk(root)
    reader.flush()
    ranges = _document_ranges(reader, file)
    if ranges is None:
        document, outside = reader.items, []
    else:
        starts = [first for first, _ in ranges]
        document, outside = [], []
        for item in reader.items:
            at = bisect.bisect_right(starts, item.pre) - 1
            (document if at >= 0 and item.pre < ranges[at][1] else outside).append(item)
    builder = TextBuilder()
    if document and outside:
        # the block before the document, else after it (a portal's tab of properties)
        start = document[0].pre
        before = [item for item in outside if item.pre < start]
        after = [item for item in outside if item.pre >= start]
        for key, value, where in _portal(before) or _portal(after):
            builder.add(f"{key}: {value}", where)
    builder.blank()
    for item in document:
        if isinstance(item, _Para):
            if not item.tight:
                builder.blank()
            builder.add("\n".join(item.lines), item.where)
        elif isinstance(item, _Row):
            builder.add("\t".join(item.cells), item.where)
        else:
            builder.blank()
    if cut:
        review.append(CUT_NOTE)
        builder.blank()
        builder.add(TRUNCATION_MARK, "cuối phần đọc được của trang")
    while builder.lines and builder.lines[-1] == "":
        builder.lines.pop()
    return builder.result("html", review)
