"""Stage 3b, tables: appendix lines -> typed :class:`Table` records.

Guarantees: a table is a run of tab-separated rows in the appendix; the first
row is the header; a last row whose label (one of its first two non-empty
cells) reads 'Tổng cộng' / 'Tổng số' / 'Tổng' / 'Cộng' is the stated total,
kept apart from the rows; cells are typed
per column (integer, number with the Vietnamese decimal comma, or text) and a
column is numeric only when every non-empty cell in it is. Lines of the
appendix before the table form its title and note (the 'Kèm theo ...' caption).
"""
from __future__ import annotations

import re

from generator.ingest import Document, Line
from generator.models import Table, TableColumn, TableTotal
from generator.textutil import is_vn_number, parse_vn_number

# A total row's label cell: 'Tổng cộng', 'Tổng số', 'Cộng', 'Tổng I + II' ('Tổng đàn' is a measure, not a total).
TOTAL = re.compile(r"^(?:Tổng cộng|Tổng số|Tổng|Cộng)(?:\s*[:(].*|\s+[IVX\d]+(?:\s*\+\s*[IVX\d]+)*)?$", re.IGNORECASE)


def read_tables(doc: Document) -> list[Table]:
    tables: list[Table] = []
    caption: list[Line] = []
    rows: list[Line] = []
    for line in doc.appendix + [Line(0, "")]:
        if "\t" in line.text:
            rows.append(line)
            continue
        if rows:
            tables.append(_table(len(tables) + 1, caption, rows))
            caption, rows = [], []
        if line.text:
            caption.append(line)
    return tables


def _table(index: int, caption: list[Line], rows: list[Line]) -> Table:
    header, *body = [line.text.split("\t") for line in rows]
    total_cells, total_line = None, None
    if body and any(TOTAL.match(cell) for cell in [c for c in body[-1] if c][:2]):
        total_cells, total_line = body.pop(), rows[-1].number
    width = max(len(cells) for cells in [header, *body, *([total_cells] if total_cells else [])])
    body = [r + [""] * (width - len(r)) for r in body]
    types = [_column_type([r[i] for r in body]) for i in range(width)]
    columns = [TableColumn(name=header[i] if i < len(header) else "", type=types[i]) for i in range(width)]
    typed_rows = [[_cell(cell, types[i]) for i, cell in enumerate(r)] for r in body]
    total = None
    if total_cells is not None:
        cells = total_cells + [""] * (width - len(total_cells))
        label = next(c for c in cells if c)
        values = [None if c == label else _cell(c, types[i]) for i, c in enumerate(cells)]
        total = TableTotal(label=label, values=values, line=total_line)
    note_at = next((i for i, line in enumerate(caption) if line.text.startswith("(")), len(caption))
    titles = [line.text for line in caption[:note_at]]
    notes = [line.text for line in caption[note_at:]]
    title = " ".join(t for t in titles if t.upper() != "PHỤ LỤC") or f"Bảng {index}"
    return Table(
        id=f"phu-luc-{index}",
        title=title,
        note=" ".join(notes).replace("*", "") or None,
        columns=columns,
        rows=typed_rows,
        total=total,
        line=rows[0].number,
    )


def _column_type(cells: list[str]) -> str:
    values = [c for c in cells if c]
    if values and all(is_vn_number(c) for c in values):
        parsed = [parse_vn_number(c) for c in values]
        return "integer" if all(isinstance(v, int) for v in parsed) else "number"
    return "text"


def _cell(text: str, kind: str) -> int | float | str | None:
    if not text:
        return None
    if kind != "text" and is_vn_number(text):
        return parse_vn_number(text)
    return text
