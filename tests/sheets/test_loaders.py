"""Spreadsheet loaders: templates, round trips, every problem by place, idempotent reloads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from qingdan_core.attention import AttentionLevel
from qingdan_core.demo import generate_county
from qingdan_core.demo.sheets import CountySheets, write_county_sheets
from qingdan_core.errors import ConflictError, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lists import ProgressReport, report_progress
from qingdan_core.organisation import Organisation
from qingdan_core.periods import Month
from qingdan_core.sheets import (
    TEMPLATES,
    TemplateKind,
    key_task_list_id,
    load_lists,
    load_roster,
    load_tasks,
    monthly_list_id,
    plan_load,
    write_template,
)
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.storage.generic import Changes

COUNTY = generate_county(seed=11, year=2025, units=3, people=14, tasks=5)


@pytest.fixture
def files(tmp_path: Path) -> CountySheets:
    return write_county_sheets(COUNTY, tmp_path, [Month(2025, 1), Month(2025, 2)])


@pytest.fixture
def store() -> RecordStore:
    return open_store("memory://")


def _problems(store: RecordStore, kind: TemplateKind, *paths: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        plan_load(store, kind, paths)
    return [str(p) for p in caught.value.problems]


def _edit(path: Path, sheet: str, cells: dict[str, Any]) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)


def _append(path: Path, sheet: str, *rows: Sequence[object]) -> None:
    book = openpyxl.load_workbook(path)
    for row in rows:
        book[sheet].append(list(row))
    book.save(path)


# ---------------------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", list(TemplateKind))
def test_a_template_has_every_sheet_its_headers_and_notes_on_each_column(
    kind: TemplateKind, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(write_template(kind, tmp_path / "t.xlsx"))
    specs = TEMPLATES[kind]
    assert book.sheetnames == [*(s.name for s in specs), "说明"]
    for spec in specs:
        assert tuple(c.value for c in book[spec.name][1]) == spec.headers
    noted = {(r[0], r[1]) for r in book["说明"].iter_rows(min_row=2, values_only=True)}
    assert {(s.name, c.header) for s in specs for c in s.columns} <= noted
    assert plan_load(open_store("memory://"), kind, [tmp_path / "t.xlsx"]).changes == ()


def test_a_template_is_an_xlsx_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        write_template(TemplateKind.ROSTER, tmp_path / "roster.xls")


# ---------------------------------------------------------------------------- round trips


def test_a_generated_county_loads_back_as_the_values_it_was_written_from(
    files: CountySheets, store: RecordStore
) -> None:
    load_roster(store, files.roster)
    org = COUNTY.organisation
    assert tuple(s.value for s in store.units.all()) == org.units
    assert tuple(s.value for s in store.people.all()) == org.people
    assert tuple(s.value for s in store.guidance_groups.all()) == org.guidance_groups
    Organisation(org.units, org.people, org.guidance_groups)  # still consistent
    load_tasks(store, files.tasks)
    (stored,) = store.checklists.all()
    assert stored.key == key_task_list_id(2025)
    assert stored.value.items == COUNTY.tasks
    assert [(s.key, s.value.level) for s in store.supervision.all()] == [
        (s.item_id, s.level) for s in COUNTY.supervision
    ]
    load_lists(store, files.lists)
    people = {
        p.person_id for p in org.people if p.unit_id in {u.unit_id for u in COUNTY.business_units}
    }
    for month in (Month(2025, 1), Month(2025, 2)):
        for person in people:
            (found,) = store.checklists.for_owner(Subject.person(person), month.start, month.start)
            assert found.key == monthly_list_id(person, month)
            assert all(i.responsible_person_id == person for i in found.value.items)


def test_csv_files_in_utf8_with_bom_or_gb18030_read_the_same(tmp_path: Path) -> None:
    text = "单位编号,单位名称,上级单位\r\nu-county,某县,\r\nu-hbj,县环保局,某县\r\n"
    people = "人员编号,姓名,所在单位,岗位,角色\np-1,金涛,u-hbj,科员,工作人员\n"
    stores: list[list[Any]] = []
    for encoding in ("utf-8-sig", "gb18030"):
        folder = tmp_path / encoding
        folder.mkdir()
        (folder / "单位.csv").write_bytes(text.encode(encoding))
        (folder / "人员.csv").write_bytes(people.encode(encoding))
        store = open_store("memory://")
        assert load_roster(store, folder / "单位.csv", folder / "人员.csv") == Changes(added=3)
        stores.append(
            [*(s.value for s in store.units.all()), *(s.value for s in store.people.all())]
        )
    assert stores[0] == stores[1]
    assert stores[0][1].name == "县环保局"


def test_a_file_in_another_encoding_or_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "单位.csv").write_bytes(b"\xff\xfe\x00\x00")
    (tmp_path / "人员.txt").write_text("x", encoding="utf-8")
    problems = _problems(
        open_store("memory://"),
        TemplateKind.ROSTER,
        tmp_path / "单位.csv",
        tmp_path / "人员.txt",
        tmp_path / "none.xlsx",
    )
    assert [p.split(": ", 1)[1] for p in problems] == [
        "不是 UTF-8 或 GB18030 编码的 CSV 文件",
        "只读取 .xlsx 或 .csv 文件",
        "文件不存在",
    ]


# ---------------------------------------------------------------------------- problems by place


def test_every_roster_problem_is_listed_by_place_and_nothing_is_written(
    files: CountySheets, store: RecordStore
) -> None:
    _edit(files.roster, "人员", {"C3": "县环保局"})  # no such unit
    _append(
        files.roster,
        "单位",
        ("u-a", "甲单位", "乙单位"),
        ("u-b", "乙单位", "u-a"),  # a and b are each other's parent
        ("u-fgw", "重复的", None),  # a stored id again
    )
    _append(files.roster, "人员", ("p-9", "新人", "甲单位", "科员", None, "局领导"))
    _append(files.roster, "指导组", ("g-9", "新组", "p-404", "甲单位、无此单位"))
    problems = _problems(store, TemplateKind.ROSTER, files.roster)
    rows = {"单位": len(COUNTY.organisation.units) + 1, "人员": len(COUNTY.organisation.people) + 2}
    assert problems == [
        f"单位!A{rows['单位'] + 3} 单位编号: u-fgw 重复(第 5 行已有)",
        f"单位!C{rows['单位'] + 1} 上级单位: 单位 甲单位 成了自己的上级(u-a → u-b → u-a)",
        f"单位!C{rows['单位'] + 2} 上级单位: 单位 乙单位 成了自己的上级(u-b → u-a → u-b)",
        "人员!C3 所在单位: 县环保局 不在单位表中",
        f"人员!F{rows['人员']} 角色: 局领导 不是角色 (allowed: 主要领导, 分管领导, 工作人员, 督考办, 纪检监察)",
        f"指导组!C{len(COUNTY.organisation.guidance_groups) + 2} 组长: p-404 不在人员表中",
        f"指导组!D{len(COUNTY.organisation.guidance_groups) + 2} 成员单位: 无此单位 不在单位表中",
    ]
    assert store.units.all() == ()


def test_key_task_problems_name_the_cell(files: CountySheets, store: RecordStore) -> None:
    load_roster(store, files.roster)
    _edit(files.tasks, "重点任务", {"A3": "t-001", "E4": "2025-02-30", "F5": "2024-12-31"})
    _edit(files.tasks, "重点任务", {"C6": "无名氏", "H6": "最高关注"})
    _append(files.tasks, "月度节点", ("t-404", "2025-05", 50), ("t-001", "2025-13", 50))
    problems = _problems(store, TemplateKind.TASKS, files.tasks)
    assert "重点任务!A3 任务编号: t-001 重复(第 2 行已有)" in problems
    assert "重点任务!E4 开始日期: 2025-02-30 这一天不存在" in problems
    assert any(p.startswith("重点任务!F5 完成时限: 2024-12-31 早于开始日期") for p in problems)
    assert "重点任务!C6 牵头领导: 无名氏 不在人员表中" in problems
    assert any(p.startswith("重点任务!H6 初始关注等级: 最高关注 不是关注等级") for p in problems)
    assert any(p.startswith("月度节点!A") and "t-404 不在重点任务表中" in p for p in problems)
    assert any("月份: 2025-13 不是有效的月份(YYYY-MM)" in p for p in problems)
    assert store.checklists.all() == ()


def _one_task(
    store: RecordStore, tmp_path: Path, due: str, *milestones: tuple[str, object]
) -> Path:
    """A tasks file of one task t-1 from 2025-01-01 to ``due`` with ``milestones`` (month,
    target), over the roster of two."""
    _roster_of_two(store)
    path = write_template(TemplateKind.TASKS, tmp_path / "tasks.xlsx")
    _append(path, "重点任务", ("t-1", "管网改造", "p-vice", "u-hbj", "2025-01-01", due))
    _append(path, "月度节点", *(("t-1", *row) for row in milestones))
    return path


def test_milestones_that_fall_or_miss_100_in_the_due_month_are_refused(
    store: RecordStore, tmp_path: Path
) -> None:
    path = _one_task(
        store,
        tmp_path,
        "2025-04-30",
        ("2025-01", 30),
        ("2025-02", "20%"),
        ("2025-02", 40),
        ("2025-04", 90),
        ("2025-06", 100),
    )
    assert _problems(store, TemplateKind.TASKS, path) == [
        "月度节点!B4 月份: 任务 t-1 的 2025-02 已有节点",
        "月度节点!B6 月份: 2025-06 不在任务的起止月份 2025-01-01 至 2025-04-30 之间",
        "月度节点!C3 目标进度: 20% 低于 2025-01 的 30%",
        "月度节点!C5 目标进度: 完成时限所在月 2025-04 须为 100%,填的是 90%",
    ]


def test_a_milestone_reads_as_the_percentage_its_cell_shows(
    store: RecordStore, tmp_path: Path
) -> None:
    """Excel stores a typed 60 % as 0.6 in a cell formatted 0%; that cell means 60 %, as do
    the plain number 60 and the text 60%. A % that is only a sign in the format (0"%")
    leaves the number as it is (R19)."""
    path = _one_task(
        store,
        tmp_path,
        "2025-05-31",
        ("2025-01", 0.25),
        ("2025-02", 40),
        ("2025-03", "60%"),
        ("2025-04", 80),
        ("2025-05", 1),
    )
    book = openpyxl.load_workbook(path)
    for ref, number_format in (("C2", "0%"), ("C5", '0"%"'), ("C6", "0.00%")):
        book["月度节点"][ref].number_format = number_format
    book.save(path)
    load_tasks(store, path)
    (item,) = store.checklists.get(key_task_list_id(2025)).value.items
    assert [(m.due, m.target) for m in item.milestones] == [
        (dt.date(2025, 1, 31), Decimal("0.25")),
        (dt.date(2025, 2, 28), Decimal("0.4")),
        (dt.date(2025, 3, 31), Decimal("0.6")),
        (dt.date(2025, 4, 30), Decimal("0.8")),
        (dt.date(2025, 5, 31), Decimal("1")),
    ]
    _edit(path, "月度节点", {"C6": 1.5})
    assert _problems(store, TemplateKind.TASKS, path) == [
        "月度节点!C6 目标进度: 150% 不在 0–100 之间"
    ]


def _roster_of_two(store: RecordStore) -> None:
    from qingdan_core.organisation import Person, Post, Role, Unit

    store.units.add_many([Unit("u-county", "某县"), Unit("u-hbj", "县环保局", "u-county")])
    store.people.add_many(
        [
            Person(
                "p-vice", "沈副县长", "u-county", Post("副县长"), roles=(Role.IN_CHARGE_LEADER,)
            ),
            Person("p-1", "金涛", "u-hbj", Post("科员")),
        ]
    )


def test_missing_sheets_and_columns_and_unknown_columns_are_named(
    store: RecordStore, tmp_path: Path
) -> None:
    (tmp_path / "人员.csv").write_text("人员编号,名字,所在单位,岗位,备注\n", encoding="utf-8")
    assert _problems(store, TemplateKind.ROSTER, tmp_path / "人员.csv") == [
        "单位: 缺少这张表 (allowed: 人员)",
        "人员!B1: 未知的列 '名字' (allowed: 人员编号, 姓名, 所在单位, 岗位, 岗位职责, 角色, 分管单位, 分管人员, 人生格言)",
        "人员!E1: 未知的列 '备注' (allowed: 人员编号, 姓名, 所在单位, 岗位, 岗位职责, 角色, 分管单位, 分管人员, 人生格言)",
        "人员!1: 缺少列 姓名",
    ]


def test_task_list_problems_name_the_cell(store: RecordStore, tmp_path: Path) -> None:
    _roster_of_two(store)
    path = write_template(TemplateKind.LISTS, tmp_path / "lists.xlsx")
    _append(
        path,
        "任务清单",
        ("p-1", "2025-03", "i-1", "报送月报", None, "2025-04-02"),
        ("p-1", "2025-03", "i-1", "再报一次"),
        ("p-404", "2025-03", "i-1", "报送月报"),
        (
            "金涛",
            "2025-03",
            "i-2",
            "走访企业",
            dt.datetime(2025, 3, 9),
            dt.datetime(2025, 3, 5),
            -1,
        ),
    )
    assert _problems(store, TemplateKind.LISTS, path) == [
        "任务清单!F2 完成时限: 2025-04-02 不在 2025-03 内",
        "任务清单!C3 事项编号: i-1 在这份清单中重复(第 2 行已有)",
        "任务清单!A4 人员: p-404 不在人员表中",
        "任务清单!G5 权重: -1 须大于 0",
        "任务清单!F5 完成时限: 2025-03-05 早于开始日期 2025-03-09",
    ]


# ---------------------------------------------------------------------------- idempotence


def test_loading_the_same_files_twice_changes_nothing(
    files: CountySheets, store: RecordStore
) -> None:
    first = [load(store, path) for load, path in _loads(files)]
    assert all(c.added and not c.updated and not c.unchanged for c in first)
    again = [load(store, path) for load, path in _loads(files)]
    assert again == [Changes(unchanged=c.added) for c in first]
    assert {s.version for s in store.people.all()} == {1}


def _loads(files: CountySheets) -> list[tuple[Callable[[RecordStore, Path], Changes], Path]]:
    return [(load_roster, files.roster), (load_tasks, files.tasks), (load_lists, files.lists)]


def test_an_edited_file_updates_what_changed_and_keeps_the_work_done(
    files: CountySheets, store: RecordStore
) -> None:
    for load, path in _loads(files):
        load(store, path)
    key = store.checklists.get(key_task_list_id(2025))
    first = key.value.items[0]
    reported = report_progress(
        key.value, first.item_id, ProgressReport(first.assigned_on, Decimal("0.3"), "开工")
    )
    store.checklists.save(reported, key.version)
    state = store.supervision.get(first.item_id)
    store.supervision.save(type(state.value)(first.item_id, AttentionLevel.SPECIAL), state.version)
    assert load_tasks(store, files.tasks) == Changes(unchanged=1 + len(COUNTY.tasks))
    _edit(files.roster, "单位", {"B4": "县纪律检查委员会"})  # people name it by its old name
    _edit(files.tasks, "重点任务", {"B2": "改过的任务内容"})
    assert load_roster(store, files.roster).updated == 1
    assert load_tasks(store, files.tasks) == Changes(updated=1, unchanged=len(COUNTY.tasks))
    item = store.checklists.get(key_task_list_id(2025)).value.items[0]
    assert (item.text, item.latest_progress) == ("改过的任务内容", Decimal("0.3"))
    assert store.supervision.get(first.item_id).value.level is AttentionLevel.SPECIAL


def test_a_record_changed_after_the_plan_is_a_conflict_and_nothing_is_written(
    files: CountySheets, store: RecordStore
) -> None:
    load_roster(store, files.roster)
    _edit(files.roster, "单位", {"B5": "县发展和改革局"})
    _edit(files.roster, "人员", {"B2": "改名"})
    plan = plan_load(store, TemplateKind.ROSTER, [files.roster])
    assert plan.counts == Changes(updated=2, unchanged=plan.counts.unchanged)
    meanwhile = store.units.get("u-fgw")
    store.units.save(type(meanwhile.value)("u-fgw", "别人改的", "u-county"), meanwhile.version)
    with pytest.raises(ConflictError, match="u-fgw: stale version 1; stored version is 2"):
        plan.apply(store)
    assert store.people.get(COUNTY.organisation.people[0].person_id).value.name != "改名"
    assert store.units.get("u-fgw").value.name == "别人改的"


def test_a_record_added_after_the_plan_is_a_conflict_and_nothing_is_written(
    files: CountySheets, store: RecordStore
) -> None:
    """The new records of a plan are written in one batch; one that someone else stored
    since the plan was made refuses the whole load (R5)."""
    plan = plan_load(store, TemplateKind.ROSTER, [files.roster])
    first = COUNTY.organisation.units[0]
    store.units.add(first)
    with pytest.raises(ConflictError, match=first.unit_id):
        plan.apply(store)
    assert [s.key for s in store.units.all()] == [first.unit_id]
    assert store.people.all() == ()
