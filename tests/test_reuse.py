"""Preparing the site's parts again after an edit reuses the last preparation's files whose inputs
did not change (generator/site/reuse.py). Whatever the edit, the parts must be those a preparation
from nothing makes, byte for byte, and an edit to one plan must leave the parts that do not show it
as they were."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site import build as site_build
from generator.site import parts, reuse
from generator.store import dump_yaml, read_yaml

ROOT = Path(__file__).resolve().parent.parent


def prepare(data: Path, folder: Path, monkeypatch, hub_code: str = "hub") -> dict[str, tuple]:
    """The parts of ``data`` prepared in ``folder``: name -> (state, outputs, meta)."""
    monkeypatch.setenv("GENERATOR_DATA", str(data))
    corpus = site_build.load()
    states = parts.prepare(corpus, True, site_build.schema_file(), "https://example.org/", folder, "code", hub_code,
                           site_build.data_dirs())
    return {state.name: (state, *((folder / state.name / name).read_bytes() for name in (parts.OUTPUTS, parts.META)))
            for state in states}


def plan_with(data: Path, key: str) -> Path:
    """The first plan file (by name) with at least one entry in ``key``."""
    return next(path for path in sorted((data / "plans").glob("*.yaml")) if read_yaml(path).get(key))


def edit_plan(key: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(data: Path) -> None:
        path = plan_with(data, key)
        plan = read_yaml(path)
        change(plan)
        path.write_text(dump_yaml(plan), encoding="utf-8")
    return edit


def _paragraph(plan: dict) -> None:
    quoted = {assignment["clause_id"] for assignment in plan["assignments"]}
    stack = list(plan["clauses"])
    while stack:
        clause = stack.pop(0)
        blocks = [block for block in clause["blocks"] if block.get("text")]
        if blocks and clause["id"] not in quoted:
            blocks[0]["text"] += " Nội dung được bổ sung."
            return
        stack += clause["children"]
    raise AssertionError("no paragraph to edit")


def _target(plan: dict) -> None:
    plan["targets"][0]["value"] = (plan["targets"][0]["value"] or 0) + 7


def _task(plan: dict) -> None:
    plan["assignments"][0]["task"] += " và báo cáo kết quả"


def _task_moved(plan: dict) -> None:
    others = [a["agency"] for a in plan["assignments"] if a["agency"] != plan["assignments"][0]["agency"]]
    plan["assignments"][0]["agency"] = others[0]


def _task_removed(plan: dict) -> None:
    del plan["assignments"][0]


def _unclassified(plan: dict) -> None:
    plan["targets"][0]["indicator"] = None


def _citation_removed(plan: dict) -> None:
    del plan["citations"][-1]


def _deadline(plan: dict) -> None:
    plan["deadlines"][0]["due"] = "--12-15"


def _document(plan: dict) -> None:
    plan["documents"][0]["subject"] = "một nội dung khác"


def _title(plan: dict) -> None:
    plan["metadata"]["title"] += " (sửa đổi)"


def _remove(data: Path) -> None:
    sorted((data / "plans").glob("*.yaml"))[0].unlink()


def _override(data: Path) -> None:
    path = plan_with(data, "targets")
    (data / "overrides").mkdir(exist_ok=True)
    (data / "overrides" / path.name).write_text("metadata:\n  signer: Nguyễn Văn A\n", encoding="utf-8")


def _source(data: Path) -> None:
    path = sorted((data / "sources").iterdir())[0]
    path.write_bytes(path.read_bytes() + b"\n")


HUB, INDICATORS, DOCUMENTS = parts.HUB, parts.INDICATORS, parts.DOCUMENTS
EDITS = {  # each edit, and the parts it must leave as they were (not even written again)
    "a paragraph of text": (edit_plan("clauses", _paragraph), {HUB, INDICATORS, DOCUMENTS}),
    "a target's value": (edit_plan("targets", _target), {DOCUMENTS}),
    "a task": (edit_plan("assignments", _task), {HUB, INDICATORS, DOCUMENTS}),
    "a task given to another agency": (edit_plan("assignments", _task_moved), {INDICATORS, DOCUMENTS}),
    "a task removed": (edit_plan("assignments", _task_removed), {INDICATORS, DOCUMENTS}),
    "a target no longer on its indicator": (edit_plan("targets", _unclassified), {DOCUMENTS}),
    "a citation removed": (edit_plan("citations", _citation_removed), {INDICATORS}),
    "a deadline's day": (edit_plan("deadlines", _deadline), {HUB, INDICATORS, DOCUMENTS}),
    "a cited document": (edit_plan("documents", _document), set()),  # every page may name a document
    "a title": (edit_plan("clauses", _title), set()),
    "a plan removed": (_remove, set()),
    "an override added": (_override, set()),
    "a source file's bytes": (_source, {HUB, INDICATORS, DOCUMENTS}),
}


@pytest.fixture
def data(tmp_path):
    """A copy of the bundled data, with its parsed cache."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize("edit, kept", EDITS.values(), ids=EDITS.keys())
def test_after_an_edit_reusing_the_last_preparation_makes_the_same_parts(edit, kept, data, tmp_path, monkeypatch):
    folder = tmp_path / "again"
    again = prepare(data, folder, monkeypatch)
    assert kept <= again.keys() and (folder / reuse.RECORD).is_file()
    files = {name: (folder / name / parts.OUTPUTS).stat() for name in again}
    edit(data)
    reused = prepare(data, folder, monkeypatch)
    fresh = prepare(data, tmp_path / "fresh", monkeypatch)
    assert reused.keys() == fresh.keys()
    for name in fresh:
        assert reused[name] == fresh[name], name
    assert any(again[name][0] != fresh[name][0] for name in fresh), "the edit changed nothing"
    for name in kept:
        status = (folder / name / parts.OUTPUTS).stat()
        assert (status.st_ino, status.st_mtime_ns) == (files[name].st_ino, files[name].st_mtime_ns), name


def test_a_record_that_does_not_read_means_preparing_everything(data, tmp_path, monkeypatch):
    folder = tmp_path / "prepared"
    first = prepare(data, folder, monkeypatch)
    (folder / reuse.RECORD).write_text('{"site": ', encoding="utf-8")
    for name in first:  # the last parts' files are no longer what the record says
        (folder / name / parts.INDEX).write_text("[]", encoding="utf-8")
    assert prepare(data, folder, monkeypatch) == first


def test_a_new_offline_zip_gives_the_hub_a_new_fingerprint_and_no_other_part(data, tmp_path, monkeypatch):
    """The hub's build publishes the offline zip (its ``hub_code``), which no prepared file shows."""
    folder = tmp_path / "prepared"
    before = prepare(data, folder, monkeypatch)
    after = prepare(data, folder, monkeypatch, hub_code="another zip")
    assert after == prepare(data, tmp_path / "fresh", monkeypatch, hub_code="another zip")
    assert [name for name in after if after[name][0] != before[name][0]] == [HUB]
