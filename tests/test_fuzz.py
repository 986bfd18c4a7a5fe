"""Fuzz tests of the whole extraction (:func:`generator.pipeline.extract_plan`).

Inputs:

* **structured**: plan-like documents assembled from the genre's pieces
  (issuer header, motto, 'Số: n/KH-UBND', 'X, ngày d tháng m năm y', 'KẾ
  HOẠCH', a title, labels of every style, bullets, '**bold**', footnote
  markers and footnote-like paragraphs, tab and '|' tables with total rows
  wider or narrower than their rows, percentages, nesting up to 200 levels,
  closing and footnotes), then laid out with random indentation, blank
  lines, CRLF, BOM or UTF-16;
* **byte level**: arbitrary bytes, arbitrary Unicode text, and random byte
  mutations, truncations and line-level edits of the eleven real plans.

Properties, for every input: ``extract_plan`` returns a :class:`Plan` or
raises :class:`PlanError` (never :class:`StageFailure` nor any other
exception); the plan re-validates to an equal plan
(``Plan.model_validate(plan.model_dump(mode="json"))``); every ``quote`` is
a substring (white space collapsed) of the passage it was read from:

* a target's quote is in the text of its clause (``clause_id``): the title
  and the blocks (marker and text) of that clause only, not of its
  descendants (that is what every seed plan does); a target read from a
  table instead quotes one of the plan's table rows (compared without the
  '.' / ',' of number formatting, since cells are typed);
* an assignment's and a deadline's quote is in the text of its clause;
* a citation's quote is in its footnote's text when it has a footnote, in
  the preamble when ``clause_id`` is None, else in its clause's text.

Example counts: ``FUZZ_EXAMPLES`` (examples per test; ``make fuzz`` sets
10000) overrides the small defaults below (a few hundred in all, so that
``make test`` stays fast). Without it the run is derandomized (the same
examples every time) and uses no example database; with it, examples are
random and failures are saved under ``.hypothesis/``. There is no deadline
unless ``FUZZ_DEADLINE_SECONDS`` is set (``make fuzz`` sets 10): ``make
test`` never depends on the machine's speed.

The complexity test at the end measures cost without clocks (see
:func:`extraction_cost`).
"""
from __future__ import annotations

import datetime
import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.database import DirectoryBasedExampleDatabase

import generator
from generator.errors import PlanError, StageFailure
from generator.models import Plan
from generator.pipeline import extract_plan

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REAL_PLANS = sorted(SOURCES.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))

# --------------------------------------------------------------------------
# Settings from the environment
# --------------------------------------------------------------------------

FUZZ_EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "").strip()
FUZZ_MODE = bool(FUZZ_EXAMPLES)
_DEADLINE = os.environ.get("FUZZ_DEADLINE_SECONDS", "").strip()
DEADLINE = datetime.timedelta(seconds=float(_DEADLINE)) if _DEADLINE else None


def fuzz_settings(default_examples: int) -> settings:
    """Settings of one fuzz test: ``default_examples`` unless FUZZ_EXAMPLES says otherwise."""
    common = dict(
        max_examples=int(FUZZ_EXAMPLES) if FUZZ_MODE else default_examples,
        deadline=DEADLINE,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        print_blob=True,
    )
    if FUZZ_MODE:
        return settings(database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")), **common)
    return settings(derandomize=True, database=None, **common)


# --------------------------------------------------------------------------
# The properties
# --------------------------------------------------------------------------


def collapse(text: str) -> str:
    return " ".join(text.split())


def _block_text(block) -> str:
    return f"{block.marker} {block.text}" if block.marker else block.text


def _walk(clauses):
    for clause in clauses:
        yield clause
        yield from _walk(clause.children)


def _number_free(text: str) -> str:
    return collapse(re.sub(r"[.,]", "", text))


def _cell(value) -> str:
    return "" if value is None else str(value)


def check_quotes(plan: Plan) -> None:
    """Every quote is a substring of the passage it was read from (module doc)."""
    clause_text = {
        clause.id: collapse(" ".join([clause.title, *(_block_text(b) for b in clause.blocks)]))
        for clause in _walk(plan.clauses)
    }
    preamble = collapse(" ".join(_block_text(b) for b in plan.preamble))
    footnotes: dict[int, str] = {}  # a number defined twice ('[1] …', '[1] …'): the quote is in one of them
    for footnote in plan.footnotes:
        footnotes[footnote.number] = f"{footnotes.get(footnote.number, '')} \n {collapse(footnote.text)}"
    rows = [
        _number_free(" ".join(_cell(value) for value in row))
        for table in plan.tables
        for row in [*table.rows, *([[table.total.label, *table.total.values]] if table.total else [])]
    ]
    problems = []
    for target in plan.targets:
        quote = collapse(target.quote)
        if quote in clause_text.get(target.clause_id, "") or any(_number_free(quote) in row for row in rows):
            continue
        problems.append(("target", target.clause_id, quote))
    for record in (*plan.assignments, *plan.deadlines):
        quote = collapse(record.quote)
        if record.clause_id not in clause_text or quote not in clause_text[record.clause_id]:
            problems.append((type(record).__name__.lower(), record.clause_id, quote))
    for citation in plan.citations:
        quote = collapse(citation.quote)
        if citation.footnote is not None:
            passage = footnotes.get(citation.footnote)
        elif citation.clause_id is None:
            passage = preamble
        else:
            passage = clause_text.get(citation.clause_id)
        if passage is None or quote not in passage:
            problems.append(("citation", citation.clause_id, quote))
    assert not problems, "quotes not found in their passage (kind, clause_id, quote):\n" + "\n".join(
        f"  {kind} {clause_id!r}: {quote[:160]!r}" for kind, clause_id, quote in problems[:8]
    )


def _event(name: str) -> None:
    """Count an outcome in hypothesis's statistics (``--hypothesis-show-statistics``)."""
    if currently_in_test_context():
        event(name)


def check_extraction(data: bytes, file: str = "fuzz.txt") -> Plan | None:
    """Extract; a PlanError is a fine answer (None), anything else but a Plan fails.

    StageFailure (and any other exception) propagates and fails the test with
    its traceback; a plan must re-validate to itself and quote its sources.
    """
    try:
        plan = extract_plan(data, file)
    except PlanError as exc:
        _event(f"PlanError: {exc.reason.split('(')[0][:40]}")
        return None
    _event("a plan")
    assert isinstance(plan, Plan)
    again = Plan.model_validate(plan.model_dump(mode="json"))
    assert again == plan, "the plan does not survive model_dump -> model_validate"
    check_quotes(plan)
    return plan


# --------------------------------------------------------------------------
# Genre pieces
# --------------------------------------------------------------------------

PROVINCES = ["X", "KON TUM", "SƠN LA", "BẮC NINH", "QUẢNG NAM", "ĐẮK LẮK", "CẦN THƠ"]
PLACES = ["X", "Kon Tum", "Hà Nội", "Thành phố Hồ Chí Minh", "Cần Thơ", "Quận 11", "Sơn La"]
AGENCIES = [
    "Sở Lao động - Thương binh và Xã hội", "Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Công an tỉnh",
    "Ủy ban nhân dân các huyện, thành phố", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Liên đoàn Lao động tỉnh",
    "Bảo hiểm xã hội tỉnh", "Ngân hàng Chính sách xã hội tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn",
]
DOC_TYPES = ["Quyết định", "Nghị quyết", "Kế hoạch", "Chỉ thị", "Thông tư", "Nghị định", "Công văn", "Luật"]
WORDS = (
    "lao động việc làm đào tạo nghề tỷ lệ thất nghiệp thanh niên nông thôn thành thị giảm nghèo an sinh xã hội "
    "bảo hiểm triển khai thực hiện kế hoạch chương trình tuyên truyền phối hợp kiểm tra giám sát đánh giá năm "
    "giai đoạn chỉ tiêu mục tiêu nhiệm vụ giải pháp người lao động doanh nghiệp hợp tác xã"
).split()
UPPER_WORDS = [word.upper() for word in WORDS]

# Labels of every style, with a number drawn for them: (style, n) -> label
LABEL_STYLES = [
    "roman_dot", "roman_dash", "part", "chapter", "section", "arabic", "arabic_paren", "dotted", "dotted3",
    "letter", "letter_dot", "dd", "paren", "article",
]
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XX", "XL", "MMM"]
LETTERS = "abcdđeghiklmnopqrstuvxy"


def label(style: str, n: int, m: int = 1, k: int = 1) -> str:
    roman = ROMANS[n % len(ROMANS)]
    return {
        "roman_dot": f"{roman}.",
        "roman_dash": f"{roman} -",
        "part": f"Phần {n}",
        "chapter": f"Chương {roman}",
        "section": f"Mục {n}",
        "arabic": f"{n}.",
        "arabic_paren": f"{n})",
        "dotted": f"{n}.{m}.",
        "dotted3": f"{n}.{m}.{k}.",
        "letter": f"{LETTERS[n % len(LETTERS)]})",
        "letter_dot": f"{LETTERS[n % len(LETTERS)]}.",
        "dd": "đ)",
        "paren": f"({n})",
        "article": f"Điều {n}.",
    }[style]


small = st.integers(min_value=0, max_value=40)
years = st.integers(min_value=1990, max_value=2060) | st.integers(min_value=0, max_value=9999)
numbers = st.integers(min_value=0, max_value=99999)
percentages = st.one_of(
    st.integers(0, 100).map(lambda p: f"{p}%"),
    st.tuples(st.integers(0, 99), st.integers(0, 9)).map(lambda t: f"{t[0]},{t[1]}%"),
    st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda t: f"{t[0]} - {t[1]}%"),
    st.integers(0, 100).map(lambda p: f"{p} %"),
    st.integers(0, 100).map(lambda p: f"{p}%/năm"),
)
phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
free_text = st.text(
    alphabet=st.characters(
        categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd", "Ps", "Pe", "Sm", "So"),
        exclude_characters="\u2028\u2029\x85",
    ),
    max_size=60,
)


@st.composite
def dates(draw, style: str | None = None) -> str:
    d, m, y = draw(small), draw(st.integers(0, 14)), draw(years)
    style = style or draw(st.sampled_from(["words", "slash", "bare"]))
    if style == "words":
        return f"ngày {d} tháng {m} năm {y}"
    if style == "slash":
        return f"ngày {d}/{m}/{y}"
    return f"{d}/{m}"


@st.composite
def citation(draw) -> str:
    kind = draw(st.sampled_from(DOC_TYPES))
    if kind == "Luật":
        return f"Luật {draw(phrase).capitalize()} năm {draw(years)}"
    code = draw(st.sampled_from(["QĐ-UBND", "NQ-CP", "KH-UBND", "CT-TTg", "TT-BLĐTBXH", "NĐ-CP", "UBND-KGVX"]))
    year = draw(years)
    number = f"{draw(numbers)}/{year}/{code}" if draw(st.booleans()) else f"{draw(numbers)}/{code}"
    return f"{kind} số {number} {draw(dates())} của {draw(st.sampled_from(AGENCIES + ['Thủ tướng Chính phủ', 'Chính phủ']))}"


@st.composite
def sentence(draw) -> str:
    """One sentence of plan text, of one of the shapes the extractors read."""
    year = draw(years)
    shape = draw(st.integers(0, 11))
    if shape == 0:
        text = f"Phấn đấu đến năm {year} tỷ lệ {draw(phrase)} đạt {draw(percentages)}"
    elif shape == 1:
        text = f"Giải quyết việc làm mới cho {draw(numbers):,} lao động".replace(",", ".")
    elif shape == 2:
        text = f"Giao {draw(st.sampled_from(AGENCIES))} chủ trì, phối hợp {draw(phrase)}"
    elif shape == 3:
        text = f"Đề nghị {draw(st.sampled_from(AGENCIES))} phối hợp {draw(phrase)}"
    elif shape == 4:
        due = draw(dates())
        text = f"{draw(st.sampled_from(AGENCIES))} báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh trước {due}" + draw(
            st.sampled_from(["", " hằng năm", " hàng tháng", " hàng quý", " định kỳ 6 tháng"])
        )
    elif shape == 5:
        text = f"Hoàn thành {draw(phrase)} trước {draw(dates())}"
    elif shape == 6:
        text = f"Căn cứ {draw(citation())}"
    elif shape == 7:
        text = f"Tỷ lệ {draw(phrase)} lần lượt đạt " + ", ".join(draw(st.lists(percentages, min_size=1, max_size=12)))
    elif shape == 8:
        text = f"Tổ chức {draw(numbers)} phiên giao dịch việc làm; hỗ trợ {draw(numbers)} người {draw(phrase)}"
    elif shape == 9:
        text = draw(free_text)
    elif shape == 10:
        text = f"Thực hiện {draw(citation())} và {draw(citation())}"
    else:
        text = draw(phrase).capitalize()
    if draw(st.integers(0, 5)) == 0:
        text += f"[{draw(st.integers(0, 1200))}]"
    return text + draw(st.sampled_from([".", ";", ":", "", "./.", "…"]))


@st.composite
def paragraph(draw) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=3)))


def bold(draw, text: str) -> str:
    how = draw(st.integers(0, 6))
    if how == 1:
        return f"**{text}**"
    if how == 2:
        head, _, rest = text.partition(" ")
        return f"**{head}** {rest}"
    if how == 3:
        return f"**{text}"  # unbalanced, as portal copies have
    if how == 4:
        return f"*{text}*"
    return text


@st.composite
def heading(draw, style: str | None = None) -> str:
    style = style or draw(st.sampled_from(LABEL_STYLES))
    text = label(style, draw(st.integers(0, 30)), draw(st.integers(0, 12)), draw(st.integers(0, 12)))
    title_kind = draw(st.integers(0, 3))
    if title_kind == 0:
        title = " ".join(draw(st.lists(st.sampled_from(UPPER_WORDS), min_size=1, max_size=8)))
    elif title_kind == 1:
        title = draw(phrase).capitalize()
    elif title_kind == 2:
        title = draw(paragraph())
    else:
        title = ""
    return bold(draw, f"{text} {title}".rstrip())


@st.composite
def bullet(draw) -> str:
    marker = draw(st.sampled_from(["-", "+", "–", "•", "*"]))
    return bold(draw, f"{marker} {draw(paragraph())}")


def _cell_value(draw) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return f"{draw(numbers):,}".replace(",", ".")
    if kind == 1:
        return f"{draw(st.integers(0, 999))},{draw(st.integers(0, 99))}"
    if kind == 2:
        return draw(percentages)
    if kind == 3:
        return ""
    if kind == 4:
        return draw(st.sampled_from(PLACES + AGENCIES))
    return draw(free_text).replace("|", "/")


@st.composite
def table(draw) -> list[str]:
    """A tab, Markdown or split-cell table, ragged rows and a total row of any width."""
    width = draw(st.integers(1, 6))
    header = ["STT", "Đơn vị", "Chỉ tiêu (Người)", "Tỷ lệ (%)", "Năm 2025", "Ghi chú"][:width]
    rows = []
    for index in range(draw(st.integers(0, 12))):
        cells = [str(index + 1)] + [_cell_value(draw) for _ in range(draw(st.integers(0, width + 2)))]
        rows.append(cells)
    if draw(st.booleans()):
        total_width = draw(st.integers(1, width + 3))
        rows.append([draw(st.sampled_from(["Tổng cộng", "Tổng", "Cộng", "TỔNG SỐ"]))] + [
            _cell_value(draw) for _ in range(total_width - 1)
        ])
    form = draw(st.sampled_from(["tab", "markdown", "cells"]))
    all_rows = [header, *rows]
    if form == "tab":
        return ["\t".join(row) for row in all_rows]
    if form == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return lines + ["| " + " | ".join(row) + " |" for row in rows]
    lines = []
    for row in all_rows:
        lines.append("|")
        for cell in row:
            lines += [bold(draw, cell) if cell else "", "|"]
    return lines


@st.composite
def header(draw) -> list[str]:
    lines: list[str] = []
    issuer = draw(st.integers(0, 4))
    if issuer == 1:
        lines += ["ỦY BAN NHÂN DÂN", f"TỈNH {draw(st.sampled_from(PROVINCES))}", "-------"]
    elif issuer == 2:
        lines += ["ỦY BAN NHÂN DÂN QUẬN 11"]
    elif issuer == 3:
        lines += ["UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "-------"]
    elif issuer == 4:
        lines += ["THÀNH ỦY CẦN THƠ", "*"]
    if draw(st.booleans()):
        lines += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
    if draw(st.integers(0, 4)):
        lines.append(draw(st.sampled_from(["Số: {n}/KH-UBND", "Số: {n} /KH-UBND", "Số:  /KH-UBND", "Số: {n}/QĐ-UBND"])).format(
            n=draw(numbers)))
    if draw(st.integers(0, 4)):
        lines.append(f"{draw(st.sampled_from(PLACES))}, {draw(dates('words'))}")
    if lines and draw(st.booleans()):  # the portal's split-cell form
        lines = ["|", *lines[: len(lines) // 2], "|", *lines[len(lines) // 2:], "|"]
    if draw(st.integers(0, 5)):
        lines.append(bold(draw, draw(st.sampled_from(["KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUYẾT ĐỊNH", "KẾ HOẠCH HÀNH ĐỘNG"]))))
        lines.append(" ".join(draw(st.lists(st.sampled_from(UPPER_WORDS), min_size=1, max_size=14))))
    return lines


@st.composite
def nesting(draw) -> list[str]:
    """A chain of clauses nested up to 200 levels deep, in one style or mixed."""
    depth = draw(st.integers(1, 200))
    how = draw(st.sampled_from(["dotted", "mixed", "cycle"]))
    lines = []
    for level in range(1, depth + 1):
        if how == "dotted":
            text = ".".join(["1"] * level) + "."
        elif how == "mixed":
            text = label(draw(st.sampled_from(LABEL_STYLES)), level, level, level)
        else:
            text = label(LABEL_STYLES[level % len(LABEL_STYLES)], level, 1, 1)
        lines.append(f"{text} Mức {level}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(sentence()))
    return lines


@st.composite
def body(draw) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        lines.append(f"Căn cứ {draw(citation())};")
    for _ in range(draw(st.integers(0, 20))):
        kind = draw(st.integers(0, 9))
        if kind <= 2:
            lines.append(draw(heading()))
        elif kind <= 4:
            lines.append(draw(paragraph()))
        elif kind <= 6:
            lines.append(draw(bullet()))
        elif kind == 7:
            lines.append(f"[{draw(st.integers(0, 1200))}] {draw(citation())}.")  # footnote-like paragraph
        elif kind == 8:
            lines += draw(table())
        else:
            lines += draw(nesting())
    return lines


@st.composite
def closing(draw) -> list[str]:
    lines = []
    if draw(st.booleans()):
        lines += ["Nơi nhận:", "- Như trên;", f"- {draw(st.sampled_from(AGENCIES))};", "- Lưu: VT, KGVX."]
    if draw(st.booleans()):
        lines += ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    for number in range(1, draw(st.integers(0, 5)) + 1):
        lines.append(f"[{number}] {draw(citation())}.")
    if draw(st.booleans()):
        lines += ["PHỤ LỤC", f"Chỉ tiêu giải quyết việc làm năm {draw(years)}", f"(Kèm theo Kế hoạch số {draw(numbers)}/KH-UBND)"]
        lines += draw(table())
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["[...]", "...", "…"])))
    return lines


@st.composite
def plan_lines(draw) -> list[str]:
    return draw(header()) + draw(body()) + draw(closing())


@st.composite
def layout(draw, lines: list[str]) -> bytes:
    """Random indentation, blank lines, line ends and encoding for some lines."""
    indents = ["", "", "", " ", "  ", "\t", "\u00a0", "    ", "\u00a0 "]
    out = []
    blank = draw(st.sampled_from(["none", "between", "random"]))
    for line in lines:
        out.append(draw(st.sampled_from(indents)) + line + draw(st.sampled_from(["", "", " ", "\t"])))
        if blank == "between" or (blank == "random" and draw(st.integers(0, 3)) == 0):
            out.append(draw(st.sampled_from(["", "", " ", "\u00a0"])))
    text = draw(st.sampled_from(["\n", "\r\n", "\n", "\r"])).join(out)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(encoding, errors="surrogatepass")


@st.composite
def plan_documents(draw) -> bytes:
    return draw(layout(draw(plan_lines())))


# --------------------------------------------------------------------------
# Fuzz tests
# --------------------------------------------------------------------------

MINIMAL = (
    "ỦY BAN NHÂN DÂN\nTỈNH X\nSố: 1/KH-UBND\nX, ngày 1 tháng 1 năm 2024\nKẾ HOẠCH\nVIỆC LÀM\n"
    "I. MỤC TIÊU\n1. Tỷ lệ lao động qua đào tạo đạt 80%.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"
)
APPENDIX = "PHỤ LỤC\nChỉ tiêu giải quyết việc làm\n"


@fuzz_settings(120)
@given(plan_documents())
@example(MINIMAL.encode())
@example(("I. A\n" + "".join(f"{'.'.join(['1'] * k)}. Mức {k}\n" for k in range(1, 201))).encode())
@example(("I. A\n" + "".join(f"{label(LABEL_STYLES[k % len(LABEL_STYLES)], k)} Mức {k}\n" for k in range(1, 201))).encode())
@example((MINIMAL + APPENDIX + "STT\tĐơn vị\tSố\n1\tA\t5\nTổng cộng\t\t5\t7\t8\n").encode())  # total wider
@example((MINIMAL + APPENDIX + "STT\tĐơn vị\tSố\t%\n1\tA\t5\t7\nTổng\n").encode())  # total narrower
@example((MINIMAL + APPENDIX + "| STT | Đơn vị | Số |\n|---|---|---|\n| 1 | A | 5 |\n| Tổng cộng | | 5 | 7 | 8 |\n").encode())
@example((MINIMAL + APPENDIX + "|\nSTT\n|\nĐơn vị\n|\n|\n1\n|\nA\n|\n|\nTổng cộng\n|\n5\n|\n6\n|\n7\n|\n").encode())
@example(MINIMAL.replace("Nơi nhận", "II. TỔ CHỨC THỰC HIỆN\n./. - Sở Y tế báo cáo trước ngày 31/12/2025.\nNơi nhận").encode())  # a stray './.' as a subject
def test_structured_plans_extract_or_are_rejected(data):
    check_extraction(data)


@fuzz_settings(40)
@given(st.binary(max_size=4000))
@example(b"")
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\xfe\xff\x00")
def test_arbitrary_bytes_extract_or_are_rejected(data):
    check_extraction(data)


@fuzz_settings(40)
@given(
    st.text(max_size=3000) | st.text(st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\n\t\r"), max_size=3000),
    st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_arbitrary_text_extracts_or_is_rejected(text, encoding):
    check_extraction(text.encode(encoding, errors="surrogatepass"))


def _real(index: int) -> tuple[bytes, str]:
    path = REAL_PLANS[index % len(REAL_PLANS)]
    return path.read_bytes(), path.name


byte_edit = st.tuples(
    st.sampled_from(["flip", "flip", "insert", "insert", "delete", "truncate", "duplicate", "duplicate", "zero"]),
    st.integers(min_value=0, max_value=10**7),
    # raw bytes (mostly invalid UTF-8: the decoder's rejections) or valid UTF-8 (the later stages)
    st.binary(min_size=1, max_size=8) | st.text(min_size=1, max_size=6).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.sampled_from([b"\n", b"\t", b"|", b" ", b"\r\n", b"**", b"1.", b"a)", b"[1]", b"%", b"\xc2\xa0"]),
    st.integers(min_value=1, max_value=400),
)


def apply_byte_edit(data: bytes, edit) -> bytes:
    op, where, payload, length = edit
    at = where % (len(data) + 1)
    if op == "flip":
        return data[:at] + payload[:1] + data[at + 1:]
    if op == "insert":
        return data[:at] + payload + data[at:]
    if op == "delete":
        return data[:at] + data[at + length:]
    if op == "truncate":
        return data[:at]
    if op == "duplicate":
        return data[:at] + data[at:at + length] + data[at:]
    return data[:at] + b"\x00" * min(length, 4) + data[at + 4:]


@fuzz_settings(40)
@given(st.integers(0, 100), st.lists(byte_edit, min_size=1, max_size=4))
def test_byte_mutations_of_real_plans_extract_or_are_rejected(index, edits):
    data, name = _real(index)
    for edit in edits:
        data = apply_byte_edit(data, edit)
    check_extraction(data, name)


PIECES = ["|", "", "**", "I.", "1.", "a)", "- ", "+", "[1]", "Nơi nhận:", "PHỤ LỤC", "KẾ HOẠCH", "Tổng cộng\t\t1",
          "STT\tA\tB", "1\tx\t2", "Số: 1/KH-UBND", "Điều 1.", "Phần 1", "(1)", "đ)", "TM. ỦY BAN NHÂN DÂN", "[...]"]
line_edit = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "cut", "join", "indent"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=60),
    st.sampled_from(PIECES) | sentence(),
)


def apply_line_edit(lines: list[str], edit) -> list[str]:
    op, where, length, piece = edit
    at = where % (len(lines) + 1)
    if op == "delete":
        return lines[:at] + lines[at + length:]
    if op == "duplicate":
        return lines[:at] + lines[at:at + length] + lines[at:]
    if op == "swap" and at + length < len(lines):
        lines = list(lines)
        lines[at], lines[at + length] = lines[at + length], lines[at]
        return lines
    if op == "insert":
        return lines[:at] + [piece] + lines[at:]
    if op == "cut" and at < len(lines):
        line = lines[at]
        cut = length % (len(line) + 1)
        return lines[:at] + [line[:cut], line[cut:]] + lines[at + 1:]
    if op == "join" and at + 1 < len(lines):
        return lines[:at] + [f"{lines[at]} {lines[at + 1]}"] + lines[at + 2:]
    if op == "indent" and at < len(lines):
        return lines[:at] + [piece[:1] * 3 + lines[at]] + lines[at + 1:]
    return lines


@fuzz_settings(50)
@given(st.integers(0, 100), st.lists(line_edit, min_size=1, max_size=6), st.sampled_from(["keep", "cut-end", "crlf"]))
def test_line_edits_of_real_plans_extract_or_are_rejected(index, edits, end):
    data, name = _real(index)
    lines = data.decode("utf-8").split("\n")
    for edit in edits:
        lines = apply_line_edit(lines, edit)
    text = "\n".join(lines)
    if end == "cut-end":
        text = text[: len(text) * 2 // 3]
    elif end == "crlf":
        text = text.replace("\n", "\r\n")
    check_extraction(text.encode("utf-8"), name)


@pytest.mark.parametrize("path", REAL_PLANS, ids=[f"{path.parent.name}-{path.name.split('-')[0][:16]}" for path in REAL_PLANS])
def test_real_plans_satisfy_the_properties(path):
    """The same properties on the eleven real plans as they are (a PlanError fails here)."""
    plan = check_extraction(path.read_bytes(), path.name)
    assert plan is not None, f"{path.name} is rejected"


# --------------------------------------------------------------------------
# Complexity, without clocks
# --------------------------------------------------------------------------

GENERATOR_DIR = str(Path(generator.__file__).resolve().parent)
#: C methods whose work grows with the length of the object they are called on.
LINEAR_METHODS = frozenset({
    "find", "rfind", "index", "rindex", "count", "split", "rsplit", "splitlines", "replace", "strip", "lstrip",
    "rstrip", "lower", "upper", "casefold", "translate", "encode", "partition", "rpartition", "remove", "insert",
    "copy",
})


class _OverBudget(BaseException):
    """Raised from the tracer to stop an extraction that already cost too much
    (a BaseException, so that no ``except Exception`` of a stage swallows it)."""


def extraction_cost(data: bytes, budget: int | None = None) -> int:
    """A deterministic measure of the work of one extraction (no clock).

    It counts every Python function call and every C call (``sys.setprofile``),
    every line executed in the generator's own code (``sys.settrace``, with a
    line tracer only on frames of ``generator/``, so loops that call nothing
    count too), and, for C methods that scan the str or list they are called
    on (``find``, ``split``, ``replace``, ``index``, ``insert`` ...), one more
    unit per 64 items of it. Work done inside one C call on its arguments
    (a regex's backtracking, string concatenation) is not seen. With
    ``budget``, the extraction stops (``_OverBudget``) as soon as the count
    exceeds it, so a quadratic extractor cannot make this test slow.
    A PlanError or StageFailure ends the extraction; its cost still counts.
    """
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1
        elif event == "c_call":
            count += 1
            owner = getattr(arg, "__self__", None)
            if isinstance(owner, (str, list)) and arg.__name__ in LINEAR_METHODS:
                count += len(owner) >> 6
        else:
            return
        if budget is not None and count > budget:
            raise _OverBudget

    def lines(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return lines

    def calls(frame, event, arg):
        return lines if frame.f_code.co_filename.startswith(GENERATOR_DIR) else None

    previous_trace, previous_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(calls)
    sys.setprofile(profile)
    try:
        extract_plan(data, "cost.txt")
    except (PlanError, StageFailure):
        pass
    finally:
        sys.setprofile(previous_profile)
        sys.settrace(previous_trace)
    return count


HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/KH-UBND\nKon Tum, ngày 5 tháng 3 năm 2023\nKẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH VIỆC LÀM NĂM 2023\n"
    "Căn cứ Quyết định số 1/QĐ-UBND ngày 2/1/2023 của Ủy ban nhân dân tỉnh.\nI. MỤC TIÊU\n"
)
TAIL = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"


def letter_items(n: int) -> str:
    return HEAD + "1. Mục tiêu cụ thể\n" + "".join(f"a) Nội dung thứ {k} của kế hoạch.\n" for k in range(n)) + TAIL


def percentage_run(n: int) -> str:
    run = ", ".join(f"{(k * 10) % 100}%" for k in range(n))
    return HEAD + f"1. Chỉ tiêu\nTỷ lệ lao động qua đào tạo lần lượt đạt {run}.\n" + TAIL


def short_lines(n: int) -> str:
    return HEAD + "1. Nội dung\nTriển khai\n" + "".join(f"và {k}\n" for k in range(n)) + TAIL


def table_rows(n: int) -> str:
    rows = "".join(f"{k}\tXã {k}\t{k * 10}\n" for k in range(1, n + 1))
    return (HEAD + "1. Giải quyết việc làm theo Phụ lục.\n" + TAIL + "PHỤ LỤC\nChỉ tiêu giải quyết việc làm năm 2023\n"
            + "STT\tĐơn vị\tChỉ tiêu (Người)\n" + rows + f"Tổng cộng\t\t{n * 10}\n")


def footnote_markers(n: int) -> str:
    body = "".join(f"Nội dung {k} theo Quyết định số {k}/QĐ-UBND[{k % 999 + 1}].\n" for k in range(n))
    notes = "".join(f"[{k}] Quyết định số {k}/QĐ-UBND ngày 1/1/2020 của Ủy ban nhân dân tỉnh.\n"
                    for k in range(1, min(n, 999) + 1))
    return HEAD + "1. Nội dung\n" + body + TAIL + notes


# shape -> (builder, n): the input of size 4n must cost less than 6x the one of size n.
# The sizes that showed the problems (16,000 'a)' items, 100,000 short lines)
# are scaled down so that the traced runs take a few seconds; the ratio of
# the costs above the base does not depend on the scale for polynomial growth.
SHAPES = {
    "letter-items": (letter_items, 300),
    "percentage-run": (percentage_run, 300),
    "short-lines": (short_lines, 1500),
    "table-rows": (table_rows, 300),
    "footnote-markers": (footnote_markers, 150),
}
MAX_GROWTH = 6


@pytest.mark.parametrize("shape", list(SHAPES))
def test_extraction_cost_grows_linearly(shape):
    """cost(4n) / cost(n) < 6 for the known pathological shapes, measured by
    :func:`extraction_cost` above the cost of the same document without the
    repeated part (so that fixed work does not hide the growth)."""
    build, n = SHAPES[shape]
    extraction_cost(build(3).encode())  # warm caches: registries, compiled regexes
    base = extraction_cost(build(0).encode())
    small_cost = extraction_cost(build(n).encode()) - base
    assert small_cost > 0
    budget = base + MAX_GROWTH * small_cost
    try:
        large_cost = extraction_cost(build(4 * n).encode(), budget=budget) - base
    except _OverBudget:
        large_cost = None
    if large_cost is None:
        pytest.fail(
            f"{shape}: the input of size {4 * n} costs more than {MAX_GROWTH}x the one of size {n} "
            f"({small_cost} units above the base {base}); stopped at the budget",
            pytrace=False,
        )
    ratio = large_cost / small_cost
    assert ratio < MAX_GROWTH, f"{shape}: cost({4 * n})/cost({n}) = {ratio:.2f} (>= {MAX_GROWTH})"


def test_the_quote_check_catches_a_quote_from_elsewhere():
    """The property is not vacuous: a quote moved to another clause is caught."""
    plan = extract_plan(REAL_PLANS[0].read_bytes(), REAL_PLANS[0].name)
    assert plan.targets, "the first bundled plan has targets"
    check_quotes(plan)
    target = plan.targets[0]
    wrong = target.model_copy(update={"quote": target.quote + " và một câu không có trong văn bản"})
    with pytest.raises(AssertionError, match="quotes not found"):
        check_quotes(plan.model_copy(update={"targets": [wrong, *plan.targets[1:]]}))
