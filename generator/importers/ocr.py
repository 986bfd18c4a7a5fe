"""The OCR importer: a scanned PDF (no text layer) -> the text tesseract reads in it (Vietnamese).

Guarantees, besides those every importer gives (:mod:`generator.importers`):

* OCR runs in a child process, ``python -m generator.importers.ocr <in.pdf>
  <folder> <pages>`` (started in the folder holding the ``generator``
  package, whatever the caller's working folder), through :func:`generator.importers.tools.run_tool`:
  it has a hard time limit (:func:`time_limit`, by the number of pages) and
  when it overruns it is killed with its whole process group (ocrmypdf's
  tesseract and unpaper processes included). It works in a private
  temporary folder, removed afterwards. Without tesseract or unpaper,
  :class:`PlanError` says the PDF is a scan and which Debian package to
  install.
* At most :data:`MAX_OCR_PAGES` pages are read; a longer scan ends with the
  truncation marker and a review note.
* What OCR found (per page: paragraphs of lines of words, each word with its
  confidence, as JSON) is cached by the PDF's bytes under :data:`OCR_KIND`,
  so a second run of the same file, under any name, costs no OCR.
* The text is one OCR line per line, a blank line between OCR paragraphs,
  every line placed on its page (``trang N``). Specks read as punctuation
  with low confidence (``_—`` for a rule) are dropped, and so is page
  furniture, as in a text PDF (:func:`generator.importers.pdf.furniture`).
* Clause labels misread by OCR are repaired (:func:`repair_labels`), each
  repair a review note; the review also gives the mean word confidence and
  the lines read with low confidence.

Why ocrmypdf's ``_pdf_to_hocr``: the public ``ocrmypdf.ocr()`` gives text
only (``output_type="none", sidecar=…``), without word confidences or the
paragraphs tesseract found. ``_pdf_to_hocr`` runs the same pipeline
(rasterising, ``deskew``, unpaper's ``clean``, tesseract) and stops at one
hOCR file per page, which ocrmypdf's public ``hocrtransform.HocrParser``
reads into paragraphs, lines and words with their confidence (no hOCR
parser of our own). The function is private and marked experimental, so
``requirements.txt`` pins ocrmypdf and only the child process calls it: a
change shows as an OCR run that fails with its message.
"""
from __future__ import annotations

import itertools
import json
import math
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PlanError
from generator.importers import ImportedText, TextBuilder
from generator.importers.cache import cached
from generator.importers.pdf import TRUNCATION_MARKER, furniture
from generator.importers.tools import require, run_tool, tool_timeout
from generator.numbering import ROMAN
from generator.textutil import format_vn_number

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the ``generator`` package: the OCR child process starts there."""

MAX_OCR_PAGES = 30
"""Pages of a scan that OCR reads; the rest is cut, with the truncation marker."""

OCR_KIND = "ocr-vie-v1"
"""The cache kind of OCR results: the tool, its language and settings, and the result's form."""

PAGES_PER_TIME_LIMIT = 10
"""OCR may take one tool time limit (``GENERATOR_TOOL_TIMEOUT``) per this many pages."""

LOW_CONFIDENCE = 60
"""A line whose words' mean confidence (0-100) is below this is counted as read with low confidence."""

NOISE_CONFIDENCE = 50
"""A word of no letter or digit read with a confidence below this is a speck, not text."""

RESULT = "ocr.json"
"""The file the child process writes into its folder."""

_Words = list[tuple[str, int | None]]  # a line's words and their confidence (0-100, or None)


def read_scanned(data: bytes, file: str, cache: Path | None, page_count: int) -> ImportedText:
    """The text OCR reads in scanned PDF ``data`` of ``page_count`` pages; see the module doc."""
    pages = min(page_count, MAX_OCR_PAGES)
    found = json.loads(cached(cache, OCR_KIND, data, lambda: run_ocr(data, file, pages)))
    page_lines = [_page_lines(page["paragraphs"]) for page in found]
    dropped = furniture([[_text(words) for words, _ in lines] for lines in page_lines])
    rows = [(words, page["page"], starts) for page, lines, drop in zip(found, page_lines, dropped)
            for words, starts in _kept(lines, drop)]  # (words, page, starts a paragraph)
    scores = [[score for _, score in words if score is not None] for words, _, _ in rows]
    if not any(scores):
        raise PlanError(file, "PDF là ảnh quét nhưng nhận dạng chữ (OCR) không đọc ra chữ nào")
    texts, repairs = repair_labels([_text(words) for words, _, _ in rows])
    builder = TextBuilder()
    for text, (_, page, starts) in zip(texts, rows):
        if starts:
            builder.blank()
        builder.add(text, f"trang {page}")
    mean = statistics.mean(score for line in scores for score in line)
    review = [f"văn bản nhận dạng từ ảnh quét (OCR), độ tin cậy trung bình "
              f"{format_vn_number(round(mean, 1))} %: cần đối chiếu với bản gốc"]
    low = [rows[i][1] for i, line in enumerate(scores) if line and statistics.mean(line) < LOW_CONFIDENCE]
    if low:
        review.append(f"{len(low)} dòng nhận dạng có độ tin cậy dưới {LOW_CONFIDENCE} % "
                      f"(trang {', '.join(map(str, sorted(set(low))))})")
    review += [f"sửa nhãn OCR: '{repair.old}' → '{repair.new}' (trang {rows[repair.index][1]})" for repair in repairs]
    if page_count > pages:
        builder.blank()
        builder.add(TRUNCATION_MARKER, f"trang {pages}")
        review.append(f"PDF có {page_count} trang, chỉ nhận dạng chữ {pages} trang đầu")
    return builder.result("pdf", review)


def _page_lines(paragraphs: list[list[_Words]]) -> list[tuple[_Words, bool]]:
    """A page's lines as (words, starts a paragraph), without specks (a word of no letter or
    digit read with low confidence, as '_—' for a rule) and the lines made only of them."""
    lines = [([(text, score) for text, score in line
               if score is None or score >= NOISE_CONFIDENCE or any(ch.isalnum() for ch in text)], position == 0)
             for paragraph in paragraphs for position, line in enumerate(paragraph)]
    return _kept(lines, {index for index, (words, _) in enumerate(lines) if not words})


def _kept(lines: list[tuple[_Words, bool]], drop: set[int]) -> list[tuple[_Words, bool]]:
    """``lines`` but those at ``drop``; a dropped line's paragraph start passes to the next line kept."""
    kept, starts = [], False
    for index, (words, first) in enumerate(lines):
        starts = starts or first
        if index not in drop:
            kept.append((words, starts))
            starts = False
    return kept


def _text(words: _Words) -> str:
    return " ".join(text for text, _ in words)


def time_limit(pages: int = MAX_OCR_PAGES) -> float:
    """Seconds the OCR of ``pages`` pages may take: a tool time limit per :data:`PAGES_PER_TIME_LIMIT` pages."""
    return tool_timeout() * math.ceil(pages / PAGES_PER_TIME_LIMIT)


def run_ocr(data: bytes, file: str, pages: int) -> bytes:
    """OCR of the first ``pages`` pages of ``data`` by the child process: the JSON it writes."""
    try:
        for program, package in (("tesseract", "tesseract-ocr-vie"), ("unpaper", "unpaper")):
            require(program, file, package, "nhận dạng chữ (OCR)")
    except PlanError as error:
        raise PlanError(file, f"PDF là ảnh quét, không có lớp chữ; {error.reason}") from None
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        source = Path(folder) / "input.pdf"
        source.write_bytes(data)
        run_tool([sys.executable, "-m", __name__, str(source), folder, str(pages)], file,
                 "nhận dạng chữ (OCR)", timeout=time_limit(pages), cwd=PROJECT_ROOT)
        result = Path(folder) / RESULT
        if not result.exists():
            raise PlanError(file, "nhận dạng chữ (OCR) kết thúc mà không ghi kết quả")
        return result.read_bytes()


def main(argv: list[str]) -> None:
    """The child process: OCR ``argv = [in.pdf, folder, pages]``, write ``folder/ocr.json``: per
    page, its paragraphs of lines of words with their confidence (0-100, or null):
    ``[{"page": 1, "paragraphs": [[[["Kế", 96], ["hoạch", 95]], …], …]}, …]``."""
    from ocrmypdf.api import _pdf_to_hocr  # noqa: PLC0415 - only the child loads ocrmypdf
    from ocrmypdf.hocrtransform import HocrParser, OcrClass  # noqa: PLC0415

    source, folder, pages = argv
    work = Path(folder).resolve() / "hocr"
    work.mkdir()
    _pdf_to_hocr(Path(source).resolve(), work, language=["vie"], deskew=True, clean=True, jobs=1,
                 progress_bar=False, pages=f"1-{pages}", mode="force")
    result = []
    for path in sorted(work.glob("*_ocr_hocr.hocr")):
        page = HocrParser(path).parse()
        paragraphs = [
            [[[word.text, None if word.confidence is None else round(100 * word.confidence)] for word in line.children]
             for line in paragraph.children]
            for paragraph in page.children if paragraph.ocr_class == OcrClass.PARAGRAPH
        ]
        result.append({"page": int(path.name.split("_")[0]), "paragraphs": paragraphs})
    (Path(folder) / RESULT).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- clause labels misread


@dataclass(frozen=True)
class Repair:
    index: int  # of the line
    old: str
    new: str


@dataclass(frozen=True)
class _Reading:
    """A clause label read one way: a Roman section (``II.``), a number path (``2.1.``), or both (``III.2.4``)."""

    text: str
    roman: int | None
    path: tuple[int, ...]


# A line-initial token that is a label or may be one misread: Roman and Arabic digits, their look-alikes, dots.
_TOKEN = re.compile(r"^[IVXLl1|!\d][IVXLl1|!\d.,]*(?=\s)")
_LABEL_TEXT = re.compile(
    rf"^(?:(?P<roman>(?=[IVX]){ROMAN})(?:\.(?P<sub>\d{{1,2}}(?:\.\d{{1,2}}){{0,4}}))?"
    r"|(?P<path>\d{1,2}(?:\.\d{1,2}){0,5}))(?P<dot>\.?)$"
)
# What OCR reads for I and 1: l, |, !, L (I and a dot), a lost stroke (II read as I), ',' for '.'.
_LOOK_ALIKES = {"I": ("I", "1", "II"), "l": ("I", "1"), "|": ("I", "1"), "!": ("I", "1"), "1": ("1", "I"),
                "L": ("I", "I.", "1"), ",": (".",)}
_ROMAN_LOOK_ALIKES = set("IVXLl|!")
_MAX_LOOK_ALIKES = 8
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def repair_labels(lines: list[str]) -> tuple[list[str], list[Repair]]:
    """``lines`` with misread clause labels at line start put right, and the repairs made.

    The labels tracked are Roman sections (``I.``, ``II.`` …), the numbers
    under them (``1.``, ``2.``, dotted ``2.1.``) and dotted labels under a
    section (``III.2.4``). Walking them in order, a label that fits the
    sequence (the next Roman numeral; the next number at any depth, or a
    first sub-number) is kept. One that does not is replaced by a reading
    in which OCR's look-alikes (``l``, ``|``, ``!``, ``L`` for ``I``/``1``,
    ``I`` for ``II``, ``,`` for ``.``) are read otherwise, when exactly one
    such reading scores best, where a reading scores a point for fitting
    after the label before and one for the next label fitting after it, and
    it fits after the label before. A token that is itself a valid label
    (``1.`` for ``I.``) is replaced only by a reading that fits on both
    sides; a Roman-looking token with no dot before a capital (``II GIẢI
    PHÁP``) may be read with its dot. Anything else is left as it is.
    """
    tokens = [_TOKEN.match(line) for line in lines]
    literals = [_reading(match.group(0)) if match else None for match in tokens]
    result = list(lines)
    repairs: list[Repair] = []
    state: tuple[int | None, tuple[int, ...]] = (None, ())
    for index, match in enumerate(tokens):
        if match is None:
            continue
        literal = literals[index]
        if literal is not None and _fits(state, literal):
            state = _after(state, literal)
            continue
        following = next((reading for reading in literals[index + 1:] if reading is not None), None)

        def score(reading: _Reading) -> int:
            fits_next = following is not None and _fits(_after(state, reading), following)
            return _fits(state, reading) + fits_next

        readings = _readings(match.group(0), lines[index][match.end():].lstrip()[:1].isupper())
        best = max(map(score, readings), default=0)
        winners = [reading for reading in readings if score(reading) == best]
        needed = 1 if literal is None else 2
        if len(winners) == 1 and winners[0] != literal and best >= needed and _fits(state, winners[0]):
            chosen = winners[0]
            result[index] = chosen.text + lines[index][match.end():]
            repairs.append(Repair(index, match.group(0), chosen.text))
            state = _after(state, chosen)
        elif literal is not None:
            state = _after(state, literal)
    return result, repairs


def _reading(token: str) -> _Reading | None:
    """The label ``token`` reads as, or None; a one-part label needs its dot (``II.``, ``2.``)."""
    match = _LABEL_TEXT.match(token)
    if match is None:
        return None
    if match["roman"]:
        path = tuple(int(part) for part in match["sub"].split(".")) if match["sub"] else ()
        if not path and not match["dot"]:
            return None
        return _Reading(token, _roman_value(match["roman"]), path)
    path = tuple(int(part) for part in match["path"].split("."))
    if len(path) == 1 and not match["dot"]:
        return None
    return _Reading(token, None, path)


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0]))


def _readings(token: str, heading: bool) -> list[_Reading]:
    """Every label ``token`` may be, its look-alikes read every way (itself included, when valid);
    a ``heading`` token with a Roman look-alike and no dot may have lost its dot (``II GIẢI PHÁP``)."""
    if sum(ch in _LOOK_ALIKES for ch in token) > _MAX_LOOK_ALIKES:
        return []
    choices = [_LOOK_ALIKES.get(ch, (ch,)) for ch in token]
    if heading and "." not in token and any(ch in _ROMAN_LOOK_ALIKES for ch in token):
        choices.append(("", "."))
    texts = dict.fromkeys("".join(parts) for parts in itertools.product(*choices))
    return [reading for text in texts if (reading := _reading(text)) is not None]


def _fits(state: tuple[int | None, tuple[int, ...]], reading: _Reading) -> bool:
    """Does ``reading`` continue the numbering after ``state`` (the last section and number path)?"""
    roman, path = state
    if reading.roman is not None and not reading.path:
        return reading.roman == (roman or 0) + 1
    if reading.roman is not None and reading.roman != roman:
        return False
    following = {path[:depth] + (path[depth] + 1,) for depth in range(len(path))} | {path + (1,)}
    return reading.path in following


def _after(state: tuple[int | None, tuple[int, ...]], reading: _Reading) -> tuple[int | None, tuple[int, ...]]:
    if reading.roman is not None and not reading.path:
        return reading.roman, ()
    return (reading.roman or state[0]), reading.path


if __name__ == "__main__":
    main(sys.argv[1:])
