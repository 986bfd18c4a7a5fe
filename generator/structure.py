"""Stage 2, structure: body paragraphs -> preamble and clause tree.

Guarantees:

* Every body paragraph ends up exactly once, in order, either in the
  preamble (before the first numbered clause), as a clause's label and
  title, or as a block (paragraph or ``-``/``+`` list item) of a clause.
  :func:`clause_text` reads them back in document order.
* Numbering styles nest as :mod:`generator.numbering` states: major styles
  by rank (``Phần 1`` > ``A.`` > ``Chương I`` > ``Mục 1`` > ``Điều 1`` >
  ``I.`` > ``1.`` > ``1.1.`` > ``1.1.1.``), a label closing every open clause
  of the same or a deeper rank; minor styles (``a)``, ``1)``, ``(1)``) nest
  under the open clause, or make a sibling of their own open level. The
  depth of the tree is bounded (no recursion limit can be reached).
* Clause ids are the path an official cites: ``III.2.4``, ``I.2.a``; a
  dotted label already carries its parents' numbers, so ``1.1.`` under ``II``
  is ``II.1.1``; ``Phần 1`` is ``P1``, ``Chương II`` ``CII``, ``Mục 1``
  ``M1``, ``Điều 1`` ``D1``; ``đ)`` is ``dd``. Ids are ASCII, unique
  within a plan and deterministic: a repeated id gets ``_2``, ``_3`` in
  document order (seed 002's second ``III.`` is ``III_2``), and its children
  inherit that prefix.
* A body with no numbered clause gives an empty tree (the pipeline decides).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.numbering import BULLET, Label, read_label
from generator.ingest import Line, is_upper
from generator.models import Block, Clause

_TITLE_SPLIT = re.compile(r"^(?P<head>[^:.;]{2,100}:)\s+(?P<rest>\S.*)$")
_LONG_TITLE = 150


@dataclass
class _Open:
    """A clause on the stack of open clauses, with the label that opened it."""

    label: Label
    clause: Clause


def build_tree(body: list[Line], used_ids: dict[str, int] | None = None) -> tuple[list[Block], list[Clause]]:
    """Return (preamble blocks, top-level clauses) for a document body.

    ``used_ids`` are ids already taken (by another part of the same document);
    the new ones are added to it. A body with no label at all gives no
    clauses: the caller decides whether an unnumbered text is still a plan.
    """
    preamble: list[Block] = []
    roots: list[Clause] = []
    stack: list[_Open] = []
    used_ids = {} if used_ids is None else used_ids
    awaiting_title: Clause | None = None

    for line in body:
        label = read_label(line.text)
        if label is None:
            if awaiting_title is not None and is_upper(line.text):
                awaiting_title.title = line.text
                awaiting_title = None
                continue
            awaiting_title = None
            block = _block(line)
            if stack:
                stack[-1].clause.blocks.append(block)
            else:
                preamble.append(block)
            continue

        _close(stack, label)
        parent = stack[-1].clause if stack else None
        clause_id = _unique(_clause_id(label, stack), used_ids)
        rest = line.text[label.end:].strip()
        clause = Clause(id=clause_id, label=label.printed, title="", line=line.number)
        _set_title(clause, rest, line.number)
        (parent.children if parent else roots).append(clause)
        stack.append(_Open(label, clause))
        awaiting_title = clause if not rest else None
    return preamble, roots


def _close(stack: list[_Open], label: Label) -> None:
    """Pop the clauses that ``label`` closes (see :mod:`generator.numbering`)."""
    if label.rank is None:  # a minor style: close up to and including its own open level, if any
        styles = [entry.label.style for entry in stack]
        if label.style in styles:
            del stack[len(styles) - 1 - styles[::-1].index(label.style):]
        return
    while stack and (stack[-1].label.rank is None or stack[-1].label.rank >= label.rank):
        stack.pop()


def _clause_id(label: Label, stack: list[_Open]) -> str:
    ancestors = stack
    if label.style in ("arabic", "dotted_letter"):
        # a dotted label already carries the numbers of its arabic parents
        ancestors = [entry for entry in stack if entry.label.rank is not None and entry.label.rank < 6]
    base = ancestors[-1].clause.id if ancestors else ""
    return f"{base}.{label.own}" if base else label.own


def _unique(candidate: str, used: dict[str, int]) -> str:
    """``candidate``, or ``candidate_2``, ``_3`` … when taken; ``used`` maps each id to the
    last suffix tried for it, so thousands of repeated labels stay linear."""
    if candidate not in used:
        used[candidate] = 1
        return candidate
    n = used[candidate]
    while True:
        n += 1
        clause_id = f"{candidate}_{n}"
        if clause_id not in used:
            used[candidate] = n
            used[clause_id] = 1
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
