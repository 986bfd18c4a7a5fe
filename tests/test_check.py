"""generator check: the report, and the cross-checks of an appendix total."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import SEEDS, SOURCES

ROOT = Path(__file__).resolve().parent.parent
HANOI = SEEDS["hanoi"]


def extract_and_check(data: Path) -> subprocess.CompletedProcess:
    for command in (["extract"], ["check"]):
        result = subprocess.run([sys.executable, "-m", "generator", "--data", str(data), *command],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    return result


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    (tmp_path / "data" / "sources").mkdir(parents=True)
    shutil.copy(SOURCES / HANOI, tmp_path / "data" / "sources" / HANOI)
    return tmp_path / "data"


def edit(data: Path, old: str, new: str) -> None:
    path = data / "sources" / HANOI
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_report_on_the_seeds_passes_and_lists_what_to_review(tmp_path):
    shutil.copytree(SOURCES, tmp_path / "data" / "sources")
    result = extract_and_check(tmp_path / "data")
    assert result.returncode == 0, result.stdout
    assert "ha-noi-21-kh-ubnd-2023" in result.stdout and "Kết quả: ĐẠT" in result.stdout
    assert "chỉ tiêu chưa phân loại" in result.stdout  # reported, not dropped, not failing


def test_a_row_that_does_not_add_up_fails_with_both_figures(data):
    edit(data, "1\tBa Đình\t6.700", "1\tBa Đình\t6.800")
    result = extract_and_check(data)
    assert result.returncode == 1
    assert "tổng ghi 162.000 nhưng cộng 30 dòng được 162.100" in result.stdout


def test_a_total_that_differs_from_the_headline_target_fails_with_both_figures(data):
    edit(data, "Giải quyết việc làm mới cho 162.000 lao động.", "Giải quyết việc làm mới cho 160.000 lao động.")
    result = extract_and_check(data)
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if "khác chỉ tiêu chung" in l)
    assert "tổng 162.000" in line and "mục II: 160.000 lao động" in line


def test_a_hand_correction_that_breaks_a_reference_fails_the_check(data):
    assert extract_and_check(data).returncode == 0
    (data / "overrides").mkdir()
    (data / "overrides" / "ha-noi-21-kh-ubnd-2023.yaml").write_text(
        "citations:\n- document: quyet-dinh-khong-co\n  clause_id: III.9\n  quote: Quyết định\n", encoding="utf-8"
    )
    result = extract_and_check(data)
    assert result.returncode == 1
    assert "trích dẫn văn bản trỏ tới mục không có: III.9" in result.stdout
    assert "trích dẫn trỏ tới văn bản không có trong danh sách: quyet-dinh-khong-co" in result.stdout


def test_check_lists_plans_marked_for_review(tmp_path):
    """A number left blank in the header (stamped after signing) is null and reported by check."""
    import subprocess
    import sys

    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    (sources / "so-trong.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố:     /KH-UBND\nKon Tum, ngày    tháng 3 năm 2026\n"
        "KẾ HOẠCH\nVỀ VIỆC LÀM NĂM 2026\nI. MỤC TIÊU\n1. Tạo việc làm cho người lao động.\n",
        encoding="utf-8",
    )
    run = [sys.executable, "-m", "generator", "--data", str(tmp_path / "data")]
    assert subprocess.run([*run, "extract"], capture_output=True, text=True).returncode == 0
    report = subprocess.run([*run, "check"], capture_output=True, text=True).stdout
    assert "số văn bản để trống" in report and "ngày ban hành để trống" in report
