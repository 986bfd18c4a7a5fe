"""Cited documents (văn bản dẫn chiếu) of the seeds, as a reader can check them in the text."""
from __future__ import annotations

import dataclasses
import functools

import pytest

from generator.citations import extract_citations, issuer_entries
from generator.context import PlanText
from generator.models import Block, Citation, CitedDocument
from generator.structure import walk
from generator.textutil import fold
from tests.seeds import SEEDS, seed_text



@functools.cache
def extracted(key: str) -> tuple[list[CitedDocument], list[Citation]]:
    return extract_citations(seed_text(key))


def document(key: str, doc_id: str) -> CitedDocument:
    documents = {d.id: d for d in extracted(key)[0]}
    assert doc_id in documents, f"{doc_id} not among {sorted(documents)}"
    return documents[doc_id]


def citations_of(key: str, doc_id: str) -> list[Citation]:
    return [c for c in extracted(key)[1] if c.document == doc_id]


def with_preamble(key: str, *sentences: str) -> PlanText:
    """A seed's text with extra preamble sentences, for what the seeds do not show."""
    text = seed_text(key)
    extra = [Block(kind="paragraph", text=s, line=1) for s in sentences]
    return dataclasses.replace(text, preamble=[*text.preamble, *extra])


# ---------------------------------------------------------------- Kon Tum's 14 footnotes

KT_UBND = "Ủy ban nhân dân tỉnh Kon Tum"
DE_AN_PHAN_LUONG = (
    "de-an-giao-duc-huong-nghiep-va-dinh-huong-phan-luong-hoc-sinh-trong-giao-duc-pho-thong-giai-doan-2018-2025"
)

# footnote -> (clause of its marker, [(document id, type, number, date)])
KONTUM_FOOTNOTES = {
    1: ("IV.1", [("kon-tum-ke-hoach-2312-kh-ubnd-2022", "Kế hoạch", "2312/KH-UBND", "2022-07-23")]),
    2: ("IV.1", [("kon-tum-ke-hoach-3921-kh-ubnd-2022", "Kế hoạch", "3921/KH-UBND", "2022-11-17")]),
    3: ("IV.1", [("kon-tum-quyet-dinh-248-qd-ubnd-2019", "Quyết định", "248/QĐ-UBND", "2019-03-20")]),
    4: ("IV.1", [("kon-tum-ke-hoach-1697-kh-ubnd-2021", "Kế hoạch", "1697/KH-UBND", "2021-05-26")]),
    5: ("IV.1", [("kon-tum-ke-hoach-2521-kh-ubnd-2022", "Kế hoạch", "2521/KH-UBND", "2022-08-04")]),
    6: ("IV.2", [
        # cited twice, once as 14/11/2018 and once as 04/11/2018: one document, the first date
        ("kon-tum-ke-hoach-3188-kh-ubnd-2018", "Kế hoạch", "3188/KH-UBND", "2018-11-14"),
        (DE_AN_PHAN_LUONG, "Đề án", None, None),
        ("kon-tum-cong-van-1717-ubnd-kgvx-2021", "Công văn", "1717/UBND-KGVX", "2021-05-27"),
    ]),
    7: ("IV.3", [("kon-tum-ke-hoach-462-kh-ubnd-2022", "Kế hoạch", "462/KH-UBND", "2022-02-18")]),
    8: ("IV.3", [("kon-tum-quyet-dinh-456-qd-ubnd-2021", "Quyết định", "456/QĐ-UBND", "2021-05-26")]),
    9: ("IV.3", [("kon-tum-quyet-dinh-1296-qd-ubnd-2020", "Quyết định", "1296/QĐ-UBND", "2020-12-24")]),
    10: ("IV.3", [("kon-tum-quyet-dinh-531-qd-ubnd-2021", "Quyết định", "531/QĐ-UBND", "2021-06-21")]),
    11: ("IV.11", [("kon-tum-ke-hoach-1697-kh-ubnd-2021", "Kế hoạch", "1697/KH-UBND", "2021-05-26")]),
    12: ("IV.11", [("kon-tum-ke-hoach-462-kh-ubnd-2022", "Kế hoạch", "462/KH-UBND", "2022-02-18")]),
    13: ("IV.11", [("kon-tum-cong-van-2418-ubnd-kgvx-2021", "Công văn", "2418/UBND-KGVX", "2021-07-15")]),
    14: ("IV.11", [("kon-tum-ke-hoach-2521-kh-ubnd-2022", "Kế hoạch", "2521/KH-UBND", "2022-08-04")]),
}


@pytest.mark.parametrize("number", sorted(KONTUM_FOOTNOTES))
def test_kontum_footnote_documents_with_the_clause_of_their_marker(number):
    clause_id, expected = KONTUM_FOOTNOTES[number]
    cited = [c for c in extracted("kontum")[1] if c.footnote == number]
    assert [c.document for c in cited] == [doc_id for doc_id, *_ in expected]
    assert {c.clause_id for c in cited} == {clause_id}
    for doc_id, doc_type, doc_number, date in expected:
        doc = document("kontum", doc_id)
        assert (doc.type, doc.number, doc.date) == (doc_type, doc_number, date)
        if doc_number:
            assert (doc.issuer, doc.locality) == (KT_UBND, "kon-tum")


def test_kontum_typo_2312KH_is_read_as_2312_slash_KH():
    (cited,) = [c for c in extracted("kontum")[1] if c.footnote == 1]
    assert "2312KH-UBND" in cited.quote
    assert document("kontum", cited.document).number == "2312/KH-UBND"


def test_kontum_resolution_06_nq_cp_is_one_document_however_it_is_repeated():
    doc = document("kontum", "nghi-quyet-06-nq-cp-2023")
    assert (doc.type, doc.number, doc.date, doc.issuer, doc.locality) == (
        "Nghị quyết", "06/NQ-CP", "2023-01-10", "Chính phủ", None
    )
    assert [d.id for d in extracted("kontum")[0] if d.number == "06/NQ-CP"] == [doc.id]
    # the preamble's "(Nghị quyết số 06/NQ-CP)" is the same document: one citation there
    places = [c.clause_id for c in citations_of("kontum", doc.id)]
    assert places == [None, "I.2", "IV.1"]


# ---------------------------------------------------------------- issuers from context


# seed -> document id -> fields a reader can check in the sentence that cites it
SELECTED = {
    "quan11": {
        "ho-chi-minh-quyet-dinh-1649-qd-ubnd-2024": dict(
            type="Quyết định", number="1649/QĐ-UBND", date="2024-05-15", year=2024,
            issuer="Ủy ban nhân dân Thành phố Hồ Chí Minh", locality="ho-chi-minh",
        ),
        "quyet-dinh-522-qd-ttg-2018": dict(
            type="Quyết định", number="522/QĐ-TTg", date="2018-05-14", issuer="Thủ tướng Chính phủ", locality=None
        ),
        "nghi-dinh-61-2020-nd-cp": dict(number="61/2020/NĐ-CP", date="2020-05-29", issuer="Chính phủ", year=2020),
        "luat-giao-duc-nghe-nghiep": dict(type="Luật", number=None, name="Giáo dục nghề nghiệp", issuer="Quốc hội"),
        DE_AN_PHAN_LUONG: dict(type="Đề án", approved_by="quyet-dinh-522-qd-ttg-2018", issuer="Thủ tướng Chính phủ"),
    },
    "kontum": {
        "nghi-quyet-19-nq-tw-2022": dict(number="19-NQ/TW", issuer="Ban Chấp hành Trung ương Đảng", locality=None),
        "quyet-dinh-655-qd-ttg-2017": dict(date="2017-05-12", issuer="Thủ tướng Chính phủ"),
        "kon-tum-ke-hoach-353-kh-ubnd-2023": dict(date="2023-02-13", issuer=KT_UBND),
    },
    "hanoi": {
        "cong-dien-1170-cd-ttg-2022": dict(
            type="Công điện", number="1170/CĐ-TTg", date="2022-12-16", issuer="Thủ tướng Chính phủ", locality=None
        ),
        "ha-noi-quyet-dinh-3374-qd-ubnd-2021": dict(
            date="2021-07-13", issuer="Ủy ban nhân dân thành phố Hà Nội", locality="ha-noi"
        ),
        # "Quyết định số 1362/QĐ-UBND, ngày 22/4/2022, UBND thành phố Hà Nội, về việc ..."
        "ha-noi-quyet-dinh-1362-qd-ubnd-2022": dict(date="2022-04-22", issuer="Ủy ban nhân dân thành phố Hà Nội"),
        "thong-tu-01-tt-bldtbxh-2022": dict(issuer="Bộ Lao động - Thương binh và Xã hội", locality=None),
    },
    "hcm_so": {
        "bo-luat-lao-dong-2019": dict(type="Bộ luật", number=None, name="Lao động", year=2019, issuer="Quốc hội"),
        "ho-chi-minh-chi-thi-01-ct-ubnd-2022": dict(
            type="Chỉ thị", date="2022-01-11", issuer="Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh"
        ),
        "ho-chi-minh-ket-luan-06-kl-dus-2021": dict(
            type="Kết luận", number="06-KL/ĐUS", date="2021-12-27", locality="ho-chi-minh",
            issuer="Đảng ủy Sở Lao động - Thương binh và Xã hội Thành phố Hồ Chí Minh",
        ),
        "chuong-trinh-chuyen-doi-so-cua-thanh-pho-ho-chi-minh": dict(
            type="Chương trình", approved_by="ho-chi-minh-quyet-dinh-2393-qd-ubnd-2020"
        ),
        "quyet-dinh-23-2021-qd-ttg": dict(number="23/2021/QĐ-TTg", issuer="Thủ tướng Chính phủ", year=2021),
    },
    "cantho": {
        "nghi-quyet-59-nq-tw-2020": dict(
            type="Nghị quyết", number="59-NQ/TW", date="2020-08-05", issuer="Bộ Chính trị", locality=None
        ),
        "nghi-quyet-dai-hoi-dai-bieu-dang-bo-thanh-pho-can-tho-lan-thu-xiv-nhiem-ky-2020-2025": dict(
            type="Nghị quyết", number=None
        ),
    },
}


@pytest.mark.parametrize(
    "key, doc_id", [(key, doc_id) for key in sorted(SELECTED) for doc_id in sorted(SELECTED[key])]
)
def test_selected_documents(key, doc_id):
    doc = document(key, doc_id)
    assert {field: getattr(doc, field) for field in SELECTED[key][doc_id]} == SELECTED[key][doc_id]


def test_quan11_cites_the_city_decision_in_its_preamble_and_522_in_section_iv():
    assert [c.clause_id for c in citations_of("quan11", "ho-chi-minh-quyet-dinh-1649-qd-ubnd-2024")] == [None]
    assert [c.clause_id for c in citations_of("quan11", "quyet-dinh-522-qd-ttg-2018")] == ["IV.2"]


def test_cantho_undated_repeat_of_59_nq_tw_is_the_same_document():
    assert [c.clause_id for c in citations_of("cantho", "nghi-quyet-59-nq-tw-2020")] == [None, "I.2.1"]


# ---------------------------------------------------------------- identity across plans


def test_522_qd_ttg_has_one_id_in_every_plan_that_cites_it():
    ids = {key: [d.id for d in extracted(key)[0] if d.number == "522/QĐ-TTg"] for key in SEEDS}
    citing = {key: found for key, found in ids.items() if found}
    assert sorted(citing) == ["hanoi", "quan11"]
    assert set(map(tuple, citing.values())) == {("quyet-dinh-522-qd-ttg-2018",)}


def test_de_an_cited_by_name_has_one_id_across_plans_and_spellings():
    # "2018-2025" in Quận 11 and Kon Tum, "2018 - 2025" in Hà Nội; "đề án" or "Đề án"
    for key in ("quan11", "kontum", "hanoi"):
        assert citations_of(key, DE_AN_PHAN_LUONG), key
    assert document("hanoi", DE_AN_PHAN_LUONG).approved_by == "quyet-dinh-522-qd-ttg-2018"


def test_a_local_number_is_unique_only_with_its_issuer_locality():
    same_number = "Kế hoạch số 2312/KH-UBND ngày 23 tháng 7 năm 2022"
    text = with_preamble(
        "hanoi", f"Căn cứ {same_number} của Ủy ban nhân dân Thành phố.", f"Căn cứ {same_number} của UBND tỉnh Kon Tum."
    )
    ids = sorted(d.id for d in extract_citations(text)[0] if d.number == "2312/KH-UBND")
    assert ids == ["ha-noi-ke-hoach-2312-kh-ubnd-2022", "kon-tum-ke-hoach-2312-kh-ubnd-2022"]
    assert "kon-tum-ke-hoach-2312-kh-ubnd-2022" in {d.id for d in extracted("kontum")[0]}


def test_the_plan_itself_is_not_a_cited_document():
    caption = "(Kèm theo Kế hoạch số 21/KH-UBND ngày 12/01/2023 của UBND thành phố Hà Nội)"
    documents, _ = extract_citations(with_preamble("hanoi", caption))
    assert [d for d in documents if d.number == "21/KH-UBND"] == []
    for key in SEEDS:
        own = seed_text(key).metadata.number
        assert own is None or all(d.number != own for d in extracted(key)[0]), key


# ---------------------------------------------------------------- invariants on every seed


def passages(text: PlanText, citation: Citation) -> list[str]:
    if citation.footnote is not None:
        return [f.text for f in text.footnotes if f.number == citation.footnote]
    if citation.clause_id is None:
        return [b.text for b in text.preamble]
    (clause,) = [c for c in walk(text.clauses) if c.id == citation.clause_id]
    return [clause.title, *(b.text for b in clause.blocks)]


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_every_quote_is_in_the_passage_it_cites_from(key):
    citations = extracted(key)[1]
    assert citations
    for citation in citations:
        assert any(citation.quote in p for p in passages(seed_text(key), citation)), citation


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_documents_sorted_unique_and_every_citation_points_to_one(key):
    documents, citations = extracted(key)
    ids = [d.id for d in documents]
    assert ids == sorted(set(ids))
    assert {c.document for c in citations} == set(ids)
    places = [(c.document, c.clause_id, c.footnote) for c in citations]
    assert len(places) == len(set(places))
    for doc in documents:
        if doc.number and doc.locality:  # a local number: its id names the locality
            assert doc.id.startswith(doc.locality.replace("/", "-") + "-"), doc


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_same_text_same_records(key):
    assert extract_citations(seed_text(key)) == extracted(key)


def test_issuer_registry_codes_name_one_body_each():
    codes = [fold(code) for entry in issuer_entries() for code in entry.codes]
    assert len(codes) == len(set(codes))
