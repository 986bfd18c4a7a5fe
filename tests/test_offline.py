"""The offline bundle (``make offline``) as files: what must hold before a browser opens it.

The browser tests (tests/test_browser.py) open the unzipped bundle from
``file://`` with the network blocked; these check what makes that work
anywhere: one folder to unzip, links that are files (no directory URLs,
which ``file://`` cannot serve), every script and style inside the bundle,
the search index as scripts, and the vendored iframe-worker unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from test_site import html_files, read_page, resolve

from generator.site import display

ROOT = Path(__file__).resolve().parent.parent
VENDORED = ROOT / "docs" / "assets" / "javascripts" / "vendor" / "iframe-worker"
THEME_SCRIPT = re.compile(r"(bundle|search)\.[0-9a-f]{8}\.min\.js$")


def test_make_offline_zips_one_folder_named_after_the_project(offline_bundle):
    assert list((ROOT / "dist").glob("*-offline.zip")) == [ROOT / "dist" / f"{offline_bundle.name}-offline.zip"]
    assert (offline_bundle / "index.html").is_file()
    assert (offline_bundle / "ke-hoach" / "ha-noi-21-kh-ubnd-2023.html").is_file()
    assert not (offline_bundle / "404.html").exists()  # only a web server shows it


def test_every_link_is_a_file_in_the_bundle(offline_bundle):
    broken = []
    for path in html_files(offline_bundle):
        for name, attribute, url in read_page(path).references:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if name != "a":
                    broken.append(f"{path.name}: {name}[{attribute}]={url} leaves the bundle")
                continue
            target, fragment = resolve(path, url, offline_bundle)
            if target is None or parts.path.endswith("/") or (parts.path and target.is_dir()):
                broken.append(f"{path.relative_to(offline_bundle)}: {url} is not a file of the bundle")
            elif fragment and target.suffix == ".html" and fragment not in read_page(target).ids:
                broken.append(f"{path.relative_to(offline_bundle)}: {url} (no element with id {fragment!r})")
    assert broken == [], "\n".join(broken[:30])


def test_no_script_or_font_is_fetched_from_elsewhere(offline_bundle):
    """No page or style names a CDN or web font; the iframe-worker shim is the vendored copy.

    The theme's own bundle still names two CDN scripts, for features this
    site does not use (Mermaid diagrams, and a ResizeObserver polyfill for
    browsers older than 2020); the browser tests show nothing is requested.
    """
    remote = re.compile(r"https?://(?:unpkg\.com|cdn\.|fonts\.(?:googleapis|gstatic)\.com)[^\s\"')]*")
    found = [
        f"{path.relative_to(offline_bundle)}: {match}"
        for path in offline_bundle.rglob("*")
        if path.suffix in (".html", ".css") or (path.suffix == ".js" and not THEME_SCRIPT.match(path.name))
        for match in remote.findall(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []
    page = read_page(offline_bundle / "index.html")
    scripts = [url for name, attribute, url in page.references if name == "script"]
    assert "assets/javascripts/vendor/iframe-worker/shim.js" in scripts


def test_search_index_loads_as_scripts(offline_bundle):
    search = offline_bundle / "search"
    assert (search / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    shards = sorted(p.stem for p in (search / "sections" / "ke-hoach").glob("*.js"))
    plans = sorted(p.stem for p in (offline_bundle / "ke-hoach").glob("*.html") if p.stem != "index")
    assert shards and shards == plans


def test_vendored_iframe_worker_is_the_pinned_release():
    source = (VENDORED / "SOURCE.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256((VENDORED / "shim.js").read_bytes()).hexdigest()
    assert f"shim.js sha256: {digest}" in source
    assert "MIT" in source and "Permission is hereby granted" in (VENDORED / "LICENSE").read_text(encoding="utf-8")


def test_the_site_offers_the_offline_zip_with_its_size_and_date(site_builder, offline_bundle, tmp_path):
    """``make site`` publishes the zip ``make offline`` made; the download page links it with its
    size, the data's date and the licence."""
    (archive,) = (ROOT / "dist").glob("*-offline.zip")
    built = site_builder(tmp_path / "site", offline_bundle=archive)
    published = built.root / "du-lieu" / archive.name
    assert published.read_bytes() == archive.read_bytes()
    page_path = built.root / "tai-ve" / "index.html"
    html = page_path.read_text(encoding="utf-8")
    offer = re.search(r'<a (?=[^>]*class="md-button")[^>]*href="([^"]+)"[^>]*>Tải bản ngoại tuyến \(\.zip, ([\d,]+ [KM]?B)\)</a>',
                      html)
    assert offer, "the download page does not offer the zip"
    assert resolve(page_path, offer[1], built.root)[0] == published
    assert offer[2] == display.file_size(archive.stat().st_size)
    text = " ".join(read_page(page_path).article_text.split())
    assert "dữ liệu đến ngày 14/11/2023" in text and "CC BY 4.0" in text


def test_a_build_promised_a_zip_that_is_not_there_fails_naming_it(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE_BUNDLE": str(tmp_path / "missing.zip")}
    env.pop("GENERATOR_DATA", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"OFFLINE_BUNDLE={tmp_path / 'missing.zip'}: không có tệp zip này" in result.stderr
