"""The 2025 map: provinces and districts before 1 July 2025, the 34 provinces after, and the site's pages.

The facts asserted here are read from Nghị quyết 202/2025/QH15 and
``../shared/reform-2025.md`` by hand, not from the registry under test.
"""
from __future__ import annotations

import html
import re

import pytest

from generator import localities, registry
from generator.errors import PlanError
from tests.seeds import seed_plan

MERGED = {  # today's province: the provinces before 1 July 2025 it was formed from (NQ 202/2025/QH15)
    "quang-ngai": {"quang-ngai", "kon-tum"},
    "ho-chi-minh": {"ho-chi-minh", "binh-duong", "ba-ria-vung-tau"},
    "can-tho": {"can-tho", "soc-trang", "hau-giang"},
    "ninh-binh": {"ninh-binh", "ha-nam", "nam-dinh"},
    "hue": {"hue"},  # Thừa Thiên Huế became the centrally-run city of Huế on 1 January 2025
    "ha-noi": {"ha-noi"},
}


@pytest.fixture
def fresh_registries():
    """Registry caches emptied before and after a test that points REGISTRY_DIR elsewhere."""
    from generator import catalogue, succession

    caches = [registry.load_registry, catalogue.read, catalogue.load, localities.all_localities, localities.by_id,
              localities.all_communes, succession.endings]
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def _registry_copy(tmp_path, monkeypatch, name: str, text: str):
    """Every registry copied into ``tmp_path``, ``name`` replaced by ``text``, and REGISTRY_DIR pointed there."""
    for path in [*registry.REGISTRY_DIR.glob("*.yaml"), *registry.REGISTRY_DIR.glob("*.json")]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(registry, "REGISTRY_DIR", tmp_path)


def test_63_provinces_before_become_34_after_each_old_one_in_exactly_one():
    provinces = [loc for loc in localities.all_localities() if loc.is_province]
    today = [loc for loc in provinces if loc.until is None]
    before = [loc for loc in provinces if loc.id in {old for new in today for old in new.formed_from}]
    assert len(today) == 34 and len(before) == len(provinces) == 63
    assert sorted(old for loc in today for old in loc.formed_from) == sorted(loc.id for loc in before)
    assert len({loc.code for loc in today}) == 34 and sum(len(loc.communes) for loc in today) == 3321
    for new_id, old_ids in MERGED.items():
        assert set(localities.get(new_id).formed_from) == old_ids
        for old_id in old_ids:
            assert localities.today(localities.get(old_id)).id == new_id


def test_the_seeds_localities_succeed_as_the_reform_says():
    kon_tum, quan_11 = localities.get("kon-tum"), localities.get("ho-chi-minh/quan-11")
    assert (kon_tum.until, kon_tum.successor) == ("2025-06-30", "quang-ngai")
    assert (quan_11.until, localities.today(quan_11).id) == ("2025-06-30", "ho-chi-minh")
    assert localities.get("ho-chi-minh").until is None  # continued by today's city of the same name
    assert localities.today(localities.get("ha-noi/ba-dinh")).id == "ha-noi"
    assert localities.get("hue").full_name == "thành phố Huế"


@pytest.mark.parametrize(("reform", "reason", "line"), [
    ("- {id: ha-noi, formed_from: [ha-noi, khong-co]}\n", "không có trong map-before-2025.json: khong-co", 1),
    ("- {id: ha-noi, formed_from: [ha-noi]}\n- {id: hue, formed_from: [ha-noi]}\n", "đã thuộc mục khác: ha-noi", 2),
    ("- {id: atlantis, formed_from: [ha-noi]}\n", "không có tỉnh, thành phố 'atlantis'", 1),
    ("- {id: ha-noi, formed_from: [ha-noi]}\n", "thiếu tỉnh, thành phố từ 01/7/2025", None),
])
def test_a_reform_file_that_does_not_account_for_every_province_is_one_error(
    tmp_path, monkeypatch, fresh_registries, reform, reason, line
):
    _registry_copy(tmp_path, monkeypatch, "reform-2025", reform)
    with pytest.raises(PlanError) as raised:
        localities.all_localities()
    assert raised.value.file == str(tmp_path / "reform-2025.yaml")
    assert reason in raised.value.reason and raised.value.line == line


def _text(site, path: str) -> str:
    page = (site.root / path).read_text(encoding="utf-8")
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" (?=[,;:.)])", "", text)  # no space a tag boundary put before punctuation


def test_a_plan_names_its_locality_as_written_and_as_today(real_site):
    plan = seed_plan("kontum")
    text = _text(real_site, f"ke-hoach/{plan.id}/index.html")
    assert "Địa phương Kon Tum — nay thuộc tỉnh Quảng Ngãi (từ 01/7/2025)" in text
    page = (real_site.root / f"ke-hoach/{plan.id}/index.html").read_text(encoding="utf-8")
    assert 'href="../../dia-phuong/quang-ngai/"' in page


def test_today_s_province_lists_its_predecessors_plans_and_the_old_one_links_to_it(real_site):
    plan = seed_plan("kontum")
    quang_ngai = _text(real_site, "dia-phuong/quang-ngai/index.html")
    assert "Từ 01/7/2025, tỉnh Quảng Ngãi gồm địa bàn của các tỉnh, thành phố trước 01/7/2025: Quảng Ngãi, Kon Tum" in quang_ngai
    section = quang_ngai[quang_ngai.index("Kế hoạch của các tỉnh, thành phố trước 01/7/2025"):]
    assert f"{plan.metadata.number} 17/03/2023 Kế hoạch Ủy ban nhân dân tỉnh Kon Tum" in section  # a row of the table
    kon_tum = _text(real_site, "dia-phuong/kon-tum/index.html")
    assert "Đến 30/6/2025. Từ 01/7/2025, địa bàn tỉnh Kon Tum thuộc tỉnh Quảng Ngãi" in kon_tum
    quan_11 = _text(real_site, "dia-phuong/ho-chi-minh/quan-11/index.html")
    assert ("không còn cấp quận, huyện: địa bàn nay thuộc 4 xã, phường của thành phố Hồ Chí Minh: "
            "Phường Hòa Bình, Phường Phú Thọ, Phường Bình Thới, Phường Minh Phụng") in quan_11
    can_tho = _text(real_site, "dia-phuong/can-tho/index.html")
    assert "Cần Thơ, Sóc Trăng, Hậu Giang" in can_tho


def test_the_localities_index_lists_the_34_provinces_and_what_they_were_formed_from(real_site):
    page = (real_site.root / "dia-phuong/index.html").read_text(encoding="utf-8")
    first_table = page[page.index("<table"):page.index("</table>")]
    assert first_table.count("<tr") == 1 + 34
    assert all((real_site.root / f"dia-phuong/{loc.id}/index.html").is_file()
               for loc in localities.all_localities() if loc.is_province and loc.until is None)
    text = _text(real_site, "dia-phuong/index.html")
    assert "34 tỉnh, thành phố từ 01/7/2025" in text and "Quảng Ngãi 1 Kon Tum" in text


def test_a_plan_is_found_by_its_old_and_its_new_province(real_site):
    from tests.test_search import read_entries

    plan = seed_plan("kontum")
    entry = next(doc for doc in read_entries(real_site.root) if doc["location"].startswith(f"ke-hoach/{plan.id}/"))
    assert "Kon Tum" in entry["text"] and "nay thuộc tỉnh Quảng Ngãi" in entry["text"]


# ---------------------------------------------------------------- agencies across time

def test_an_ended_department_s_work_goes_to_its_successors_in_today_s_province():
    from generator import succession
    from generator.models import Agency

    def agency(locality: str, kind: str) -> Agency:
        return Agency(id=f"{locality}/{kind}", name=kind, type=kind, locality=locality)

    kon_tum = succession.successors(agency("kon-tum", "so-lao-dong-thuong-binh-va-xa-hoi"))
    assert [(s.work, s.agency.id) for s in kon_tum][:2] == [
        ("lao động, việc làm, tiền lương, bảo hiểm xã hội, người có công", "quang-ngai/so-noi-vu"),
        ("giáo dục nghề nghiệp", "quang-ngai/so-giao-duc-va-dao-tao"),
    ]
    assert kon_tum[0].agency.name == "Sở Nội vụ tỉnh Quảng Ngãi"
    assert {s.agency.type for s in kon_tum} == {"so-noi-vu", "so-giao-duc-va-dao-tao", "so-y-te",
                                                "so-nong-nghiep-va-moi-truong", "cong-an"}
    assert [s.agency.id for s in succession.successors(agency("ha-noi", "so-ke-hoach-va-dau-tu"))] == ["ha-noi/so-tai-chinh"]
    assert succession.successors(agency("ha-noi", "so-noi-vu")) == []


def test_an_agency_page_says_who_does_that_work_today(real_site):
    kon_tum = _text(real_site, "co-quan/kon-tum/so-lao-dong-thuong-binh-va-xa-hoi/index.html")
    assert ("Từ 01/3/2025, Sở Lao động - Thương binh và Xã hội không còn; nhiệm vụ lao động, việc làm, tiền lương, "
            "bảo hiểm xã hội, người có công do Sở Nội vụ tỉnh Quảng Ngãi đảm nhận; giáo dục nghề nghiệp: "
            "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi;") in kon_tum
    assert "Từ 01/7/2025, tỉnh Kon Tum thuộc tỉnh Quảng Ngãi" in kon_tum
    page = (real_site.root / "co-quan/ha-noi/so-lao-dong-thuong-binh-va-xa-hoi/index.html").read_text(encoding="utf-8")
    assert 'href="../so-giao-duc-va-dao-tao/"' in page  # a successor with a page of its own is a link
    assert 'href="../so-noi-vu/"' not in page and "Sở Nội vụ thành phố Hà Nội" in page  # one without stays text
    planning = (real_site.root / "co-quan/ha-noi/so-ke-hoach-va-dau-tu/index.html").read_text(encoding="utf-8")
    assert 'href="../so-tai-chinh/"' in planning
    assert "Cơ quan đảm nhận hiện nay" not in _text(real_site, "co-quan/ha-noi/so-tai-chinh/index.html")


def test_a_malformed_agency_reform_entry_is_one_check_error(tmp_path, monkeypatch, fresh_registries):
    from generator.check import run_checks
    from generator.store import DataDirs

    text = ("- type: so-lao-dong-thuong-binh-va-xa-hoi\n  until: 2025-02-28\n  successors:\n"
            "    - {type: so-khong-co, work: lao động}\n")
    (tmp_path / "registry").mkdir()
    _registry_copy(tmp_path / "registry", monkeypatch, "agency-reform-2025", text)
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    report = run_checks(DataDirs(data))
    assert report.errors == [f"{tmp_path / 'registry' / 'agency-reform-2025.yaml'}:1: "
                             "loại cơ quan không có trong agencies.yaml: so-khong-co"]


def test_a_district_plan_dated_after_the_districts_ended_is_a_check_warning(tmp_path):
    from generator import extract
    from generator.check import run_checks
    from generator.store import DataDirs
    from tests.seeds import SEEDS, seed_bytes

    text = seed_bytes("quan11").decode().replace("ngày 30 tháng 9 năm 2024", "ngày 30 tháng 9 năm 2026", 1)
    assert text != seed_bytes("quan11").decode()
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / SEEDS["quan11"]).write_text(text, encoding="utf-8")
    dirs = DataDirs(tmp_path)
    extract.run(extract.list_sources(dirs), dirs)
    report = run_checks(dirs)
    assert report.ok
    assert any(warning.endswith("ngày ban hành 2026-09-30 sau khi Quận 11 không còn (đến 2025-06-30)")
               for warning in report.warnings), report.warnings


def test_a_plan_issued_after_the_reform_assigns_to_today_s_agencies_and_communes():
    from tests.test_corpus_expectations import extracted

    plan = extracted("hcm_172-KH-UBND_2025_luat-viec-lam.txt")
    assigned = {assignment.agency for assignment in plan.assignments}
    assert {"ho-chi-minh/so-noi-vu", "ho-chi-minh/uy-ban-nhan-dan-cap-xa"} <= assigned
    assert not [agency.name for agency in plan.agencies if agency.review]
    assert localities.get("ho-chi-minh").until is None  # today's city: the Sở Nội vụ's page has no successor


def test_the_agency_index_groups_by_today_s_province(real_site):
    plan = seed_plan("kontum")
    index = _text(real_site, "co-quan/index.html")
    assert "Quảng Ngãi" in index and "Kon Tum" not in index.split("Theo địa phương", 1)[1].split("Theo loại")[0]
    group = _text(real_site, "co-quan/dia-phuong/quang-ngai/index.html")
    assert "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum" in group and plan.metadata.locality == "kon-tum"


# ---------------------------------------------------------------- districts before 1 July 2025 (package data)

def test_every_district_of_the_old_map_comes_from_package_data_with_its_source():
    import json

    data = json.loads((registry.REGISTRY_DIR / localities.OLD_MAP).read_text(encoding="utf-8"))
    assert (data["source"]["package"], data["source"]["version"]) == ("vietnam-provinces", "0.6.0")
    assert data["now_in_source"]["package"] == "vietnamadminunits" and len(data["source"]["wheel_sha256"]) == 64
    districts = [loc for loc in localities.all_localities() if not loc.is_province]
    assert len(districts) == 696 == len({loc.id for loc in districts})
    assert all(loc.until == "2025-06-30" and loc.now_in for loc in districts)
    dak_ha = localities.get("kon-tum/dak-ha")
    assert (dak_ha.full_name, localities.today(dak_ha).id) == ("huyện Đắk Hà", "quang-ngai")
    # two districts of one name in one province keep their kinds in their ids
    assert {localities.get(i).full_name for i in ("ha-tinh/thi-xa-ky-anh", "ha-tinh/huyen-ky-anh")} == {
        "thị xã Kỳ Anh", "huyện Kỳ Anh"}
    assert localities.get("kon-tum/ia-h-drai").name == "Ia H'Drai"  # the data's "H' Drai" as plans write it


def test_a_district_names_the_communes_of_today_that_hold_its_land():
    # Nghị quyết 1685/NQ-UBTVQH15 (16 June 2025): Quận 11's wards became four wards
    quan_11 = localities.get("ho-chi-minh/quan-11")
    assert {commune.name for commune in localities.now_in(quan_11)} == {
        "Phường Bình Thới", "Phường Hòa Bình", "Phường Phú Thọ", "Phường Minh Phụng"}
    assert all(commune.province == "ho-chi-minh" for commune in localities.now_in(quan_11))


DISTRICT_PLAN = """ỦY BAN NHÂN DÂN
HUYỆN CHÂU THÀNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Châu Thành, ngày 3 tháng 3 năm 2023
KẾ HOẠCH
Giải quyết việc làm trên địa bàn huyện năm 2023
Thực hiện Kế hoạch số 30/KH-UBND của Ủy ban nhân dân {province}, Ủy ban nhân dân huyện ban hành Kế hoạch như sau:
I. MỤC TIÊU
1. Giải quyết việc làm cho 900 lao động.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Lao động - Thương binh và Xã hội huyện chủ trì.
"""


@pytest.mark.parametrize(("province", "locality", "note"), [
    ("tỉnh Tiền Giang", "tien-giang/chau-thanh", None),
    ("tỉnh Bến Tre", "ben-tre/chau-thanh", None),
    ("tỉnh", None, "có quận, huyện cùng tên ở nhiều tỉnh (An Giang, Bến Tre, Đồng Tháp, Hậu Giang, Kiên Giang, "
               "Long An, Sóc Trăng, Tây Ninh, Tiền Giang, Trà Vinh)"),
])
def test_a_district_name_shared_by_ten_provinces_is_settled_by_the_province_the_plan_names(province, locality, note):
    from generator.pipeline import extract_plan

    plan = extract_plan(DISTRICT_PLAN.format(province=province).encode(), "huyen.txt")
    assert plan.metadata.locality == locality
    assert (note is None and plan.metadata.review == []) or any(note in reason for reason in plan.metadata.review)


def test_an_alias_for_a_locality_the_map_does_not_have_is_one_error(tmp_path, monkeypatch, fresh_registries):
    _registry_copy(tmp_path, monkeypatch, "localities", "- id: ha-noi\n  aliases: [HN]\n- id: atlantis\n  aliases: [A]\n")
    with pytest.raises(PlanError) as caught:
        localities.all_localities()
    assert caught.value.line == 3 and "mục atlantis: không có địa phương này trong map-before-2025.json" in str(caught.value)


# ---------------------------------------------------------------- communes (from 1 July 2025)

COMMUNE_PLAN = """ỦY BAN NHÂN DÂN
{commune}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND
{place}, ngày 3 tháng 9 năm 2025
KẾ HOẠCH
Giải quyết việc làm trên địa bàn năm 2025
Thực hiện Kế hoạch số 172/KH-UBND của Ủy ban nhân dân {province}, Ủy ban nhân dân ban hành Kế hoạch như sau:
I. MỤC TIÊU
1. Giải quyết việc làm cho 500 lao động.
II. TỔ CHỨC THỰC HIỆN
1. Công chức Văn hóa - Xã hội chủ trì triển khai Kế hoạch.
"""


def _commune_plan(commune: str, place: str, province: str) -> bytes:
    return COMMUNE_PLAN.format(commune=commune, place=place, province=province).encode()


def test_today_s_communes_have_ids_under_their_province_and_unique():
    communes = localities.all_communes()
    assert len(communes) == 3321 == len({commune.id for commune in communes})
    ward = localities.get("ho-chi-minh/phuong-sai-gon")
    assert (ward.name, ward.kind, ward.province) == ("Phường Sài Gòn", "phường", "ho-chi-minh")
    assert localities.find_all("Ủy ban nhân dân các xã hội nhập") == []  # communes are not matched in free text


def test_a_commune_plan_of_2025_resolves_to_its_commune_and_province():
    from generator.pipeline import extract_plan

    plan = extract_plan(_commune_plan("PHƯỜNG SÀI GÒN", "Sài Gòn", "Thành phố Hồ Chí Minh"), "phuong.txt")
    meta = plan.metadata
    assert (meta.locality, meta.province, meta.level) == ("ho-chi-minh/phuong-sai-gon", "ho-chi-minh", "commune")
    assert meta.issuer == "Ủy ban nhân dân phường Sài Gòn" and plan.id == "ho-chi-minh-phuong-sai-gon-45-kh-ubnd-2025"
    assert meta.review == []


@pytest.mark.parametrize(("commune", "province", "locality", "note"), [
    ("XÃ TÂN HIỆP", "thành phố Đà Nẵng", "da-nang/xa-tan-hiep", None),  # shared name: the preamble's city picks
    ("XÃ TÂN HIỆP", "tỉnh", None, "có xã, phường cùng tên ở nhiều tỉnh (An Giang, Đà Nẵng)"),
    ("XÃ KHÔNG CÓ THẬT", "tỉnh", None, "xã, phường chưa có trong danh mục (vietnam-provinces 2025.10.1"),
])
def test_a_commune_shared_or_unknown_is_marked_for_review_never_dropped(commune, province, locality, note):
    from generator.pipeline import extract_plan

    plan = extract_plan(_commune_plan(commune, "Đâu đó", province), "xa.txt")
    assert plan.metadata.locality == locality
    assert (note is None and plan.metadata.review == []) or any(note in reason for reason in plan.metadata.review)


def test_a_commune_plan_has_its_page_under_today_s_province(tmp_path, site_builder):
    from generator import extract
    from generator.store import DataDirs

    (tmp_path / "data" / "sources").mkdir(parents=True)
    (tmp_path / "data" / "sources" / "phuong-sai-gon.txt").write_bytes(
        _commune_plan("PHƯỜNG SÀI GÒN", "Sài Gòn", "Thành phố Hồ Chí Minh"))
    dirs = DataDirs(tmp_path / "data")
    extract.run(extract.list_sources(dirs), dirs)
    site = site_builder(tmp_path / "site", tmp_path / "data")
    ward = _text(site, "dia-phuong/ho-chi-minh/phuong-sai-gon/index.html")
    assert "Phường Sài Gòn ¶ Thuộc Hồ Chí Minh" in ward and "45/KH-UBND" in ward
    city = (site.root / "dia-phuong/ho-chi-minh/index.html").read_text(encoding="utf-8")
    assert 'href="phuong-sai-gon/"' in city


# ---------------------------------------------------------------- the catalogue: one validation for every registry

@pytest.mark.parametrize(("name", "text", "message"), [
    ("localities", "- id: ha-noi\n", ":1: mục ha-noi: trường 'aliases' thiếu"),
    ("localities", "- id: ha-noi\n  aliases: []\n", ":1: mục ha-noi: trường 'aliases' không được để trống"),
    ("localities", "- id: ha-noi\n  aliases: [HN]\n  name: Hà Nội\n", ":1: mục ha-noi: trường 'name' không phải trường của mục này"),
    ("reform-2025", "- {id: ha-noi, formed_from: []}\n", ":1: mục ha-noi: trường 'formed_from' không được để trống"),
    ("agencies", "- abbreviation: [UBND]\n  means: Ủy ban nhân dân\n- id: so-a\n  name: Sở A\n  levels: [city]\n",
     ":3: mục so-a: trường 'levels.0' phải là một trong: 'national', 'province', 'district' hoặc 'department'"),
    ("agencies", "- id: So_A\n  name: Sở A\n  levels: [province]\n",
     ":1: mã trong sổ đăng ký 'So_A' không dùng được làm đường dẫn: chỉ gồm chữ thường a-z, số 0-9 và '-', "
     "mỗi phần tối đa 200 ký tự"),
    ("indicators", "- {id: a, name: A, name_en: A, unit: '%', better: sometimes, patterns: [a]}\n",
     ":1: mục a: trường 'better' phải là một trong: 'lower' hoặc 'higher'"),
    ("indicators", "- {id: a, name: A, name_en: A, unit: '%', better: lower, patterns: [a], unit_name: x}\n",
     ":1: mục a: trường 'unit_name' không phải trường của mục này"),
    ("indicators", "- {id: a, name: A, name_en: A, unit: '%', better: lower, patterns: [a]}\n"
                   "- {id: a, name: B, name_en: B, unit: '%', better: lower, patterns: [b]}\n",
     ":2: mục a: 'id' đã có ở một mục trước"),
    ("agencies", "- {id: chinh-phu, name: Chính phủ, levels: [national], codes: CP}\n",
     ":1: mục chinh-phu: trường 'codes' sai kiểu (tuple)"),
    ("agency-reform-2025", "- {type: so-noi-vu, until: soon, successors: [{type: so-y-te, work: y tế}]}\n",
     ":1: mục so-noi-vu: trường 'until' phải là ngày dạng YYYY-MM-DD"),
])
def test_a_malformed_registry_entry_names_the_file_the_line_the_entry_and_the_field(
    tmp_path, monkeypatch, fresh_registries, name, text, message
):
    from generator import catalogue

    _registry_copy(tmp_path, monkeypatch, name, text)
    with pytest.raises(PlanError) as raised:
        catalogue.read(name)
    assert str(raised.value) == f"{tmp_path / (name + '.yaml')}{message}"


def test_every_registry_reads_as_its_model():
    from generator import catalogue

    for name in catalogue.MODELS:
        entries = catalogue.read(name)
        assert entries and all(isinstance(entry, catalogue.Entry) for entry in entries)


def test_the_catalogue_is_every_registry_loaded_once_and_the_site_indexes_against_it(tmp_path):
    """check, the stages and the site share one Catalogue: the object the site's corpus holds is
    the one extraction read, and it holds every entry of every registry."""
    from generator import catalogue
    from generator.site import corpus as site_corpus
    from generator.store import DataDirs

    known = catalogue.load()
    assert known is catalogue.load()
    held = (known.locality_aliases, known.provinces_today, known.abbreviations + known.agency_kinds,
            known.indicators, known.agency_endings)
    assert sum(map(len, held)) == sum(len(catalogue.read(name)) for name in catalogue.MODELS)
    assert site_corpus.load(DataDirs(tmp_path)).catalogue is known


def test_the_comparison_table_orders_plans_by_today_s_province():
    from types import SimpleNamespace

    from generator.site.pages.comparison import _order

    plans = [SimpleNamespace(id=f"p-{place}", locality=localities.get(place)) for place in ("kon-tum", "lam-dong", "quang-ngai")]
    assert [plan.id for plan in sorted(plans, key=_order)] == ["p-lam-dong", "p-kon-tum", "p-quang-ngai"]
