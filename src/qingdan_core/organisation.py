"""Who is who: the tree of units, the people in them, their posts and roles (R3, R5, R15, R22).

A county is a tree of :class:`Unit` values (县 → 局 → 科室) and a set of
:class:`Person` values, each in one unit with one post (岗位) and one or more
:class:`Role` values: principal leader (主要领导), in-charge leader (分管领导,
with the units and people in their charge), staff (工作人员), supervision office
(督考办) and discipline inspection body (纪检监察). The supervision office's
business guidance groups (业务指导组, R15) are :class:`GuidanceGroup` values.
:class:`Organisation` holds them all, checks they are consistent, and answers
the questions the authority rules ask (who is in charge of whom, whose
principal leader signs).

>>> org = Organisation(
...     units=(Unit("u-county", "某县"), Unit("u-tax", "县税务局", parent_id="u-county")),
...     people=(
...         Person("p-head", "叶局长", "u-tax", Post("局长", ("主持全面工作",)),
...                roles=(Role.PRINCIPAL_LEADER,)),
...         Person("p-dep", "沈副局长", "u-tax", Post("副局长", ("分管征管",)),
...                roles=(Role.IN_CHARGE_LEADER,), in_charge_of=(Subject.person("p-clerk"),)),
...         Person("p-clerk", "金涛", "u-tax", Post("征管员", ("办理申报",))),
...     ),
... )
>>> org.is_in_charge_of("p-dep", Subject.person("p-clerk"))
True
>>> org.principal_for(Subject.person("p-clerk")).name
'叶局长'
"""

from __future__ import annotations

import attrs

from qingdan_core._checks import instance_of, non_blank
from qingdan_core._labelled import LabelledEnum
from qingdan_core._tuples import non_blank_strings, optional_non_blank, tuple_of
from qingdan_core.errors import NotFoundError, Problem, ValidationError
from qingdan_core.ledger import Subject, SubjectKind

__all__ = ["GuidanceGroup", "Organisation", "Person", "Post", "Role", "Unit"]


class Role(LabelledEnum):
    """What a person may act as (R3, R5, R15, R17, R26). Values are stable English codes.

    >>> Role.IN_CHARGE_LEADER.label
    '分管领导'
    """

    PRINCIPAL_LEADER = "principal_leader", "主要领导"
    IN_CHARGE_LEADER = "in_charge_leader", "分管领导"
    STAFF = "staff", "工作人员"
    SUPERVISION_OFFICE = "supervision_office", "督考办"
    DISCIPLINE_BODY = "discipline_body", "纪检监察"


@attrs.frozen
class Unit:
    """A unit or department (单位/部门); ``parent_id`` places it in the county's tree.

    >>> Unit("u-tax", "县税务局", parent_id="u-county").parent_id
    'u-county'
    """

    unit_id: str = attrs.field(validator=non_blank)
    name: str = attrs.field(validator=non_blank)
    parent_id: str | None = attrs.field(default=None, validator=optional_non_blank)


@attrs.frozen
class Post:
    """A post (岗位): its title and the duties broken down to it (R8, R9).

    >>> Post("征管员", ("办理纳税申报", "催报催缴")).duties[1]
    '催报催缴'
    """

    title: str = attrs.field(validator=non_blank)
    duties: tuple[str, ...] = attrs.field(default=(), validator=non_blank_strings)


@attrs.frozen
class Person:
    """A civil servant or cadre (公务员/干部) in one unit, holding one post.

    ``roles`` says what they may act as (default: staff). ``in_charge_of``
    lists the units and people an in-charge leader (分管领导) answers for (R3);
    only an in-charge leader may have any. ``motto`` is shown on their desk
    card (人生格言, R9).

    :raises ValidationError: on a blank field, no roles, a repeated role, or
        ``in_charge_of`` without the in-charge leader role.

    >>> Person("p-1", "金涛", "u-tax", Post("征管员"), in_charge_of=(Subject.unit("u-x"),))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: in_charge_of: only an in-charge leader (分管领导) has units or people in their charge
    """

    person_id: str = attrs.field(validator=non_blank)
    name: str = attrs.field(validator=non_blank)
    unit_id: str = attrs.field(validator=non_blank)
    post: Post = attrs.field(validator=instance_of(Post))
    roles: tuple[Role, ...] = attrs.field(default=(Role.STAFF,))
    in_charge_of: tuple[Subject, ...] = attrs.field(default=(), validator=tuple_of(Subject))
    motto: str = attrs.field(default="", validator=instance_of(str))

    @roles.validator
    def _check_roles(self, _attribute: object, roles: object) -> None:
        if not isinstance(roles, tuple) or not roles:
            raise ValidationError("roles", "needs at least one role", allowed=_role_values())
        for i, role in enumerate(roles):
            if not isinstance(role, Role):
                raise ValidationError(
                    f"roles[{i}]", f"not a Role: {role!r}", allowed=_role_values()
                )
        if len(set(roles)) != len(roles):
            raise ValidationError("roles", "a role is listed twice")

    def __attrs_post_init__(self) -> None:
        if self.in_charge_of and Role.IN_CHARGE_LEADER not in self.roles:
            raise ValidationError(
                "in_charge_of",
                "only an in-charge leader (分管领导) has units or people in their charge",
            )

    def has(self, role: Role) -> bool:
        """Whether this person holds ``role``.

        >>> Person("p-1", "金涛", "u-tax", Post("征管员")).has(Role.STAFF)
        True
        """
        return role in self.roles


def _role_values() -> tuple[str, ...]:
    return tuple(role.value for role in Role)


@attrs.frozen
class GuidanceGroup:
    """One of the supervision office's business guidance groups (业务指导组, R15).

    Led by the head of the relevant unit (``leader_id``), it covers a field of
    work (项目建设, 城镇建设, 文化建设 …) and its member units, and writes a
    monthly analysis report against the annual targets.

    >>> GuidanceGroup("g-1", "项目建设指导组", "p-dev", ("u-dev",)).unit_ids
    ('u-dev',)
    """

    group_id: str = attrs.field(validator=non_blank)
    name: str = attrs.field(validator=non_blank)
    leader_id: str = attrs.field(validator=non_blank)
    unit_ids: tuple[str, ...] = attrs.field(default=(), validator=non_blank_strings)


def _unique(kind: str, ids: list[str], field: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, key in enumerate(ids):
        if key in seen:
            problems.append(Problem(f"{field}[{i}]", f"duplicate {kind} id {key!r}"))
        seen.add(key)
    return problems


@attrs.frozen
class Organisation:
    """A county's units, people and guidance groups, checked for consistency.

    Every id is unique; every parent, unit, leader and charge refers to
    something present; the unit tree has no cycles.

    :raises ValidationError: listing every inconsistency with its field path.

    >>> Organisation(units=(Unit("u-1", "甲", parent_id="u-9"),))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: units[0].parent_id: no unit 'u-9'
    """

    units: tuple[Unit, ...] = attrs.field(default=())
    people: tuple[Person, ...] = attrs.field(default=())
    guidance_groups: tuple[GuidanceGroup, ...] = attrs.field(default=())

    def __attrs_post_init__(self) -> None:
        for field, kind, values in (
            ("units", Unit, self.units),
            ("people", Person, self.people),
            ("guidance_groups", GuidanceGroup, self.guidance_groups),
        ):
            if not isinstance(values, tuple):
                raise ValidationError(field, f"expected a tuple, got {type(values).__name__}")
            for i, value in enumerate(values):
                if not isinstance(value, kind):
                    raise ValidationError(f"{field}[{i}]", f"expected a {kind.__name__}")
        problems = self._problems()
        if problems:
            raise ValidationError.from_problems(problems)

    def _problems(self) -> list[Problem]:
        units = {u.unit_id for u in self.units}
        people = {p.person_id for p in self.people}
        problems = _unique("unit", [u.unit_id for u in self.units], "units")
        problems += _unique("person", [p.person_id for p in self.people], "people")
        problems += _unique("group", [g.group_id for g in self.guidance_groups], "guidance_groups")
        for i, unit in enumerate(self.units):
            if unit.parent_id is not None and unit.parent_id not in units:
                problems.append(Problem(f"units[{i}].parent_id", f"no unit {unit.parent_id!r}"))
        if not problems:
            problems += self._cycles()
        for i, person in enumerate(self.people):
            if person.unit_id not in units:
                problems.append(Problem(f"people[{i}].unit_id", f"no unit {person.unit_id!r}"))
            for j, subject in enumerate(person.in_charge_of):
                known = units if subject.kind is SubjectKind.UNIT else people
                if subject.id not in known:
                    problems.append(
                        Problem(
                            f"people[{i}].in_charge_of[{j}]",
                            f"no {subject.kind.value} {subject.id!r}",
                        )
                    )
        for i, group in enumerate(self.guidance_groups):
            if group.leader_id not in people:
                problems.append(
                    Problem(f"guidance_groups[{i}].leader_id", f"no person {group.leader_id!r}")
                )
            for j, unit_id in enumerate(group.unit_ids):
                if unit_id not in units:
                    problems.append(
                        Problem(f"guidance_groups[{i}].unit_ids[{j}]", f"no unit {unit_id!r}")
                    )
        return problems

    def _cycles(self) -> list[Problem]:
        parents = {u.unit_id: u.parent_id for u in self.units}
        problems = []
        for i, unit in enumerate(self.units):
            seen = {unit.unit_id}
            current = unit.parent_id
            while current is not None:
                if current in seen:
                    problems.append(Problem(f"units[{i}].parent_id", "the unit tree has a cycle"))
                    break
                seen.add(current)
                current = parents[current]
        return problems

    def unit(self, unit_id: str) -> Unit:
        """The unit with id ``unit_id``.

        :raises NotFoundError: when there is none.

        >>> Organisation().unit("u-9")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.NotFoundError: no unit with key 'u-9'
        """
        for unit in self.units:
            if unit.unit_id == unit_id:
                return unit
        raise NotFoundError("unit", unit_id)

    def person(self, person_id: str) -> Person:
        """The person with id ``person_id``.

        :raises NotFoundError: when there is none.

        >>> Organisation().person("p-9")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.NotFoundError: no person with key 'p-9'
        """
        for person in self.people:
            if person.person_id == person_id:
                return person
        raise NotFoundError("person", person_id)

    def lineage(self, unit_id: str) -> tuple[str, ...]:
        """``unit_id`` followed by its ancestors' ids, up to the root.

        :raises NotFoundError: for an unknown unit.

        >>> org = Organisation(units=(Unit("a", "县"), Unit("b", "局", parent_id="a")))
        >>> org.lineage("b")
        ('b', 'a')
        """
        chain = [self.unit(unit_id)]
        while chain[-1].parent_id is not None:
            chain.append(self.unit(chain[-1].parent_id))
        return tuple(u.unit_id for u in chain)

    def home_unit(self, subject: Subject) -> str:
        """The unit a subject belongs to: a person's unit, or the unit itself.

        :raises NotFoundError: for an unknown person or unit.

        >>> org = Organisation(units=(Unit("a", "县"),), people=(Person("p", "甲", "a", Post("科员")),))
        >>> org.home_unit(Subject.person("p"))
        'a'
        """
        if subject.kind is SubjectKind.PERSON:
            return self.person(subject.id).unit_id
        return self.unit(subject.id).unit_id

    def is_in_charge_of(self, leader_id: str, subject: Subject) -> bool:
        """Whether ``leader_id`` is an in-charge leader answering for ``subject`` (R3).

        A leader in charge of a unit answers for that unit, its sub-units and
        everyone in them; a leader in charge of a person answers for that person.
        Nobody is in charge of themselves.

        :raises NotFoundError: for an unknown leader or subject.

        >>> org = Organisation(
        ...     units=(Unit("a", "县"), Unit("b", "局", parent_id="a")),
        ...     people=(Person("L", "县长助理", "a", Post("副县长"), roles=(Role.IN_CHARGE_LEADER,),
        ...                    in_charge_of=(Subject.unit("b"),)),
        ...             Person("p", "甲", "b", Post("科员"))),
        ... )
        >>> org.is_in_charge_of("L", Subject.person("p")), org.is_in_charge_of("L", Subject.unit("a"))
        (True, False)
        """
        leader = self.person(leader_id)
        home = self.home_unit(subject)
        if not leader.has(Role.IN_CHARGE_LEADER) or subject == Subject.person(leader_id):
            return False
        lineage = self.lineage(home)
        for charge in leader.in_charge_of:
            if charge == subject:
                return True
            if charge.kind is SubjectKind.UNIT and charge.id in lineage:
                return True
        return False

    def leadership_team(self, unit_id: str) -> tuple[Person, ...]:
        """The unit's leadership team (领导班子): its principal and in-charge leaders (R22).

        The 纪实台帐 ledger (:mod:`qingdan_core.ledger`) keeps one account for
        the team and one for each of its leaders (R22).

        :raises NotFoundError: for an unknown unit.

        >>> org = Organisation(
        ...     units=(Unit("a", "局"),),
        ...     people=(Person("h", "局长", "a", Post("局长"), roles=(Role.PRINCIPAL_LEADER,)),
        ...             Person("p", "科员", "a", Post("科员"))),
        ... )
        >>> [p.person_id for p in org.leadership_team("a")]
        ['h']
        """
        self.unit(unit_id)
        leaders = (Role.PRINCIPAL_LEADER, Role.IN_CHARGE_LEADER)
        return tuple(
            p for p in self.people if p.unit_id == unit_id and any(p.has(r) for r in leaders)
        )

    def principal_for(self, subject: Subject) -> Person | None:
        """The principal leader (主要领导) who signs for ``subject`` (R5), or None.

        For a person: the principal leader of their unit, else of the nearest
        unit above it that has one (never the person themselves). For a unit:
        the principal leader of the nearest unit *above* it, since the unit's
        own head does not sign the unit's own record (R26).

        :raises NotFoundError: for an unknown subject.

        >>> org = Organisation(
        ...     units=(Unit("a", "县"), Unit("b", "局", parent_id="a")),
        ...     people=(Person("s", "书记", "a", Post("县委书记"), roles=(Role.PRINCIPAL_LEADER,)),
        ...             Person("h", "局长", "b", Post("局长"), roles=(Role.PRINCIPAL_LEADER,))),
        ... )
        >>> org.principal_for(Subject.unit("b")).person_id, org.principal_for(Subject.person("h")).person_id
        ('s', 's')
        """
        lineage = self.lineage(self.home_unit(subject))
        if subject.kind is SubjectKind.UNIT:
            lineage = lineage[1:]
        for unit_id in lineage:
            for person in self.people:
                if (
                    person.unit_id == unit_id
                    and person.has(Role.PRINCIPAL_LEADER)
                    and subject != Subject.person(person.person_id)
                ):
                    return person
        return None
