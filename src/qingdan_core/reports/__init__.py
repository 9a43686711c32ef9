"""Printable reports: the 专报 (R15), the two lists (R19), the public board (R11), the ledger (R22), rankings.

* :mod:`~qingdan_core.reports.model` — what a report holds (facts, charts, tables);
* :mod:`~qingdan_core.reports.source` — the plain data reports are built from, and standings;
* :mod:`~qingdan_core.reports.build` — one builder per kind of report;
* :mod:`~qingdan_core.reports.svg` — charts as inline SVG;
* :mod:`~qingdan_core.reports.render` — Markdown, HTML (A4, self-contained), CSV, JSON.

>>> from qingdan_core.periods import Month
>>> text = render(build(ReportSource(), ReportKind.LEDGER, Month(2025, 3)), "html")
>>> text.startswith("<!DOCTYPE html>") and "<script" not in text
True
"""

from __future__ import annotations

from qingdan_core.reports.build import build
from qingdan_core.reports.model import Chart, ChartKind, Report, ReportKind, Section, Series, Table
from qingdan_core.reports.render import FORMATS, render
from qingdan_core.reports.source import PostedBoard, ReportSource, Standing, standing

__all__ = [
    "FORMATS",
    "Chart",
    "ChartKind",
    "PostedBoard",
    "Report",
    "ReportKind",
    "ReportSource",
    "Section",
    "Series",
    "Standing",
    "Table",
    "build",
    "render",
    "standing",
]
