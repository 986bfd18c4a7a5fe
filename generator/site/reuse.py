"""What each group of generated files is made of, so that a preparation can reuse the last one's files.

At ten thousand plans, rendering every page takes minutes, while a curator's
edit to one plan changes a few dozen files. :func:`generator.site.build.groups`
declares, for each group of files, the facets of the plans it reads
(:attr:`generator.site.build.Group.reads`); everything else a page may show
(every plan's metadata, place and status, the corpus's indexes, the
registries, the code and the build's settings) is in one site-wide digest.

Guarantees:

* :func:`inputs` digests the site-wide inputs and every plan's facets; a
  plan's facets other than :data:`~generator.site.build.WHOLE` are computed
  again only when its whole data changed since ``last``.
* :meth:`Inputs.key` of a group changes whenever anything it declares
  changes; :mod:`generator.site.parts` reuses a group's last files only when
  the key is the one they were made with. A missing or unreadable record
  means nothing is reused.
* The record is written last, after every part, and removed before a
  preparation changes anything (:func:`take`), so a preparation that stops
  half way leaves no record that could pair old keys with new files.
* The tests prepare the site again after each kind of edit, once reusing the
  last preparation and once from nothing, and find the parts equal byte for
  byte: that checks the declarations.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator import extract
from generator.site.build import CITATIONS, EVERY, LEAN, ROLES, TARGETS, WHOLE, Group
from generator.site.corpus import Corpus, PlanEntry
from generator.store import DataDirs

RECORD = "reuse.json"
"""File of a prepared folder: the keys its groups were made with, and its plans' facets."""


@dataclass
class Last:
    """What the last preparation in a folder was made from."""

    site: str
    plans: dict[str, dict[str, str]]  # plan id -> facet -> digest
    groups: dict[str, tuple[str, list[str]]]  # group id -> (key, its files' paths in order)
    codes: dict[str, str]  # part -> digest of the code its build reads (the hub's includes the offline zip)


@dataclass
class Inputs:
    """The digests of what this preparation is made from."""

    site: str
    plans: dict[str, dict[str, str]]
    every: dict[str, str] = field(default_factory=dict)  # facet -> digest of every plan's, when asked for

    def key(self, group: Group) -> str:
        """The digest of everything ``group`` is made of."""
        hasher = hashlib.sha256(f"{self.site}\0{group.id}".encode())
        for facet, plan_ids in group.reads:
            if plan_ids == EVERY:
                hasher.update(f"\0*\0{facet}\0{self._every(facet)}".encode())
                continue
            for plan_id in plan_ids:
                hasher.update(f"\0{plan_id}\0{facet}\0{self.plans[plan_id][facet]}".encode())
        return hasher.hexdigest()[:32]

    def _every(self, facet: str) -> str:
        if facet not in self.every:
            hasher = hashlib.sha256()
            for plan_id, facets in self.plans.items():
                hasher.update(f"{plan_id}\0{facets[facet]}\n".encode())
            self.every[facet] = hasher.hexdigest()
        return self.every[facet]


def take(folder: Path) -> Last | None:
    """The record of the last preparation in ``folder``, removed from it; None when there is none
    or it does not read."""
    path = folder / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups = {key: (value[0], value[1]) for key, value in data["groups"].items()}
        last = Last(data["site"], data["plans"], groups, data["codes"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        last = None
    path.unlink(missing_ok=True)
    return last


def write(folder: Path, inputs: Inputs, groups: dict[str, tuple[str, list[str]]], codes: dict[str, str]) -> None:
    record = {"site": inputs.site, "plans": inputs.plans, "groups": groups, "codes": codes}
    (folder / RECORD).write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def inputs(corpus: Corpus, dirs: DataDirs | None, settings: str, schema: Path | None, last: Last | None) -> Inputs:
    """The digests of ``corpus`` under ``settings`` (the code and the build's options); the facets of
    plans whose whole data is the same as in ``last`` are taken from it."""
    plans = {}
    for plan_id, entry in corpus.plans.items():
        whole = _whole(entry, dirs)
        known = last.plans.get(plan_id) if last is not None else None
        plans[plan_id] = known if known is not None and known.get(WHOLE) == whole else {WHOLE: whole, **_facets(entry)}
    return Inputs(_site(corpus, settings, schema), plans)


def digest(*parts: object) -> str:
    """A short digest of ``parts`` as text."""
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]


def _dump(value: object, **fields) -> str:
    """``value`` as text to digest: a model (with ``fields``, :meth:`BaseModel.model_dump`'s include
    or exclude) as JSON written by :func:`json.dumps`. Not :meth:`BaseModel.model_dump_json`: it makes
    every string of the model keep a UTF-8 copy of itself, which at ten thousand Vietnamese plans is
    a quarter of a gigabyte that stays for the whole preparation."""
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", **fields), separators=(",", ":"))
    return repr(value)


def _whole(entry: PlanEntry, dirs: DataDirs | None) -> str:
    """All of a plan's data: its stored file and override, or (without files) the plan itself; and
    its source file's size and time, which its page and the copy show."""
    source = entry.source.stat() if entry.source is not None else None
    found = (source.st_size, source.st_mtime_ns) if source else None
    if entry.stored_json is not None:  # named after the SHA-256 of the stored file, which no override changes
        data = entry.stored_json.name
    elif dirs is not None:
        files = (dirs.plans / f"{entry.id}.yaml", dirs.overrides / f"{entry.id}.yaml")
        data = digest(*(hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "" for path in files))
    else:
        data = digest(_dump(entry.full_plan()))
    return digest(data, found)


def _facets(entry: PlanEntry) -> dict[str, str]:
    """The digests of what other pages read of a plan (see :mod:`generator.site.build`'s facets)."""
    plan = entry.plan
    labels = "\n".join(f"{anchor.id}\t{anchor.label}\t{anchor.order}" for anchor in entry.anchors.values())
    districts = "\n".join(row.district.id if row.district else "" for row in entry.target_rows)
    return {
        LEAN: digest(labels, districts, _dump(plan, exclude={"source"})),  # its file is site-wide
        TARGETS: digest(labels, districts, _dump(plan, include={"targets"})),
        CITATIONS: digest(labels, _dump(plan, include={"documents", "citations"})),
        ROLES: digest(_dump(plan, include={
            "agencies": True,
            "assignments": {"__all__": {"agency", "request", "clause_id"}},
            "deadlines": {"__all__": {"kind", "reporters", "recipient", "frequency"}},
        })),
    }


def _site(corpus: Corpus, settings: str, schema: Path | None) -> str:
    """What any page may show besides the facets its group reads: every plan's metadata, source
    file's name, place and status; the corpus's agencies, documents, indicators, localities and problems; the
    registries and code (:func:`generator.extract.code_fingerprint`) and the build's settings."""
    hasher = hashlib.sha256()

    def feed(*parts: object) -> None:
        hasher.update(("\0".join(map(str, parts)) + "\n").encode())

    feed(settings, extract.code_fingerprint(), corpus.as_of,
         hashlib.sha256(schema.read_bytes()).hexdigest() if schema is not None else "")
    for plan_id, entry in corpus.plans.items():
        feed(plan_id, _dump(entry.plan.metadata), entry.plan.source.file, _dump(entry.status),
             entry.locality.id if entry.locality else "", entry.source_uri, entry.stored is None, entry.stored_json is None)
    for agency_id, record in corpus.agencies.items():
        feed(agency_id, _dump(record.agency))
    feed(_dump(corpus.agency_types))
    for document_id, record in corpus.documents.items():
        feed(document_id, _dump(record.document), [document.id for document in record.approves],
             record.plan.id if record.plan else "")
    feed(_dump(corpus.document_ids), _dump(corpus.plan_documents))
    for indicator_id, indicator in corpus.indicators.items():
        feed(indicator_id, _dump(indicator))
    for locality_id, record in corpus.localities.items():
        district_plans = [row.entry.id for rows in record.district_targets.values() for row in rows]
        feed(locality_id, record.districts, record.agencies, district_plans)
    feed(corpus.problems)
    return hasher.hexdigest()[:32]
