"""Small text helpers shared by every stage: folding, slugs, Vietnamese numbers."""
from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata

import babel.numbers

_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Fold every run of white space (NBSP and tabs included) into one space."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII form for matching: 'Thất nghiệp Đô thị' -> 'that nghiep do thi'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return collapse_spaces(text.lower())


def bounded_slug(text: str, limit: int = 150) -> str:
    """:func:`slugify`, at most ``limit`` characters: a longer slug is cut at a word
    and ends in 8 hex digits of its hash, so two long names still get two ids."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    head = slug[: limit - len(digest) - 1]
    head = head.rsplit("-", 1)[0] if "-" in head else head
    return f"{head}-{digest}"


def slugify(text: str) -> str:
    """Readable ASCII slug: 'Hà Nội 21/KH-UBND' -> 'ha-noi-21-kh-ubnd'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


# A number as Vietnamese texts print it: '.' groups thousands, ',' marks decimals.
VN_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WHOLE_VN_NUMBER = re.compile(rf"^(?:{VN_NUMBER})$")


MAX_DIGITS = 15  # what a JSON number carries exactly; a longer run of digits is not a quantity


def is_vn_number(token: str) -> bool:
    """'6.500', '61,6', '12' are numbers; '4.0', '1,2.3', '', a 400-digit run are not."""
    token = token.strip()
    return bool(_WHOLE_VN_NUMBER.match(token)) and sum(ch.isdigit() for ch in token) <= MAX_DIGITS


def parse_vn_number(token: str) -> float | int:
    """Parse a number written the Vietnamese way (babel, locale ``vi``).

    '.' groups thousands and ',' is the decimal mark: '6.500' is 6500,
    '162.000' is 162000, '61,6' is 61.6. A token such as '4.0' that is not a
    valid grouping is read as a decimal written the English way.
    """
    token = token.strip()
    try:
        value = float(babel.numbers.parse_decimal(token, locale="vi", strict=True))
    except babel.numbers.NumberFormatError:
        value = float(token.replace(",", "."))
    return int(value) if value.is_integer() else value


def format_vn_number(value: float) -> str:
    """Write a number the Vietnamese way (babel, locale ``vi``): 162000 -> '162.000', 61.6 -> '61,6'."""
    return babel.numbers.format_decimal(value, locale="vi", decimal_quantization=False)


_MISSING_SLASH = re.compile(r"^(\d+)(?=[^\d/-])")


def clean_document_number(raw: str) -> str:
    """A document number as written, tidied: '**21** /KH-UBND' -> '21/KH-UBND',
    and the common typo '2312KH-UBND' -> '2312/KH-UBND'."""
    number = re.sub(r"\s+", "", raw.replace("*", "")).strip("./,;")
    return _MISSING_SLASH.sub(r"\1/", number)


def iso_date(match: re.Match | None) -> str | None:
    """'2023-06-15' from a match with ``day``, ``month`` and ``year`` groups; None
    when there is no match or the date does not exist (31/02)."""
    if match is None:
        return None
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"])).isoformat()
    except ValueError:
        return None


def _tone_pairs() -> dict[str, str]:
    """'oá' -> 'óa', 'Uỷ' -> 'Ủy' ...: the tone mark moved from the second vowel to the first."""
    pairs = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
                for f in (first, first.upper()):
                    for s in (second, second.upper()):
                        old = f + unicodedata.normalize("NFC", s + mark)
                        new = unicodedata.normalize("NFC", f + mark) + s
                        pairs[old] = new
    return pairs


_TONE_PAIRS = _tone_pairs()
# The pair must end its syllable ('hoàn', 'khuỷu' stay) and 'qu' is a consonant ('quý' stays).
_OLD_TONE = re.compile(rf"(?<![qQ])(?:{'|'.join(_TONE_PAIRS)})(?!\w)")


def unify_tones(text: str) -> str:
    """One tone placement everywhere: the traditional one of legal texts.

    Vietnamese writes the tone of 'oa', 'oe' and 'uy' at the end of a syllable
    in two ways: 'hóa', 'khỏe', 'Ủy', 'thủy' (traditional, used by the state's
    documents and official names) and 'hoá', 'khoẻ', 'Uỷ', 'thuỷ'. Text is NFC.
    Applied to plan text at ingest, to the search index and to search queries.
    """
    return _OLD_TONE.sub(lambda match: _TONE_PAIRS[match.group(0)], text)


_SENTENCE_START = re.compile(r"\s+(\w)")


def statement_spans(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, sentence)`` of each statement of ``text``: its sentences (a '.'
    before white space and a capital letter: '… 6,5%/năm. Tỷ lệ …') and their
    ';'-separated parts, outside parentheses; ``sentence`` numbers the sentence a
    part belongs to. The spans cover the text but for the separators."""
    spans: list[tuple[int, int, int]] = []
    start = depth = sentence = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth > 0 or char not in ".;":
            continue
        ends_sentence = False
        if char == ".":
            follower = _SENTENCE_START.match(text, index + 1)
            ends_sentence = follower is not None and follower[1].isupper()
            if not ends_sentence:
                continue
        spans.append((start, index, sentence))
        start = index + 1
        sentence += ends_sentence
    spans.append((start, len(text), sentence))
    return spans


# A footnote marker in the text, '[3]', and a footnote's own opening, '[3] Theo …'.
FOOTNOTE_MARK = re.compile(r"\[(\d{1,3})\]")
FOOTNOTE_DEF = re.compile(r"^\[(?P<number>\d{1,3})\]\s*")
