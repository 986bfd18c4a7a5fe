"""The cache of slow conversions (LibreOffice, OCR), keyed by content.

Guarantees: :func:`cached` returns exactly what ``convert()`` returned for the
same ``kind`` and the same input bytes, whether it ran now or in an earlier
run; an entry is written whole (to a temporary name, then renamed), so a run
killed mid-write leaves no half entry; a cache that cannot be written (a
read-only folder, a full disk) only costs the next run the conversion again.
The key is the SHA-256 of the input and the ``kind`` (which names the tool and
the settings that shape its output), never the file's name, so a renamed
source is still a hit.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

CONVERT_DIR = "convert"
"""Sub-folder of the extraction cache (``data/.cache``) holding conversions."""


def cached(cache: Path | None, kind: str, data: bytes, convert: Callable[[], bytes]) -> bytes:
    """``convert()``'s bytes for ``data``, from ``<cache>/convert/`` when it has them."""
    if cache is None:
        return convert()
    entry = Path(cache) / CONVERT_DIR / f"{kind}-{hashlib.sha256(data).hexdigest()}"
    try:
        return entry.read_bytes()
    except OSError:
        pass
    result = convert()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(result)
        os.replace(temporary, entry)
    except OSError:
        pass  # the cache is an optimisation: not keeping an entry is not an error
    return result
