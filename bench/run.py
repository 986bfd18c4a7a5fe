"""``make bench``: extraction and site build at 5, 100 and 1,000 plans, against plain MkDocs.

For each corpus size this builds a synthetic corpus (bench/corpus.py) and
measures, each step in its own child process (peak RSS read with wait4):

* extraction from scratch, then again with nothing changed (the cache);
* our site build: the site in parts (``python -m generator.site.assemble``:
  the corpus prepared once, one ``mkdocs build --strict`` per province and
  one for the hub, merged), with the peak RSS of its largest child;
* the baseline: plain MkDocs + Material building the very same pages as
  static Markdown files (our generated pages written out with their HTML
  inline), with our theme, nav and Markdown settings but no hook and no
  macros: the ratio is the cost of generating the pages from the data;
* the size of each site and of what a reader downloads before the first
  search results, raw and gzipped (what a web server sends);
* the size of the largest deployable part (a province's own files, or the
  hub's);
* a rebuild after one plan changed: one source edited (a target's number),
  then extraction (which reuses its cache for the others) and the build
  again, which rebuilds only the parts whose fingerprint changed.

``bench/run.py 10000`` (or ``make bench SIZES=10000``) runs other sizes.

It prints a table and writes ``bench/results.json``. Timings are ratios
measured in one run on one machine; compare runs by their ratios.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.corpus import write_corpus  # noqa: E402
from generator.site import build as site_build  # noqa: E402
from generator.site import parts  # noqa: E402
from generator.site import assemble  # noqa: E402
from generator.site.assemble import REPORT, ConfigLoader, Step  # noqa: E402
from generator.site.page import MARKER, Document  # noqa: E402

@dataclass
class Row:
    plans: int
    extract: Step
    extract_again: Step
    build: Step
    prepare: Step  # the build's first child, which loads the corpus
    largest_part_build: Step  # the build's part with the highest peak memory
    parts: int
    baseline: Step
    site_mb: float
    largest_part_mb: float
    baseline_site_mb: float
    search_first_mb: float
    search_first_gzip_mb: float
    baseline_search_mb: float
    rebuild_extract: Step
    rebuild: Step
    rebuilt_parts: list[str]
    rebuild_steps: dict[str, Step]  # the rebuild's children: "prepare", then each part it built

    @property
    def total(self) -> float:
        return self.extract.seconds + self.build.seconds


def measure(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> Step:
    """Run a child process; its wall time and its own peak RSS (not the parent's)."""
    try:
        return assemble.measure(command, env, cwd)
    except assemble.ChildFailed as error:
        raise SystemExit(f"failed: {' '.join(command)}\n{error.stderr}") from None


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 2)


def search_first(site: Path) -> bytes:
    """What a reader fetches before the first search results: ``search/search_index.json``.

    For our site that is the first tier of the index (generator/site/search.py);
    the sections of plans in ``search/sections/`` and the word index load after
    the first results. For plain MkDocs it is the whole index.
    """
    return (site / "search" / "search_index.json").read_bytes()


def mb(size: int) -> float:
    return round(size / 2**20, 2)


def change_one_plan(sources: Path) -> Path:
    """Edit one source the way a curator corrects a plan: a number in its body (past the header,
    so the plan keeps its number and id) becomes another. Returns the file."""
    files = sorted(sources.iterdir())
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    match = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b|\b\d{2,}\b").search(text, len(text) // 3)
    digit = "1" if match[0][0] == "9" else "9"
    changed = text[: match.start()] + digit + match[0][1:] + text[match.end():]
    path.write_text(changed, encoding="utf-8")
    return path


def write_baseline(data: Path, folder: Path) -> None:
    """The same pages as static files, for plain MkDocs: our generated pages with
    their HTML blocks written inline, the hand-written pages without macros, and
    our mkdocs.yml without the hook and the macros plugin."""
    os.environ["GENERATOR_DATA"] = str(data)
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(ROOT / "overrides", folder / "overrides")  # the theme's custom_dir
    for page in ("index.md", "tai-ve.md"):  # the only pages that use macros
        (docs / page).write_text("# Trang\n", encoding="utf-8")
    outputs = site_build.generate(site_build.load(), True, None)
    for output in outputs:
        target = docs / output.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        content = output.content
        if isinstance(content, Document):
            content = MARKER.sub(lambda match: content.blocks[int(match[1])], content.markdown)
        if isinstance(content, Path):
            shutil.copy(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = [p for p in config["plugins"] if p == "search" or "search" in p]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def part_sizes(folder: Path, site: Path) -> dict[str, float]:
    """MB of each part's own files in the merged ``site``; the hub's are all the others."""
    sizes = {}
    for state in parts.read_states(folder):
        if state.name != parts.HUB:
            sizes[state.name] = mb(sum((site / path).stat().st_size for path in parts.read_owned(folder, state.name)))
    sizes[parts.HUB] = round(folder_mb(site) - sum(sizes.values()), 2)
    return sizes


def read_report(folder: Path) -> tuple[list[str], dict[str, Step]]:
    """What the last build in the parts' ``folder`` did: the parts it built, and each of its children's step."""
    report = json.loads((folder / REPORT).read_text(encoding="utf-8"))
    return report["built"], {name: Step(**step) for name, step in report["steps"].items()}


def bench_size(size: int, work: Path) -> Row:
    data = work / "data"
    write_corpus(size, data / "sources")
    python = sys.executable
    extract = measure([python, "-m", "generator", "--data", str(data), "extract"])
    extract_again = measure([python, "-m", "generator", "--data", str(data), "extract"])
    site, folder = work / "site", work / "parts"
    build_site = [python, "-m", "generator.site.assemble", "--site-dir", str(site), "--work", str(folder)]
    build = measure(build_site, env={"GENERATOR_DATA": str(data)})
    _, steps = read_report(folder)
    prepare = steps.pop("prepare")
    largest_build = max(steps.values(), key=lambda step: step.peak_rss_mb)
    site_mb, first, sizes = folder_mb(site), search_first(site), part_sizes(folder, site)
    change_one_plan(data / "sources")
    rebuild_extract = measure([python, "-m", "generator", "--data", str(data), "extract"])
    rebuild = measure(build_site, env={"GENERATOR_DATA": str(data)})
    rebuilt, rebuild_steps = read_report(folder)
    # last: write_baseline generates every page in this process, and a child forked from a large
    # parent counts the parent's pages in its peak RSS until it execs
    baseline_dir = work / "baseline"
    write_baseline(data, baseline_dir)
    baseline = measure([python, "-m", "mkdocs", "build", "--quiet", "-d", str(baseline_dir / "site")],
                       cwd=baseline_dir)
    return Row(
        plans=size, extract=extract, extract_again=extract_again, build=build, prepare=prepare,
        largest_part_build=largest_build, parts=len(sizes), baseline=baseline,
        site_mb=site_mb, largest_part_mb=max(sizes.values()), baseline_site_mb=folder_mb(baseline_dir / "site"),
        search_first_mb=mb(len(first)), search_first_gzip_mb=mb(len(gzip.compress(first, mtime=0))),
        baseline_search_mb=mb(len(search_first(baseline_dir / "site"))),
        rebuild_extract=rebuild_extract, rebuild=rebuild, rebuilt_parts=rebuilt,
        rebuild_steps=rebuild_steps,
    )


def render(rows: list[Row]) -> str:
    header = (f"{'plans':>6} {'extract s':>9} {'again s':>8} {'build s':>8} {'total s':>8} {'s/plan':>7} "
              f"{'base s':>7} {'ours/base':>9} {'peak MB':>8} {'base MB':>8} {'site MB':>8} "
              f"{'search MB':>9} {'gzip MB':>8} {'base srch':>9} {'rebuild s':>9} {'rebuild/full':>12} "
              f"{'parts':>5} {'part MB':>8} {'prep pk':>8} {'part pk':>8}")
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r.plans:>6} {r.extract.seconds:>9.2f} {r.extract_again.seconds:>8.2f} {r.build.seconds:>8.2f} "
            f"{r.total:>8.2f} {r.total / r.plans:>7.3f} {r.baseline.seconds:>7.2f} "
            f"{r.build.seconds / r.baseline.seconds:>9.2f} "
            f"{max(r.extract.peak_rss_mb, r.build.peak_rss_mb):>8.0f} {r.baseline.peak_rss_mb:>8.0f} "
            f"{r.site_mb:>8.1f} {r.search_first_mb:>9.2f} {r.search_first_gzip_mb:>8.2f} "
            f"{r.baseline_search_mb:>9.2f} {r.rebuild_extract.seconds + r.rebuild.seconds:>9.2f} "
            f"{(r.rebuild_extract.seconds + r.rebuild.seconds) / r.total:>12.2f} "
            f"{r.parts:>5} {r.largest_part_mb:>8.1f} {r.prepare.peak_rss_mb:>8.0f} {r.largest_part_build.peak_rss_mb:>8.0f}"
        )
    if len(rows) >= 2:
        small, large = rows[-2], rows[-1]
        per = lambda step, row: step.seconds / row.plans  # noqa: E731
        lines.append("")
        lines.append(f"growth of time per plan {small.plans} -> {large.plans}: "
                     f"extract x{per(large.extract, large) / per(small.extract, small):.2f}, "
                     f"build x{per(large.build, large) / per(small.build, small):.2f} (target <= 1.5)")
        lines.append(f"second extraction / first at {large.plans}: "
                     f"{large.extract_again.seconds / large.extract.seconds:.3f} (target < 0.1)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5, 100, 1000])
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
        try:
            rows.append(bench_size(size, work))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(render(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(render(rows))
    args.output.write_text(json.dumps({"cpu_count": os.cpu_count(), "rows": [asdict(r) for r in rows]},
                                      indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
