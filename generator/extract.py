"""Extraction of many sources: cache, process pool, duplicate ids, atomic writes.

Guarantees:

* A source whose bytes, generator code and registries are unchanged since
  the last run is not parsed again: its YAML comes from ``data/.cache/``
  (keyed by the SHA-256 of the source and a fingerprint of the code and
  registries).
* Many files are parsed in a process pool; results are gathered in input
  order, so the output is the same bytes as a serial run.
* A failing source never touches any file of ``data/plans/``; two sources
  that yield the same plan id are both reported and neither is written.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator import GENERATOR_VERSION
from generator.errors import PlanError
from generator.pipeline import extract_plan
from generator.registry import REGISTRY_DIR
from generator.store import DataDirs, dump_json, dump_plan, remember_parsed, write_atomically, write_schema

SOURCE_SUFFIXES = {".txt"}
PARALLEL_FROM = 8  # below this many uncached files a pool costs more than it saves


@dataclass(frozen=True)
class Outcome:
    file: str
    plan_id: str | None = None
    yaml: str | None = None
    json: str | None = None  # the same data as JSON, for the loader's parsed cache
    error: str | None = None
    cached: bool = False


@functools.cache
def code_fingerprint() -> str:
    """Hash of the generator's code and registries: any change invalidates the cache."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    package = Path(__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *REGISTRY_DIR.glob("*.yaml")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def list_sources(dirs: DataDirs) -> list[Path]:
    return sorted(p for p in dirs.sources.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file())


def extract_one(path: Path, sources_dir: Path) -> Outcome:
    """Parse one source; every expected failure becomes an Outcome with an error line."""
    name = path.name if path.parent == sources_dir else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Outcome(name, error=str(PlanError(name, f"không đọc được tệp: {exc.strerror}")))
    try:
        plan = extract_plan(data, name)
    except PlanError as exc:
        return Outcome(name, error=str(exc))
    return Outcome(name, plan_id=plan.id, yaml=dump_plan(plan), json=dump_json(plan.model_dump(mode="json")))


def run(
    paths: Iterable[Path],
    dirs: DataDirs,
    jobs: int | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> list[Outcome]:
    """Extract ``paths`` and write the plans that succeeded; return one Outcome per path."""
    paths = list(paths)
    fingerprint = code_fingerprint()
    keys = [_cache_key(path, fingerprint) for path in paths]
    outcomes: list[Outcome | None] = [_from_cache(dirs, key, path, dirs.sources) for key, path in zip(keys, paths)]
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    jobs = jobs or os.cpu_count() or 1
    done = len(paths) - len(todo)
    if len(todo) >= parallel_from and jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(extract_one, [paths[i] for i in todo], [dirs.sources] * len(todo), chunksize=4)
            for index, outcome in zip(todo, results):
                outcomes[index] = outcome
                done += 1
                if progress:
                    progress(done, len(paths), outcome)
    else:
        for index in todo:
            outcomes[index] = extract_one(paths[index], dirs.sources)
            done += 1
            if progress:
                progress(done, len(paths), outcomes[index])
    outcomes = _reject_duplicate_ids(outcomes)
    for key, outcome in zip(keys, outcomes):
        if outcome.error is None:
            write_atomically(dirs.plans / f"{outcome.plan_id}.yaml", outcome.yaml)
            remember_parsed(dirs, outcome.yaml, outcome.json)
            if not outcome.cached and key:
                _to_cache(dirs, key, outcome)
    write_schema(dirs)
    return outcomes


def _cache_key(path: Path, fingerprint: str) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:32] + "-" + fingerprint
    except OSError:
        return None


def _from_cache(dirs: DataDirs, key: str | None, path: Path, sources_dir: Path) -> Outcome | None:
    if key is None:
        return None
    entry = dirs.cache / "extract" / f"{key}.json"
    if not entry.exists():
        return None
    cached = json.loads(entry.read_text(encoding="utf-8"))
    name = path.name if path.parent == sources_dir else str(path)
    return Outcome(name, plan_id=cached["id"], yaml=cached["yaml"], json=cached["json"], cached=True)


def _to_cache(dirs: DataDirs, key: str, outcome: Outcome) -> None:
    entry = dirs.cache / "extract" / f"{key}.json"
    record = {"id": outcome.plan_id, "yaml": outcome.yaml, "json": outcome.json}
    write_atomically(entry, json.dumps(record, ensure_ascii=False))


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
