"""Plan metadata of each seed, as a reader can verify it in the text."""
from __future__ import annotations

import pytest

from generator.pipeline import extract_plan
from tests.seeds import seed_plan

EXPECTED = {
    "quan11": dict(
        id="ho-chi-minh-quan-11-270-kh-ubnd-2024", doc_type="ke-hoach", number="270/KH-UBND", date="2024-09-30",
        place="Quận 11", issuer="Ủy ban nhân dân Quận 11", level="district", locality="ho-chi-minh/quan-11",
        province="ho-chi-minh", signer=None, period_start=2023, period_end=2030,
    ),
    "kontum": dict(
        id="kon-tum-710-kh-ubnd-2023", doc_type="ke-hoach", number="710/KH-UBND", date="2023-03-17",
        place="Kon Tum", issuer="Ủy ban nhân dân tỉnh Kon Tum", level="province", locality="kon-tum",
        province="kon-tum", signer="Y Ngọc", signer_title="Phó Chủ tịch", period_start=2023, period_end=2025,
    ),
    "hanoi": dict(
        id="ha-noi-21-kh-ubnd-2023", doc_type="ke-hoach", number="21/KH-UBND", date="2023-01-12", place="Hà Nội",
        issuer="Ủy ban nhân dân thành phố Hà Nội", level="province", locality="ha-noi", province="ha-noi",
        signer="Lê Hồng Sơn", signer_title="Phó Chủ tịch", period_start=2023, period_end=2023,
    ),
    "hcm_so": dict(
        id="ho-chi-minh-5472-kh-sldtbxh-2022", doc_type="ke-hoach", number="5472/KH-SLĐTBXH", date="2022-02-16",
        issuer="Sở Lao động - Thương binh và Xã hội Thành phố Hồ Chí Minh",
        parent_body="Ủy ban nhân dân thành phố Hồ Chí Minh", level="department", locality="ho-chi-minh",
        signer="Lê Minh Tấn", period_start=2022, period_end=2022, truncated=True,
    ),
    "cantho": dict(
        id="can-tho-thanh-uy-chuong-trinh-2021-2030", doc_type="chuong-trinh", number=None, date=None,
        issuer="Thành ủy Cần Thơ", level="party-committee", locality="can-tho", signer="Lê Quang Mạnh",
        signer_title="Bí thư", period_start=2021, period_end=2030,
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_metadata_of_each_seed(key):
    plan = seed_plan(key)
    expected = dict(EXPECTED[key])
    assert plan.id == expected.pop("id")
    actual = plan.metadata.model_dump()
    assert {k: actual[k] for k in expected} == expected


def test_titles_are_read_from_the_document():
    assert seed_plan("hanoi").metadata.title.startswith("Hỗ trợ, phát triển thị trường lao động")
    assert seed_plan("kontum").metadata.title.startswith("TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 06/NQ-CP")
    assert seed_plan("cantho").metadata.title == "giáo dục nghề nghiệp và giải quyết việc làm giai đoạn 2021 - 2030"


def test_seed_003_portal_block_is_kept_as_metadata():
    portal = seed_plan("hcm_so").metadata.portal
    assert portal["Loại văn bản"] == "Kế hoạch"
    assert portal["Lĩnh vực"] == "Lao động - Tiền lương,Công nghệ thông tin"


_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
           "Số: 12/KH-UBND\nBắc Ninh, ngày 3 tháng 4 năm 2025\nKẾ HOẠCH\n")
_BODY = "I. MỤC TIÊU\n1. Tạo việc làm cho 100 lao động.\n"


@pytest.mark.parametrize(("under_type_line", "title"), [
    ("Triển khai thực hiện Nghị quyết số 06/NQ-CP ngày 10/01/2023 của Chính phủ\n"
     "Căn cứ Luật Việc làm ngày 16/11/2013;\n", "Triển khai thực hiện Nghị quyết số 06/NQ-CP ngày 10/01/2023 của Chính phủ"),
    ("Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2025\n\n"
     "Thực hiện Quyết định số 90/QĐ-TTg, UBND tỉnh ban hành Kế hoạch như sau:\n",
     "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2025"),
    ("Thực hiện Nghị quyết số 06/NQ-CP ngày 10/01/2023 của Chính phủ, Ủy ban nhân dân tỉnh ban hành "
     "Kế hoạch như sau:\n", ""),
    ("Thực hiện Nghị quyết số 06/NQ-CP ngày 10/01/2023 của Chính phủ về phát triển thị trường lao động.\n", ""),
    ("Căn cứ Luật Việc làm ngày 16/11/2013;\n", ""),
])
def test_a_title_may_open_like_a_preamble_but_a_preamble_sentence_is_not_a_title(under_type_line, title):
    plan = extract_plan((_HEADER + under_type_line + _BODY).encode(), "tieu-de.txt")
    assert plan.metadata.title == title
    preamble = " ".join(block.text for block in plan.preamble)
    assert (title == "") == preamble.startswith(under_type_line.split("\n")[0][:40])


def test_an_issuer_wrapped_before_xa_hoi_is_not_cut_at_the_motto_s_words():
    from tests.seeds import seed_bytes

    text = seed_bytes("hcm_so").decode().replace("SỞ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI", "SỞ LAO ĐỘNG THƯƠNG BINH VÀ\nXÃ HỘI", 1)
    assert text != seed_bytes("hcm_so").decode()
    plan = extract_plan(text.encode(), "wrapped.txt")
    assert plan.metadata.issuer == seed_plan("hcm_so").metadata.issuer == (
        "Sở Lao động - Thương binh và Xã hội Thành phố Hồ Chí Minh")
