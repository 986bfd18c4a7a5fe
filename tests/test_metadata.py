"""Plan metadata of each seed, as a reader can verify it in the text."""
from __future__ import annotations

import pytest

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
