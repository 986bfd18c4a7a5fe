"""A plan's targets table: one row per headline, quarterly and district figures folded under it,
each quote shown once (generator/site/target_groups.py and the plan page)."""
from __future__ import annotations

import re

import pytest

from generator import catalogue
from generator.site import corpus as site_corpus
from generator.site import target_groups
from generator.store import load_plans

HA_NOI = "ha-noi-21-kh-ubnd-2023"


@pytest.fixture(scope="module")
def corpus():
    return site_corpus.index(load_plans(), catalogue.load())


def test_every_target_is_in_exactly_one_group_in_plan_order(corpus):
    for entry in corpus.plans.values():
        groups = target_groups.group(entry.target_rows)
        placed = [row for item in groups for row in ([item.headline] if item.headline else []) + item.details]
        assert sorted(map(id, placed)) == sorted(map(id, entry.target_rows)), entry.id
        for item in groups:
            assert item.details == sorted(item.details, key=entry.target_rows.index)


def test_ha_noi_headline_holds_its_quarters_and_districts(corpus):
    groups = target_groups.group(corpus.plans[HA_NOI].target_rows)
    jobs = groups[0]
    assert jobs.headline.target.value == 162000 and jobs.headline.target.indicator == "giai-quyet-viec-lam"
    kinds = dict(jobs.details_by_kind())
    assert [row.target.period for row in kinds[target_groups.QUARTER]] == ["Q1/2023", "Q2/2023", "Q3/2023", "Q4/2023"]
    assert len(kinds[target_groups.DISTRICT]) == 30
    assert kinds[target_groups.DISTRICT][0].district.name.endswith("Ba Đình")
    # job fairs are set quarter by quarter only: one row, no headline, all 21 figures under it
    fairs = next(item for item in groups if item.first.target.indicator == "phien-giao-dich-viec-lam")
    assert fairs.headline is None and len(fairs.details) == 21
    assert len(groups) < len(corpus.plans[HA_NOI].target_rows) / 5


def test_plan_page_shows_one_row_per_headline_and_each_quote_once(real_site, corpus):
    html = (real_site.root / "ke-hoach" / HA_NOI / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="chi-tieu"'):html.index('id="phan-cong"')]
    body = section[section.index("<tbody>"):section.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(rows) == len(target_groups.group(corpus.plans[HA_NOI].target_rows))
    assert 'Theo quận, huyện (30)' in rows[0] and "Theo quý (4)" in rows[0]
    assert re.search(r"Ba Đình: <span class=\"value\">đạt 6\.700 người</span>", rows[0])
    quotes = re.findall(r'<small class="quote">(.*?)</small>', body)
    assert all(a != b for a, b in zip(quotes, quotes[1:])), "a quote repeated on the next row"
    assert "Quý I/2023" in body and "Q1/2023" not in body


def test_no_page_shows_a_bare_footnote_marker_or_markdown_from_the_source(real_site):
    """Outside the full text too (agency tasks, quotes, citations), a footnote marker "[1]" is a link to
    its footnote on the plan page; no page shows the source's Markdown emphasis ("**", "*(")."""
    bare, markdown = [], []
    for path in sorted(real_site.root.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        text = re.sub(r"<a\b[^>]*>.*?</a>", "", article, flags=re.S)  # linked markers are fine
        text = re.sub(r"<[^>]+>", " ", text).replace("&#91;", "[").replace("&#93;", "]")
        bare += [(path.relative_to(real_site.root), found) for found in re.findall(r"\S{0,20}\[\d{1,3}\]", text)]
        markdown += [(path.relative_to(real_site.root), found) for found in re.findall(r".{0,20}(?:\*\*|\(\*|\*\)).{0,20}", text)]
    assert bare == [] and markdown == []
    agency = (real_site.root / "co-quan" / "kon-tum" / "so-lao-dong-thuong-binh-va-xa-hoi" / "index.html").read_text()
    assert '<sup class="footnote-ref"><a href="../../../ke-hoach/kon-tum-710-kh-ubnd-2023/#fn-1"' in agency
