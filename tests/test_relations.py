"""What a plan does with the documents it cites (based on, implements, amends, replaces), and
the trích yếu the citing text gives: each rule of :mod:`generator.relations` on the sentence
forms plans use, on the seeds as written and with sentences added where the seeds show none."""
from __future__ import annotations

import dataclasses

import pytest

from generator import relations
from generator.citations import extract_citations
from generator.models import Block, Clause
from tests.seeds import seed_text


def with_text(key: str, preamble: list[str] = (), final: str | None = None):
    """A seed's text with its preamble replaced by ``preamble`` and, with ``final``, a last clause."""
    text = seed_text(key)
    blocks = [Block(kind="paragraph", text=s, line=1) for s in preamble] or text.preamble
    clauses = text.clauses
    if final is not None:
        extra = Clause(id="IX", label="IX.", title="HIỆU LỰC", line=9999,
                       blocks=[Block(kind="paragraph", text=final, line=9999)])
        clauses = [*clauses, extra]
    return dataclasses.replace(text, preamble=blocks, clauses=clauses)


def relations_of(text) -> dict[str, str | None]:
    """Number (or type and name) of each cited document -> the relation of its opening citation,
    or of its one citation elsewhere."""
    documents, citations = extract_citations(text)
    key = {d.id: d.number or f"{d.type} {d.name}" for d in documents}
    found: dict[str, str | None] = {}
    for citation in citations:
        if citation.clause_id is None or citation.relation:
            found[key[citation.document]] = citation.relation
    return found


def subjects_of(text) -> dict[str, str | None]:
    return {d.number or f"{d.type} {d.name}": d.subject for d in extract_citations(text)[0]}


# ---------------------------------------------------------------- the seeds as written


def test_kon_tum_implements_resolution_06():
    assert relations_of(seed_text("kontum"))["06/NQ-CP"] == "implements"


def test_quan_11_implements_the_strategy_its_decision_issues():
    # "Căn cứ Quyết định số 1649/QĐ-UBND ... về ban hành Chiến lược lao động và việc làm ..." and
    # the title "Thực hiện Chiến lược lao động và việc làm trên địa bàn quận ...".
    assert relations_of(seed_text("quan11")) == {"1649/QĐ-UBND": "implements"}


def test_hcm_department_plan_rests_on_its_bases():
    found = relations_of(seed_text("hcm_so"))
    assert {k for k, v in found.items() if v == "based-on"} == {
        "01/CT-UBND", "133/QĐ-UBND", "84/KH-UBND", "2393/QĐ-UBND", "572/QĐ-UBND", "06-KL/ĐUS"
    }
    # the programme is named inside 2393's trích yếu ("về phê duyệt Chương trình “...”")
    assert found["Chương trình Chuyển đổi số của Thành phố Hồ Chí Minh"] is None


def test_ha_noi_implements_each_document_of_its_opening_list():
    found = relations_of(seed_text("hanoi"))
    assert {k for k, v in found.items() if v == "implements"} == {"1170/CĐ-TTg", "142/KH-UBND", "159/KH-UBND"}


def test_subjects_of_the_seeds():
    kon_tum = subjects_of(seed_text("kontum"))
    assert kon_tum["06/NQ-CP"] == ("phát triển thị trường lao động linh hoạt, hiện đại, hiệu quả, bền vững và hội "
                                   "nhập nhằm phục hồi nhanh kinh tế - xã hội")
    ha_noi = subjects_of(seed_text("hanoi"))
    # a list "A về X, B về Y, C ...": each subject stops where the next document starts
    assert ha_noi["1170/CĐ-TTg"] == ("các biện pháp ổn định, phát triển thị trường lao động linh hoạt, hiệu quả, "
                                     "bền vững và chăm lo đời sống người lao động")
    # a quoted subject: "... của Bộ Chính trị “Về xây dựng và phát triển thành phố Cần Thơ ...”"
    assert subjects_of(seed_text("cantho"))["59-NQ/TW"] == (
        "xây dựng và phát triển thành phố Cần Thơ đến năm 2030, tầm nhìn đến năm 2045"
    )


# ---------------------------------------------------------------- forms the seeds do not show

DECISION = "Quyết định số 12/QĐ-UBND ngày 05 tháng 3 năm 2020 của Ủy ban nhân dân tỉnh"
OLD_PLAN = "Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2021 của Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize("opening, relation", [
    (f"Căn cứ {DECISION} về việc giao chỉ tiêu;", "based-on"),
    (f"Thực hiện {DECISION} về việc giao chỉ tiêu;", "implements"),
    (f"Triển khai thực hiện {DECISION};", "implements"),
    (f"Để cụ thể hóa {DECISION}, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:", "implements"),
    (f"Theo đề nghị của Sở Nội vụ tại {DECISION};", None),
    (f"Xét {DECISION};", None),
    (f"Căn cứ Luật Việc làm ngày 16 tháng 6 năm 2025; {DECISION} về việc giao chỉ tiêu;", "based-on"),
    (f"Căn cứ Luật Việc làm ngày 16 tháng 6 năm 2025; Theo đề nghị của Sở Nội vụ tại {DECISION};", None),
])
def test_opening_relation(opening: str, relation):
    assert relations_of(with_text("kontum", [opening]))["12/QĐ-UBND"] == relation


@pytest.mark.parametrize("final, relation", [
    (f"Kế hoạch này thay thế {OLD_PLAN}.", "replaces"),
    (f"Kế hoạch này có hiệu lực kể từ ngày ký và thay thế {OLD_PLAN}.", "replaces"),
    (f"Bãi bỏ {OLD_PLAN}.", "replaces"),
    (f"Kế hoạch này sửa đổi, bổ sung một số nội dung của {OLD_PLAN}.", "amends"),
    # another document changes it, not this plan
    (f"{DECISION} sửa đổi, bổ sung {OLD_PLAN}.", None),
    (f"Tiếp tục thực hiện {OLD_PLAN}.", None),
])
def test_change_relation(final: str, relation):
    assert relations_of(with_text("kontum", final=final)).get("45/KH-UBND") == relation


def test_a_basis_that_amends_another_does_not_make_the_plan_amend_it():
    opening = f"Căn cứ Quyết định số 7/QĐ-UBND ngày 01/02/2022 của Ủy ban nhân dân tỉnh sửa đổi, bổ sung {DECISION};"
    found = relations_of(with_text("kontum", [opening]))
    assert found["7/QĐ-UBND"] == "based-on"
    assert found["12/QĐ-UBND"] is None  # named in 7's trích yếu


def test_title_names_what_the_plan_implements():
    text = seed_text("kontum")
    assert relations.implemented_object(text.metadata.title, title=True).startswith("nghi quyet so 06/nq-cp")
    assert relations.implemented_object("Hỗ trợ, phát triển thị trường lao động năm 2023", title=True) is None
    # a cited decision "về ban hành Kế hoạch triển khai ..." is not the plan issuing itself
    assert relations.implemented_object(f"Căn cứ {DECISION} về ban hành Kế hoạch thực hiện Đề án X;",
                                        title=False) is None
    assert relations.implemented_object("Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Nghị quyết số 06/NQ-CP",
                                        title=False) == "nghi quyet so 06/nq-cp"


def test_subject_forms():
    found = subjects_of(with_text("kontum", [
        f"Căn cứ {DECISION} về việc phân bổ dự toán (vốn sự nghiệp) năm 2025;",
        "Căn cứ Quyết định số 493/QĐ-TTg ngày 19 tháng 4 năm 2022 của Thủ tướng Chính phủ phê duyệt Chiến lược "
        "xuất nhập khẩu hàng hóa đến năm 2030.",
        "Thực hiện Nghị quyết số 9/NQ-CP ngày 01/02/2023 của Chính phủ (sau đây gọi tắt là Nghị quyết 9), "
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
    ]))
    assert found["12/QĐ-UBND"] == "phân bổ dự toán (vốn sự nghiệp) năm 2025"
    assert found["493/QĐ-TTg"] == "phê duyệt Chiến lược xuất nhập khẩu hàng hóa đến năm 2030"
    assert found["9/NQ-CP"] is None


def test_a_ministers_document_is_national():
    documents, _ = extract_citations(with_text("kontum", [
        "Căn cứ Thông tư số 10/2022/TT-BLĐTBXH ngày 31 tháng 5 năm 2022 của Bộ trưởng Bộ Lao động - Thương binh "
        "và Xã hội hướng dẫn giám sát;",
    ]))
    circular = next(d for d in documents if d.number == "10/2022/TT-BLĐTBXH")
    assert (circular.id, circular.locality) == ("thong-tu-10-2022-tt-bldtbxh", None)
    assert circular.issuer == "Bộ trưởng Bộ Lao động - Thương binh và Xã hội"


def test_a_law_name_stops_at_a_shorter_name_the_plan_also_cites():
    documents, _ = extract_citations(with_text("kontum", [
        "Căn cứ Luật Việc làm ngày 16 tháng 6 năm 2025;",
        "Thực hiện Luật Việc làm bảo đảm kịp thời, đúng quy định;",
    ]))
    laws = sorted(d.name for d in documents if d.type == "Luật")
    assert laws == ["Việc làm"]
