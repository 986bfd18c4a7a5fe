"""Stage 5, store: plans <-> YAML files, overrides, the JSON Schema.

Guarantees:

* :func:`dump_plan` is deterministic: keys in model order, no timestamps,
  Unicode kept as is, so the same Plan always gives the same bytes.
* :func:`write_atomically` never leaves a truncated file: it writes a
  temporary file beside the target and renames it over the target.
* Overrides in ``data/overrides/<plan-id>.yaml`` are merged over the
  generated data at load time only (mappings merge key by key, anything else
  replaces); extraction never writes there.
* Every load error is a :class:`PlanError` naming the file (and line for YAML
  syntax errors).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from generator.errors import PlanError
from generator.models import Plan

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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
    """The one JSON form of plan data: the parsed cache and the site's JSON download."""
    return json.dumps(data, ensure_ascii=False)


def dump_plan(plan: Plan) -> str:
    return dump_yaml(plan.model_dump(mode="json"))


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one rename; unchanged files are not touched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_schema(dirs: DataDirs) -> None:
    schema = Plan.model_json_schema()
    write_atomically(dirs.schema, json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster when present


def read_yaml(path: Path):
    """Parse a YAML file; a syntax error is a PlanError with file and line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PlanError(str(path), f"YAML không hợp lệ: {exc.problem}", mark.line + 1 if mark else None) from None
    except UnicodeDecodeError:
        raise PlanError(str(path), "tệp không phải UTF-8") from None


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


def remember_parsed(dirs: DataDirs, yaml_text: str, json_text: str) -> None:
    """Record that ``yaml_text`` parses to ``json_text`` (written by extraction)."""
    write_atomically(_parsed_path(dirs, yaml_text.encode("utf-8")), json_text)


def parsed_file(path: Path, dirs: DataDirs) -> Path | None:
    """The parsed-cache file (JSON) of a generated plan file, if it has been written."""
    cached = _parsed_path(dirs, path.read_bytes())
    return cached if cached.exists() else None


def read_plan_data(path: Path, dirs: DataDirs):
    """The parsed content of a generated plan file.

    Parsing YAML costs ten times more than JSON even with libyaml, and the site
    reads every plan on every build, so the parsed form is kept in
    ``data/.cache/parsed/``, keyed by the SHA-256 of the YAML bytes: a changed
    file can never be read from a stale entry.
    """
    raw = path.read_bytes()
    cached = _parsed_path(dirs, raw)
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    data = read_yaml(path)
    write_atomically(cached, dump_json(data))
    return data


def load_plan(path: Path, dirs: DataDirs) -> Plan:
    """Read one generated plan and merge its override file, if any."""
    data = read_plan_data(path, dirs)
    override_path = dirs.overrides / path.name
    if override_path.exists():
        override = read_yaml(override_path)
        if not isinstance(override, dict):
            raise PlanError(str(override_path), "tệp sửa tay phải là một mapping YAML (khóa: giá trị)", 1)
        data = merge(data, override)
        where = str(override_path)
    else:
        where = str(path)
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise PlanError(where, f"dữ liệu không hợp lệ tại '{location}': {first['msg']} ({exc.error_count()} lỗi)") from None


def override_errors(dirs: DataDirs, plan_ids: list[str]) -> list[str]:
    """Error lines for the override files of ``plan_ids`` that do not load."""
    errors = []
    for plan_id in plan_ids:
        if (dirs.overrides / f"{plan_id}.yaml").exists():
            try:
                load_plan(dirs.plans / f"{plan_id}.yaml", dirs)
            except PlanError as exc:
                errors.append(str(exc))
    return errors


def load_plans(dirs: DataDirs | None = None) -> list[Plan]:
    """Every plan of ``data/plans/`` with overrides merged, sorted by id."""
    dirs = dirs or DataDirs(DATA_DIR)
    plans = [load_plan(path, dirs) for path in sorted(dirs.plans.glob("*.yaml"))]
    return sorted(plans, key=lambda plan: plan.id)
