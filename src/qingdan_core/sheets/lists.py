"""Monthly task lists (任务清单, R2) from a spreadsheet: one list per person and month.

:func:`plan_lists` reads the sheet ``任务清单``: each row is one item of a
person's list for a month (the person stored already: load the roster first).
The rows of one person and month make the list ``任务-<person>-<YYYY-MM>``,
published (已发布, the month-start list, R2, R10), each item the person's own
(人头). Dates left blank are the month's first and last day.

>>> from qingdan_core.organisation import Person, Post, Unit
>>> from qingdan_core.sheets.workbook import Sheet
>>> from qingdan_core.storage import open_store
>>> store = open_store("memory://")
>>> _ = store.units.add(Unit("u-hbj", "县环保局"))
>>> _ = store.people.add(Person("p-1", "金涛", "u-hbj", Post("科员")))
>>> sheet = Sheet("任务清单", ("人员", "月份", "事项编号", "事项内容", "完成时限"),
...               ((2, ("p-1", "2025-03", "i-1", "报送月报", "2025-02-30")),))
>>> plan_lists(store, {"任务清单": sheet})
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: 任务清单!E2 完成时限: 2025-02-30 这一天不存在
"""

from __future__ import annotations

from collections.abc import Mapping

from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lifecycle import Stage
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.periods import Month
from qingdan_core.sheets import items
from qingdan_core.sheets.cells import SheetReader
from qingdan_core.sheets.plan import Plan, Planner
from qingdan_core.sheets.references import Names
from qingdan_core.sheets.templates import TEMPLATES, TemplateKind
from qingdan_core.sheets.workbook import Sheet
from qingdan_core.storage.protocol import Store

__all__ = ["monthly_list_id", "plan_lists"]

(_LISTS,) = TEMPLATES[TemplateKind.LISTS]


def monthly_list_id(person_id: str, month: Month) -> str:
    """The id of ``person_id``'s task list of ``month``.

    >>> monthly_list_id("p-1", Month(2025, 3))
    '任务-p-1-2025-03'
    """
    return f"任务-{person_id}-{month}"


def plan_lists(store: Store, sheets: Mapping[str, Sheet]) -> Plan:
    """What loading the task-list ``sheets`` into ``store`` would change (R2).

    :raises ValidationError: listing every problem by place — unknown people,
        months and dates that do not exist, dates outside the month or a due
        date before the start, an item id twice in one list; nothing is planned then.
    """
    problems: list[Problem] = []
    planner = Planner(store)
    people = Names("人员", {k: s.value.name for k, s in planner.stored("people").items()})
    lists: dict[tuple[str, Month], list[ListItem]] = {}
    places: dict[tuple[str, Month], str] = {}
    seen: dict[tuple[str, Month, str], int] = {}
    for line in SheetReader(sheets, _LISTS, problems):
        person = people.resolve(line, "人员", line.text("人员"))
        month, key, text = line.month("月份"), line.text("事项编号"), line.text("事项内容")
        start, due, weight = line.date("开始日期"), line.date("完成时限"), line.weight()
        if month is None or person is None or key is None or text is None:
            continue
        start, due = start or month.start, due or month.end
        for header, day in (("开始日期", start), ("完成时限", due)):
            if day not in month:
                line.fail(header, f"{day} 不在 {month} 内")
        if due < start:
            line.fail("完成时限", f"{due} 早于开始日期 {start}")
        if (person, month, key) in seen:
            line.fail("事项编号", f"{key} 在这份清单中重复(第 {seen[person, month, key]} 行已有)")
            continue
        seen[person, month, key] = line.number
        if start <= due and weight is not None:
            lists.setdefault((person, month), []).append(
                items.sheet_item(line, key, text, start, due, weight, responsible_person_id=person)
            )
            places.setdefault((person, month), f"{_LISTS.name}!{line.number}")
    if problems:
        raise ValidationError.from_problems(problems)
    wanted = [
        (
            Checklist(
                monthly_list_id(person, month),
                "task",
                Subject.person(person),
                month,
                tuple(found),
                stage=Stage.PUBLISHED,
            ),
            places[person, month],
        )
        for (person, month), found in lists.items()
    ]
    changes = items.plan_lists(planner, wanted, problems)
    if problems:
        raise ValidationError.from_problems(problems)
    return Plan(tuple(changes))
