"""Curated registries in ``data/registry/``: loaded once, errors name file and line.

Guarantees: a registry is read through :mod:`generator.safeyaml` (limits on
size, depth, aliases and numbers); it must be a YAML list of mappings; every
``id`` an entry gives is a safe id (:data:`generator.ids.REGISTRY`), since
registry ids become page paths (``/chi-tieu/<id>/``, ``/dia-phuong/<id>/``).
Any problem is a :class:`PlanError` naming the file and the entry's line.
"""
from __future__ import annotations

import functools
from pathlib import Path

from generator import ids, safeyaml
from generator.errors import PlanError, machine_fault

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"


@functools.cache
def load_registry(name: str) -> list[dict]:
    """Entries of ``data/registry/<name>.yaml`` (a YAML list of mappings)."""
    path = REGISTRY_DIR / f"{name}.yaml"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise PlanError(str(path), "tệp không phải UTF-8") from None
    except OSError as exc:
        raise machine_fault(path, exc, "không đọc được") from None
    entries, node = safeyaml.parse_with_node(text, str(path))
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PlanError(str(path), "sổ đăng ký phải là một danh sách các mục (mapping)")
    for entry, item in zip(entries, node.value):
        if "id" in entry:
            reason = ids.problem(ids.REGISTRY, entry["id"])
            if reason:
                raise PlanError(str(path), reason, item.start_mark.line + 1)
    return entries


def entry_line(name: str, index: int) -> int | None:
    """1-based line where entry ``index`` of registry ``name`` starts (for messages)."""
    path = REGISTRY_DIR / f"{name}.yaml"
    try:
        _, node = safeyaml.parse_with_node(path.read_text(encoding="utf-8"), str(path))
        return node.value[index].start_mark.line + 1
    except (OSError, ValueError, PlanError, IndexError, AttributeError):
        return None
