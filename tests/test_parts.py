"""The site built in parts (generator/site/assemble.py): one MkDocs build per province and one for
the hub, merged. It must be the site a single build makes, its links across parts must resolve,
and a part whose data did not change must not be built again."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from generator.site import assemble, parts, urls
from generator.site import build as site_build
from tests.test_engine import GENERATOR_TAG

ROOT = Path(__file__).resolve().parent.parent
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
_LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(autouse=True)
def build_environment(monkeypatch):
    """The environment of conftest's builds, so the parts build the same site as ``real_site``."""
    for name in ("SITE_URL", "OFFLINE_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def assemble_site(data: Path, work: Path, site: Path, engine: str = "mkdocs") -> assemble.Report:
    os.environ["GENERATOR_DATA"] = str(data)
    try:
        return assemble.assemble(ROOT / "mkdocs.yml", site, work, jobs=2, engine=engine)
    finally:
        del os.environ["GENERATOR_DATA"]


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The bundled data copied, and its site built in parts: (data, work folder, site, report)."""
    folder = tmp_path_factory.mktemp("sharded")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".cache"))
    environment = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    saved = {name: os.environ.pop(name, None) for name in ("SITE_URL", "OFFLINE_BUNDLE", *environment)}
    os.environ.update(environment)
    try:
        report = assemble_site(data, folder / "work", folder / "site")
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value
    return data, folder / "work", folder / "site", report


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def part_of(work: Path, path: str) -> str:
    """The part whose own file ``path`` (a site path) is; the hub's when no other part has it."""
    for state in parts.read_states(work):
        if state.name != parts.HUB and path in parts.read_owned(work, state.name):
            return state.name
    return parts.HUB


def sitemap_entries(text: str) -> list[str]:
    return sorted(re.findall(r"<url>.*?</url>", text, re.DOTALL))


def test_the_site_built_in_parts_is_the_site_built_whole(sharded, real_site):
    _, work, site, report = sharded
    assert len(report.built) == report.parts >= 4 and {parts.HUB, parts.INDICATORS, parts.DOCUMENTS} <= set(report.built)
    whole, merged = files_of(real_site.root), files_of(site)
    assert sorted(merged) == sorted(whole)
    differing = [name for name in whole if name not in SITEMAPS and whole[name].read_bytes() != merged[name].read_bytes()]
    assert differing == []
    # the sitemap lists the same pages, in another order
    assert sitemap_entries((site / "sitemap.xml").read_text()) == sitemap_entries(
        (real_site.root / "sitemap.xml").read_text())
    assert len(sitemap_entries((site / "sitemap.xml").read_text())) > 100


def test_links_across_parts_resolve(sharded):
    """Every relative link and source of every page of the merged site names a file that is there,
    and pages of a province's part link to the hub and back."""
    _, work, site, _ = sharded
    owner = {}
    for state in parts.read_states(work):
        if state.name != parts.HUB:
            owner.update((path, state.name) for path in parts.read_owned(work, state.name))
    broken, crossing = [], set()
    for page in site.rglob("*.html"):
        page_path = page.relative_to(site).as_posix()
        for link in _LINK.findall(page.read_text(encoding="utf-8")):
            address = html.unescape(link)
            parsed = urllib.parse.urlsplit(address)
            if parsed.scheme or parsed.netloc or not parsed.path:
                continue
            path = urllib.parse.unquote(parsed.path)
            target = (site / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page_path} -> {address}")
                continue
            target_path = target.relative_to(site).as_posix()
            source_part, target_part = owner.get(page_path, parts.HUB), owner.get(target_path, parts.HUB)
            if source_part != target_part:
                crossing.add((source_part == parts.HUB, target_part == parts.HUB))
    assert broken == []
    assert {(True, False), (False, True), (False, False)} <= crossing  # hub -> part, part -> hub, part -> part


def test_an_unchanged_part_is_not_rebuilt_and_a_changed_plan_rebuilds_its_province_and_the_hub(sharded, tmp_path):
    data, work, site, _ = sharded
    for folder in (data, work, site):
        shutil.copytree(folder, tmp_path / folder.name)
    data, work, site = tmp_path / "data", tmp_path / "work", tmp_path / "site"
    report = assemble_site(data, work, site)
    assert report.built == []
    province = part_of(work, "ke-hoach/ha-noi-21-kh-ubnd-2023/index.html")
    untouched = work / parts.INDICATORS / "site" / "chi-tieu" / "ty-le-that-nghiep" / "index.html"
    assert part_of(work, "chi-tieu/ty-le-that-nghiep/index.html") == parts.INDICATORS
    before = untouched.stat().st_mtime_ns

    plan = data / "plans" / "ha-noi-21-kh-ubnd-2023.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("thị trường lao động") > 1
    plan.write_text(text.replace("thị trường lao động", "thị trường lao-động-đã-sửa"), encoding="utf-8")
    report = assemble_site(data, work, site)
    # its province's part, and the national parts that show it: the hub (listings, downloads) and the
    # cited documents (the plan quotes 06/NQ-CP's title, which holds the words changed); not the
    # indicators, whose pages show none of them
    assert sorted(report.built) == sorted([province, parts.HUB, parts.DOCUMENTS])
    assert "lao-động-đã-sửa" in (site / "ke-hoach" / "ha-noi-21-kh-ubnd-2023" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == before
    assert (site / "chi-tieu" / "ty-le-that-nghiep" / "index.html").is_file()


def test_a_failing_part_is_named_and_the_site_already_built_is_kept(sharded, tmp_path):
    """Bad data stops the run before any part is built, naming the plan; the site stays as it was."""
    data, work, site, _ = sharded
    shutil.copytree(data, tmp_path / "data")
    data = tmp_path / "data"
    kept = tmp_path / "site"
    shutil.copytree(site, kept)
    plan = data / "plans" / "ha-noi-21-kh-ubnd-2023.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("indicator: ", "indicator: khong-co-chi-tieu-", 1),
                    encoding="utf-8")
    with pytest.raises(assemble.PartFailed, match="ha-noi-21-kh-ubnd-2023"):
        assemble_site(data, tmp_path / "work", kept)
    assert sorted(files_of(kept)) == sorted(files_of(site))


def test_properdocs_builds_the_same_parts(sharded, tmp_path):
    """The parts built by ProperDocs (``--engine properdocs``) merge into the site MkDocs's parts
    make, but for the generator tag of each page."""
    data, _, site, _ = sharded
    assemble_site(data, tmp_path / "work", tmp_path / "site", engine="properdocs")
    ours, theirs = files_of(site), files_of(tmp_path / "site")
    assert sorted(theirs) == sorted(ours)
    tagged = [name for name in ours if ours[name].read_bytes() != theirs[name].read_bytes()]
    assert [name for name in tagged if GENERATOR_TAG.sub(b"", ours[name].read_bytes())
            != GENERATOR_TAG.sub(b"", theirs[name].read_bytes())] == []
    assert any(name.startswith("ke-hoach/") for name in tagged)  # a province's part was ProperDocs's too


def run_step(data: Path, work: Path, *step: str) -> subprocess.CompletedProcess:
    """One step of ``python -m generator.site.assemble``, as a job of the deploy workflow runs it."""
    return subprocess.run([sys.executable, "-m", "generator.site.assemble", "--work", str(work), *step],
                          cwd=ROOT, env={**os.environ, "GENERATOR_DATA": str(data)},
                          capture_output=True, text=True, check=False)


def test_the_steps_run_apart_as_a_job_matrix_make_the_same_site(sharded, tmp_path):
    """Prepared once, each part built on a machine of its own (a copy of the prepared folder), the
    built parts gathered and merged on another: the same site as one assemble run. The merge
    refuses while a part is missing, or built from another preparation."""
    data, _, site, _ = sharded
    prepared = tmp_path / "prepared"
    result = run_step(data, prepared, "prepare")
    assert result.returncode == 0, result.stderr
    names = json.loads(result.stdout)
    assert set(names) == {state.name for state in parts.read_states(prepared)} and parts.HUB in names
    gathered = tmp_path / "gathered"
    shutil.copytree(prepared, gathered)
    for name in names:
        machine = tmp_path / f"machine-{name}"
        shutil.copytree(prepared, machine)
        result = run_step(data, machine, "part", name)
        assert result.returncode == 0, result.stderr
        assert sorted(path.name for path in (machine / name).iterdir()) == sorted(
            [assemble.BUILT, parts.INDEX, parts.META, parts.OUTPUTS, parts.OWNED, "site"])
        if name != names[-1]:
            shutil.copytree(machine / name, gathered / name, dirs_exist_ok=True)
    result = run_step(data, gathered, "--site-dir", str(tmp_path / "site"), "merge")
    assert result.returncode == 1 and names[-1] in result.stderr and not (tmp_path / "site").exists()
    shutil.copytree(tmp_path / f"machine-{names[-1]}" / names[-1], gathered / names[-1], dirs_exist_ok=True)
    result = run_step(data, gathered, "--site-dir", str(tmp_path / "site"), "merge")
    assert result.returncode == 0, result.stderr
    merged, expected = files_of(tmp_path / "site"), files_of(site)
    assert sorted(merged) == sorted(expected)
    assert [name for name in expected if merged[name].read_bytes() != expected[name].read_bytes()] == []

    (gathered / names[0] / assemble.BUILT).write_text("another preparation\n", encoding="utf-8")
    result = run_step(data, gathered, "--site-dir", str(tmp_path / "site"), "merge")
    assert result.returncode == 1 and names[0] in result.stderr
    assert run_step(data, gathered, "part", "khong-co-phan-nay").returncode == 1


def test_every_file_has_one_part_and_a_province_past_the_limit_is_split(monkeypatch):
    monkeypatch.setenv("GENERATOR_DATA", str(ROOT / "data"))
    corpus = site_build.load()
    # six plans: every province's pages share one part, named after the first and last province
    shared = {parts.assign(corpus)[urls.plan(plan_id)] for plan_id in corpus.plans}
    assert len(shared) == 1 and re.fullmatch(r"an-giang--[a-z-]+", shared.pop())
    monkeypatch.setattr(parts, "MAX_PLANS", 1)
    owner = parts.assign(corpus)
    city = [plan_id for plan_id in corpus.plans if plan_id.startswith("ho-chi-minh")]
    assert len(city) == 3  # Hồ Chí Minh City's two plans and Quận 11's
    split = {owner[urls.plan(plan_id)] for plan_id in city}
    assert len(split) >= 2 and all(re.fullmatch(r"ho-chi-minh\.[1-3]", name) for name in split)
    for plan_id in corpus.plans:  # a plan's page, data and calendar stay together
        files = {urls.plan(plan_id), urls.plan_data(plan_id, "yaml"), urls.plan_data(plan_id, "json"),
                 urls.plan_calendar(plan_id)}
        assert len({owner[uri] for uri in files}) == 1
    assert {owner[urls.indicator(i)] for i in corpus.indicators} == {parts.INDICATORS}
    assert {owner[urls.document(d)] for d in corpus.documents} == {parts.DOCUMENTS}
    assert urls.INDICATORS not in owner and urls.PLANS not in owner  # the sections' indexes are the hub's
    # at most one plan a part: the other provinces with a plan are in parts of their own
    others = [plan_id for plan_id in corpus.plans if plan_id not in city]
    assert len({owner[urls.plan(plan_id)] for plan_id in others}) == len({
        parts.province_of(corpus.plans[plan_id].locality) for plan_id in others})
