"""Stage 5, store: plans <-> YAML files, overrides, the JSON Schema.

Guarantees:

* :func:`dump_plan` is deterministic: keys in model order, no timestamps,
  Unicode kept as is, so the same Plan always gives the same bytes.
  :func:`dump_json` refuses a number JSON cannot carry (never ``Infinity``).
* :func:`write_atomically` never leaves a truncated file: it writes a
  temporary file beside the target (named with the writing process's id) and
  renames it over the target. :func:`remove_stale_temporaries` removes the
  temporary files of processes that no longer run (a killed run).
* Overrides in ``data/overrides/<plan-id>.yaml`` are merged over the
  generated data at load time only (mappings merge key by key, anything else
  replaces); extraction never writes there. An override cannot change the
  plan's id (a plan's id is the name of its file) nor its ``source`` (the
  provenance extraction recorded).
* Every YAML file is read through :mod:`generator.safeyaml` (limits on size,
  depth, aliases and numbers); every loaded plan is validated by the models
  and :mod:`generator.validate`, the same rules extraction applies.
* Every load error is a :class:`PlanError` naming the file (and line for YAML
  syntax errors), including a file that cannot be read (a folder, no
  permission); write errors are ``OSError`` for the caller to report with
  :func:`generator.errors.machine_fault`.
* The parsed cache is only a cache: an entry that does not parse is
  discarded and rebuilt, and one that cannot be written is skipped.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from generator import safeyaml
from generator.errors import PlanError, machine_fault
from generator.models import Plan
from generator.validate import describe, validate

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_ENVIRONMENT = "GENERATOR_DATA"
"""Environment variable naming the data folder (default: the project's ``data/``),
read by the command line and the site build alike."""


def default_data_dir() -> Path:
    """The folder ``GENERATOR_DATA`` names, else the project's ``data/``."""
    return Path(os.environ.get(DATA_ENVIRONMENT) or DATA_DIR)


@dataclass(frozen=True)
class DataDirs:
    """The folders of one data tree (the real one, or a test's copy)."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def plans(self) -> Path:
        return self.root / "plans"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def schema(self) -> Path:
        return self.root / "schema" / "plan.schema.json"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when present
    """Block style; multi-line strings as literal blocks; no aliases."""

    def ignore_aliases(self, data):
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def dump_json(data) -> str:
    """The one JSON form of plan data: the parsed cache and the site's JSON download.

    A float that is not finite is a ValueError, never ``Infinity``/``NaN``
    (extraction and loading refuse such numbers before they get here).
    """
    return json.dumps(data, ensure_ascii=False, allow_nan=False)


def dump_plan(plan: Plan) -> str:
    return dump_yaml(plan.model_dump(mode="json"))


_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)\.[^.]+\.tmp$")


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one rename; unchanged files are not touched.

    Raises OSError (disk full, read-only, permission, a file where a folder
    is expected); the target is then unchanged and no temporary file is left.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files :func:`write_atomically` left in ``folder``
    when its process was killed; those of running processes are kept."""
    removed = []
    try:
        candidates = sorted(folder.glob(".*.tmp"))
    except OSError:
        return removed
    for candidate in candidates:
        match = _TEMPORARY.match(candidate.name)
        if match and _running(int(match["pid"])):
            continue
        try:
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def write_schema(dirs: DataDirs) -> None:
    """Write the JSON Schema of a plan file; OSError when the disk refuses."""
    schema = Plan.model_json_schema()
    write_atomically(dirs.schema, json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def read_yaml(path: Path, limits: safeyaml.Limits = safeyaml.CURATED):
    """Parse a YAML file within ``limits``; any problem is a PlanError with file (and line)."""
    try:
        if path.stat().st_size > limits.max_bytes:
            raise PlanError(str(path), f"tệp YAML lớn quá giới hạn {limits.max_bytes:,} byte".replace(",", "."))
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise PlanError(str(path), "tệp không phải UTF-8") from None
    except OSError as exc:
        raise machine_fault(path, exc, "không đọc được") from None
    return safeyaml.parse(text, str(path), limits)


def merge(base, override):
    """Deep-merge ``override`` into ``base``: mappings key by key, the rest replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return override


def _parsed_path(dirs: DataDirs, yaml_bytes: bytes) -> Path:
    return dirs.cache / "parsed" / f"{hashlib.sha256(yaml_bytes).hexdigest()[:32]}.json"


def remember_parsed(dirs: DataDirs, yaml_text: str, json_text: str) -> Path:
    """Record that ``yaml_text`` parses to ``json_text`` (written by extraction), in the file it
    returns; OSError if it cannot."""
    path = _parsed_path(dirs, yaml_text.encode("utf-8"))
    write_atomically(path, json_text)
    return path


def parsed_file(path: Path, dirs: DataDirs) -> Path | None:
    """The parsed-cache file (JSON) of a generated plan file, if it has been written."""
    cached = _parsed_path(dirs, path.read_bytes())
    return cached if cached.is_file() else None


def _refuse_constant(name: str):
    raise ValueError(f"JSON constant {name} is not plan data")


def read_json_entry(path: Path):
    """A cache entry's JSON object, or None when it is missing or does not parse
    (truncated, corrupt, not an object): such an entry is removed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        return data
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
    return None


def read_plan_data(path: Path, dirs: DataDirs):
    """The parsed content of a generated plan file.

    Parsing YAML costs ten times more than JSON even with libyaml, and the site
    reads every plan on every build, so the parsed form is kept in
    ``data/.cache/parsed/``, keyed by the SHA-256 of the YAML bytes: a changed
    file can never be read from a stale entry. A corrupt entry is discarded
    and rebuilt; an entry that cannot be written (full disk, read-only cache)
    is skipped.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise machine_fault(path, exc, "không đọc được") from None
    cached = _parsed_path(dirs, raw)
    data = read_json_entry(cached)
    if data is not None:
        return data
    data = read_yaml(path, safeyaml.GENERATED)
    try:
        write_atomically(cached, dump_json(data))
    except (OSError, ValueError, TypeError):
        pass
    return data


def load_plan(path: Path, dirs: DataDirs) -> Plan:
    """Read one generated plan, merge its override file if any, and validate the result."""
    data = read_plan_data(path, dirs)
    override_path = dirs.overrides / path.name
    where = str(path)
    if override_path.exists() or override_path.is_symlink():
        override = read_yaml(override_path)
        if not isinstance(override, dict):
            raise PlanError(str(override_path), "tệp sửa tay phải là một mapping YAML (khóa: giá trị)", 1)
        if "source" in override and isinstance(data, dict) and merge(data.get("source"), override["source"]) != data.get("source"):
            raise PlanError(str(override_path), "tệp sửa tay không được đổi nguồn (source) của kế hoạch: nguồn do trích xuất ghi")
        data = merge(data, override)
        where = str(override_path)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(where, describe(exc)) from None
    except RecursionError:
        raise PlanError(where, "dữ liệu lồng quá sâu") from None
    if plan.id != path.stem:
        if where == str(override_path):
            reason = f"tệp sửa tay không được đổi mã kế hoạch (id): '{plan.id}' thay cho '{path.stem}'"
        else:
            reason = f"mã kế hoạch '{plan.id}' khác tên tệp '{path.name}'"
        raise PlanError(where, reason)
    validate(plan, where)
    return plan


def override_errors(dirs: DataDirs, plan_ids: list[str]) -> list[str]:
    """Error lines for the override files of ``plan_ids`` that do not load."""
    errors = []
    for plan_id in plan_ids:
        path = dirs.overrides / f"{plan_id}.yaml"
        if path.exists() or path.is_symlink():
            try:
                load_plan(dirs.plans / f"{plan_id}.yaml", dirs)
            except PlanError as exc:
                errors.append(str(exc))
    return errors


def plan_files(dirs: DataDirs) -> list[Path]:
    """The plan files of ``data/plans/``, sorted; PlanError when the folder cannot be listed."""
    try:
        return sorted(path for path in dirs.plans.glob("*.yaml"))
    except OSError as exc:
        raise machine_fault(dirs.plans, exc, "không đọc được thư mục") from None


def load_plans(dirs: DataDirs | None = None) -> list[Plan]:
    """Every plan of ``data/plans/`` with overrides merged, sorted by id."""
    dirs = dirs or DataDirs(DATA_DIR)
    plans = [load_plan(path, dirs) for path in plan_files(dirs)]
    return sorted(plans, key=lambda plan: plan.id)


def make_read_only(value, shared: dict[frozenset[str], frozenset[str]]) -> None:
    """Make ``value`` (a plan, or any model) take less memory, for a reader that holds thousands
    (the site): every model's record of the fields it was given (pydantic keeps a set per model,
    over a third of a loaded plan's memory) becomes the one frozen copy in ``shared`` of that set.
    Data, comparisons and dumps are unchanged; setting a field then raises AttributeError."""
    if isinstance(value, BaseModel):
        fields = frozenset(value.__pydantic_fields_set__)
        object.__setattr__(value, "__pydantic_fields_set__", shared.setdefault(fields, fields))
        for item in value.__dict__.values():
            make_read_only(item, shared)
    elif isinstance(value, list):
        for item in value:
            make_read_only(item, shared)


def plan_sources(dirs: DataDirs, known: dict[str, tuple[int, int, str]] | None = None) -> dict[str, str]:
    """Plan id -> ``source.file`` of every generated plan file that records one.

    Read from the head of each file (extraction writes ``source`` before the
    long parts), falling back to the whole file; a file that does not load is
    left out (it owns no source). ``known`` (plan id -> size, time in ns and
    source of the file extraction wrote) spares reading a file that still has
    that size and time.
    """
    owners = {}
    known = known or {}
    for path in plan_files(dirs):
        hint = known.get(path.stem)
        if hint is not None:
            try:
                status = path.stat()
            except OSError:
                continue
            if (status.st_size, status.st_mtime_ns) == hint[:2]:
                owners[path.stem] = hint[2]
                continue
        source = _recorded_source(path, dirs)
        if isinstance(source, str):
            owners[path.stem] = source
    return owners


def _recorded_source(path: Path, dirs: DataDirs) -> str | None:
    try:
        with path.open("rb") as stream:
            head = stream.read(16384).decode("utf-8", "ignore")
        cut = re.search(r"^metadata:", head, re.MULTILINE)
        data = safeyaml.parse(head[: cut.start()], str(path)) if cut else None
        if not isinstance(data, dict):
            data = read_plan_data(path, dirs)
        source = data.get("source") if isinstance(data, dict) else None
        return source.get("file") if isinstance(source, dict) else None
    except (OSError, PlanError):
        return None
