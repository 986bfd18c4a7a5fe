"""How values read on the site: Vietnamese numbers, dates, labels.

Every function is pure and returns plain text (escaping happens when the
text is put into a page). Numbers are written the Vietnamese way: ``.``
groups thousands and ``,`` is the decimal mark (``162.000``, ``73,2``).
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from generator.models import Deadline, Plan, Target
from generator.textutil import fold

COMPARATORS = {"<": "dưới", "<=": "không quá", ">": "trên", ">=": "ít nhất", "~": "khoảng", "=": "đạt"}
"""How a target's comparator reads (the data keeps the symbol, which sorts): the words plans use."""
QUARTER = re.compile(r"^Q([1-4])/(\d{4})$")
QUARTER_NUMERALS = ("I", "II", "III", "IV")
LEVELS = {
    "province": "Tỉnh, thành phố",
    "commune": "Xã, phường, đặc khu",
    "district": "Quận, huyện (trước 01/7/2025)",
    "department": "Sở, ngành",
    "party-committee": "Cấp ủy Đảng",
    "mass-organisation": "Mặt trận, đoàn thể",
}
DOC_TYPES = {
    "ke-hoach": "Kế hoạch", "chuong-trinh": "Chương trình", "de-an": "Đề án", "nghi-quyet": "Nghị quyết",
    "quyet-dinh": "Quyết định",
}
FREQUENCIES = {
    "once": "Một lần",
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "half-yearly": "6 tháng một lần",
    "yearly": "Hằng năm",
    "periodic": "Định kỳ",
    "on-request": "Khi có yêu cầu",
}
DEADLINE_KINDS = {"report": "Báo cáo", "completion": "Hoàn thành"}
RELATIONS = {"based-on": "Căn cứ", "implements": "Thực hiện", "amends": "Sửa đổi, bổ sung", "replaces": "Thay thế"}
"""What a plan does with a document it cites, as the plan page says it."""
RELATED_BY = {
    "implements": "Các kế hoạch thực hiện văn bản này",
    "based-on": "Các kế hoạch căn cứ văn bản này",
    "amends": "Các kế hoạch sửa đổi, bổ sung văn bản này",
    "replaces": "Các kế hoạch thay thế văn bản này",
}
"""The same relations seen from the cited document: its page's section headings."""
BETTER = {"lower": "Càng thấp càng tốt", "higher": "Càng cao càng tốt"}
UNKNOWN = "Chưa rõ"


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores diacritics first, then breaks ties exactly."""
    return fold(text), text


def number(value: float) -> str:
    """``162000`` -> ``162.000``; ``73.2`` -> ``73,2``; ``4.0`` -> ``4``."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def quantity(target: Target, unit: str | None = None) -> str:
    """Comparator in words, value (or range) and unit (the target's, or ``unit`` when one unit is
    shown for a whole indicator): ``dưới 4 %``, ``ít nhất 80–85 %``, ``đạt 162.000 lao động``."""
    value = number(target.value)
    if target.value_max is not None:
        value += "–" + number(target.value_max)
    return f"{COMPARATORS[target.comparator]} {value} {unit or target.unit}".strip()


MULTI_YEAR = re.compile(r"\d{4}\s*[-–]\s*\d{4}")
PERIOD_KINDS = {"year": "theo năm", "quarter": "theo quý", "multi-year": "cả giai đoạn"}


def period_kind(target: Target) -> str:
    """What span a target's value is for (a key of :data:`PERIOD_KINDS`): a quarter
    (``Q1/2023``), several years together (``2023-2025``), or one year."""
    if target.period and QUARTER.match(target.period):
        return "quarter"
    if target.period and MULTI_YEAR.search(target.period):
        return "multi-year"
    return "year"


def when(target: Target) -> str:
    """Target year or period as plans write it: ``2025``, ``Quý I/2023`` (the data's ``Q1/2023``)."""
    if target.year is not None and not target.period:
        return str(target.year)
    quarter = QUARTER.match(target.period or "")
    if quarter:
        return f"Quý {QUARTER_NUMERALS[int(quarter[1]) - 1]}/{quarter[2]}"
    return target.period or UNKNOWN


def cell(target: Target, unit: str | None = None) -> str:
    """The comparison cell: ``dưới 4 % (2025)``, never a bare number (``unit`` as for :func:`quantity`)."""
    return f"{quantity(target, unit)} ({when(target)})"


def file_size(size: int) -> str:
    """A file's size as readers read it: ``812 B``, ``12,3 KB``, ``1,4 MB`` (1 KB = 1,024 B)."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{format_decimal(round(value, 1), format='#,##0.#', locale='vi')} {unit}"


def date(iso: str | None) -> str:
    """``2023-01-12`` -> ``12/01/2023``; None -> ``Chưa rõ``."""
    if not iso:
        return UNKNOWN
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def legal_date(iso: str) -> str:
    """``2025-07-01`` -> ``01/7/2025``, as legal texts write a date (the month without its zero)."""
    year, month, day = iso.split("-")
    return f"{day}/{int(month)}/{year}"


def due(deadline: Deadline) -> str:
    """``2023-06-15`` -> ``15/06/2023``; ``--11-05`` -> ``ngày 05/11``; ``---15`` -> ``ngày 15``."""
    value = deadline.due
    if not value:
        return UNKNOWN
    if value.startswith("---"):
        return f"ngày {value[3:]}"
    if value.startswith("--"):
        month, day = value[2:].split("-")
        return f"ngày {day}/{month}"
    return date(value)


def frequency(deadline: Deadline) -> str:
    """``Hằng tháng``; a value this site does not know yet is shown as stored."""
    return FREQUENCIES.get(deadline.frequency, deadline.frequency)


def deadline_kind(deadline: Deadline) -> str:
    return DEADLINE_KINDS.get(deadline.kind, deadline.kind)


def level(value: str | None) -> str:
    return LEVELS.get(value or "", UNKNOWN)


def period(plan: Plan) -> str:
    start, end = plan.metadata.period_start, plan.metadata.period_end
    if start is None:
        return UNKNOWN
    return str(start) if end in (None, start) else f"{start}–{end}"


def plan_year(plan: Plan) -> int | None:
    """The year a plan is listed under: issue date, else start of its period."""
    if plan.metadata.date:
        return int(plan.metadata.date[:4])
    return plan.metadata.period_start


def excerpt(text: str, limit: int = 240) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with ``…``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
