"""Word files (.docx, .doc) extract to the same plan as the text they hold.

The fixtures are made at test time from the bundled plans
(:mod:`tests.word_documents`: real Word numbering, the header table, data
tables, real footnotes); the .doc files are made from them by LibreOffice,
as a curator's old Word would have saved them.
"""
from __future__ import annotations

import functools
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.errors import PlanError
from generator.importers import cache as conversions, import_source, office, tools
from generator.importers.wordml import read_docx
from generator.pipeline import extract_plan
from generator.site import display
from tests.seeds import SEEDS, seed_bytes, seed_plan
from tests.test_metamorphic import assert_same_plan
from tests.word_documents import docx_from_text, read_label

ROOT = Path(__file__).resolve().parent.parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@functools.cache
def seed_docx(key: str) -> bytes:
    return docx_from_text(seed_bytes(key).decode("utf-8"))


@pytest.fixture(scope="module")
def seed_docs(tmp_path_factory) -> dict[str, bytes]:
    """Every seed as a Word 97-2003 file, saved by LibreOffice from its .docx (one soffice run)."""
    folder = tmp_path_factory.mktemp("doc")
    for key in SEEDS:
        (folder / f"{key}.docx").write_bytes(seed_docx(key))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
         "doc:MS Word 97", "--outdir", str(folder / "out"), *sorted(str(path) for path in folder.glob("*.docx"))],
        check=True, capture_output=True, timeout=300,
    )
    return {key: (folder / "out" / f"{key}.doc").read_bytes() for key in SEEDS}


@pytest.mark.parametrize("key", list(SEEDS))
def test_a_docx_extracts_as_its_text(key):
    data = seed_docx(key)
    plan = extract_plan(data, f"{key}.docx")
    assert plan.source.format == "docx"
    assert_same_plan(seed_plan(key), plan)


@pytest.mark.parametrize("key", list(SEEDS))
def test_the_docx_fixture_numbers_its_clauses_with_word_lists(key):
    """The labels are Word's: not in the paragraphs' text (python-docx sees none) but in w:numPr."""
    document = docx.Document(io.BytesIO(seed_docx(key)))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    labelled_lines = [line for line in seed_bytes(key).decode().split("\n") if read_label(line.strip())]
    assert len(numbered) >= 0.9 * len(labelled_lines) > 0
    assert not any(read_label(p.text) for p in numbered)


@pytest.mark.parametrize("key", list(SEEDS))
def test_a_doc_saved_by_libreoffice_extracts_as_its_text(key, seed_docs, tmp_path):
    plan = extract_plan(seed_docs[key], f"{key}.doc", tmp_path)
    assert plan.source.format == "doc"
    assert_same_plan(seed_plan(key), plan)


def test_an_rtf_file_extracts_as_its_text(tmp_path):
    """Word's other old format, RTF (often named .doc), goes through LibreOffice's RTF filter."""
    (tmp_path / "hanoi.docx").write_bytes(seed_docx("hanoi"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "rtf",
         "--outdir", str(tmp_path / "out"), str(tmp_path / "hanoi.docx")],
        check=True, capture_output=True, timeout=300,
    )
    rtf = (tmp_path / "out" / "hanoi.rtf").read_bytes()
    assert rtf.startswith(b"{\\rtf")
    plan = extract_plan(rtf, "hanoi.rtf", tmp_path)
    assert plan.source.format == "doc"  # and no note on the suffix: assert_same_plan compares the review
    assert_same_plan(seed_plan("hanoi"), plan)


def test_a_converted_doc_is_cached_by_content(seed_docs, tmp_path, monkeypatch):
    first = import_source(seed_docs["kontum"], "a.doc", tmp_path)
    entries = list((tmp_path / conversions.CONVERT_DIR).iterdir())
    assert [entry.name.split("-")[:3] for entry in entries] == [office.CONVERSION.split("-")[:3]]

    def no_libreoffice(*args, **kwargs):
        raise AssertionError("LibreOffice ran again for a cached file")

    monkeypatch.setattr(tools, "run_tool", no_libreoffice)
    again = import_source(seed_docs["kontum"], "renamed.doc", tmp_path)
    assert again.text == first.text


# ---------------------------------------------------------------- Word's numbering rules

def _docx(body: str, numbering: str = "", styles: str = "") -> bytes:
    """A minimal .docx package with the given document body, numbering and styles XML."""
    w = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>',
    }
    if numbering:
        parts["word/numbering.xml"] = f'<?xml version="1.0"?><w:numbering {w}>{numbering}</w:numbering>'
    if styles:
        parts["word/styles.xml"] = f'<?xml version="1.0"?><w:styles {w}>{styles}</w:styles>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return out.getvalue()


def _p(text: str, num: str | None = None, ilvl: int = 0, style: str | None = None) -> str:
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        properties += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    return f'<w:p><w:pPr>{properties}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, legal: bool = False) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{"<w:isLgl/>" if legal else ""}<w:lvlText w:val="{text}"/></w:lvl>')


def _lines(data: bytes) -> list[str]:
    return [line for line in read_docx(data, "t.docx").text.split("\n") if line]


def test_multilevel_lists_render_every_level_and_restart_the_deeper_ones():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%2.") + _lvl(2, "decimal", "%1.%2.%3")
        + _lvl(3, "lowerLetter", "%4)") + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = "".join([
        _p("MỤC TIÊU", "1", 0), _p("Chung", "1", 1), _p("Cụ thể", "1", 1), _p("Lao động", "1", 2),
        _p("tạo việc làm", "1", 3), _p("đào tạo", "1", 3), _p("NHIỆM VỤ", "1", 0), _p("Rà soát", "1", 1),
        _p("Mức", "1", 2),
    ])
    assert _lines(_docx(body, numbering)) == [
        "I. MỤC TIÊU", "1. Chung", "2. Cụ thể", "I.2.1 Lao động", "a) tạo việc làm", "b) đào tạo",
        "II. NHIỆM VỤ", "1. Rà soát", "II.1.1 Mức",
    ]


def test_start_override_legal_numbering_and_numbering_removed():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">' + _lvl(0, "upperRoman", "%1.") + _lvl(1, "decimal", "%1.%2.", legal=True)
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
    )
    body = _p("Ba", "2", 0) + _p("Một", "2", 1) + _p("Bốn", "2", 0) + _p("Không số", "0", 0) + _p("Lại", "1", 0)
    assert _lines(_docx(body, numbering)) == ["III. Ba", "3.1. Một", "IV. Bốn", "Không số", "I. Lại"]


def test_numbering_from_a_paragraph_style_and_its_parent():
    numbering = ('<w:abstractNum w:abstractNumId="0">' + _lvl(0, "decimal", "Điều %1.") + "</w:abstractNum>"
                 '<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>')
    styles = ('<w:style w:type="paragraph" w:styleId="Dieu"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="DieuDam"><w:basedOn w:val="Dieu"/></w:style>')
    body = _p("Phạm vi", style="Dieu") + _p("Đối tượng", style="DieuDam") + _p("Thường")
    assert _lines(_docx(body, numbering, styles)) == ["Điều 1. Phạm vi", "Điều 2. Đối tượng", "Thường"]


def test_bullets_keep_their_character_and_symbol_font_bullets_become_a_bullet():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">' + _lvl(0, "bullet", "-") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1">' + _lvl(0, "bullet", "\uf0b7") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2">' + _lvl(0, "bullet", "\uf02b") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="3">' + _lvl(0, "bullet", "\uf0a7") + "</w:abstractNum>"
        + "".join(f'<w:num w:numId="{n + 1}"><w:abstractNumId w:val="{n}"/></w:num>' for n in range(4))
    )
    body = _p("gạch đầu dòng", "1") + _p("chấm", "2") + _p("cộng", "3") + _p("ô vuông", "4")
    assert _lines(_docx(body, numbering)) == ["- gạch đầu dòng", "• chấm", "+ cộng", "• ô vuông"]


def test_a_typed_label_in_a_run_of_its_own_is_kept():
    bold_label = ('<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>a)</w:t><w:tab/></w:r>'
                  '<w:r><w:t>Tuyên truyền</w:t></w:r></w:p>')
    assert _lines(_docx(bold_label)) == ["a) Tuyên truyền"]


def test_a_data_table_is_tab_rows_and_the_header_table_is_its_cells():
    cell = lambda *paragraphs: "<w:tc>" + "".join(_p(text) for text in paragraphs) + "</w:tc>"  # noqa: E731
    header = ("<w:tbl><w:tr>" + cell("ỦY BAN NHÂN DÂN", "TỈNH A") + cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
              + "</w:tr><w:tr>" + cell("Số: 1/KH-UBND") + cell("A, ngày 2 tháng 3 năm 2024") + "</w:tr></w:tbl>")
    data = ("<w:tbl><w:tr>" + cell("STT") + cell("Chỉ tiêu") + "</w:tr><w:tr>" + cell("1") + cell("Việc", "làm")
            + "</w:tr></w:tbl>")
    imported = read_docx(_docx(header + _p("KẾ HOẠCH") + data), "t.docx")
    assert [line for line in imported.text.split("\n") if line] == [
        "ỦY BAN NHÂN DÂN", "TỈNH A", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1/KH-UBND",
        "A, ngày 2 tháng 3 năm 2024", "KẾ HOẠCH", "STT\tChỉ tiêu", "1\tViệc làm",
    ]
    lines = imported.text.split("\n")
    assert imported.place_of(lines.index("KẾ HOẠCH") + 1) == "đoạn 6"
    assert imported.place_of(lines.index("1\tViệc làm") + 1) == "bảng 2, hàng 2"


def test_footnotes_are_numbered_as_word_shows_them_and_follow_the_body():
    text = seed_bytes("kontum").decode()
    imported = read_docx(seed_docx("kontum"), "k.docx")
    lines = imported.text.split("\n")
    assert "Kon Tum[1]; Chương trình chuyển đổi số trong giáo dục nghề nghiệp đến" in lines
    first_note = next(line for line in text.split("\n") if line.startswith("[1] "))
    assert any(line.startswith(first_note) for line in lines)
    assert imported.place_of(next(i for i, line in enumerate(lines, 1) if line.startswith("[14] "))) == "chú thích 14"


def test_an_error_names_the_paragraph_of_the_word_file():
    body = _p("Một đoạn văn không phải kế hoạch.") + _p("Đoạn thứ hai.")
    with pytest.raises(PlanError) as caught:
        extract_plan(_docx(body), "khong-phai.docx")
    assert caught.value.place is not None and caught.value.place.startswith("đoạn ")
    assert f"khong-phai.docx:{caught.value.line} ({caught.value.place}): " in str(caught.value)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04 not really a zip", "không phải gói nén"),
    (b"this is text in a .docx", "không phải gói nén"),
    (None, "thiếu word/document.xml"),
    (b"broken", "không đọc được"),
    (b"empty", "không có chữ"),
])
def test_a_broken_docx_is_one_clear_error(data, reason):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            package.writestr("hello.txt", "xin chào")
        data = out.getvalue()
    elif data == b"broken":
        data = _docx("<w:p><w:r><w:t>không đóng thẻ</w:r></w:p>")
    elif data == b"empty":
        data = _docx(_p(""))
    with pytest.raises(PlanError) as caught:
        read_docx(data, "x.docx")
    assert caught.value.file == "x.docx" and reason in caught.value.reason


def test_a_doc_libreoffice_cannot_open_is_one_clear_error(tmp_path):
    ole_junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40
    with pytest.raises(PlanError) as caught:
        import_source(ole_junk, "hong.doc", tmp_path)
    assert caught.value.file == "hong.doc" and "LibreOffice" in caught.value.reason


def test_without_libreoffice_a_doc_says_which_package_to_install(monkeypatch, tmp_path, seed_docs):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PlanError) as caught:
        import_source(seed_docs["quan11"], "a.doc", None)
    assert "libreoffice-writer-nogui" in caught.value.reason


def test_a_tool_that_never_finishes_is_killed_at_its_time_limit():
    with pytest.raises(PlanError) as caught:
        tools.run_tool(["sleep", "infinity"], "a.doc", "LibreOffice chuyển .doc sang .docx", timeout=0.2)
    assert "quá 0.2 giây, đã dừng" in caught.value.reason


def test_a_tool_that_fails_reports_its_last_line():
    with pytest.raises(PlanError) as caught:
        tools.run_tool(["sh", "-c", "echo đang chạy; echo 'Error: source file could not be loaded' >&2; exit 3"],
                       "a.doc", "LibreOffice")
    assert caught.value.reason == "LibreOffice thất bại (mã 3): Error: source file could not be loaded"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mangled_docx_raises_only_plan_errors(data):
    package = zipfile.ZipFile(io.BytesIO(seed_docx("quan11")))
    xml = package.read("word/document.xml")
    start = data.draw(st.integers(0, len(xml) - 1))
    length = data.draw(st.integers(0, 400))
    replacement = data.draw(st.binary(max_size=40) | st.sampled_from([b"<", b">", b"</w:p>", b"<w:p>", b"&", b"\xff"]))
    mangled = xml[:start] + replacement + xml[start + length:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in package.infolist():
            target.writestr(item, mangled if item.filename == "word/document.xml" else package.read(item.filename))
    try:
        extract_plan(out.getvalue(), "fuzz.docx")
    except PlanError:
        pass


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_named_docx_raise_only_plan_errors(data):
    try:
        extract_plan(b"PK\x03\x04" + data, "fuzz.docx")
    except PlanError:
        pass


def test_the_suffix_does_not_decide_the_format(seed_docs, tmp_path):
    as_docx = import_source(seed_docx("quan11"), "misnamed.doc", tmp_path)
    assert as_docx.format == "docx" and "nội dung là Word" in as_docx.review[-1]


# ---------------------------------------------------------------- end to end

def test_word_sources_extract_beside_text_publish_their_original_and_a_broken_one_is_one_line(
    seed_docs, tmp_path, site_builder
):
    data = tmp_path / "data"
    sources = data / "sources"
    sources.mkdir(parents=True)
    (sources / "ke-hoach-kon-tum.docx").write_bytes(seed_docx("kontum"))
    (sources / "ke-hoach-ha-noi.doc").write_bytes(seed_docs["hanoi"])
    (sources / SEEDS["quan11"]).write_bytes(seed_bytes("quan11"))
    (sources / "hong.docx").write_bytes(b"PK\x03\x04 not a package")
    result = subprocess.run([sys.executable, "-m", "generator", "--data", str(data), "extract"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("LỖI")]
    assert errors == ["LỖI hong.docx: tệp Word (.docx) hỏng: không phải gói nén Office Open XML"]
    plans = {path.stem: path for path in (data / "plans").glob("*.yaml")}
    assert {seed_plan("kontum").id, seed_plan("hanoi").id, seed_plan("quan11").id} == set(plans)
    site = site_builder(tmp_path / "site", data)
    page = (site.root / "ke-hoach" / seed_plan("kontum").id / "index.html").read_text(encoding="utf-8")
    size = display.file_size(len(seed_docx("kontum")))
    assert f">bản gốc (.docx, {size})</a>" in page
    assert (site.root / "du-lieu" / "nguon" / f"{seed_plan('kontum').id}.docx").read_bytes() == seed_docx("kontum")
    text_page = (site.root / "ke-hoach" / seed_plan("quan11").id / "index.html").read_text(encoding="utf-8")
    assert f">văn bản nguồn (.txt, {display.file_size(len(seed_bytes('quan11')))})</a>" in text_page
