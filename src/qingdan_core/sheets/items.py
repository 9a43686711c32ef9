"""A list from a spreadsheet over the stored list: the plan changes, the work done stays (R7, R19).

A spreadsheet holds what is planned for each item (text, dates, who answers
for it, milestones, weight); the store also holds what happened since (the
stage, progress reports, status, commitments). :func:`merge_list` puts the
sheet's plan over the stored list and keeps the rest, so loading the same
file again changes nothing even after a month-end. Items the sheet does not
name stay in the list. A list that is assessed or signed no longer changes
(R5, R7): :func:`merge_list` raises rather than rewrite it.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.lists import Checklist, ListItem, ProgressReport
>>> from qingdan_core.periods import Month
>>> from qingdan_core.lifecycle import Stage
>>> start, end = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
>>> done = ListItem("i-1", "月报", start, end, reports=(ProgressReport(dt.date(2025, 3, 9), Decimal("0.5")),))
>>> stored = Checklist("L-1", "task", Subject.person("p-1"), Month(2025, 3), (done,), stage=Stage.IN_PROGRESS)
>>> sheet = Checklist("L-1", "task", Subject.person("p-1"), Month(2025, 3), (ListItem("i-1", "月度报表", start, end),))
>>> merged = merge_list(stored, sheet)
>>> merged.items[0].text, merged.items[0].latest_progress, merged.stage.value
('月度报表', Decimal('0.5'), 'in_progress')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from qingdan_core.errors import Problem, ValidationError
from qingdan_core.lifecycle import Stage
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.sheets.cells import Line
from qingdan_core.sheets.plan import Change, Planner

__all__ = ["PLANNED", "merge_list", "plan_lists", "sheet_item"]

PLANNED = (
    "text",
    "assigned_on",
    "due",
    "clause",
    "responsible_person_id",
    "responsible_post",
    "lead_leader_id",
    "responsible_unit_id",
    "milestones",
    "weight",
)
"""The fields of a list item a spreadsheet plans; the others record what happened."""

_OPEN = (Stage.DRAFTED, Stage.PUBLISHED, Stage.IN_PROGRESS)


def sheet_item(
    line: Line, key: str, text: str, start: date, due: date, weight: Decimal, **who: Any
) -> ListItem:
    """The item a sheet row plans, its 条款 read from the row; ``who`` says who answers for
    it (``responsible_person_id``, or ``lead_leader_id`` and ``responsible_unit_id``, R8, R19)."""
    return ListItem(key, text, start, due, clause=line.text("条款"), weight=weight, **who)


def _planned(item: ListItem) -> tuple[object, ...]:
    return tuple(getattr(item, name) for name in PLANNED)


def merge_list(stored: Checklist, sheet: Checklist) -> Checklist:
    """``stored`` with the plan of every item of ``sheet`` (new items appended), its stage,
    reports, statuses and commitments kept.

    :raises ValidationError: when the plan would change a list past 办理中 (assessed,
        signed …), or an item's reports would then predate its start.
    """
    mine = {item.item_id: item for item in sheet.items}
    items = []
    for item in stored.items:
        new = mine.pop(item.item_id, None)
        if new is not None and _planned(new) != _planned(item):
            item = attrs.evolve(item, **{name: getattr(new, name) for name in PLANNED})
        items.append(item)
    merged = attrs.evolve(stored, items=(*items, *mine.values()))
    if merged != stored and stored.stage not in _OPEN:
        raise ValidationError(stored.list_id, f"清单已{stored.stage.label},不能再改(R5、R7)")
    return merged


def plan_lists(
    planner: Planner, lists: Iterable[tuple[Checklist, str]], problems: list[Problem]
) -> list[Change]:
    """The changes storing each ``(list, place)`` merged over its stored list; a list that
    cannot be merged is a problem at ``place`` (the sheet row of its first item)."""
    changes = []
    for checklist, place in lists:
        try:
            changes.append(planner.change("checklists", checklist, merge_list))
        except ValidationError as exc:
            problems += [Problem(place, f"清单 {checklist.list_id}: {p}") for p in exc.problems]
    return changes
