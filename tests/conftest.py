"""Session fixtures for the site tests: each site is built once per session.

``real_site`` is the site of the bundled data (``data/``); ``hostile_site``
is built from ``tests/fixtures/site-data/`` (a plan whose every text field
carries HTML, Jinja and Markdown syntax) through ``GENERATOR_DATA``. Both are
real ``mkdocs build --strict`` runs in a subprocess, as ``make site`` does.
``offline_bundle`` is what ``make offline`` zips, unzipped elsewhere.

For the browser tests, ``browser`` is one headless Chromium for the session
(Debian's ``/usr/bin/chromium`` driven by Playwright); without either of
them every browser test fails, it is not skipped (``make test`` installs
Chromium). ``browser_site`` gives each browser test twice: against the real
site served over HTTP on localhost, and against the offline bundle opened
from ``file://``; any request that would leave the site (another host, or
anything but ``file://`` offline) is blocked and recorded, and a test that
caused one fails.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.store import DataDirs, write_schema

ROOT = Path(__file__).resolve().parent.parent
SITE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site-data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    data: Path
    seconds: float
    log: str


def build_site(site_dir: Path, data_dir: Path | None = None, site_url: str | None = None,
               offline_bundle: Path | None = None) -> BuiltSite:
    """Run ``mkdocs build --strict`` into ``site_dir`` (for the public address ``site_url`` when
    given, else mkdocs.yml's; publishing ``offline_bundle`` when given); fail the test session on
    any error."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    for name in ("GENERATOR_DATA", "SITE_URL", "OFFLINE_BUNDLE"):
        env.pop(name, None)
    if offline_bundle is not None:
        env["OFFLINE_BUNDLE"] = str(offline_bundle)
    if site_url is not None:
        env["SITE_URL"] = site_url
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


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory) -> Path:
    """``make offline``'s zip, unzipped into a new folder: the folder holding ``index.html``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GENERATOR_DATA", None)
    result = subprocess.run(["make", "offline"], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"make offline failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    (archive,) = (ROOT / "dist").glob("*-offline.zip")
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(target)
    (index,) = target.glob("*/index.html")
    return index.parent


# --------------------------------------------------------------------------
# In a real browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; fails (never skips) without Playwright or Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: make test installs requirements.txt", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: make test installs it (apt-get install chromium)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserSite:
    """One way of opening the site in the browser, with a context of its own."""

    kind: str  # "served" (http://127.0.0.1:port/) or "offline" (file://.../index.html)
    base: str  # the address of the site's root folder, ending in "/"
    context: object  # playwright BrowserContext
    blocked: list[str] = field(default_factory=list)  # requests that would have left the site

    def url(self, page: str, anchor: str = "") -> str:
        """The address of a page given as served (``""``, ``ke-hoach/x/``) in this site's URL style."""
        if self.kind == "offline":  # a section's own page is its folder's index.html
            section = page and Path(urllib.parse.urlparse(self.base + page).path, "index.html").is_file()
            page = page + "index.html" if section else (page.rstrip("/") or "index") + ".html"
        return self.base + page + (f"#{anchor}" if anchor else "")

    def page_path(self, url: str) -> str:
        """Inverse of :meth:`url`, without query and fragment: the page as served."""
        path = url.split("#")[0].split("?")[0].removeprefix(self.base)
        if self.kind == "offline":
            path = path.removesuffix(".html").removesuffix("index").rstrip("/") + "/"
        return path.lstrip("/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path):
    """Serve folder ``root`` over HTTP on 127.0.0.1 while the generator runs: yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def served_site(real_site):
    """The real site on an HTTP server on 127.0.0.1 for the session: its base URL."""
    yield from serve(real_site.root)


def open_site(browser, kind: str, base: str, inside: str) -> BrowserSite:
    """A browser context for the site at ``base`` that blocks (and records) every request not
    starting with ``inside``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    site = BrowserSite(kind, base, context)

    def guard(route):
        if route.request.url.startswith(inside):
            route.continue_()
        else:
            site.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], **({"origin": base.rstrip("/")} if inside == base else {})
    )
    return site


@pytest.fixture(scope="session", params=["served", "offline"])
def browser_site(request, browser) -> BrowserSite:
    if request.param == "served":
        base = request.getfixturevalue("served_site")
        inside = base
    else:
        base = request.getfixturevalue("offline_bundle").as_uri() + "/"
        inside = "file://"
    site = open_site(browser, request.param, base, inside)
    yield site
    site.context.close()


@pytest.fixture
def tab(browser_site):
    """A new page of ``browser_site``; the test fails if it made a request that would leave the site."""
    page = browser_site.context.new_page()
    yield page
    page.close()
    blocked, browser_site.blocked[:] = list(browser_site.blocked), []
    assert blocked == [], f"requests leaving the {browser_site.kind} site: {blocked}"
