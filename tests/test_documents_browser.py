"""Notices printed from their HTML by headless Chromium: one A4 page per notice (R4, R16, R17, R20, R21).

The HTML of a month's notices (every kind of notice, the longest of the
year among them) is printed to PDF; the PDF must have exactly one A4 page
per notice, each page showing its own serial, in order. Content that did not
fit its page would spill onto an extra page and fail the count.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from _browser import chromium, run
from qingdan_core.demo.county import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.documents import NoticeDocument, layout, notice_documents, render_notice_html
from qingdan_core.notices import NoticeKind
from qingdan_core.storage import open_store


@pytest.fixture(scope="module")
def documents() -> tuple[NoticeDocument, ...]:
    """The latest notice of each kind, and the longest notice of a small county's year."""
    store = open_store("memory://")
    run_year(generate_county(seed=5, year=2025, units=4, people=20, tasks=10), store, months=12)
    notices = [s.value for s in store.notices.all()]
    every = notice_documents(store, serials=[str(n.serial) for n in notices])
    latest = {d.kind: d for d in every}
    longest = max(every, key=lambda d: sum(layout.lines(p, indent=2) for p in d.paragraphs))
    chosen = [*latest.values(), longest]
    assert {d.kind for d in chosen} == set(NoticeKind)
    return tuple(chosen)


def test_the_notices_print_one_a4_page_each(
    documents: tuple[NoticeDocument, ...], tmp_path: Path
) -> None:
    browser = chromium()
    page = tmp_path / "notices.html"
    page.write_text(render_notice_html(documents), encoding="utf-8")
    pdf = tmp_path / "notices.pdf"
    result = run(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == len(documents)
    for sheet, document in zip(reader.pages, documents, strict=True):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - 595.92) < 2
        assert abs(height - 842.88) < 2
        assert document.serial in sheet.extract_text()


def _top_mm(sheet: pypdf.PageObject, wanted: str) -> float:
    """How far below the page's top edge the first glyph of ``wanted`` sits (its baseline), in mm."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        if not found and text.strip().startswith(wanted[0]):
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    sheet.extract_text(visitor_text=visit)
    assert found, wanted
    return (float(sheet.mediabox.height) - found[0]) * 25.4 / 72


def test_the_office_sits_35_mm_into_the_text_block(
    documents: tuple[NoticeDocument, ...], tmp_path: Path
) -> None:
    """GB/T 9704-2012 7.2.4: the 发文机关标志's top is 35 mm below the text block's top
    (37 mm from the page's top), on every page — not lost at a page break."""
    browser = chromium()
    page = tmp_path / "notices.html"
    page.write_text(render_notice_html(documents[:3]), encoding="utf-8")
    pdf = tmp_path / "notices.pdf"
    result = run(browser, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    mark = layout.MARK_PT * 25.4 / 72
    for sheet, document in zip(pypdf.PdfReader(pdf).pages, documents[:3], strict=True):
        baseline = _top_mm(sheet, document.office)
        assert 37 + 35 + 0.5 * mark < baseline < 37 + 35 + 1.2 * mark


def test_a_notice_renders_to_an_image(
    documents: tuple[NoticeDocument, ...], tmp_path: Path
) -> None:
    """A screenshot of the first notice on screen (the docs' picture is made from the PDF)."""
    browser = chromium()
    page = tmp_path / "notice.html"
    page.write_text(render_notice_html(documents[:1]), encoding="utf-8")
    png = tmp_path / "notice.png"
    result = run(browser, f"--screenshot={png}", "--window-size=900,1200", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 10_000
