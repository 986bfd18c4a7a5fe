"""The offline zip, byte for byte the same for the same files.

``python -m generator.site.bundle FOLDER ZIP`` (what ``make offline`` runs)
zips ``FOLDER`` into ``ZIP`` with every entry under ``<folder name>/``, but
the site's ``404.html``: only a web server shows it.

Guarantees: the bytes of the zip depend only on the names and contents of
the files, never on when they were written, the order the file system lists
them, the umask or who runs it:

* entries sorted by their POSIX path, each folder right before its contents;
* every entry dated ``SOURCE_DATE_EPOCH`` (UTC; 1980-01-01, the earliest
  date a zip holds, when unset), with fixed permissions (``0644`` files,
  ``0755`` folders) and no extra fields;
* contents deflated at level 9; names stored in UTF-8.

The zip is written beside its target and renamed over it, so an interrupted
run never leaves a truncated zip.
"""
from __future__ import annotations

import datetime
import os
import sys
import tempfile
import zipfile
from pathlib import Path

_EARLIEST = (1980, 1, 1, 0, 0, 0)


def _timestamp() -> tuple[int, int, int, int, int, int]:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return _EARLIEST
    moment = datetime.datetime.fromtimestamp(int(value), tz=datetime.timezone.utc)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, _EARLIEST)


def _entry(name: str, date_time, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.create_system = 3  # Unix, so the permissions below are read
    info.external_attr = mode << 16
    return info


NOT_OFFLINE = "404.html"
"""The site's page for addresses a web server does not have: nothing shows it offline."""


def entries(folder: Path) -> list[tuple[str, Path]]:
    """(name in the zip, path) for every folder and file under ``folder`` but :data:`NOT_OFFLINE`,
    in zip order."""
    prefix = folder.name
    found = [(prefix + "/", folder)]
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if relative == NOT_OFFLINE:
            continue
        found.append((f"{prefix}/{relative}/" if path.is_dir() else f"{prefix}/{relative}", path))
    return sorted(found, key=lambda item: item[0])


def make_zip(folder: Path, target: Path) -> None:
    """Write the zip of ``folder`` to ``target`` (see the module's guarantees)."""
    date_time = _timestamp()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for name, path in entries(folder):
                if name.endswith("/"):
                    archive.writestr(_entry(name, date_time, 0o40755), b"")
                else:
                    info = _entry(name, date_time, 0o100644)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes(), compresslevel=9)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("cách dùng: python -m generator.site.bundle THƯ_MỤC TỆP.zip", file=sys.stderr)
        return 2
    folder, target = Path(args[0]), Path(args[1])
    if not folder.is_dir():
        print(f"LỖI {folder}: thư mục không tồn tại", file=sys.stderr)
        return 1
    make_zip(folder, target)
    print(f"Đã ghi {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
