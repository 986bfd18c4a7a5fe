"""Relations, status and coverage as the site shows them: on plan pages, on cited-document pages
(both ways), in the plan table; a scheme and the decision approving it are one document."""
from __future__ import annotations

import datetime
import re

import pytest

from generator import catalogue
from generator.models import Citation, CitedDocument
from generator.site import corpus as site_corpus
from generator.site import status
from generator.site.pages import document as document_page
from generator.site.pages import plan as plan_page
from generator.site.urls import Links
from generator.site import urls
from generator.store import load_plans
from tests.test_site import read_page

KON_TUM = "kon-tum-710-kh-ubnd-2023"
NQ_06 = "nghi-quyet-06-nq-cp-2023"


@pytest.fixture(scope="module")
def plans():
    return load_plans()


def page_text(document) -> str:
    """The page's headings (Markdown) and blocks (HTML) as text."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", document.markdown + "".join(document.blocks)))


def test_resolution_06_lists_its_implementing_plan_and_the_provinces_without_one(real_site):
    page = read_page(real_site.root / "van-ban" / NQ_06 / "index.html")
    text = " ".join(page.article_text.split())
    assert "Các kế hoạch thực hiện văn bản này" in text
    assert "Trích yếu phát triển thị trường lao động linh hoạt, hiện đại, hiệu quả" in text
    html = page.path.read_text(encoding="utf-8")
    tiles = re.findall(r'<li class="coverage-(\w+)">(.*?)</li>', html)
    assert len(tiles) == 34  # the provinces of today
    acted = [re.sub(r"<[^>]+>", "", body) for state, body in tiles if state == "implements"]
    # Kon Tum's plan counts for Quảng Ngãi, the province that holds Kon Tum since 2025
    assert acted == ["Quảng NgãiCó kế hoạch thực hiện"]
    assert sum(1 for state, _ in tiles if state == "none") == 33
    assert "1 trong 34 tỉnh, thành phố có kế hoạch thực hiện văn bản này" in text
    assert f'href="../../ke-hoach/{KON_TUM}/"' in html


def test_plan_page_names_what_it_implements(real_site):
    html = (real_site.root / "ke-hoach" / KON_TUM / "index.html").read_text(encoding="utf-8")
    relations = re.search(r'<dl class="relations">(.*?)</dl>', html).group(1)
    assert re.search(r"<dt>Thực hiện</dt> <dd><a href=\"../../van-ban/nghi-quyet-06-nq-cp-2023/\">", relations)
    quan_11 = (real_site.root / "ke-hoach" / "ho-chi-minh-quan-11-270-kh-ubnd-2024" / "index.html").read_text()
    assert "<dt>Thực hiện</dt> <dd><a href=\"../../van-ban/ho-chi-minh-quyet-dinh-1649-qd-ubnd-2024/\">" in quan_11


def test_a_scheme_is_one_document_with_the_decision_approving_it(real_site, plans):
    corpus = site_corpus.index(plans, catalogue.load())
    scheme = "de-an-giao-duc-huong-nghiep-va-dinh-huong-phan-luong-hoc-sinh-trong-giao-duc-pho-thong-giai-doan-2018-2025"
    assert scheme not in corpus.documents
    decision = corpus.document(scheme)
    assert decision.document.id == "quyet-dinh-522-qd-ttg-2018"
    assert [d.id for d in decision.approves] == [scheme]
    # Kon Tum cites the scheme without its decision; its citation is the decision's too
    assert KON_TUM in {entry.id for entry in decision.plans()}
    assert not (real_site.root / "van-ban" / scheme).exists()
    kon_tum = (real_site.root / "ke-hoach" / KON_TUM / "index.html").read_text(encoding="utf-8")
    assert 'href="../../van-ban/quyet-dinh-522-qd-ttg-2018/">Đề án Giáo dục hướng nghiệp' in kon_tum
    page = read_page(real_site.root / "van-ban" / "quyet-dinh-522-qd-ttg-2018" / "index.html")
    assert "Phê duyệt Đề án Giáo dục hướng nghiệp" in " ".join(page.article_text.split())


def test_statuses_on_one_date():
    plans = {plan.id: plan for plan in load_plans()}
    on = datetime.date(2024, 6, 1)
    assert status.plan_status(plans["ha-noi-21-kh-ubnd-2023"], on).label == "đã hết kỳ (2023)"
    assert status.plan_status(plans[KON_TUM], on).label == "đang thực hiện (2023–2025)"
    assert status.plan_status(plans[KON_TUM], datetime.date(2022, 12, 31)).code == status.NOT_STARTED
    assert status.plan_status(plans["ho-chi-minh-172-kh-ubnd-2025"], on).label == "không ghi thời kỳ thực hiện"


def test_status_date_is_reproducible():
    plans = load_plans()
    assert status.status_date(plans, {"SOURCE_DATE_EPOCH": "1700000000"}) == datetime.date(2023, 11, 14)
    latest = max(p.metadata.date for p in plans if p.metadata.date)
    assert status.status_date(plans, {}) == datetime.date.fromisoformat(latest)


def test_status_is_shown_on_the_plan_and_in_the_plan_table(real_site):
    # the test build's SOURCE_DATE_EPOCH is 1700000000, 14 November 2023
    html = (real_site.root / "ke-hoach" / "ha-noi-21-kh-ubnd-2023" / "index.html").read_text(encoding="utf-8")
    assert ('<dt>Tình trạng</dt> <dd><span class="status status-dang-thuc-hien">đang thực hiện (2023)</span> '
            "(tính đến 14/11/2023)</dd>") in html
    table = (real_site.root / "ke-hoach" / "index.html").read_text(encoding="utf-8")
    assert "<th" in table and "Tình trạng" in table
    assert table.count('class="status status-') == len(load_plans())


def test_a_replacing_plan_marks_the_old_one_replaced_and_both_pages_say_so(plans):
    old = next(p for p in plans if p.id == KON_TUM)
    cited = CitedDocument(id="kon-tum-ke-hoach-710-kh-ubnd-2023", type="Kế hoạch", number="710/KH-UBND",
                          date="2023-03-17", year=2023, issuer="Ủy ban nhân dân tỉnh Kon Tum", locality="kon-tum")
    quote = "Kế hoạch số 710/KH-UBND ngày 17 tháng 3 năm 2023 của Ủy ban nhân dân tỉnh"
    new = old.model_copy(update={
        "id": "kon-tum-900-kh-ubnd-2024",
        "metadata": old.metadata.model_copy(update={"number": "900/KH-UBND", "date": "2024-05-02"}),
        "documents": [*old.documents, cited],
        "citations": [*old.citations, Citation(document=cited.id, relation="replaces", clause_id="IV.1", quote=quote)],
    })
    corpus = site_corpus.index([*plans, new], catalogue.load())
    assert corpus.plan_documents[KON_TUM] == cited.id
    assert corpus.plans[KON_TUM].status.code == status.REPLACED
    assert corpus.plans[KON_TUM].status.label == "đã được thay thế (2023–2025)"
    record = corpus.documents[cited.id]
    assert record.plan is corpus.plans[KON_TUM]

    old_page = page_text(plan_page.render(corpus, corpus.plans[KON_TUM], Links(urls.plan(KON_TUM), True)))
    assert "Các kế hoạch thay thế văn bản này Kế hoạch số 900/KH-UBND" in old_page
    new_page = page_text(plan_page.render(corpus, corpus.plans[new.id], Links(urls.plan(new.id), True)))
    assert "Thay thế Kế hoạch số 710/KH-UBND" in new_page
    document = page_text(document_page.render(corpus, record, Links(urls.document(cited.id), True)))
    assert "Có trong dữ liệu Kế hoạch số 710/KH-UBND" in document
    assert "Các kế hoạch thay thế văn bản này" in document


def test_a_provincial_document_lists_the_plans_below_it(plans):
    corpus = site_corpus.index(plans, catalogue.load())
    record = corpus.documents["ho-chi-minh-quyet-dinh-1649-qd-ubnd-2024"]
    text = page_text(document_page.render(corpus, record, Links(urls.document(record.document.id), True)))
    assert "Các địa phương cấp dưới" in text
    assert "Quận 11" in text and "Kế hoạch số 270/KH-UBND" in text
    assert "1 địa phương cấp dưới có kế hoạch dẫn chiếu văn bản này" in text
