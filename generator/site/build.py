"""Every file the site makes from the data, and the data of the current build.

Guarantees:

* :func:`generate` is a pure function of the corpus and the URL style: it
  yields every generated page and data file, each path once (a clash
  between two entities is a :class:`ValueError` naming the path), one at a
  time, so a caller that writes them out never holds them all. It renders
  :func:`groups` in order; each group declares what it reads, so that a
  preparation can reuse the files of a group whose inputs did not change
  (:mod:`generator.site.reuse`).
* The work is linear in the size of the data: each entity is rendered once,
  and no page lists more than a bounded number of other entities except the
  pages that exist to compare them (indicator, cited document, agency).
* :func:`load` is called once per build (by the MkDocs hook, or by the step
  that prepares the site's parts, :mod:`generator.site.parts`). The macros of
  hand-written pages read only :class:`Summary`, the few facts of the corpus
  they show, set by :func:`use_summary`: a part of the site that is built
  without the corpus (the hub) gets it from the prepared files.
* :func:`offline_bundle` is the offline zip this build publishes
  (``OFFLINE_BUNDLE``, which ``make site`` sets after ``make offline``), or
  None: the offline build cannot hold itself, and a plain ``mkdocs build``
  has none to offer.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.site import calendars, display, urls
from generator.site.citation import plan_name
from generator.site.corpus import AgencyRecord, Corpus, PlanEntry
from generator.site.corpus import load as load_corpus
from generator.site.page import Output
from generator.site.pages import agency, comparison, document, downloads, indicator, listings, locality, plan
from generator.site.pages.listings import plan_order
from generator.site.urls import Links
from generator.store import DATA_ENVIRONMENT, DataDirs, default_data_dir

_current: Corpus | None = None
_summary: Summary | None = None
OFFLINE_BUNDLE = "OFFLINE_BUNDLE"
"""Environment variable naming the offline zip to publish with the site."""


def data_dirs() -> DataDirs:
    return DataDirs(default_data_dir().resolve())


def schema_file() -> Path | None:
    """The JSON Schema of a plan file that extraction wrote beside the data, to publish; None when absent."""
    schema = data_dirs().schema
    return schema if schema.is_file() else None


def offline_bundle() -> Path | None:
    """The offline zip to publish, when ``OFFLINE_BUNDLE`` names one; FileNotFoundError when it
    names a file that is not there (a build that promised the zip must not quietly drop it)."""
    value = os.environ.get(OFFLINE_BUNDLE, "").strip()
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        raise FileNotFoundError(f"{OFFLINE_BUNDLE}={value}: không có tệp zip này; hãy chạy `make offline` trước")
    return path


SUMMARY_LENGTH = 20
"""Plans and indicators a :class:`Summary` lists: the most a hand-written page can ask for."""


@dataclass(frozen=True)
class Summary:
    """What hand-written pages show of the corpus (:mod:`generator.site.macros`)."""

    counts: dict[str, int]  # plans, localities, indicators, agencies, documents, targets
    as_of: datetime.date  # the corpus's date (:attr:`Corpus.as_of`)
    latest_plans: tuple[tuple[str, str, str | None, str], ...]  # (id, name, locality, title), newest first
    top_indicators: tuple[tuple[str, str, int], ...]  # (id, name, plans setting it), most compared first


def summarize(corpus: Corpus) -> Summary:
    """The :class:`Summary` of ``corpus``: its counts, first :data:`SUMMARY_LENGTH` newest plans and
    most compared indicators."""

    def plans_setting(indicator_id: str) -> int:
        return len({row.entry.id for row in corpus.targets.get(indicator_id, [])})

    latest = sorted(corpus.plans.values(), key=plan_order)[:SUMMARY_LENGTH]
    ranked = sorted(corpus.indicators, key=lambda i: (-plans_setting(i), i))[:SUMMARY_LENGTH]
    return Summary(
        counts={
            "plans": len(corpus.plans),
            "localities": len(corpus.localities),
            "indicators": len(corpus.indicators),
            "agencies": len(corpus.agencies),
            "documents": len(corpus.documents),
            "targets": sum(len(rows) for rows in corpus.targets.values()) + len(corpus.unclassified),
        },
        as_of=corpus.as_of,
        latest_plans=tuple(
            (entry.id, plan_name(entry.plan), entry.locality.name if entry.locality else None,
             display.excerpt(entry.plan.metadata.title, 120))
            for entry in latest
        ),
        top_indicators=tuple((i, corpus.indicators[i].name, plans_setting(i)) for i in ranked),
    )


def load() -> Corpus:
    """Load the data of this build and its summary; raises PlanError on bad data, FileNotFoundError
    (saying what to do) when the data folder or its plans are missing."""
    global _current
    dirs = data_dirs()
    if not dirs.root.is_dir():
        raise FileNotFoundError(f"{DATA_ENVIRONMENT}={dirs.root}: thư mục dữ liệu không tồn tại")
    if not dirs.plans.is_dir():
        raise FileNotFoundError(f"{dirs.plans}: không có thư mục kế hoạch; hãy chạy `make extract` trước")
    _current = load_corpus(dirs)
    use_summary(summarize(_current))
    return _current


def use_summary(summary: Summary) -> None:
    """The summary the macros of this build show."""
    global _summary
    _summary = summary


def summary() -> Summary:
    if _summary is None:
        raise RuntimeError("the site summary is not set: build.load() or build.use_summary() runs in on_config")
    return _summary


def current() -> Corpus:
    if _current is None:
        raise RuntimeError("the site data is not loaded: build.load() runs in the MkDocs hook's on_config")
    return _current


WHOLE = "whole"
"""A plan's facet: all of its data, text included (its own page and files read it)."""
LEAN = "lean"
"""A plan's facet: what the corpus holds of it (:func:`generator.site.corpus.without_text`)."""
TARGETS = "targets"
"""A plan's facet: its targets, their districts and the labels of its clauses."""
CITATIONS = "citations"
"""A plan's facet: the documents it cites, its citations and the labels of its clauses."""
ROLES = "roles"
"""A plan's facet: which agencies its tasks and deadlines name (what the agencies' counts are made of)."""
EVERY = ("",)
"""In :attr:`Group.reads`, for the plans: every plan of the corpus."""


@dataclass(frozen=True)
class Group:
    """Generated files made together from the same data, rendered only when :attr:`files` is called.

    ``reads`` declares what the files are made of besides what every page may show of any plan
    (its metadata, place and status) and of the corpus's indexes (which agencies, documents,
    indicators and localities have pages, and their names): a facet of some plans, as
    ``(facet, plan ids or EVERY)`` pairs. :mod:`generator.site.reuse` reuses the last files of a
    group whose reads did not change; the tests check that this equals rendering them again.
    A group's ``id`` is, for the files of one plan, agency, locality, indicator or document, the
    path its main file has or would have (a file it makes when it did not before goes to that
    file's part); for the others, a name.
    """

    id: str
    reads: tuple[tuple[str, tuple[str, ...]], ...]
    files: Callable[[], Iterable[Output]]


def groups(corpus: Corpus, directory_urls: bool, schema: Path | None, site_url: str = "") -> Iterator[Group]:
    """Every group of files of the site, in the order :func:`generate` writes them."""
    def page(uri: str, render, item) -> Callable[[], list[Output]]:
        return lambda: [Output(uri, render(corpus, item, Links(uri, directory_urls)))]

    for plan_id, entry in corpus.plans.items():
        as_document = corpus.documents.get(corpus.plan_documents.get(plan_id, ""))
        citing = _of((cited_by for cited_by, _ in as_document.citations), CITATIONS) if as_document else ()
        yield Group(urls.plan(plan_id), ((WHOLE, (plan_id,)), *citing), page(urls.plan(plan_id), plan.render, entry))
    for indicator_id in corpus.indicators:
        rows = corpus.targets.get(indicator_id, [])
        yield Group(urls.indicator(indicator_id), _of((row.entry for row in rows), TARGETS),
                    functools.partial(indicator.pages_of, corpus, indicator_id, directory_urls))
    for agency_id, record in corpus.agencies.items():
        yield Group(urls.agency(agency_id), _agency_reads(record),
                    page(urls.agency(agency_id), agency.render, record))
    for locality_id, record in corpus.localities.items():
        entries = [*record.plans, *record.member_plans, *record.predecessor_plans,
                   *(row.entry for rows in record.district_targets.values() for row in rows)]
        yield Group(urls.locality(locality_id), _of(entries, LEAN), page(urls.locality(locality_id), locality.render, record))
    for document_id, record in corpus.documents.items():
        yield Group(urls.document(document_id), _of((entry for entry, _ in record.citations), CITATIONS),
                    page(urls.document(document_id), document.render, record))
    for section, reads in (("plans", ()), ("indicators", ((TARGETS, EVERY),)), ("agencies", ((ROLES, EVERY),)),
                           ("localities", ()), ("documents", ((CITATIONS, EVERY),))):
        yield Group(f"listings:{section}", reads, functools.partial(listings.SECTIONS[section], corpus, directory_urls))
    yield Group("comparisons", ((TARGETS, EVERY),), functools.partial(comparison.pages, corpus, directory_urls))
    for plan_id, entry in corpus.plans.items():
        yield Group(urls.plan_data(plan_id, "yaml"), ((WHOLE, (plan_id,)),), functools.partial(downloads.plan_files, entry))
    yield Group("downloads:tables", ((TARGETS, EVERY),), functools.partial(downloads.tables, corpus, directory_urls))
    yield Group("downloads:api", ((TARGETS, EVERY), (ROLES, EVERY), (CITATIONS, EVERY)),
                functools.partial(downloads.api_files, corpus, directory_urls, schema))
    for plan_id, entry in corpus.plans.items():
        yield Group(urls.plan_calendar(plan_id), ((WHOLE, (plan_id,)),),
                    functools.partial(calendars.plan_calendar, corpus, entry, site_url))
    for agency_id, record in corpus.agencies.items():
        yield Group(urls.agency_calendar(agency_id), _agency_reads(record),
                    functools.partial(calendars.agency_calendar, corpus, record, site_url))


def _of(entries: Iterable[PlanEntry], facet: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``facet`` of the plans of ``entries``, as :attr:`Group.reads` says it."""
    return ((facet, tuple(sorted({entry.id for entry in entries}))),)


def _agency_reads(record: AgencyRecord) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What an agency's page and calendar read: the plans that give it tasks or deadlines."""
    return _of([*(entry for entry, _ in record.tasks), *(entry for entry, _ in record.deadlines)], LEAN)


def generate(corpus: Corpus, directory_urls: bool, schema: Path | None, site_url: str = "") -> Iterator[Output]:
    """Every page and data file; ``site_url`` is the public address calendars link their events to."""
    seen: set[str] = set()
    for group in groups(corpus, directory_urls, schema, site_url):
        for output in group.files():
            if output.uri in seen:
                raise ValueError(f"hai trang trùng đường dẫn {output.uri}: đổi id của một trong hai")
            seen.add(output.uri)
            yield output
