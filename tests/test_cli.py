"""The command line end to end on a copy of the data tree: bad input, overrides, determinism."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import extract
from generator.store import DataDirs, dump_json, load_plans, parsed_file, read_plan_data, read_yaml
from tests.seeds import SOURCES

ROOT = Path(__file__).resolve().parent.parent


def run_cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(data), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(SOURCES, root / "sources")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def test_extract_then_check_succeeds_and_writes_schema(data):
    result = run_cli(data, "extract")
    assert result.returncode == 0, result.stderr
    assert "6/6" in result.stdout
    assert len(snapshot(data / "plans")) == 6
    schema = json.loads((data / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert "clauses" in schema["properties"] and "Clause" in schema["$defs"]
    check = run_cli(data, "check")
    assert check.returncode == 0, check.stdout
    assert "ha-noi-21-kh-ubnd-2023" in check.stdout


def test_output_is_byte_identical_across_runs_cache_and_pool(data, tmp_path):
    dirs = DataDirs(data)
    extract.run(extract.list_sources(dirs), dirs)
    first = snapshot(data / "plans")
    shutil.rmtree(data / ".cache")
    shutil.rmtree(data / "plans")
    extract.run(extract.list_sources(dirs), dirs, jobs=2, parallel_from=1)  # process pool
    assert snapshot(data / "plans") == first
    outcomes = extract.run(extract.list_sources(dirs), dirs)  # cache hits
    assert all(o.cached for o in outcomes)
    assert snapshot(data / "plans") == first


def test_a_run_with_nothing_to_do_reads_neither_the_cache_nor_the_plans(data):
    dirs = DataDirs(data)
    extract.run(extract.list_sources(dirs), dirs)
    first = snapshot(data / "plans")
    entries = sorted((data / ".cache" / "extract").glob("*-*.json"))  # <source hash>-<code fingerprint>.json
    assert len(entries) == len(first)
    for entry in entries:
        entry.write_text("{", encoding="utf-8")  # a run that read it would discard it
    outcomes = extract.run(extract.list_sources(dirs), dirs)
    assert all(o.cached and o.written for o in outcomes)
    assert [entry.read_text(encoding="utf-8") for entry in entries] == ["{"] * len(entries)
    assert snapshot(data / "plans") == first
    touched = sorted((data / "plans").glob("*.yaml"))[0]  # a plan file edited by hand is read again and restored
    touched.write_text(touched.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    outcomes = extract.run(extract.list_sources(dirs), dirs)
    assert sorted(o.plan_id for o in outcomes if not o.written) == [touched.stem]
    assert snapshot(data / "plans") == first
    (data / ".cache" / "extract" / extract.WRITTEN).write_text('{"x": [1', encoding="utf-8")  # unreadable: ignored
    outcomes = extract.run(extract.list_sources(dirs), dirs)
    assert not any(o.written for o in outcomes) and snapshot(data / "plans") == first


def write_bad_sources(sources: Path) -> dict[str, str]:
    """Each bad input and the reason its error line must give."""
    (sources / "rong.txt").write_bytes(b"")
    (sources / "nhi-phan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (sources / "sai-ma.txt").write_bytes("KẾ HOẠCH\nI. MỤC TIÊU\n".encode() + b"M\xf5c ti\xeau\n")
    (sources / "khong-so.txt").write_text("KẾ HOẠCH\nVề việc làm\nMột đoạn văn.\nMột đoạn nữa.\n", encoding="utf-8")
    shutil.copy(sources / "002_a66026a08e804a88.txt", sources / "002_ban_sao.txt")
    return {
        "rong.txt": "rỗng",
        "nhi-phan.txt": "nhị phân",
        "sai-ma.txt:3": "UTF-8",
        "khong-so.txt:3": "đánh số",
        "002_ban_sao.txt": "trùng",
        "002_a66026a08e804a88.txt": "trùng",
    }


def test_bad_inputs_are_reported_one_line_each_and_other_plans_still_build(data):
    assert run_cli(data, "extract").returncode == 0
    before = snapshot(data / "plans")
    expected = write_bad_sources(data / "sources")
    result = run_cli(data, "extract")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("LỖI ")]
    assert len(errors) == len(expected)
    for where, reason in expected.items():
        assert any(line.startswith(f"LỖI {where}:") and reason in line for line in errors), (where, errors)
    # the Hà Nội plan is now ambiguous, so it is not rewritten, but nothing is deleted or truncated
    assert snapshot(data / "plans") == before
    total = len(list((data / "sources").glob("*.txt")))
    assert f"{total - len(expected)}/{total} kế hoạch" in result.stdout


def test_overrides_merge_at_load_and_survive_reextraction(data):
    assert run_cli(data, "extract").returncode == 0
    overrides = data / "overrides"
    overrides.mkdir()
    override = overrides / "ha-noi-21-kh-ubnd-2023.yaml"
    override.write_text("metadata:\n  signer: Lê Hồng Sơn (đã kiểm tra)\n", encoding="utf-8")
    assert run_cli(data, "extract").returncode == 0
    shutil.rmtree(data / ".cache")
    assert run_cli(data, "extract").returncode == 0
    assert override.read_text(encoding="utf-8") == "metadata:\n  signer: Lê Hồng Sơn (đã kiểm tra)\n"
    plans = {p.id: p for p in load_plans(DataDirs(data))}
    assert plans["ha-noi-21-kh-ubnd-2023"].metadata.signer == "Lê Hồng Sơn (đã kiểm tra)"
    assert plans["ha-noi-21-kh-ubnd-2023"].metadata.number == "21/KH-UBND"
    assert "Lê Hồng Sơn (đã kiểm tra)" not in (data / "plans" / "ha-noi-21-kh-ubnd-2023.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, reason, line",
    [
        ("metadata:\n  signer: [chưa đóng\n", "YAML không hợp lệ", 3),
        ("- chỉ là danh sách\n", "mapping", 1),
        ("metadata:\n  so_hieu: 21\n", "metadata.so_hieu", None),
    ],
)
def test_malformed_override_fails_check_with_file_and_line(data, text, reason, line):
    assert run_cli(data, "extract").returncode == 0
    (data / "overrides").mkdir()
    path = data / "overrides" / "kon-tum-710-kh-ubnd-2023.yaml"
    path.write_text(text, encoding="utf-8")
    where = f"{path}:{line}:" if line else f"{path}:"
    result = run_cli(data, "check")
    assert result.returncode == 1
    assert any(where in out and reason in out for out in result.stdout.splitlines()), result.stdout
    assert "ha-noi-21-kh-ubnd-2023" in result.stdout  # the other plans are still checked
    extracted = run_cli(data, "extract")
    assert extracted.returncode == 1
    assert any(out.startswith(f"LỖI {where}") and reason in out for out in extracted.stderr.splitlines())
    assert len(list((data / "plans").glob("*.yaml"))) == 6


def test_the_parsed_cache_holds_exactly_what_the_yaml_says(data):
    dirs = DataDirs(data)
    extract.run(extract.list_sources(dirs), dirs)
    paths = sorted((data / "plans").glob("*.yaml"))
    assert [read_plan_data(p, dirs) for p in paths] == [read_yaml(p) for p in paths]
    # extraction wrote the same bytes the loader would: the JSON download is one form
    assert [parsed_file(p, dirs).read_text(encoding="utf-8") for p in paths] == [
        dump_json(read_yaml(p)) for p in paths
    ]
    # an edited file is never read from a stale entry
    path = paths[0]
    path.write_text(path.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 2"), encoding="utf-8")
    assert read_plan_data(path, dirs)["schema_version"] == 2
