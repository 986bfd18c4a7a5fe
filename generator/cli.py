"""Command line: ``python -m generator extract|check|schema``.

Exit status is 0 only when every file succeeded (extract) or every check
passed (check). Messages for curators are in Vietnamese; each error is one
line ``file:line: reason``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator import check as checks
from generator import extract
from generator.store import DATA_DIR, DataDirs, override_errors, write_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Sinh dữ liệu có cấu trúc từ các kế hoạch.")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="thư mục dữ liệu (mặc định: data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    run_extract = commands.add_parser("extract", help="trích xuất kế hoạch từ data/sources/ thành data/plans/*.yaml")
    run_extract.add_argument("files", nargs="*", type=Path, help="tệp nguồn (mặc định: tất cả data/sources/)")
    run_extract.add_argument("--jobs", type=int, default=None, help="số tiến trình song song (mặc định: số lõi CPU)")
    commands.add_parser("check", help="kiểm tra lược đồ và tính nhất quán của data/")
    commands.add_parser("schema", help="ghi JSON Schema vào data/schema/plan.schema.json")
    args = parser.parse_args(argv)
    dirs = DataDirs(args.data)
    if args.command == "extract":
        return _extract(args.files, dirs, args.jobs)
    if args.command == "check":
        report = checks.run_checks(dirs)
        print(report.render())
        return 0 if report.ok else 1
    write_schema(dirs)
    return 0


def _extract(files: list[Path], dirs: DataDirs, jobs: int | None) -> int:
    paths = files or extract.list_sources(dirs)
    if not paths:
        print(f"Không có tệp nguồn nào trong {dirs.sources}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    outcomes = extract.run(paths, dirs, jobs=jobs, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        print(f"LỖI {outcome.error}", file=sys.stderr)
    bad_overrides = override_errors(dirs, sorted({o.plan_id for o in outcomes if not o.error}))
    for error in bad_overrides:
        print(f"LỖI {error}", file=sys.stderr)
    cached = sum(1 for o in outcomes if o.cached)
    ok = len(outcomes) - len(failed)
    print(
        f"Đã trích xuất {ok}/{len(outcomes)} kế hoạch ({cached} lấy từ bộ nhớ đệm), "
        f"{len(failed)} lỗi, {time.perf_counter() - started:.1f} giây."
    )
    if bad_overrides:
        print(f"{len(bad_overrides)} tệp sửa tay (data/overrides/) không hợp lệ.")
    return 1 if failed or bad_overrides else 0


def _progress(done: int, total: int, outcome: extract.Outcome) -> None:
    """One updating line on a terminal; one line per file otherwise for long runs."""
    status = "lỗi" if outcome.error else (outcome.plan_id or "")
    line = f"[{done}/{total}] {outcome.file}: {status}"
    if sys.stderr.isatty():
        print(f"\r\033[K{line}", end="", file=sys.stderr, flush=True)
    elif total > 1:
        print(line, file=sys.stderr)
