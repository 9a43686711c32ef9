"""The roster (花名册): units with their parents, people with posts and roles, guidance groups.

:func:`plan_roster` reads the sheets ``单位``, ``人员`` and ``指导组`` (see
:data:`~qingdan_core.sheets.templates.TEMPLATES`), checks them against each
other and the store — duplicate ids, references to units and people that
exist neither in the file nor in the store, a unit that is its own ancestor,
charges without the in-charge leader role (R3, R15) — and returns what
loading them would change. A reference may give the id or the unique name.

>>> from qingdan_core.sheets.workbook import Sheet
>>> from qingdan_core.storage import open_store
>>> sheets = {
...     "单位": Sheet("单位", ("单位编号", "单位名称", "上级单位"),
...                 ((2, ("u-county", "某县", None)), (3, ("u-hbj", "县环保局", "某县")))),
...     "人员": Sheet("人员", ("人员编号", "姓名", "所在单位", "岗位", "角色"),
...                 ((2, ("p-1", "叶局长", "县环保局", "局长", "主要领导")),)),
... }
>>> print(plan_roster(open_store("memory://"), sheets).counts)
3 added, 0 updated, 0 unchanged
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.organisation import GuidanceGroup, Person, Post, Role, Unit
from qingdan_core.sheets.cells import Line, SheetReader
from qingdan_core.sheets.plan import Plan, Planner
from qingdan_core.sheets.references import Names
from qingdan_core.sheets.templates import TEMPLATES, TemplateKind, label
from qingdan_core.sheets.workbook import Sheet
from qingdan_core.storage.protocol import Store

__all__ = ["plan_roster"]

T = TypeVar("T")

_UNITS, _PEOPLE, _GROUPS = TEMPLATES[TemplateKind.ROSTER]
_ROLES = {label(role): role for role in Role} | {role.value: role for role in Role}
_DUTIES = ("；", ";", "\n")


def _first(line: Line, header: str, key: str | None, seen: dict[str, int]) -> bool:
    """Whether ``key`` is new in its sheet (a repeated id is a problem naming the first row)."""
    if key is None:
        return False
    if key in seen:
        line.fail(header, f"{key} 重复(第 {seen[key]} 行已有)")
        return False
    seen[key] = line.number
    return True


def _value(line: Line, build: type[T], *args: object, **kwargs: object) -> T | None:
    """``build(*args, **kwargs)``, or None with the model's own problems placed on the row."""
    try:
        return build(*args, **kwargs)
    except ValidationError as exc:
        for problem in exc.problems:
            line.fail_row(str(problem))
        return None


def _units(
    sheets: Mapping[str, Sheet], planner: Planner, problems: list[Problem]
) -> tuple[list[Unit], Names]:
    rows = [
        (line, line.text("单位编号"), line.text("单位名称"), line.text("上级单位"))
        for line in SheetReader(sheets, _UNITS, problems)
    ]
    seen: dict[str, int] = {}
    wanted = [row for row in rows if _first(row[0], "单位编号", row[1], seen)]
    stored = {k: s.value.name for k, s in planner.stored("units").items()}
    units = Names(
        "单位", stored | {key: name for _, key, name, _ in wanted if key and name}, stored
    )
    out: list[Unit] = []
    for line, key, name, parent in wanted:
        parent_id = units.resolve(line, "上级单位", parent)
        if key and name and (parent is None or parent_id is not None):
            unit = _value(line, Unit, key, name, parent_id)
            if isinstance(unit, Unit):
                out.append(unit)
    parents = {k: s.value.parent_id for k, s in planner.stored("units").items()}
    parents |= {u.unit_id: u.parent_id for u in out}
    lines = {key: line for line, key, _, _ in wanted if key}
    for unit in out:
        chain = [unit.unit_id]
        current = unit.parent_id
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == unit.unit_id:
            lines[unit.unit_id].fail(
                "上级单位", f"单位 {unit.name} 成了自己的上级({' → '.join([*chain, current])})"
            )
    return out, units


def _person(line: Line, units: Names, people: Names) -> Person | None:
    key, name, post = line.text("人员编号"), line.text("姓名"), line.text("岗位")
    unit_id = units.resolve(line, "所在单位", line.text("所在单位"))
    duties = line.text("岗位职责") or ""
    for separator in _DUTIES[1:]:
        duties = duties.replace(separator, _DUTIES[0])
    roles = []
    for text in line.many("角色"):
        if text not in _ROLES:
            line.fail("角色", f"{text} 不是角色", allowed=tuple(label(r) for r in Role))
        else:
            roles.append(_ROLES[text])
    charges = [Subject.unit(u) for u in units.resolve_many(line, "分管单位")]
    charges += [Subject.person(p) for p in people.resolve_many(line, "分管人员")]
    if charges and Role.IN_CHARGE_LEADER not in roles:
        line.fail("角色", f"有分管的单位或人员,角色须含 {label(Role.IN_CHARGE_LEADER)}")
        return None
    if not (key and name and post and unit_id):
        return None
    made = _value(
        line,
        Person,
        key,
        name,
        unit_id,
        Post(post, tuple(d.strip() for d in duties.split(_DUTIES[0]) if d.strip())),
        roles=tuple(dict.fromkeys(roles)) or (Role.STAFF,),
        in_charge_of=tuple(charges),
        motto=line.text("人生格言") or "",
    )
    return made if isinstance(made, Person) else None


def _groups(
    sheets: Mapping[str, Sheet], units: Names, people: Names, problems: list[Problem]
) -> list[GuidanceGroup]:
    seen: dict[str, int] = {}
    out = []
    for line in SheetReader(sheets, _GROUPS, problems, required=False):
        key, name = line.text("指导组编号"), line.text("指导组名称")
        leader = people.resolve(line, "组长", line.text("组长"))
        members = units.resolve_many(line, "成员单位")
        if _first(line, "指导组编号", key, seen) and name and leader:
            group = _value(line, GuidanceGroup, key, name, leader, members)
            if isinstance(group, GuidanceGroup):
                out.append(group)
    return out


def plan_roster(store: Store, sheets: Mapping[str, Sheet]) -> Plan:
    """What loading the roster ``sheets`` into ``store`` would change (R3, R15, R22).

    The sheets ``单位`` and ``人员`` are required, ``指导组`` is optional.
    Units, people and groups already stored and not in the sheets stay.

    :raises ValidationError: listing every problem by place
        (``人员!C14 所在单位: 县环保局 不在单位表中``); nothing is planned then.
    """
    problems: list[Problem] = []
    planner = Planner(store)
    units, unit_names = _units(sheets, planner, problems)
    lines = list(SheetReader(sheets, _PEOPLE, problems))
    seen: dict[str, int] = {}
    ids = [line.text("人员编号") for line in lines]
    stored = {k: s.value.name for k, s in planner.stored("people").items()}
    named = {key: str(line.raw("姓名") or key) for line, key in zip(lines, ids, strict=True) if key}
    people_names = Names("人员", stored | named, stored)
    people = [
        person
        for line, key in zip(lines, ids, strict=True)
        if _first(line, "人员编号", key, seen)
        and (person := _person(line, unit_names, people_names)) is not None
    ]
    groups = _groups(sheets, unit_names, people_names, problems)
    if problems:
        raise ValidationError.from_problems(problems)
    return Plan(
        (
            *(planner.change("units", u) for u in units),
            *(planner.change("people", p) for p in people),
            *(planner.change("guidance_groups", g) for g in groups),
        )
    )
