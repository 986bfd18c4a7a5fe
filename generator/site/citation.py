"""How a plan and its clauses are named and cited in Vietnamese official style.

Guarantees:

* :func:`plan_name` identifies a plan in one short line: ``Kế hoạch số
  21/KH-UBND ngày 12/01/2023``; a plan without a number is named by type,
  issuer and period (``Chương trình của Thành ủy Cần Thơ giai đoạn
  2021–2030``), so no plan is ever unnamed.
* :func:`clause_path` is the path an official writes, rebuilt from the
  clause id: ``III.2.4``; ``I.2.dd`` is ``I.2.đ``; ``P1.II.3`` is ``Phần 1,
  mục II.3``; a repeated label (``III_2.1``, the second ``III.``) is written as
  printed and told apart by the title of the repeated part.
* :func:`citation` is ``Mục III.2.4 Kế hoạch số 21/KH-UBND ngày 12/01/2023
  của Ủy ban nhân dân thành phố Hà Nội``; the page adds `` – <url>`` when it
  is copied, because only the browser knows the address it is served from.
"""

from __future__ import annotations

import re

from generator.models import Clause, Plan
from generator.site import display

_REPEAT = re.compile(r"_\d+$")
_PART = re.compile(r"^P(\d+)$")


def plan_name(plan: Plan) -> str:
    meta = plan.metadata
    kind = display.DOC_TYPES[meta.doc_type]
    if meta.number:
        name = f"{kind} số {meta.number}"
        return f"{name} ngày {display.date(meta.date)}" if meta.date else name
    name = f"{kind} của {meta.issuer}" if meta.issuer else kind
    if meta.period_start is None:
        return name
    span = display.period(plan)
    return f"{name} {'giai đoạn' if '–' in span else 'năm'} {span}"


def plan_reference(plan: Plan) -> str:
    """The plan as cited after a clause: name plus issuer (or title when unnumbered)."""
    meta = plan.metadata
    if not meta.number:
        return f"{display.DOC_TYPES[meta.doc_type]} “{meta.title}”" + (f" của {meta.issuer}" if meta.issuer else "")
    name = plan_name(plan)
    return f"{name} của {meta.issuer}" if meta.issuer else name


def clause_path(clause_id: str, ancestors: list[Clause]) -> str:
    """``III.2.4``, ``I.2.đ``, ``Phần 1, mục II.3``, ``III.1 (phần “TỔ CHỨC THỰC HIỆN”)``.

    ``ancestors`` are the clauses from the top level down to the clause
    itself, used to name a repeated part by its title.
    """
    segments = clause_id.split(".")
    repeated = next((c for c, s in zip(ancestors, segments) if _REPEAT.search(s)), None)
    segments = ["đ" if s == "dd" else _REPEAT.sub("", s) for s in segments]
    part = _PART.match(segments[0])
    if part:
        rest = ".".join(segments[1:])
        path = f"Phần {part[1]}" + (f", mục {rest}" if rest else "")
    else:
        path = ".".join(segments)
    if repeated is not None and repeated.title:
        path += f" (phần “{repeated.title}”)"
    return path


def clause_label(clause_id: str, ancestors: list[Clause]) -> str:
    """``Mục III.2.4``; a part is ``Phần 1``."""
    path = clause_path(clause_id, ancestors)
    return path if path.startswith("Phần") else f"Mục {path}"


def citation(plan: Plan, clause_id: str, ancestors: list[Clause]) -> str:
    return f"{clause_label(clause_id, ancestors)} {plan_reference(plan)}"
