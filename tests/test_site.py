"""Tests of the website, on HTML built by a real ``mkdocs build --strict``.

The real site (bundled data) and the hostile site (a plan full of HTML,
Jinja and Markdown syntax) are each built once per session (see conftest).
A few unit tests cover the pure pieces: escaping, numbers, citations, URLs
and the bound on listing pages.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import catalogue, localities
from generator.models import Plan
from generator.site import corpus as site_corpus
from generator.site import display, parts, search, urls, widgets
from generator.site.pages import indicator as indicator_page
from generator.site.citation import citation, clause_path, plan_reference
from generator.site.html import escape, tag
from generator.site.pages import listings
from generator.store import DataDirs, dump_plan, load_plans
from generator.structure import find_clause, walk

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "| a | b |"]
HOSTILE_PLAN = "ha-noi-thu-nghiem-ky-tu-dac-biet"


# --------------------------------------------------------------------------
# Reading built HTML
# --------------------------------------------------------------------------


@dataclass
class Cell:
    text: str = ""
    hrefs: list[str] = field(default_factory=list)


@dataclass
class Page:
    """What the tests need from one HTML file."""

    path: Path
    ids: set[str] = field(default_factory=set)
    references: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)
    scripts: list[tuple[dict, str]] = field(default_factory=list)
    elements: list[tuple[str, dict]] = field(default_factory=list)
    article_text: str = ""
    tables: list[list[list[Cell]]] = field(default_factory=list)
    nav_links: int = 0  # navigation links to other pages (not table-of-contents anchors)


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.script: dict | None = None
        self.script_text: list[str] = []
        self.article = 0
        self.text: list[str] = []
        self.cell: Cell | None = None

    def handle_starttag(self, name, attrs):
        attributes = dict(attrs)
        self.page.elements.append((name, attributes))
        if "id" in attributes:
            self.page.ids.add(attributes["id"])
        loads = not (name == "link" and attributes.get("rel") == "canonical")  # names the public page
        for attribute in ("href", "src"):
            if loads and attribute in attributes and name in ("a", "link", "script", "img", "iframe", "source"):
                self.page.references.append((name, attribute, attributes[attribute]))
        classes = attributes.get("class") or ""
        if name == "a" and "md-nav__link" in classes and not attributes.get("href", "#").startswith("#"):
            self.page.nav_links += 1
        if name == "script":
            self.script, self.script_text = attributes, []
        if name == "article":
            self.article += 1
        if self.article and name == "table":
            self.page.tables.append([])
        if self.article and name == "tr" and self.page.tables:
            self.page.tables[-1].append([])
        if self.article and name in ("td", "th") and self.page.tables and self.page.tables[-1]:
            self.cell = Cell()
            self.page.tables[-1][-1].append(self.cell)
        if self.cell is not None and name == "a" and "href" in attributes:
            self.cell.hrefs.append(attributes["href"])
        if self.article and name in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "br"):
            self.text.append("\n")

    def handle_endtag(self, name):
        if name == "script" and self.script is not None:
            self.page.scripts.append((self.script, "".join(self.script_text)))
            self.script = None
        if name == "article":
            self.article -= 1
        if name in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.script is not None:
            self.script_text.append(data)
        if self.article:
            self.text.append(data)
        if self.cell is not None:
            self.cell.text += data


@functools.cache
def read_page(path: Path) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    page.article_text = "".join(parser.text)
    return page


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def resolve(source: Path, url: str, root: Path) -> tuple[Path | None, str]:
    """The file a URL of ``source`` points at (None if missing), and its fragment.

    A path starting with ``/`` (only 404.html has them) is read from the site root.
    """
    parts = urlsplit(url)
    if not parts.path:
        return source, unquote(parts.fragment)
    base = root if parts.path.startswith("/") else source.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file() or root.resolve() not in target.parents:
        return None, ""
    return target, unquote(parts.fragment)


def row_links(page: Page, row: list[Cell]) -> list[str]:
    return [href for cell in row for href in cell.hrefs]


def link_target(page: Page, href: str) -> tuple[str, str]:
    """(page path relative to the site root, fragment) of a link on ``page``."""
    site_root = page.path
    while not (site_root / "sitemap.xml").exists():
        site_root = site_root.parent
    target, fragment = resolve(page.path, href, site_root)
    assert target is not None, f"{href} on {page.path} leads nowhere"
    return str(target.relative_to(site_root)), fragment


# --------------------------------------------------------------------------
# The real site
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def plans() -> list[Plan]:
    return load_plans()


def test_build_is_quick_and_quiet(real_site):
    assert "WARNING" not in real_site.log
    assert real_site.seconds < 60


def test_every_clause_id_is_an_element_id_on_its_plan_page(real_site, plans):
    for plan in plans:
        page = read_page(real_site.root / "ke-hoach" / plan.id / "index.html")
        expected = {clause.id for clause in walk(plan.clauses)} | {table.id for table in plan.tables}
        assert expected <= page.ids, f"{plan.id}: missing ids {sorted(expected - page.ids)}"


def test_every_clause_has_a_citation_button(real_site, plans):
    plan = next(p for p in plans if p.id == "ha-noi-21-kh-ubnd-2023")
    page = read_page(real_site.root / "ke-hoach" / plan.id / "index.html")
    buttons = {
        attrs["data-anchor"]: attrs["data-cite"]
        for name, attrs in page.elements
        if name == "button" and "cite-copy" in attrs.get("class", "")
    }
    assert set(buttons) == {clause.id for clause in walk(plan.clauses)}
    assert buttons["III.2.4"] == (
        "Mục III.2.4 Kế hoạch số 21/KH-UBND ngày 12/01/2023 của Ủy ban nhân dân thành phố Hà Nội"
    )
    assert buttons["III_2.1"].startswith("Mục III.1 (phần “TỔ CHỨC THỰC HIỆN”) Kế hoạch số 21/KH-UBND")


@pytest.mark.parametrize("site", ["real_site", "hostile_site"])
def test_every_internal_link_and_anchor_resolves(site, request):
    built = request.getfixturevalue(site)
    broken = []
    for path in html_files(built.root):
        for name, attribute, url in read_page(path).references:
            if url.startswith(("http://", "https://", "mailto:", "data:")):
                continue
            target, fragment = resolve(path, url, built.root)
            if target is None:
                broken.append(f"{path.relative_to(built.root)}: {name}[{attribute}]={url} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in read_page(target).ids:
                broken.append(f"{path.relative_to(built.root)}: {url} (no element with id {fragment!r})")
    assert not broken, "\n".join(broken[:50])


def test_no_request_leaves_the_site(real_site):
    external = [
        f"{path.name}: {name}[{attribute}]={url}"
        for path in html_files(real_site.root)
        for name, attribute, url in read_page(path).references
        if name != "a"
        and urlsplit(url).scheme in ("http", "https", "")
        and (url.startswith("//") or urlsplit(url).netloc)
    ]
    assert not external, external[:10]


def test_navigation_holds_only_the_section_pages(real_site):
    plan_page = read_page(real_site.root / "ke-hoach" / "ha-noi-21-kh-ubnd-2023" / "index.html")
    home = read_page(real_site.root / "index.html")
    assert 0 < plan_page.nav_links <= 12
    assert abs(plan_page.nav_links - home.nav_links) <= 1


def test_urban_unemployment_compares_quan_11_kon_tum_and_ha_noi(real_site):
    page = read_page(real_site.root / "chi-tieu" / "ty-le-that-nghiep-thanh-thi" / "index.html")
    assert page.tables, "the indicator page has no comparison table"
    header, *body = [[cell.text.strip() for cell in row] for row in page.tables[0]]
    rows = [dict(zip(header, row, strict=True)) for row in body]
    value = re.compile(r"^(?:dưới|không quá|trên|ít nhất|khoảng|đạt) \d[\d.,]*(–\d[\d.,]*)? %$")
    for place in ("Quận 11", "Kon Tum", "Hà Nội"):
        matching = [row for row in rows if row["Địa phương"] == place]
        assert matching, f"no target of {place} on the indicator page"
        assert all(value.match(row["Mục tiêu"]) and re.fullmatch(r"\d{4}", row["Năm"]) for row in matching), matching
    charts = [attrs for name, attrs in page.elements if name == "svg" and attrs.get("role") in ("img", "group")]
    assert charts and "desc" in {name for name, _ in page.elements}
    assert (real_site.root / "du-lieu" / "chi-tieu" / "ty-le-that-nghiep-thanh-thi.csv").is_file()


def test_ha_noi_labour_department_lists_its_clause_tasks(real_site, plans):
    agency_id = "ha-noi/so-lao-dong-thuong-binh-va-xa-hoi"
    plan = next(p for p in plans if p.id == "ha-noi-21-kh-ubnd-2023")
    tasks = [a for a in plan.assignments if a.agency == agency_id and a.clause_id.startswith("III_2.1")]
    assert tasks, "the extractor assigns no task of clause III_2.1 to Hà Nội's Sở LĐTBXH"
    page = read_page(real_site.root / "co-quan" / agency_id / "index.html")
    linked = [link_target(page, href) for row in page.tables[0] for href in row_links(page, row)]
    clause_links = [
        fragment
        for target, fragment in linked
        if target == f"ke-hoach/{plan.id}/index.html" and fragment.startswith("III_2.1")
    ]
    assert len(clause_links) == len(tasks)
    # each of the clause's six bulleted tasks is shown, not only the first
    items = [block.text for block in find_clause(plan.clauses, "III_2.1").blocks]
    assert len(items) == 6
    for item in items:
        assert item[:80] in page.article_text


def test_decision_522_page_lists_every_plan_citing_it(real_site, plans):
    documents = {d.id for p in plans for d in p.documents if d.number == "522/QĐ-TTg"}
    assert len(documents) == 1, f"Quyết định 522/QĐ-TTg should be one record, found {sorted(documents)}"
    document_id = documents.pop()
    citing = {p.id for p in plans if any(c.document == document_id for c in p.citations)}
    assert citing
    page = read_page(real_site.root / "van-ban" / document_id / "index.html")
    linked = {link_target(page, href)[0] for row in page.tables[0] for href in row_links(page, row)}
    assert {f"ke-hoach/{plan_id}/index.html" for plan_id in citing} <= linked


def test_ha_noi_page_shows_district_targets_as_table_and_chart(real_site, plans):
    plan = next(p for p in plans if p.id == "ha-noi-21-kh-ubnd-2023")
    allotted = [t for t in plan.targets if t.scope and localities.find_district(t.scope, "ha-noi")]
    assert allotted, "Hà Nội's appendix rows should be targets scoped to its districts"
    page = read_page(real_site.root / "dia-phuong" / "ha-noi" / "index.html")
    table = next(table for table in page.tables if table[0][0].text.strip() == "Quận, huyện")
    assert len(table) - 1 == len(allotted) >= 30
    assert {row[0].text for row in table[1:]} == {localities.find_district(t.scope, "ha-noi").name for t in allotted}
    assert any(name == "svg" and attrs.get("role") in ("img", "group") for name, attrs in page.elements)


# --------------------------------------------------------------------------
# The hostile plan
# --------------------------------------------------------------------------


def test_hostile_plan_text_shows_literally(hostile_site):
    page = read_page(hostile_site.root / "ke-hoach" / HOSTILE_PLAN / "index.html")
    for text in HOSTILE:
        assert text in page.article_text
    assert "\n# Không phải tiêu đề." in page.article_text
    assert "\nI. # MỤC <script>alert(1)</script> {{ 7*7 }}" in page.article_text
    assert "*nghiêng* và __đậm__ và [liên kết](http://example.com) và `mã`" in page.article_text
    assert "49" not in page.article_text


def test_hostile_plan_injects_nothing_anywhere(hostile_site):
    for path in html_files(hostile_site.root):
        page = read_page(path)
        data = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
        assert all("<" not in text and json.loads(text) for text in data), path  # data, not markup
        assert not any("alert" in text for attrs, text in page.scripts if attrs.get("type") != "application/ld+json"), path
        assert not any(name == "img" and "onerror" in attrs for name, attrs in page.elements), path
        assert not any(name in ("b", "i") for name, _ in page.elements), path
        assert "{{" not in page.article_text.replace("{{ 7*7 }}", ""), path


def test_same_data_gives_the_same_bytes(hostile_site, hostile_data, site_builder, tmp_path):
    again = site_builder(tmp_path / "again", hostile_data)
    first = {p.relative_to(hostile_site.root): p.read_bytes() for p in hostile_site.root.rglob("*") if p.is_file()}
    second = {p.relative_to(again.root): p.read_bytes() for p in again.root.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# --------------------------------------------------------------------------
# Pure pieces
# --------------------------------------------------------------------------


def test_escape_leaves_no_markup_or_template_syntax():
    escaped = escape("# <b>x</b> | a | *b* _c_ [d](e) `f` {{ 7*7 }} {% raw %} \\ !")
    assert not set(re.sub(r"&(#\d+|[a-z]+);", "", escaped)) & set("<>#|*_[]`{}\\!\"'&")
    assert tag("p", "<i>", title='"x"') == '<p title="&quot;x&quot;">&lt;i&gt;</p>'


@pytest.mark.parametrize(
    "value, text", [(162000, "162.000"), (73.2, "73,2"), (4.0, "4"), (0.5, "0,5"), (1300, "1.300")]
)
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert display.number(value) == text


def test_citations_of_plans_without_number_and_of_repeated_labels(plans):
    can_tho = next(p for p in plans if p.metadata.number is None)
    assert plan_reference(can_tho).startswith("Chương trình “")
    assert citation(can_tho, "II.1", []).startswith("Mục II.1 Chương trình “")
    assert clause_path("I.2.dd", []) == "I.2.đ"
    assert clause_path("P1.II.3", []) == "Phần 1, mục II.3"


@pytest.mark.parametrize(
    "directory_urls, expected",
    [
        (True, ("../../chi-tieu/x/#a.b", "../", "../../dia-phuong/ha-noi/ba-dinh/")),
        (False, ("../chi-tieu/x.html#a.b", "index.html", "../dia-phuong/ha-noi/ba-dinh.html")),
    ],
)
def test_relative_links_for_both_url_styles(directory_urls, expected):
    links = urls.Links(urls.plan("p"), directory_urls)
    got = (links.to(urls.indicator("x"), "a.b"), links.to(urls.PLANS), links.to(urls.locality("ha-noi/ba-dinh")))
    assert got == expected


def test_listing_pages_stay_bounded_with_many_plans(plans):
    many = [plan.model_copy(update={"id": f"{plan.id}-{n}"}) for n in range(90) for plan in plans]
    corpus = site_corpus.index(many, catalogue.load())
    outputs = list(listings.pages(corpus, True))
    assert len(outputs) > 5
    for output in outputs:
        assert "".join(output.content.blocks).count("<tr>") <= listings.PAGE_SIZE + 1, output.uri
    assert [o.content for o in listings.pages(corpus, True)] == [o.content for o in outputs]


def test_the_site_reads_the_data_folder_it_is_given(hostile_data):
    corpus = site_corpus.load(DataDirs(hostile_data))
    assert list(corpus.plans) == [HOSTILE_PLAN]
    assert corpus.problems == []


def test_plan_downloads_hold_the_plan_data(real_site, plans):
    for plan in plans:
        stem = real_site.root / urls.plan_data(plan.id, "json")
        assert json.loads(stem.read_text(encoding="utf-8")) == plan.model_dump(mode="json")
        yaml_file = real_site.root / urls.plan_data(plan.id, "yaml")
        assert yaml_file.read_text(encoding="utf-8") == dump_plan(plan)


# ---------------------------------------------------------------- public addresses


def _public_path(root: Path, page: Path) -> str:
    """A built page's path on the public site: ``ke-hoach/x/index.html`` -> ``ke-hoach/x/``."""
    return page.relative_to(root).as_posix().removesuffix("index.html")


def test_every_page_names_its_public_address_and_the_sitemap_lists_every_page(real_site):
    from mkdocs.config import load_config

    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url
    pages = [page for page in html_files(real_site.root) if page.name != "404.html"]
    expected = {site_url + _public_path(real_site.root, page) for page in pages}
    canonical = set()
    for page in pages:
        found = re.findall(r'<link rel="canonical" href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert found == [site_url + _public_path(real_site.root, page)], page
        canonical.update(found)
    sitemap = (real_site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == expected == canonical
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2023-11-14"}  # SOURCE_DATE_EPOCH


def test_under_a_sub_path_the_404_page_is_vietnamese_and_its_links_stay_on_the_site(tmp_path, site_builder):
    """A deployment at https://host/sub/ (a GitHub Pages project site): the server shows 404.html
    at any depth, so its links start at the site's root path."""
    built = site_builder(tmp_path / "site", site_url="https://example.org/ke-hoach-lao-dong/")
    page = (built.root / "404.html").read_text(encoding="utf-8")
    assert "<h1>Không tìm thấy trang</h1>" in page and "Not found" not in page
    links = re.findall(r'(?:href|src)="([^"#]+)"', page)
    local = [link for link in links if not link.startswith("https://example.org/")]
    assert local and all(link.startswith("/ke-hoach-lao-dong/") for link in local), local
    for link in local:
        path = unquote(link.removeprefix("/ke-hoach-lao-dong/"))  # the theme's home link is '/sub/.'
        target = built.root / path
        assert (target / "index.html" if path in ("", ".") or path.endswith("/") else target).is_file(), link
    plan = (built.root / "ke-hoach" / "ha-noi-21-kh-ubnd-2023" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/ke-hoach-lao-dong/ke-hoach/ha-noi-21-kh-ubnd-2023/">' in plan


@pytest.mark.parametrize("comparator, value, value_max, unit, period, year, reads, when", [
    ("<", 4, None, "%", None, 2025, "dưới 4 %", "2025"),
    ("=", 73.2, None, "%", None, 2023, "đạt 73,2 %", "2023"),
    ("~", 61.6, None, "%", None, 2025, "khoảng 61,6 %", "2025"),
    (">=", 80, 85, "%", None, 2025, "ít nhất 80–85 %", "2025"),
    ("<=", 2, None, "%", None, 2030, "không quá 2 %", "2030"),
    (">", 162000, None, "lao động", "Q1/2023", 2023, "trên 162.000 lao động", "Quý I/2023"),
    ("=", 12, None, "phiên", "Q4/2024", 2024, "đạt 12 phiên", "Quý IV/2024"),
    ("=", 5, None, "%", "2021-2025", None, "đạt 5 %", "2021-2025"),
])
def test_a_target_reads_in_words_and_its_quarter_as_plans_write_it(
    comparator, value, value_max, unit, period, year, reads, when
):
    from generator.models import Target

    target = Target(measure="x", comparator=comparator, value=value, value_max=value_max, unit=unit,
                    period=period, year=year, clause_id="I", quote="x")
    assert display.quantity(target) == reads
    assert display.when(target) == when


def _head_meta(page: Page) -> dict[str, str]:
    return {attrs.get("name") or attrs.get("property"): attrs["content"]
            for name, attrs in page.elements if name == "meta" and "content" in attrs}


def test_every_page_has_a_description_and_what_a_shared_link_shows(real_site):
    from mkdocs.config import load_config

    site_description = load_config(str(ROOT / "mkdocs.yml")).site_description
    for kind in ("ke-hoach", "chi-tieu", "co-quan", "dia-phuong", "van-ban"):
        pages = [page for page in html_files(real_site.root / kind) if page.name == "index.html"
                 and page.parent != real_site.root / kind]
        assert pages, kind
        for path in pages:
            meta = _head_meta(read_page(path))
            assert meta["description"] and meta["description"] != site_description, path
            assert meta["og:description"] == meta["description"] and meta["og:title"], path
            assert meta["og:url"].endswith("/" + _public_path(real_site.root, path)), path


def test_a_plan_page_describes_the_plan_as_schema_org_legislation(real_site, plans):
    plan = next(p for p in plans if p.id == "ha-noi-21-kh-ubnd-2023")
    page = read_page(real_site.root / "ke-hoach" / plan.id / "index.html")
    (text,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    data = json.loads(text)
    address = _head_meta(page)["og:url"]
    assert data["@type"] == "Legislation" and data["url"] == address
    assert data["legislationIdentifier"] == "21/KH-UBND" and data["legislationDate"] == "2023-01-12"
    assert data["legislationPassedBy"]["name"] == "Ủy ban nhân dân thành phố Hà Nội"
    assert data["legislationJurisdiction"]["name"] == "thành phố Hà Nội"
    assert data["temporalCoverage"] == "2023/2023"
    clauses = [clause.id for clause in walk(plan.clauses)]
    assert [part["url"] for part in data["hasPart"]] == [f"{address}#{clause}" for clause in clauses]
    assert all(clause in page.ids for clause in clauses)
    assert {"legislationIdentifier": "III.2.4", "name": "Mục III.2.4 " + find_clause(plan.clauses, "III.2.4").title,
            "@type": "Legislation", "url": f"{address}#III.2.4"} in data["hasPart"]


def test_charts_compare_like_with_like_largest_first_on_an_axis_from_zero(real_site, plans):
    """Số lao động được giải quyết việc làm mixes Hà Nội's year and quarters, its district
    allocations and Quận 11's 2023–2025 total: each kind gets its own chart, in one unit."""
    page = html.unescape((real_site.root / "chi-tieu" / "giai-quyet-viec-lam" / "index.html").read_text(encoding="utf-8"))
    figures = re.findall(r'<figure class="chart" id="bieu-do-\d+">(.*?)</figure>', page, re.DOTALL)
    captions = [re.search(r"<figcaption>(.*?)</figcaption>", figure)[1] for figure in figures]
    assert captions == [f"Số lao động được giải quyết việc làm: {kind} (lao động)" for kind in (
        "mục tiêu của nơi ban hành, theo năm", "mục tiêu của nơi ban hành, theo quý",
        "mục tiêu của nơi ban hành, cả giai đoạn", "phân bổ cho quận, huyện, theo năm")]
    by_id = {plan.id: plan for plan in plans}
    for figure, caption in zip(figures, captions):
        values = [float(v.replace(".", "").replace(",", "."))
                  for v in re.findall(r'class="chart__value">đạt ([\d.,]+) lao động<', figure)]
        assert values and values == sorted(values, reverse=True), caption
        labels = re.findall(r'class="chart__label">[^<]*\(([^)]*)\)<', figure)
        if "theo quý" in caption:
            assert all(label.startswith("Quý ") for label in labels)
        elif "cả giai đoạn" in caption:
            assert all(re.fullmatch(r"\d{4}-\d{4}", label) for label in labels)
        else:
            assert all(re.fullmatch(r"\d{4}", label) for label in labels), caption
        ticks = re.findall(r'class="chart__tick"[^>]*>([^<]+)<', figure)
        assert ticks[0] == "0" and len(ticks) >= 3
        for href in re.findall(r'<a href="([^"]+)"><g>', figure):
            plan_id, clause = re.fullmatch(r"\.\./\.\./ke-hoach/([^/]+)/#(.+)", href).groups()
            assert find_clause(by_id[plan_id].clauses, clause) is not None or clause.startswith("phu-luc"), href


def test_a_chart_of_more_targets_than_it_draws_shows_the_largest_and_says_so(plans, monkeypatch):
    """At national scale a group holds thousands of targets: the chart draws the largest
    CHART_BARS of them and its caption says how many there are; the table keeps them all."""
    corpus = site_corpus.index(plans, catalogue.load())
    indicator = corpus.indicators["giai-quyet-viec-lam"]
    rows = widgets.ordered_targets(corpus.targets["giai-quyet-viec-lam"])
    links = urls.Links(urls.indicator(indicator.id), True)

    def charts() -> list[tuple[str, list[float]]]:
        found = []
        for figure in widgets.target_charts("bieu-do", links, indicator, rows):
            text = html.unescape(figure)
            values = [float(v.replace(".", "").replace(",", "."))
                      for v in re.findall(r'class="chart__value">đạt ([\d.,]+) lao động<', text)]
            found.append((re.search(r"<figcaption>(.*?)</figcaption>", text)[1], values))
        return found

    whole = charts()
    largest = max(whole, key=lambda chart: len(chart[1]))
    assert len(largest[1]) > 5 and all(len(values) <= widgets.CHART_BARS for _, values in whole)
    monkeypatch.setattr(widgets, "CHART_BARS", 5)
    capped = charts()
    assert [len(values) for _, values in capped] == [min(5, len(values)) for _, values in whole]
    for (caption, values), (whole_caption, whole_values) in zip(capped, whole):
        assert values == whole_values[:5]
        more = len(whole_values) > 5
        assert caption == (f"{whole_caption}, 5 mục tiêu lớn nhất trong {len(whole_values)}" if more else whole_caption)


def test_an_indicator_past_a_page_of_targets_has_a_page_per_province(plans, monkeypatch):
    """Past PAGE_ROWS targets the indicator's page lists the provinces of today, each linking to a
    page of its targets: every target is on exactly one of them, the parts and the search know them."""
    corpus = site_corpus.index(plans, catalogue.load())
    indicator_id = "giai-quyet-viec-lam"
    targets = corpus.targets[indicator_id]
    monkeypatch.setattr(indicator_page, "PAGE_ROWS", 5)
    assert len(targets) > 5
    outputs = {output.uri: output.content for output in indicator_page.pages(corpus, True)}
    provinces = indicator_page.provinces(corpus, indicator_id)
    assert {"ha-noi", "ho-chi-minh"} <= set(provinces)

    def rows(document) -> list[str]:
        return [row for block in document.blocks for row in re.findall(r"<tbody>(.*?)</tbody>", block, re.DOTALL)
                for row in re.findall(r"<tr>.*?</tr>", row, re.DOTALL)]

    national = outputs[urls.indicator(indicator_id)]
    listed = rows(national)
    assert len(listed) == len(provinces)
    counted = 0
    for province_id, row in zip(provinces, listed):
        page = outputs[urls.indicator_province(indicator_id, province_id)]
        name = (localities.get(province_id).name if province_id != indicator_page.UNPLACED
                else indicator_page.UNPLACED_NAME)
        assert f'href="{province_id}/"' in row and f">{escape(name)}</a>" in row
        own = rows(page)
        assert f'data-label="Số mục tiêu"><div class="cell">{len(own)}</div>' in row  # its number of targets
        assert f"{escape(corpus.indicators[indicator_id].name)}: {escape(name)}" in page.markdown  # its title
        assert 'href="../"' in "".join(page.blocks)  # back to every province
        counted += len(own)
    assert counted == len(targets)  # each target on exactly one province's page
    few = next(i for i in corpus.indicators if 0 < len(corpus.targets.get(i, [])) <= 5)  # under the limit: one page
    assert indicator_page.provinces(corpus, few) == [] and not [uri for uri in outputs if uri.startswith(f"chi-tieu/{few}/")]
    assert len(rows(outputs[urls.indicator(few)])) == len(corpus.targets[few])
    owner = parts.assign(corpus)
    assert {owner[urls.indicator_province(indicator_id, p)] for p in provinces} == {parts.INDICATORS}
    found = search.pages(corpus)
    assert all(found[urls.indicator_province(indicator_id, p)].deferred for p in provinces)


def test_a_cut_task_opens_to_its_whole_text_and_the_request_badge_is_explained(real_site, plans):
    plan = next(p for p in plans if p.id == "ha-noi-21-kh-ubnd-2023")
    page = html.unescape((real_site.root / "co-quan" / "ha-noi" / "so-lao-dong-thuong-binh-va-xa-hoi" / "index.html")
                         .read_text(encoding="utf-8"))
    opened = re.findall(r"<details><summary>Toàn văn</summary><p>(.*?)</p></details>", page, re.DOTALL)
    texts = {block.text for clause in walk(plan.clauses) for block in clause.blocks}
    assert opened and all(text in texts and len(text) > 200 for text in opened)
    assert any(a.request for a in plan.assignments)
    plan_page = html.unescape((real_site.root / "ke-hoach" / plan.id / "index.html").read_text(encoding="utf-8"))
    assert "</span> Cơ quan có nhãn này không thuộc quyền chỉ đạo của cơ quan ban hành" in plan_page


def test_an_indicator_reads_in_one_unit_everywhere(real_site):
    """Cần Thơ counts new jobs in 'người', Hà Nội in 'lao động': both count people, and the
    indicator's unit is the one shown, on its page and in the comparison (the plan's own words,
    quoted, keep theirs)."""
    for path in ("so-sanh/index.html", "chi-tieu/giai-quyet-viec-lam/index.html"):
        page = html.unescape((real_site.root / path).read_text(encoding="utf-8"))
        assert "đạt 252.500 lao động" in page and "đạt 252.500 người" not in page, path


@pytest.mark.parametrize("size, reads", [(812, "812 B"), (12_595, "12,3 KB"), (100_750, "98,4 KB"),
                                         (1_468_006, "1,4 MB")])
def test_a_file_size_reads_the_vietnamese_way(size, reads):
    assert display.file_size(size) == reads


def test_a_plan_s_downloads_are_named_after_it_and_show_their_sizes(real_site):
    plan_id = "ha-noi-21-kh-ubnd-2023"
    page = html.unescape((real_site.root / "ke-hoach" / plan_id / "index.html").read_text(encoding="utf-8"))
    published = real_site.root / "du-lieu" / "nguon" / f"{plan_id}.txt"
    yaml_file = real_site.root / "du-lieu" / "ke-hoach" / f"{plan_id}.yaml"
    assert f'nguon/{plan_id}.txt">văn bản nguồn (.txt, {display.file_size(published.stat().st_size)})</a>' in page
    assert f'>YAML ({display.file_size(yaml_file.stat().st_size)})</a>' in page
