"""Stage 2, structure: body paragraphs -> preamble and clause tree.

Guarantees:

* Every body paragraph ends up exactly once, in order, either in the
  preamble (before the first numbered clause), as a clause's label and
  title, or as a block (paragraph or ``-``/``+`` list item) of a clause.
  :func:`clause_text` reads them back in document order.
* Numbering styles nest by rank: ``Phần 1`` > ``I.``/``I-`` > ``1.`` >
  ``1.1.`` > ``1.1.1.`` > ``a)``. A label closes every open clause of the
  same or a deeper rank.
* Clause ids are the path an official cites: ``III.2.4``, ``I.2.a``; a
  dotted label already carries its parents' numbers, so ``1.1.`` under ``II``
  is ``II.1.1``; ``Phần 1`` is ``P1``; ``đ)`` is ``dd``. Ids are ASCII, unique
  within a plan and deterministic: a repeated id gets ``_2``, ``_3`` in
  document order (seed 002's second ``III.`` is ``III_2``), and its children
  inherit that prefix.
* A text with no numbered clause at all is a :class:`PlanError`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from generator.errors import PlanError
from generator.ingest import BULLET, LABEL, Line, is_upper
from generator.models import Block, Clause

LETTER_RANK = 10
_TITLE_SPLIT = re.compile(r"^(?P<head>[^:.;]{2,100}:)\s+(?P<rest>\S.*)$")
_LONG_TITLE = 150


def build_tree(body: list[Line], file: str) -> tuple[list[Block], list[Clause]]:
    """Return (preamble blocks, top-level clauses) for a document body."""
    preamble: list[Block] = []
    roots: list[Clause] = []
    stack: list[tuple[int, Clause]] = []
    used_ids: set[str] = set()
    awaiting_title: Clause | None = None

    for line in body:
        match = LABEL.match(line.text)
        if match is None:
            if awaiting_title is not None and is_upper(line.text):
                awaiting_title.title = line.text
                awaiting_title = None
                continue
            awaiting_title = None
            block = _block(line)
            if stack:
                stack[-1][1].blocks.append(block)
            else:
                preamble.append(block)
            continue

        rank, label, key = _style(match)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        clause_id = _unique(_clause_id(key, match, stack), used_ids)
        rest = line.text[match.end():].strip()
        clause = Clause(id=clause_id, label=label, title="", line=line.number)
        _set_title(clause, rest, line.number)
        (parent.children if parent else roots).append(clause)
        stack.append((rank, clause))
        awaiting_title = clause if not rest else None

    if not roots:
        first = body[0].number if body else None
        raise PlanError(
            file,
            "không nhận ra cách đánh số mục nào (I., 1., 1.1., a), Phần 1 ...); "
            "không dựng được cây điều khoản",
            first,
        )
    return preamble, roots


def _style(match: re.Match) -> tuple[int, str, str]:
    """(rank, printed label, style key) of a matched label."""
    if match["part"]:
        return 0, match["part"], "part"
    if match["roman"]:
        return 1, match.group(0).strip(), "roman"
    if match["arabic"]:
        depth = match["arabic"].count(".") + 1
        return 1 + depth, match["arabic"] + ".", "arabic"
    if match["dotted"]:
        depth = match["dotted"].count(".") + 1
        return 1 + depth, match["dotted"], "dotted"
    return LETTER_RANK, match["letter"] + ")", "letter"


def _clause_id(key: str, match: re.Match, stack: list[tuple[int, Clause]]) -> str:
    if key == "part":
        own = "P" + match["part"].split()[-1]
    elif key == "roman":
        own = match["roman"]
    elif key in ("arabic", "dotted"):
        own = match[key]
        # a dotted label already carries the numbers of its arabic parents
        stack = [(rank, c) for rank, c in stack if rank <= 1]
    else:
        own = "dd" if match["letter"] == "đ" else match["letter"]
    base = stack[-1][1].id if stack else ""
    return f"{base}.{own}" if base else own


def _unique(candidate: str, used: set[str]) -> str:
    clause_id, n = candidate, 1
    while clause_id in used:
        n += 1
        clause_id = f"{candidate}_{n}"
    used.add(clause_id)
    return clause_id


def _set_title(clause: Clause, rest: str, line: int) -> None:
    """Short label text is the title; 'Head: task ...' splits; long text becomes a block."""
    split = _TITLE_SPLIT.match(rest)
    if split:
        clause.title = split["head"]
        clause.blocks.append(Block(kind="paragraph", text=split["rest"], line=line))
    elif len(rest) > _LONG_TITLE:
        clause.blocks.append(Block(kind="paragraph", text=rest, line=line))
    else:
        clause.title = rest


def _block(line: Line) -> Block:
    bullet = BULLET.match(line.text)
    if bullet:
        return Block(kind="item", marker=bullet["marker"], text=line.text[bullet.end():], line=line.number)
    return Block(kind="paragraph", text=line.text, line=line.number)


# ---------------------------------------------------------------- reading back


def walk_paths(clauses: list[Clause], ancestors: tuple[Clause, ...] = ()) -> Iterator[tuple[Clause, tuple[Clause, ...]]]:
    """Every clause in document order with its path from the top (itself included)."""
    for clause in clauses:
        path = (*ancestors, clause)
        yield clause, path
        yield from walk_paths(clause.children, path)


def walk(clauses: list[Clause]) -> Iterator[Clause]:
    """Every clause, depth first, in document order."""
    return (clause for clause, _ in walk_paths(clauses))


def block_text(block: Block) -> str:
    return f"{block.marker} {block.text}" if block.marker else block.text


def clause_text(preamble: list[Block], clauses: list[Clause]) -> str:
    """The body as one string read back from the tree (for the no-loss check)."""
    parts = [block_text(b) for b in preamble]
    for clause in walk(clauses):
        parts.append(f"{clause.label} {clause.title}".strip())
        parts.extend(block_text(b) for b in clause.blocks)
    return " ".join(parts)


def find_clause(clauses: list[Clause], clause_id: str) -> Clause | None:
    return next((c for c in walk(clauses) if c.id == clause_id), None)
