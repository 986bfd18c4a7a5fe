"""Curated registries in ``data/registry/``: loaded once, errors name file and line."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from generator.errors import PlanError

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"


@functools.cache
def load_registry(name: str) -> list[dict]:
    """Entries of ``data/registry/<name>.yaml`` (a YAML list of mappings)."""
    path = REGISTRY_DIR / f"{name}.yaml"
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PlanError(str(path), f"YAML không hợp lệ: {exc.problem}", line) from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PlanError(str(path), "sổ đăng ký phải là một danh sách các mục (mapping)")
    return entries
