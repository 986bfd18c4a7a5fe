"""Reporting and completion deadlines of the seeds, as a reader can check them in the text."""
from __future__ import annotations

import functools

import pytest

from generator.assignments import extract_assignments
from generator.context import PlanText
from generator.deadlines import extract_deadlines, read_timings, split_statements
from generator.models import Block, Clause, Deadline, Metadata
from generator.structure import find_clause
from tests.seeds import SEEDS, seed_text

SO_LDTBXH = "so-lao-dong-thuong-binh-va-xa-hoi"



@functools.cache
def deadlines(key: str) -> list[Deadline]:
    text = seed_text(key)
    return extract_deadlines(text, *extract_assignments(text))


def summary(key: str) -> list[tuple]:
    return [(d.clause_id, d.frequency, d.due, d.reporters, d.recipient) for d in deadlines(key)]


def test_quan_11_yearly_reports():
    q11 = "ho-chi-minh/quan-11/"
    assert summary("quan11") == [
        ("IV.1", "yearly", "--11-25", [q11 + "phong-lao-dong-thuong-binh-va-xa-hoi"], q11 + "uy-ban-nhan-dan"),
        (
            "IV.13",
            "yearly",
            "--11-05",
            ["các cơ quan, đơn vị có liên quan", q11 + "uy-ban-nhan-dan-cap-xa"],
            q11 + "phong-lao-dong-thuong-binh-va-xa-hoi",
        ),
    ]
    closing = deadlines("quan11")[1]
    assert closing.quote.startswith("báo cáo tình hình, kết quả thực hiện Kế hoạch định kỳ trước ngày 05 tháng 11 hàng năm")


def test_kon_tum_yearly_and_on_request_reports_to_the_department():
    so = f"kon-tum/{SO_LDTBXH}"
    assert summary("kontum") == [
        ("IV.1", "periodic", None, [so], "kon-tum/uy-ban-nhan-dan"),
        ("IV.1", "on-request", None, [so], "kon-tum/uy-ban-nhan-dan"),
        ("IV.11", "yearly", "--12-15", ["các đơn vị, địa phương"], so),
        ("IV.11", "on-request", None, ["các đơn vị, địa phương"], so),
    ]


def test_ha_noi_reporting_regime():
    so = f"ha-noi/{SO_LDTBXH}"
    assert summary("hanoi") == [
        ("III_2.13", "once", "2023-06-15", ["ha-noi/cac-so-ban-nganh"], so),
        ("III_2.13", "once", "2023-12-15", ["ha-noi/cac-so-ban-nganh"], so),
        (
            "III_2.13",
            "monthly",
            "---15",
            ["ha-noi/uy-ban-nhan-dan-cap-huyen", "Trung tâm DVVL Hà Nội", "ha-noi/ngan-hang-chinh-sach-xa-hoi"],
            so,
        ),
        ("III_2.13", "once", "2023-06-30", [so], "ha-noi/uy-ban-nhan-dan"),
        ("III_2.13", "once", "2023-12-31", [so], "ha-noi/uy-ban-nhan-dan"),
    ]


def test_ha_noi_quarterly_bulletin_outside_the_implementation_section_is_no_deadline():
    assert all(d.clause_id.startswith("III_2.") for d in deadlines("hanoi"))


def test_can_tho_periodic_report_to_the_standing_committee():
    assert summary("cantho") == [("III.5", "periodic", None, ["can-tho/ban-tuyen-giao"], "Ban Thường vụ Thành ủy")]


def test_department_plan_without_deadlines():
    assert deadlines("hcm_so") == []


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_quotes_are_exact_text_of_their_clause(key):
    for deadline in deadlines(key):
        clause = find_clause(seed_text(key).clauses, deadline.clause_id)
        assert any(deadline.quote in p for p in [clause.title, *(b.text for b in clause.blocks)]), deadline
        assert deadline.kind == "report"


# ---------------------------------------------------------------- reading times


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("báo cáo trước ngày 05 tháng 11 hàng năm", [("yearly", "--11-05")]),
        ("báo cáo định kỳ hàng tháng (trước ngày 15 hàng tháng)", [("monthly", "---15")]),
        ("báo cáo 06 tháng trước ngày 15/6/2023", [("once", "2023-06-15")]),
        ("báo cáo trước ngày 31 tháng 12 năm 2024", [("once", "2024-12-31")]),
        ("định kỳ hằng năm (trước ngày 15 tháng 12) và đột xuất (khi có yêu cầu) báo cáo", [("yearly", "--12-15"), ("on-request", None)]),
        ("báo cáo hằng quý về Sở", [("quarterly", None)]),
        ("báo cáo định kỳ 6 tháng và năm", [("half-yearly", None), ("yearly", None)]),
        ("báo cáo trước ngày 31/2/2023", []),
    ],
)
def test_read_timings(statement, expected):
    assert [(frequency, due) for _, frequency, due in read_timings(statement)] == expected


def test_undated_periods_need_the_implementation_section():
    assert read_timings("báo cáo hằng quý về Sở", undated=False) == []


def test_statements_split_at_semicolons_outside_brackets_and_at_sentences():
    statements = split_statements("A báo cáo (6 tháng; năm); B báo cáo. Quá trình thực hiện./.")
    assert [(s.text, s.sentence) for s in statements] == [
        ("A báo cáo (6 tháng; năm)", 0),
        ("B báo cáo", 0),
        ("Quá trình thực hiện", 1),
    ]


def test_completion_deadline_with_a_date():
    metadata = Metadata(doc_type="ke-hoach", title="Thử", locality="kon-tum", province="kon-tum", level="province")
    section = Clause(
        id="IV",
        label="IV.",
        title="TỔ CHỨC THỰC HIỆN",
        line=1,
        children=[
            Clause(
                id="IV.1",
                label="1.",
                title="Sở Xây dựng:",
                line=2,
                blocks=[Block(kind="paragraph", text="Hoàn thành đề án nhà ở xã hội trước ngày 30/9/2024.", line=3)],
            )
        ],
    )
    text = PlanText("thu", "thu.txt", metadata, [], [section], [], [])
    [deadline] = extract_deadlines(text, *extract_assignments(text))
    assert (deadline.kind, deadline.frequency, deadline.due) == ("completion", "once", "2024-09-30")
    assert deadline.reporters == ["kon-tum/so-xay-dung"]
    assert deadline.quote == "Hoàn thành đề án nhà ở xã hội trước ngày 30/9/2024"
