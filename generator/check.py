"""``generator check``: schema and consistency checks over ``data/``.

Guarantees: every plan file is loaded with its override and validated
exactly as the site build loads it (:func:`generator.store.load_plan`); the
report lists, per plan, the counts of what was extracted, then everything a
curator should look at. ``ok`` is False when the data folder is missing, a
file fails to load (bad data, or a fault of the machine: one line with path
and reason) or a cross-check fails; unclassified targets and agencies marked
for review are reported but do not fail the check. Every registry is loaded
first (:mod:`generator.catalogue`, then the 2025 map's cross-references): a
malformed entry is one error naming the file and the line; a plan dated after its locality
ceased to exist (a district plan of 2026) is a warning.

:func:`reference_problems` is the one list of references that point nowhere;
the site logs the same list as warnings, so a ``--strict`` build fails on
exactly what fails here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator import catalogue, localities, succession
from generator.errors import PlanError, machine_fault
from generator.models import Plan, Table
from generator.store import DataDirs, load_plan, plan_files
from generator.structure import walk
from generator.textutil import format_vn_number


@dataclass
class Report:
    plans: list[Plan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def render(self) -> str:
        lines = [f"{'Kế hoạch':<48} điều  chỉ tiêu  phân công  văn bản  hạn báo cáo  bảng"]
        for plan in self.plans:
            lines.append(
                f"{plan.id:<48} {sum(1 for _ in walk(plan.clauses)):>4}  {len(plan.targets):>9}  "
                f"{len(plan.assignments):>9}  {len(plan.documents):>7}  {len(plan.deadlines):>11}  {len(plan.tables):>4}"
            )
        for title, items in (("Cần xem lại", self.warnings), ("Lỗi", self.errors)):
            if items:
                lines.append(f"\n{title} ({len(items)}):")
                lines.extend(f"- {item}" for item in items)
        verdict = "ĐẠT" if self.ok else "KHÔNG ĐẠT"
        lines.append(f"\nKết quả: {verdict} — {len(self.plans)} kế hoạch, {len(self.errors)} lỗi, {len(self.warnings)} cảnh báo.")
        return "\n".join(lines)


def run_checks(dirs: DataDirs) -> Report:
    report = Report()
    if not dirs.root.is_dir():
        report.errors.append(f"{dirs.root}: thư mục dữ liệu không tồn tại")
        return report
    if not dirs.plans.is_dir():
        report.errors.append(f"{dirs.plans}: không có thư mục kế hoạch; hãy chạy extract trước")
        return report
    for load in (catalogue.load, localities.all_localities, succession.endings):
        try:
            load()
        except PlanError as exc:  # a malformed registry entry: one line naming the file, the entry and why
            report.errors.append(str(exc))
            return report
    try:
        paths = plan_files(dirs)
    except PlanError as exc:
        report.errors.append(str(exc))
        return report
    for path in paths:
        try:
            plan = load_plan(path, dirs)
        except PlanError as exc:
            report.errors.append(str(exc))
            continue
        report.plans.append(plan)
        _check_plan(plan, dirs, report)
    try:
        overrides = sorted(dirs.overrides.glob("*.yaml")) if dirs.overrides.exists() else []
    except OSError as exc:
        report.errors.append(str(machine_fault(dirs.overrides, exc, "không đọc được thư mục")))
        overrides = []
    for override in overrides:
        if not (dirs.plans / override.name).exists():
            report.warnings.append(f"{override}: không có kế hoạch '{override.stem}' để áp dụng tệp sửa tay")
    return report


def _check_plan(plan: Plan, dirs: DataDirs, report: Report) -> None:
    where = f"{plan.id} ({plan.source.file})"
    if not (dirs.sources / plan.source.file).exists():
        report.warnings.append(f"{where}: tệp nguồn không còn trong {dirs.sources}")
    counts = Counter(clause.id for clause in walk(plan.clauses))
    duplicates = sorted(cid for cid, count in counts.items() if count > 1)
    if duplicates:
        report.errors.append(f"{where}: mã điều khoản trùng: {', '.join(duplicates)}")
    report.warnings.extend(f"{where}: {reason}" for reason in plan.metadata.review)
    locality = localities.get(plan.metadata.locality)
    if locality is not None and locality.until and plan.metadata.date and plan.metadata.date > locality.until:
        report.warnings.append(f"{where}: ngày ban hành {plan.metadata.date} sau khi {locality.full_name} "
                               f"không còn (đến {locality.until})")
    for target in plan.targets:
        if target.indicator is None:
            report.warnings.append(
                f"{where} mục {target.clause_id}: chỉ tiêu chưa phân loại "
                f"«{target.measure}» = {format_vn_number(target.value)} {target.unit}"
            )
    for agency in plan.agencies:
        if agency.review:
            report.warnings.append(f"{where}: cơ quan chưa có trong sổ đăng ký, cần xem lại: «{agency.name}» ({agency.id})")
    for table in plan.tables:
        _check_table_total(plan, table, where, report)
    for footnote in plan.footnotes:
        if footnote.clause_id is None:
            report.warnings.append(f"{where}: chú thích [{footnote.number}] không gắn với điều khoản nào")
    report.errors.extend(f"{where}: {problem}" for problem in reference_problems(plan))


def reference_problems(plan: Plan, indicators: set[str] | None = None) -> list[str]:
    """References inside a plan that point nowhere (typically after a hand
    correction): clauses, tables, agencies, documents, indicators (of the
    catalogue, or of ``indicators`` when given), localities."""
    places = {clause.id for clause in walk(plan.clauses)} | {table.id for table in plan.tables}
    agencies = {agency.id for agency in plan.agencies}
    documents = {document.id for document in plan.documents}
    if indicators is None:
        indicators = {indicator.id for indicator in catalogue.load().indicators}
    problems = []
    records = [("chú thích", f.clause_id) for f in plan.footnotes if f.clause_id]
    records += [(f"chỉ tiêu «{t.measure}»", t.clause_id) for t in plan.targets]
    records += [(f"phân công cho {a.agency_name}", a.clause_id) for a in plan.assignments]
    records += [("trích dẫn văn bản", c.clause_id) for c in plan.citations if c.clause_id]
    records += [("hạn báo cáo", d.clause_id) for d in plan.deadlines]
    problems += [f"{what} trỏ tới mục không có: {clause_id}" for what, clause_id in records if clause_id not in places]
    problems += [f"phân công trỏ tới cơ quan không có trong danh sách: {a.agency}"
                 for a in plan.assignments if a.agency not in agencies]
    problems += [f"trích dẫn trỏ tới văn bản không có trong danh sách: {c.document}"
                 for c in plan.citations if c.document not in documents]
    problems += [f"chỉ tiêu «{t.measure}» thuộc mã chỉ tiêu không có trong danh mục: {t.indicator}"
                 for t in plan.targets if t.indicator and t.indicator not in indicators]
    named = [("kế hoạch", plan.metadata.locality)] + [(f"cơ quan {a.id}", a.locality) for a in plan.agencies]
    problems += [f"{what}: địa phương '{locality}' không có trong danh mục địa phương (data/registry/map-before-2025.json, vietnam-provinces)"
                 for what, locality in named if locality and localities.get(locality) is None]
    return problems


def _check_table_total(plan: Plan, table: Table, where: str, report: Report) -> None:
    """A stated total must equal the sum of its column, and match the plan's headline target."""
    if table.total is None:
        return
    headline = _headline_targets(plan, table)
    for index, stated in enumerate(table.total.values):
        if not isinstance(stated, (int, float)) or table.columns[index].type == "text":
            continue
        name = f"{where}: bảng '{table.title}', cột '{table.columns[index].name}'"
        computed = sum(row[index] or 0 for row in table.rows)
        if computed != stated:
            report.errors.append(
                f"{name}: tổng ghi {format_vn_number(stated)} nhưng cộng {len(table.rows)} dòng được "
                f"{format_vn_number(computed)}"
            )
        if headline and not any(t.value == stated for t in headline):
            figures = "; ".join(f"mục {t.clause_id}: {format_vn_number(t.value)} {t.unit}" for t in headline)
            report.errors.append(f"{name}: tổng {format_vn_number(stated)} khác chỉ tiêu chung của kế hoạch ({figures})")
        elif not headline:
            report.warnings.append(f"{name}: không tìm thấy chỉ tiêu chung để đối chiếu tổng {format_vn_number(stated)}")


def _headline_targets(plan: Plan, table: Table) -> list:
    """Plan-wide targets (no scope, no quarter) of the indicator the table's rows carry."""
    row_labels = {cell for row in table.rows for cell in row if isinstance(cell, str)}
    indicators = {t.indicator for t in plan.targets if t.scope in row_labels and t.indicator}
    return [t for t in plan.targets if t.indicator in indicators and t.scope is None and not (t.period or "").startswith("Q")]
