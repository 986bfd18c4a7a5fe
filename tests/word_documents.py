"""A plan's text as the Word file its author would have typed (test fixtures).

:func:`docx_from_text` lays a plan's text out the way Word users do, with
python-docx and hand-written WordprocessingML where python-docx has no API:

* the header (issuer, motto, number, place and date) in a borderless
  two-column table: row 1 the issuer | the motto, row 2 the number | the
  date, as the Nghị định 30/2020 template has it;
* every label Word can draw (``I.``, ``II-``, ``1.``, ``2.1.``, ``III.2.4``,
  ``a)``, ``-``, ``+``) as automatic numbering: the label is removed from the
  paragraph's text and a ``w:numPr`` points at a list whose ``w:lvlText`` and
  ``w:numFmt`` draw it; a run of consecutive labels (``1.``, ``2.``, ``3.``)
  shares one list, a break in the run starts a new list at its first value
  (``w:start``);
* labels Word cannot draw (``đ)``: Word's letters skip đ) stay as typed text;
* tab-separated rows as a Word table (one cell per tab field);
* ``[n]`` footnote markers and the ``[n] text`` notes at the end as real Word
  footnotes (``w:footnoteReference``, ``word/footnotes.xml``);
* every other line as one paragraph, a blank line as an empty paragraph, and
  an empty paragraph last when the text ends with a table, as Word does.

The label renderer here is written independently of the importer
(:mod:`generator.importers.wordml`), so a test comparing the two extractions
checks the importer's numbering, not a copy of it. The module reads text
only; it never imports the generator.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from tests.variants import DATE_END, ISSUER, MOTTO, NUMBER, _core, is_blank, is_pipe, type_line_index

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(value: int) -> str:
    out = ""
    for amount, letters in ROMAN:
        while value >= amount:
            out, value = out + letters, value - amount
    return out


def roman_value(text: str) -> int | None:
    value, index = 0, 0
    for amount, letters in ROMAN:
        while text.startswith(letters, index):
            value, index = value + amount, index + len(letters)
    return value if index == len(text) and value and roman(value) == text else None


def letter(value: int) -> str:
    return chr(ord("a") + value - 1) if 1 <= value <= 26 else ""


# A label and the list kind that draws it: (regex, numFmt, how the value is read).
LABELS = [
    (re.compile(r"^(?P<prefix>)(?P<value>[IVXLC]+)(?P<suffix>\.|-|–)\s+(?=\S)"), "upperRoman"),
    (re.compile(r"^(?P<prefix>(?:[IVXLC]+|\d{1,2})\.(?:\d{1,2}\.)*)(?P<value>\d{1,2})(?P<suffix>\.?)\s+(?=\S)"), "decimal"),
    (re.compile(r"^(?P<prefix>)(?P<value>\d{1,2})(?P<suffix>[.)])\s+(?=\S)"), "decimal"),
    (re.compile(r"^(?P<prefix>)(?P<value>[a-z])(?P<suffix>\))\s+(?=\S)"), "lowerLetter"),
    (re.compile(r"^(?P<prefix>)(?P<value>[-+])(?P<suffix>)\s+(?=\S)"), "bullet"),
]


@dataclass
class Label:
    kind: str
    prefix: str
    suffix: str
    value: int  # 0 for a bullet

    @property
    def lvl_text(self) -> str:
        if self.kind == "bullet":
            return self.prefix
        return f"{self.prefix}%1{self.suffix}"

    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.prefix, self.suffix)


def read_label(line: str) -> tuple[Label, str] | None:
    """The label Word can draw at the start of ``line`` and the rest, or None."""
    for pattern, kind in LABELS:
        match = pattern.match(line)
        if not match:
            continue
        raw = match["value"]
        if kind == "upperRoman":
            value = roman_value(raw)
        elif kind == "decimal":
            value = int(raw) if not raw.startswith("0") else None
        elif kind == "lowerLetter":
            value = ord(raw) - ord("a") + 1
        else:
            return Label("bullet", raw, "", 0), line[match.end():]
        if value:
            return Label(kind, match["prefix"], match["suffix"], value), line[match.end():]
    return None


FOOTNOTE_MARK = re.compile(r"\[(\d{1,3})\]")
FOOTNOTE_LINE = re.compile(r"^\[(\d{1,3})\]\s*(.*)$")


class Numbering:
    """The lists of one document: one list (w:abstractNum and w:num) per run of labels."""

    def __init__(self, document: docx.document.Document):
        self.root = document.part.numbering_part.element
        self.current: dict[tuple[str, str, str], tuple[int, int]] = {}  # key -> (numId, last value)
        self.next_id = 900

    def num_for(self, label: Label) -> int:
        key = label.key()
        running = self.current.get(key)
        continues = running is not None and (label.kind == "bullet" or running[1] + 1 == label.value)
        if continues:
            self.current[key] = (running[0], label.value)
            return running[0]
        # A new run: its own list starting at its first value (w:start). Word would also accept one
        # list per label shape restarted with w:startOverride, but LibreOffice restarts such a list
        # at every paragraph, and the .doc fixtures go through LibreOffice.
        self.next_id += 1
        num_id = self.next_id
        abstract_id = self._add_abstract(label, num_id)
        self.root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        ))
        self.current[key] = (num_id, label.value)
        return num_id

    def _add_abstract(self, label: Label, number: int) -> int:
        suffix = "space" if label.kind in ("bullet", "lowerLetter") else "tab"  # both kinds Word writes
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}">'
            f'<w:nsid w:val="{number:08X}"/><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="{max(label.value, 1)}"/><w:numFmt w:val="{label.kind}"/>'
            f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{label.lvl_text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl></w:abstractNum>'
        )
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)  # the schema puts every abstractNum before the nums
        else:
            self.root.append(element)
        return number


def _header_cells(lines: list[str]) -> tuple[int, int, list[list[list[str]]]] | None:
    """(start, end, rows of cells of lines) of the header before the type line, or None."""
    type_at = type_line_index(lines)
    if type_at is None:
        return None
    start = next((i for i in range(type_at) if ISSUER.match(_core(lines[i])) or MOTTO.match(_core(lines[i]))
                  or NUMBER.match(_core(lines[i]))), None)
    if start is None:
        return None
    issuer, motto, number, date = [], [], [], []
    for line in lines[start:type_at]:
        if is_blank(line) or is_pipe(line):
            continue
        core = _core(line)
        if date and DATE_END.search(date[-1]):
            return None  # something after the date: not the template's header, leave it as paragraphs
        if date or ", ngày" in core:
            date.append(line)
        elif NUMBER.match(core):
            number.append(line)
        elif motto or MOTTO.match(core):
            motto.append(line)
        else:
            issuer.append(line)
    rows = [row for row in ([issuer, motto], [number, date]) if row[0] or row[1]]
    return start, type_at, rows


def _add_paragraph(container, text: str, numbering: Numbering, notes: dict[int, str]) -> None:
    labelled = read_label(text)
    paragraph = container.add_paragraph()
    if labelled is not None:
        label, text = labelled
        num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                           f'<w:numId w:val="{numbering.num_for(label)}"/></w:numPr>')
        paragraph._p.get_or_add_pPr().append(num_pr)
    position = 0
    for match in FOOTNOTE_MARK.finditer(text):
        number = int(match[1])
        if number not in notes:
            continue
        paragraph.add_run(text[position:match.start()])
        reference = paragraph.add_run()
        reference._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>'))
        position = match.end()
    paragraph.add_run(text[position:])


def _footnotes(lines: list[str]) -> tuple[int, dict[int, str]]:
    """Where the notes at the end start and their texts (wrapped lines joined)."""
    notes: dict[int, list[str]] = {}
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        if FOOTNOTE_LINE.match(lines[index]):
            start = index
    if start == len(lines):
        return start, {}
    current = None
    for line in lines[start:]:
        match = FOOTNOTE_LINE.match(line)
        if match:
            current = int(match[1])
            notes[current] = [match[2]]
        elif current is not None and line.strip():
            notes[current].append(line)
    numbers = sorted(notes)
    if numbers != list(range(1, len(numbers) + 1)):
        return len(lines), {}
    return start, {number: " ".join(parts) for number, parts in notes.items()}


def _tab_rows(lines: list[str], index: int) -> int:
    end = index
    while end < len(lines) and "\t" in lines[end]:
        end += 1
    return end


def docx_from_text(text: str) -> bytes:
    """The plan ``text`` as a .docx file's bytes (see the module doc)."""
    lines = text.replace("\r\n", "\n").split("\n")
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(14)
    numbering = Numbering(document)
    notes_start, notes = _footnotes(lines)
    body = lines[:notes_start]
    header = _header_cells(body)
    index = 0
    while index < len(body):
        if header is not None and index == header[0]:
            table = document.add_table(rows=len(header[2]), cols=2)
            for row, cells in zip(table.rows, header[2]):
                for cell, cell_lines in zip(row.cells, cells):
                    cell.paragraphs[0].text = cell_lines[0] if cell_lines else ""
                    for line in cell_lines[1:]:
                        cell.add_paragraph(line)
            index = header[1]
            continue
        line = body[index]
        if "\t" in line:
            end = _tab_rows(body, index)
            rows = [row.split("\t") for row in body[index:end]]
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
            index = end
            continue
        _add_paragraph(document, line.strip() if line.strip() else "", numbering, notes)
        index += 1
    if document.element.body[-2].tag == qn("w:tbl"):
        document.add_paragraph()  # Word always ends a document with a paragraph, never a table
    out = io.BytesIO()
    document.save(out)
    return _with_footnotes(out.getvalue(), notes) if notes else out.getvalue()


def _with_footnotes(package: bytes, notes: dict[int, str]) -> bytes:
    """Add ``word/footnotes.xml`` (and its relationship and content type) to a saved .docx."""
    w = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
    def escape(value: str) -> str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        for number, text in sorted(notes.items())
    )
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}>'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                 f"</w:r></w:p></w:footnote>{body}</w:footnotes>")
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFootnotes9" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", footnotes.encode("utf-8"))
    return out.getvalue()
