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
* :func:`prepare` generates the corpus's files once, group by group
  (:func:`generator.site.build.groups`), and writes each part's files and
  the :class:`Meta` its build needs into ``<folder>/<part>/``, streaming, so
  it never holds more than one file's content besides the corpus. Each
  part's :class:`PartState` carries a fingerprint of everything its build
  reads (its files' bytes, including copied sources, its meta, and
  ``code``): the same fingerprint means the same built part.
* A group whose key (:mod:`generator.site.reuse`) is the one it had in the
  last preparation in ``folder`` is not rendered: its pickled files are
  copied from the last parts (each part's ``index.json`` says where they
  are); a part none of whose files and meta changed is left as it is. The
  parts are then byte for byte those of a preparation from nothing. A group
  that makes other files than last time, or a record that does not read,
  means preparing everything.
* The prepared files are Python pickles this step writes for the part
  builds of the same run and the next preparation; they are build artefacts, never read from
  anywhere else.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import pickle
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from typing import BinaryIO
from dataclasses import dataclass, field
from pathlib import Path

from generator import localities
from generator.errors import PlanError
from generator.store import DataDirs
from generator.localities import Locality
from generator.site import build, reuse, urls
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
INDEX = "index.json"
"""Where each file of a part is in its outputs, for the next preparation to reuse."""
NEW = ".new"
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
            code: str, hub_code: str = "", dirs: DataDirs | None = None) -> list[PartState]:
    """Write every part's files and meta into ``folder``; the parts, the most to render first (see the module).
    ``code`` is what every part's fingerprint starts from, ``hub_code`` what the hub's adds (the
    offline zip it publishes). Files whose inputs did not change since the last preparation in
    ``folder`` are copied from it (:mod:`generator.site.reuse`), and a part none of whose files or
    meta changed is kept as it is."""
    folder.mkdir(parents=True, exist_ok=True)
    owner = assign(corpus)
    names = sorted({HUB, *owner.values()})
    last = reuse.take(folder)
    settings = json.dumps([code, directory_urls, site_url, names, str(dirs.root if dirs else "")])
    now = reuse.inputs(corpus, dirs, settings, schema, last)
    groups = functools.partial(build.groups, corpus, directory_urls, schema, site_url)  # made again when asked: they
    keys = {group.id: now.key(group) for group in groups()}  # hold what they read, which adds up at 10,000 plans
    if last is not None and last.site == now.site:
        try:
            return _prepare(corpus, groups, keys, owner, names, folder, code, hub_code, now, last)
        except _Changed:
            pass  # a group made other files than last time: prepare everything
    return _prepare(corpus, groups, keys, owner, names, folder, code, hub_code, now, None)


class _Changed(Exception):
    """A group reused or rendered does not fit the last preparation's parts."""


def _prepare(corpus: Corpus, groups: Callable[[], Iterator[build.Group]], keys: dict[str, str],
             owner: dict[str, str], names: list[str], folder: Path, code: str, hub_code: str,
             now: reuse.Inputs, last: reuse.Last | None) -> list[PartState]:
    """:func:`prepare` reusing the files of ``last`` whose key did not change (none, without it)."""
    old = _OldParts(folder, names) if last is not None else None
    starts = {name: code + (hub_code if name == HUB else "") for name in names}  # what each fingerprint starts from
    codes = {name: reuse.digest(start) for name, start in starts.items()}
    stale = {group_id for group_id, key in keys.items() if last is None or last.groups.get(group_id, ("", []))[0] != key}
    dirty = set(names)
    if old is not None:  # the parts of a stale group's last files, and of the files it may make now (its id is one)
        dirty = {old.part(uri) for group_id in stale for uri in last.groups.get(group_id, ("", []))[1]}
        dirty |= {owner.get(group_id, HUB) for group_id in stale} & set(names)
        dirty |= {name for name in names if last.codes.get(name) != codes[name]}  # the hub's offline zip changed
    writers = {name: _PartWriter(folder / name, starts[name]) for name in sorted(dirty)}
    made: dict[str, tuple[str, list[str]]] = {}
    nav_pages: list[str] = []
    seen: set[str] = set()
    try:
        for group in groups():
            if group.id in stale:
                uris = []
                for output in group.files():
                    name = owner.get(output.uri, HUB)
                    if name not in writers:
                        raise _Changed(output.uri)
                    writers[name].add(output)
                    uris.append(output.uri)
                    if name == HUB and output.in_nav:
                        nav_pages.append(output.uri)
            else:
                uris = last.groups[group.id][1]
                for uri in uris:
                    record = old.record(uri)
                    name = owner.get(uri, HUB)
                    if name != record.part:
                        raise _Changed(uri)
                    if name in writers:
                        writers[name].add_reused(record, old.stream(name))
                    if name == HUB and record.in_nav:
                        nav_pages.append(uri)
            for uri in uris:
                if uri in seen:
                    raise ValueError(f"hai trang trùng đường dẫn {uri}: đổi id của một trong hai")
                seen.add(uri)
            made[group.id] = (keys[group.id], uris)
        pages_elsewhere = sorted(uri for uri, name in owner.items() if name != HUB and uri.endswith(".md"))
        searches = search_pages(corpus)  # after the files, so its memory and theirs do not add up
        summary = build.summarize(corpus)
        states = []
        for name in names:
            writer = writers.get(name)
            pages = writer.pages if writer is not None else old.pages(name)
            meta = Meta(name, {uri: searches[uri] for uri in pages if uri in searches})
            if name == HUB:
                meta.summary = summary
                meta.elsewhere = pages_elsewhere
            else:
                meta.placeholders = nav_pages
            if writer is None:
                kept = old.state(name)
                if kept is not None and old.meta(name) == pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL):
                    states.append(kept)
                    continue
                writer = writers[name] = _PartWriter(folder / name, starts[name])
                for record in old.records(name):  # the same files: only its meta changed
                    writer.add_reused(record, old.stream(name))
            states.append(writer.finish(meta))
    finally:
        for writer in writers.values():
            writer.close()
        if old is not None:
            old.close()
    for writer in writers.values():
        writer.replace()
    states.sort(key=lambda state: (-state.size, state.name))
    (folder / PARTS).write_text(json.dumps([state.__dict__ for state in states], indent=1) + "\n", encoding="utf-8")
    reuse.write(folder, now, made, codes)
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


@dataclass(frozen=True)
class _Record:
    """Where one file of a part is in its ``outputs.pickle``, for a later preparation to copy it."""

    part: str
    uri: str
    offset: int
    length: int
    page: bool  # a Document, which has search entries
    in_nav: bool
    copied: list | None = None  # a file copied from disk: [path, size, mtime_ns, SHA-256 of its bytes]


class _OldParts:
    """The last preparation's parts in a folder: their states, metas and files' places."""

    def __init__(self, folder: Path, names: list[str]):
        self.folder = folder
        states = {state.name: state for state in read_states(folder)} if (folder / PARTS).is_file() else {}
        self.states: dict[str, PartState] = {}
        self.by_uri: dict[str, _Record] = {}
        self.by_part: dict[str, list[_Record]] = {}
        for name in names:
            try:
                rows = json.loads((folder / name / INDEX).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if name in states:
                self.states[name] = states[name]
            self.by_part[name] = [_Record(name, *row) for row in rows]
            self.by_uri.update((record.uri, record) for record in self.by_part[name])
        self.streams: dict[str, BinaryIO] = {}

    def part(self, uri: str) -> str:
        return self.record(uri).part

    def record(self, uri: str) -> _Record:
        if uri not in self.by_uri:
            raise _Changed(uri)
        return self.by_uri[uri]

    def records(self, name: str) -> list[_Record]:
        return self.by_part.get(name, [])

    def pages(self, name: str) -> list[str]:
        return [record.uri for record in self.records(name) if record.page]

    def state(self, name: str) -> PartState | None:
        return self.states.get(name)

    def meta(self, name: str) -> bytes | None:
        try:
            return (self.folder / name / META).read_bytes()
        except OSError:
            return None

    def stream(self, name: str) -> BinaryIO:
        if name not in self.streams:
            self.streams[name] = (self.folder / name / OUTPUTS).open("rb")
        return self.streams[name]

    def close(self) -> None:
        for stream in self.streams.values():
            stream.close()


class _PartWriter:
    """Writes one part's files, generated or copied from the last preparation, and their
    fingerprint, beside the last ones; :meth:`replace` puts them in their place."""

    def __init__(self, folder: Path, code: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.stream = (folder / (OUTPUTS + NEW)).open("wb")
        self.digest = hashlib.sha256(code.encode())
        self.pages: list[str] = []
        self.index: list[list] = []
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
        offset = self.size
        pickle.dump(output, self, protocol=pickle.HIGHEST_PROTOCOL)  # streamed frame by frame, never held whole
        self._added(output.uri, offset, isinstance(output.content, Document), output.in_nav,
                    _copied(output.content) if copied else None)

    def add_reused(self, record: _Record, old: BinaryIO) -> None:
        """The file of ``record``, its pickle copied from the last preparation's ``old`` stream."""
        old.seek(record.offset)
        self.hashing = record.copied is None
        offset = self.size
        left = record.length
        while left:
            chunk = old.read(min(left, 1 << 20))
            if not chunk:
                raise _Changed(record.uri)
            self.write(chunk)
            left -= len(chunk)
        copied = record.copied
        if copied is not None:
            path = Path(copied[0])
            status = path.stat()
            if [status.st_size, status.st_mtime_ns] != copied[1:3]:
                copied = _copied(path)
        self._added(record.uri, offset, record.page, record.in_nav, copied)

    def _added(self, uri: str, offset: int, page: bool, in_nav: bool, copied: list | None) -> None:
        if copied is not None:  # a copied file counts by its bytes, wherever it is
            self.digest.update(uri.encode() + b"\0" + bytes.fromhex(copied[3]))
        if page:
            self.pages.append(uri)
        self.index.append([uri, offset, self.size - offset, page, in_nav, copied])
        self.files += 1

    def finish(self, meta: Meta) -> PartState:
        data = pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL)
        (self.folder / (META + NEW)).write_bytes(data)
        (self.folder / (INDEX + NEW)).write_text(json.dumps(self.index, ensure_ascii=False) + "\n", encoding="utf-8")
        self.digest.update(data)
        self.close()
        return PartState(meta.part, self.files, self.size, self.digest.hexdigest()[:32])

    def close(self) -> None:
        self.stream.close()

    def replace(self) -> None:
        """Put the files written in place of the last preparation's."""
        for name in (OUTPUTS, META, INDEX):
            (self.folder / (name + NEW)).replace(self.folder / name)


def _copied(path: Path) -> list:
    """What the index records of a file copied from disk: [path, size, mtime_ns, SHA-256 of its bytes]."""
    status = path.stat()
    return [str(path), status.st_size, status.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()]


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
                args.code, args.hub_code, build.data_dirs())
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from generator.site import parts  # so that pickles name this module's classes, not __main__'s

    status = parts.main()
    # Every file is written and closed. Freeing the corpus (still held by build.current()) object by
    # object would take 8 s at ten thousand plans, for a process that ends: skip it, as mypy's
    # --fast-exit does.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
