"""Every file the site makes from the data, and the data of the current build.

Guarantees:

* :func:`generate` is a pure function of the corpus and the URL style: it
  returns every generated page and data file, each path once (a clash
  between two entities is a :class:`ValueError` naming the path).
* The work is linear in the size of the data: each entity is rendered once,
  and no page lists more than a bounded number of other entities except the
  pages that exist to compare them (indicator, cited document, agency).
* :func:`load` is called once per build (by the MkDocs hook); the macros of
  hand-written pages read the same corpus through :func:`current`.
* :func:`offline_bundle` is the offline zip this build publishes
  (``OFFLINE_BUNDLE``, which ``make site`` sets after ``make offline``), or
  None: the offline build cannot hold itself, and a plain ``mkdocs build``
  has none to offer.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.site import calendars, urls
from generator.site.corpus import Corpus
from generator.site.corpus import load as load_corpus
from generator.site.page import Output
from generator.site.pages import agency, comparison, document, downloads, indicator, listings, locality, plan
from generator.site.urls import Links
from generator.store import DataDirs, default_data_dir

_current: Corpus | None = None
OFFLINE_BUNDLE = "OFFLINE_BUNDLE"
"""Environment variable naming the offline zip to publish with the site."""


def data_dirs() -> DataDirs:
    return DataDirs(default_data_dir().resolve())


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


def load() -> Corpus:
    """Load the data of this build; raises PlanError on bad data."""
    global _current
    _current = load_corpus(data_dirs())
    return _current


def current() -> Corpus:
    if _current is None:
        raise RuntimeError("the site data is not loaded: build.load() runs in the MkDocs hook's on_config")
    return _current


def generate(corpus: Corpus, directory_urls: bool, schema: Path | None, site_url: str = "") -> list[Output]:
    """Every page and data file; ``site_url`` is the public address calendars link their events to."""
    def each(uri_of, render, items):
        for item_id, item in items:
            uri = uri_of(item_id)
            yield Output(uri, render(corpus, item, Links(uri, directory_urls)))

    outputs = [
        *each(urls.plan, plan.render, corpus.plans.items()),
        *each(urls.indicator, indicator.render, corpus.indicators.items()),
        *each(urls.agency, agency.render, corpus.agencies.items()),
        *each(urls.locality, locality.render, corpus.localities.items()),
        *each(urls.document, document.render, corpus.documents.items()),
        *listings.pages(corpus, directory_urls),
        *comparison.pages(corpus, directory_urls),
        *downloads.pages(corpus, directory_urls, schema),
        *calendars.pages(corpus, site_url),
    ]
    seen: set[str] = set()
    for output in outputs:
        if output.uri in seen:
            raise ValueError(f"hai trang trùng đường dẫn {output.uri}: đổi id của một trong hai")
        seen.add(output.uri)
    return outputs
