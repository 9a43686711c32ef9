"""Issue 15 done-when: a small county from its filled-in templates through two month-ends, on
SQLite and PostgreSQL; reloading the same files changes nothing, an edited file updates what
changed, a file with 5 planted errors lists all 5 and writes nothing (R2, R3, R15, R16, R19)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from qingdan_core.demo import generate_county
from qingdan_core.demo.sheets import CountySheets, write_county_sheets
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lists import ProgressReport, report_progress
from qingdan_core.month_end import run_month_end
from qingdan_core.periods import Month
from qingdan_core.scoring import MonthRecord, PartScore
from qingdan_core.sheets import (
    key_task_list_id,
    load_lists,
    load_roster,
    load_tasks,
)
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.storage.generic import Changes
from qingdan_core.transfer import export_store

JANUARY, FEBRUARY = Month(2025, 1), Month(2025, 2)
COUNTY = generate_county(seed=3, year=2025, units=3, people=12, tasks=4)
PROGRESS = {
    JANUARY: (dt.date(2025, 1, 24), {"t-001": "0.08", "t-004": "0.02"}),
    FEBRUARY: (dt.date(2025, 2, 26), {"t-001": "0.15", "t-002": "0.12", "t-003": "0.05"}),
}


@pytest.fixture
def store(db: str) -> Iterator[RecordStore]:
    """A new store on SQLite or PostgreSQL, its schema made."""
    opened = open_store(db if "://" in db else f"sqlite:///{db}")
    opened.create_schema()
    yield opened
    opened.close()


def _load_all(store: RecordStore, files: CountySheets) -> list[Changes]:
    return [
        load_roster(store, files.roster),
        load_tasks(store, files.tasks),
        load_lists(store, files.lists),
    ]


def _month_end(store: RecordStore, month: Month) -> None:
    """The month's progress reports and month records, then its month-end (R3, R16)."""
    day, shares = PROGRESS[month]
    stored = store.checklists.get(key_task_list_id(2025))
    checklist = stored.value
    for item_id, share in shares.items():
        checklist = report_progress(checklist, item_id, ProgressReport(day, Decimal(share)))
    store.checklists.save(checklist, stored.version)
    records = []
    for unit in COUNTY.business_units:
        subjects = [Subject.unit(unit.unit_id)]
        subjects += [Subject.person(p.key) for p in store.people.in_unit(unit.unit_id)]
        for subject in subjects:
            parts = tuple(PartScore(k, Decimal(90)) for k in ("task", "performance", "supervision"))
            records.append(
                MonthRecord(
                    subject,
                    month.year,
                    month.month,
                    (*parts, PartScore("attendance", Decimal(100))),
                )
            )
    store.month_records.add_many(records)
    done = run_month_end(store, month)
    assert (done.reviewed, done.unscored, done.scored) == (True, (), len(records))


def _edit(path: Path, sheet: str, cells: dict[str, Any]) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)


def _row_of(path: Path, sheet: str, first: str) -> int:
    """The row number of the row of ``sheet`` whose first cell is ``first``."""
    book = openpyxl.load_workbook(path, read_only=True)
    for number, row in enumerate(book[sheet].iter_rows(values_only=True), start=1):
        if row[0] == first:
            return number
    raise AssertionError(f"no row {first} in {sheet}")


def test_a_county_from_its_templates_two_month_ends_reloads_and_a_bad_file(
    store: RecordStore, tmp_path: Path
) -> None:
    files = write_county_sheets(COUNTY, tmp_path, [JANUARY, FEBRUARY])
    first = _load_all(store, files)
    people = len(COUNTY.organisation.people)
    listed = sum(
        1
        for p in COUNTY.organisation.people
        if p.unit_id in {u.unit_id for u in COUNTY.business_units}
    )
    assert first == [
        Changes(
            added=len(COUNTY.organisation.units) + people + len(COUNTY.organisation.guidance_groups)
        ),
        Changes(added=1 + len(COUNTY.tasks)),  # the key-task list and a state per task
        Changes(added=2 * listed),  # each person of a business unit, two months
    ]
    for month in (JANUARY, FEBRUARY):
        _month_end(store, month)
    assert [r.report.month for r in store.month_end_reviews.between()] == [JANUARY, FEBRUARY]
    assert {(c.value.year, c.value.month) for c in store.score_cards.all()} == {
        (2025, 1),
        (2025, 2),
    }

    # the same files again: nothing changes, the month-ends' work stays
    before = export_store(store)
    assert _load_all(store, files) == [Changes(unchanged=c.added) for c in first]
    assert export_store(store) == before

    # an edited file: a renamed person, a task's new due date, a list item's new text
    person = COUNTY.organisation.people[3]
    _edit(files.roster, "人员", {f"B{_row_of(files.roster, '人员', person.person_id)}": "欧阳新名"})
    _edit(files.tasks, "重点任务", {f"F{_row_of(files.tasks, '重点任务', 't-002')}": "2025-09-30"})
    book = openpyxl.load_workbook(files.tasks)
    book["月度节点"].append(["t-002", "2025-09", 100])
    book.save(files.tasks)
    assert load_roster(store, files.roster) == Changes(updated=1, unchanged=first[0].added - 1)
    assert load_tasks(store, files.tasks) == Changes(updated=1, unchanged=first[1].added - 1)
    assert store.people.get(person.person_id).value.name == "欧阳新名"
    key_tasks = store.checklists.get(key_task_list_id(2025)).value
    t002 = key_tasks.item("t-002")
    assert t002.due == dt.date(2025, 9, 30)
    assert [r.day for r in t002.reports] == [dt.date(2025, 2, 26)]  # the work done stays
    assert key_tasks.item("t-001").latest_progress == Decimal("0.15")

    # a file with 5 planted errors: all 5 listed, each by place, nothing written
    before = export_store(store)
    row_2, row_4 = (_row_of(files.tasks, "重点任务", key) for key in ("t-002", "t-004"))
    _edit(
        files.tasks,
        "重点任务",
        {
            f"E{row_2}": "2025-02-30",  # a day that does not exist
            f"C{row_4}": "无名氏",  # an unknown lead leader
            f"D{row_4}": "县环保局",  # an unknown responsible unit
        },
    )
    book = openpyxl.load_workbook(files.tasks)
    book["重点任务"].append(["t-001", "重复的任务", "p-xz", "县发改局", "2025-01-01", "2025-06-30"])
    book["月度节点"].append(["t-001", "2025-11", 50])  # after t-001's due month
    book.save(files.tasks)
    with pytest.raises(ValidationError) as caught:
        load_tasks(store, files.tasks)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 5, problems
    assert f"重点任务!E{row_2} 开始日期: 2025-02-30 这一天不存在" in problems
    assert f"重点任务!C{row_4} 牵头领导: 无名氏 不在人员表中" in problems
    assert f"重点任务!D{row_4} 责任单位: 县环保局 不在单位表中" in problems
    assert any(p.endswith("任务编号: t-001 重复(第 2 行已有)") for p in problems)
    assert any(p.startswith("月度节点!B") and "2025-11 不在任务的起止月份" in p for p in problems)
    assert export_store(store) == before
