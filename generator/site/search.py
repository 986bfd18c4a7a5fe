"""The site search in tiers: a small index up front, the rest on demand, by the words of a query.

Material's search plugin writes every section of every page into
``search/search_index.json``, which each reader's browser downloads before
it can show a single result: 57 MB at 1,000 plans. After the build,
:func:`write` splits that index:

* **Tier 1**, ``search/search_index.json`` (Material's own format, so the
  theme loads it as usual, and the offline plugin inlines it for
  ``file://``): the hand-written pages and the generated pages whose number
  does not grow with the corpus (section indexes, indicators), so its size
  stays the same however many plans there are.
* **Entries**, ``search/entries/<n>.js``: one entry per page whose number
  grows with the corpus (plans, agencies, cited documents, localities:
  ``PageSearch.deferred``; an indicator's pages per province too), :data:`BUCKET` entries a file
  (``__addSearchEntries(first number, [entries])``), numbered in the
  order of their locations (so plans of one province, agencies of one
  locality are neighbours, and a site built in parts numbers them as one
  build would: :func:`merge`). Each is a title and a short text. A plan's entry is a summary made
  from the data: its title, issuer, locality (and today's province when the
  2025 reform moved it), period and the indicators it sets targets for, plus
  a hidden
  ``keys`` field (declared in ``mkdocs.yml``, never displayed) holding the
  numbers of the documents it cites and its clause ids, so ``06/NQ-CP`` or
  ``III.2.4`` typed into the search box finds the plan. An agency is found
  by its title alone, a cited document by its title, issuer and date.
  Hand-written pages keep all their sections.
* **Sections**, ``search/sections/ke-hoach/<plan-id>.js``: every other
  section of a plan page (clause headings titled with their citation path,
  clause text, appendix tables), loaded by the search worker wrapper
  (``docs/assets/javascripts/workers/search-shards.js``) for the plans a
  query ranks first or whose text it matches. A shard, like every file
  loaded on demand, is a script (one call of ``__addSearchSections``) so
  that it loads with ``importScripts`` from a web server and from
  ``file://`` alike.
* **The word indexes**, by which a query finds what to load. In
  ``search/titles/<key>.js`` (``__addSearchTitles``) each word whose first
  two characters make ``key`` maps to the numbers of the entries whose
  title, text or keys hold it: the pages a query names. In
  ``search/words/<key>.js`` (``__addSearchWords``) each word maps to the
  numbers of the plans (their entries' numbers) whose entry or sections
  hold it, so every plan whose text matches a query is found. A query loads
  only the files of its own words' keys, then the entries and sections
  those point to.

Guarantees:

* Every title, text and key written is in Unicode NFC, whatever form the
  page text was in, so an NFC query (the page normalizes what is typed)
  matches it.
* Every generated page has exactly one entry, in tier 1 or among the
  entries; every hand-written section keeps its own in tier 1. Every clause
  of a plan, and every other section of a plan page that has text, is in
  that plan's shard and nowhere else.
  Dropped: the sections of a plan page that are a bare heading over a
  table excluded from search ("Chỉ tiêu", "Phân công thực hiện"), and the
  other sections of generated pages that are not plans, which are all such
  headings.
* Words are folded as the worker folds a query (:func:`words`, the same
  steps as ``words()`` in ``search-shards.js``): tags and entities removed,
  diacritics dropped, "đ" read as "d", lower case, and ".", "/" and "-"
  kept inside a word ("21/kh-ubnd", "iii.2.4"). Every word of an entry's
  title, text and keys is under it in ``titles/``; every word of a plan's
  entry and sections is under it in ``words/``.
* Tier 1 and the entries are in the order of their locations, so a page's
  entry precedes its sections, which is how the theme groups results by
  page, and a site built in parts (:func:`merge`) is indexed as one build. The output is a pure
  function of the input index and the corpus: the same build writes the
  same bytes.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator import localities
from generator.site import display, urls
from generator.site.corpus import Corpus, PlanEntry
from generator.site.pages import indicator as indicator_page
from generator.structure import walk

INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"
"""Tier 1 as Material's offline plugin writes it for ``file://``: ``var __index = <tier 1>``."""
SHARDS = "sections"
"""Folder of the tier 2 files, inside ``search/``."""

WORKER = "search-shards.js"
"""The worker wrapper, beside Material's search worker in ``assets/javascripts/workers/``."""

_PAGE_SUFFIX = re.compile(r"(/|\.html)$")
_WORKER_CONFIG = re.compile(r'("search":\s*"[^"]*?/workers/)(search\.[0-9a-f]+\.min\.js)"')


@dataclass(frozen=True)
class PageSearch:
    """What tier 1 says about one generated page (by its location)."""

    text: str | None = None  # replaces the page entry's text (HTML); None keeps Material's
    keys: str | None = None  # hidden words that find the page
    sections: dict[str, str] | None = None  # clause heading titles by anchor: the page has a shard
    deferred: bool = False  # one of a number of pages that grows with the corpus: its entry loads on demand


WORDS = "words"
"""Folder of the full-text word index, inside ``search/``."""
TITLES = "titles"
"""Folder of the word index of entries, inside ``search/``."""
ENTRIES = "entries"
"""Folder of the entries, inside ``search/``."""
BUCKET = 50
"""Entries a file of ``search/entries/`` holds: neighbours by location (plans of one province,
agencies of one locality) share a file, so a query's entries come in few files."""
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[a-z0-9]+(?:[./-][a-z0-9]+)*")
_COMBINING = re.compile(r"[\u0300-\u036f]")


@dataclass(frozen=True)
class Tiers:
    index: dict  # tier 1, in Material's format: {"config": ..., "docs": [...]}
    shards: dict[str, list[dict]]  # file name inside search/ -> the sections it holds
    entries: list[dict]  # the deferred pages' entries; a position is the entry's number
    titles: dict[str, dict[str, list[int]]]  # file name inside search/ -> word -> entry numbers
    words: dict[str, dict[str, list[int]]]  # file name inside search/ -> word -> numbers of plans holding it


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pages(corpus: Corpus) -> dict[str, PageSearch]:
    """What tier 1 says about the pages of plans, agencies and cited documents, by source path.

    An agency
    page's title (name and locality) says all there is to find it by, as does the page of an
    indicator in one province; a cited
    document's title (type and number, or name) gets its issuer and date.
    """
    found = {urls.plan(plan_id): plan_search(corpus, entry) for plan_id, entry in corpus.plans.items()}
    found.update((urls.agency(agency_id), PageSearch(text="", deferred=True)) for agency_id in corpus.agencies)
    found.update((urls.indicator_province(indicator_id, province_id), PageSearch(text="", deferred=True))
                 for indicator_id in corpus.indicators for province_id in indicator_page.provinces(corpus, indicator_id))
    found.update((urls.locality(locality_id), PageSearch(deferred=True)) for locality_id in corpus.localities)
    for document_id, record in corpus.documents.items():
        document = record.document
        when = display.date(document.date) if document.date else document.year
        text = " · ".join(_escape(str(fact)) for fact in (document.issuer, when) if fact)
        found[urls.document(document_id)] = PageSearch(text=text, deferred=True)
    return found


def plan_search(corpus: Corpus, entry: PlanEntry) -> PageSearch:
    """Tier 1 summary, hidden keys and clause titles of a plan page."""
    plan = entry.plan
    meta = plan.metadata
    place = entry.locality.name if entry.locality else meta.locality_name
    facts = [meta.issuer, place if place and place not in (meta.issuer or "") else None]
    now = localities.today(entry.locality)
    if now is not None and now.id != entry.locality.id:
        facts.append(f"nay thuộc {now.full_name}")  # found by today's province's name too
    facts.append(display.period(plan) if meta.period_start else None)
    indicators = dict.fromkeys(
        corpus.indicators[target.indicator].name for target in plan.targets if target.indicator in corpus.indicators
    )
    text = f"<p>{_escape(meta.title)}</p> " + " · ".join(_escape(fact) for fact in facts if fact)
    if indicators:
        text += ". Chỉ tiêu: " + "; ".join(_escape(name) for name in indicators)
    clauses = list(walk(plan.clauses))
    numbers = dict.fromkeys(document.number for document in plan.documents if document.number)
    keys = " ".join([*numbers, *(clause.id for clause in clauses)])
    sections = {}
    for clause in clauses:
        label = entry.anchors[clause.id].label
        sections[clause.id] = _escape(f"{label} – {clause.title}" if clause.title else label)
    return PageSearch(text=text, keys=keys, sections=sections, deferred=True)


def words(text: str) -> list[str]:
    """The words of ``text`` (HTML) as the search worker folds them; see the module's guarantees."""
    plain = unicodedata.normalize("NFD", html.unescape(_TAG.sub(" ", text)))
    plain = _COMBINING.sub("", plain).replace("đ", "d").replace("Đ", "d").lower()
    return _WORD.findall(plain)


def word_file(folder: str, word: str) -> str:
    """The file of word index ``folder`` (:data:`TITLES`, :data:`WORDS`) that holds ``word``: its
    first two characters, "." "/" "-" as "_". The worker derives the same name from a query's word."""
    return f"{folder}/{re.sub(r'[^a-z0-9]', '_', word[:2])}.js"


def entry_file(number: int) -> str:
    """The file of ``search/entries/`` holding entry ``number``; the worker derives the same name."""
    return f"{ENTRIES}/{number // BUCKET}.js"


def shard_name(location: str) -> str:
    """The tier 2 file of a page inside search/: ``sections/ke-hoach/x.js`` for ``ke-hoach/x/`` or ``ke-hoach/x.html``.

    The worker wrapper derives the same name from the location.
    """
    return f"{SHARDS}/{_PAGE_SUFFIX.sub('', location)}.js"


def split(index: dict, pages: dict[str, PageSearch]) -> Tiers:
    """Tier 1 and the shards of ``index`` (Material's search index as loaded from JSON).

    ``pages`` maps the location of every generated page to what tier 1 says
    about it: a generated page keeps only its first entry in tier 1, and its
    other sections go to its shard if it has one. A page not in ``pages`` is
    hand-written and kept whole.
    """
    first: list[dict] = []
    entries: list[dict] = []
    shards: dict[str, list[dict]] = {}
    for doc in index["docs"]:
        location, _, anchor = doc["location"].partition("#")
        page = pages.get(location)
        entry = {key: nfc(value) if isinstance(value, str) else value for key, value in doc.items()}
        if page is None:
            first.append(entry)
        elif not anchor:
            (entries if page.deferred else first).append(_page_entry(entry, page))
        elif page.sections is None:
            continue
        elif anchor in page.sections:
            entry["title"] = nfc(page.sections[anchor])
            entry["keys"] = anchor
            shards.setdefault(shard_name(location), []).append(entry)
        elif entry["text"]:
            shards.setdefault(shard_name(location), []).append(entry)
    first.sort(key=lambda entry: entry["location"])  # a page before its sections, whatever the build order
    entries.sort(key=lambda entry: entry["location"])
    titles: dict[str, set[int]] = {}
    texts: dict[str, set[int]] = {}
    for number, entry in enumerate(entries):
        named = _words_of(entry)
        for word in named:
            titles.setdefault(word, set()).add(number)
        if entry.get("sections"):
            sections = shards.get(shard_name(entry["location"]), [])
            for word in [*named, *(word for doc in sections for word in _words_of(doc))]:
                texts.setdefault(word, set()).add(number)
    return Tiers({"config": index["config"], "docs": first}, shards, entries,
                 _by_file(TITLES, titles), _by_file(WORDS, texts))


def _words_of(doc: dict) -> list[str]:
    return words(" ".join(str(doc.get(field, "")) for field in ("title", "text", "keys")))


def _by_file(folder: str, holders: dict[str, set[int]]) -> dict[str, dict[str, list[int]]]:
    """A word index as files: word -> sorted numbers, words sorted, by the file each belongs in."""
    files: dict[str, dict[str, list[int]]] = {}
    for word in sorted(holders):
        files.setdefault(word_file(folder, word), {})[word] = sorted(holders[word])
    return files


def _page_entry(entry: dict, page: PageSearch) -> dict:
    if page.text is not None:
        entry["text"] = nfc(page.text)
    if page.keys:
        entry["keys"] = nfc(page.keys)
    if page.sections is not None:
        entry["sections"] = 1
    return entry


def write(site: Path, pages: dict[str, PageSearch]) -> Tiers:
    """Replace the site's search index by tier 1 and write the shards beside it."""
    path = site / INDEX
    tiers = split(json.loads(path.read_text(encoding="utf-8")), pages)
    path.write_text(_json(tiers.index), encoding="utf-8")
    for name, docs in tiers.shards.items():
        shard = path.parent / name
        shard.parent.mkdir(parents=True, exist_ok=True)
        shard.write_text(_script(_SECTIONS, docs), encoding="utf-8")
    _write_indexes(path.parent, tiers.entries, tiers.titles, tiers.words)
    return tiers


def _write_indexes(folder: Path, entries: list[dict], titles: dict[str, dict[str, list[int]]],
                   texts: dict[str, dict[str, list[int]]]) -> None:
    """The entries and both word indexes, as files of ``search/`` (``folder``)."""
    for name in (ENTRIES, TITLES, WORDS):
        (folder / name).mkdir(exist_ok=True)
    for start in range(0, len(entries), BUCKET):
        (folder / entry_file(start)).write_text(_script(_ENTRIES, start, entries[start:start + BUCKET]),
                                                encoding="utf-8")
    for callback, files in ((_TITLES, titles), (_WORDS, texts)):
        for name, found in files.items():
            (folder / name).write_text(_script(callback, found), encoding="utf-8")


def merge(sites: list[Path], target: Path) -> None:
    """Write into site ``target`` the search index of the sites ``sites`` (parts of one site, each
    written by :func:`write`, the first one's config kept) as one: tier 1 of every part in the
    order of locations; entries renumbered in the order of their locations across all parts,
    each word's numbers mapped to the new ones. So the result is what :func:`write` makes of a
    single build of all their pages."""
    first = [json.loads((site / INDEX).read_text(encoding="utf-8")) for site in sites]
    docs = sorted((doc for index in first for doc in index["docs"]), key=lambda doc: doc["location"])
    tier1 = _json({"config": first[0]["config"], "docs": docs})
    (target / INDEX).write_text(tier1, encoding="utf-8")
    if (sites[0] / OFFLINE_INDEX).is_file():  # Material's offline plugin inlines the index so
        (target / OFFLINE_INDEX).write_text(f"var __index = {tier1}", encoding="utf-8")
    located = []  # (location, part, number in that part, entry)
    for part, site in enumerate(sites):
        for path in sorted((site / "search" / ENTRIES).glob("*.js")):
            start, entries = _read_script(path, _ENTRIES)
            located += [(entry["location"], part, start + offset, entry) for offset, entry in enumerate(entries)]
    located.sort(key=lambda item: item[0])
    renumbered = {(part, number): new for new, (_, part, number, _) in enumerate(located)}
    indexes = {}
    for callback, folder in ((_TITLES, TITLES), (_WORDS, WORDS)):
        names = sorted({path.name for site in sites for path in (site / "search" / folder).glob("*.js")})
        holders_by_file = {}
        for name in names:
            holders: dict[str, set[int]] = {}
            for part, site in enumerate(sites):
                path = site / "search" / folder / name
                if path.is_file():
                    for word, numbers in _read_script(path, callback)[0].items():
                        holders.setdefault(word, set()).update(renumbered[part, number] for number in numbers)
            holders_by_file[f"{folder}/{name}"] = {word: sorted(holders[word]) for word in sorted(holders)}
        indexes[folder] = holders_by_file
    _write_indexes(target / "search", [entry for *_, entry in located], indexes[TITLES], indexes[WORDS])


_SECTIONS, _ENTRIES, _TITLES, _WORDS = "__addSearchSections", "__addSearchEntries", "__addSearchTitles", "__addSearchWords"
"""The functions the worker defines, which the files loaded on demand call (so that they load with
``importScripts`` from a web server and from ``file://`` alike)."""


def _script(callback: str, *arguments) -> str:
    return f"{callback}({','.join(_json(argument) for argument in arguments)});\n"


def _read_script(path: Path, callback: str) -> list:
    """The arguments of the call that :func:`_script` wrote into ``path``."""
    text = path.read_text(encoding="utf-8")
    prefix, suffix = f"{callback}(", ");\n"
    if not (text.startswith(prefix) and text.endswith(suffix)):
        raise ValueError(f"{path}: không phải tệp {callback}(...) của chỉ mục tìm kiếm")
    return json.loads("[" + text[len(prefix):-len(suffix)] + "]")


def use_worker_wrapper(page_html: str) -> str:
    """Point the theme at the worker wrapper, which loads Material's worker named after ``#``.

    Raises ValueError when a page that configures the theme's search worker
    does not name it the way this function expects (a theme upgrade changed
    ``base.html``): search would silently lose its second tier otherwise.
    """
    if 'id="__config"' not in page_html:
        return page_html
    replaced, count = _WORKER_CONFIG.subn(rf"\g<1>{WORKER}#\g<2>" + '"', page_html)
    if count != 1:
        raise ValueError("không tìm thấy đường dẫn search worker của Material trong cấu hình trang (__config)")
    return replaced


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
