"""Notices as documents (R4, R16, R17, R20, R21): their text, and the .docx read back.

The facts are checked against independent oracles: 序时进度 as an exact
Fraction of elapsed calendar days, dates written out by hand, working days
counted day by day, and a hand-made table of what follows an ignored notice.
The .docx files are read back with python-docx, part by part.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import docx
import pytest
from docx.oxml.ns import qn

from qingdan_core.calendar import china
from qingdan_core.demo.county import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.documents import (
    DEFAULT_OFFICE,
    NoticeDocument,
    layout,
    notice_document,
    notice_documents,
    render_notice_docx,
    write_notices,
)
from qingdan_core.errors import NotFoundError, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lists import ListItem, ProgressReport
from qingdan_core.messages import text
from qingdan_core.notices import Notice, NoticeKind, Serial, issue
from qingdan_core.periods import Month
from qingdan_core.review import month_end_review
from qingdan_core.storage import open_store
from qingdan_core.storage.protocol import Store

_CJK = re.compile(r"[\u4e00-\u9fff]")

# What an ignored notice leads to, written out by hand (R4, R17, R21).
_IGNORED = {
    NoticeKind.BLUE_LIST: "将升级为黄色督办清单",
    NoticeKind.YELLOW_LIST: "将升级为红色督办清单",
    NoticeKind.RED_LIST: "将向纪检监察机关发出追责建议函",
    NoticeKind.DEADLINE_SUPERVISION: "将下达日常督考通知单，即时扣减考核得分0.5分",
    NoticeKind.DEADLINE_COMPLETION: "将下达日常督考通知单，即时扣减考核得分0.5分",
    NoticeKind.DAILY_SUPERVISION: "将向纪检监察机关发出追责建议函",
}


def _written(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _pct(value: Fraction | Decimal) -> str:
    shown = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else value
    )
    text = str(shown.quantize(Decimal("0.01"), ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".") if "." in text else text


def _workdays_after(first: dt.date, last: dt.date) -> int:
    calendar = china()
    days = (last - first).days
    return sum(calendar.is_workday(first + dt.timedelta(days=i)) for i in range(1, days + 1))


@pytest.fixture(scope="module")
def county_store() -> Store:
    """A small county's year in a memory store: every kind of notice is issued."""
    store = open_store("memory://")
    run_year(generate_county(seed=5, year=2025, units=4, people=20, tasks=10), store, months=12)
    return store


def _latest(store: Store, kind: NoticeKind) -> Notice:
    return [s.value for s in store.notices.all() if s.value.kind is kind][-1]


def test_r16_a_notice_behind_schedule_states_the_exact_facts() -> None:
    """R16: 序时进度 is the elapsed share of the task's span (89 of 364 days), the lag its gap."""
    task = ListItem(
        "t-1",
        "产业园标准厂房建设",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        lead_leader_id="p-wang",
        responsible_unit_id="u-fgw",
        reports=(ProgressReport(dt.date(2026, 3, 20), Decimal("0.1")),),
    )
    review = month_end_review([task], [], [], dt.date(2026, 3, 31), china())
    [notice] = [n for n in review.new_notices if n.kind is NoticeKind.DEADLINE_SUPERVISION]
    doc = notice_document(notice, task, review.findings[0], names={"u-fgw": "县发改局"})
    expected = Fraction(89, 364) * 100
    facts = doc.paragraphs[0]
    assert f"序时进度应为{_pct(expected)}%" in facts
    assert "实际完成10%" in facts
    assert f"落后{_pct(expected - 10)}个百分点" in facts
    assert "完成时限2026年12月31日" in facts
    assert "产业园标准厂房建设" in facts
    assert doc.addressee == "县发改局："
    assert doc.title == "限期督办通知单"
    assert "R16" in doc.paragraphs[1]
    assert text("rule.R16") in doc.paragraphs[1]
    days = _workdays_after(notice.issued_on, notice.respond_by)
    assert days == 5
    assert f"请于{_written(notice.respond_by)}前（{days}个工作日内）" in doc.paragraphs[2]


def test_a_deadline_counted_on_a_provisional_year_says_so() -> None:
    """Issue 13: a December notice answers in January of a year without a notice yet (R16)."""
    task = ListItem(
        "t-1",
        "产业园标准厂房建设",
        dt.date(2026, 1, 1),
        dt.date(2027, 6, 30),
        lead_leader_id="p-wang",
        responsible_unit_id="u-fgw",
        reports=(ProgressReport(dt.date(2026, 12, 20), Decimal("0.1")),),
    )
    ahead = china(provisional_until=2027)
    review = month_end_review([task], [], [], dt.date(2026, 12, 31), ahead)
    [notice] = [n for n in review.new_notices if n.kind is NoticeKind.DEADLINE_SUPERVISION]
    assert notice.respond_by.year == 2027
    assert ahead.is_provisional(notice.respond_by)
    doc = notice_document(notice, task, review.findings[0], calendar=ahead)
    assert "该期限暂按法定节假日推算，待国务院办公厅通知。" in doc.paragraphs[2]
    english = notice_document(notice, task, review.findings[0], calendar=ahead, lang="en")
    assert "pending the State Council's notice" in english.paragraphs[2]
    march = month_end_review([task], [], [], dt.date(2026, 3, 31), ahead)
    [early] = [n for n in march.new_notices if n.kind is NoticeKind.DEADLINE_SUPERVISION]
    assert (
        "暂按" not in notice_document(early, task, march.findings[0], calendar=ahead).paragraphs[2]
    )


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_each_kind_cites_its_rule_and_says_what_follows(
    county_store: Store, kind: NoticeKind
) -> None:
    """R4, R16, R17, R20, R21: the rule id and wording, the response days, the consequence."""
    notice = _latest(county_store, kind)
    [doc] = notice_documents(county_store, serials=[str(notice.serial)])
    body = "".join(doc.paragraphs)
    assert doc.serial == str(notice.serial)
    assert doc.title == kind.label
    assert f"（{kind.rule}）" in body
    assert text(f"rule.{kind.rule}") in body
    days = _workdays_after(notice.issued_on, notice.respond_by)
    assert f"请于{_written(notice.respond_by)}前（{days}个工作日内）" in body
    if kind is NoticeKind.ACCOUNTABILITY:
        assert notice.concerning is not None
        concerned = county_store.units.get(notice.concerning.id).value.name
        assert doc.addressee == county_store.units.get(notice.addressee.id).value.name + "："
        assert f"建议对{concerned}相关责任人追究问责" in body
        assert "逾期未反馈的" not in doc.paragraphs[2]
    else:
        assert _IGNORED[kind] in doc.paragraphs[2]
        assert doc.addressee == county_store.units.get(notice.addressee.id).value.name + "："
    if notice.escalated_from is not None:
        assert f"经{notice.escalated_from}" in doc.paragraphs[0]
    if kind is NoticeKind.DAILY_SUPERVISION:
        assert f"即时扣减你单位考核得分{_pct(notice.deduction)}分" in body
    assert not re.search(r"\bt-\d|\bu-[a-z]", doc.text()), "raw ids in the document"


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_the_docx_reads_back_part_by_part(county_store: Store, kind: NoticeKind) -> None:
    """The .docx holds, in order: red office, serial, title, 主送, the body, 署名, date; A4."""
    notice = _latest(county_store, kind)
    [doc] = notice_documents(county_store, serials=[str(notice.serial)])
    word = docx.Document(io.BytesIO(render_notice_docx(doc)))
    parts = [p.text for p in word.paragraphs]
    assert parts == [
        "县督查考核办公室",
        str(notice.serial),
        kind.label,
        doc.addressee,
        *doc.paragraphs,
        "县督查考核办公室",
        _written(notice.issued_on),
    ]
    mark = word.paragraphs[0].runs[0]
    assert mark.font.color.rgb is not None
    assert str(mark.font.color.rgb) == "FF3333"
    section = word.sections[0]
    page = [x.mm for x in (section.page_width, section.page_height)]  # type: ignore[union-attr]
    margins = [x.mm for x in (section.top_margin, section.left_margin)]  # type: ignore[union-attr]
    right = section.right_margin.mm  # type: ignore[union-attr]
    bottom = section.bottom_margin.mm  # type: ignore[union-attr]
    assert page == pytest.approx([210, 297], abs=0.05)
    assert margins == pytest.approx([37, 28], abs=0.05)
    assert (page[0] - margins[1] - right, page[1] - margins[0] - bottom) == pytest.approx(
        (156, 225), abs=0.1
    )
    body = word.paragraphs[4]
    assert body.runs[0].font.size is not None
    assert body.runs[0].font.size.pt == 16
    assert word.paragraphs[2].runs[0].font.size is not None
    assert word.paragraphs[2].runs[0].font.size.pt == 22
    spacing = body.runs[0]._element.rPr.find(qn("w:spacing"))  # type: ignore[union-attr]
    assert spacing is not None
    pitch_pt = int(spacing.get(qn("w:val"))) / 20 + 16
    assert 28 * pitch_pt <= 156 / 25.4 * 72 < 29 * pitch_pt  # 28 characters fill a line
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is None or grid.get(qn("w:type")) is None  # no character grid
    borders = word.paragraphs[1]._p.xml
    assert 'w:bottom w:val="single"' in borders
    assert 'w:color="FF3333"' in borders


def test_a_notice_in_english_keeps_names_and_drops_chinese_wording(county_store: Store) -> None:
    notice = _latest(county_store, NoticeKind.DEADLINE_SUPERVISION)
    [doc] = notice_documents(county_store, serials=[str(notice.serial)], lang="en")
    assert doc.title == "Deadline supervision notice"
    assert doc.paragraphs[1].startswith("Under the rule “a unit or person behind")
    names = [
        DEFAULT_OFFICE,
        notice.serial.issuer,
        *(u.value.name for u in county_store.units.all()),
    ]
    for sentence in doc.paragraphs:
        wording = re.sub(r"“[^”]*”", "", sentence)  # the task's name stays as it is stored
        for name in names:  # so do the names of units and the serial
            wording = wording.replace(name, "")
        assert not _CJK.search(wording), sentence


def test_a_month_selects_its_notices_in_serial_order(county_store: Store) -> None:
    docs = notice_documents(county_store, month=Month(2025, 12))
    issued = sorted(
        (s.value for s in county_store.notices.all() if s.value.issued_on in Month(2025, 12)),
        key=lambda n: n.serial.number,
    )
    assert [d.serial for d in docs] == [str(n.serial) for n in issued]
    only = notice_documents(county_store, month=Month(2025, 12), kinds={NoticeKind.RED_LIST})
    assert {d.kind for d in only} <= {NoticeKind.RED_LIST}
    assert len(only) == sum(n.kind is NoticeKind.RED_LIST for n in issued)


def test_bad_requests_name_what_is_wrong(county_store: Store) -> None:
    with pytest.raises(NotFoundError, match="督考〔2025〕999号"):
        notice_documents(county_store, serials=["督考〔2025〕999号"])
    with pytest.raises(ValidationError, match="serial: not a serial number"):
        notice_documents(county_store, serials=["督考[2025]1号"])
    with pytest.raises(ValidationError, match="give serials, a month, or both"):
        notice_documents(county_store)
    notice = _latest(county_store, NoticeKind.RED_LIST)
    other = ListItem("t-x", "别的任务", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    with pytest.raises(ValidationError, match="task: is 't-x'"):
        notice_document(notice, other)
    with pytest.raises(ValidationError, match="lang: unknown language 'fr'"):
        notice_document(notice, other, lang="fr")


def test_a_notice_too_long_for_one_page_is_refused_naming_it() -> None:
    """The line spacing tightens (GB/T 9704-2012 7.3.5.5) only so far; past that, an error."""
    task = ListItem("t-1", "长" * 300, dt.date(2026, 1, 5), dt.date(2026, 6, 30))
    notice = issue(
        NoticeKind.RED_LIST,
        Serial("督考", 2026, 5),
        "t-1",
        Subject.unit("u-1"),
        dt.date(2026, 3, 31),
        "超过期限未办结",
        china(),
    )
    doc = notice_document(notice, task)
    with pytest.raises(
        ValidationError, match=r"document: 督考〔2026〕5号: \d+ body lines do not fit"
    ):
        render_notice_docx(doc)


def test_the_line_pitch_fills_the_text_block_or_tightens() -> None:
    """22 lines × 28 characters on 156 × 225 mm (GB/T 9704-2012 5.2.1, 5.2.3)."""
    assert pytest.approx(225) == layout.LINE_MM * 22
    assert pytest.approx(156) == layout.CHAR_MM * 28
    roomy, tight = layout.fit(3), layout.fit(12)
    assert roomy.pitch_mm == pytest.approx(225 / 22)
    assert tight.pitch_mm < roomy.pitch_mm
    fixed = 35 + 36 * 1.2 * 25.4 / 72 + 4 + 0.5
    used = fixed + (2 + 1 + 2 + 1 + 1 + 12 + 3) * tight.pitch_mm + tight.title_pitch_mm
    assert used == pytest.approx(225)


def test_write_notices_writes_a_docx_each_and_one_html(
    county_store: Store, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    docs = notice_documents(county_store, month=Month(2025, 12))
    written = write_notices(docs, tmp_path / "out", html_name="notices-2025-12")
    assert [p.suffix for p in written] == [".docx"] * len(docs) + [".html"]
    html = (tmp_path / "out" / "notices-2025-12.html").read_text(encoding="utf-8")
    assert html.count('<section class="notice"') == len(docs)
    for doc in docs:
        assert f'data-serial="{doc.serial}"' in html
    with pytest.raises(ValidationError, match="unknown format"):
        write_notices(docs, tmp_path, formats=("pdf",))


def test_a_document_is_plain_text_data() -> None:
    doc = NoticeDocument(
        NoticeKind.BLUE_LIST,
        "R4",
        "zh",
        "县督考办",
        "督考〔2026〕1号",
        "蓝色督办清单",
        "县发改局：",
        ("正文。",),
        "2026年3月31日",
    )
    assert doc.text().splitlines() == [
        "县督考办",
        "督考〔2026〕1号",
        "蓝色督办清单",
        "县发改局：",
        "正文。",
        "县督考办",
        "2026年3月31日",
    ]
    with pytest.raises(ValueError, match="lang"):
        NoticeDocument(
            NoticeKind.BLUE_LIST,
            "R4",
            "fr",
            "x",
            "s",
            "t",
            "a",
            ("p",),
            "d",
        )
