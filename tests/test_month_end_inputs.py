"""What a month-end lacks, each with how to provide it (R2, R3, R12, R16, R18, R19)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from qingdan_core.demo import generate_county
from qingdan_core.demo.sheets import CountySheets, write_county_sheets
from qingdan_core.errors import IncompleteMonthError
from qingdan_core.lists import ProgressReport, report_progress
from qingdan_core.month_end import gather, run_month_end
from qingdan_core.periods import Month
from qingdan_core.sheets import key_task_list_id, load_lists, load_roster, load_tasks
from qingdan_core.storage import RecordStore, open_store

JANUARY, FEBRUARY = Month(2025, 1), Month(2025, 2)
COUNTY = generate_county(seed=3, year=2025, units=3, people=12, tasks=4)


@pytest.fixture
def files(tmp_path: Path) -> CountySheets:
    return write_county_sheets(COUNTY, tmp_path, [JANUARY, FEBRUARY])


def _loaded(files: CountySheets, *, lists: bool = False) -> RecordStore:
    """A memory store with the county's roster and key tasks (and task lists) loaded."""
    store = open_store("memory://")
    load_roster(store, files.roster)
    load_tasks(store, files.tasks)
    if lists:
        load_lists(store, files.lists)
    return store


def _missing(store: RecordStore, month: Month) -> tuple[str, ...]:
    with pytest.raises(IncompleteMonthError) as caught:
        run_month_end(store, month)
    assert caught.value.missing == gather(store, month).missing
    return caught.value.missing


def _report(store: RecordStore, day: dt.date, *item_ids: str) -> None:
    stored = store.checklists.get(key_task_list_id(2025))
    checklist = stored.value
    for item_id in item_ids:
        checklist = report_progress(checklist, item_id, ProgressReport(day, Decimal("0.05")))
    store.checklists.save(checklist, stored.version)


def test_no_key_tasks_says_to_load_the_key_task_sheet() -> None:
    assert _missing(open_store("memory://"), JANUARY) == (
        "key tasks (R19): none started by 2025-01-31 — load them: qingdan load --kind tasks "
        "(sheets 重点任务, 月度节点) or qingdan_core.sheets.load_tasks(store, path)",
    )


def test_each_missing_input_names_the_sheet_or_call_that_provides_it(
    files: CountySheets,
) -> None:
    store = _loaded(files)
    people = sorted(p.key for u in ("u-fgw", "u-zjj") for p in store.people.in_unit(u))
    assert _missing(store, JANUARY) == (
        "progress reports (R16) of 2025-01: none of the 2 key tasks — record each task's "
        "progress on its key-task list (store.checklists.get(list_id), "
        "qingdan_core.lists.report_progress(checklist, item_id, ProgressReport(day, share)), "
        "store.checklists.save(checklist, version))",
        f"monthly task lists (R2) of 2025-01 for people {', '.join(people[:5])} … "
        f"({len(people)} in all) — load them: qingdan load --kind lists (sheet 任务清单) "
        "or qingdan_core.sheets.load_lists(store, path)",
    )
    # doing what the messages say makes the month-end run
    load_lists(store, files.lists)
    _report(store, dt.date(2025, 1, 24), "t-001", "t-004")
    done = run_month_end(store, JANUARY)
    assert done.reviewed
    assert done.unscored == (
        "month records (R3, R12) of 2025-01: none stored — store one "
        "qingdan_core.scoring.MonthRecord per unit and person "
        "(store.month_records.add_many(records)), then run the month-end again",
    )


def test_a_month_before_its_predecessor_says_to_run_that_one_first(
    files: CountySheets,
) -> None:
    store = _loaded(files, lists=True)
    _report(store, dt.date(2025, 2, 20), "t-001")
    (missing,) = _missing(store, FEBRUARY)
    assert missing == (
        "the month-end of 2025-01 for key tasks t-001, t-004 — run it first: "
        "qingdan month-end --db DB --month 2025-01 "
        "or qingdan_core.month_end.run_month_end(store, Month(2025, 1))"
    )


def test_key_tasks_without_attention_levels_say_how_to_give_them(files: CountySheets) -> None:
    loaded = _loaded(files)
    store = open_store("memory://")
    store.units.add_many(s.value for s in loaded.units.all())
    store.people.add_many(s.value for s in loaded.people.all())
    store.checklists.add_many(s.value for s in loaded.checklists.all())
    assert _missing(store, JANUARY)[0] == (
        "attention levels (R18) of key tasks t-001, t-002, t-003, t-004 — loading the key "
        "tasks gives each its level (sheet 重点任务, column 初始关注等级); "
        "or store.supervision.add(TaskSupervision(item_id, level))"
    )
    # as the message says: loading the key-task sheet places them, and nothing else changes
    assert str(load_tasks(store, files.tasks)) == "4 added, 0 updated, 1 unchanged"
    assert not any("attention levels" in m for m in gather(store, JANUARY).missing)
