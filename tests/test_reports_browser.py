"""The HTML reports in a real browser: headless Chromium renders them and prints them to PDF.

The lists are printed on A4 and posted on walls (R11, R15, R19), so the HTML
report must render offline and print (headless Chromium: ``_browser``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _browser import chromium as _chromium
from _browser import run as _run
from qingdan_core.demo.county import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.periods import Month, Year
from qingdan_core.reports import ReportKind, build, render
from qingdan_core.storage import open_store


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 专报 (with its pyramid and colour charts) and the year's rankings, as HTML files."""
    county = generate_county(seed=5, year=2025, units=4, people=20, tasks=10)
    source = run_year(county, open_store("memory://"), months=12).source
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for kind, period in ((ReportKind.SPECIAL, Month(2025, 8)), (ReportKind.RANKINGS, Year(2025))):
        path = folder / f"{kind.value}.html"
        path.write_text(render(build(source, kind, period), "html"), encoding="utf-8")
        out[kind.value] = path
    return out


def test_r15_the_special_report_renders_with_its_charts(pages: dict[str, Path]) -> None:
    """R15, R18: Chromium lays out the page; the DOM holds the title and both inline SVG charts."""
    browser = _chromium()
    result = _run(browser, "--dump-dom", pages["special"].as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    dom = result.stdout.decode("utf-8")
    assert "月末专报 · 2025年8月" in dom
    assert dom.count("<svg") == 2
    assert "四级关注金字塔" in dom


@pytest.mark.parametrize("name", ["special", "rankings"])
def test_the_reports_print_to_pdf_on_a4(pages: dict[str, Path], tmp_path: Path, name: str) -> None:
    """Printing gives a PDF of A4 pages (595 × 842 points)."""
    browser = _chromium()
    pdf = tmp_path / f"{name}.pdf"
    result = _run(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages[name].as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 595.92) < 2
        assert abs(float(height) - 842.88) < 2


def test_a_screenshot_of_the_report(pages: dict[str, Path], tmp_path: Path) -> None:
    """A screenshot is a PNG (the docs' picture is made the same way)."""
    browser = _chromium()
    png = tmp_path / "shot.png"
    result = _run(
        browser, f"--screenshot={png}", "--window-size=900,1200", pages["special"].as_uri()
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 10_000
