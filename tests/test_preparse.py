"""Pre-parse and metadata on the forms real plans come in, one form per test.

Each input here is a small document written the way the genre writes it
(headers flattened by copying, portal blocks, page markers, Markdown tables);
the assertions are what a reader of that document would say.
"""
from __future__ import annotations

from generator.ingest import read_document
from generator.pipeline import extract_plan
from generator.preparse import preparse
from generator.structure import walk

BODY = "I. MỤC TIÊU\n1. Tạo việc làm cho người lao động.\n"
SIGNATURE = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"


def plan(text: str):
    return extract_plan(text.encode("utf-8"), "mau.txt")


def test_a_two_column_header_flattened_into_one_line_per_row_is_split_back():
    flat = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH KON TUM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 710/KH-UBND Kon Tum, ngày 17 tháng 3 năm 2023\n"
        "KẾ HOẠCH\nVIỆC LÀM NĂM 2023\n" + BODY + SIGNATURE
    )
    meta = plan(flat).metadata
    assert (meta.issuer, meta.number, meta.date, meta.place) == (
        "Ủy ban nhân dân tỉnh Kon Tum", "710/KH-UBND", "2023-03-17", "Kon Tum"
    )
    assert meta.level == "province" and meta.locality == "kon-tum"


def test_header_words_split_by_stray_spaces_are_put_back():
    text = "ỦY B AN NHÂN D Â N\nTỈNH KON TUM\nSố: 1/KH-UBND\nKon Tum, ngày 2 tháng 3 năm 2024\nK Ế HOẠCH\nVỀ VIỆC LÀM\n" + BODY
    result = plan(text)
    assert result.metadata.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert result.metadata.title == "VỀ VIỆC LÀM"


def test_portal_block_with_wrapped_and_repeated_values_and_site_text_around():
    text = (
        "Thư viện văn bản\nĐăng nhập | Đăng ký\nTrang chủ > Văn bản > Lao động\n"
        "Kế hoạch 12/KH-UBND về việc làm năm 2024 trên địa bàn\ntỉnh Kon Tum\n"
        "Số hiệu: 12/KH-UBND\nLoại văn bản: Kế hoạch\nNơi ban hành: Tỉnh Kon Tum\n"
        "Người ký: Nguyễn Văn An\nNgười ký: Lê Văn Bình\nNgày ban hành: 02/03/2024\n"
        "Lĩnh vực: Lao động - Tiền lương,\nViệc làm\nTình trạng: Còn hiệu lực\n\n"
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 12/KH-UBND\nKon Tum, ngày 2 tháng 3 năm 2024\n"
        "KẾ HOẠCH\nVIỆC LÀM NĂM 2024\n" + BODY + SIGNATURE
        + "Bạn chưa đăng nhập, hãy đăng nhập để tải văn bản\nVăn bản liên quan\n© 2026 Thư viện văn bản\n"
    )
    doc = read_document(text, "mau.txt")
    assert doc.portal["Số hiệu"] == "12/KH-UBND"
    assert doc.portal["Tiêu đề"] == "Kế hoạch 12/KH-UBND về việc làm năm 2024 trên địa bàn tỉnh Kon Tum"
    assert doc.portal["Lĩnh vực"] == "Lao động - Tiền lương, Việc làm"
    assert doc.portal["Người ký"] == "Nguyễn Văn An; Lê Văn Bình"
    assert doc.closing[-1].text == "Nguyễn Văn An"  # site text after the signature is gone
    meta = plan(text).metadata
    assert (meta.number, meta.date, meta.signer, meta.review) == ("12/KH-UBND", "2024-03-02", "Nguyễn Văn An", [])


def test_the_portal_block_is_cross_checked_against_the_header():
    text = (
        "Số hiệu: 13/KH-UBND\nNgày ban hành: 02/03/2024\nLoại văn bản: Kế hoạch\n"
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 12/KH-UBND\nKon Tum, ngày 2 tháng 3 năm 2024\nKẾ HOẠCH\nVIỆC LÀM\n" + BODY
    )
    review = plan(text).metadata.review
    assert any("13/KH-UBND" in note and "12/KH-UBND" in note for note in review)


def test_page_markers_are_dropped_and_the_paragraph_they_split_rejoined():
    text = (
        "KẾ HOẠCH\nVIỆC LÀM\nI. MỤC TIÊU\n1. Tạo việc làm cho người lao động trong\n## Trang 2\n"
        "độ tuổi.\nTrang 2/3\n2. Giảm tỷ lệ thất nghiệp.\n- 3 -\n3. Đào tạo nghề.\n4/15\n17\n"
    )
    doc = read_document(text, "mau.txt")
    assert [line.text for line in doc.body] == [
        "I. MỤC TIÊU", "1. Tạo việc làm cho người lao động trong độ tuổi.", "2. Giảm tỷ lệ thất nghiệp.", "3. Đào tạo nghề."
    ]


def test_a_one_row_markdown_header_table_and_a_markdown_appendix_table():
    text = (
        "| ỦY BAN NHÂN DÂN<br>TỈNH KON TUM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc |\n"
        "|---|---|\n\nSố: 5/KH-UBND\n\nKon Tum, ngày 1 tháng 2 năm 2024\n\nKẾ HOẠCH\n\nVIỆC LÀM\n\n" + BODY
        + "\n" + SIGNATURE + "\nPHỤ LỤC\n\n| STT | Đơn vị | Chỉ tiêu |\n|---|---|---|\n| 1 | Huyện A | 1.200 |\n"
        "| 2 | Huyện B | 800 |\n| **Tổng cộng** | | **2.000** |\n"
    )
    result = plan(text)
    assert result.metadata.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    table = result.tables[0]
    assert [c.name for c in table.columns] == ["STT", "Đơn vị", "Chỉ tiêu"]
    assert table.rows == [[1, "Huyện A", 1200], [2, "Huyện B", 800]]
    assert table.total.values[-1] == 2000


def test_a_split_cell_appendix_table_with_empty_cells_is_rebuilt_row_by_row():
    cells = ["TT", "Sản phẩm", "Năm 2026", "Năm 2027", "1", "Xoài", "7.000", "7.800", "2", "Nhãn", "", "26.100",
             "", "Tổng", "7.000", "33.900"]
    rows = [cells[i:i + 4] for i in range(0, len(cells), 4)]
    block = "".join("|\n" + "".join(f"{cell}\n|\n" for cell in row) for row in rows)
    text = "KẾ HOẠCH\nVIỆC LÀM\n" + BODY + SIGNATURE + "\nPHỤ LỤC\n\n" + block
    table = plan(text).tables[0]
    assert table.rows == [[1, "Xoài", 7000, 7800], [2, "Nhãn", None, 26100]]
    assert table.total.values[2:] == [7000, 33900]


def test_a_decision_issuing_a_plan_reads_as_the_decision_and_its_attached_plan():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 9/QĐ-UBND\nSơn La, ngày 3 tháng 4 năm 2025\nQUYẾT ĐỊNH\n"
        "VỀ VIỆC BAN HÀNH KẾ HOẠCH VIỆC LÀM NĂM 2025\nỦY BAN NHÂN DÂN TỈNH SƠN LA\n"
        "Căn cứ Luật Việc làm;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch việc làm năm 2025.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n" + SIGNATURE.replace("TM.", "KT.").replace("\nCHỦ TỊCH", "\nPHÓ CHỦ TỊCH")
        + "KẾ HOẠCH\nVIỆC LÀM NĂM 2025\n(Ban hành kèm theo Quyết định số 9/QĐ-UBND ngày 3/4/2025 của UBND tỉnh Sơn La)\n"
        + BODY
    )
    result = plan(text)
    meta = result.metadata
    assert (meta.doc_type, meta.number, meta.decision_number, meta.date) == ("ke-hoach", "9/QĐ-UBND", "9/QĐ-UBND", "2025-04-03")
    assert (meta.title, meta.signer, meta.signer_title) == ("VIỆC LÀM NĂM 2025", "Nguyễn Văn An", "Phó Chủ tịch")
    assert [c.id for c in walk(result.clauses)] == ["D1", "D2", "I", "I.1"]


def test_blank_number_and_day_stamped_after_signing_are_null_and_flagged():
    text = "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố:     /KH-UBND\nKon Tum, ngày    tháng 3 năm 2026\nKẾ HOẠCH\nVIỆC LÀM\n" + BODY
    meta = plan(text).metadata
    assert meta.number is None and meta.date is None
    assert len(meta.review) == 2


def test_levels_and_signer_titles_of_the_genre():
    def meta_of(issuer_lines: str, signature: str = SIGNATURE):
        return plan(issuer_lines + "Số: 3/KH-UBND\nX, ngày 1 tháng 8 năm 2025\nKẾ HOẠCH\nVIỆC LÀM\n" + BODY + signature).metadata

    assert meta_of("ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\n").level == "commune"
    assert meta_of("ỦY BAN NHÂN DÂN\nPHƯỜNG SÀI GÒN\n").level == "commune"
    assert meta_of("ỦY BAN NHÂN DÂN\nHUYỆN BA VÌ\n").level == "district"
    assert meta_of("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nTỈNH KON TUM\n").level == "mass-organisation"
    assert meta_of("TỈNH ỦY KON TUM\n").level == "party-committee"
    assert meta_of("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSỞ NỘI VỤ\n").level == "department"
    acting = meta_of("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n", SIGNATURE.replace("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Q. CHỦ TỊCH"))
    assert acting.signer_title == "Quyền Chủ tịch"


def test_every_numbering_style_of_the_genre_nests():
    text = (
        "KẾ HOẠCH\nVIỆC LÀM\nPhần I. KẾT QUẢ\nA. TỔNG QUAN\nI. MỤC TIÊU\n1. Mục tiêu chung\n1.1. Việc làm\n"
        "2.1.1. Chỉ tiêu một\na) Ý một\n(1) Việc một\n(2) Việc hai\nb) Ý hai\n1) Bước một\nđ) Ý năm\n"
        "II – GIẢI PHÁP\n2.1.a. Một việc\nChương II\nMục 1. Nội dung\n"
    )
    ids = [c.id for c in walk(plan(text).clauses)]
    assert ids == [
        "PI", "PI.A", "PI.A.I", "PI.A.I.1", "PI.A.I.1.1", "PI.A.I.2.1.1", "PI.A.I.2.1.1.a", "PI.A.I.2.1.1.a.1",
        "PI.A.I.2.1.1.a.2", "PI.A.I.2.1.1.b", "PI.A.I.2.1.1.b.1", "PI.A.I.2.1.1.dd", "PI.A.II", "PI.A.II.2.1.a",
        "PI.A.CII", "PI.A.CII.M1",
    ]


def test_indentation_and_spacing_leave_no_trace_in_the_clean_lines():
    clean = preparse("\t  I. MỤC TIÊU  \n\n\u00a0\u00a01.\u00a0Tạo   việc làm.\r\n\t\t- Một ý;\r\n")
    assert [line.text for line in clean.lines] == ["I. MỤC TIÊU", "1. Tạo việc làm.", "- Một ý;"]


def test_a_council_resolution_holding_its_programme_and_a_scheme_are_types_of_their_own():
    resolution = plan(
        "Nghị quyết 38/2012/NQ-HĐND\n\nNghị quyết 38/2012/NQ-HĐND về Chương trình việc làm năm 2013\n\n"
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH SƠN LA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 38/2012/NQ-HĐND\n\n"
        "Sơn La, ngày 12 tháng 12 năm 2012\n\nNGHỊ QUYẾT\n\nVỀ CHƯƠNG TRÌNH VIỆC LÀM NĂM 2013\n\n"
        "HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA\nKHÓA XIII, KỲ HỌP THỨ 5\n\nQUYẾT NGHỊ:\n\n"
        "Điều 1. Chương trình việc làm năm 2013 với những nội dung sau:\n\nI. MỤC ĐÍCH\n\nTạo việc làm.\n"
    )
    meta = resolution.metadata
    assert (meta.doc_type, meta.issuer, meta.title) == (
        "nghi-quyet", "Hội đồng nhân dân tỉnh Sơn La", "VỀ CHƯƠNG TRÌNH VIỆC LÀM NĂM 2013"
    )
    assert meta.portal["Tiêu đề"] == "Nghị quyết 38/2012/NQ-HĐND về Chương trình việc làm năm 2013"
    assert [c.id for c in walk(resolution.clauses)] == ["D1", "D1.I"]
    scheme = plan("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 4/ĐA-UBND\nKon Tum, ngày 1 tháng 2 năm 2024\nĐỀ ÁN\nVIỆC LÀM\n" + BODY)
    assert scheme.metadata.doc_type == "de-an"


def test_a_portal_header_of_cells_ended_by_pipes_even_when_a_narrow_cell_wraps():
    rows = plan(
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 117/KH-UBND | Quảng Ngãi, ngày 30 tháng 8 năm 2019 |\nKẾ HOẠCH\nĐÀO TẠO NGHỀ\n" + BODY
    ).metadata
    assert (rows.number, rows.date, rows.place) == ("117/KH-UBND", "2019-08-30", "Quảng Ngãi")
    # the header names the body without its place; the place of the date line is its seat (Nghị định 30/2020)
    assert rows.issuer == "Ủy ban nhân dân tỉnh Quảng Ngãi" and rows.locality == "quang-ngai"
    assert any("suy ra từ địa danh" in note for note in rows.review)
    wrapped = plan(
        "ỦY\nBAN NHÂN DÂN |\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 3819/KH-UBND |\n"
        "Thành phố Hồ Chí Minh, ngày 26 tháng 7 năm 2016 |\nKẾ HOẠCH\nĐÀO TẠO NGHỀ\n" + BODY
    ).metadata
    assert (wrapped.number, wrapped.date, wrapped.issuer) == (
        "3819/KH-UBND", "2016-07-26", "Ủy ban nhân dân thành phố Hồ Chí Minh"
    )


def test_a_portal_page_that_lost_the_type_line_takes_type_and_title_from_its_table_block():
    page = plan(
        "Kế hoạch 522/KH-UBND năm 2025 thực hiện Chỉ thị 39-CT/TW trên địa bàn tỉnh Hà Tĩnh\n"
        "| Số hiệu | 522/KH-UBND |\n| Ngày ban hành | 25/09/2025 |\n| Loại văn bản | Kế hoạch |\n"
        "| Cơ quan ban hành | Tỉnh Hà Tĩnh |\n| Người ký | Trần Báu Hà |\n"
        "|\nỦY BAN NHÂN DÂN\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM |\n|\nSố: 522/KH-UBND |\n"
        "Hà Tĩnh, ngày 25 tháng 9 năm 2025 |\n"
        "Thực hiện Chỉ thị số 39-CT/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
        "1. Mục đích\na) Cụ thể hóa các nhiệm vụ.\n2. Yêu cầu\na) Bảo đảm thống nhất.\n"
    )
    meta = page.metadata
    assert (meta.doc_type, meta.number, meta.date, meta.signer) == ("ke-hoach", "522/KH-UBND", "2025-09-25", "Trần Báu Hà")
    assert meta.title == "Thực hiện Chỉ thị 39-CT/TW trên địa bàn tỉnh Hà Tĩnh"
    assert meta.issuer == "Ủy ban nhân dân tỉnh Hà Tĩnh" and meta.period_start is None
    assert [c.id for c in walk(page.clauses)] == ["1", "1.a", "2", "2.a"]


def test_without_an_issuer_block_the_issuer_is_the_one_the_text_states():
    text = (
        "KẾ HOẠCH\n\nRà soát hộ nghèo năm 2021\n\n trên địa bàn tỉnh Kon Tum\n\n"
        "Ủy ban nhân dân tỉnh Kon Tum Xây dựng Kế hoạch rà soát hộ nghèo năm 2021, như sau:\n\n"
        "  I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích:\n\nĐánh giá tình hình hộ nghèo.\n"
    )
    meta = plan(text).metadata
    assert meta.issuer == "Ủy ban nhân dân tỉnh Kon Tum" and meta.title == "Rà soát hộ nghèo năm 2021 trên địa bàn tỉnh Kon Tum"


def test_a_party_committee_action_programme_with_the_party_motto_on_the_same_line():
    result = plan(
        "TỈNH ỦY KON TUM ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 12-CTr/TU Kon Tum, ngày 5 tháng 3 năm 2024\n"
        "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết số 06-NQ/TW về thị trường lao động\n"
        "I. MỤC TIÊU\n1. Tạo việc làm cho 10.000 lao động.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An\n"
    )
    meta = result.metadata
    assert (meta.doc_type, meta.number, meta.date, meta.place) == ("chuong-trinh", "12-CTr/TU", "2024-03-05", "Kon Tum")
    assert (meta.issuer, meta.locality, meta.level) == ("Tỉnh ủy Kon Tum", "kon-tum", "party-committee")
    assert (meta.signer, meta.signer_title) == ("Nguyễn Văn An", "Bí thư")
    assert meta.title == "thực hiện Nghị quyết số 06-NQ/TW về thị trường lao động"
