"""A generated county written as filled-in spreadsheet templates (for trying the loaders).

:func:`write_county_sheets` writes a :class:`~qingdan_core.demo.county.County`
as the three templates of :mod:`qingdan_core.sheets` — the roster, the key
tasks with their monthly milestones, and the monthly task lists of the
business units' people for the months asked — exactly as a county office
would fill them in (Chinese headers, labels for roles and levels, unit
names as references).

>>> import tempfile
>>> from qingdan_core.demo import generate_county
>>> from qingdan_core.periods import Month
>>> from qingdan_core.sheets import load_lists, load_roster, load_tasks
>>> from qingdan_core.storage import open_store
>>> county = generate_county(seed=1, year=2025, units=2, people=8, tasks=3)
>>> files = write_county_sheets(county, tempfile.mkdtemp(), [Month(2025, 1)])
>>> store = open_store("memory://")
>>> print(load_roster(store, files.roster), load_tasks(store, files.tasks), load_lists(store, files.lists), sep="; ")
22 added, 0 updated, 0 unchanged; 4 added, 0 updated, 0 unchanged; 8 added, 0 updated, 0 unchanged
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from qingdan_core.demo.county import County
from qingdan_core.ledger import SubjectKind
from qingdan_core.periods import Month
from qingdan_core.sheets.templates import TEMPLATES, TemplateKind, label, write_template

__all__ = ["CountySheets", "write_county_sheets"]


@attrs.frozen
class CountySheets:
    """The paths of a county's three filled-in workbooks."""

    roster: Path
    tasks: Path
    lists: Path


def _fill(kind: TemplateKind, path: Path, rows: Sequence[Iterable[Sequence[object]]]) -> Path:
    """Write the template of ``kind`` at ``path`` with ``rows`` appended to its sheets in order."""
    import openpyxl

    write_template(kind, path)
    book = openpyxl.load_workbook(path)
    for spec, sheet_rows in zip(TEMPLATES[kind], rows, strict=True):
        sheet = book[spec.name]
        for row in sheet_rows:
            sheet.append(list(row))
    book.save(path)
    return path


def write_county_sheets(
    county: County, folder: str | Path, months: Iterable[Month] = ()
) -> CountySheets:
    """Write ``county`` as ``roster.xlsx``, ``tasks.xlsx`` and ``lists.xlsx`` in ``folder``;
    the task lists cover ``months`` (each person of a business unit, two items a month).

    :returns: the three paths.
    """
    target = Path(folder)
    org = county.organisation
    unit_names = {u.unit_id: u.name for u in org.units}
    units = [(u.unit_id, u.name, unit_names.get(u.parent_id or "")) for u in org.units]
    people = [
        (
            p.person_id,
            p.name,
            unit_names[p.unit_id],
            p.post.title,
            ";".join(p.post.duties),
            "、".join(label(r) for r in p.roles),
            "、".join(unit_names[s.id] for s in p.in_charge_of if s.kind is SubjectKind.UNIT),
            "、".join(s.id for s in p.in_charge_of if s.kind is SubjectKind.PERSON),
            p.motto,
        )
        for p in org.people
    ]
    groups = [
        (g.group_id, g.name, g.leader_id, "、".join(unit_names[u] for u in g.unit_ids))
        for g in org.guidance_groups
    ]
    levels = {s.item_id: label(s.level) for s in county.supervision}
    tasks = [
        (
            t.item_id,
            t.text,
            t.lead_leader_id,
            unit_names[t.responsible_unit_id or ""],
            t.assigned_on,
            t.due,
            t.weight,
            levels[t.item_id],
            t.clause,
        )
        for t in county.tasks
    ]
    milestones = [
        (t.item_id, str(Month.containing(m.due)), m.target * 100)
        for t in county.tasks
        for m in t.milestones
    ]
    business = {u.unit_id for u in county.business_units}
    lists = [
        (p.person_id, str(month), f"i-{n}", f"{month.label}{duty}", None, None, None, None)
        for month in months
        for p in org.people
        if p.unit_id in business
        for n, duty in enumerate((*p.post.duties, "报送月度工作纪实")[:2], start=1)
    ]
    target.mkdir(parents=True, exist_ok=True)
    return CountySheets(
        _fill(TemplateKind.ROSTER, target / "roster.xlsx", (units, people, groups)),
        _fill(TemplateKind.TASKS, target / "tasks.xlsx", (tasks, milestones)),
        _fill(TemplateKind.LISTS, target / "lists.xlsx", (lists,)),
    )
