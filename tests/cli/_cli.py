"""Helpers for the ``qingdan`` command tests: run it in-process, and a small county's options."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

from qingdan_core.cli import main

SMALL = ("--units", "3", "--people", "12", "--tasks", "6", "--seed", "7", "--year", "2025")
"""A county small enough to run its whole year in about a second."""


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run ``qingdan argv`` in-process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()
