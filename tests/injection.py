"""Test-only fault injection into the real pipeline (nothing of this ships).

:func:`install` wraps :func:`generator.pipeline.run_stage` so that the first
stage whose input holds ``marker`` (the source bytes, in practice the import
stage) misbehaves: ``"raise"`` raises a RuntimeError, ``"hang"`` blocks
forever (until the worker is killed). Every other call runs unchanged, so the
failure is a genuine :class:`generator.errors.StageFailure` raised where a
real bug would be. Worker processes are forked, so they inherit the patch.

``python -m tests.injection MODE MARKER -- ARGS...`` installs it and runs the
real command line (``generator.cli.main(ARGS)``), as ``python -m generator
ARGS...`` would.
"""
from __future__ import annotations

import sys
import threading

from generator import pipeline

FAILURE_MESSAGE = "hỏng có chủ ý"
STAGES_HIT: list[str] = []


def _holds(value, marker: str) -> bool:
    if isinstance(value, bytes):
        return marker.encode("utf-8") in value
    return isinstance(value, str) and marker in value


def wrapped(mode: str, marker: str, original):
    """``original`` (a ``run_stage``) made to misbehave on the input holding ``marker``."""

    def failing(*_args):
        if mode == "hang":
            threading.Event().wait()  # never set: only the time limit ends this
        raise RuntimeError(FAILURE_MESSAGE)

    def run_stage(stage, function, *args):
        if any(_holds(arg, marker) for arg in args):
            STAGES_HIT.append(stage)
            return original(stage, failing, *args)
        return original(stage, function, *args)

    return run_stage


def install(mode: str, marker: str) -> None:
    pipeline.run_stage = wrapped(mode, marker, pipeline.run_stage)


def main(argv: list[str]) -> int:
    mode, marker, separator, *args = argv
    assert separator == "--", "usage: python -m tests.injection MODE MARKER -- ARGS..."
    install(mode, marker)
    from generator.cli import main as cli

    return cli(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
