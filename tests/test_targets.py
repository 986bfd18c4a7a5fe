"""Targets (chỉ tiêu) of the seed plans, as a reader can verify them in the text."""
from __future__ import annotations

import functools

import pytest

from generator.context import PlanText
from generator.models import Block, Clause, Metadata, Target
from generator.structure import walk
from generator.catalogue import load as load_catalogue
from generator.targets import extract_targets, match_indicator
from tests.seeds import SEEDS, seed_text

URBAN = "ty-le-that-nghiep-thanh-thi"
OVERALL = "ty-le-that-nghiep"
YOUTH = "ty-le-that-nghiep-thanh-nien"
TRAINED = "ty-le-lao-dong-qua-dao-tao"
CERTIFIED = "ty-le-lao-dong-qua-dao-tao-co-bang-cap"
JOBS = "giai-quyet-viec-lam"
LOANS = "von-vay-giai-quyet-viec-lam"
SESSIONS = "phien-giao-dich-viec-lam"



@functools.cache
def targets(key: str) -> tuple[Target, ...]:
    return tuple(extract_targets(seed_text(key)))


def find(key: str, **fields) -> list[Target]:
    return [t for t in targets(key) if all(getattr(t, name) == value for name, value in fields.items())]


def one(key: str, **fields) -> Target:
    found = find(key, **fields)
    assert len(found) == 1, f"{key}: {len(found)} targets with {fields}: {found}"
    return found[0]


# --- Kon Tum: "Phấn đấu đến năm 2025:" heads the list --------------------


def test_kon_tum_unemployment_targets_are_three_indicators():
    urban = one("kontum", indicator=URBAN)
    assert (urban.comparator, urban.value, urban.unit, urban.year) == ("<", 4, "%", 2025)
    assert urban.clause_id == "II.2" and urban.scope == "thành thị"
    overall = one("kontum", indicator=OVERALL)
    assert (overall.comparator, overall.value, overall.year) == ("<", 3, 2025)
    youth = one("kontum", indicator=YOUTH)
    assert (youth.comparator, youth.value, youth.year) == ("<", 7, 2025)
    assert "thành thị" in youth.scope and "thanh niên" in youth.scope


def test_kon_tum_other_targets():
    rural_youth = one("kontum", indicator="ty-le-thieu-viec-lam-thanh-nien-nong-thon")
    assert (rural_youth.value, rural_youth.scope) == (6, "thanh niên nông thôn")
    farm = one("kontum", indicator="ty-trong-lao-dong-nong-nghiep")
    assert (farm.comparator, farm.value) == ("~", 61.6)
    productivity = one("kontum", indicator="tang-nang-suat-lao-dong")
    assert (productivity.comparator, productivity.value, productivity.unit) == (">", 6.5, "%/năm")
    assert one("kontum", indicator=CERTIFIED).value == 44
    assert not find("kontum", indicator=TRAINED)  # only the 'có bằng cấp, chứng chỉ' rate is set
    assert one("kontum", indicator="ty-le-tham-gia-bhxh").value == 30
    assert one("kontum", indicator="ty-le-tham-gia-bhxh-tu-nguyen").value == 1.2
    assert one("kontum", indicator="ty-le-tham-gia-bhtn").value == 25
    assert {t.year for t in targets("kontum")} == {2025}


# --- Cần Thơ: "- Đến năm 2025" / "- Đến năm 2030" headings ----------------


def test_can_tho_jobs_per_target_year():
    jobs = find("cantho", indicator=JOBS)
    assert [(t.value, t.unit, t.year) for t in jobs] == [(252500, "người", 2025), (277000, "người", 2030)]
    assert jobs[0].quote == "Giải quyết việc làm cho 252.500 người."


def test_can_tho_ranges_and_comparators():
    trained = find("cantho", indicator=TRAINED)
    assert [(t.value, t.value_max, t.year) for t in trained] == [(80, 85, 2025), (85, 90, 2030)]
    after_training = one("cantho", indicator="ty-le-co-viec-lam-sau-dao-tao", year=2025)
    assert (after_training.comparator, after_training.value) == (">=", 80)
    unemployment = one("cantho", indicator=OVERALL, year=2030)
    assert (unemployment.comparator, unemployment.value) == ("<=", 3)


# --- Hà Nội: a one-year plan, quarterly milestones, an appendix ------------


def test_ha_noi_headline_targets():
    jobs = one("hanoi", clause_id="II", indicator=JOBS)
    assert (jobs.value, jobs.unit, jobs.year) == (162000, "lao động", 2023)
    urban = one("hanoi", indicator=URBAN)
    assert (urban.comparator, urban.value, urban.year) == ("<", 4, 2023)
    assert urban.quote == "Giảm tỷ lệ thất nghiệp thành thị < 4 %."
    assert one("hanoi", indicator=TRAINED).value == 73.2


def test_ha_noi_quarterly_milestones():
    loan = one("hanoi", indicator=LOANS, period="Q1/2023", scope=None)
    assert (loan.value, loan.unit, loan.year, loan.clause_id) == (432, "tỷ đồng", 2023, "III.3.1")
    sessions = one("hanoi", indicator=SESSIONS, period="Q1/2023", scope=None)
    assert (sessions.value, sessions.unit) == (55, "phiên")
    loans = find("hanoi", indicator=LOANS, scope=None)
    assert [(t.period, t.value) for t in loans] == [
        ("Q1/2023", 432), ("Q2/2023", 833), ("Q3/2023", 767), ("Q4/2023", 313),
    ]
    abroad = find("hanoi", indicator="xuat-khau-lao-dong")
    assert [t.value for t in abroad] == [500, 1000, 1300, 1200]


def test_parts_of_a_milestone_keep_its_indicator_with_a_scope():
    daily = one("hanoi", indicator=SESSIONS, period="Q1/2023", scope="hàng ngày")
    assert daily.value == 53
    recovered = one("hanoi", indicator=LOANS, period="Q1/2023", scope="nguồn thu hồi")
    assert recovered.value == 342
    whole = one("hanoi", indicator=SESSIONS, period="Q2/2023", scope=None)
    parts = [t for t in find("hanoi", indicator=SESSIONS, period="Q2/2023") if t.scope]
    assert sum(t.value for t in parts) == whole.value == 65


def test_ha_noi_appendix_rows_are_district_targets():
    rows = [t for t in targets("hanoi") if t.clause_id == "III_2.12"]
    assert len(rows) == 30
    assert sum(t.value for t in rows) == 162000
    assert {t.indicator for t in rows} == {JOBS} and {t.year for t in rows} == {2023}
    first = rows[0]
    assert (first.scope, first.value, first.unit, first.quote) == ("Ba Đình", 6700, "người", "1 Ba Đình 6.700")
    assert rows[-1].scope == "Ứng Hòa"


# --- Quận 11 --------------------------------------------------------------


def test_quan_11_jobs_over_five_years():
    jobs = one("quan11", indicator=JOBS, scope=None)
    assert (jobs.value, jobs.unit, jobs.period, jobs.clause_id) == (6500, "lao động", "2023-2025", "I.2.a")
    average = one("quan11", indicator=JOBS, scope="bình quân")
    assert (average.value, average.unit) == (1300, "lao động/năm")


def test_quan_11_unemployment_and_training():
    urban = find("quan11", indicator=URBAN)
    assert [(t.comparator, t.value, t.year) for t in urban] == [("<", 1, 2025), ("=", 1, 2030)]
    trained = find("quan11", indicator=TRAINED)
    assert [(t.value, t.year) for t in trained] == [(80, 2025), (85, 2030)]
    certified = find("quan11", indicator=CERTIFIED)
    assert [(t.value, t.year, t.clause_id) for t in certified] == [(80, 2025, "I.2.c"), (80, 2030, "I.2.c")]
    youth = one("quan11", indicator=YOUTH)
    assert (youth.comparator, youth.value, youth.scope) == ("<", 2, "thanh niên")


def test_quan_11_year_headings_inside_a_clause():
    coverage = find("quan11", indicator="ty-le-tham-gia-bhxh")
    assert [(t.comparator, t.value, t.year) for t in coverage] == [("~", 60, 2025), ("~", 65, 2030)]
    satisfaction = find("quan11", indicator="chi-so-hai-long-bhxh")
    assert [(t.value, t.year) for t in satisfaction] == [(95, 2025), (98, 2030)]


# --- Provenance and precision on every seed --------------------------------


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_quote_is_in_its_clause_or_table(key):
    text = seed_text(key)
    clauses = {c.id: [c.title] + [b.text for b in c.blocks] for c in walk(text.clauses)}
    rows = {" ".join(str(cell) for cell in row) for table in text.tables for row in table.rows}
    for target in targets(key):
        in_clause = any(target.quote in part for part in clauses[target.clause_id])
        assert in_clause or target.quote.replace(".", "") in rows, target


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_target_has_a_unit_of_commitment(key):
    units = {"%", "%/năm", "lao động", "lao động/năm", "người", "phiên", "tỷ đồng"}
    assert {t.unit for t in targets(key)} <= units


def test_counts_dates_and_document_numbers_are_not_targets():
    # Seed 003 lists 18 programmes, 21 tasks, 22 indicators, 04 industries ... and no target.
    assert targets("hcm_so") == ()
    assert not find("hanoi", clause_id="III.1.3")  # "cách mạng công nghiệp 4.0"


def test_unclassified_targets_are_kept():
    credit = one("hanoi", clause_id="III.2.5")
    assert (credit.indicator, credit.value, credit.unit) == (None, 100, "%")
    assert credit.measure.startswith("hộ nghèo")


def test_extraction_is_deterministic():
    text = seed_text("hanoi")
    assert extract_targets(text) == extract_targets(text)


# --- Small texts: rules the seeds do not all exercise ----------------------


def synthetic(*blocks: str, title: str = "Kế hoạch giải quyết việc làm năm 2024") -> list[Target]:
    clause = Clause(
        id="I", label="I.", title="CHỈ TIÊU", line=1,
        blocks=[Block(kind="item", marker="-", text=text, line=i + 2) for i, text in enumerate(blocks)],
    )
    metadata = Metadata(doc_type="ke-hoach", title=title, period_start=2024, period_end=2024)
    return extract_targets(PlanText("p", "p.txt", metadata, [], [clause], [], []))


def test_noise_is_not_a_target():
    assert synthetic(
        "Đáp ứng cách mạng công nghiệp 4.0; Hội nghị lần thứ 8 khóa VIII.",
        "Báo cáo trước ngày 15 tháng 12 người đứng đầu ký; theo Quyết định số 522/QĐ-TTg ngày 14/5/2018.",
        "Đào tạo trong 04 ngành công nghiệp, 16 trường, 02 bên.",
    ) == []


def test_comparators_quarters_and_defaults():
    found = synthetic(
        "Tỷ lệ thất nghiệp chung không dưới 2%; tỷ lệ lao động qua đào tạo 70% trở lên.",
        "Quý II/2024",
        "Tổ chức 12 phiên giao dịch việc làm.",
        "Hỗ trợ 200 người khuyết tật học nghề.",
    )
    assert [(t.indicator, t.comparator, t.value, t.year, t.period) for t in found] == [
        (OVERALL, ">=", 2, 2024, None),
        (TRAINED, ">=", 70, 2024, None),
        (SESSIONS, "=", 12, 2024, "Q2/2024"),
        (None, "=", 200, 2024, "Q2/2024"),
    ]


# --- The catalogue ----------------------------------------------------------


def test_catalogue_entries_are_complete_and_unique():
    indicators = load_catalogue().indicators
    assert len({i.id for i in indicators}) == len(indicators) >= 15
    for indicator in indicators:
        assert indicator.name and indicator.name_en and indicator.unit and indicator.better in {"lower", "higher"}


def test_each_pattern_finds_its_own_indicator():
    for indicator in load_catalogue().indicators:
        for pattern in indicator.patterns:
            assert match_indicator(pattern, indicator.unit) == indicator.id, pattern


@pytest.mark.parametrize(
    "measure, unit, expected",
    [
        ("tỷ lệ thất nghiệp thanh niên thành thị", "%", YOUTH),
        ("Tỷ lệ thất nghiệp khu vực thành thị", "%", URBAN),
        ("TY LE THAT NGHIEP DO THI", "%", URBAN),
        ("Tỷ lệ thất nghiệp", "%", OVERALL),
        ("tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "%", CERTIFIED),
        ("Giải quyết việc làm từ nguồn vốn ... cho vay", "tỷ đồng", LOANS),
        ("Giải quyết việc làm", "tỷ đồng", None),
        ("Giải quyết việc làm", "người", JOBS),
        ("chỉ số đánh giá mức độ hài lòng của người tham gia bảo hiểm xã hội", "%", "chi-so-hai-long-bhxh"),
        ("số hộ nghèo được vay vốn", "%", None),
    ],
)
def test_most_specific_pattern_of_the_right_unit_wins(measure, unit, expected):
    assert match_indicator(measure, unit) == expected
