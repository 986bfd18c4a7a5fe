"""What a curator drops in cannot break the site, escape it, or silently lose a plan
(issue 15), and one bad file never stops the others (issue 9, item 1).

Every test drives the real command line (``python -m generator --data <copy>
extract|check``) on a copy of the data and, where the issue says build, the
real ``mkdocs build --strict`` with ``GENERATOR_DATA``. Internal failures and
hangs are injected into the real pipeline by ``tests/injection.py`` (a
patched ``run_stage``); machine faults by a file where a folder is expected,
by ``chmod`` when the tests do not run as root, or by a patched
``os.replace`` in-process. No test sleeps or measures time: a hang ends only
when the time limit kills its worker, and the test waits for the process.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from generator import cli, extract, pipeline, workers
from generator.store import DataDirs
from tests import injection
from tests.seeds import SEEDS, SOURCES

ROOT = Path(__file__).resolve().parent.parent
SEED = SEEDS["hcm_so"]  # the smallest bundled plan: ho-chi-minh-5472-kh-sldtbxh-2022
SEED_ID = "ho-chi-minh-5472-kh-sldtbxh-2022"
MARKER = "CHỖ-HỎNG-THỬ-NGHIỆM"
WEIRD_NAME = "kế hoạch 21 Hà Nội #1 100% \"a\" 'b'?.txt"


# ------------------------------------------------------------------ helpers


def run(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("GENERATOR_DATA", "GENERATOR_TIME_LIMIT")}
    environment.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def generator(data: Path, *args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "generator", "--data", str(data), *args], env, cwd)


def injected(data: Path, mode: str, *args: str) -> subprocess.CompletedProcess:
    """The real command line with one stage misbehaving on the file holding MARKER."""
    return run([sys.executable, "-m", "tests.injection", mode, MARKER, "--", "--data", str(data), *args])


def build(data: Path | str, site: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` from ``data``; the result, whether it failed or not."""
    env = {"GENERATOR_DATA": str(data), "SOURCE_DATE_EPOCH": "1700000000"}
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], env)


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("LỖI ")]


def check_errors(result: subprocess.CompletedProcess) -> list[str]:
    lines = result.stdout.splitlines()
    if "Lỗi (" not in result.stdout:
        return []
    start = next(i for i, line in enumerate(lines) if line.startswith("Lỗi ("))
    return [line[2:] for line in lines[start + 1:] if line.startswith("- ")]


def numbered(number: int) -> str:
    """The seed plan under another document number: another plan, another id."""
    return (SOURCES / SEED).read_text(encoding="utf-8").replace("5472/", f"{number}/")


def plan_files(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "plans").glob("*.yaml"))}


def no_traceback(*results: subprocess.CompletedProcess) -> None:
    for result in results:
        assert "Traceback (most recent call last)" not in result.stdout + result.stderr, result.stdout + result.stderr


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A data folder with three small plans: the seed and two renumbered copies."""
    root = tmp_path / "data"
    (root / "sources").mkdir(parents=True)
    shutil.copy(SOURCES / SEED, root / "sources" / SEED)
    for number in (101, 102):
        (root / "sources" / f"so-{number}.txt").write_text(numbered(number), encoding="utf-8")
    return root


@pytest.fixture()
def extracted(data: Path) -> Path:
    result = generator(data, "extract")
    assert result.returncode == 0, result.stderr
    return data


# ------------------------------------------- 1. one bad file never stops the others


def test_an_internal_error_is_one_line_and_every_other_plan_is_written(data):
    (data / "sources" / "hong.txt").write_text(numbered(103) + f"\n{MARKER}\n", encoding="utf-8")
    result = injected(data, "raise", "extract")
    assert result.returncode == 1
    assert error_lines(result) == [f"LỖI hong.txt: lỗi nội bộ ở bước import: RuntimeError: {injection.FAILURE_MESSAGE}"]
    assert "Đã trích xuất 3/4 kế hoạch (0 lấy từ bộ nhớ đệm), 1 lỗi" in result.stdout
    assert set(plan_files(data)) == {f"{SEED_ID}.yaml", "ho-chi-minh-101-kh-sldtbxh-2022.yaml",
                                     "ho-chi-minh-102-kh-sldtbxh-2022.yaml"}
    log = data.parent / "build" / "extract-errors.log"
    assert f"Chi tiết kỹ thuật (traceback) của 1 lỗi nội bộ: {log}" in result.stderr
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8")
    assert f"RuntimeError: {injection.FAILURE_MESSAGE}" in log.read_text(encoding="utf-8")
    no_traceback(result)


def test_with_debug_the_traceback_is_printed(data):
    (data / "sources" / "hong.txt").write_text(numbered(103) + f"\n{MARKER}\n", encoding="utf-8")
    result = injected(data, "raise", "extract", "--debug")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "=== hong.txt" in result.stderr


def test_an_internal_error_in_the_worker_pool_is_one_line_too(data, monkeypatch, capsys):
    """In-process, several workers at once (forked workers inherit the patched stage runner)."""
    (data / "sources" / "hong.txt").write_text(numbered(103) + f"\n{MARKER}\n", encoding="utf-8")
    for number in range(104, 110):
        (data / "sources" / f"so-{number}.txt").write_text(numbered(number), encoding="utf-8")
    monkeypatch.setattr(pipeline, "run_stage", injection.wrapped("raise", MARKER, pipeline.run_stage))
    dirs = DataDirs(data)
    report = extract.run(extract.list_sources(dirs), dirs, jobs=2, parallel_from=1)
    failed = [o for o in report.outcomes if o.error]
    assert [o.error for o in failed] == [f"hong.txt: lỗi nội bộ ở bước import: RuntimeError: {injection.FAILURE_MESSAGE}"]
    assert "StageFailure" in failed[0].detail and "Traceback" in failed[0].detail
    assert len(plan_files(data)) == 9


# ------------------------------------------------------ 2. a time limit per file


def test_a_source_over_the_time_limit_is_stopped_and_the_others_are_written(data):
    (data / "sources" / "treo.txt").write_text(numbered(103) + f"\n{MARKER}\n", encoding="utf-8")
    result = injected(data, "hang", "extract", "--time-limit", "5")
    assert result.returncode == 1
    assert error_lines(result) == [
        "LỖI treo.txt: quá thời gian: chưa xong sau 5 giây, đã dừng "
        "(đổi giới hạn bằng --time-limit hoặc GENERATOR_TIME_LIMIT)"
    ]
    assert len(plan_files(data)) == 3 and "Đã trích xuất 3/4 kế hoạch" in result.stdout


def test_the_time_limit_holds_in_the_worker_pool_and_comes_from_the_environment(data, monkeypatch):
    (data / "sources" / "treo.txt").write_text(numbered(103) + f"\n{MARKER}\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "run_stage", injection.wrapped("hang", MARKER, pipeline.run_stage))
    monkeypatch.setenv("GENERATOR_TIME_LIMIT", "5")
    dirs = DataDirs(data)
    limit = extract.time_limit_from_environment()
    report = extract.run(extract.list_sources(dirs), dirs, jobs=2, parallel_from=1, time_limit=limit)
    assert [o.file for o in report.outcomes if o.error] == ["treo.txt"]
    assert "quá thời gian: chưa xong sau 5 giây" in next(o.error for o in report.outcomes if o.error)
    assert len(plan_files(data)) == 3


def test_a_worker_that_dies_is_one_line():
    results = {}
    workers.run_tasks(os._exit, [(3,)], 1, None, lambda task: "timeout", lambda task, code: f"died {code}",
                      results.__setitem__)
    assert results == {0: "died 3"}


# ----------------------------------------------------- 3. ids that become paths


BAD_OVERRIDES = {
    "escaping-plan-id": ("id: ../../../escaped/plan\n", "'id': mã kế hoạch '../../../escaped/plan' không dùng được làm đường dẫn"),
    "escaping-agency-id": (
        "agencies:\n- {id: ha-noi/../../../escaped, name: X, type: chua-phan-loai}\n",
        "'agencies.0.id': mã cơ quan 'ha-noi/../../../escaped' không dùng được làm đường dẫn",
    ),
    "overlong-id": (f"id: {'a' * 300}\n", f"'id': mã kế hoạch '{'a' * 60}…' có phần dài quá 200 ký tự"),
    "another-plans-id": (
        "id: ho-chi-minh-101-kh-sldtbxh-2022\n",
        f"tệp sửa tay không được đổi mã kế hoạch (id): 'ho-chi-minh-101-kh-sldtbxh-2022' thay cho '{SEED_ID}'",
    ),
    "another-source": ("source:\n  file: so-101.txt\n", "tệp sửa tay không được đổi nguồn (source) của kế hoạch"),
    "not-a-date": ("metadata:\n  date: not-a-date\n", "'metadata.date': 'not-a-date' không phải ngày dạng YYYY-MM-DD"),
    "bad-due": (
        "deadlines:\n- {reporters: [x], frequency: once, due: '--x', clause_id: I, quote: x}\n",
        "'deadlines.0.due': '--x' không phải hạn dạng YYYY-MM-DD, --MM-DD (hằng năm) hoặc ---DD (hằng tháng)",
    ),
    "nested-30000": ("metadata: " + "[" * 30000 + "\n", ":1: YAML lồng quá 64 cấp"),
    "anchor-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nmetadata: {title: *c}\n",
        ":2: không dùng bí danh YAML (*a): hãy viết thẳng giá trị",
    ),
    "duplicate-key": ("metadata:\n  signer: Lê Hồng Sơn\n  signer: Nguyễn Văn A\n",
                      ":3: khóa 'signer' có hai lần trong cùng một mục"),
    "5000-digit-integer": (f"metadata:\n  period_start: {'9' * 5000}\n", ":2: số nguyên 99999999999999999999… (5000 ký tự) vượt quá ±9007199254740991"),
    "400-digit-number": (
        f"targets:\n- {{measure: x, comparator: '=', value: 1{'0' * 400}.5, unit: '%', clause_id: I, quote: x}}\n",
        ":2: số 10000000000000000000… (403 ký tự) không hữu hạn",
    ),
}


@pytest.mark.parametrize("case", list(BAD_OVERRIDES))
def test_a_bad_override_fails_extract_check_and_the_build_naming_file_and_field(extracted, tmp_path, case):
    text, reason = BAD_OVERRIDES[case]
    (extracted / "overrides").mkdir()
    override = extracted / "overrides" / f"{SEED_ID}.yaml"
    override.write_text(text, encoding="utf-8")
    checked = generator(extracted, "check")
    assert checked.returncode == 1
    (problem,) = check_errors(checked)
    assert problem.startswith(str(override)) and reason in problem, problem
    assert "ho-chi-minh-101-kh-sldtbxh-2022" in checked.stdout  # the other plans are still checked
    extracted_again = generator(extracted, "extract")
    assert extracted_again.returncode == 1
    assert error_lines(extracted_again) == [f"LỖI {problem}"]
    built = build(extracted, tmp_path / "site")
    assert built.returncode != 0 and built.returncode > 0  # an error, not a crash of the process
    assert f"dữ liệu không đọc được: {problem}" in built.stderr
    assert not (tmp_path / "escaped").exists() and not (ROOT.parent / "escaped").exists()
    no_traceback(checked, extracted_again, built)


def test_an_override_path_that_is_a_folder_is_an_error_line(extracted):
    (extracted / "overrides" / f"{SEED_ID}.yaml").mkdir(parents=True)
    checked, again = generator(extracted, "check"), generator(extracted, "extract")
    line = f"{extracted}/overrides/{SEED_ID}.yaml: không đọc được: là một thư mục, không phải tệp (EISDIR)"
    assert check_errors(checked) == [line] and error_lines(again) == [f"LỖI {line}"]
    no_traceback(checked, again)


def test_a_registry_id_that_is_not_a_safe_slug_names_file_and_line(tmp_path, monkeypatch):
    from generator import registry
    from generator.errors import PlanError

    (tmp_path / "indicators.yaml").write_text("- id: ok\n  name: A\n- id: ../../x\n  name: B\n", encoding="utf-8")
    monkeypatch.setattr(registry, "REGISTRY_DIR", tmp_path)
    registry.load_registry.cache_clear()
    try:
        with pytest.raises(PlanError) as raised:
            registry.load_registry("indicators")
    finally:
        registry.load_registry.cache_clear()
    assert str(raised.value).startswith(f"{tmp_path / 'indicators.yaml'}:3: mã trong sổ đăng ký '../../x' không dùng được")


def test_the_hook_refuses_to_write_outside_the_site_folder(tmp_path):
    from mkdocs.exceptions import PluginError

    from generator.site import hooks

    class Escaping:
        src_uri = "ke-hoach/../../../escaped.md"
        dest_uri = "ke-hoach/../../../escaped/index.html"

    with pytest.raises(PluginError, match="ra ngoài thư mục trang"):
        hooks._inside(tmp_path / "site", Escaping())


def test_a_clause_id_a_stage_cannot_make_safe_is_one_error_line_not_a_broken_build(data, tmp_path):
    """Full-width and Arabic-Indic digits in labels: either the extractor reads them
    (and the site builds) or the file is one error line; never a build that fails later."""
    text = numbered(103).replace("\n1. ", "\n１. ", 1).replace("\n2. ", "\n٢. ", 1)
    (data / "sources" / "chu-so-la.txt").write_text(text, encoding="utf-8")
    assert assert_extract_and_check_imply_build(data, tmp_path), "the pre-parse makes every digit ASCII"


def test_a_400_digit_number_in_a_plan_never_reaches_the_json_download_as_infinity(data, tmp_path):
    huge = "1" + "0" * 400
    text = numbered(103).replace("\n1. Nhiệm vụ trọng tâm:", f"\n1. Nhiệm vụ trọng tâm: giải quyết việc làm cho {huge} lao động.", 1)
    (data / "sources" / "so-lon.txt").write_text(text, encoding="utf-8")
    built = assert_extract_and_check_imply_build(data, tmp_path)
    assert built, "a run of 400 digits is not a quantity: the plan is published without it"
    downloads = (tmp_path / "site" / "du-lieu" / "ke-hoach").glob("*.json")
    assert not any("Infinity" in path.read_text(encoding="utf-8") for path in downloads)


# --------------------------------------------------------- 4. identity is owned


def test_extracting_one_file_never_overwrites_the_plan_of_another_source(extracted):
    before = plan_files(extracted)
    shutil.copy(extracted / "sources" / SEED, extracted / "sources" / "ban-sao.txt")
    result = generator(extracted, "extract", str(extracted / "sources" / "ban-sao.txt"))
    assert result.returncode == 1
    assert error_lines(result) == [
        f"LỖI ban-sao.txt: mã kế hoạch '{SEED_ID}' đã thuộc về tệp nguồn {SEED} "
        f"({extracted / 'plans' / (SEED_ID + '.yaml')}); không ghi đè"
    ]
    assert plan_files(extracted) == before


def test_a_source_whose_id_changes_keeps_one_plan_file(extracted):
    source = extracted / "sources" / "so-101.txt"
    source.write_text(numbered(111), encoding="utf-8")
    result = generator(extracted, "extract", str(source))
    assert result.returncode == 0, result.stderr
    old = extracted / "plans" / "ho-chi-minh-101-kh-sldtbxh-2022.yaml"
    assert f"Đã xóa {old}: nguồn của nó nay có mã kế hoạch khác." in result.stdout
    assert not old.exists() and (extracted / "plans" / "ho-chi-minh-111-kh-sldtbxh-2022.yaml").exists()


def test_plans_with_too_little_metadata_get_their_id_from_the_file_name(tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    bare = "KẾ HOẠCH\nVề việc làm\n\nI. MỤC TIÊU\n1. Giải quyết việc làm.\nII. NHIỆM VỤ\n1. Tuyên truyền.\n"
    for name in ("mot.txt", "Kế hoạch hai.txt"):
        (data / "sources" / name).write_text(bare, encoding="utf-8")
    result = generator(data, "extract")
    assert result.returncode == 0, result.stderr
    assert set(plan_files(data)) == {"mot.yaml", "ke-hoach-hai.yaml"}


# ------------------------------------- 5. whatever passes extract and check builds


def assert_extract_and_check_imply_build(data: Path, tmp_path: Path) -> subprocess.CompletedProcess | None:
    extracted, checked = generator(data, "extract"), generator(data, "check")
    no_traceback(extracted, checked)
    if extracted.returncode == 0 and checked.returncode == 0:
        built = build(data, tmp_path / "site")
        assert built.returncode == 0, built.stderr
        return built
    assert error_lines(extracted) or check_errors(checked)
    return None


def test_a_source_named_as_received_works_end_to_end(tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    shutil.copy(SOURCES / SEED, data / "sources" / WEIRD_NAME)
    built = assert_extract_and_check_imply_build(data, tmp_path)
    assert built is not None
    plan = yaml.safe_load((data / "plans" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    assert plan["source"]["file"] == WEIRD_NAME
    (published,) = (tmp_path / "site" / "du-lieu" / "nguon").iterdir()
    assert published.name == f"{SEED_ID}.txt"  # named after its plan, whatever it was received as
    assert published.read_bytes() == (SOURCES / SEED).read_bytes()
    page = (tmp_path / "site" / "ke-hoach" / SEED_ID / "index.html").read_text(encoding="utf-8")
    assert f'href="../../du-lieu/nguon/{published.name}"' in page


# ----------------------------------------------------------- 7. machine faults


def test_a_file_where_the_plans_folder_should_be_is_an_error_line(data):
    (data / "plans").write_text("không phải thư mục", encoding="utf-8")
    result = generator(data, "extract")
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 3
    assert all(re.fullmatch(rf"LỖI \S+: không ghi được {re.escape(str(data / 'plans'))}/\S+\.yaml: "
                            r"(đã có một tệp ở đó \(EEXIST\)|một phần của đường dẫn không phải thư mục \(ENOTDIR\))", line)
               for line in lines), lines
    no_traceback(result)


def test_a_file_where_the_cache_folder_should_be_still_writes_the_plans(data):
    (data / ".cache").write_text("", encoding="utf-8")
    result = generator(data, "extract")
    assert result.returncode == 1
    assert len(plan_files(data)) == 3
    assert error_lines(result) and all(str(data / ".cache") in line and "không ghi được" in line for line in error_lines(result))
    no_traceback(result)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod: see the file-for-folder tests")
def test_a_read_only_plans_folder_is_an_error_line(data):
    (data / "plans").mkdir()
    (data / "plans").chmod(0o555)
    try:
        result = generator(data, "extract")
    finally:
        (data / "plans").chmod(0o755)
    assert result.returncode == 1
    assert all("không có quyền truy cập (EACCES)" in line for line in error_lines(result)), result.stderr
    no_traceback(result)


def test_a_full_disk_is_one_line_per_plan_and_no_traceback(data, monkeypatch, capsys):
    real_replace = os.replace

    def full(source, target, *args, **kwargs):
        if str(target).startswith(str(data)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    status = cli.main(["--data", str(data), "extract"])
    captured = capsys.readouterr()
    assert status == 1
    lines = [line for line in captured.err.splitlines() if line.startswith("LỖI")]
    assert f"LỖI {SEED}: không ghi được {data / 'plans' / (SEED_ID + '.yaml')}: đĩa đầy (ENOSPC)" in lines
    assert f"LỖI {data / 'schema' / 'plan.schema.json'}: không ghi được: đĩa đầy (ENOSPC)" in lines
    assert not list((data / "plans").glob("*")), "no plan and no temporary file is left"


def test_a_truncated_cache_is_discarded_and_rebuilt(extracted, tmp_path):
    before = plan_files(extracted)
    entries = sorted((extracted / ".cache").rglob("*.json"))
    assert len(entries) == 7  # three cache entries, three parsed files, what the last run wrote
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    again = generator(extracted, "extract")
    assert again.returncode == 0, again.stderr
    assert "Đã trích xuất 3/3 kế hoạch (0 lấy từ bộ nhớ đệm), 0 lỗi" in again.stdout
    assert plan_files(extracted) == before
    assert all(isinstance(json.loads(entry.read_text(encoding="utf-8")), dict) for entry in entries)
    for entry in (extracted / ".cache" / "parsed").glob("*.json"):
        entry.write_text('{"id": "cut', encoding="utf-8")
    assert generator(extracted, "check").returncode == 0
    assert build(extracted, tmp_path / "site").returncode == 0


def test_temporary_files_of_killed_runs_are_removed(extracted):
    plans = extracted / "plans"
    dead = plans / f".{SEED_ID}.yaml.999999999.k1ll3d.tmp"
    old_style = plans / f".{SEED_ID}.yaml.abc123.tmp"
    alive = plans / f".{SEED_ID}.yaml.{os.getpid()}.w0rk1n.tmp"  # this test process is running
    for path in (dead, old_style, alive):
        path.write_text("một nửa", encoding="utf-8")
    assert generator(extracted, "extract").returncode == 0
    assert not dead.exists() and not old_style.exists() and alive.exists()


def test_a_missing_data_folder_is_an_error_everywhere(tmp_path):
    missing = tmp_path / "khong-co"
    for command in ("extract", "check"):
        result = generator(missing, command)
        assert result.returncode == 1
        assert result.stderr == f"LỖI {missing}: thư mục dữ liệu không tồn tại\n"
        named = run([sys.executable, "-m", "generator", command], env={"GENERATOR_DATA": str(missing)})
        assert named.returncode == 1
        assert named.stderr == f"LỖI {missing} (GENERATOR_DATA): thư mục dữ liệu không tồn tại\n"
    built = build(missing, tmp_path / "site")
    assert built.returncode == 1
    assert f"GENERATOR_DATA={missing}: thư mục dữ liệu không tồn tại" in built.stderr
    assert not (tmp_path / "site" / "index.html").exists()


# --------------------------------------------------------------- 8. provenance


def test_source_file_is_the_name_inside_sources_however_the_command_was_called(data):
    sources = data / "sources"
    calls = [
        (data.parent, "data/sources/so-101.txt"),  # relative, as the README says
        (ROOT, str(sources / "so-102.txt")),  # absolute
        (sources, f"../sources/{SEED}"),  # through ..
    ]
    for cwd, argument in calls:
        result = generator(data.absolute(), "extract", argument, cwd=cwd)
        assert result.returncode == 0, result.stderr
    recorded = {yaml.safe_load(p.read_text(encoding="utf-8"))["source"]["file"] for p in (data / "plans").glob("*.yaml")}
    assert recorded == {"so-101.txt", "so-102.txt", SEED}


def test_a_file_outside_the_sources_folder_is_refused(data, tmp_path):
    outside = tmp_path / "ngoai.txt"
    outside.write_text(numbered(120), encoding="utf-8")
    result = generator(data, "extract", str(outside))
    assert result.returncode == 1
    assert error_lines(result) == [f"LỖI {outside}: tệp nguồn phải nằm trong {data / 'sources'}: hãy chép tệp vào đó rồi chạy lại"]


def test_a_renamed_source_is_not_served_from_the_cache_under_its_old_name(extracted):
    (extracted / "sources" / "so-101.txt").rename(extracted / "sources" / "ten-moi.txt")
    result = generator(extracted, "extract")
    assert result.returncode == 0, result.stderr
    assert "(2 lấy từ bộ nhớ đệm)" in result.stdout
    plan = yaml.safe_load((extracted / "plans" / "ho-chi-minh-101-kh-sldtbxh-2022.yaml").read_text(encoding="utf-8"))
    assert plan["source"]["file"] == "ten-moi.txt"


def test_the_offline_zip_is_byte_identical_across_two_builds(extracted, tmp_path):
    zips = []
    for run_name in ("mot", "hai"):
        folder = tmp_path / run_name / "ke-hoach-lao-dong"
        archive = tmp_path / run_name / "offline.zip"
        result = run(
            ["make", "--no-print-directory", "-o", "extract", "offline",
             f"OFFLINE_DIR={folder}", f"OFFLINE_ZIP={archive}", f"PY={sys.executable}"],
            env={"GENERATOR_DATA": str(extracted), "SOURCE_DATE_EPOCH": "1700000000"},
        )
        assert result.returncode == 0, result.stdout + result.stderr
        zips.append(archive.read_bytes())
        for path in (extracted / "plans").glob("*.yaml"):  # new file times between the two builds
            path.touch()
    assert zips[0] == zips[1]
    with zipfile.ZipFile(tmp_path / "mot" / "offline.zip") as bundle:
        names = bundle.namelist()
        assert names == sorted(names) and "ke-hoach-lao-dong/index.html" in names
        assert {info.date_time for info in bundle.infolist()} == {(2023, 11, 14, 22, 13, 20)}
