"""The one error type every stage raises for bad input."""
from __future__ import annotations


class PlanError(Exception):
    """Bad input, reported to the curator as ``file:line: reason``.

    ``line`` is 1-based and may be None when the problem is the whole file.
    """

    def __init__(self, file: str, reason: str, line: int | None = None):
        self.file = file
        self.reason = reason
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"


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
