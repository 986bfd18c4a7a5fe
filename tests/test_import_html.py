"""Tests of the web page importer (:mod:`generator.importers.html`).

Fixtures are built here, at test time, from the bundled plans
(:mod:`tests.seeds`):

* :func:`word_export` writes a seed's ``.txt`` as Word's "Save as Web Page"
  does: windows-1252 with every non-ASCII letter a numeric character reference,
  ``mso-`` styles, ``<o:p>``, conditional comments (the hidden ``<xml>``
  block, the shown ``<![if !supportLists]>`` list labels), the header
  (everything before the type line) as a two-column borderless table, the
  "Nơi nhận" / signature block as another, the tab-separated rows as a
  bordered table in a section of its own, footnotes in Word's footnote list,
  and each line's text hard-wrapped at 70 columns in the HTML source;
* :func:`portal_page` puts that document inside a legal portal's page
  (navigation, breadcrumb, login box, scripts, a metadata table, related
  documents, ads, footer).

The extraction of either must equal the extraction of the seed
(:func:`same_plan`: metadata but ``review`` and ``portal``, the clause tree,
preamble, footnotes, tables, targets, agencies, assignments, documents,
citations and deadlines, every ``line`` key dropped since line numbers are
provenance). The fuzz tests follow the settings of :mod:`tests.test_fuzz`
(``FUZZ_EXAMPLES``).
"""
from __future__ import annotations

import codecs
import html
import re
import sys
import textwrap
from dataclasses import dataclass, field

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.errors import PlanError
from generator.importers import import_source
from generator.importers.html import CUT_NOTE, MAX_SPAN, read_html
from generator.models import Plan
from generator.pipeline import extract_plan
from generator.preparse import DOC_TYPE_LINE, HEADER_START
from tests.seeds import SEEDS, seed_bytes, seed_plan
from tests.test_fuzz import apply_byte_edit, byte_edit, check_extraction, fuzz_settings

NO_PLAN = ("trang web không chứa văn bản kế hoạch nào (không thấy tiêu đề KẾ HOẠCH, CHƯƠNG TRÌNH hay "
           "QUYẾT ĐỊNH)")

# --------------------------------------------------------------------------
# A seed as Word's "Web Page"
# --------------------------------------------------------------------------

MOTTO = re.compile(r"^(?:CỘNG HÒA|ĐẢNG CỘNG SẢN|Độc lập)")
NUMBER = re.compile(r"^Số\b")
LABEL = re.compile(r"^(?P<label>[IVX]+[.-]|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|-)\s+(?P<rest>\S.*)$")
RECIPIENTS = re.compile(r"^Nơi nhận")
SIGNATURE = re.compile(r"^(?:TM|T/M|KT|TL|Q)\.?\s")
FOOTNOTE = re.compile(r"^\[\d+\]")
APPENDIX = re.compile(r"^PHỤ LỤC")
RULE = re.compile(r"^[-_=*]+$")
MARKER = re.compile(r"\[(\d{1,3})\]")


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def wrapped(markup: str) -> str:
    """Markup hard-wrapped at 70 columns, as Word writes its HTML source."""
    return textwrap.fill(markup, 70, break_long_words=False, break_on_hyphens=False)


@dataclass
class Export:
    """A Word-like page under construction: its markup, and the ordinal of each paragraph's <p>."""

    parts: list[str] = field(default_factory=list)
    paragraphs: int = 0
    ordinal: dict[str, int] = field(default_factory=dict)  # a .txt line -> the <p> holding it
    tables: int = 0
    sections: int = 1

    def p(self, lines: list[str], css: str = "MsoNormal", align: str | None = None, notes: bool = False) -> None:
        """One <p> holding ``lines`` (joined by <br>), list labels the way Word writes them."""
        self.paragraphs += 1
        bodies = []
        for line in lines:
            self.ordinal.setdefault(line, self.paragraphs)
            label = LABEL.match(line)
            if label and len(lines) == 1 and not notes:
                css = "MsoListParagraph"
                bodies.append(
                    "<![if !supportLists]><span lang=VI style='mso-list:Ignore'>"
                    f"{escape(label['label'])}<span style='font:7.0pt \"Times New Roman\"'>"
                    "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>"
                    f"<span lang=VI>{self.inline(label['rest'])}</span>"
                )
            else:
                bodies.append(f"<span lang=VI style='font-size:14.0pt;mso-ansi-language:VI'>{self.inline(line)}</span>")
        style = "mso-list:l0 level1 lfo1;text-indent:36.0pt" if css == "MsoListParagraph" else "text-align:justify"
        aligned = f" align={align} style='text-align:{align}'" if align else f" style='{style}'"
        self.parts.append(f"<p class={css}{aligned}>" + "<br>\n".join(bodies) + "<o:p></o:p></p>")

    def inline(self, text: str) -> str:
        """A line's text: wrapped, footnote markers as Word's anchors, a tab span after 'Số:'."""
        markup = wrapped(escape(text))
        markup = MARKER.sub(
            lambda m: (f"<a style='mso-footnote-id:ftn{m[1]}' href=\"#_ftn{m[1]}\" name=\"_ftnref{m[1]}\" title=\"\">"
                       f"<span class=MsoFootnoteReference><![if !supportFootnotes]>[{m[1]}]<![endif]></span></a>"),
            markup,
        )
        return re.sub(r"^Số:\s+", "Số:<span style='mso-tab-count:1'>&nbsp;&nbsp; </span>", markup)

    def section_break(self) -> None:
        """Word's section break: a new <div class=WordSectionN> (a landscape appendix)."""
        self.sections += 1
        self.parts.append("</div>\n<span style='font-size:13.0pt'><br clear=all "
                          "style='page-break-before:always;mso-break-type:section-break'></span>\n"
                          f"<div class=WordSection{self.sections}>")

    def empty(self) -> None:
        self.paragraphs += 1
        self.parts.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>")

    def layout(self, rows: list[list[list[str]]]) -> None:
        """A borderless table of cells of lines: the first cell of a row as one <p> with <br>, the others as <p>s."""
        self.tables += 1
        self.parts.append("<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=650 "
                          "style='border-collapse:collapse;mso-yfti-tbllook:1184'>")
        for index, row in enumerate(rows):
            self.parts.append(f" <tr style='mso-yfti-irow:{index}'>")
            for column, cell in enumerate(row):
                self.parts.append("  <td width=300 valign=top style='width:225.0pt;padding:0cm 5.4pt 0cm 5.4pt'>")
                if not cell:
                    self.empty()
                elif column == 0:  # runs of lines as one <p> with <br>, a rule line as a <p> of its own
                    run: list[str] = []
                    for line in cell + ["-"]:
                        if RULE.match(line):
                            if run:
                                self.p(run)
                            if line != "-":
                                self.p([line], align="center")
                            run = []
                        else:
                            run.append(line)
                else:
                    for line in cell:
                        self.p([line], align="center")
                self.parts.append("  </td>")
            self.parts.append(" </tr>")
        self.parts.append("</table>")

    def data(self, rows: list[list[str]]) -> None:
        """A bordered table; an empty cell after a filled one is merged into it (colspan)."""
        self.tables += 1
        self.parts.append("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
                          "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>")
        for index, row in enumerate(rows):
            self.parts.append(f" <tr style='mso-yfti-irow:{index}'>")
            cells: list[list] = []
            for text in row:
                if not text and cells and cells[-1][0]:
                    cells[-1][1] += 1
                else:
                    cells.append([text, 1])
            for text, span in cells:
                colspan = f" colspan={span}" if span > 1 else ""
                self.parts.append(f"  <td{colspan} valign=top style='border:solid windowtext 1.0pt'>")
                if text:
                    self.p([text], align="center")
                else:
                    self.empty()
                self.parts.append("  </td>")
            self.parts.append(" </tr>")
        self.parts.append("</table>")


def header_grid(lines: list[str]) -> list[list[list[str]]]:
    """The header's lines as rows of a two-column grid: issuer | motto, number | place and date."""
    cells: dict[str, list[str]] = {"issuer": [], "motto": [], "number": [], "date": []}
    column = "issuer"
    for line in lines:
        if MOTTO.match(line) and column == "issuer":
            column = "motto"
        elif NUMBER.match(line):
            column = "number"
        elif column == "number":
            column = "date"
        cells[column].append(line)
    rows = [[cells["issuer"], cells["motto"]], [cells["number"], cells["date"]]]
    return [row for row in rows if any(row)]


def flow(out: Export, lines: list[str], first_centered: bool = False) -> None:
    """Lines as paragraphs (an empty one for a run of blank lines), runs of tab-separated lines as a table."""
    index = 0
    blank = False
    while index < len(lines):
        line = lines[index]
        if "\t" in line:
            rows = []
            while index < len(lines) and ("\t" in lines[index] or not lines[index]):
                if lines[index]:
                    rows.append(lines[index].split("\t"))
                index += 1
            out.data(rows)
            continue
        if not line:
            if not blank:
                out.empty()
            blank = True
        elif line != "|":
            out.p([line], align="center" if first_centered and index == 0 else None)
            blank = False
        index += 1


def document_markup(text: str) -> Export:
    """The seed's text as the inside of a Word export's <body> (sections and footnote list)."""
    lines = [line.strip() for line in text.split("\n")]
    type_at = next(i for i, line in enumerate(lines) if DOC_TYPE_LINE.match(line))
    header_at = next((i for i, line in enumerate(lines[:type_at]) if HEADER_START.match(line)), type_at)
    out = Export()
    out.parts.append("<div class=WordSection1>")
    for line in lines[:header_at]:  # what a portal copy prints before the document
        if line:
            out.p([line])
    header = [line for line in lines[header_at:type_at] if line and line != "|"]
    if header:
        out.layout(header_grid(header))
    body = lines[type_at:]
    recipients = next((i for i, line in enumerate(body) if RECIPIENTS.match(line)), len(body))
    closing_end = next((i for i, line in enumerate(body)
                        if i > recipients and (FOOTNOTE.match(line) or APPENDIX.match(line))), len(body))
    notes = next((i for i, line in enumerate(body) if i > recipients and FOOTNOTE.match(line)), len(body))
    flow(out, body[:recipients], first_centered=True)
    closing = [line for line in body[recipients:closing_end] if line and line != "|"]
    if closing:
        signature = next((i for i, line in enumerate(closing) if SIGNATURE.match(line)), len(closing))
        out.layout([[closing[:signature], closing[signature:]]])
    if closing_end < notes:
        out.section_break()
        flow(out, body[closing_end:notes])
    out.parts.append("</div>")
    footnotes = [line for line in body[notes:] if line]
    if footnotes:
        out.parts.append("<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>\n"
                         "<hr align=left size=1 width=\"33%\">\n<![endif]>")
        for number, line in enumerate(footnotes):
            if FOOTNOTE.match(line):
                if number:
                    out.parts.append("</div>")
                out.parts.append(f"<div style='mso-element:footnote' id=ftn{number + 1}>")
            out.p([line], css="MsoFootnoteText", notes=True)
        out.parts.append("</div></div>")
    return out


WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>K&#7870; HO&#7840;CH</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>V&#259;n th&#432;</o:Author>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
p.MsoNormal {margin:0cm; font-size:13.0pt; font-family:"Times New Roman",serif;}
@page WordSection1 {size:595.3pt 841.9pt; margin:2.0cm 2.0cm 2.0cm 3.0cm;}
div.WordSection1 {page:WordSection1;}
-->
</style>
</head>

<body lang=EN-US style='tab-interval:36.0pt;word-wrap:break-word'>
"""


def word_export(text: str) -> tuple[bytes, Export]:
    """The seed's text as Word's "Web Page" (windows-1252, letters as references), and its paragraphs."""
    document = document_markup(text)
    page = WORD_HEAD + "\n".join(document.parts) + "\n</body>\n\n</html>\n"
    return page.encode("ascii", "xmlcharrefreplace"), document


# --------------------------------------------------------------------------
# A seed on a legal portal's page
# --------------------------------------------------------------------------


def portal_page(text: str, properties: list[tuple[str, str]], frame: str = "div") -> bytes:
    """The document inside a portal's page, with ``properties`` in its metadata table (UTF-8);
    ``frame`` 'table': the page lays the document out in the cell of a table beside a menu."""
    document = "\n".join(document_markup(text).parts)
    if frame == "table":
        document = ("<table width='100%'><tr><td class='leftMenu'><a href='/'>Trang chủ</a><br><a>Văn bản mới</a></td>"
                    f"<td class='noidung'>{document}</td></tr></table>")
    cells = [f"<td class=\"label\">{key}:</td><td>{escape(value)}</td>" for key, value in properties]
    rows = "".join(f"<tr>{''.join(cells[i:i + 2])}</tr>\n" for i in range(0, len(cells), 2))
    page = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Kế hoạch {escape(properties[0][1])} - Thư viện văn bản</title>
<link rel="stylesheet" href="/css/site.css">
<script>var doc = "<p>KẾ HOẠCH</p>"; window.dataLayer = [];</script>
</head>
<body>
<header class="site-header"><div class="logo">THƯ VIỆN VĂN BẢN PHÁP LUẬT</div>
<nav id="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/van-ban">Văn bản</a></li>
<li><a href="/tin-tuc">Tin tức</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav></header>
<form id="aspnetForm" method="post" action="/van-ban/ke-hoach">
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/van-ban">Văn bản</a> &gt; Kế hoạch</div>
<div id="loginBox" class="box"><p>Bạn chưa đăng nhập</p><input name="user"><input type="password" name="pass">
<button type="submit">Đăng nhập</button><a href="/dang-ky">Đăng ký thành viên</a></div>
<div class="container"><div class="main-column">
<h1 class="doc-title">Kế hoạch {escape(properties[0][1])}</h1>
<table class="doc-properties">
{rows}</table>
<div class="share-tools"><a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">In văn bản</a></div>
<div id="toanvancontent" class="content1">
{document}
</div>
</div>
<aside class="related"><h3>Văn bản liên quan</h3><ul>
<li><a href="/a">Quyết định 1649/QĐ-UBND năm 2024</a></li><li><a href="/b">KẾ HOẠCH</a></li></ul></aside>
</div>
</form>
<div class="ads-banner"><a href="/qc">Quảng cáo: Tra cứu văn bản nhanh</a></div>
<footer><p>Bản quyền © 2025 Thư viện văn bản. Cơ quan chủ quản: Công ty X.</p></footer>
<script src="/js/site.js"></script>
<script>document.write("<div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>")</script>
</body>
</html>
"""
    return page.encode("utf-8")


def portal_properties(plan: Plan, number: str | None = None) -> list[tuple[str, str]]:
    """What a portal prints about ``plan``: from its metadata (``number`` overrides its Số hiệu)."""
    meta = plan.metadata
    year, month, day = meta.date.split("-")
    return [
        ("Số hiệu", number or meta.number), ("Loại văn bản", "Kế hoạch"),
        ("Nơi ban hành", meta.locality_name or meta.place), ("Người ký", meta.signer),
        ("Ngày ban hành", f"{day}/{month}/{year}"), ("Tình trạng hiệu lực", "Còn hiệu lực"),
    ]


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def without_lines(value):
    """``value`` with every key named ``line`` dropped, at any depth."""
    if isinstance(value, dict):
        return {key: without_lines(item) for key, item in value.items() if key != "line"}
    if isinstance(value, list):
        return [without_lines(item) for item in value]
    return value


def comparable(plan: Plan) -> dict:
    dumped = without_lines(plan.model_dump(mode="json"))
    dumped.pop("source")
    for key in ("review", "portal"):
        dumped["metadata"].pop(key)
    return dumped


def same_plan(got: Plan, expected: Plan) -> None:
    got_data, expected_data = comparable(got), comparable(expected)
    for key in expected_data:
        assert got_data[key] == expected_data[key], f"{key} differs"


def seed_text(key: str) -> str:
    return seed_bytes(key).decode("utf-8")


def html_name(key: str) -> str:
    return SEEDS[key].replace(".txt", ".html")


def numbered_line(text: str, prefix: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if line.startswith(prefix))


# --------------------------------------------------------------------------
# 1. Word exports extract to the seed's plan
# --------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(SEEDS))
def test_word_export_extracts_to_the_seed_plan(key):
    data, _ = word_export(seed_text(key))
    assert b"&#" in data and data.isascii()
    plan = extract_plan(data, html_name(key))
    assert plan.source.format == "html"
    same_plan(plan, seed_plan(key))
    assert plan.metadata.review == seed_plan(key).metadata.review


def test_word_export_is_what_a_browser_shows():
    """The export's text: references resolved, wraps and tab spans collapsed, no Word markup left."""
    data, _ = word_export(seed_text("quan11"))
    imported = read_html(data, "x.html")
    lines = imported.text.split("\n")
    assert lines[:4] == ["ỦY BAN NHÂN DÂN QUẬN 11", "-------", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "KẾ HOẠCH" in lines and "I. MỤC TIÊU" in lines
    assert not re.search(r"&#|mso-|<|\bxml\b|Văn thư|\u00a0", imported.text)
    assert all(line == line.strip() and "  " not in line for line in lines)
    assert imported.review == []


# --------------------------------------------------------------------------
# 2. Portal pages
# --------------------------------------------------------------------------

PORTAL_SEEDS = [key for key in SEEDS if all((seed_plan(key).metadata.number, seed_plan(key).metadata.date,
                                              seed_plan(key).metadata.signer)) and not seed_plan(key).metadata.portal]


@pytest.mark.parametrize("frame", ["div", "table"])
@pytest.mark.parametrize("key", PORTAL_SEEDS)
def test_portal_page_extracts_to_the_seed_plan(key, frame):
    expected = seed_plan(key)
    properties = portal_properties(expected)
    imported = read_html(portal_page(seed_text(key), properties, frame), html_name(key))
    head = imported.text.split("\n")[:len(properties) + 1]
    assert head == [f"{name}: {value}" for name, value in properties] + [""]
    for furniture in ("Trang chủ", "Bạn chưa đăng nhập", "Văn bản liên quan", "Quảng cáo", "Bản quyền",
                      "Facebook", "THƯ VIỆN", "dataLayer", "document.write"):
        assert furniture not in imported.text

    plan = extract_plan(portal_page(seed_text(key), properties, frame), html_name(key))
    same_plan(plan, expected)
    assert plan.metadata.portal == {"Số hiệu": expected.metadata.number, "Loại văn bản": "Kế hoạch",
                                    "Nơi ban hành": properties[2][1], "Người ký": expected.metadata.signer,
                                    "Ngày ban hành": properties[4][1], "Tình trạng": "Còn hiệu lực"}
    assert not any("cổng thông tin" in note for note in plan.metadata.review)


def test_portal_number_that_disagrees_is_a_review_note():
    key = PORTAL_SEEDS[0]
    expected = seed_plan(key)
    page = portal_page(seed_text(key), portal_properties(expected, number="999/KH-UBND"))
    plan = extract_plan(page, html_name(key))
    assert plan.metadata.number == expected.metadata.number  # the document's own header wins
    assert f"số hiệu trên cổng thông tin (999/KH-UBND) khác số trong văn bản ({expected.metadata.number})" \
        in plan.metadata.review


def test_portal_metadata_as_definitions_and_text():
    """A dl of dt/dd pairs, 'Key: value' text and a key cell over its value cell all give the block."""
    body = document_markup(seed_text("kontum")).parts
    page = ("<html><body><dl class='thuoc-tinh'><dt>Số ký hiệu</dt><dd>710/KH-UBND</dd>"
            "<dt>Ngày ban hành:</dt><dd>17/03/2023</dd></dl><p>Người ký: Y Ngọc</p>"
            "<table><tr><td>Tình trạng</td></tr><tr><td>Còn hiệu lực</td></tr></table>"
            f"<div>{''.join(body)}</div></body></html>").encode("utf-8")
    text = read_html(page, "p.html").text
    assert text.startswith("Số ký hiệu: 710/KH-UBND\nNgày ban hành: 17/03/2023\nNgười ký: Y Ngọc\n"
                           "Tình trạng: Còn hiệu lực\n\nỦY BAN NHÂN DÂN\n")


# --------------------------------------------------------------------------
# 3. Pages without a plan, broken pages
# --------------------------------------------------------------------------

NEWS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin tức</title></head><body>
<nav><a href="/">Trang chủ</a></nav>
<article><h1>Hà Nội triển khai kế hoạch giải quyết việc làm năm 2025</h1>
<p>Ngày 12/1, Ủy ban nhân dân thành phố đã ban hành Kế hoạch số 21/KH-UBND về hỗ trợ thị trường lao động.</p>
<p>Theo kế hoạch, thành phố phấn đấu giải quyết việc làm cho 162.000 lao động.</p></article>
<footer>Bản quyền © Báo X</footer></body></html>"""


@pytest.mark.parametrize("data", [
    NEWS.encode("utf-8"),
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    b"<html><body>" + bytes(range(256)),
    word_export(seed_text("kontum"))[0][:2000],  # cut inside the head
], ids=["news-article", "binary", "html-then-binary", "truncated-head"])
def test_page_without_a_plan_is_rejected(data):
    with pytest.raises(PlanError) as caught:
        read_html(data, "tin.html")
    assert caught.value.reason == NO_PLAN
    assert caught.value.file == "tin.html"


@pytest.mark.parametrize("data, reason", [
    (b"", "tệp rỗng"), (b"   \n\t ", "tệp rỗng"), (b"\xef\xbb\xbf", "không có phần tử nào"),
    (b"\xff\xfe", "không có phần tử nào"), (b"\x00" * 64, "không có phần tử nào"),
    (b"<!-- -->", "không có phần tử nào"),
])
def test_empty_page_is_rejected(data, reason):
    with pytest.raises(PlanError) as caught:
        read_html(data, "rong.html")
    assert caught.value.reason == f"trang web rỗng hoặc hỏng: {reason}"
    with pytest.raises(PlanError):
        extract_plan(data, "rong.html")


@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.7, 0.9, 0.999])
def test_truncated_export_gives_a_plan_or_plan_error(fraction):
    data, _ = word_export(seed_text("hanoi"))
    check_extraction(data[:int(len(data) * fraction)], "cut.html")


# --------------------------------------------------------------------------
# 4. Places
# --------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["quan11", "hanoi"])
def test_lines_name_their_tag(key):
    data, export = word_export(seed_text(key))
    imported = read_html(data, "x.html")
    heading = next(line for line in seed_text(key).split("\n") if line.startswith("II."))
    line = numbered_line(imported.text, "II.")
    assert imported.place_of(line) == f"thẻ <p> thứ {export.ordinal[heading]}"
    assert imported.places[0].line == 1
    assert all(imported.place_of(number) for number in range(1, imported.text.count("\n") + 1))


def test_table_rows_name_table_and_row():
    data, export = word_export(seed_text("hanoi"))
    imported = read_html(data, "x.html")
    line = numbered_line(imported.text, "3\tBắc Từ Liêm")
    assert imported.place_of(line) == f"bảng {export.tables}, hàng 4"


def test_plan_error_names_the_place():
    """A PlanError of a later stage names its line's place in the page."""
    page = ("<html><body><div><p>KẾ HOẠCH</p><p>VIỆC LÀM</p><p>Nội dung không đánh số.</p><p>Đoạn hai.</p>"
            "</div></body></html>").encode("utf-8")
    with pytest.raises(PlanError) as caught:
        extract_plan(page, "x.html")
    assert (caught.value.line, caught.value.place) == (5, "thẻ <p> thứ 3")
    assert str(caught.value).startswith("x.html:5 (thẻ <p> thứ 3): không nhận ra cách đánh số")


# --------------------------------------------------------------------------
# What a browser shows: decoding, lists, tables, furniture
# --------------------------------------------------------------------------

PLAN_START = "<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>KẾ HOẠCH</p>"


def body_lines(markup: str, head: str = '<meta charset="utf-8">', encoding: str = "utf-8") -> list[str]:
    page = f"<html><head>{head}</head><body>{PLAN_START}{markup}</body></html>"
    text = read_html(page.encode(encoding), "x.html").text
    return text.split("\n")[4:-1]


@pytest.mark.parametrize("head, data, review", [
    ('<meta charset="windows-1252">', "caf\u00e9 \u2013 Vi&#7879;t".encode("cp1252"), None),
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', b"\x96 caf\xe9", None),
    ('<meta charset="utf-8">', "Việt – café".encode("utf-8"), None),
    ('<meta charset="UTF-16LE">', "Việt – café".encode("utf-8"), None),
    ('<?xml version="1.0" encoding="windows-1258"?>', "Vi\u00ea\u0323t".encode("cp1258"), None),
    ("", "Việt".encode("utf-8"), None),
    ('<meta charset="x-unknown-charset">', "Việt".encode("utf-8"), "x-unknown-charset"),
    ('<meta charset="hex">', "Việt".encode("utf-8"), "hex"),
    ('<meta charset="utf-8">', b"Vi\xe1t", "UTF-8"),
])
def test_decoding(head, data, review):
    start = PLAN_START.encode("ascii", "xmlcharrefreplace")
    page = head.encode("ascii") + b"<html><body>" + start + b"<p>" + data + b"</p></body></html>"
    imported = read_html(page, "x.html")
    last = imported.text.split("\n")[-2]
    if review is None:
        assert imported.review == []
        assert last in ("café – Việt", "– café", "Việt – café", "Vi\u00ea\u0323t", "Việt")
    else:
        assert len(imported.review) == 1 and review.lower() in imported.review[0].lower()
        assert "\ufffd" in last or last == "Việt"


def test_utf16_with_bom():
    page = f"<html><body>{PLAN_START}<p>Việt</p></body></html>"
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        assert read_html(bom + page.encode(encoding), "x.html").text.endswith("\nViệt\n")


def test_paragraphs_breaks_and_spaces():
    assert body_lines("<p>một\n  hai\tba<br>bốn&nbsp;&nbsp;năm<br/><br>sáu</p>"
                      "<div>bảy<p>tám</p>chín</div><p>mư&shy;ời <span style='mso-tab-count:2'></span>x</p>") == [
        "một hai ba", "bốn năm", "", "sáu", "", "bảy", "", "tám", "", "chín", "", "mười x"]


def test_lists():
    assert body_lines("<ol><li>một</li><li>hai<ol type=a><li>a</li><li value=4>b</li></ol></li></ol>"
                      "<ol type=I start=3><li>ba</li><li><p>bốn</p><p>năm</p></li></ol>"
                      "<ul><li>gạch</li><li>- đã có gạch</li></ul>"
                      "<ol style='list-style-type:none'><li>x</li></ol>") == [
        "1. một", "", "2. hai", "", "a. a", "", "d. b", "", "III. ba", "", "IV. bốn", "", "năm", "", "- gạch", "",
        "- đã có gạch", "", "x"]


def test_tables():
    lines = body_lines(
        "<table border=1><tr><th>STT</th><th colspan=2>Đơn vị</th></tr>"
        "<tr><td rowspan=2>1</td><td>A</td><td>5</td></tr><tr><td>B</td><td>6</td></tr>"
        "<tr><td></td><td></td><td></td></tr><tr><td colspan=2>Tổng cộng</td><td>11</td></tr></table>"
        "<p>sau</p>"
        "<table><tr><td><p>Nơi nhận:</p><p>- Như trên;</p></td><td><p>TM. ỦY BAN NHÂN DÂN</p>"
        "<table border=1><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td></tr></table>"
        "<table><tr><td>một ô</td></tr><tr><td>ô hai</td></tr></table>")
    assert lines == ["STT\tĐơn vị\t", "1\tA\t5", "\tB\t6", "Tổng cộng\t\t11", "", "sau", "", "Nơi nhận:",
                     "- Như trên;", "", "TM. ỦY BAN NHÂN DÂN", "", "a\tb", "c\td", "", "một ô", "", "ô hai"]


def test_furniture_is_dropped_but_not_the_document():
    page = ("<html><body><div id='topNav'>Trang chủ</div><div class='menu-left'>Văn bản</div>"
            "<form id='aspnetForm'><div class='sidebar'><p>Bạn chưa đăng nhập</p></div>"
            "<div class='comments-box'>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>"
            "<div class='navigation-wrapper main-content'><p>ỦY BAN NHÂN DÂN</p>"
            "<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
            "<p>KẾ HOẠCH</p><p>Nội dung <span class='share'>Chia sẻ</span>chính.</p></div></form>"
            "<footer>Bản quyền</footer></body></html>").encode("utf-8")
    assert read_html(page, "x.html").text == ("ỦY BAN NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n\n"
                                              "Nội dung chính.\n")


def test_page_laid_out_in_a_table_keeps_paragraphs_and_drops_its_menu_cell():
    page = ("<html><body><table><tr><td class='left_menu'><p>Trang chủ</p><p>Văn bản</p></td><td>"
            "<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>KẾ HOẠCH</p><p>I. MỤC TIÊU</p>"
            "<table><tr><td><p>Nơi nhận:</p><p>- Lưu: VT.</p></td><td><p>TM. ỦY BAN NHÂN DÂN</p><p>CHỦ TỊCH</p></td>"
            "</tr></table></td></tr></table></body></html>").encode("utf-8")
    assert read_html(page, "x.html").text == (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n\nI. MỤC TIÊU\n\n"
        "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n")


def test_document_without_motto_is_the_element_with_numbered_sections():
    page = ("<html><body><div class='news'><p>Tin khác</p><p>1. một tin</p></div>"
            "<div class='doc'><p>CHƯƠNG TRÌNH</p><p>giáo dục nghề nghiệp</p><p>I. QUAN ĐIỂM</p><p>1. Quan điểm</p>"
            "</div><p>2. chân trang</p></body></html>").encode("utf-8")
    assert read_html(page, "x.html").text == "CHƯƠNG TRÌNH\n\ngiáo dục nghề nghiệp\n\nI. QUAN ĐIỂM\n\n1. Quan điểm\n"


def test_header_and_body_in_sibling_elements_are_both_the_document():
    page = ("<html><body><div class='menu'>Trang chủ</div><div class='wrap'>"
            "<div class='doc-head'><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>KẾ HOẠCH</p><p>VIỆC LÀM</p></div>"
            "<div class='doc-body'><p>I. MỤC TIÊU</p><p>1. Nội dung.</p></div></div>"
            "<div class='other'><p>1. Tin khác</p><p>2. Tin nữa</p></div></body></html>").encode("utf-8")
    assert read_html(page, "x.html").text == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\n\nVIỆC LÀM\n\n"
                                              "I. MỤC TIÊU\n\n1. Nội dung.\n")


def test_word_export_named_doc_is_read_as_a_page():
    data, _ = word_export(seed_text("quan11"))
    imported = import_source(data, "ke-hoach.doc")
    assert imported.format == "html"
    assert any("trang web" in note for note in imported.review)


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@pytest.mark.parametrize("nesting", ["<div>", "<table><tr><td>", "<ul><li>", "<span class='menu'>"])
def test_deepest_page_needs_about_a_frame_a_level(nesting):
    """The parser keeps at most 256 levels; reading them takes no more than ~300 frames of the stack."""
    page = (f"<html><body>{PLAN_START}" + nesting * 300 + "<p>sâu</p></body></html>").encode("utf-8")

    def with_frames_left(left: int):
        if sys.getrecursionlimit() - stack_depth() > left:
            return with_frames_left(left)
        return read_html(page, "x.html")

    imported = with_frames_left(330)
    assert imported.review == [CUT_NOTE]


def test_huge_spans_are_capped():
    page = (f"<html><body>{PLAN_START}<table border=1><tr><td>a</td><td>b</td></tr><tr>"
            + "<td colspan=100000 rowspan=100000>x</td>" * 3 + "</tr><tr><td>y</td></tr></table></body></html>")
    rows = read_html(page.encode("utf-8"), "x.html").text.split("\n")[4:-1]
    assert [row.split("\t") for row in rows] == [["a", "b"], (["x"] + [""] * (MAX_SPAN - 1)) * 3,
                                                  [""] * 3 * MAX_SPAN + ["y"]]


def test_page_too_deep_to_read_is_cut_with_a_note():
    """Past 256 levels of nesting the parser stops: the text read so far ends in a truncation mark."""
    page = (f"<html><body>{PLAN_START}<p>I. MỤC TIÊU</p><p>1. Giải quyết việc làm cho 100 người.</p>"
            + "<div>" * 400 + "sâu" + "</div>" * 400 + "<p>2. Phần sau.</p></body></html>")
    imported = read_html(page.encode("utf-8"), "x.html")
    assert imported.text.endswith("\n1. Giải quyết việc làm cho 100 người.\n\n[...]\n")
    assert imported.review == [CUT_NOTE]
    assert extract_plan(page.encode("utf-8"), "x.html").metadata.truncated


# --------------------------------------------------------------------------
# Cost, without clocks
# --------------------------------------------------------------------------


def read_cost(page: str) -> int:
    """Python and C calls made reading ``page`` (a deterministic measure of work, no clock)."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        read_html(page.encode("utf-8"), "cost.html")
    finally:
        sys.setprofile(None)
    return count


ROW = "<tr><td>{k}</td><td>Xã {k}</td><td>{k}0</td></tr>"
COST_SHAPES = {
    "paragraphs": lambda n: "".join(f"<p>Đoạn {k}<br>dòng hai <b>đậm</b></p>" for k in range(n)),
    "table-rows": lambda n: "<table border=1>" + "".join(ROW.format(k=k) for k in range(n)) + "</table>",
    "rowspans": lambda n: "<table border=1>" + "<tr>" + "<td rowspan=64>x</td>" * 20 + "</tr>"
                          + "<tr><td>y</td></tr>" * n + "</table>",
    "furniture": lambda n: "".join(f"<div class='menu'><p>Mục {k}</p><span class='share'>x</span></div>"
                                   for k in range(n)),
    "type-lines": lambda n: "".join(f"<div><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>KẾ HOẠCH</p><p>{k}. Mục</p>"
                                    "</div>" for k in range(n)),
    "nesting": lambda n: "<div>" * 200 + "".join(f"<p>đoạn {k}</p>" for k in range(n)) + "</div>" * 200,
}


@pytest.mark.parametrize("shape", list(COST_SHAPES))
def test_reading_cost_grows_linearly(shape):
    """cost(4n) - base < 6 (cost(n) - base): no shape of page makes the reader quadratic."""
    build = COST_SHAPES[shape]

    def cost(n: int) -> int:
        return read_cost(f"<html><body>{PLAN_START}{build(n)}</body></html>")

    base = cost(0)
    small, large = cost(200) - base, cost(800) - base
    assert 0 < large < 6 * small, f"{shape}: {large} / {small}"


# --------------------------------------------------------------------------
# 5. Fuzz
# --------------------------------------------------------------------------

TAGS = ["p", "div", "br", "table", "tr", "td", "th", "ol", "ul", "li", "span", "b", "o:p", "nav", "form", "script",
        "style", "pre", "dl", "dt", "dd", "h1", "aside", "thead", "caption", "select", "iframe", "a"]
PIECES = ["KẾ HOẠCH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "I. MỤC TIÊU", "1. Nội dung", "Số hiệu:", "12/KH-UBND",
          "Số: 12/KH-UBND", "X, ngày 1 tháng 1 năm 2024", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "&#7871;", "&nbsp;",
          "&shy;", "&#0;", "&#xFFFF;", "<!--", "-->", "<![if !supportLists]>", "<![endif]>", "<!DOCTYPE html>",
          "<?xml version='1.0' encoding='utf-8'?>", "<meta charset=windows-1252>", "<meta charset=x-bad>", "\t",
          "\n", " ", "<", ">", "&", "\x00", "\ufeff", "\u00a0"]
ATTRIBUTES = ["", " class=WordSection1", " class='menu'", " id=footer", " colspan=3", " rowspan=0", " start=-5",
              " type=i", " value=9999999999", " style='mso-tab-count:1'", " style='list-style-type:none'"]


@st.composite
def tag_soup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            parts.append(f"<{draw(st.sampled_from(TAGS))}{draw(st.sampled_from(ATTRIBUTES))}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(PIECES)))
        else:
            parts.append(draw(st.text(max_size=12)))
    return "".join(parts)


@fuzz_settings(60)
@given(tag_soup(), st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
@example("<p>KẾ HOẠCH</p><table>" + "<tr><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr>" * 2, "utf-8")
@example("<ol start=4000 type=I><li>KẾ HOẠCH</li></ol>", "utf-8")
def test_random_pages_read_or_raise_plan_error(soup, encoding):
    data = soup.encode(encoding, errors="replace")
    try:
        imported = read_html(data, "fuzz.html")
    except PlanError:
        return
    assert imported.format == "html" and imported.text.endswith("\n")
    assert imported.places and imported.places[0].line == 1
    check_extraction(data, "fuzz.html")


@fuzz_settings(40)
@given(st.binary(max_size=3000))
@example(b"<html>\xff\xfe\x00<p>K\xe1\xba\xbe HO\xe1\xba\xa0CH</p>")
def test_random_bytes_read_or_raise_plan_error(data):
    try:
        read_html(data, "fuzz.html")
    except PlanError:
        pass


@fuzz_settings(40)
@given(st.sampled_from(list(SEEDS)), st.lists(byte_edit, min_size=1, max_size=4))
def test_mutated_exports_extract_or_raise_plan_error(key, edits):
    data, _ = word_export(seed_text(key))
    for edit in edits:
        data = apply_byte_edit(data, edit)
    check_extraction(data, html_name(key))
