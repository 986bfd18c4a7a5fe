"""Build the site in parts and merge them: ``python -m generator.site.assemble`` (what ``make site`` runs).

1. **Prepare** (a child process, the only one that loads the corpus):
   ``python -m generator.site.parts`` writes every part's files
   (:mod:`generator.site.parts`) into the work folder
   (``build/parts/<config name>/``).
2. **Build** each part whose fingerprint differs from the one its last
   successful build recorded: an ordinary ``mkdocs build --strict`` of the
   same config, told its part by ``SITE_PARTS`` and ``SITE_PART``
   (:mod:`generator.site.hooks`), ``--jobs`` at a time, the most to render first. An
   unchanged part is not rebuilt: its last build is reused.
3. **Merge** the parts into ``--site-dir``: the hub's whole site, each other
   part's own files (hard links where the file system allows), the search
   entries and word indexes renumbered as one
   (:func:`generator.site.search.merge`), and one sitemap of every page.

Each step is also a command of its own (``prepare``, ``part NAME``,
``merge``), so that the parts of one preparation can be built on separate
machines and merged on another (``.github/workflows/deploy.yml``'s job
matrix); the merge refuses a part not built from that preparation.

Guarantees:

* The merged site is the site one ``mkdocs build`` of the same config
  writes, file for file and byte for byte, but for the order of the
  sitemap's entries (a test builds both and compares them).
* A part whose build fails stops the run with its name and MkDocs's own
  error, exit status 1; the site already in ``--site-dir`` is kept (the
  merge writes beside it and swaps at the end), and the parts that did
  build are kept for the next run.
* Each child's memory is its own: the peak memory of a run is that of the
  preparation or of the largest part's build, not of the whole site.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

from generator.site import parts, search

ROOT = Path(__file__).resolve().parents[2]
REPORT = "report.json"
BUILT = "built"
"""File of a part's folder: the fingerprint of its last successful build."""
CODE = ("generator", "overrides", "docs", "mkdocs.yml", "mkdocs.offline.yml", "requirements.txt")
"""What a part's build reads besides its prepared files: any change rebuilds every part."""
BUILD_ENVIRONMENT = ("SITE_URL", "SOURCE_DATE_EPOCH")
"""Environment variables a build reads (the public address, the sitemap's date): likewise."""
SITEMAP = "sitemap.xml"
_SITEMAP_URL = re.compile(r"\s*<url>.*?</url>", re.DOTALL)
_SITEMAP_LOC = re.compile(r"<loc>(.*?)</loc>")


class ConfigLoader(yaml.SafeLoader):
    """A MkDocs config as MkDocs reads it: ``!ENV [NAME, default]`` is the variable's value or the default."""


ConfigLoader.add_constructor("!ENV", construct_env_tag)


@dataclass(frozen=True)
class Settings:
    """What the preparation needs of a MkDocs config."""

    site_url: str
    directory_urls: bool


def read_settings(config_file: Path) -> Settings:
    """``site_url`` and ``use_directory_urls`` of ``config_file``, following ``INHERIT``."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=ConfigLoader) or {}
    parent = config.get("INHERIT")
    inherited = read_settings(config_file.parent / parent) if parent else Settings("", True)
    site_url = config.get("site_url", inherited.site_url) or ""
    if site_url and not site_url.endswith("/"):  # as MkDocs reads it
        site_url += "/"
    return Settings(site_url, config.get("use_directory_urls", inherited.directory_urls))


def code_fingerprint(root: Path = ROOT) -> str:
    """Hash of the code, theme, hand-written pages, configs and pinned packages, and of the
    build's environment (:data:`CODE`, :data:`BUILD_ENVIRONMENT`)."""
    digest = hashlib.sha256()
    for name in CODE:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    for name in BUILD_ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    return digest.hexdigest()


def bundle_fingerprint() -> str:
    """Hash of the offline zip the hub publishes (``OFFLINE_BUNDLE``), or "" when there is none."""
    value = os.environ.get("OFFLINE_BUNDLE", "").strip()
    if not value or not Path(value).is_file():
        return ""
    digest = hashlib.sha256()
    with Path(value).open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Step:
    """One child process of a run: its wall time and its own peak memory."""

    seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class Report:
    """What a run did, also written as ``report.json`` in the parts' folder."""

    parts: int
    built: list[str]  # the parts built, the others reused
    steps: dict[str, Step]  # "prepare", then each part built, by name


class PartFailed(Exception):
    """A part's build failed; the message names it and carries MkDocs's error."""


def assemble(config_file: Path, site_dir: Path, folder: Path, jobs: int, engine: str = "mkdocs") -> Report:
    """Prepare, build the changed parts, merge (see the module)."""
    states, steps = prepare(config_file, folder)
    todo = [state for state in states if _last_built(folder, state.name) != state.fingerprint]

    def build_one(state: parts.PartState) -> None:
        steps[state.name] = build_part(config_file, folder, state, engine)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        failures = [error for error in pool.map(_caught(build_one), todo) if error is not None]
    if failures:
        raise PartFailed("\n\n".join(str(error) for error in failures))
    merge(folder, site_dir)
    report = Report(len(states), [state.name for state in todo], steps)
    (folder / REPORT).write_text(json.dumps(asdict(report), indent=1) + "\n", encoding="utf-8")
    return report


def prepare(config_file: Path, folder: Path) -> tuple[list[parts.PartState], dict[str, Step]]:
    """Step 1: the parts of the site, prepared in ``folder`` by a child process, and that step."""
    settings = read_settings(config_file)
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "generator.site.parts", str(folder), "--site-url", settings.site_url,
               "--directory-urls" if settings.directory_urls else "--file-urls",
               "--code", code_fingerprint(), "--hub-code", bundle_fingerprint()]
    step = _run(command, "chuẩn bị các phần của trang")
    return parts.read_states(folder), {"prepare": step}


def build_part(config_file: Path, folder: Path, state: parts.PartState, engine: str = "mkdocs") -> Step:
    """Step 2 for one part: its ``mkdocs build --strict`` into ``<folder>/<part>/site``; on success
    the part's :data:`BUILT` file records the fingerprint it was built from."""
    target = folder / state.name
    (target / BUILT).unlink(missing_ok=True)
    command = [sys.executable, "-m", engine, "build", "--strict", "--quiet",
               "--config-file", str(config_file), "--site-dir", str(target / "site")]
    step = _run(command, f"phần {state.name} của trang",
                {parts.FOLDER_ENVIRONMENT: str(folder), parts.PART_ENVIRONMENT: state.name})
    (target / BUILT).write_text(state.fingerprint + "\n", encoding="utf-8")
    return step


def part_state(folder: Path, name: str) -> parts.PartState:
    """The prepared part ``name`` of ``folder``; PartFailed when the preparation has no such part."""
    for state in parts.read_states(folder):
        if state.name == name:
            return state
    raise PartFailed(f"{folder}: không có phần {name} trong bản chuẩn bị ({parts.PARTS})")


def _caught(function):
    def call(argument):
        try:
            function(argument)
        except PartFailed as error:
            return error
        return None
    return call


def _run(command: list[str], what: str, environment: dict[str, str] | None = None) -> Step:
    try:
        return measure(command, environment)
    except ChildFailed as error:
        raise PartFailed(f"lỗi khi dựng {what} (mã {error.returncode}):\n{error.stderr}") from None


class ChildFailed(Exception):
    def __init__(self, returncode: int, stderr: str):
        super().__init__(f"exit status {returncode}: {stderr}")
        self.returncode, self.stderr = returncode, stderr


def measure(command: list[str], environment: dict[str, str] | None = None, cwd: Path = ROOT) -> Step:
    """Run a child to its end: its wall time and its own peak memory (read with wait4, so the
    largest of it and its own children, never the parent's), or ChildFailed with the end of what
    it wrote to stderr."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(environment or {})},
                                   stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise ChildFailed(process.returncode, errors.read().decode("utf-8", errors="replace").strip()[-4000:])
    return Step(round(time.perf_counter() - started, 2), round(usage.ru_maxrss / 1024, 1))


def _last_built(folder: Path, name: str) -> str | None:
    path = folder / name / BUILT
    return path.read_text(encoding="utf-8").strip() if path.is_file() and (folder / name / "site").is_dir() else None


def merge(folder: Path, site_dir: Path) -> None:
    """Step 3: the parts' sites as one site in ``site_dir``, written beside it and swapped in at the
    end; PartFailed, naming them, when a part was not built from this preparation. The folders of
    parts the preparation no longer has are removed."""
    states = parts.read_states(folder)
    unbuilt = [state.name for state in states if _last_built(folder, state.name) != state.fingerprint]
    if unbuilt:
        raise PartFailed(f"chưa dựng các phần {', '.join(unbuilt)} từ bản chuẩn bị này; hãy dựng chúng trước khi ghép")
    partial = site_dir.with_name(f".{site_dir.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    hub = folder / parts.HUB / "site"
    merged_files = {SITEMAP, SITEMAP + ".gz", search.INDEX.as_posix(), search.OFFLINE_INDEX.as_posix()}
    merged_folders = tuple(f"search/{name}/" for name in (search.ENTRIES, search.TITLES, search.WORDS))
    for path in sorted(hub.rglob("*")):
        relative = path.relative_to(hub).as_posix()
        if path.is_file() and relative not in merged_files and not relative.startswith(merged_folders):
            _link(path, partial / relative)
    others = [state.name for state in states if state.name != parts.HUB]
    for name in others:
        site = folder / name / "site"
        for relative in parts.read_owned(folder, name):
            target = partial / relative
            if target.exists():
                raise PartFailed(f"{relative}: hai phần của trang cùng có tệp này (phần {name} và một phần khác)")
            _link(site / relative, target)
    sites = [hub, *(folder / name / "site" for name in others)]
    search.merge(sites, partial)
    _merge_sitemaps(sites, partial)
    if site_dir.exists():
        previous = site_dir.with_name(f".{site_dir.name}.previous")
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(site_dir, previous)
        os.replace(partial, site_dir)
        shutil.rmtree(previous)
    else:
        os.replace(partial, site_dir)
    current = {state.name for state in states}
    for stale in folder.iterdir():
        if stale.is_dir() and stale.name not in current:
            shutil.rmtree(stale)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def _merge_sitemaps(sites: list[Path], target: Path) -> None:
    """One sitemap of every page: the hub's entries, then each part's pages the hub does not list."""
    hub = (sites[0] / SITEMAP).read_text(encoding="utf-8")
    head, _, _ = hub.partition("<url>")
    head = head.rstrip()
    seen: set[str] = set()
    entries = []
    for site in sites:
        for match in _SITEMAP_URL.finditer((site / SITEMAP).read_text(encoding="utf-8")):
            location = _SITEMAP_LOC.search(match[0])[1]
            if location not in seen:
                seen.add(location)
                entries.append(match[0])
    text = head + "".join(entries) + hub[hub.rindex("</url>") + len("</url>"):]
    (target / SITEMAP).write_text(text, encoding="utf-8")
    stamp = int.from_bytes((sites[0] / (SITEMAP + ".gz")).read_bytes()[4:8], "little")  # the hub's date
    with (target / (SITEMAP + ".gz")).open("wb") as raw, \
            gzip.GzipFile(filename=SITEMAP, mode="wb", fileobj=raw, mtime=stamp) as compressed:
        compressed.write(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Without a step: the three steps, rebuilding only the changed parts. With one (``prepare``,
    ``part NAME``, ``merge``): that step alone, so that separate machines can build the parts
    (the deploy workflow's job matrix) from one preparation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, help="where the merged site goes (all steps, or merge)")
    parser.add_argument("--work", type=Path, help="the parts' folder (default: build/parts/<config name>)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parts built at once")
    parser.add_argument("--engine", default="mkdocs", help="the module that builds a part (mkdocs, properdocs)")
    steps = parser.add_subparsers(dest="step", metavar="STEP")
    steps.add_parser("prepare", help="step 1 alone; prints the parts' names as a JSON list")
    part = steps.add_parser("part", help="step 2 for one part of a prepared folder")
    part.add_argument("name")
    steps.add_parser("merge", help="step 3 alone: every part must be built from the preparation")
    args = parser.parse_args(argv)
    if args.step in (None, "merge") and args.site_dir is None:
        parser.error("--site-dir is required to merge")
    config_file = args.config_file.resolve()
    folder = (args.work or ROOT / "build" / "parts" / config_file.stem).resolve()
    try:
        if args.step == "prepare":
            states, _ = prepare(config_file, folder)
            print(json.dumps([state.name for state in states]))
        elif args.step == "part":
            build_part(config_file, folder, part_state(folder, args.name), args.engine)
        elif args.step == "merge":
            merge(folder, args.site_dir.resolve())
        else:
            report = assemble(config_file, args.site_dir.resolve(), folder, args.jobs, args.engine)
            print(f"{report.parts} phần, dựng lại {len(report.built)}: {', '.join(report.built) or 'không phần nào'}",
                  file=sys.stderr)
    except PartFailed as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
