"""The one error type every stage raises for bad input."""
from __future__ import annotations

import errno


class PlanError(Exception):
    """Bad input, reported to the curator as ``file:line (place): reason``.

    ``line`` is 1-based (a line of the text ingest read) and may be None when
    the problem is the whole file; ``place`` is where that line is in the
    original file when it is not plain text (``trang 3``, ``đoạn 12``).
    """

    def __init__(self, file: str, reason: str, line: int | None = None, place: str | None = None):
        self.file = file
        self.reason = reason
        self.line = line
        self.place = place
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.place:
            where += f" ({self.place})"
        return f"{where}: {self.reason}"

    def __reduce__(self):  # pickles across worker processes with every field
        return type(self), (self.file, self.reason, self.line, self.place)


class StageFailure(Exception):
    """An unexpected exception (a bug, not bad input) raised inside one stage.

    The pipeline wraps every stage so that a crash names where it happened;
    extraction turns it into one ``LỖI`` line for that file and goes on with the
    others. ``__cause__`` is the original exception, traceback included.
    """

    def __init__(self, stage: str, error: BaseException):
        self.stage = stage
        self.error = error
        super().__init__(f"lỗi nội bộ ở bước {stage}: {type(error).__name__}: {error}")


_OS_REASONS = {
    errno.ENOSPC: "đĩa đầy",
    errno.EDQUOT: "vượt hạn mức dung lượng đĩa",
    errno.EROFS: "hệ thống tệp chỉ cho đọc",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.ENOENT: "không tồn tại",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "là một thư mục, không phải tệp",
    errno.EEXIST: "đã có một tệp ở đó",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi đọc ghi của thiết bị",
}


def os_reason(error: OSError) -> str:
    """Why the machine refused, in Vietnamese with the errno name: ``đĩa đầy (ENOSPC)``."""
    code = errno.errorcode.get(error.errno or 0)
    reason = _OS_REASONS.get(error.errno or 0) or error.strerror or type(error).__name__
    return reason + (f" ({code})" if code else "")


def machine_fault(path: object, error: OSError, doing: str = "không ghi được") -> PlanError:
    """A fault of the machine (disk full, read-only, permission) as one curator line:
    ``<path>: không ghi được: đĩa đầy (ENOSPC)``."""
    where = path if path is not None else error.filename
    return PlanError(str(where), f"{doing}: {os_reason(error)}")
