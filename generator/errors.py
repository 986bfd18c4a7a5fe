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
