"""The genre's numbering: which paragraph openings are clause labels, bullets or footnotes.

Guarantees: :func:`read_label` recognises, at the start of a clean line, every
numbering style Vietnamese plans use — ``Phần 1`` / ``PHẦN I``, ``A.``,
``Chương I``, ``Mục 1``, ``Điều 1.``, ``I.`` / ``I-`` / ``II –``, ``1.``,
``1.1.`` / ``2.1.1.`` (with or without the last dot), ``2.1.a.``, ``1)``,
``(1)``, ``a)`` / ``a.`` / ``đ)`` — and returns its style, its rank and the
piece of the clause id it contributes. Nothing else is a label: a number such
as ``1.000`` or ``61,6%`` at the start of a line is not, and a dotted label
has at most six parts, so the depth of any clause tree is bounded.

Ranks order the *major* styles (a label closes every open clause of the same
or a deeper rank): Phần > A. > Chương > Mục > Điều > I. > 1. > 1.1. > 1.1.1.
The *minor* styles (``a)``, ``1)``, ``(1)``) have no fixed rank: each nests
under whatever clause is open, and a style already open makes a sibling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.textutil import FOOTNOTE_DEF

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_NUMBERED_PART = rf"(?:\d{{1,2}}|{ROMAN}(?![A-Za-zÀ-ỹ]))"
LABEL = re.compile(
    r"^(?:"
    rf"(?P<part>(?:Phần|PHẦN)\s+(?P<part_no>{_NUMBERED_PART}))(?:\s*[.:\-–]\s*|\s+|$)"
    rf"|(?P<chapter>(?:Chương|CHƯƠNG)\s+(?P<chapter_no>{_NUMBERED_PART}))(?:\s*[.:\-–]\s*|\s+|$)"
    rf"|(?P<section>(?:Mục|MỤC)\s+(?P<section_no>{_NUMBERED_PART}))(?:\s*[.:\-–]\s*|\s+|$)"
    r"|(?P<article>(?:Điều|ĐIỀU)\s+(?P<article_no>\d{1,3}))\s*[.:]\s*"
    rf"|(?P<roman>(?=[IVX]){ROMAN})(?:\s*[.\-–]\s*(?![a-zà-ỹđ])|\s*\.?$)"
    r"|(?P<upper>[A-HK-UYĐ])\.\s+(?=[A-ZĐÀ-Ỹ])"
    r"|(?P<dotted_letter>\d{1,2}(?:\.\d{1,2}){0,4})\.(?P<dl_letter>[a-zđ])[.)]\s*"
    r"|(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,5})\.(?:\s+|(?=[^\W\d_]))"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,5})\s+(?=[^\W\d_])"
    r"|(?P<arabic_paren>\d{1,2})\)\s*"
    r"|\((?P<paren>\d{1,2})\)\s*"
    r"|(?P<letter>[a-zđ])[).]\s+"
    r")"
)
BULLET = re.compile(r"^(?P<marker>[-+•–—*·])\s+")
MINOR_STYLES = ("letter", "arabic_paren", "paren")


@dataclass(frozen=True)
class Label:
    style: str  # the group name above
    rank: int | None  # None for a minor style
    own: str  # this label's piece of the clause id: 'III', '2.1', 'a', 'dd', 'P1'
    printed: str  # the label as printed: 'III.', '2.1.', 'a)', 'Phần 1'
    end: int  # where the text after the label starts


def _id_letter(letter: str) -> str:
    return "dd" if letter == "đ" else letter


def read_label(text: str) -> Label | None:
    """The clause label opening ``text``, if any (see the module doc)."""
    match = LABEL.match(text)
    if match is None:
        return None
    printed = match.group(0).strip()
    style = match.lastgroup if match.lastgroup in MINOR_STYLES else _major_style(match)
    if style == "roman" and not match["roman"]:
        return None
    if style == "dotted" or (style == "arabic" and not match.group(0)[-1:].isspace()):
        # '1.Tổ chức' or '2.1 Mục tiêu': without the usual space a heading starts with a capital
        if not text[match.end():match.end() + 1].isupper():
            return None
    if style == "part":
        return Label(style, 0, "P" + match["part_no"], match["part"], match.end())
    if style == "upper":
        return Label(style, 1, _id_letter(match["upper"].lower()).upper(), printed, match.end())
    if style == "chapter":
        return Label(style, 2, "C" + match["chapter_no"], match["chapter"], match.end())
    if style == "section":
        return Label(style, 3, "M" + match["section_no"], match["section"], match.end())
    if style == "article":
        return Label(style, 4, "D" + match["article_no"], printed, match.end())
    if style == "roman":
        return Label(style, 5, match["roman"], printed, match.end())
    if style == "dotted_letter":
        numbers = match["dotted_letter"]
        own = f"{numbers}.{_id_letter(match['dl_letter'])}"
        return Label(style, 6 + numbers.count(".") + 1, own, printed, match.end())
    if style in ("arabic", "dotted"):
        numbers = match[style]
        return Label("arabic", 6 + numbers.count("."), numbers, printed, match.end())
    if style == "arabic_paren":
        return Label(style, None, match["arabic_paren"], printed, match.end())
    if style == "paren":
        return Label(style, None, match["paren"], printed, match.end())
    return Label("letter", None, _id_letter(match["letter"]), printed, match.end())


def _major_style(match: re.Match) -> str:
    for style in ("part", "chapter", "section", "article", "roman", "upper", "dotted_letter", "arabic", "dotted"):
        if match[style] is not None:
            return style
    return "letter"


def starts_block(text: str) -> bool:
    """True for a line that begins a clause, a list item or a footnote."""
    return bool(read_label(text) or BULLET.match(text) or FOOTNOTE_DEF.match(text))
