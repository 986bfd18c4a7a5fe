"""The site engine: ProperDocs (the maintained MkDocs 1.x fork) builds the same site as MkDocs,
and only the hook (generator/site/hooks.py) speaks to the engine, so a move to another engine
touches that one module."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
ENGINE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:mkdocs|properdocs)\b", re.MULTILINE)


def test_properdocs_builds_the_same_site_as_mkdocs(real_site, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    for name in ("GENERATOR_DATA", "SITE_URL", "OFFLINE_BUNDLE"):
        env.pop(name, None)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    mkdocs = {path.relative_to(real_site.root): path for path in real_site.root.rglob("*") if path.is_file()}
    proper = {path.relative_to(site): path for path in site.rglob("*") if path.is_file()}
    assert sorted(proper) == sorted(mkdocs)
    tagged = 0
    for name, path in mkdocs.items():
        ours, theirs = path.read_bytes(), proper[name].read_bytes()
        if ours != theirs:
            assert GENERATOR_TAG.sub(b"", ours) == GENERATOR_TAG.sub(b"", theirs), f"{name} differs beyond the generator tag"
            tagged += 1
    assert tagged > 0  # the pages do name their engine: the comparison saw both


def test_only_the_hook_imports_the_engine():
    importing = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "generator").rglob("*.py")
                       if ENGINE_IMPORT.search(path.read_text(encoding="utf-8")))
    assert importing == ["generator/site/hooks.py"]
