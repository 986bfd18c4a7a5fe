"""Command line: ``python -m generator extract|check|schema``.

Exit status is 0 only when every file succeeded (extract) or every check
passed (check). Messages for curators are in Vietnamese; each error is one
line ``LỖI file[:line]: reason`` (extract) or ``- file: reason`` (check),
including faults of the machine (disk full, read-only folder): never a
traceback. The traceback of an internal error goes to a log under
``build/`` beside the data folder (its path is printed), or to stderr with
``--debug``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from generator import check as checks
from generator import extract
from generator.errors import PlanError, machine_fault, os_reason
from generator.store import DATA_ENVIRONMENT, DataDirs, default_data_dir, override_errors, write_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Sinh dữ liệu có cấu trúc từ các kế hoạch.")
    parser.add_argument(
        "--data", type=Path, default=None, help=f"thư mục dữ liệu (mặc định: {DATA_ENVIRONMENT} hoặc data/)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_extract = commands.add_parser("extract", help="trích xuất kế hoạch từ data/sources/ thành data/plans/*.yaml")
    run_extract.add_argument("files", nargs="*", type=Path, help="tệp nguồn (mặc định: tất cả data/sources/)")
    run_extract.add_argument("--jobs", type=int, default=None, help="số tiến trình song song (mặc định: số lõi CPU)")
    run_extract.add_argument(
        "--time-limit", type=float, default=None, metavar="GIÂY",
        help=f"thời gian tối đa cho một tệp (mặc định: {extract.TIME_LIMIT_ENVIRONMENT} hoặc "
             f"{extract.TIME_LIMIT:g} giây; 0 là không giới hạn)",
    )
    run_extract.add_argument("--debug", action="store_true", help="in traceback của lỗi nội bộ ra stderr")
    commands.add_parser("check", help="kiểm tra lược đồ và tính nhất quán của data/")
    commands.add_parser("schema", help="ghi JSON Schema vào data/schema/plan.schema.json")
    args = parser.parse_args(argv)
    dirs = DataDirs(args.data or default_data_dir())
    if not dirs.root.is_dir():
        named = "" if args.data else f" ({DATA_ENVIRONMENT})" if os.environ.get(DATA_ENVIRONMENT) else ""
        print(f"LỖI {dirs.root}{named}: thư mục dữ liệu không tồn tại", file=sys.stderr)
        return 1
    if args.command == "extract":
        try:
            limit = args.time_limit if args.time_limit is not None else extract.time_limit_from_environment()
        except PlanError as error:
            print(f"LỖI {error}", file=sys.stderr)
            return 2
        return _extract(args.files, dirs, args.jobs, limit, args.debug)
    if args.command == "check":
        report = checks.run_checks(dirs)
        print(report.render())
        return 0 if report.ok else 1
    try:
        write_schema(dirs)
    except OSError as error:
        print(f"LỖI {machine_fault(dirs.schema, error)}", file=sys.stderr)
        return 1
    return 0


def _extract(files: list[Path], dirs: DataDirs, jobs: int | None, time_limit: float, debug: bool) -> int:
    try:
        paths = files or extract.list_sources(dirs)
    except OSError as error:
        print(f"LỖI {machine_fault(dirs.sources, error, 'không đọc được thư mục nguồn')}", file=sys.stderr)
        return 1
    if not paths:
        print(f"Không có tệp nguồn nào trong {dirs.sources}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    run = extract.run(paths, dirs, jobs=jobs, progress=_progress, time_limit=time_limit)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    outcomes = run.outcomes
    failed = [o for o in outcomes if o.error]
    for outcome in failed:
        print(f"LỖI {outcome.error}", file=sys.stderr)
    for fault in run.faults:
        print(f"LỖI {fault}", file=sys.stderr)
    bad_overrides = override_errors(dirs, sorted({o.plan_id for o in outcomes if not o.error}))
    for error in bad_overrides:
        print(f"LỖI {error}", file=sys.stderr)
    _report_internal_errors(dirs, [o for o in failed if o.detail], debug)
    for path in run.removed:
        if path.suffix == ".yaml":
            print(f"Đã xóa {path}: nguồn của nó nay có mã kế hoạch khác.")
    cached = sum(1 for o in outcomes if o.cached)
    ok = len(outcomes) - len(failed)
    print(
        f"Đã trích xuất {ok}/{len(outcomes)} kế hoạch ({cached} lấy từ bộ nhớ đệm), "
        f"{len(failed)} lỗi, {time.perf_counter() - started:.1f} giây."
    )
    if bad_overrides:
        print(f"{len(bad_overrides)} tệp sửa tay (data/overrides/) không hợp lệ.")
    return 1 if failed or bad_overrides or run.faults else 0


def error_log(dirs: DataDirs) -> Path:
    """Where tracebacks of internal errors go: ``build/`` beside the data folder."""
    return dirs.root.absolute().parent / "build" / "extract-errors.log"


def _report_internal_errors(dirs: DataDirs, failures: list[extract.Outcome], debug: bool) -> None:
    """Keep the tracebacks of internal errors: in the log (replaced each run), and on stderr with --debug."""
    log = error_log(dirs)
    text = "".join(f"=== {outcome.file}\n{outcome.detail}\n" for outcome in failures)
    if debug:
        print(text, end="", file=sys.stderr)
    try:
        if failures:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(text, encoding="utf-8")
        else:
            log.unlink(missing_ok=True)
    except OSError as error:
        if failures:
            if not debug:
                print(text, end="", file=sys.stderr)
            print(f"Không ghi được nhật ký lỗi {log}: {os_reason(error)}; chi tiết in ở trên.", file=sys.stderr)
        return
    if failures:
        print(f"Chi tiết kỹ thuật (traceback) của {len(failures)} lỗi nội bộ: {log}", file=sys.stderr)


def _progress(done: int, total: int, outcome: extract.Outcome) -> None:
    """One updating line on a terminal; one line per file otherwise for long runs."""
    status = "lỗi" if outcome.error else (outcome.plan_id or "")
    line = f"[{done}/{total}] {outcome.file}: {status}"
    if sys.stderr.isatty():
        print(f"\r\033[K{line}", end="", file=sys.stderr, flush=True)
    elif total > 1:
        print(line, file=sys.stderr)
