"""The two-tier search index (generator/site/search.py), on small inputs and on the real build.

The browser tests search through the theme's UI; these check what each tier
holds and that no text is lost or duplicated between them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from generator.site import search
from generator.store import load_plans
from generator.structure import walk

ROOT = Path(__file__).resolve().parent.parent
CONFIG = {"lang": ["vi"], "separator": "[\\s]+", "pipeline": [], "fields": {}}


def doc(location: str, title: str, text: str = "") -> dict:
    return {"location": location, "title": title, "text": text}


def test_split_keeps_hand_written_pages_and_summarizes_generated_ones():
    index = {
        "config": CONFIG,
        "docs": [
            doc("", "Trang chủ", "<p>Giới thiệu</p>"),
            doc("#bat-dau", "Bắt đầu", "<p>Đọc</p>"),
            doc("ke-hoach/p/", "Kế hoạch số 1/KH-UBND", "Loại văn bản Kế hoạch"),
            doc("ke-hoach/p/#chi-tieu", "Chỉ tiêu"),
            doc("ke-hoach/p/#toan-van", "Toàn văn", "<p>Mở đầu</p>"),
            doc("ke-hoach/p/#I.1", "1. Mục đích", "<p>Thất nghiệp</p>"),
            doc("co-quan/a/", "Sở A", "Loại cơ quan Sở"),
            doc("co-quan/a/#nhiem-vu", "Nhiệm vụ"),
        ],
    }
    pages = {
        "ke-hoach/p/": search.PageSearch(
            text="<p>Tóm tắt</p>", keys="06/NQ-CP I I.1", sections={"I.1": "Mục I.1 – Mục đích"}
        ),
        "co-quan/a/": search.PageSearch(text=""),
    }
    tiers = search.split(index, pages)
    assert tiers.index["config"] == CONFIG
    assert tiers.index["docs"] == [  # in the order of locations, a page before its sections
        doc("", "Trang chủ", "<p>Giới thiệu</p>"),
        doc("#bat-dau", "Bắt đầu", "<p>Đọc</p>"),
        doc("co-quan/a/", "Sở A"),
        {**doc("ke-hoach/p/", "Kế hoạch số 1/KH-UBND", "<p>Tóm tắt</p>"), "keys": "06/NQ-CP I I.1", "sections": 1},
    ]
    assert tiers.shards == {
        "sections/ke-hoach/p.js": [
            doc("ke-hoach/p/#toan-van", "Toàn văn", "<p>Mở đầu</p>"),
            {**doc("ke-hoach/p/#I.1", "Mục I.1 – Mục đích", "<p>Thất nghiệp</p>"), "keys": "I.1"},
        ]
    }


def test_pages_that_grow_with_the_corpus_load_on_demand_through_two_word_indexes():
    index = {
        "config": CONFIG,
        "docs": [
            doc("", "Trang chủ", "<p>Chỉ số PCI</p>"),
            doc("ke-hoach/p/", "Kế hoạch số 1/KH-UBND", ""),
            doc("ke-hoach/p/#I.1", "1. Mục đích", "<p>Nâng chỉ số PCI</p>"),
            doc("ke-hoach/q/", "Kế hoạch số 2/KH-UBND", ""),
            doc("ke-hoach/q/#I.1", "1. Mục đích", "<p>Chuẩn hoá &amp; Đào tạo</p>"),
            doc("co-quan/a/", "Sở Nội vụ Hà Nội", "Loại cơ quan Sở"),
        ],
    }
    plan = search.PageSearch(text="Hà Nội", sections={"I.1": "Mục I.1 – Mục đích"}, deferred=True)
    agency = search.PageSearch(text="", deferred=True)
    tiers = search.split(index, {"ke-hoach/p/": plan, "ke-hoach/q/": plan, "co-quan/a/": agency})
    assert [d["location"] for d in tiers.index["docs"]] == [""]  # tier 1 does not grow with the corpus
    # numbered by location, so a site built in parts numbers them as one build
    assert [e["location"] for e in tiers.entries] == ["co-quan/a/", "ke-hoach/p/", "ke-hoach/q/"]
    # what names an entry: its title and summary
    assert tiers.titles["titles/ha.js"] == {"ha": [0, 1, 2]} and tiers.titles["titles/so.js"]["so"] == [0, 1, 2]
    assert "pci" not in tiers.titles.get("titles/pc.js", {})
    # what a plan's text holds: its entry and its sections; the hand-written page is no plan
    assert tiers.words["words/pc.js"] == {"pci": [1]}
    assert tiers.words["words/ch.js"] == {"chi": [1], "chuan": [2]}
    assert tiers.words["words/1_.js"] == {"1/kh-ubnd": [1]} and tiers.words["words/da.js"] == {"dao": [2]}
    assert "amp" not in {word for words in tiers.words.values() for word in words}
    assert search.entry_file(49) == "entries/0.js" and search.entry_file(50) == "entries/1.js"


def test_words_are_folded_as_the_worker_folds_a_query():
    assert search.words("Chuẩn hoá <b>PCI</b>, Đà Nẵng; 21/KH-UBND mục III.2.4.") == [
        "chuan", "hoa", "pci", "da", "nang", "21/kh-ubnd", "muc", "iii.2.4"]
    assert search.words(unicodedata.normalize("NFD", "chuẩn hóa")) == search.words("chuẩn hoá") == ["chuan", "hoa"]
    worker = (ROOT / "docs" / "assets" / "javascripts" / "workers" / "search-shards.js").read_text(encoding="utf-8")
    assert 'var WORD = /[a-z0-9]+(?:[./-][a-z0-9]+)*/g;' in worker  # the same word as search._WORD
    assert search._WORD.pattern == "[a-z0-9]+(?:[./-][a-z0-9]+)*"


def test_split_writes_every_text_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Tỷ lệ thất nghiệp")
    assert decomposed != "Tỷ lệ thất nghiệp"
    tiers = search.split({"config": CONFIG, "docs": [doc("a/", decomposed, f"<p>{decomposed}</p>")]}, {})
    assert tiers.index["docs"] == [doc("a/", "Tỷ lệ thất nghiệp", "<p>Tỷ lệ thất nghiệp</p>")]


@pytest.mark.parametrize("location", ["ke-hoach/x/", "ke-hoach/x.html"])
def test_shard_name_is_the_same_for_both_url_styles(location):
    assert search.shard_name(location) == "sections/ke-hoach/x.js"


def test_pages_point_the_theme_at_the_worker_wrapper():
    page = '<script id="__config" type="application/json">{"search": "../assets/javascripts/workers/search.a7633da7.min.js"}</script>'
    assert search.use_worker_wrapper(page) == page.replace("search.a7633da7", "search-shards.js#search.a7633da7")
    assert search.use_worker_wrapper("<p>sitemap</p>") == "<p>sitemap</p>"
    with pytest.raises(ValueError):
        search.use_worker_wrapper('<script id="__config">{"search": "worker.js"}</script>')


@pytest.fixture(scope="module")
def tiers(real_site):
    first = json.loads((real_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    shards = {}
    for path in (real_site.root / "search" / "sections").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("__addSearchSections(") and text.endswith(");\n")
        shards[path.relative_to(real_site.root / "search").as_posix()] = json.loads(
            text[len("__addSearchSections(") : -3]
        )
    return first, shards, read_entries(real_site.root)


def read_entries(root) -> list[dict]:
    """Every entry of ``search/entries/``, in number order, checking each file starts where it says."""
    entries: list[dict] = []
    files = sorted((root / "search" / "entries").glob("*.js"), key=lambda path: int(path.stem))
    for path in files:
        start, docs = re.fullmatch(r"(?s)__addSearchEntries\((\d+),(.*)\);\n", path.read_text(encoding="utf-8")).groups()
        assert int(start) == len(entries) == int(path.stem) * search.BUCKET
        entries += json.loads(docs)
    return entries


def test_the_first_download_holds_no_page_that_grows_with_the_corpus(tiers, real_site):
    first, _, entries = tiers
    located = {entry["location"] for entry in entries}
    assert not located & {doc["location"] for doc in first["docs"]}
    assert len(first["docs"]) < 100  # hand-written sections, section indexes, indicators
    assert {f"ke-hoach/{plan.id}/" for plan in load_plans()} <= located
    assert "dia-phuong/ho-chi-minh/quan-11/" in located and "co-quan/ha-noi/so-lao-dong-thuong-binh-va-xa-hoi/" in located
    titles = {}
    for path in (real_site.root / "search" / "titles").glob("*.js"):
        titles.update(json.loads(re.fullmatch(r"(?s)__addSearchTitles\((.*)\);\n", path.read_text(encoding="utf-8"))[1]))
    quan_11 = next(n for n, entry in enumerate(entries) if entry["location"] == "dia-phuong/ho-chi-minh/quan-11/")
    assert quan_11 in titles["quan"] and quan_11 in titles["11"]


def test_built_index_has_one_short_entry_per_plan_and_every_clause_in_its_shard(tiers):
    first, shards, entries = tiers
    for plan in load_plans():
        location = f"ke-hoach/{plan.id}/"
        (entry,) = [d for d in entries if d["location"].startswith(location)]
        assert entry["sections"] == 1
        assert len(json.dumps(entry, ensure_ascii=False).encode()) < 2000, "tier 1 holds summaries, not text"
        sections = shards[search.shard_name(location)]
        clause_ids = [clause.id for clause in walk(plan.clauses)]
        assert [s["keys"] for s in sections if "keys" in s] == clause_ids
        assert all(s["location"].startswith(location + "#") for s in sections)
    assert "keys" in first["config"]["fields"]


def test_built_index_finds_numbers_as_whole_words(tiers):
    first, _, entries = tiers
    separator = re.compile(first["config"]["separator"])
    assert separator.split("Kế hoạch số 21/KH-UBND, mục III.2.4.") == [
        "Kế",
        "hoạch",
        "số",
        "21/KH-UBND",
        "mục",
        "III.2.4",
        "",
    ]
    kon_tum = next(d for d in entries if d["location"] == "ke-hoach/kon-tum-710-kh-ubnd-2023/")
    assert "06/NQ-CP" in kon_tum["keys"].split() and "III.3.dd" in kon_tum["keys"].split()


def test_a_hostile_plan_s_text_reaches_both_tiers_escaped(hostile_site):
    """The theme shows a result's title and text as HTML: a plan's '<script>' must be in the
    index as text ('&lt;script&gt;'), in the plan's entry and in its sections alike."""
    first = read_entries(hostile_site.root)
    shard = hostile_site.root / "search" / "sections" / "ke-hoach" / "ha-noi-thu-nghiem-ky-tu-dac-biet.js"
    second = json.loads(re.fullmatch(r"(?s)__addSearchSections\((.*)\);?\s*", shard.read_text(encoding="utf-8"))[1])
    for tier, docs in (("first", first), ("second", second)):
        texts = [doc[field] for doc in docs for field in ("title", "text") if "alert(1)" in doc.get(field, "")]
        assert texts, f"the hostile plan's title is not in the {tier} tier"
        for text in texts:  # '<script>alert(1)</script>' and '<img src=x onerror=alert(1)>', as text
            assert not re.search(r"<(?:script|img)\b", text) and re.search(r"&lt;(?:script|img)\b", text), (tier, text)
