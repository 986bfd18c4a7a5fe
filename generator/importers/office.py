"""The Word 97-2003 importer: a ``.doc`` (or RTF) file -> .docx -> text.

LibreOffice (Debian's ``libreoffice-writer-nogui``, which ``make`` installs)
converts the file to .docx headless, then :mod:`generator.importers.wordml`
reads it, numbering and tables included, so a .doc extracts as its .docx
would; places are the .docx's (``đoạn N``).

Guarantees: LibreOffice runs with a private profile in a temporary folder
(parallel conversions never share a profile or a lock) and with
:func:`generator.importers.tools.run_tool`'s time limit; the converted .docx
is cached by the SHA-256 of the .doc (``<cache>/convert/``), so a second run
does not start LibreOffice; a file LibreOffice cannot open, LibreOffice
missing, or a conversion that yields nothing raises :class:`PlanError`.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from generator.errors import PlanError
from generator.importers import ImportedText, cache as conversions, tools, wordml

CONVERSION = "doc-to-docx-v1"
"""Cache kind of the conversion: change it when the conversion's settings change."""


def input_filter(data: bytes) -> str:
    """LibreOffice's import filter for the bytes: named, so that a file that is neither Word nor RTF
    fails instead of being opened as plain text (LibreOffice's fallback for what it does not know)."""
    return "Rich Text Format" if data.startswith(b"{\\rtf") else "MS Word 97"


def doc_to_docx(data: bytes, file: str) -> bytes:
    """The .docx LibreOffice makes of the .doc bytes ``data``."""
    soffice = tools.require("soffice", file, "libreoffice-writer-nogui", "đọc tệp Word 97-2003 (.doc)")
    with tempfile.TemporaryDirectory(prefix="generator-doc-") as folder:
        work = Path(folder)
        source = work / "source.doc"
        source.write_bytes(data)
        command = [
            soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", f"--infilter={input_filter(data)}",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"),
            str(source),
        ]
        tools.run_tool(command, file, "LibreOffice chuyển .doc sang .docx")
        converted = work / "out" / "source.docx"
        if not converted.exists() or converted.stat().st_size == 0:
            raise PlanError(file, "LibreOffice không mở được tệp Word 97-2003 (.doc): tệp hỏng hoặc không phải văn bản Word")
        return converted.read_bytes()


def read_doc(data: bytes, file: str, cache: Path | None) -> ImportedText:
    """The text of a .doc file (see the module doc)."""
    docx = conversions.cached(cache, CONVERSION, data, lambda: doc_to_docx(data, file))
    imported = wordml.read_docx(docx, file)
    imported.format = "doc"
    return imported
