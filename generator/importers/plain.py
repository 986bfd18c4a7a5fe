"""The plain-text importer: bytes of a ``.txt`` file -> text, decoded.

Guarantees: the text was decoded from UTF-8 (with or without BOM) or UTF-16
with a BOM; anything else (another encoding, a binary file, control
characters) raises :class:`PlanError` naming the file and the line. Plain
text has no places: a line number is its own place.
"""
from __future__ import annotations

import codecs
import unicodedata

from generator.errors import PlanError
from generator.importers import ImportedText


def read_text(data: bytes, file: str) -> ImportedText:
    return ImportedText(decode(data, file), "txt")



def decode(data: bytes, file: str) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; reject anything else."""
    if not data.strip():
        raise PlanError(file, "tệp rỗng, không có nội dung")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PlanError(file, f"không đọc được UTF-16: {exc.reason}") from None
    else:
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise PlanError(file, "tệp nhị phân (có byte NUL), không phải văn bản", line)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PlanError(
                file,
                f"không phải UTF-8 (byte 0x{data[exc.start]:02x} ở vị trí {exc.start}); "
                "hãy lưu tệp dưới dạng UTF-8",
                line,
            ) from None
    bad = next((i for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"), None)
    if bad is not None:
        raise PlanError(file, "tệp chứa ký tự điều khiển, không phải văn bản thuần", text.count("\n", 0, bad) + 1)
    return text
