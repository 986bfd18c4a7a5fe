"""PDFs extract to the same plan as the text they were printed from; scans are read by OCR.

The fixtures are made at test time from the bundled plans: two seeds printed
by Debian's chromium from an HTML page of their text (the header and the
signature block as two-column tables, data rows as a ruled table, and
chromium's own running head and "1/12" page numbers on every page), and
three seeds as the Word files of :mod:`tests.word_documents` saved as PDF by
LibreOffice (Word's layout: ragged lines, paragraph spacing, list labels,
footnotes at the foot of the pages). The scan is the first two pages of a
printed seed rasterised at 300 dpi; OCR runs on it once for the module. A
missing tool fails the test with the package to install; nothing is skipped.
"""
from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess

import fpdf
import pdfplumber
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.errors import PlanError
from generator.importers import ImportedText, import_source, ocr, pdf
from generator.importers.cache import CONVERT_DIR
from generator.ingest import TRUNCATION, read_document
from generator.pipeline import extract_plan
from generator.structure import walk
from tests.seeds import seed_bytes, seed_document, seed_plan
from tests.test_metamorphic import assert_same_plan
from tests.word_documents import docx_from_text

PRINTED = {"quan11": "chromium", "hanoi": "chromium", "cantho": "word", "hanoi-word": "word", "kontum-word": "word"}
"""The printed fixtures: seed key (a '-word' suffix names a second print of a seed) -> who laid it out."""

RIGHT_COLUMN = re.compile(r"CỘNG HÒA|CHỦ NGHĨA|Độc lập|, ngày|^tháng")
SIGNATURE = re.compile(r"^(?:TM|T/M|KT|TL|TUQ|Q)\.?\s")
CSS = """
body { font-family: 'DejaVu Serif', serif; font-size: 12pt; margin: 0 }
p { margin: 0 0 6pt 0; text-indent: 1cm; text-align: justify }
p.centre { text-align: center; text-indent: 0; font-weight: bold }
table.grid { width: 100%; border-collapse: collapse }
table.grid td { vertical-align: top; padding: 0 }
table.grid td.left { width: 40% }
table.grid p { text-indent: 0; text-align: center; margin: 0 }
table.grid.closing td.left p { text-align: left }
table.data { border-collapse: collapse; margin: 6pt 0 }
table.data td { border: 1px solid black; padding: 2pt 4pt }
div.appendix { page-break-before: always }
"""


def _tool(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is missing: apt-get install {package} (make test installs it)", pytrace=False)
    return path


SAME_PARAGRAPHS = [name for name in PRINTED if name != "kontum-word"]
"""The fixtures whose paragraphs are the seed's: kontum's Word file keeps its text's hard-wrapped
lines as paragraphs of their own (which re-joining reads back from a .docx, not from a page
where Word spaced them apart)."""


def seed_key(name: str) -> str:
    return name.removesuffix("-word")


# ---------------------------------------------------------------- fixtures


def _paragraphs(texts: list[str], kind: str | None = None) -> str:
    attribute = f' class="{kind}"' if kind else ""
    return "".join(f"<p{attribute}>{html.escape(text)}</p>" for text in texts)


def _flow(texts: list[str]) -> str:
    """Paragraphs, with runs of tab rows as one ruled table."""
    parts: list[str] = []
    rows: list[list[str]] = []
    for text in [*texts, ""]:
        if "\t" in text:
            rows.append(text.split("\t"))
            continue
        if rows:
            cells = ("".join(f"<td>{html.escape(cell)}</td>" for cell in row) for row in rows)
            parts.append('<table class="data">' + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>")
            rows = []
        if text:
            parts.append(_paragraphs([text]))
    return "".join(parts)


def _grid(left: list[str], right: list[str], kind: str) -> str:
    return (f'<table class="grid {kind}"><tr><td class="left">{_paragraphs(left)}</td>'
            f"<td>{_paragraphs(right)}</td></tr></table>")


def seed_html(key: str) -> str:
    """A seed's text as a web page laid out like the printed plan."""
    doc = seed_document(key)
    header = [line.text for line in doc.header]
    parts = [_grid([t for t in header if not RIGHT_COLUMN.search(t)], [t for t in header if RIGHT_COLUMN.search(t)], "header")]
    parts.append(_paragraphs([doc.doc_type.text] + ([doc.title.text] if doc.title else []), "centre"))
    parts.append(_flow([line.text for line in doc.body]))
    closing = [line.text for line in doc.closing]
    if closing:
        signature = next((i for i, text in enumerate(closing) if SIGNATURE.match(text)), len(closing))
        parts.append(_grid(closing[:signature], closing[signature:], "closing"))
    parts.append(_paragraphs([line.text for line in doc.footnotes]))
    if doc.appendix:
        parts.append(f'<div class="appendix">{_flow([line.text for line in doc.appendix])}</div>')
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{key}</title><style>{CSS}</style></head>'
            f'<body>{"".join(parts)}</body></html>')


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, bytes]:
    """Every fixture of :data:`PRINTED` as PDF bytes."""
    folder = tmp_path_factory.mktemp("printed")
    chromium = _tool("chromium", "chromium")
    soffice = _tool("soffice", "libreoffice-writer-nogui")
    result = {}
    for name, maker in PRINTED.items():
        if maker == "chromium":
            page = folder / f"{name}.html"
            page.write_text(seed_html(seed_key(name)), encoding="utf-8")
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={folder / 'chromium'}", f"--print-to-pdf={folder / name}.pdf", page.as_uri()],
                check=True, capture_output=True, timeout=120,
            )
        else:
            (folder / f"{name}.docx").write_bytes(docx_from_text(seed_bytes(seed_key(name)).decode("utf-8")))
    words = sorted(str(folder / f"{name}.docx") for name, maker in PRINTED.items() if maker == "word")
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *words],
                   check=True, capture_output=True, timeout=300)
    for name in PRINTED:
        result[name] = (folder / f"{name}.pdf").read_bytes()
    return result


@pytest.fixture(scope="module")
def imported(printed) -> dict[str, ImportedText]:
    """Every printed fixture, imported."""
    return {name: import_source(data, f"{name}.pdf") for name, data in printed.items()}


def _pages(data: bytes, count: int) -> bytes:
    """The first ``count`` pages of a PDF."""
    source = pikepdf.open(io.BytesIO(data))
    target = pikepdf.new()
    target.pages.extend(source.pages[:count])
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def _scan(data: bytes, count: int) -> bytes:
    """The first ``count`` pages of a PDF as page images at 300 dpi: a scan with no text layer."""
    with pdfplumber.open(io.BytesIO(data)) as document:
        images = [page.to_image(resolution=300).original.convert("L") for page in document.pages[:count]]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=300)
    return out.getvalue()


@pytest.fixture(scope="module")
def scanned(printed, tmp_path_factory):
    """quan11's first two printed pages scanned, OCR'd once into a cache: (scan, plan, cache)."""
    _tool("tesseract", "tesseract-ocr-vie")
    _tool("unpaper", "unpaper")
    scan = _scan(printed["quan11"], 2)
    cache = tmp_path_factory.mktemp("cache")
    return scan, extract_plan(scan, "scan.pdf", cache), cache


# ---------------------------------------------------------------- text PDFs


@pytest.mark.parametrize("name", SAME_PARAGRAPHS)
def test_a_printed_pdf_extracts_as_its_text(printed, name):
    plan = extract_plan(printed[name], f"{name}.pdf")
    assert_same_plan(seed_plan(seed_key(name)), plan)
    assert plan.source.format == "pdf"


@pytest.mark.parametrize("name", list(PRINTED))
def test_every_line_is_placed_on_its_page(printed, imported, name):
    """Each line's place names the page its first word is printed on (footnotes, moved after the
    closing, keep their own page)."""
    source = imported[name]
    with pdfplumber.open(io.BytesIO(printed[name])) as document:
        pages = ["".join(page.extract_text().split()) for page in document.pages]
    assert source.places[0].line == 1
    for number, line in enumerate(source.text.split("\n"), start=1):
        words = re.sub(r"^\[\d+\]\s*", "", line).split("[")[0].split()  # a footnote's mark is no word
        if words:
            where = source.place_of(number)
            assert re.fullmatch(r"trang \d+", where) and words[0] in pages[int(where[6:]) - 1], (number, line, where)


def test_running_heads_and_page_numbers_are_dropped(imported):
    """chromium prints the date and the title at the top of every page, the file's address and
    '1/9' at the bottom: none of it is text of the plan."""
    for name in ("quan11", "hanoi"):
        text = imported[name].text
        assert "file://" not in text
        assert not re.search(r"^\d+/\d+/\d+, \d+:\d+ [AP]M|^\d+/\d+$", text, re.MULTILINE), name


def test_the_two_column_header_is_read_column_by_column(imported):
    text = imported["quan11"].text
    lines = [line for line in text.split("\n") if line][:6]
    assert lines == ["ỦY BAN NHÂN DÂN QUẬN 11", "Số: 270/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Quận 11, ngày 30 tháng 9 năm 2024", "KẾ HOẠCH"]


def test_word_footnotes_at_the_foot_of_pages_are_the_plan_s_footnotes(printed, imported):
    """Word sets footnotes at the foot of each page, below a short rule, and marks them with small
    raised numbers: they are read as '[n]' marks and '[n] …' notes after the closing."""
    plan, expected = extract_plan(printed["kontum-word"], "kontum.pdf"), seed_plan("kontum")
    assert [(f.number, f.clause_id, f.text) for f in plan.footnotes] == [
        (f.number, f.clause_id, f.text) for f in expected.footnotes]
    assert len(expected.footnotes) == 14
    assert plan.metadata == expected.metadata and plan.targets == expected.targets
    text = imported["kontum-word"].text
    assert "Kon Tum[1]; Chương trình" in text and "năm 2030[2]; Đề" in text


def test_the_signature_block_beside_the_recipients_is_read_after_them(imported):
    for name in ("hanoi", "hanoi-word", "cantho"):
        closing = [line.text for line in read_document(imported[name].text, "x").closing]
        assert closing == [line.text for line in seed_document(seed_key(name)).closing], name


def test_a_ruled_table_is_tab_rows_at_its_place(imported):
    text = imported["hanoi"].text
    assert "Số TT\tQuận, huyện, thị xã\tChỉ tiêu GQVL (Người)\n1\tBa Đình\t6.700\n" in text
    assert text.index("PHỤ LỤC") < text.index("1\tBa Đình") < text.index("Tổng cộng\t\t162.000")


def _ruled(document: fpdf.FPDF, widths: list[float], rows: list[list[str]]) -> None:
    for row in rows:
        for width, text in zip(widths, row):
            document.cell(width, 18, text, border=1)
        document.ln(18)


def test_a_table_cut_into_pieces_is_rows_in_every_piece():
    """Word ends a page with one row of a table and goes on with the rest on the next page; a
    piece of one row ruled like its neighbours is data, while a one-row grid of other columns (the
    header's two cells) is still the page's layout."""
    document = fpdf.FPDF(unit="pt", format=(595, 842))
    document.add_font("serif", fname="/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    document.set_font("serif", size=11)
    document.set_auto_page_break(False)
    document.add_page()
    _ruled(document, [250, 250], [["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]])
    document.ln(30)
    widths = [60, 240, 140]
    _ruled(document, widths, [["Số TT", "Xã, phường", "Chỉ tiêu"], ["1", "Ba Đình", "6.700"], ["2", "Ba Vì", "4.000"]])
    document.ln(20)  # a blank paragraph between two pieces
    document.set_y(790)
    _ruled(document, widths, [["3", "Quốc Oai", "3.200"]])  # the last row of the page
    document.add_page()
    _ruled(document, widths, [["4", "Sóc Sơn", "8.200"], ["Tổng cộng", "", "21.100"]])
    text = pdf.read_pdf(bytes(document.output()), "pieces.pdf").text
    assert "ỦY BAN NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    rows = [line for line in text.split("\n") if "\t" in line]
    assert rows == ["Số TT\tXã, phường\tChỉ tiêu", "1\tBa Đình\t6.700", "2\tBa Vì\t4.000",
                    "3\tQuốc Oai\t3.200", "4\tSóc Sơn\t8.200", "Tổng cộng\t\t21.100"]


def test_a_line_broken_after_a_hyphen_is_one_word_again(imported):
    """chromium breaks '913/QĐ-UBND' after its hyphen; the number is whole in the text."""
    text = imported["hanoi"].text
    assert "913/QĐ-UBND" in text and "QĐ- UBND" not in text


def test_glyphs_without_text_are_dropped_and_counted(printed):
    """A font with no ToUnicode map and no embedded font program gives pdfminer '(cid:N)'."""
    document = pikepdf.open(io.BytesIO(printed["hanoi"]))
    for page in document.pages:
        for font in page.resources.get("/Font", {}).values():
            if "Bold" in str(font.BaseFont):
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
                descriptor = font.DescendantFonts[0].FontDescriptor
                if "/FontFile2" in descriptor:
                    del descriptor["/FontFile2"]
    out = io.BytesIO()
    document.save(out)
    imported = pdf.read_pdf(out.getvalue(), "cid.pdf")
    assert "(cid:" not in imported.text
    assert any(re.fullmatch(r"\d+ ký tự không có mã chữ \(cid\) đã bỏ", note) for note in imported.review)


def test_a_page_with_only_an_image_is_named_for_review(printed):
    text_page = pikepdf.open(io.BytesIO(_pages(printed["quan11"], 1)))
    image_page = pikepdf.open(io.BytesIO(_scan(printed["quan11"], 1)))
    text_page.pages.append(image_page.pages[0])
    out = io.BytesIO()
    text_page.save(out)
    assert pdf.read_pdf(out.getvalue(), "mixed.pdf").review == ["trang 2 là ảnh quét, không có lớp chữ: chưa đọc"]


def test_a_scan_with_a_digital_signature_stamp_is_read_by_ocr(printed, monkeypatch):
    """Plans are published as scans signed digitally: the signature's box is the only text layer."""
    stamp = fpdf.FPDF(unit="pt", format=(595, 842))
    stamp.add_page()
    stamp.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    stamp.set_font("DejaVu", size=7)
    stamp.set_xy(380, 40)
    stamp.multi_cell(180, 9, "Ký bởi: Ủy ban nhân dân Quận 11\nEmail: ubndq11@tphcm.gov.vn\n"
                             "Cơ quan: Thành phố Hồ Chí Minh\nThời gian ký: 30.09.2024 16:20:11 +07:00")
    signed = pikepdf.open(io.BytesIO(_scan(printed["quan11"], 2)))
    stamp_pdf = pikepdf.open(io.BytesIO(bytes(stamp.output())))
    signed.pages[0].add_overlay(signed.copy_foreign(stamp_pdf.pages[0].as_form_xobject()))
    out = io.BytesIO()
    signed.save(out)
    assert 60 < sum(ch.isalpha() for ch in pdfplumber.open(io.BytesIO(out.getvalue())).pages[0].extract_text())
    calls = []
    monkeypatch.setattr(ocr, "read_scanned", lambda data, file, cache, pages: calls.append(pages) or "OCR")
    assert pdf.read_pdf(out.getvalue(), "signed.pdf") == "OCR" and calls == [2]


# ---------------------------------------------------------------- bad input


def test_an_encrypted_pdf_is_one_clear_error(printed):
    source = pikepdf.open(io.BytesIO(printed["quan11"]))
    locked, open_to_read = io.BytesIO(), io.BytesIO()
    source.save(locked, encryption=pikepdf.Encryption(user="x", owner="y"))
    source.save(open_to_read, encryption=pikepdf.Encryption(user="", owner="y"))
    with pytest.raises(PlanError) as caught:
        extract_plan(locked.getvalue(), "locked.pdf")
    assert caught.value.reason == "PDF được mã hoá (cần mật khẩu), không đọc được"
    # a PDF with only an owner password (no printing, no copying) opens without one
    assert_same_plan(seed_plan("quan11"), extract_plan(open_to_read.getvalue(), "owner.pdf"))


@pytest.mark.parametrize("data, reason", [
    (b"Ke hoach so 12/KH-UBND\nI. MUC TIEU\n", "PDF hỏng: không đọc được cấu trúc tệp (PDFSyntaxError: "),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF hỏng: "),
])
def test_a_file_named_pdf_that_is_not_one_is_one_clear_error(data, reason):
    """import_source reads what the bytes are: text with no PDF signature named .pdf is read as PDF
    (its name is all there is) and fails as one."""
    with pytest.raises(PlanError) as caught:
        import_source(data, "x.pdf")
    assert caught.value.reason.startswith(reason)


@pytest.mark.parametrize("kept", [1 / 3, 1 / 2, 2 / 3, 9 / 10])
def test_a_truncated_pdf_is_one_clear_error(printed, kept):
    """Wherever the cut falls (the parser then meets an unexpected end, or no trailer), the error
    is the same."""
    data = printed["hanoi"]
    with pytest.raises(PlanError) as caught:
        extract_plan(data[: int(len(data) * kept)], "cut.pdf")
    assert caught.value.reason == "PDF hỏng: tệp bị cắt cụt giữa chừng (cuối tệp không có %%EOF)"


def test_a_long_pdf_is_cut_at_max_pages():
    words = "lao động việc làm kế hoạch thực hiện giải pháp mục tiêu đào tạo nghề thị trường nhân lực".split()
    document = fpdf.FPDF()
    document.add_font("serif", fname="/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    document.set_font("serif", size=12)
    for number in range(1, 301):
        document.add_page()
        for line in range(3):
            chosen = (words[(number * 7 + line * 3 + k * k) % len(words)] for k in range(8))
            document.cell(text=f"Trang {number}: " + " ".join(chosen), new_x="LMARGIN", new_y="NEXT")
    imported = pdf.read_pdf(bytes(document.output()), "long.pdf")
    assert imported.review == ["PDF có 300 trang, chỉ đọc 200 trang đầu"]
    assert "Trang 200:" in imported.text and "Trang 201:" not in imported.text
    last = imported.text.rstrip("\n").split("\n")[-1]
    assert last == pdf.TRUNCATION_MARKER and TRUNCATION.match(last)
    assert read_document(imported.text, "long.pdf").truncated


def test_a_scan_without_ocr_installed_says_what_to_install(scanned, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PlanError) as caught:
        extract_plan(scanned[0], "scan.pdf")
    assert caught.value.reason.startswith("PDF là ảnh quét, không có lớp chữ; cần tesseract để nhận dạng chữ (OCR)")
    assert "tesseract-ocr-vie" in caught.value.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_named_pdf_raise_only_plan_errors(data):
    for prefix in (b"", b"%PDF-1.4\n"):
        try:
            pdf.read_pdf(prefix + data, "fuzz.pdf")
        except PlanError:
            pass


def _small_pdf() -> bytes:
    document = fpdf.FPDF()
    document.add_font("serif", fname="/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    document.set_font("serif", size=12)
    document.add_page()
    for text in ("ỦY BAN NHÂN DÂN", "KẾ HOẠCH", "I. MỤC TIÊU", "1. Tạo việc làm cho 6.500 lao động."):
        document.cell(text=text, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


SMALL_PDF = _small_pdf()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mangled_pdf_raises_only_plan_errors(data):
    start = data.draw(st.integers(0, len(SMALL_PDF) - 1))
    length = data.draw(st.integers(0, 300))
    replacement = data.draw(st.binary(max_size=40) | st.sampled_from(
        [b"", b"(", b")", b"<<", b">>", b"endobj", b"stream", b"/Length 99999", b"0 0 R", b"\xff"]))
    mangled = SMALL_PDF[:start] + replacement + SMALL_PDF[start + length:]

    def no_ocr(*args):  # a page whose text was mangled away is no scan to OCR here
        raise PlanError("fuzz.pdf", "ảnh quét")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr, "read_scanned", no_ocr)
        try:
            pdf.read_pdf(mangled, "fuzz.pdf")
        except PlanError:
            pass


# ---------------------------------------------------------------- scans


def test_a_scan_is_read_by_ocr(printed, scanned):
    scan, plan, _ = scanned
    text_plan = extract_plan(_pages(printed["quan11"], 2), "two-pages.pdf")
    expected = {clause.id for clause in walk(text_plan.clauses)}
    found = {clause.id for clause in walk(plan.clauses)}
    assert len(expected) >= 10
    assert len(expected & found) >= 0.95 * len(expected), sorted(expected - found)
    assert plan.source.format == "pdf"
    assert {place.where for place in plan.source.places} == {"trang 1", "trang 2"}
    note = plan.metadata.review[0]
    assert re.fullmatch(r"văn bản nhận dạng từ ảnh quét \(OCR\), độ tin cậy trung bình \d{2}(,\d)? %: "
                        r"cần đối chiếu với bản gốc", note), note
    assert (plan.metadata.number, plan.metadata.date) == (text_plan.metadata.number, text_plan.metadata.date)


def test_a_second_ocr_of_the_same_scan_comes_from_the_cache(scanned, monkeypatch):
    scan, plan, cache = scanned
    entries = list((cache / CONVERT_DIR).glob(f"{ocr.OCR_KIND}-*"))
    assert len(entries) == 1
    found = json.loads(entries[0].read_bytes())
    assert [page["page"] for page in found] == [1, 2]

    def no_ocr(*args):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(ocr, "run_ocr", no_ocr)
    assert extract_plan(scan, "renamed.pdf", cache).clauses == plan.clauses


def test_ocr_output_becomes_text_with_notes(monkeypatch):
    """The reading of OCR's result (no tesseract here): paragraphs, specks, page numbers, label
    repairs, low-confidence lines, and a scan longer than MAX_OCR_PAGES."""
    asked = []

    def fake_ocr(data, file, pages):
        asked.append(pages)
        lines = [[["I.", 95], ["MỤC", 95], ["TIÊU", 95]], [["1.", 96], ["Tổ", 40], ["chức", 41]],
                 [["_—", 31], ["Il.", 70], ["NHIỆM", 90], ["VỤ", 90]], [["1.", 95], ["Nhiệm", 95], ["vụ", 95]],
                 [["3", 90]]]
        return json.dumps([{"page": 1, "paragraphs": [[line] for line in lines]}]).encode()

    monkeypatch.setattr(ocr, "run_ocr", fake_ocr)
    imported = ocr.read_scanned(b"scan", "scan.pdf", None, 40)
    assert asked == [ocr.MAX_OCR_PAGES]
    assert imported.text.split("\n") == ["I. MỤC TIÊU", "", "1. Tổ chức", "", "II. NHIỆM VỤ", "", "1. Nhiệm vụ",
                                         "", pdf.TRUNCATION_MARKER, ""]  # '3', a page number, and '_—' dropped
    assert imported.review == [
        "văn bản nhận dạng từ ảnh quét (OCR), độ tin cậy trung bình 83,1 %: cần đối chiếu với bản gốc",
        "1 dòng nhận dạng có độ tin cậy dưới 60 % (trang 1)",
        "sửa nhãn OCR: 'Il.' → 'II.' (trang 1)",
        f"PDF có 40 trang, chỉ nhận dạng chữ {ocr.MAX_OCR_PAGES} trang đầu",
    ]


# ---------------------------------------------------------------- label repair


@pytest.mark.parametrize("lines, repaired", [
    (["I. MỤC ĐÍCH", "1. Mục đích", "2. Yêu cầu", "Il. NHIỆM VỤ", "1. Nhiệm vụ chung"],
     {3: "II. NHIỆM VỤ"}),
    (["I. A", "II. B", "III. GIẢI PHÁP", "III.1. Một", "III.2. Hai", "III.2.1. Ba", "III.2.2. Bốn", "III.2.3. Năm",
      "IIL2.4 Tổ chức thực hiện", "III.2.5. Sáu"], {8: "III.2.4 Tổ chức thực hiện"}),
    (["I. A", "II. B", "III. C", "III.1. D", "lll.2. E", "III.3. F"], {4: "III.2. E"}),
    (["I. MỤC TIÊU", "1. Mục tiêu", "2. Chỉ tiêu", "11. GIẢI PHÁP", "1. Giải pháp"], {3: "II. GIẢI PHÁP"}),
    (["l. MỤC ĐÍCH", "1. Mục đích"], {0: "I. MỤC ĐÍCH"}),
    (["I. MỤC TIÊU", "1. Mục tiêu", "II GIẢI PHÁP:", "1. Đảm bảo"], {2: "II. GIẢI PHÁP:"}),
    (["I. A", "1. a", "2. b", "I. C", "1. c"], {3: "II. C"}),
    (["1. Một", "2. Hai", "2,1. Hai một", "2.2. Hai hai"], {2: "2.1. Hai một"}),
])
def test_misread_labels_are_repaired(lines, repaired):
    result, repairs = ocr.repair_labels(lines)
    assert {repair.index: result[repair.index] for repair in repairs} == repaired
    assert all(result[i] == line for i, line in enumerate(lines) if i not in repaired)
    assert all(repair.old != repair.new and result[repair.index].startswith(repair.new) for repair in repairs)


@pytest.mark.parametrize("lines", [
    ["I. A", "1. a", "l. b"],  # 'I.' and '1.' both fail to follow '1.': nothing fits
    ["l. MỤC ĐÍCH"],  # 'I.' and '1.' both could open the plan
    ["1. MỤC ĐÍCH", "1. Mục đích", "2. Yêu cầu"],  # 'I.' read as '1.': the first fits, the second is not sure
    ["I. A", "1. a", "2. b", "1. c", "2. d"],  # a list that starts again at 1
    ["I. A", "1. a", "5. b"],  # a gap no look-alike explains
    ["I. A", "1.300 lao động có việc làm", "2025 là năm cuối", "1 2 3", "l và 1"],  # numbers, not labels
    ["I. A", "1. a", "ll tỷ lệ"],  # no dot and not a heading
])
def test_unsure_or_unbroken_labels_are_left_alone(lines):
    assert ocr.repair_labels(lines) == (lines, [])
