"""Extraction of many sources: cache, worker processes, plan identity, atomic writes.

Guarantees:

* A source is named by its file name inside ``data/sources/``, however the
  command was called (``data/sources/x.txt``, an absolute path, a path
  through ``..``); that name is ``source.file`` in its plan. A file outside
  that folder, or whose name cannot be a source name
  (:func:`generator.ids.source_name_problem`), is one error.
* A source whose name, bytes, generator code and registries are unchanged
  since the last run is not parsed again: its YAML comes from
  ``data/.cache/extract/`` (keyed by the SHA-256 of name and bytes and a
  fingerprint of the code and registries). A cache entry that does not parse
  is discarded and the source extracted again. When, besides, its plan file
  still has the size and time the run that wrote it recorded
  (:data:`WRITTEN`) and its parsed cache is there, neither the entry nor the
  plan file is read: a run with nothing to do reads only the sources.
* Every source is parsed in a worker process (:mod:`generator.workers`),
  several at once for many files; results are gathered in input order, so
  the output is the same bytes whatever the number of workers.
* One bad file never stops the others: bad input is its own ``PlanError``
  line; any unexpected exception is one line ``<file>: lỗi nội bộ ở bước
  <stage>: <type>: <message>`` with the traceback kept in
  :attr:`Outcome.detail`; a source that takes longer than the time limit
  (plus the external tool's limit for a .doc or .pdf), or whose worker dies,
  is one line too. Every other plan is extracted and written.
* A source is read in any format of :data:`generator.importers.FORMATS`
  (.txt, .docx, .doc, .pdf, .html); slow conversions are cached in
  ``data/.cache/convert/`` by the bytes' SHA-256.
* Identity is owned: a plan's id comes from its metadata, or from its source
  file name when the metadata names no locality and no issuer. Two sources of
  one run that yield the same id are both reported and neither is written;
  a source whose id is the id of a plan file recorded for another source
  that is still in ``data/sources/`` is reported and nothing is overwritten.
  A source has one plan file: when its id changes, its previous file is
  removed once the new one is written.
* What a run holds in memory does not grow with the plans' texts: until
  every id of the run is known, a plan's YAML and JSON wait in an unnamed
  temporary file in ``data/.cache/`` (:class:`Spool`; in memory only where
  the disk refuses that file); of each source the run keeps its name, id and
  messages.
* A failing source never touches any file of ``data/plans/``. A fault of the
  machine (disk full, read-only folder, permission) is a line with the path
  and the reason, never a traceback; temporary files left by killed runs are
  removed at the start of a run.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from generator import GENERATOR_VERSION, ids, localities, workers
from generator.errors import PlanError, StageFailure, machine_fault, os_reason
from generator.importers import FORMATS, source_format
from generator.importers.tools import tool_timeout
from generator.pipeline import extract_plan
from generator.registry import REGISTRY_DIR
from generator.store import (
    DataDirs,
    dump_json,
    dump_yaml,
    plan_sources,
    read_json_entry,
    remember_parsed,
    remove_stale_temporaries,
    write_atomically,
    write_schema,
)
from generator.validate import describe, validate

SOURCE_SUFFIXES = set(FORMATS)
WRITTEN = "written.json"
"""File of ``data/.cache/extract/``: for each source, [cache key, plan id, size and time in ns of
the plan file, name of the parsed cache file] of what the last run that extracted it wrote."""
T = TypeVar("T")
_PARSED_NAME = re.compile(r"[0-9a-f]{32}\.json")
PARALLEL_FROM = 8  # below this many uncached files one worker is enough
TIME_LIMIT = 60.0
"""Default seconds one source may take (``--time-limit``, ``GENERATOR_TIME_LIMIT``)."""
TIME_LIMIT_ENVIRONMENT = "GENERATOR_TIME_LIMIT"


@dataclass(frozen=True)
class Outcome:
    file: str
    plan_id: str | None = None
    yaml: str | None = None  # the plan's texts, from a worker or the cache, until spooled
    json: str | None = None  # the same data as JSON, for the loader's parsed cache
    error: str | None = None
    cached: bool = False
    detail: str | None = None  # the traceback of an internal error, for the log
    written: bool = False  # its plan file and parsed cache are what an earlier run wrote from the same key


@dataclass
class Run:
    """What one extraction did: an outcome per path, in input order (without
    the plans' texts), and the machine faults that concern no single plan
    (cache, schema)."""

    outcomes: list[Outcome]
    faults: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # stale temporaries and superseded plan files

    def __iter__(self):
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)


@functools.cache
def code_fingerprint() -> str:
    """Hash of the generator's code, registries and map data: any change invalidates the cache."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    digest.update(localities.DIVISIONS_SOURCE.encode())  # today's map comes from a package
    package = Path(__file__).resolve().parent
    code = [*package.glob("*.py"), *(package / "importers").glob("*.py")]
    for path in sorted([*code, *REGISTRY_DIR.glob("*.yaml"), *REGISTRY_DIR.glob("*.json")]):
        digest.update(path.relative_to(package.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def list_sources(dirs: DataDirs) -> list[Path]:
    return sorted(p for p in dirs.sources.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file())


def source_name(path: Path, sources: Path) -> str:
    """The name of ``path`` inside ``sources``; PlanError when it is not a
    usable source file there."""
    absolute = Path(os.path.abspath(path))
    try:
        inside = absolute.parent == Path(os.path.abspath(sources)) or os.path.samefile(absolute.parent, sources)
    except OSError:
        inside = False
    if not inside:
        raise PlanError(str(path), f"tệp nguồn phải nằm trong {sources}: hãy chép tệp vào đó rồi chạy lại")
    reason = ids.source_name_problem(absolute.name)
    if reason:
        raise PlanError(ascii(absolute.name)[1:-1], reason)
    return absolute.name


def time_limit_from_environment() -> float:
    """``GENERATOR_TIME_LIMIT`` seconds, else :data:`TIME_LIMIT`; 0 means no limit."""
    value = os.environ.get(TIME_LIMIT_ENVIRONMENT, "").strip()
    if not value:
        return TIME_LIMIT
    try:
        seconds = float(value)
    except ValueError:
        raise PlanError(TIME_LIMIT_ENVIRONMENT, f"phải là số giây, không phải {value!r}") from None
    if seconds < 0 or seconds != seconds:
        raise PlanError(TIME_LIMIT_ENVIRONMENT, f"phải là số giây không âm, không phải {value!r}")
    return seconds


def extract_one(path: Path, name: str, cache: Path | None = None) -> Outcome:
    """Parse one source; every failure becomes an Outcome with an error line.

    Runs in a worker process: it never raises, and its result pickles.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(name, error=str(machine_fault(name, exc, "không đọc được tệp")))
    try:
        plan = extract_plan(data, name, cache)
        if not (plan.metadata.locality or plan.metadata.issuer):
            plan = plan.model_copy(update={"id": ids.plan_id_from_source(name)})
        plain = plan.model_dump(mode="json")
        validate(plan, name, plain)
        return Outcome(name, plan_id=plan.id, yaml=dump_yaml(plain), json=dump_json(plain))
    except PlanError as exc:
        return Outcome(name, error=str(exc))
    except ValidationError as exc:
        return Outcome(name, error=str(PlanError(name, describe(exc))))
    except StageFailure as exc:
        if isinstance(exc.error, ValidationError):  # a stage built an invalid part (an unsafe id)
            return Outcome(name, error=str(PlanError(name, f"{describe(exc.error)}, ở bước {exc.stage}")))
        return _internal(name, exc)
    except Exception as exc:  # noqa: BLE001 - a bug outside the stages must not stop other plans either
        return _internal(name, exc, StageFailure("store", exc))


def _internal(name: str, exc: BaseException, failure: StageFailure | None = None) -> Outcome:
    message = " ".join(str(failure or exc).split())
    if len(message) > 500:
        message = message[:500] + " …"
    detail = "".join(traceback.format_exception(exc))
    return Outcome(name, error=str(PlanError(name, message)), detail=detail)


def task_time_limit(limit: float | None) -> Callable[[tuple], float | None]:
    """Seconds one task ``(path, name, cache)`` may take: ``limit`` for extraction, plus the
    external tool's own limit for a file that may need one: LibreOffice for a .doc
    (:func:`generator.importers.tools.tool_timeout`), OCR of the longest scan read for a .pdf
    (:func:`generator.importers.ocr.time_limit`), so a slow conversion is stopped by its own
    limit, with its own message, before the worker is killed."""
    def seconds(task: tuple) -> float | None:
        if not limit:
            return None
        format = source_format(task[1])
        if format == "pdf":
            from generator.importers.ocr import time_limit  # noqa: PLC0415 - PDF libraries only when needed

            return limit + time_limit()
        return limit + (tool_timeout() if format == "doc" else 0.0)
    return seconds


def _timed_out(limit_of: Callable[[tuple], float | None]) -> Callable[[tuple], Outcome]:
    def outcome(task: tuple) -> Outcome:
        limit = limit_of(task) or 0
        reason = (f"quá thời gian: chưa xong sau {limit:g} giây, đã dừng "
                  f"(đổi giới hạn bằng --time-limit hoặc {TIME_LIMIT_ENVIRONMENT})")
        return Outcome(task[1], error=str(PlanError(task[1], reason)))
    return outcome


def _died(task: tuple, exitcode: int | None) -> Outcome:
    reason = f"lỗi nội bộ: tiến trình trích xuất dừng đột ngột (mã thoát {exitcode})"
    return Outcome(task[1], error=str(PlanError(task[1], reason)))


def run(
    paths: Iterable[Path],
    dirs: DataDirs,
    jobs: int | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
    parallel_from: int = PARALLEL_FROM,
    time_limit: float | None = TIME_LIMIT,
) -> Run:
    """Extract ``paths`` and write the plans that succeeded; one Outcome per path."""
    paths = list(paths)
    report = Run([])
    for folder in (dirs.plans, dirs.cache / "extract", dirs.cache / "parsed", dirs.schema.parent):
        report.removed += remove_stale_temporaries(folder)
    fingerprint = code_fingerprint()
    named: list[tuple[Path, str] | Outcome] = []
    for path in paths:
        try:
            named.append((path, source_name(path, dirs.sources)))
        except PlanError as exc:
            named.append(Outcome(exc.file, error=str(exc)))
    keys = [_cache_key(item[0], item[1], fingerprint) if isinstance(item, tuple) else None for item in named]
    written = _read_written(dirs)
    with Spool(dirs.cache) as spool:
        outcomes: list[Outcome | None] = [None] * len(named)
        for index, (item, key) in enumerate(zip(named, keys)):
            if isinstance(item, Outcome):
                outcome = item
            else:
                outcome = _unchanged(dirs, written, key, item[1]) or _from_cache(dirs, key, item[1])
            if outcome is not None:
                outcomes[index] = spool.keep(index, outcome)
        todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
        done = len(paths) - len(todo)

        def finished(position: int, outcome: Outcome) -> None:
            nonlocal done
            outcomes[todo[position]] = spool.keep(todo[position], outcome)
            done += 1
            if progress:
                progress(done, len(paths), outcome)

        count = (jobs or os.cpu_count() or 1) if len(todo) >= parallel_from else 1
        limit = task_time_limit(time_limit)
        workers.run_tasks(
            extract_one, [(*named[i], dirs.cache) for i in todo], count, limit, _timed_out(limit), _died, finished
        )
        outcomes = _reject_duplicate_ids(outcomes)
        known = {entry[1]: (entry[2], entry[3], name) for name, entry in written.items() if _entry_problem(entry) is None}
        owners = plan_sources(dirs, known) if any(outcome.error is None for outcome in outcomes) else {}
        outcomes = _reject_taken_ids(outcomes, dirs, owners)
        recorded = _plans_by_source(owners)
        for index, (key, outcome) in enumerate(zip(keys, outcomes)):
            if outcome.error is not None:
                continue
            if outcome.written:
                report.removed += _remove_superseded(dirs, owners, recorded, outcome)
                continue
            target = dirs.plans / f"{outcome.plan_id}.yaml"
            try:
                yaml_text, json_text = spool.texts(index)
                write_atomically(target, yaml_text)
            except OSError as exc:
                reason = f"không ghi được {target}: {os_reason(exc)}"
                outcomes[index] = Outcome(outcome.file, error=str(PlanError(outcome.file, reason)))
                continue
            parsed = _note(report, dirs.cache / "parsed", lambda: remember_parsed(dirs, yaml_text, json_text))
            if not outcome.cached and key:
                _note(report, dirs.cache / "extract",
                      lambda: _to_cache(dirs, key, outcome.plan_id, yaml_text, json_text))
            if key and parsed is not None:
                entry = _note(report, target, lambda: _written_entry(key, outcome.plan_id, target, parsed))
                if entry is not None:
                    written[outcome.file] = entry
            report.removed += _remove_superseded(dirs, owners, recorded, outcome)
    _note(report, dirs.schema, lambda: write_schema(dirs))
    kept = {name: entry for name, entry in sorted(written.items()) if (dirs.sources / name).is_file()}
    _note(report, dirs.cache / "extract", lambda: write_atomically(dirs.cache / "extract" / WRITTEN, dump_json(kept)))
    report.outcomes = outcomes
    return report


def _note(report: Run, where: Path, write: Callable[[], T]) -> T | None:
    """Run one write that concerns no single plan and return what it returns; a machine fault
    becomes one line per place, and None."""
    try:
        return write()
    except OSError as exc:
        line = str(machine_fault(where, exc))
        if line not in report.faults:
            report.faults.append(line)
        return None


def _read_written(dirs: DataDirs) -> dict:
    """The :data:`WRITTEN` record: source name -> what the last run that extracted it wrote."""
    return read_json_entry(dirs.cache / "extract" / WRITTEN) or {}


def _written_entry(key: str, plan_id: str, target: Path, parsed: Path) -> list:
    status = target.stat()
    return [key, plan_id, status.st_size, status.st_mtime_ns, parsed.name]


def _entry_problem(entry: object) -> str | None:
    """Why a :data:`WRITTEN` entry cannot be trusted; None when it can."""
    if not (isinstance(entry, list) and len(entry) == 5 and all(isinstance(entry[i], str) for i in (0, 1, 4))
            and all(isinstance(entry[i], int) for i in (2, 3)) and _PARSED_NAME.fullmatch(entry[4])):
        return "not an entry"
    return ids.problem(ids.PLAN, entry[1])  # never a path from a tampered entry


def _unchanged(dirs: DataDirs, written: dict, key: str | None, name: str) -> Outcome | None:
    """The outcome of source ``name`` when the plan file and parsed cache that an earlier run wrote
    from the same key are still there, with the size and time they were written with; else None."""
    entry = written.get(name)
    if key is None or _entry_problem(entry) is not None or entry[0] != key:
        return None
    try:
        status = (dirs.plans / f"{entry[1]}.yaml").stat()
    except OSError:
        return None
    if [status.st_size, status.st_mtime_ns] != entry[2:4] or not (dirs.cache / "parsed" / entry[4]).is_file():
        return None
    return Outcome(name, plan_id=entry[1], cached=True, written=True)


def _cache_key(path: Path, name: str, fingerprint: str) -> str | None:
    try:
        digest = hashlib.sha256(name.encode("utf-8") + b"\0" + path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:32] + "-" + fingerprint


def _from_cache(dirs: DataDirs, key: str | None, name: str) -> Outcome | None:
    if key is None:
        return None
    cached = read_json_entry(dirs.cache / "extract" / f"{key}.json")
    if cached is None or not all(isinstance(cached.get(k), str) for k in ("id", "yaml", "json")):
        return None
    if ids.problem(ids.PLAN, cached["id"]):  # never a path from a tampered entry
        return None
    return Outcome(name, plan_id=cached["id"], yaml=cached["yaml"], json=cached["json"], cached=True)


def _to_cache(dirs: DataDirs, key: str, plan_id: str, yaml_text: str, json_text: str) -> None:
    record = {"id": plan_id, "yaml": yaml_text, "json": json_text}
    write_atomically(dirs.cache / "extract" / f"{key}.json", dump_json(record))


class Spool:
    """The YAML and JSON texts of a run's plans until every id is known, in an
    unnamed temporary file in ``folder`` rather than in memory.

    Where the disk refuses that file (a read-only or full cache), the texts
    are held in memory instead: the spool costs a plan memory, never its output.
    """

    def __init__(self, folder: Path):
        self._folder = folder
        self._file = None
        self._places: dict[int, tuple[int, int, int]] = {}  # index -> offset, YAML bytes, JSON bytes
        self._held: dict[int, tuple[str, str]] = {}

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._file is not None:
            self._file.close()

    def keep(self, index: int, outcome: Outcome) -> Outcome:
        """``outcome`` without its texts, which wait here under ``index``."""
        if outcome.error is not None or outcome.written:
            return outcome
        try:
            self._places[index] = self._append(outcome.yaml, outcome.json)
        except OSError:
            self._held[index] = (outcome.yaml, outcome.json)
        return replace(outcome, yaml=None, json=None)

    def texts(self, index: int) -> tuple[str, str]:
        """The YAML and JSON kept under ``index``; OSError when the disk cannot give them back."""
        if index in self._held:
            return self._held[index]
        offset, yaml_size, json_size = self._places[index]
        self._file.seek(offset)
        data = self._file.read(yaml_size + json_size)
        return data[:yaml_size].decode("utf-8"), data[yaml_size:].decode("utf-8")

    def _append(self, yaml_text: str, json_text: str) -> tuple[int, int, int]:
        if self._file is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            self._file = tempfile.TemporaryFile(dir=self._folder)
        yaml_data, json_data = yaml_text.encode("utf-8"), json_text.encode("utf-8")
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(yaml_data + json_data)
        self._file.flush()  # a write the disk refuses fails here, for this plan, not for a later one
        return offset, len(yaml_data), len(json_data)


def _reject_duplicate_ids(outcomes: list[Outcome]) -> list[Outcome]:
    files_by_id: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.error is None:
            files_by_id.setdefault(outcome.plan_id, []).append(outcome.file)
    result = []
    for outcome in outcomes:
        files = files_by_id.get(outcome.plan_id, []) if outcome.error is None else []
        if len(files) > 1:
            others = ", ".join(f for f in files if f != outcome.file)
            reason = f"mã kế hoạch '{outcome.plan_id}' trùng với tệp {others}; không ghi tệp nào"
            outcome = Outcome(outcome.file, error=str(PlanError(outcome.file, reason)))
        result.append(outcome)
    return result


def _reject_taken_ids(outcomes: list[Outcome], dirs: DataDirs, owners: dict[str, str]) -> list[Outcome]:
    """Refuse an id whose plan file belongs to another source still in ``data/sources/``
    (``owners``: plan id -> recorded source file).

    The other source gives its id up only when it is extracted in the same
    run under another id.
    """
    new_ids = {o.file: o.plan_id for o in outcomes if o.error is None}
    result = []
    for outcome in outcomes:
        owner = owners.get(outcome.plan_id) if outcome.error is None else None
        if owner is not None and owner != outcome.file and new_ids.get(owner) != outcome.plan_id:
            released = owner in new_ids
            if not released and (dirs.sources / owner).is_file():
                reason = (f"mã kế hoạch '{outcome.plan_id}' đã thuộc về tệp nguồn {owner} "
                          f"({dirs.plans / (outcome.plan_id + '.yaml')}); không ghi đè")
                outcome = Outcome(outcome.file, error=str(PlanError(outcome.file, reason)))
        result.append(outcome)
    return result


def _plans_by_source(owners: dict[str, str]) -> dict[str, set[str]]:
    """``owners`` (plan id -> source file) turned round: source file -> the plan ids recorded for it."""
    recorded: dict[str, set[str]] = {}
    for plan_id, source in owners.items():
        recorded.setdefault(source, set()).add(plan_id)
    return recorded


def _remove_superseded(dirs: DataDirs, owners: dict[str, str], recorded: dict[str, set[str]],
                       outcome: Outcome) -> list[Path]:
    """Remove the plan files an earlier run wrote for this source under other ids, and record this
    one (``owners``: plan id -> source file, ``recorded``: the same turned round, both kept up to
    date), in time that does not grow with the corpus."""
    removed = []
    plan_ids = recorded.setdefault(outcome.file, set())
    for plan_id in sorted(plan_ids - {outcome.plan_id}):
        path = dirs.plans / f"{plan_id}.yaml"
        try:
            path.unlink()
        except OSError:
            continue
        plan_ids.discard(plan_id)
        del owners[plan_id]
        removed.append(path)
    previous = owners.get(outcome.plan_id)
    if previous is not None and previous != outcome.file:
        recorded[previous].discard(outcome.plan_id)
    owners[outcome.plan_id] = outcome.file
    plan_ids.add(outcome.plan_id)
    return removed
