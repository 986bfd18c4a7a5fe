"""The site in a real browser: headless Chromium, driven by Playwright.

Every test runs twice (``browser_site`` in conftest): against the real site
served on localhost, and against the offline bundle unzipped and opened from
``file://`` with every other request blocked. What is checked is what a
reader does: search from the theme's search box, open a link to a clause,
copy a citation, sort a table, read on a phone; and axe-core finds no
serious or critical accessibility problem on the main kinds of page.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import open_site, serve

from bench.corpus import write_corpus
from generator.store import DataDirs, load_plans
from generator.structure import walk

ROOT = Path(__file__).resolve().parent.parent
HA_NOI = "ke-hoach/ha-noi-21-kh-ubnd-2023/"
QUAN_11 = "ke-hoach/ho-chi-minh-quan-11-270-kh-ubnd-2024/"
INDICATOR = "chi-tieu/ty-le-that-nghiep-thanh-thi/"
AGENCY = "co-quan/ha-noi/so-lao-dong-thuong-binh-va-xa-hoi/"
PAGES = ["", HA_NOI, INDICATOR, AGENCY]


@pytest.fixture(scope="module")
def plans():
    return load_plans()


BOX = "[data-md-component=search-query]"
SCROLL_TO_END = """async list => {
    const scrolled = top => new Promise(done => {
        list.addEventListener("scroll", done, {once: true});
        list.scrollTo(0, top);
    });
    const painted = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    if (list.scrollTop > 0) {
        await scrolled(0);
        await painted();
    }
    await scrolled(list.scrollHeight);
}"""
"""Scroll the result list to its top, then to its end: the theme renders more results each time
the list reaches its end, reading the list's offset once per animation frame, so the top is
held until two frames have been painted."""


def search(page, site, query: str) -> list[str]:
    """Type ``query`` into the theme's search box; every result link, as served paths with their anchor.

    Waits for the signal search gives when a query's results are final
    (``data-search-settled`` on the root element, from search-settled.js: the
    second tier has added the clauses of the best plans), then scrolls until
    the theme has rendered every one of them (``data-search-count``).
    """
    if site.page_path(page.url) != "" or not page.is_visible(BOX):
        page.goto(site.url(""))
        page.click(BOX)
    page.fill(BOX, "")
    page.wait_for_selector(".md-search-result__item", state="detached")
    page.evaluate("document.documentElement.removeAttribute('data-search-settled')")
    page.type(BOX, query)
    page.wait_for_function(
        "box => document.documentElement.dataset.searchSettled === document.querySelector(box).value", arg=BOX)
    count = int(page.evaluate("document.documentElement.dataset.searchCount"))
    items = ".md-search-result__item"
    # the theme renders the list as it is scrolled to its end
    page.wait_for_function("([items, count]) => document.querySelectorAll(items).length >= Math.min(count, 1)",
                           arg=[items, count])
    while page.locator(items).count() < count:
        shown = page.locator(items).count()
        page.eval_on_selector(".md-search__scrollwrap", SCROLL_TO_END)
        page.wait_for_function("([items, shown]) => document.querySelectorAll(items).length > shown",
                               arg=[items, shown])
    assert page.locator(items).count() == count
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    return [site.page_path(href) + ("#" + href.split("#")[1] if "#" in href else "") for href in hrefs]


def pages(links: list[str]) -> list[str]:
    """The pages of result links, in order, each once."""
    return list(dict.fromkeys(link.split("#")[0] for link in links))


def found_plans(links: list[str]) -> set[str]:
    return {page for page in pages(links) if page.startswith("ke-hoach/")}


def plan_page(plan) -> str:
    return f"ke-hoach/{plan.id}/"


def test_a_word_only_a_plan_s_text_holds_finds_that_plan_at_its_clause(tab, browser_site):
    """"PCI" is in one clause of the Hà Nội plan and in no summary: the first tier ranks nothing,
    the word index leads to the plan, and the result opens at the clause."""
    links = search(tab, browser_site, "PCI")
    assert pages(links) == [HA_NOI]
    assert f"{HA_NOI}#III.2.1" in links


@pytest.fixture(scope="module")
def many_plans_site(tmp_path_factory, site_builder, browser):
    """A site of 50 plans (the bundled ones copied to other provinces, bench/corpus.py), served."""
    data = tmp_path_factory.mktemp("many-plans") / "data"
    write_corpus(50, data / "sources")
    subprocess.run([sys.executable, "-m", "generator", "--data", str(data), "extract", "--jobs", "1"],
                   cwd=ROOT, check=True, capture_output=True)
    built = site_builder(tmp_path_factory.mktemp("many-plans-site") / "site", data)
    holders = {plan_page(plan) for plan in load_plans(DataDirs(data))
               if any("PCI" in block.text for clause in walk(plan.clauses) for block in clause.blocks)}
    for base in serve(built.root):
        site = open_site(browser, "served", base, base)
        yield site, holders
        site.context.close()


def test_every_plan_whose_text_matches_is_found_however_many(many_plans_site):
    """Ten plans hold "PCI" in their text only, more than the plans whose clauses a query loads
    (8): every one is a result, the first ones at their clause, the others as their plan."""
    site, holders = many_plans_site
    assert len(holders) == 10
    tab = site.context.new_page()
    links = search(tab, site, "PCI")
    assert set(pages(links)) == holders
    assert sum(1 for link in links if link.endswith("#III.2.1")) >= 8
    assert site.blocked == []
    tab.close()


def test_search_finds_unemployment_with_or_without_diacritics(tab, browser_site, plans):
    expected = {plan_page(p) for p in plans if any("that-nghiep" in (t.indicator or "") for t in p.targets)}
    accented = search(tab, browser_site, "thất nghiệp")
    assert expected and expected <= found_plans(accented)
    plain = search(tab, browser_site, "that nghiep")
    assert found_plans(plain) == found_plans(accented)
    assert set(accented) <= set(plain)
    shown = tab.inner_html(".md-search-result__item")
    assert "<mark>thất</mark> <mark>nghiệp</mark>" in shown, "results show the words as written, with diacritics"


def test_search_with_diacritics_stays_precise(tab, browser_site):
    training = "chi-tieu/ty-le-lao-dong-qua-dao-tao/"
    assert training in search(tab, browser_site, "dao")
    directing = search(tab, browser_site, "đạo")
    assert directing and training not in directing, "'đạo' (chỉ đạo) must not find 'đào' (đào tạo)"


def test_search_matches_decomposed_queries(tab, browser_site):
    composed = search(tab, browser_site, "thất nghiệp")
    assert search(tab, browser_site, unicodedata.normalize("NFD", "thất nghiệp")) == composed


def test_search_matches_either_tone_placement(tab, browser_site):
    traditional = search(tab, browser_site, "chuẩn hóa")
    assert traditional, "the Hà Nội plan says 'chuẩn hoá' and is stored as 'chuẩn hóa'"
    assert search(tab, browser_site, "chuẩn hoá") == traditional


def test_search_finds_vocational_training_in_every_plan_that_has_it(tab, browser_site, plans):
    expected = {
        plan_page(p)
        for p in plans
        if any("đào tạo nghề" in (c.title + " ".join(b.text for b in c.blocks)).lower() for c in walk(p.clauses))
    }
    links = search(tab, browser_site, "dao tao nghe")
    assert expected and expected <= found_plans(links)
    assert any("#" in link for link in links), "the matching clauses of the best plans are listed"


def test_search_finds_documents_and_clauses_by_number(tab, browser_site, plans):
    citing = {plan_page(p) for p in plans if any(d.number == "06/NQ-CP" for d in p.documents)}
    first = pages(search(tab, browser_site, "06/NQ-CP"))[: len(citing) + 1]
    assert citing and set(first) == citing | {"van-ban/nghi-quyet-06-nq-cp-2023/"}
    assert pages(search(tab, browser_site, "21/KH-UBND"))[0] == HA_NOI
    assert f"{HA_NOI}#III.2.4" in search(tab, browser_site, "III.2.4")


@pytest.mark.parametrize("page_path, clause", [(HA_NOI, "III.2.4"), (QUAN_11, "I.2.a")])
def test_clause_link_scrolls_the_clause_into_view(tab, browser_site, page_path, clause):
    tab.goto(browser_site.url(page_path, clause))
    heading = tab.locator(f"[id='{clause}']")
    assert heading.count() == 1, f"no element with id {clause!r}"
    assert heading.evaluate("h => h.matches(':target') && /^H[1-6]$/.test(h.tagName)")
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    header = tab.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top < tab.viewport_size["height"] / 2, (
        f"#{clause} is at {top}px (the fixed header ends at {header}px)"
    )


@pytest.fixture(scope="module")
def public_site() -> str:
    """The public address, as mkdocs.yml sets it (SITE_URL when the environment gives one)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).site_url


def test_citation_button_copies_citation_and_public_link(tab, browser_site, public_site):
    """Served locally or opened from the offline bundle, the copied link is the public page's;
    the button says which clause it cites and the outcome is announced."""
    tab.goto(browser_site.url(HA_NOI, "III.2.4"))
    button = tab.locator("button.cite-copy[data-anchor='III.2.4']")
    assert button.get_attribute("aria-label") == "Sao chép trích dẫn mục III.2.4"
    assert button.inner_text() == "Trích dẫn mục III.2.4"  # the full number, under the heading "2.4."
    button.click()
    tab.wait_for_function("document.querySelector(\"button[data-anchor='III.2.4']\").textContent === 'Đã sao chép'")
    assert tab.evaluate("navigator.clipboard.readText()") == (
        "Mục III.2.4 Kế hoạch số 21/KH-UBND ngày 12/01/2023 của Ủy ban nhân dân thành phố Hà Nội – "
        f"{public_site}{HA_NOI}#III.2.4"
    )
    assert tab.text_content("[aria-live=polite]") == "Đã sao chép trích dẫn mục III.2.4"


@pytest.mark.parametrize("pointer, least", [("fine", 24), ("coarse", 44)])
def test_the_citation_button_is_big_enough_to_hit(browser, browser_site, pointer, least):
    """WCAG 2.2 target size: 24 px at least; 44 px where a finger points (a phone)."""
    context = browser.new_context(has_touch=pointer == "coarse", is_mobile=pointer == "coarse",
                                  viewport={"width": 390 if pointer == "coarse" else 1280, "height": 844})
    try:
        page = context.new_page()
        page.goto(browser_site.url(HA_NOI, "III.2.4"))
        height = page.eval_on_selector("button.cite-copy[data-anchor='III.2.4']", "b => b.getBoundingClientRect().height")
        assert height >= least
    finally:
        context.close()


def test_the_citation_button_is_within_five_tabs_of_its_clause_heading(tab, browser_site):
    tab.goto(browser_site.url(HA_NOI, "III.2.4"))
    tab.focus("h5[id='III.2.4'] a.headerlink, [id='III.2.4'] a.headerlink")
    for _ in range(5):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.dataset.anchor") == "III.2.4":
            return
    pytest.fail("the clause's citation button is not reached within 5 Tab presses of its heading")


def test_comparison_table_sorts_by_clicked_column(tab, browser_site):
    tab.goto(browser_site.url(INDICATOR))
    cells = "table[data-sortable] tbody td:nth-child(2)"
    values = []
    for _ in range(2):
        tab.click("table[data-sortable] th:nth-child(2) button")
        values.append(tab.eval_on_selector_all(cells, "cells => cells.map(c => +c.dataset.sort)"))
    assert len(values[0]) >= 3
    assert values[0] == sorted(values[0]) and values[1] == sorted(values[0], reverse=True)


WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
              "resultTypes": ["violations"]}
"""axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA."""
EVERY_KIND = ["", HA_NOI, QUAN_11, INDICATOR, AGENCY, "dia-phuong/ha-noi/", "van-ban/nghi-quyet-06-nq-cp-2023/",
              "ke-hoach/", "so-sanh/", "tai-ve/"]
"""One page of each kind: home, plans (a province's and a district's), indicator, agency, locality,
cited document, the plan list, the comparison and a hand-written page."""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_path", EVERY_KIND)
def test_no_wcag_2_2_aa_violations(tab, browser_site, page_path, width):
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(browser_site.url(page_path))
    violations = Axe().run(tab, options=WCAG_22_AA).response["violations"]
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in violations] == []


@pytest.mark.parametrize("page_path", PAGES)
def test_no_sideways_scrolling_on_a_phone(tab, browser_site, page_path):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(browser_site.url(page_path))
    width, visible = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= visible


@pytest.mark.parametrize("page_path", [HA_NOI, INDICATOR, AGENCY, "dia-phuong/", "so-sanh/", "ke-hoach/"])
def test_every_table_fits_a_phone_as_cards_under_column_names(tab, browser_site, page_path):
    """On a phone no column is cut off or scrolled to: a table of three columns or more is one
    card per row, each cell under the name of its column."""
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(browser_site.url(page_path))
    tables = tab.eval_on_selector_all("table[data-cards]", """tables => tables.map(table => {
        const cell = table.querySelector('tbody td:not(:empty)');
        return {
            overflow: table.scrollWidth - table.parentElement.clientWidth,
            header: table.querySelector('th').textContent,
            label: cell && getComputedStyle(cell, '::before').content,
            name: cell && cell.dataset.label,
        };
    })""")
    assert tables, page_path
    for found in tables:
        assert found["overflow"] <= 0, found
        assert found["label"] == f'"{found["name"]}"' and found["name"], found


def test_a_plan_s_contents_are_reachable_on_a_phone(tab, browser_site):
    """Below 960 px the theme shows no table of contents (and its drawer lists no plan pages):
    the plan's own 'Mục lục' opens and leads to a clause; on a wide screen the theme's is there."""
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(browser_site.url(HA_NOI))
    contents = tab.locator("nav.plan-contents")
    assert contents.is_visible() and not tab.is_visible(".md-sidebar--secondary .md-nav__link")
    contents.locator("summary").click()
    contents.locator("a[href='#III.2']").click()
    tab.wait_for_function("location.hash === '#III.2'")
    top = tab.eval_on_selector("[id='III.2']", "h => h.getBoundingClientRect().top")
    assert 0 <= top < 844 / 2
    tab.set_viewport_size({"width": 1280, "height": 900})
    assert not contents.is_visible() and tab.is_visible(".md-sidebar--secondary .md-nav__link")


def test_the_drawer_holds_a_plan_s_contents_on_a_phone(tab, browser_site):
    """The menu (drawer) of a page that is not in the navigation ends with the page's contents,
    as the theme does for a page that is: from there a reader reaches a clause."""
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(browser_site.url(HA_NOI))
    tab.click("label.md-header__button[for=__drawer]")
    entry = tab.locator(".md-nav--primary .md-nav__item--page-toc > label[for=__toc]")
    entry.wait_for(state="visible")
    assert entry.inner_text().strip() == "Mục lục của trang"
    entry.click()
    clause = tab.locator(".md-nav--primary .md-nav--secondary a[href='#III.2']")
    clause.wait_for(state="visible")
    clause.click()
    tab.wait_for_function("location.hash === '#III.2' && !document.getElementById('__drawer').checked")
    tab.wait_for_function("document.getElementById('III.2').getBoundingClientRect().top < innerHeight / 2")
    tab.goto(browser_site.url(""))
    assert tab.locator(".md-nav__item--page-toc").count() == 0  # a page of the navigation has the theme's own


@pytest.mark.parametrize("query, first", [
    ("quan 11", ["dia-phuong/ho-chi-minh/quan-11/", QUAN_11]),
    ("Quận 11", ["dia-phuong/ho-chi-minh/quan-11/", QUAN_11]),
    ("Kon Tum", ["dia-phuong/kon-tum/", "ke-hoach/kon-tum-710-kh-ubnd-2023/"]),
    ("21/KH-UBND", [HA_NOI]),
])
def test_a_place_or_a_number_ranks_its_own_page_and_plan_first(tab, browser_site, query, first):
    assert pages(search(tab, browser_site, query))[: len(first)] == first


def test_a_number_matches_whole(tab, browser_site):
    """'11' is Quận 11 and clause 11, not Công điện 1170; '1170' finds the Công điện."""
    telegram = "van-ban/cong-dien-1170-cd-ttg-2022/"
    assert telegram not in pages(search(tab, browser_site, "11"))
    assert pages(search(tab, browser_site, "1170"))[0] == telegram


def test_the_plan_list_is_a_table_of_every_plan_that_sorts_and_filters(tab, browser_site, plans):
    tab.goto(browser_site.url("ke-hoach/"))
    rows = "table[data-filterable] tbody tr"
    assert tab.locator(rows).count() == len(plans)
    headers = tab.eval_on_selector_all("table[data-filterable] th", "cells => cells.map(c => c.textContent.trim())")
    assert headers == ["Số hiệu", "Ngày", "Loại", "Cơ quan ban hành", "Địa phương", "Thời kỳ", "Tình trạng", "Trích yếu"]
    tab.fill(".table-filter input", "ha noi")
    tab.wait_for_function("document.querySelector('table[data-filterable]').dataset.filtered === '1'")
    visible = tab.eval_on_selector_all(rows, "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())")
    assert visible == ["21/KH-UBND"]
    assert tab.text_content(".table-filter [aria-live]") == f"Hiện 1/{len(plans)} dòng"
    tab.fill(".table-filter input", "")
    tab.wait_for_function(f"document.querySelector('table[data-filterable]').dataset.filtered === '{len(plans)}'")
    tab.click("table[data-filterable] th:nth-child(2) button")
    dates = tab.eval_on_selector_all(rows, "rows => rows.map(r => r.cells[1].dataset.sort)")
    assert dates == sorted(dates)


def test_the_comparison_holds_its_plan_column_and_prints_every_column(tab, browser_site):
    tab.goto(browser_site.url("so-sanh/"))
    wrap = ".comparison .md-typeset__scrollwrap"
    first = ".comparison tbody tr:first-child th"
    assert tab.eval_on_selector(wrap, "w => w.scrollWidth > w.clientWidth"), "the matrix fits: nothing to hold"
    tab.eval_on_selector(wrap, "w => w.scrollTo(w.scrollWidth, 0)")
    tab.wait_for_function("w => document.querySelector(w).scrollLeft > 0", arg=wrap)
    edge = tab.eval_on_selector(wrap, "w => w.getBoundingClientRect().left")
    assert abs(tab.eval_on_selector(first, "th => th.getBoundingClientRect().left") - edge) <= 1
    tab.emulate_media(media="print")
    columns = tab.eval_on_selector_all(".comparison thead th", "cells => cells.map(c => c.getBoundingClientRect().right)")
    page_right = tab.eval_on_selector(".comparison", "c => c.getBoundingClientRect().right")
    assert len(columns) > 5 and max(columns) <= page_right + 1


def test_a_sortable_table_still_sorts_on_a_phone(tab, browser_site):
    """As cards, a sortable table keeps its sort buttons in a bar above the cards."""
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(browser_site.url("ke-hoach/"))
    button = tab.locator("table[data-sortable] th:nth-child(2) button")
    assert button.is_visible() and button.bounding_box()["height"] >= 20
    button.click()
    dates = tab.eval_on_selector_all("table[data-sortable] tbody tr", "rows => rows.map(r => r.cells[1].dataset.sort)")
    assert dates == sorted(dates)


def test_the_provinces_of_a_national_document_are_a_grid(tab, browser_site):
    """The 34 provinces stand side by side in rows (not one long column) on a wide screen."""
    tab.goto(browser_site.url("van-ban/nghi-quyet-06-nq-cp-2023/"))
    lefts = tab.eval_on_selector_all(".coverage-grid li", "tiles => tiles.map(t => Math.round(t.getBoundingClientRect().left))")
    assert len(lefts) == 34 and len(set(lefts)) >= 3
