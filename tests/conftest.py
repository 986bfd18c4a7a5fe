"""Session fixtures for the site tests: each site is built once per session.

``real_site`` is the site of the bundled data (``data/``); ``hostile_site``
is built from ``tests/fixtures/site-data/`` (a plan whose every text field
carries HTML, Jinja and Markdown syntax) through ``GENERATOR_DATA``. Both are
real ``mkdocs build --strict`` runs in a subprocess, as ``make site`` does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.store import DataDirs, write_schema

ROOT = Path(__file__).resolve().parent.parent
SITE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site-data"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    data: Path
    seconds: float
    log: str


def build_site(site_dir: Path, data_dir: Path | None = None) -> BuiltSite:
    """Run ``mkdocs build --strict`` into ``site_dir``; fail the test session on any error."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("GENERATOR_DATA", None)
    if data_dir is not None:
        env["GENERATOR_DATA"] = str(data_dir)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    return BuiltSite(site_dir, data_dir or ROOT / "data", seconds, result.stderr)


@pytest.fixture(scope="session")
def site_builder():
    """:func:`build_site`, for tests that need a build of their own."""
    return build_site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("real") / "site")


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory) -> Path:
    """A copy of the hostile fixture data folder, with the JSON Schema written into it."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(SITE_FIXTURE, data)
    write_schema(DataDirs(data))
    return data


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, hostile_data) -> BuiltSite:
    return build_site(tmp_path_factory.mktemp("hostile-site") / "site", hostile_data)
