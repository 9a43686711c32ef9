"""The reports: 专报 (R15), the two lists (R19), the public board (R11), the ledger (R22), rankings.

Builders are checked against the values they are built from (a small county's
year through the real rules); renderers with Hypothesis on arbitrary reports:
CSV and JSON read back to the same content, HTML escapes everything and
fetches nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.attention import AttentionLevel
from qingdan_core.codec import structure, unstructure
from qingdan_core.colours import Colour
from qingdan_core.demo.county import generate_county
from qingdan_core.demo.year import MonthSummary, YearResult, run_year
from qingdan_core.errors import NotFoundError, ValidationError
from qingdan_core.ledger import SubjectKind
from qingdan_core.periods import Month, Quarter, Year
from qingdan_core.reports import (
    Chart,
    ChartKind,
    Report,
    ReportKind,
    ReportSource,
    Section,
    Series,
    Table,
    build,
    render,
)
from qingdan_core.reports.load import source_from_store
from qingdan_core.reports.svg import chart_svg
from qingdan_core.review import MonthlyListKind
from qingdan_core.scoring import Grade
from qingdan_core.storage import open_store


@pytest.fixture(scope="module")
def year() -> YearResult:
    """A small county's whole year, on the memory store."""
    county = generate_county(seed=11, year=2025, units=4, people=20, tasks=10)
    store = open_store("memory://")
    return run_year(county, store)


def _cells(report: Report) -> list[str]:
    return [cell for s in report.sections for row in s.table.rows for cell in row]


def test_r15_special_report_counts_agree_with_the_review(year: YearResult) -> None:
    """R15, R18, R4: the pyramid and the colours by unit count the review's findings."""
    review = next(r for r in year.source.reviews if r.report.month == Month(2025, 6))
    report = build(year.source, ReportKind.SPECIAL, Month(2025, 6))
    pyramid, colours = report.charts
    assert pyramid.kind is ChartKind.PYRAMID
    assert dict(zip(pyramid.labels, pyramid.totals(), strict=True)) == {
        AttentionLevel(c.name).label: c.count for c in review.report.by_level
    }
    assert sum(colours.totals()) == review.report.tasks == len(review.findings)
    red = next(s for s in colours.series if s.name == "红色")
    assert sum(red.values) == sum(1 for f in review.findings if f.colour is Colour.RED)
    notices = next(s for s in report.sections if s.heading == "本月下达的通知")
    assert [row[0] for row in notices.table.rows] == [str(n.serial) for n in review.new_notices]
    assert all(row[3].startswith("R") for row in notices.table.rows)


def test_r15_special_report_of_a_quarter_lists_each_month(year: YearResult) -> None:
    """A quarter's 专报 shows its three months at a glance and its last month in detail."""
    report = build(year.source, ReportKind.SPECIAL, Quarter(2025, 3))
    overview = report.sections[0]
    assert [row[0] for row in overview.table.rows] == ["2025年7月", "2025年8月", "2025年9月"]
    assert report.facts[0].startswith("2025-09-30")


def test_r19_lists_hold_every_line_of_the_month(year: YearResult) -> None:
    """R19: each leader's and unit's list, each task with its milestone, leader and unit."""
    month = Month(2025, 7)
    lists = [lst for r in year.source.reviews for lst in r.monthly_lists if lst.month == month]
    report = build(year.source, ReportKind.LISTS, month)
    assert len(report.sections) == len(lists)
    leaders = [
        s for s in report.sections if s.heading.startswith(MonthlyListKind.LEADER_REMINDER.label)
    ]
    assert len(leaders) == sum(1 for x in lists if x.kind is MonthlyListKind.LEADER_REMINDER)
    assert sum(len(s.table.rows) for s in report.sections) == sum(len(x.lines) for x in lists)
    names = year.source.name_map()
    first = lists[0].lines[0]
    row = report.sections[0].table.rows[0]
    assert row[0] == first.task.text
    assert row[1] == first.milestone.due.isoformat()
    assert row[4] == names[first.lead_leader_id]


def test_r19_lists_need_a_month_and_a_review_before_it(year: YearResult) -> None:
    """The lists are monthly, printed from the review of the month before."""
    with pytest.raises(ValidationError, match="monthly"):
        build(year.source, ReportKind.LISTS, Quarter(2025, 1))
    with pytest.raises(NotFoundError):
        build(year.source, ReportKind.LISTS, Month(2025, 1))


def test_r11_public_board_shows_names_and_progress_only(year: YearResult) -> None:
    """R11: the board shows names, items, due dates, progress and status — no ids, no notes."""
    report = build(year.source, ReportKind.BOARD, Month(2025, 5))
    cells = _cells(report)
    assert cells
    assert not [c for c in cells if re.search(r"\b[put]-[a-z0-9]", c)]
    assert not [c for c in cells if "按期完成" in c]  # commitments (R10) are not posted
    text = render(report, "html")
    assert "p-" not in re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    assert {row[4] for s in report.sections for row in s.table.rows} <= {
        "未启动",
        "推进中",
        "已完成",
        "已撤销",
    }


def test_r22_ledger_report_adds_up(year: YearResult) -> None:
    """R21, R22: every entry of the period is listed with its source and rule; totals agree."""
    period = Year(2025)
    report = build(year.source, ReportKind.LEDGER, period)
    entries = [e for e in year.source.ledger if e.day in period]
    listed = [row for s in report.sections[:2] for row in s.table.rows]
    assert len(listed) == len(entries)
    assert sum(Decimal(row[3]) for row in listed) == sum(e.points for e in entries)
    assert {row[5] for row in listed} <= {"R21", "R22"}
    totals = report.sections[2].table.rows
    assert sum(Decimal(row[1]) for row in totals) == sum(e.points for e in entries)


def test_rankings_of_a_year_respect_the_quota(year: YearResult) -> None:
    """R23, R24: 优秀 never above 25 % of a unit; ranks are competition ranks; consequences follow."""
    report = build(year.source, ReportKind.RANKINGS, Year(2025))
    people = next(s for s in report.sections if s.heading.startswith("干部排名"))
    per_unit: dict[str, Counter[str]] = {}
    for unit, _rank, _name, _score, grade, _why in people.table.rows:
        per_unit.setdefault(unit, Counter())[grade] += 1
    for counts in per_unit.values():
        assert counts[Grade.EXCELLENT.label] * 4 <= sum(counts.values())
    units = next(s for s in report.sections if s.heading == "单位排名").table.rows
    scores = [Decimal(row[2]) for row in units]
    assert scores == sorted(scores, reverse=True)
    for i, row in enumerate(units):
        assert int(row[0]) == 1 + sum(1 for s in scores if s > scores[i])
    assert any(s.heading.startswith("结果运用") for s in report.sections)
    histogram = report.charts[0]
    assert sum(histogram.totals()) == len(people.table.rows)


def test_rankings_from_the_store_match_the_run(year: YearResult) -> None:
    """R5, R14: the ranking rebuilt from the archived score cards equals the run's own."""
    county = generate_county(seed=11, year=2025, units=4, people=20, tasks=10)
    store = open_store("memory://")
    run_year(county, store)
    stored = source_from_store(store)
    assert sorted(unstructure(stored.person_cards), key=str) == sorted(
        unstructure(year.source.person_cards), key=str
    )
    mine = build(year.source, ReportKind.RANKINGS, Year(2025))
    again = build(stored, ReportKind.RANKINGS, Year(2025))
    assert mine.sections[0] == again.sections[0]
    assert mine.charts == again.charts
    # People's names are not stored yet, so compare the units' ledger.
    ledger = build(stored, ReportKind.LEDGER, Year(2025))
    assert ledger.sections[0] == build(year.source, ReportKind.LEDGER, Year(2025)).sections[0]
    assert ledger.facts == build(year.source, ReportKind.LEDGER, Year(2025)).facts


def test_an_empty_source_says_what_is_missing() -> None:
    """Reports that need reviews, boards or cards raise NotFoundError naming the period."""
    for kind in (ReportKind.SPECIAL, ReportKind.BOARD, ReportKind.RANKINGS):
        with pytest.raises(NotFoundError, match="2025-03"):
            build(ReportSource(), kind, Month(2025, 3))


def test_month_summary_and_source_round_trip_through_the_codec(year: YearResult) -> None:
    """The demo's values travel through the one codec unchanged."""
    assert structure(unstructure(year.months), tuple[MonthSummary, ...]) == year.months
    small = ReportSource(
        names=year.source.names[:5],
        reviews=year.source.reviews[:1],
        ledger=year.source.ledger,
        unit_cards=year.source.unit_cards[:3],
        boards=year.source.boards[:1],
    )
    assert structure(unstructure(small), ReportSource) == small


# ---------------------------------------------------------------------------- renderers

_TEXT_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
"""Characters every store holds (qingdan_core.limits): no lone surrogate, no NUL."""
_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("|<>&\"',\n"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")


@st.composite
def _tables(draw: st.DrawFn) -> Table:
    columns = tuple(draw(st.lists(_TEXT, min_size=1, max_size=4)))
    rows = draw(
        st.lists(st.tuples(*(st.text(_TEXT_CHARACTERS, max_size=8) for _ in columns)), max_size=4)
    )
    return Table(columns, tuple(rows))


@st.composite
def _charts(draw: st.DrawFn) -> Chart:
    labels = tuple(draw(st.lists(_TEXT, min_size=1, max_size=5)))
    series = tuple(
        Series(draw(_TEXT), "#3366cc", tuple(draw(st.integers(0, 500)) for _ in labels))
        for _ in range(draw(st.integers(1, 3)))
    )
    return Chart(
        draw(st.sampled_from(list(ChartKind))),
        draw(_TEXT),
        labels,
        series,
        draw(st.text(_TEXT_CHARACTERS, max_size=10)),
    )


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    sections = tuple(
        Section(draw(_TEXT), draw(_tables()), tuple(draw(st.lists(_TEXT, max_size=2))))
        for _ in range(draw(st.integers(0, 3)))
    )
    return Report(
        draw(st.sampled_from(list(ReportKind))),
        draw(_TEXT),
        draw(_TEXT),
        ("R11",),
        tuple(draw(st.lists(_TEXT, max_size=3))),
        tuple(draw(st.lists(_charts(), max_size=2))),
        sections,
    )


@given(_reports())
def test_json_reads_back_to_the_same_report(report: Report) -> None:
    """JSON goes through the codec: ``structure(json, Report)`` gives the report back."""
    assert structure(json.loads(render(report, "json")), Report) == report


@given(_reports())
def test_csv_reads_back_to_the_same_tables(report: Report) -> None:
    """Each section is a block: heading row, column row, data rows, empty row."""
    text = render(report, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == [report.title, report.period]
    at = 2
    for section in report.sections:
        assert rows[at] == [section.heading]
        assert tuple(rows[at + 1]) == section.table.columns
        body = rows[at + 2 : at + 2 + len(section.table.rows)]
        assert [tuple(r) if r else ("",) * len(section.table.columns) for r in body] == [
            tuple(r) for r in section.table.rows
        ]
        at += 3 + len(section.table.rows)
    assert at == len(rows)


@given(_reports())
def test_html_escapes_everything_and_fetches_nothing(report: Report) -> None:
    """One self-contained page: no scripts, no links, no URLs but the SVG namespace (R11 print)."""
    text = render(report, "html")
    assert text.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url("):
        assert forbidden not in text.lower()
    assert not re.findall(r"https?://(?!www\.w3\.org/2000/svg)", text)
    assert "size: A4" in text
    assert text.count("<section>") == len(report.sections)


@given(_charts())
def test_svg_charts_are_well_formed(chart: Chart) -> None:
    """Every chart is well-formed SVG with one bar per non-zero count (or per label)."""
    svg = chart_svg(chart)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    if chart.kind is ChartKind.STACKED:
        assert len(rects) == len(chart.series) + sum(1 for s in chart.series for v in s.values if v)
    else:
        assert len(rects) == len(chart.labels)


def test_markdown_escapes_pipes() -> None:
    """A cell containing ``|`` does not break the Markdown table."""
    report = Report(
        ReportKind.LEDGER,
        "台帐",
        "2025年",
        ("R22",),
        (),
        (),
        (Section("s", Table(("a", "b"), (("x|y", "z"),))),),
    )
    assert "| x\\|y | z |" in render(report, "md")


def test_report_values_are_checked() -> None:
    """Malformed report values are refused with the field path."""
    with pytest.raises(ValidationError, match=r"rows\[0\]"):
        Table(("a",), (("1", "2"),))
    with pytest.raises(ValidationError, match="values"):
        Series("x", "#000000", (True,))
    assert SubjectKind.UNIT.label == "单位"
