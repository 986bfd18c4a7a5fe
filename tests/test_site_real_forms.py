"""The site shows what the extractor learned from real forms: a plan issued with a
decision, and a plan marked for review. Built from a data folder holding the real
2025 Sơn La decision (from ../shared/corpus) and a plan whose number was left blank."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SONLA = ROOT.parent / "shared" / "corpus" / "sonla_2954-QD-UBND_2025_ke-hoach-xuat-khau.txt"
BLANK_NUMBER = (
    "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố:     /KH-UBND\nKon Tum, ngày 5 tháng 3 năm 2026\n"
    "KẾ HOẠCH\nVIỆC LÀM NĂM 2026\nI. MỤC TIÊU\n1. Tạo việc làm cho 1.000 lao động.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory, site_builder):
    data = tmp_path_factory.mktemp("real-forms") / "data"
    (data / "sources").mkdir(parents=True)
    shutil.copy(SONLA, data / "sources" / SONLA.name)
    (data / "sources" / "so-trong.txt").write_text(BLANK_NUMBER, encoding="utf-8")
    extracted = subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(data), "extract"], cwd=ROOT, capture_output=True, text=True
    )
    assert extracted.returncode == 0, extracted.stderr
    return site_builder(tmp_path_factory.mktemp("real-forms-site") / "site", data)


def page(site, plan_id: str) -> str:
    return (site.root / "ke-hoach" / plan_id / "index.html").read_text(encoding="utf-8")


def test_a_plan_issued_with_a_decision_says_so_and_cites_the_articles(site):
    html = page(site, "son-la-2954-qd-ubnd-2025")
    assert "Ban hành kèm theo" in html and "Quyết định số 2954/QĐ-UBND ngày 20/11/2025" in html
    assert "XUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030" in html
    assert 'id="D1"' in html and 'id="V_2.1"' in html


def test_a_plan_marked_for_review_shows_why(site):
    (plan_page,) = [p for p in (site.root / "ke-hoach").glob("*/index.html") if "son-la" not in p.parent.name]
    html = plan_page.read_text(encoding="utf-8")
    assert "Dữ liệu cần người biên tập xem lại" in html and "số văn bản để trống" in html
