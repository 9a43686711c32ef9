"""Helpers for the ``qingdan`` command tests: run it in-process, and a small county's options."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

from qingdan_core.cli import main

SMALL = ("--units", "3", "--people", "12", "--tasks", "6", "--seed", "7", "--year", "2025")
"""A county small enough to run its whole year in about a second."""

COUNTY = ("--units", "4", "--people", "16", "--tasks", "8", "--seed", "7")
"""A small county, in the default year; its December review issues notices."""

PROVISIONAL = "暂按法定节假日推算"

# A notice file made up for these tests (not the State Council's 2027 notice): 元旦 joined to
# Monday 2027-01-04, so every deadline counted across it moves by one working day.
MADE_UP_2027 = """\
format = 1
region = "CN"
[[year]]
year = 2027
notices = ["测试用通知"]
title = "测试用 2027 年安排(非国务院办公厅通知)"
[[year.holiday]]
name = "元旦"
first = 2027-01-01
last = 2027-01-04
"""


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run ``qingdan argv`` in-process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()
