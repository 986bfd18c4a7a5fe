"""Ingest: decoding, normalization, regions, hard wraps, footnotes, portal block."""
from __future__ import annotations

import re
import unicodedata

import pytest

from generator.errors import PlanError
from generator.importers.plain import decode
from generator.ingest import TRUNCATION, read_document
from generator.pipeline import extract_plan
from generator.preparse import normalize_characters
from tests.seeds import SEEDS, seed_bytes, seed_document


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def region_words(doc) -> list[str]:
    lines = list(doc.header) + ([doc.doc_type] if doc.doc_type else []) + ([doc.title] if doc.title else [])
    lines += doc.body + doc.closing + doc.footnotes + doc.appendix
    portal = " ".join(f"{k} {v}" for k, v in doc.portal.items() if k != "Tiêu đề")
    portal = (doc.portal.get("Tiêu đề", "") + " " + portal).strip()
    return words(portal) + [w for line in sorted(lines, key=lambda l: l.number) for w in words(line.text)]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_word_of_the_source_lands_in_exactly_one_region(key):
    doc = seed_document(key)
    source_lines = [
        line for line in normalize_characters(decode(seed_bytes(key), SEEDS[key])).split("\n")
        if not TRUNCATION.match(line.strip())
    ]
    assert sorted(region_words(doc)) == sorted(w for line in source_lines for w in words(line))


def test_utf8_bom_and_utf16_decode_to_the_same_text():
    text = seed_bytes("hanoi").decode("utf-8")
    expected = decode(text.encode("utf-8"), "x")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == expected
    assert decode(text.encode("utf-16"), "x") == expected
    assert decode(b"\xfe\xff" + text.encode("utf-16-be"), "x") == expected


def test_nfd_text_is_normalized_to_nfc():
    nfd = unicodedata.normalize("NFD", seed_bytes("quan11").decode("utf-8")).encode("utf-8")
    doc = read_document(nfd.decode("utf-8"), "nfd.txt")
    assert all(unicodedata.is_normalized("NFC", line.text) for line in doc.body)
    assert [line.text for line in doc.body] == [line.text for line in seed_document("quan11").body]


@pytest.mark.parametrize(
    "data, reason, line",
    [
        (b"", "rỗng", None),
        (b"  \n\n ", "rỗng", None),
        (b"I. MUC\n\x00\x01\x02binary", "nhị phân", 2),
        ("I. MỤC TIÊU\n1. Tăng\n".encode("utf-8") + b"M\xf5c \xf0\xedch", "UTF-8", 3),  # legacy 8-bit text
    ],
)
def test_bad_bytes_are_clear_errors(data, reason, line):
    with pytest.raises(PlanError) as caught:
        decode(data, "bad.txt")
    assert caught.value.file == "bad.txt"
    assert reason in caught.value.reason
    assert caught.value.line == line


def test_hard_wrapped_lines_of_seed_001_are_rejoined_into_paragraphs():
    body = {line.text for line in seed_document("kontum").body}
    assert "2. Phục hồi và ổn định thị trường lao động" in body
    assert "1. Sở Lao động - Thương binh và Xã hội:" in body
    assert any(t.startswith("- Tỷ lệ lực lượng lao động trong độ tuổi tham gia bảo hiểm xã hội đạt 30%")
               and t.endswith("chỉ số đánh giá mức độ hài lòng của người tham gia bảo hiểm xã hội đạt mức 85%.")
               for t in body)
    # real paragraphs and list items are not joined
    assert "1. Mục tiêu tổng quát" in body
    assert "Phấn đấu đến năm 2025:" in body
    assert "- Tốc độ tăng năng suất lao động xã hội bình quân trên 6,5%/năm." in body


def test_page_broken_paragraphs_are_rejoined():
    body = [line.text for line in seed_document("hanoi").body]
    joined = next(t for t in body if t.startswith("- Các Sở, ban, ngành, đoàn thể chính trị Thành phố báo cáo định kỳ"))
    assert "báo cáo 06 tháng trước ngày 15/6/2023, báo cáo năm trước ngày 15/12/2023)" in joined
    assert not any(t.startswith("15/6/2023") for t in body)


def test_footnotes_of_seed_001_are_separated_and_complete():
    doc = seed_document("kontum")
    assert [int(re.match(r"\[(\d+)\]", f.text)[1]) for f in doc.footnotes] == list(range(1, 15))
    assert doc.footnotes[7].text == "[8] Theo chỉ đạo của Ủy ban nhân dân tỉnh tại Quyết định số 456/QĐ-UBND ngày 26/5/2021."
    assert not any(line.text.startswith("[") for line in doc.body)


def test_header_closing_and_appendix_regions():
    hanoi = seed_document("hanoi")
    assert [line.text for line in hanoi.header] == ["Số: 21 /KH-UBND", "Hà Nội, ngày 12 tháng 01 năm 2023"]
    assert hanoi.closing[0].text == "Nơi nhận:" and hanoi.closing[-1].text == "Lê Hồng Sơn"
    assert hanoi.appendix[0].text == "PHỤ LỤC"
    assert sum("\t" in line.text for line in hanoi.appendix) == 32  # header, 30 districts, total
    quan11 = seed_document("quan11")
    assert quan11.closing == [] and quan11.body[-1].text.startswith("Trên đây là Kế hoạch")


def test_portal_block_and_truncation_marker_of_seed_003():
    doc = seed_document("hcm_so")
    assert doc.portal["Số hiệu"] == "5472/KH-SLĐTBXH"
    assert doc.portal["Người ký"] == "Lê Minh Tấn"
    assert doc.portal["Tiêu đề"].startswith("Kế hoạch 5472/KH-SLĐTBXH về chỉ đạo")
    assert doc.truncated is True
    assert doc.body[-1].text.startswith("5. Giao Văn phòng Ban Chỉ đạo")
    assert not any("[...]" in line.text for line in doc.body)
    assert not seed_document("hanoi").truncated


def test_vietnamese_numbers_parse_and_format_with_babel():
    from generator.textutil import format_vn_number, is_vn_number, parse_vn_number

    assert [parse_vn_number(t) for t in ("6.500", "162.000", "61,6", "12")] == [6500, 162000, 61.6, 12]
    assert parse_vn_number("4.0") == 4  # not a valid grouping: read the English way
    assert [format_vn_number(v) for v in (162000, 61.6, 6500, 0.25)] == ["162.000", "61,6", "6.500", "0,25"]
    assert is_vn_number("6.500") and is_vn_number("61,6") and not is_vn_number("4.0") and not is_vn_number("")


def test_one_tone_placement_the_traditional_one():
    from generator.textutil import unify_tones

    assert unify_tones("chuẩn hoá, Uỷ ban, thuỷ lợi, khoẻ, hoà") == "chuẩn hóa, Ủy ban, thủy lợi, khỏe, hòa"
    assert unify_tones("hoàn thành, khuỷu, quý, huỳnh") == "hoàn thành, khuỷu, quý, huỳnh"  # not syllable-final
    doc = read_document("KẾ HOẠCH\nVỀ VIỆC\nI. MỤC TIÊU\n1. Chuẩn hoá dữ liệu do Uỷ ban thực hiện.\n", "x.txt")
    assert doc.body[-1].text == "1. Chuẩn hóa dữ liệu do Ủy ban thực hiện."


def test_statements_are_sentences_and_their_semicolon_parts_outside_brackets():
    from generator.textutil import statement_spans

    text = "Đạt 80%; giảm 5% (xem Phụ lục 1. Bảng 2). Tỷ lệ 61,6% vào năm 2025. năm sau"
    parts = [(text[start:end].strip(), sentence) for start, end, sentence in statement_spans(text)]
    assert parts == [
        ("Đạt 80%", 0), ("giảm 5% (xem Phụ lục 1. Bảng 2)", 0), ("Tỷ lệ 61,6% vào năm 2025. năm sau", 1)
    ]


def test_long_names_give_bounded_distinct_ids():
    from generator.textutil import bounded_slug

    long_a, long_b = "Đề án " + "tăng cường sự lãnh đạo " * 20 + "A", "Đề án " + "tăng cường sự lãnh đạo " * 20 + "B"
    assert len(bounded_slug(long_a)) <= 150 and bounded_slug(long_a) != bounded_slug(long_b)
    assert bounded_slug("Hà Nội 21/KH-UBND") == "ha-noi-21-kh-ubnd"
    cited = "KẾ HOẠCH\nVIỆC LÀM\nI. MỤC TIÊU\n1. Thực hiện Đề án “" + "Tăng cường sự lãnh đạo của Đảng " * 12 + "”.\n"
    plan = extract_plan(cited.encode(), "x.txt")
    assert all(len(part) <= 150 for document in plan.documents for part in document.id.split("/"))
