"""The site in parts: which part each generated file belongs to, and the prepared files of a part.

One MkDocs build holds every page of the site in memory: 8 GB at ten
thousand plans. So the site is built in parts (:mod:`generator.site.assemble`
runs them): one part per province of today, holding the pages of the plans,
agencies and localities in it; one for the indicators and one for the cited
documents, whose pages grow with the corpus; and the hub, holding everything
else (the hand-written pages, section indexes, comparisons, listings, and the
downloads of the whole corpus). Every page keeps the path it has in a single
build, so links between parts are the relative links a single build writes.

Guarantees:

* :func:`assign` gives every generated file exactly one part. A plan's page,
  data files, source copy and calendar go to the part of the province of
  today that holds its locality; an agency's page and calendar and a
  locality's page, likewise; a plan, agency or locality with no known place
  goes to :data:`UNPLACED`. No part holds more than :data:`MAX_PLANS`
  plans: a province with more is split into ``<province>.<n>`` parts by a
  hash of each id; provinces with fewer share a part with their neighbours
  in id order while the sum stays within it (``an-giang--can-tho``), since
  every MkDocs build costs a second or two whatever its size. So a province
  whose number of plans changes moves at most the parts after it. Indicator pages and their CSV
  files go to :data:`INDICATORS`, cited documents' pages to
  :data:`DOCUMENTS`; the sections' index pages (in the navigation) stay in
  the hub.
* :func:`prepare` generates the corpus's files once
  (:func:`generator.site.build.generate`) and writes each part's files and
  the :class:`Meta` its build needs into ``<folder>/<part>/``, streaming, so
  it never holds more than one file's content besides the corpus. Each
  part's :class:`PartState` carries a fingerprint of everything its build
  reads (its files' bytes, including copied sources, its meta, and
  ``code``): the same fingerprint means the same built part.
* The prepared files are Python pickles this step writes for the part
  builds of the same run; they are build artefacts, never read from
  anywhere else.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import localities
from generator.errors import PlanError
from generator.localities import Locality
from generator.site import build, urls
from generator.site.corpus import Corpus
from generator.site.page import Document, Output
from generator.site.pages import indicator as indicator_page
from generator.site.search import PageSearch, pages as search_pages

HUB = "hub"
"""The part with the site's pages that are not about one province."""
UNPLACED = "chua-ro-dia-phuong"
"""The part of plans, agencies and localities whose province is not known."""
INDICATORS = "chi-tieu"
"""The part of the indicators' pages and files."""
DOCUMENTS = "van-ban"
"""The part of the cited documents' pages."""
MAX_PLANS = 400
"""The most plans a part holds; a province with more is split."""
PARTS = "parts.json"
"""The list of parts of a prepared folder, with their fingerprints, in build order (the most bytes
to render first, so that the longest builds do not start last)."""
OUTPUTS = "outputs.pickle"
META = "meta.pickle"
OWNED = "owned.json"
"""The files of a built part that are its own (not stand-ins or theme files), as site paths."""
FOLDER_ENVIRONMENT = "SITE_PARTS"
"""Environment variable of a part's build: the prepared folder."""
PART_ENVIRONMENT = "SITE_PART"
"""Environment variable of a part's build: the part's name."""


@dataclass
class Meta:
    """What the build of one part needs besides its files."""

    part: str
    search: dict[str, PageSearch]  # by source path: what the search index says of the part's pages
    summary: build.Summary | None = None  # the hub's: what its hand-written pages show
    placeholders: list[str] = field(default_factory=list)  # other parts: the hub's pages in the nav
    elsewhere: list[str] = field(default_factory=list)  # the hub: the other parts' pages, which it links to


@dataclass(frozen=True)
class PartState:
    name: str
    files: int
    size: int  # bytes of its prepared files: what its build has to render
    fingerprint: str


def province_of(locality: Locality | None) -> str | None:
    """The id of the province of today that holds ``locality``, or None."""
    province = localities.province_today(locality)
    return province.id if province is not None else None


def assign(corpus: Corpus) -> dict[str, str]:
    """The part of every generated file that is not the hub's, by source path."""
    plan_province = {plan_id: province_of(entry.locality) for plan_id, entry in corpus.plans.items()}
    agency_province = {
        agency_id: province_of(localities.by_id().get(record.agency.locality or ""))
        for agency_id, record in corpus.agencies.items()
    }
    locality_province = {locality_id: province_of(record.locality) for locality_id, record in corpus.localities.items()}
    sizes = Counter(plan_province.values())
    splits = {province: -(-count // MAX_PLANS) for province, count in sizes.items()}
    places = {*plan_province.values(), *agency_province.values(), *locality_province.values()} - {None}
    shared = _packed(sorted(places), sizes)

    def part(province: str | None, item_id: str) -> str:
        if province is None:
            return UNPLACED
        count = splits.get(province, 1)
        return shared[province] if count <= 1 else f"{province}.{zlib.crc32(item_id.encode()) % count + 1}"

    owner: dict[str, str] = {}
    for plan_id, entry in corpus.plans.items():
        name = part(plan_province[plan_id], plan_id)
        for uri in (urls.plan(plan_id), urls.plan_data(plan_id, "yaml"), urls.plan_data(plan_id, "json"),
                    urls.plan_calendar(plan_id)):
            owner[uri] = name
        if entry.source_uri is not None:
            owner.setdefault(entry.source_uri, name)  # one copy per source file: its first plan's part
    for agency_id in corpus.agencies:
        name = part(agency_province[agency_id], agency_id)
        owner[urls.agency(agency_id)] = owner[urls.agency_calendar(agency_id)] = name
    for locality_id in corpus.localities:
        owner[urls.locality(locality_id)] = part(locality_province[locality_id], locality_id)
    for indicator_id in corpus.indicators:
        owner[urls.indicator(indicator_id)] = owner[urls.indicator_csv(indicator_id)] = INDICATORS
        for province_id in indicator_page.provinces(corpus, indicator_id):
            owner[urls.indicator_province(indicator_id, province_id)] = INDICATORS
    for document_id in corpus.documents:
        owner[urls.document(document_id)] = DOCUMENTS
    return owner


def _packed(provinces: list[str], sizes: Counter) -> dict[str, str]:
    """The part of each province that is not split: neighbours in id order share one while their
    plans together are at most :data:`MAX_PLANS` (``an-giang--can-tho``); one alone keeps its id."""
    groups: list[list[str]] = []
    total = 0
    for province in provinces:
        count = sizes[province]
        if count > MAX_PLANS:
            continue  # split into parts of its own
        if not groups or total + count > MAX_PLANS:
            groups.append([])
            total = 0
        groups[-1].append(province)
        total += count
    return {province: group[0] if len(group) == 1 else f"{group[0]}--{group[-1]}"
            for group in groups for province in group}


def prepare(corpus: Corpus, directory_urls: bool, schema: Path | None, site_url: str, folder: Path,
            code: str, hub_code: str = "") -> list[PartState]:
    """Write every part's files and meta into ``folder``; the parts, the most to render first (see the module).
    ``code`` is what every part's fingerprint starts from, ``hub_code`` what the hub's adds (the
    offline zip it publishes)."""
    owner = assign(corpus)
    names = sorted({HUB, *owner.values()})
    writers = {name: _PartWriter(folder / name, code + (hub_code if name == HUB else "")) for name in names}
    nav_pages: list[str] = []
    try:
        for output in build.generate(corpus, directory_urls, schema, site_url):
            name = owner.get(output.uri, HUB)
            writers[name].add(output)
            if name == HUB and output.in_nav:
                nav_pages.append(output.uri)
        pages_elsewhere = sorted(uri for uri, name in owner.items() if name != HUB and uri.endswith(".md"))
        searches = search_pages(corpus)  # after the files, so its memory and theirs do not add up
        states = []
        for name, writer in writers.items():
            meta = Meta(name, {uri: searches[uri] for uri in writer.pages if uri in searches})
            if name == HUB:
                meta.summary = build.summarize(corpus)
                meta.elsewhere = pages_elsewhere
            else:
                meta.placeholders = nav_pages
            states.append(writer.finish(meta))
    finally:
        for writer in writers.values():
            writer.close()
    states.sort(key=lambda state: (-state.size, state.name))
    (folder / PARTS).write_text(json.dumps([state.__dict__ for state in states], indent=1) + "\n", encoding="utf-8")
    return states


def read_states(folder: Path) -> list[PartState]:
    return [PartState(**item) for item in json.loads((folder / PARTS).read_text(encoding="utf-8"))]


def read_meta(folder: Path, part: str) -> Meta:
    return pickle.loads((folder / part / META).read_bytes())


def write_owned(folder: Path, part: str, paths: list[str]) -> None:
    (folder / part / OWNED).write_text(json.dumps(sorted(paths), indent=0) + "\n", encoding="utf-8")


def read_owned(folder: Path, part: str) -> list[str]:
    return json.loads((folder / part / OWNED).read_text(encoding="utf-8"))


def read_outputs(folder: Path, part: str) -> Iterator[Output]:
    """The files of ``part``, in the order they were generated."""
    with (folder / part / OUTPUTS).open("rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


class _PartWriter:
    """Writes one part's files as they are generated, and their fingerprint."""

    def __init__(self, folder: Path, code: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.stream = (folder / OUTPUTS).open("wb")
        self.digest = hashlib.sha256(code.encode())
        self.pages: list[str] = []
        self.files = 0
        self.size = 0
        self.hashing = False  # whether what the output being written pickles to goes into the fingerprint

    def write(self, data: bytes) -> None:
        """What :func:`pickle.dump` writes: to the part's stream, and into its fingerprint."""
        self.stream.write(data)
        self.size += len(data)
        if self.hashing:
            self.digest.update(data)

    def add(self, output: Output) -> None:
        copied = isinstance(output.content, Path)
        self.hashing = not copied
        pickle.dump(output, self, protocol=pickle.HIGHEST_PROTOCOL)  # streamed frame by frame, never held whole
        if copied:  # a copied file counts by its bytes, wherever it is
            self.digest.update(output.uri.encode() + b"\0" + hashlib.sha256(output.content.read_bytes()).digest())
        if isinstance(output.content, Document):
            self.pages.append(output.uri)
        self.files += 1

    def finish(self, meta: Meta) -> PartState:
        data = pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL)
        (self.folder / META).write_bytes(data)
        self.digest.update(data)
        self.close()
        return PartState(meta.part, self.files, self.size, self.digest.hexdigest()[:32])

    def close(self) -> None:
        self.stream.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.site.parts FOLDER``: load the data (``GENERATOR_DATA`` or ``data/``)
    and prepare its parts in ``FOLDER``; what :mod:`generator.site.assemble` runs as its first step.
    Bad data (as ``mkdocs build --strict`` would report it) exits with status 1."""
    parser = argparse.ArgumentParser(description="Prepare the parts of the site")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--site-url", default="")
    style = parser.add_mutually_exclusive_group(required=True)
    style.add_argument("--directory-urls", dest="directory_urls", action="store_true")
    style.add_argument("--file-urls", dest="directory_urls", action="store_false")
    parser.add_argument("--code", default="", help="fingerprint of the code every part's build reads")
    parser.add_argument("--hub-code", default="", help="fingerprint of what only the hub's build reads")
    args = parser.parse_args(argv)
    try:
        corpus = build.load()
    except (FileNotFoundError, PlanError) as error:
        print(f"dữ liệu không đọc được: {error}", file=sys.stderr)
        return 1
    if corpus.problems:
        print("\n".join(corpus.problems), file=sys.stderr)
        return 1
    try:
        prepare(corpus, args.directory_urls, build.schema_file(), args.site_url, args.folder,
                args.code, args.hub_code)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from generator.site import parts  # so that pickles name this module's classes, not __main__'s

    sys.exit(parts.main())
