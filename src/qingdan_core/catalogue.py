"""The checklist catalogue: every kind of list the rules name, as data (R1–R5, R8, R11, R19, R20).

A :class:`ListType` says what a list is about (a person, a unit or a task),
how often one is drawn up, which role fills it in, which role assesses it,
which role signs it, and whether it is published (公示). :func:`builtin`
returns the library's catalogue; a county adds its own list types with
:meth:`Catalogue.register`, which returns a new catalogue and leaves the
library untouched.

>>> cat = builtin()
>>> cat.get("task").name_zh, cat.get("task").cadence.label
('任务清单', '每月')
>>> county = cat.register(
...     ListType("safety", "安全生产责任清单", "Work safety list", ListSubject.UNIT,
...              Cadence.YEARLY, Role.STAFF, Role.IN_CHARGE_LEADER, Role.PRINCIPAL_LEADER,
...              published=True, rules=("R8",))
... )
>>> "safety" in county, "safety" in cat
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from qingdan_core._checks import instance_of, non_blank
from qingdan_core._labelled import LabelledEnum
from qingdan_core._tuples import non_blank_strings, tuple_of
from qingdan_core.errors import NotFoundError, Problem, ValidationError
from qingdan_core.organisation import Role

__all__ = ["Cadence", "Catalogue", "ListSubject", "ListType", "builtin"]


class ListSubject(LabelledEnum):
    """What one list is about: a person (个人), a unit (单位) or a task (任务).

    >>> ListSubject.TASK.label
    '任务'
    """

    PERSON = "person", "个人"
    UNIT = "unit", "单位"
    TASK = "task", "任务"


class Cadence(LabelledEnum):
    """How often a list is drawn up: yearly, monthly, weekly or ad hoc (随时).

    >>> Cadence.AD_HOC.label
    '随时'
    """

    YEARLY = "yearly", "每年"
    MONTHLY = "monthly", "每月"
    WEEKLY = "weekly", "每周"
    AD_HOC = "ad_hoc", "随时"


@attrs.frozen
class ListType:
    """One kind of list: its code, names, subject, cadence, who fills, assesses, signs.

    ``filled_by``, ``assessed_by`` and ``signed_by`` are roles *relative to the
    list's owner*: :data:`Role.STAFF` means the owner themselves (or, for a
    unit's list, someone working in that unit); :data:`Role.IN_CHARGE_LEADER`
    the leader in charge of the owner; :data:`Role.PRINCIPAL_LEADER` the
    principal leader above the owner (see :mod:`qingdan_core.authority`).
    ``published`` lists are posted to the public (公示, R1, R11). ``rules``
    cites the rule ids that define the list.

    :raises ValidationError: on a blank code or name or a wrong type.

    >>> ListType(" ", "清单", "List", ListSubject.UNIT, Cadence.YEARLY,
    ...          Role.STAFF, Role.IN_CHARGE_LEADER, Role.PRINCIPAL_LEADER)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: code: must not be blank
    """

    code: str = attrs.field(validator=non_blank)
    name_zh: str = attrs.field(validator=non_blank)
    name_en: str = attrs.field(validator=non_blank)
    subject: ListSubject = attrs.field(validator=instance_of(ListSubject))
    cadence: Cadence = attrs.field(validator=instance_of(Cadence))
    filled_by: Role = attrs.field(validator=instance_of(Role))
    assessed_by: Role = attrs.field(validator=instance_of(Role))
    signed_by: Role = attrs.field(validator=instance_of(Role))
    published: bool = attrs.field(default=False, validator=instance_of(bool))
    rules: tuple[str, ...] = attrs.field(default=(), validator=non_blank_strings)


@attrs.frozen
class Catalogue:
    """An immutable registry of list types, keyed by code.

    :raises ValidationError: when two types share a code (path ``types[i].code``).

    >>> t = builtin().get("power")
    >>> Catalogue((t, t))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: types[1].code: duplicate list type code 'power'
    """

    types: tuple[ListType, ...] = attrs.field(default=(), validator=tuple_of(ListType))

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        problems = []
        for i, list_type in enumerate(self.types):
            if list_type.code in seen:
                problems.append(
                    Problem(f"types[{i}].code", f"duplicate list type code {list_type.code!r}")
                )
            seen.add(list_type.code)
        if problems:
            raise ValidationError.from_problems(problems)

    def register(self, list_type: ListType) -> Catalogue:
        """A new catalogue with ``list_type`` added; this one is unchanged.

        :raises ValidationError: when the code is already registered (path ``code``).

        >>> builtin().register(builtin().get("task"))
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: code: list type code 'task' is already registered
        """
        if list_type.code in self:
            raise ValidationError(
                "code", f"list type code {list_type.code!r} is already registered"
            )
        return Catalogue((*self.types, list_type))

    def get(self, code: str) -> ListType:
        """The list type with ``code``.

        :raises NotFoundError: when no type has that code.

        >>> builtin().get("nope")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.NotFoundError: no list type with key 'nope'
        """
        for list_type in self.types:
            if list_type.code == code:
                return list_type
        raise NotFoundError("list type", code)

    def codes(self) -> tuple[str, ...]:
        """Every registered code, in registration order.

        >>> builtin().codes()[:3]
        ('power', 'responsibility', 'task')
        """
        return tuple(t.code for t in self.types)

    def __contains__(self, code: object) -> bool:
        return any(t.code == code for t in self.types)

    def __iter__(self) -> Iterator[ListType]:
        return iter(self.types)

    def __len__(self) -> int:
        return len(self.types)


_P, _U, _T = ListSubject.PERSON, ListSubject.UNIT, ListSubject.TASK
_Y, _M, _W, _A = Cadence.YEARLY, Cadence.MONTHLY, Cadence.WEEKLY, Cadence.AD_HOC
_STAFF, _LEADER, _HEAD = Role.STAFF, Role.IN_CHARGE_LEADER, Role.PRINCIPAL_LEADER
_OFFICE = Role.SUPERVISION_OFFICE

_BUILTIN = (
    # 霍林郭勒 五清单 (R1–R5)
    ListType("power", "权力清单", "Power list", _P, _Y, _STAFF, _LEADER, _HEAD, True, ("R1",)),
    ListType(
        "responsibility", "责任清单", "Responsibility list", _P, _Y, _STAFF, _LEADER, _HEAD, True,
        ("R1",),
    ),
    ListType("task", "任务清单", "Monthly task list", _P, _M, _STAFF, _LEADER, _HEAD, False, ("R2",)),
    ListType(
        "supervision", "督办清单", "Supervision list (red/yellow/blue)", _P, _A, _OFFICE, _OFFICE,
        _HEAD, False, ("R4",),
    ),
    ListType(
        "assessment", "考核清单", "Monthly assessment list", _P, _M, _LEADER, _LEADER, _HEAD, False,
        ("R3", "R5"),
    ),
    # 天门 five responsibility lists (R8)
    ListType(
        "unit_duties", "单位权责清单", "Unit powers and duties list", _U, _Y, _STAFF, _LEADER,
        _HEAD, True, ("R8",),
    ),
    ListType(
        "post_duties", "岗位责任清单", "Post duties list", _P, _Y, _STAFF, _LEADER, _HEAD, True,
        ("R8",),
    ),
    ListType(
        "problems", "问题责任清单", "Problem responsibility list", _U, _A, _STAFF, _LEADER, _HEAD,
        False, ("R8",),
    ),
    ListType(
        "party_building", "党建责任清单", "Party-building responsibility list", _U, _Y, _STAFF,
        _LEADER, _HEAD, False, ("R8",),
    ),
    ListType(
        "clean_governance", "党风廉政建设责任清单", "Clean-governance responsibility list", _U, _Y,
        _STAFF, _LEADER, _HEAD, False, ("R8",),
    ),
    # 天门 weekly list on the notice board (R11)
    ListType(
        "weekly", "一周工作责任清单", "Weekly responsibility list", _P, _W, _STAFF, _LEADER, _HEAD,
        True, ("R10", "R11"),
    ),
    # 督考办 two lists and the contract (R19, R20)
    ListType(
        "leader_reminder", "县领导提示清单", "County leader reminder list", _T, _M, _OFFICE,
        _OFFICE, _HEAD, False, ("R19",),
    ),
    ListType(
        "unit_implementation", "责任单位落实清单", "Responsible unit implementation list", _T, _M,
        _OFFICE, _OFFICE, _HEAD, False, ("R19",),
    ),
    ListType(
        "commitment_contract", "即时承诺契约管理责任书", "Instant commitment contract", _U, _A,
        _STAFF, _OFFICE, _HEAD, False, ("R20",),
    ),
)  # fmt: skip


def builtin() -> Catalogue:
    """The catalogue of every list type the rules name (R1–R5, R8, R11, R19, R20).

    >>> len(builtin()), [t.code for t in builtin() if t.published]
    (14, ['power', 'responsibility', 'unit_duties', 'post_duties', 'weekly'])
    """
    return Catalogue(_BUILTIN)
