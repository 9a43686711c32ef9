"""Key tasks (重点任务, R19) with their monthly milestones (序时进度), from a spreadsheet.

:func:`plan_tasks` reads the sheets ``重点任务`` and ``月度节点``. Each key task
names its lead leader and responsible unit (stored already: load the roster
first), its start and due dates and its weight; the milestones give the share
due by each month's end, not falling from month to month and 100 % in the
month of the due date. The tasks go into one 责任单位落实清单 per year of their
start (``key-YYYY``, owned by the county's top unit, 办理中) and each new task
gets its supervision state at its initial attention level (R18); later levels
are the office's and a reload leaves them alone.

>>> from qingdan_core.organisation import Person, Post, Role, Unit
>>> from qingdan_core.sheets.workbook import Sheet
>>> from qingdan_core.storage import open_store
>>> store = open_store("memory://")
>>> _ = store.units.add_many([Unit("u-county", "某县"), Unit("u-hbj", "县环保局", "u-county")])
>>> _ = store.people.add(Person("p-vice", "沈副县长", "u-county", Post("副县长"), roles=(Role.IN_CHARGE_LEADER,)))
>>> sheets = {"重点任务": Sheet("重点任务", ("任务编号", "任务内容", "牵头领导", "责任单位", "开始日期", "完成时限"),
...                          ((2, ("t-1", "污水管网改造", "沈副县长", "县环保局", "2025-01-02", "2025/6/30")),)),
...           "月度节点": Sheet("月度节点", ("任务编号", "月份", "目标进度"),
...                          ((2, ("t-1", "2025-03", 40)), (3, ("t-1", "2025-02", 50))))}
>>> plan_tasks(store, sheets)
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: 月度节点!C2 目标进度: 40% 低于 2025-02 的 50%
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from qingdan_core.attention import AttentionLevel, TaskSupervision
from qingdan_core.deadlines import Milestone
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lifecycle import Stage
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.periods import Month, Year
from qingdan_core.sheets.cells import Line, SheetReader
from qingdan_core.sheets.items import plan_lists, sheet_item
from qingdan_core.sheets.plan import Plan, Planner
from qingdan_core.sheets.references import Names
from qingdan_core.sheets.templates import TEMPLATES, TemplateKind, label
from qingdan_core.sheets.workbook import Sheet
from qingdan_core.storage.protocol import Store

__all__ = ["KEY_TASK_LIST_TYPE", "key_task_list_id", "plan_tasks"]

_TASKS, _MILESTONES = TEMPLATES[TemplateKind.TASKS]
_LEVELS = {label(level): level for level in AttentionLevel}
_LEVELS |= {level.value: level for level in AttentionLevel}
_FULL = Decimal(1)

KEY_TASK_LIST_TYPE = "unit_implementation"
"""The catalogue type of the lists holding the key tasks (责任单位落实清单, R19)."""


def key_task_list_id(year: int) -> str:
    """The id of the list of the key tasks starting in ``year``.

    >>> key_task_list_id(2025)
    'key-2025'
    """
    return f"key-{year}"


def _milestones(
    sheets: Mapping[str, Sheet],
    known: Mapping[str, int],
    tasks: Mapping[str, tuple[dt.date, dt.date]],
    problems: list[Problem],
) -> dict[str, list[Milestone]]:
    """Each task's milestones by month, checked: a known task, a month from its start to its
    due date, once per month, never below the month before, 100 % in the due month. (The
    milestones of a task whose dates are wrong wait until its row is put right.)"""
    rows: dict[str, list[tuple[Month, Decimal, Line]]] = defaultdict(list)
    for line in SheetReader(sheets, _MILESTONES, problems, required=False):
        key, month, share = line.text("任务编号"), line.month("月份"), line.share("目标进度")
        if key is not None and key not in known:
            line.fail("任务编号", f"{key} 不在重点任务表中")
        elif key is not None and key in tasks and month is not None and share is not None:
            start, due = tasks[key]
            if not Month.containing(start) <= month <= Month.containing(due):
                line.fail("月份", f"{month} 不在任务的起止月份 {start} 至 {due} 之间")
            elif any(m == month for m, _, _ in rows[key]):
                line.fail("月份", f"任务 {key} 的 {month} 已有节点")
            else:
                rows[key].append((month, share, line))
    out: dict[str, list[Milestone]] = {}
    for key, found in rows.items():
        due = tasks[key][1]
        previous: tuple[Month, Decimal] | None = None
        points = []
        for month, share, line in sorted(found, key=lambda row: row[0].start):
            day = min(month.end, due)
            if previous is not None and share < previous[1]:
                line.fail("目标进度", f"{share:.0%} 低于 {previous[0]} 的 {previous[1]:.0%}")
            elif day == due and share != _FULL:
                line.fail("目标进度", f"完成时限所在月 {month} 须为 100%,填的是 {share:.0%}")
            elif day <= tasks[key][0]:
                line.fail("月份", f"节点日 {day} 不晚于开始日期 {tasks[key][0]}")
            else:
                points.append(Milestone(day, share))
            previous = (month, share)
        out[key] = points
    return out


def plan_tasks(store: Store, sheets: Mapping[str, Sheet]) -> Plan:
    """What loading the key-task ``sheets`` into ``store`` would change (R18, R19).

    :raises ValidationError: listing every problem by place — duplicate task ids,
        unknown leaders or units, dates that do not exist, a due date before the
        start, milestones that fall or miss 100 % in the due month; nothing is
        planned then.
    """
    problems: list[Problem] = []
    planner = Planner(store)
    units = Names("单位", {k: s.value.name for k, s in planner.stored("units").items()})
    people = Names("人员", {k: s.value.name for k, s in planner.stored("people").items()})
    roots = [k for k, s in planner.stored("units").items() if s.value.parent_id is None]
    rows = []
    seen: dict[str, int] = {}
    dates: dict[str, tuple[dt.date, dt.date]] = {}
    for line in SheetReader(sheets, _TASKS, problems):
        key, text = line.text("任务编号"), line.text("任务内容")
        leader = people.resolve(line, "牵头领导", line.text("牵头领导"))
        unit = units.resolve(line, "责任单位", line.text("责任单位"))
        start, due = line.date("开始日期"), line.date("完成时限")
        weight = line.weight()
        level_text = line.text("初始关注等级")
        level = _LEVELS.get(level_text or label(AttentionLevel.GENERAL))
        if level is None:
            line.fail("初始关注等级", f"{level_text} 不是关注等级", allowed=tuple(_LEVELS)[:4])
        if start and due and due < start:
            line.fail("完成时限", f"{due} 早于开始日期 {start}")
        if key in seen:
            line.fail("任务编号", f"{key} 重复(第 {seen[key]} 行已有)")
        elif key:
            seen[key] = line.number
            if start and due and start <= due:
                dates[key] = (start, due)
            if text and leader and unit and start and due and level and weight:
                rows.append((line, key, text, leader, unit, start, due, weight, level))
    milestones = _milestones(sheets, seen, dates, problems)
    if seen and not roots:
        problems.append(Problem(_TASKS.name, "库中还没有单位:先导入花名册"))
    if problems:
        raise ValidationError.from_problems(problems)
    by_year: dict[int, list[ListItem]] = defaultdict(list)
    places: dict[int, str] = {}
    states = []
    for line, key, text, leader, unit, start, due, weight, level in rows:
        by_year[start.year].append(
            sheet_item(
                line,
                key,
                text,
                start,
                due,
                weight,
                lead_leader_id=leader,
                responsible_unit_id=unit,
                milestones=tuple(milestones.get(key, ())),
            )
        )
        places.setdefault(start.year, f"{_TASKS.name}!{line.number}")
        states.append(TaskSupervision(key, level))
    lists = [
        (
            Checklist(
                key_task_list_id(year),
                KEY_TASK_LIST_TYPE,
                Subject.unit(roots[0]),
                Year(year),
                tuple(items),
                stage=Stage.IN_PROGRESS,
            ),
            places[year],
        )
        for year, items in sorted(by_year.items())
    ]
    changes = plan_lists(planner, lists, problems)
    if problems:
        raise ValidationError.from_problems(problems)
    return Plan((*changes, *(planner.change("supervision", s, _stored) for s in states)))


def _stored(stored: TaskSupervision, _sheet: TaskSupervision) -> TaskSupervision:
    """A stored supervision state stays: after the first load the levels are the office's (R18)."""
    return stored
