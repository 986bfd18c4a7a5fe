"""External programs the importers run (LibreOffice, OCR), with a time limit.

Guarantees: :func:`run_tool` returns only when the program exited 0 within
``timeout`` seconds; a program that is missing, fails or overruns raises
:class:`PlanError` naming the source file, the program and the reason (the
last line of what it printed), and an overrunning program is killed with its
whole process group, so nothing is left running.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from generator.errors import PlanError

TOOL_TIMEOUT = 120.0
"""Seconds one external conversion may take (``GENERATOR_TOOL_TIMEOUT``)."""


def tool_timeout() -> float:
    try:
        return float(os.environ.get("GENERATOR_TOOL_TIMEOUT", TOOL_TIMEOUT))
    except ValueError:
        return TOOL_TIMEOUT


def require(program: str, file: str, package: str, purpose: str) -> str:
    """The path of ``program``, or PlanError saying which Debian package provides it."""
    path = shutil.which(program)
    if path is None:
        raise PlanError(file, f"cần {program} để {purpose} nhưng máy chưa cài (gói Debian {package}; "
                              "`make site` cài khi thiếu)")
    return path


def run_tool(command: list[str], file: str, what: str, timeout: float | None = None,
             cwd: Path | None = None) -> None:
    """Run ``command`` (``what`` names it in errors) in ``cwd`` and wait for it to succeed."""
    limit = tool_timeout() if timeout is None else timeout
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True, cwd=cwd)
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PlanError(file, f"{what} quá {limit:g} giây, đã dừng") from None
    if process.returncode != 0:
        lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
        detail = f": {lines[-1].strip()[:200]}" if lines else ""
        raise PlanError(file, f"{what} thất bại (mã {process.returncode}){detail}")
