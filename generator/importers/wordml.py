"""The Word importer: a ``.docx`` file -> text for ingest, with paragraph places.

docx2python reads the package (runs merged, tabs, line breaks, symbols,
hyperlinks, footnote references, tables as rows of cells); this module adds
what docx2python does not do right for plans: Word's automatic numbering.
docx2python writes every numbered paragraph as ``1)``/``a)``/``I)`` whatever
the list's ``w:lvlText`` says and ignores numbering that comes from a
paragraph style, so the labels (``I.``, ``1.1.``, ``III.2.4``, ``a)``) are
rendered here from ``word/numbering.xml`` and ``word/styles.xml`` with Word's
own rules: a level's ``w:lvlText`` with ``%1``…``%9`` replaced by the
counters of those levels in their ``w:numFmt`` (decimal when the level is
``w:isLgl``), counters kept per list (``w:num``), started at ``w:start`` or
the list's ``w:startOverride``, and a level's counter reset when a level above
it advances.

Guarantees, beyond the package's (:mod:`generator.importers`):

* one line per Word paragraph, in document order, the label first
  (``I. MỤC TIÊU``) followed by a space (never the tab Word draws, which
  pre-parse would read as a table cell); an empty paragraph is a blank line;
  a line break inside a paragraph (``w:br``) is a new line;
* a bullet list item starts with its bullet (``-``, ``+``, ``•``); a bullet
  drawn from a symbol font's private code points is written as the sign it
  shows when that is a plus, a minus or a bullet, else ``•``;
* a table whose rows :func:`generator.preparse.is_layout_grid` calls layout
  (the two-column header, the signature block) is written as its cells'
  paragraphs, row by row, left cell first; any other table as one
  tab-separated line per row, between blank lines, a cell's paragraphs joined
  by spaces;
* a footnote reference is written ``[n]``, numbered in order of appearance as
  Word shows it, and the footnotes follow the body as ``[n] text`` lines;
  page headers and footers (running heads) are left out;
* places: ``đoạn N`` (the N-th paragraph of the body, tables' paragraphs
  counted) or ``bảng N, hàng M``;
* a file that is not a Word package (not a zip, no ``word/document.xml``,
  broken XML) raises :class:`PlanError` naming the file and the reason.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from docx2python import docx2python
from docx2python import numbering_formats as formats
from lxml import etree

from generator.errors import PlanError
from generator.importers import ImportedText, TextBuilder
from generator.preparse import is_layout_grid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER_FORMATS = {
    "decimal": formats.decimal,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": formats.upper_roman,
    "lowerRoman": formats.lower_roman,
    "upperLetter": formats.upper_letter,
    "lowerLetter": formats.lower_letter,
    "none": lambda n: "",
}
"""Word's number formats, from docx2python's renderers; any other (ordinal,
cardinalText, a script's digits) is written as decimal."""
LEVEL_REFERENCE = re.compile(r"%([1-9])")
SYMBOL_FONT_BULLET = re.compile(r"[\uf000-\uf0ff]")
# A bullet drawn from the Symbol font's private-use code points: these are its plus and minus signs and its
# bullet; any other symbol-font bullet (Wingdings squares, arrows, ticks) is written as '•'.
SYMBOL_BULLETS = {"\uf02b": "+", "\uf02d": "-", "\uf0b7": "•"}
# What docx2python puts before a numbered paragraph's text ('I)\t', '\t\t1)\t', '--\t'): replaced by the real label.
DOCX2PYTHON_BULLET = re.compile(r"^\t*(?:--|[^\t]{1,12}\))\t$")
FOOTNOTE_REFERENCE = re.compile(r"----footnote(-?\d+)----")
FOOTNOTE_PREFIX = re.compile(r"^footnote-?\d+\)\t\s*")
DOCX2PYTHON_MEDIA = re.compile(r"----(?:media/[^-]+|Image alt text---->.*?<)----")


@dataclass(frozen=True)
class Level:
    format: str
    text: str
    start: int
    legal: bool


def _val(element, name: str) -> str | None:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl) -> Level:
    return Level(
        format=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        start=_int(_val(lvl, "start"), 1),
        legal=lvl.find(W + "isLgl") is not None and _val(lvl, "isLgl") not in ("0", "false"),
    )


class Numbering:
    """Word's lists of one document and their counters (see the module doc)."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None):
        self.lists: dict[str, dict[int, Level]] = {}
        self.style_numbering: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_xml:
            self._read_numbering(etree.fromstring(numbering_xml))
        if styles_xml:
            self._read_styles(etree.fromstring(styles_xml))

    def _read_numbering(self, root) -> None:
        abstract = {
            element.get(W + "abstractNumId"): {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in element.iter(W + "lvl")}
            for element in root.iter(W + "abstractNum")
        }
        for num in root.iter(W + "num"):
            levels = dict(abstract.get(_val(num, "abstractNumId"), {}))
            for override in num.iter(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                replaced = override.find(W + "lvl")
                if replaced is not None:
                    levels[ilvl] = _level(replaced)
                start = _val(override, "startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = Level(levels[ilvl].format, levels[ilvl].text, _int(start, 1), levels[ilvl].legal)
            self.lists[num.get(W + "numId")] = levels

    def _read_styles(self, root) -> None:
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId")
            parent = _val(style, "basedOn")
            if parent:
                self.style_parent[style_id] = parent
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                self.style_numbering[style_id] = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0))

    def list_of(self, paragraph) -> tuple[str, int] | None:
        """The (numId, level) a paragraph is numbered by, directly or through its style."""
        p_pr = paragraph.find(W + "pPr")
        num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
        num_id = _val(num_pr, "numId")
        ilvl = _val(num_pr, "ilvl")
        style = _val(p_pr, "pStyle")
        seen: set[str] = set()
        while num_id is None and style and style not in seen:
            seen.add(style)
            style_num, style_ilvl = self.style_numbering.get(style, (None, None))
            num_id = style_num
            ilvl = ilvl if ilvl is not None else (str(style_ilvl) if style_ilvl is not None else None)
            style = self.style_parent.get(style)
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return None
        return num_id, _int(ilvl, 0)

    def label(self, paragraph) -> str | None:
        """The label Word draws before ``paragraph`` (advancing its list), or None."""
        numbered = self.list_of(paragraph)
        if numbered is None:
            return None
        num_id, ilvl = numbered
        levels = self.lists[num_id]
        level = levels.get(ilvl)
        if level is None:
            return None
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [key for key in counts if key > ilvl]:
            del counts[deeper]
        if level.format == "bullet":
            bullet = level.text.strip()
            if bullet in SYMBOL_BULLETS:
                return SYMBOL_BULLETS[bullet]
            return "•" if SYMBOL_FONT_BULLET.search(bullet) or not bullet else bullet

        def number(match: re.Match) -> str:
            referenced = int(match[1]) - 1
            of = levels.get(referenced, level)
            value = counts.get(referenced, of.start)
            decimal = NUMBER_FORMATS["decimal"]
            render = decimal if level.legal else NUMBER_FORMATS.get(of.format, decimal)
            return render(value)

        return LEVEL_REFERENCE.sub(number, level.text).strip() or None


def _package(data: bytes, file: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        package.getinfo("word/document.xml")
    except zipfile.BadZipFile:
        raise PlanError(file, "tệp Word (.docx) hỏng: không phải gói nén Office Open XML") from None
    except KeyError:
        raise PlanError(file, "tệp nén không phải văn bản Word (.docx): thiếu word/document.xml") from None
    return package


def _part(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return package.read(name)
    except KeyError:
        return None


class _Reader:
    """Walks docx2python's paragraphs and writes the text (see the module doc)."""

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.out = TextBuilder()
        self.paragraphs = 0
        self.tables = 0
        self.footnote_numbers: dict[str, int] = {}

    def paragraph_text(self, par) -> str:
        strings = list(par.run_strings)
        label = self.numbering.label(par.elem) if par.elem is not None else None
        if par.list_position[0] is not None and strings and DOCX2PYTHON_BULLET.match(strings[0]):
            strings = strings[1:]  # docx2python's own label for a directly numbered paragraph
        text = "".join(strings)
        text = DOCX2PYTHON_MEDIA.sub("", text)
        text = FOOTNOTE_REFERENCE.sub(self._footnote_mark, text)
        text = "\n".join(part.replace("\t", " ").strip() for part in text.split("\n"))
        return f"{label} {text}" if label and text else (label or text)

    def _footnote_mark(self, match: re.Match) -> str:
        number = self.footnote_numbers.setdefault(match[1], len(self.footnote_numbers) + 1)
        return f"[{number}]"

    def body(self, tables) -> None:
        for table in tables:
            pars = [par for row in table for cell in row for par in cell]
            if pars and pars[0].elem is not None and _in_table(pars[0].elem):
                self.table(table)
            else:
                for par in pars:
                    self.paragraphs += 1
                    text = self.paragraph_text(par)
                    if text:
                        self.out.add(text, f"đoạn {self.paragraphs}")
                    else:
                        self.out.blank()

    def table(self, table) -> None:
        self.tables += 1
        rows = []
        for row in table:
            cells = []
            for cell in row:
                texts = []
                for par in cell:
                    self.paragraphs += 1
                    texts.append(self.paragraph_text(par))
                cells.append("\n".join(text for text in texts if text))
            rows.append(cells)
        if is_layout_grid(rows):
            for number, cells in enumerate(rows, 1):
                for cell in cells:
                    if cell.strip():
                        self.out.add(cell, f"bảng {self.tables}, hàng {number}")
            return
        self.out.blank()
        for number, cells in enumerate(rows, 1):
            self.out.add("\t".join(" ".join(cell.split()) for cell in cells), f"bảng {self.tables}, hàng {number}")
        self.out.blank()

    def footnotes(self, tables) -> None:
        texts: dict[str, list[str]] = {}
        for par in (par for table in tables for row in table for cell in row for par in cell):
            note = par.elem.getparent() if par.elem is not None else None
            if note is None or note.tag != W + "footnote":
                continue
            text = FOOTNOTE_PREFIX.sub("", "".join(par.run_strings)).replace("\t", " ").strip()
            if text:
                texts.setdefault(note.get(W + "id"), []).append(" ".join(text.split()))
        shown = sorted(self.footnote_numbers.items(), key=lambda item: item[1])
        for note_id, number in shown:
            if note_id in texts:
                self.out.add(f"[{number}] {' '.join(texts[note_id])}", f"chú thích {number}")


def _in_table(element) -> bool:
    return any(ancestor.tag == W + "tbl" for ancestor in element.iterancestors())


def read_docx(data: bytes, file: str) -> ImportedText:
    """The text of a .docx file (see the module doc)."""
    package = _package(data, file)
    try:
        numbering = Numbering(_part(package, "word/numbering.xml"), _part(package, "word/styles.xml"))
    except etree.XMLSyntaxError as exc:
        raise PlanError(file, f"tệp Word (.docx) hỏng: XML đánh số không đọc được ({exc})") from None
    reader = _Reader(numbering)
    try:
        with docx2python(io.BytesIO(data)) as content:
            reader.body(content.body_pars)
            if reader.footnote_numbers:
                reader.out.blank()
                reader.footnotes(content.footnotes_pars)
    except (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise PlanError(file, f"tệp Word (.docx) hỏng, không đọc được: {type(exc).__name__}: {exc}") from None
    imported = reader.out.result("docx")
    if not imported.text.strip():
        raise PlanError(file, "tệp Word (.docx) không có chữ nào")
    return imported

