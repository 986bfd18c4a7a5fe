"""Clause tree: ids as officials cite them, nothing lost, stable across runs."""
from __future__ import annotations

import pytest

from generator.errors import PlanError
from generator.ingest import Line
from generator.pipeline import extract_plan
from generator.structure import build_tree, clause_text, find_clause, walk
from tests.seeds import SEEDS, seed_bytes, seed_document, seed_plan

EXPECTED_IDS = {
    "quan11": "I I.1 I.2 I.2.a I.2.b I.2.c I.2.d I.2.dd I.2.e II II.1 II.1.1 II.1.2 II.1.3 II.1.4 II.1.5 "
    "II.2 II.2.1 II.2.1.1 II.2.1.2 II.2.1.3 II.2.2 II.2.3 II.2.3.1 II.2.3.2 II.2.3.3 II.2.3.4 II.2.3.5 "
    "II.2.3.6 III IV " + " ".join(f"IV.{n}" for n in range(1, 14)),
    "kontum": "I I.1 I.2 II II.1 II.2 III III.1 III.2 III.3 III.3.a III.3.b III.3.c III.3.d III.3.dd "
    "III.4 III.5 IV " + " ".join(f"IV.{n}" for n in range(1, 12)),
    "hanoi": "I I.1 I.2 II III III.1 III.1.1 III.1.2 III.1.3 III.2 III.2.1 III.2.2 III.2.3 III.2.4 III.2.5 "
    "III.3 III.3.1 III.3.2 III.3.3 III.3.4 III_2 " + " ".join(f"III_2.{n}" for n in range(1, 14)),
    "hcm_so": "P1 P1.I P1.I.1 P1.I.2 P1.II P1.II.1 P1.II.2 P1.II.3 P1.III " + " ".join(f"P1.III.{n}" for n in range(1, 6)),
    "cantho": "I I.1 I.2 I.2.1 I.2.2 II II.1 II.1.1 II.1.2 II.1.3 II.2 II.2.1 II.2.2 II.2.3 II.3 II.3.1 "
    "II.3.2 II.3.3 III " + " ".join(f"III.{n}" for n in range(1, 6)),
}


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_numbered_heading_becomes_a_clause_in_order(key):
    assert [c.id for c in walk(seed_plan(key).clauses)] == EXPECTED_IDS[key].split()


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_clause_texts_reproduce_the_normalized_body(key):
    plan = seed_plan(key)
    body = " ".join(line.text for line in seed_document(key).body)
    assert clause_text(plan.preamble, plan.clauses) == body


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_ids_are_ascii_anchor_safe_and_unique(key):
    ids = [c.id for c in walk(seed_plan(key).clauses)]
    assert len(ids) == len(set(ids))
    assert all(cid.isascii() and " " not in cid and "#" not in cid for cid in ids)


def test_duplicated_section_iii_of_seed_002_gets_a_stable_unique_id():
    plan = seed_plan("hanoi")
    first, second = find_clause(plan.clauses, "III"), find_clause(plan.clauses, "III_2")
    assert first.title == "GIẢI PHÁP THỰC HIỆN"
    assert second.title == "TỔ CHỨC THỰC HIỆN" and second.label == "III."
    assert find_clause(plan.clauses, "III_2.1").title == "Sở Lao động - Thương binh và Xã hội"
    again = extract_plan(seed_bytes("hanoi"), SEEDS["hanoi"])
    assert [c.id for c in walk(again.clauses)] == [c.id for c in walk(plan.clauses)]


def test_bullets_are_items_inside_their_clause_and_paragraphs_keep_order():
    plan = seed_plan("kontum")
    iv1 = find_clause(plan.clauses, "IV.1")
    assert iv1.title == "Sở Lao động - Thương binh và Xã hội:"
    assert [b.marker for b in iv1.blocks] == ["-", "+", "+", "+", "+", "-", "-"]
    quan11 = seed_plan("quan11")
    c = find_clause(quan11.clauses, "I.2.c")
    # a long label line keeps its text as the first paragraph, not as a heading
    assert c.title == "" and c.blocks[0].text.startswith("Bảo đảm quy mô, cơ cấu ngành, nghề đào tạo")
    assert [b.kind for b in c.blocks] == ["paragraph", "paragraph"]
    assert c.blocks[1].text.startswith("Đến năm 2030, tập trung nâng cao")


def test_label_with_colon_splits_title_and_task():
    clause = find_clause(seed_plan("kontum").clauses, "IV.4")
    assert clause.title == "Sở Xây dựng:"
    assert clause.blocks[0].text.startswith("Chủ trì, phối hợp với các đơn vị liên quan")


def test_part_heading_takes_the_uppercase_line_below_as_title():
    part = find_clause(seed_plan("hcm_so").clauses, "P1")
    assert part.label == "Phần 1"
    assert part.title.startswith("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")


def test_a_body_without_numbering_gives_no_clauses_and_keeps_every_paragraph():
    body = [Line(3, "Một đoạn văn không có đánh số."), Line(5, "- một gạch đầu dòng")]
    preamble, clauses = build_tree(body)
    assert clauses == []
    assert [(b.kind, b.text, b.line) for b in preamble] == [
        ("paragraph", "Một đoạn văn không có đánh số.", 3), ("item", "một gạch đầu dòng", 5)
    ]


def test_an_unnumbered_text_is_rejected_only_when_it_is_not_a_plan():
    with pytest.raises(PlanError) as caught:
        extract_plan("Một đoạn văn.\nMột đoạn nữa.\n".encode(), "khong-so.txt")
    assert caught.value.file == "khong-so.txt" and caught.value.line == 1
    assert "đánh số" in caught.value.reason and "không phải văn bản kế hoạch" in caught.value.reason
    plan = extract_plan(
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 12/KH-UBND\nKon Tum, ngày 3 tháng 4 năm 2025\n"
        "KẾ HOẠCH\nVề việc làm năm 2025\nMột đoạn văn.\n- Một việc cần làm.\n".encode(), "khong-so.txt"
    )
    assert plan.clauses == [] and [b.text for b in plan.preamble] == ["Một đoạn văn.", "Một việc cần làm."]
    assert plan.metadata.number == "12/KH-UBND" and plan.metadata.issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert any("không có mục đánh số" in reason for reason in plan.metadata.review)
