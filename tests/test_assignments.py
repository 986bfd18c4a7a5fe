"""Assignments (phân công) and agencies of the seeds, as a reader can check them in the text."""
from __future__ import annotations

import functools

import pytest

from generator.agencies import UNCLASSIFIED, agency_types, name_key, resolve_agency, split_bodies
from generator.assignments import extract_assignments, shorten
from generator.context import PlanText
from generator.models import Agency, Assignment, Clause
from generator.structure import find_clause
from tests.seeds import SEEDS, seed_text

SO_LDTBXH = "so-lao-dong-thuong-binh-va-xa-hoi"



@functools.cache
def extracted(key: str) -> tuple[list[Agency], list[Assignment]]:
    return extract_assignments(seed_text(key))


def passages(clause: Clause) -> list[str]:
    return [clause.title] + [block.text for block in clause.blocks]


def assigned(key: str, clause_prefix: str = "") -> list[tuple[str, str, bool]]:
    return [(a.clause_id, a.agency, a.request) for a in extracted(key)[1] if a.clause_id.startswith(clause_prefix)]


# ---------------------------------------------------------------- Quận 11, section IV

Q11 = "ho-chi-minh/quan-11/"
QUAN_11_SECTION_IV = [
    ("IV.1", Q11 + "phong-lao-dong-thuong-binh-va-xa-hoi", False),
    ("IV.2", Q11 + "phong-giao-duc-va-dao-tao", False),
    ("IV.3", Q11 + "phong-kinh-te", False),
    ("IV.4", Q11 + "phong-noi-vu", False),
    ("IV.5", Q11 + "phong-tai-chinh-ke-hoach", False),
    ("IV.6", Q11 + "phong-van-hoa-va-thong-tin", False),
    ("IV.7", Q11 + "bao-hiem-xa-hoi", True),
    ("IV.8", Q11 + "trung-tam-giao-duc-nghe-nghiep-giao-duc-thuong-xuyen", False),
    # 'Phòng giao dịch Ngân hàng Chính sách xã hội quận Tân Phú và Quận 11' names its district
    ("IV.9", "ho-chi-minh/tan-phu/ngan-hang-chinh-sach-xa-hoi", True),
    ("IV.10", Q11 + "uy-ban-mat-tran-to-quoc", True),
    ("IV.11", Q11 + "lien-doan-lao-dong", True),
    ("IV.12", Q11 + "hoi-lien-hiep-phu-nu", True),
    ("IV.12", Q11 + "doan-thanh-nien", True),
    ("IV.13", Q11 + "uy-ban-nhan-dan-cap-xa", False),
]


def test_quan_11_section_iv_assigns_each_body_with_requests_marked():
    assert assigned("quan11", "IV.") == QUAN_11_SECTION_IV


def test_quan_11_two_body_heading_gives_two_assignments_named_as_written():
    names = [a.agency_name for a in extracted("quan11")[1] if a.clause_id == "IV.12"]
    assert names == ["Hội Liên hiệp Phụ nữ Việt Nam quận", "Quận Đoàn"]


def test_quan_11_agencies_are_local_to_the_district():
    agencies = {a.id: a for a in extracted("quan11")[0]}
    assert agencies[Q11 + "bao-hiem-xa-hoi"].name == "Bảo hiểm xã hội Quận 11"
    assert agencies[Q11 + "phong-lao-dong-thuong-binh-va-xa-hoi"].locality == "ho-chi-minh/quan-11"
    assert not any(a.review for a in agencies.values())


def test_issuer_is_among_the_agencies():
    assert Q11 + "uy-ban-nhan-dan" in {a.id for a in extracted("quan11")[0]}
    assert "kon-tum/uy-ban-nhan-dan" in {a.id for a in extracted("kontum")[0]}


# ---------------------------------------------------------------- other seeds


def test_kon_tum_and_ha_noi_departments_are_two_agencies_of_one_type():
    kon_tum = {a.id: a for a in extracted("kontum")[0]}[f"kon-tum/{SO_LDTBXH}"]
    ha_noi = {a.id: a for a in extracted("hanoi")[0]}[f"ha-noi/{SO_LDTBXH}"]
    assert kon_tum.id != ha_noi.id
    assert kon_tum.type == ha_noi.type == SO_LDTBXH
    assert kon_tum.name == "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum"
    assert ha_noi.name == "Sở Lao động - Thương binh và Xã hội thành phố Hà Nội"


def test_ha_noi_department_of_labour_is_assigned_in_iii_2_1():
    assert ("III_2.1", f"ha-noi/{SO_LDTBXH}", False) in assigned("hanoi")


def test_ha_noi_reporting_regime_heading_is_not_an_agency():
    assert not assigned("hanoi", "III_2.13")
    assert ("III_2.11", "ha-noi/uy-ban-mat-tran-to-quoc", True) in assigned("hanoi")
    assert ("III_2.11", "ha-noi/cac-to-chuc-chinh-tri-xa-hoi", True) in assigned("hanoi")
    assert ("III_2.12", "ha-noi/uy-ban-nhan-dan-cap-huyen", False) in assigned("hanoi")


def test_kon_tum_section_iv():
    assert [clause for clause, _, _ in assigned("kontum")] == [f"IV.{n}" for n in range(1, 12)]
    assert ("IV.8", "kon-tum/ngan-hang-chinh-sach-xa-hoi", False) in assigned("kontum")
    assert ("IV.9", "kon-tum/lien-doan-lao-dong", True) in assigned("kontum")
    assert ("IV.11", "kon-tum/uy-ban-nhan-dan-cap-huyen", False) in assigned("kontum")


def test_department_plan_assigns_its_own_units():
    so = f"ho-chi-minh/{SO_LDTBXH}"
    assert assigned("hcm_so") == [
        ("P1.III.1", f"{so}/cac-don-vi-thuoc-so", False),
        ("P1.III.2", f"{so}/phong-giao-duc-nghe-nghiep", False),
        ("P1.III.3", f"{so}/phong-viec-lam-an-toan-lao-dong", False),
        ("P1.III.4", f"{so}/phong-lao-dong-tien-luong-va-bao-hiem-xa-hoi", False),
        ("P1.III.5", f"{so}/van-phong-ban-chi-dao-chuong-trinh-giam-ngheo-ben-vung", False),
    ]


def test_party_programme_assigns_party_bodies_named_in_untitled_clauses():
    assert assigned("cantho") == [
        ("III.1", "can-tho/dang-doan-hoi-dong-nhan-dan", False),
        ("III.2", "can-tho/ban-can-su-dang-uy-ban-nhan-dan", False),
        ("III.3", "can-tho/cac-cap-uy-truc-thuoc", False),
        ("III.4", "can-tho/dang-doan-uy-ban-mat-tran-to-quoc", False),
        ("III.4", "can-tho/cac-to-chuc-chinh-tri-xa-hoi", False),
        ("III.5", "can-tho/ban-tuyen-giao", False),
    ]
    task = next(a.task for a in extracted("cantho")[1] if a.clause_id == "III.5")
    assert task.startswith("chủ trì, phối hợp với các cơ quan")


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_quotes_and_tasks_come_from_their_clause(key):
    for assignment in extracted(key)[1]:
        clause = find_clause(seed_text(key).clauses, assignment.clause_id)
        assert any(assignment.quote in passage for passage in passages(clause)), assignment
        assert assignment.task.removesuffix(" …") in " ".join(p for p in passages(clause) if p), assignment
        assert assignment.task


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_assignee_is_an_agency_listed_once_in_id_order(key):
    agencies, assignments = extracted(key)
    ids = [a.id for a in agencies]
    assert ids == sorted(set(ids))
    assert {a.agency for a in assignments} <= set(ids)
    assert extract_assignments(seed_text(key)) == (agencies, assignments)


# ---------------------------------------------------------------- resolving names


@pytest.mark.parametrize(
    "name",
    [
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Lao động – Thương binh và Xã hội",
        "Sở LĐTBXH",
        "Sở LĐ-TB&XH",
        "Sở Lao động - TB&XH",
        "sở lao động thương binh và xã hội",
    ],
)
def test_spelling_variants_resolve_to_one_agency(name):
    agency = resolve_agency(name, "ha-noi", "ha-noi")
    assert agency.id == f"ha-noi/{SO_LDTBXH}"
    assert not agency.review


@pytest.mark.parametrize(
    ("names", "locality", "expected"),
    [
        (["UBND tỉnh", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh Kon Tum"], "kon-tum", "kon-tum/uy-ban-nhan-dan"),
        (["Ủy ban MTTQ Việt Nam thành phố Hà Nội", "Ủy ban Mặt trận Tổ quốc Việt Nam"], "ha-noi", "ha-noi/uy-ban-mat-tran-to-quoc"),
        (["UBND các quận, huyện, thị xã", "Ủy ban nhân dân các huyện, thị xã"], "ha-noi", "ha-noi/uy-ban-nhan-dan-cap-huyen"),
        (["Phòng Lao động - Thương binh và Xã hội", "Phòng LĐTBXH quận"], "ho-chi-minh/quan-11", Q11 + "phong-lao-dong-thuong-binh-va-xa-hoi"),
        (["Chi nhánh Ngân hàng Chính sách xã hội thành phố Hà Nội", "NHCSXH"], "ha-noi", "ha-noi/ngan-hang-chinh-sach-xa-hoi"),
    ],
)
def test_abbreviations_resolve_alike(names, locality, expected):
    province = locality.split("/")[0]
    assert {resolve_agency(name, locality, province).id for name in names} == {expected}


def test_a_department_in_a_district_plan_belongs_to_the_province():
    agency = resolve_agency("Sở Lao động - Thương binh và Xã hội", "ho-chi-minh/quan-11", "ho-chi-minh")
    assert agency.id == f"ho-chi-minh/{SO_LDTBXH}"
    assert agency.name == "Sở Lao động - Thương binh và Xã hội thành phố Hồ Chí Minh"


def test_a_level_word_places_a_body_at_that_level():
    assert resolve_agency("Bảo hiểm xã hội Thành phố", "ho-chi-minh/quan-11", "ho-chi-minh").id == "ho-chi-minh/bao-hiem-xa-hoi"
    assert resolve_agency("Bảo hiểm xã hội quận", "ho-chi-minh/quan-11", "ho-chi-minh").id == Q11 + "bao-hiem-xa-hoi"


def test_unknown_body_is_kept_for_review():
    agency = resolve_agency("Hội Cựu thanh niên xung phong quận", "ho-chi-minh/quan-11", "ho-chi-minh")
    assert agency.review
    assert agency.type == UNCLASSIFIED
    assert agency.id == Q11 + "hoi-cuu-thanh-nien-xung-phong-quan"
    assert agency.name == "Hội Cựu thanh niên xung phong quận"


def test_unknown_body_in_a_plan_becomes_an_agency_marked_for_review():
    text = seed_text("quan11")
    section = find_clause(text.clauses, "IV")
    renamed = section.children[2].model_copy(update={"title": "Đề nghị Hội Cựu thanh niên xung phong quận"})
    section = section.model_copy(update={"children": [*section.children[:2], renamed, *section.children[3:]]})
    clauses = [section if c.id == "IV" else c for c in text.clauses]
    agencies, assignments = extract_assignments(PlanText(**{**text.__dict__, "clauses": clauses}))
    unknown = next(a for a in assignments if a.clause_id == "IV.3")
    assert unknown.request
    assert {a.id: a.review for a in agencies}[unknown.agency] is True


def test_split_bodies_keeps_names_that_contain_va_or_commas():
    assert split_bodies("Hội Liên hiệp Phụ nữ Việt Nam quận, Quận Đoàn") == ["Hội Liên hiệp Phụ nữ Việt Nam quận", "Quận Đoàn"]
    assert split_bodies("UBND các quận, huyện, thị xã") == ["UBND các quận, huyện, thị xã"]
    assert split_bodies("Sở Lao động - Thương binh và Xã hội") == ["Sở Lao động - Thương binh và Xã hội"]


def test_split_bodies_leaves_out_what_has_no_letter_or_digit():
    """A body's name spells something: the '/' of a stray './.' is no body (it had an empty id)."""
    assert split_bodies("./") == []
    assert split_bodies("Sở Y tế, ./") == ["Sở Y tế, ./"]
    assert split_bodies("Thủ trưởng các cơ quan, đơn vị có liên quan và Chủ tịch Ủy ban nhân dân các phường") == [
        "các cơ quan, đơn vị có liên quan",
        "Ủy ban nhân dân các phường",
    ]


def test_registry_types_are_unique_and_their_aliases_unambiguous():
    types = agency_types()
    assert len({t.id for t in types}) == len(types)
    keys = [name_key(alias) for t in types for alias in (t.name, *t.aliases)]
    assert len(keys) == len(set(keys))
    assert {"province", "district"} <= {level for t in types for level in t.levels}


def test_shorten_cuts_at_a_sentence_end_or_marks_a_cut_word():
    assert shorten("Một câu. Câu hai dài hơn nhiều.", limit=12) == "Một câu."
    assert shorten("một câu rất dài không có dấu chấm nào", limit=12) == "một câu rất …"
    assert shorten("một câu rất dài", limit=12, ellipsis="") == "một câu rất"
