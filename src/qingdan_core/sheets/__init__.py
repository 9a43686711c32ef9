"""Spreadsheets in: the roster, key tasks and monthly task lists from ``.xlsx`` or ``.csv`` files.

County offices keep their rosters and plans in Excel/WPS workbooks. Each of
the three templates (:class:`TemplateKind`: ``roster``, ``tasks``, ``lists``)
has Chinese column headers and a notes sheet; :func:`write_template` writes
an empty one. :func:`plan_load` reads filled-in files, checks every cell and
every reference, and returns what loading them would change — or raises one
:class:`~qingdan_core.errors.ValidationError` listing every problem by place
(``人员!C14 所在单位: 县环保局 不在单位表中``). :meth:`Plan.apply` writes the
changes in one unit of work; loading the same files again changes nothing.
:func:`load_roster`, :func:`load_tasks` and :func:`load_lists` do both.

Load the roster first: key tasks and task lists refer to its units and people.
Reading ``.xlsx`` needs openpyxl (``pip install 'qingdan-core[xlsx]'``).

>>> import pathlib, tempfile
>>> from qingdan_core.storage import open_store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "单位.csv").write_text("单位编号,单位名称,上级单位\\nu-county,某县,\\nu-hbj,县环保局,某县\\n", encoding="utf-8")
>>> _ = (folder / "人员.csv").write_text("人员编号,姓名,所在单位,岗位\\np-1,金涛,县环保局,科员\\n", encoding="utf-8")
>>> store = open_store("memory://")
>>> print(load_roster(store, folder / "单位.csv", folder / "人员.csv"))
3 added, 0 updated, 0 unchanged
>>> print(load_roster(store, folder / "单位.csv", folder / "人员.csv"))
0 added, 0 updated, 3 unchanged
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from qingdan_core.sheets.lists import monthly_list_id, plan_lists
from qingdan_core.sheets.plan import Change, Plan
from qingdan_core.sheets.roster import plan_roster
from qingdan_core.sheets.tasks import key_task_list_id, plan_tasks
from qingdan_core.sheets.templates import TEMPLATES, TemplateKind, write_template
from qingdan_core.sheets.workbook import Sheet, read_sheets
from qingdan_core.storage.generic import Changes
from qingdan_core.storage.protocol import Store

__all__ = [
    "TEMPLATES",
    "Change",
    "Plan",
    "Sheet",
    "TemplateKind",
    "key_task_list_id",
    "load_lists",
    "load_roster",
    "load_tasks",
    "monthly_list_id",
    "plan_load",
    "read_sheets",
    "write_template",
]

_PLANNERS = {
    TemplateKind.ROSTER: plan_roster,
    TemplateKind.TASKS: plan_tasks,
    TemplateKind.LISTS: plan_lists,
}


def plan_load(store: Store, kind: TemplateKind, paths: Iterable[str | Path]) -> Plan:
    """What loading the ``kind`` files at ``paths`` into ``store`` would change; writes nothing.

    :raises ValidationError: listing every problem of the files by place.
    """
    return _PLANNERS[kind](store, read_sheets(paths))


def load_roster(store: Store, *paths: str | Path) -> Changes:
    """Load the roster files at ``paths`` (units, people, guidance groups; R3, R15).

    :returns: how many records were added, updated and left unchanged.
    :raises ValidationError: listing every problem by place; nothing is written.
    :raises ConflictError: when a record changed meanwhile; nothing is written.
    """
    return plan_load(store, TemplateKind.ROSTER, paths).apply(store)


def load_tasks(store: Store, *paths: str | Path) -> Changes:
    """Load the key-task files at ``paths`` (key tasks and their milestones; R18, R19).

    :returns: how many records were added, updated and left unchanged.
    :raises ValidationError: listing every problem by place; nothing is written.
    :raises ConflictError: when a record changed meanwhile; nothing is written.
    """
    return plan_load(store, TemplateKind.TASKS, paths).apply(store)


def load_lists(store: Store, *paths: str | Path) -> Changes:
    """Load the monthly task-list files at ``paths`` (R2).

    :returns: how many records were added, updated and left unchanged.
    :raises ValidationError: listing every problem by place; nothing is written.
    :raises ConflictError: when a record changed meanwhile; nothing is written.
    """
    return plan_load(store, TemplateKind.LISTS, paths).apply(store)
