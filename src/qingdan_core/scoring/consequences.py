"""Consequences for the bottom-ranked and poorly regarded: 用单 recommendations (R12, R13).

Units ranked at the bottom of their group: their heads get an admonishing
talk (诫勉谈话) and a deadline to rectify (限期整改, R12). People ranked at the
bottom get a talk (约谈) and a deadline to rectify (R13). A score below the
serious-failure line goes to organisational handling (组织处理, R12); a public
rating below its line suggests a transfer (交流调整, R13). Deadlines count
working days on the calendar the caller passes. The result is a tuple of
:class:`Recommendation` values the caller acts on; nothing is sent.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> from qingdan_core.ledger import SubjectKind
>>> from qingdan_core.scoring.ranking import rank
>>> class Weekdays:  # a stand-in for qingdan_core.calendar.china()
...     def add_workdays(self, day, n):
...         while n:
...             day += dt.timedelta(days=1)
...             n -= day.weekday() < 5
...         return day
>>> ranks = rank({"u-1": D(91), "u-2": D(84), "u-3": D(55)})
>>> for r in recommend(ranks, SubjectKind.UNIT, today=dt.date(2026, 12, 31), calendar=Weekdays()):
...     print(r.subject.id, r.measure.value, r.rule, r.deadline)
u-3 诫勉谈话 R12 None
u-3 限期整改 R12 2027-01-28
u-3 组织处理 R12 None
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import attrs

from qingdan_core._checks import decimal_between, instance_of, int_between, non_blank
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.scoring.ranking import Rank

__all__ = [
    "ConsequencePolicy",
    "Measure",
    "Recommendation",
    "WorkdayCalendar",
    "recommend",
]


class Measure(enum.Enum):
    """The measures 用单 recommends (R12, R13), in order of severity."""

    TALK = "约谈"
    ADMONITION_TALK = "诫勉谈话"
    RECTIFY = "限期整改"
    TRANSFER = "交流调整"
    ORGANISATIONAL = "组织处理"


class WorkdayCalendar(Protocol):
    """What a deadline needs from a calendar: ``qingdan_core.calendar.WorkCalendar`` fits."""

    def add_workdays(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day strictly after ``d``."""
        ...


def _measures(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(m, Measure) for m in value):
        raise ValidationError(
            attribute.name,
            f"expected a tuple of Measure, got {value!r}",
            allowed=[m.value for m in Measure],
        )


_LINE: Any = attrs.validators.optional(decimal_between(None, None))


@attrs.frozen
class ConsequencePolicy:
    """Who counts as bottom-ranked and what each gets (R12, R13).

    :ivar bottom_places: the last places of each group that get measures;
        everyone tied into them counts.
    :ivar min_group_size: groups smaller than this get no bottom-rank
        measures (a ranking of one or two is no ranking).
    :ivar unit_measures: for a bottom-ranked unit's head (R12).
    :ivar person_measures: for a bottom-ranked person (R13).
    :ivar rectify_workdays: working days allowed for 限期整改.
    :ivar serious_below: a score below this is a serious failure → 组织处理 (R12); ``None``: never.
    :ivar public_below: a public rating below this → 交流调整 (R13); ``None``: never.
    """

    bottom_places: int = attrs.field(default=1, validator=int_between(1, None))
    min_group_size: int = attrs.field(default=3, validator=int_between(1, None))
    unit_measures: tuple[Measure, ...] = attrs.field(
        default=(Measure.ADMONITION_TALK, Measure.RECTIFY), validator=_measures
    )
    person_measures: tuple[Measure, ...] = attrs.field(
        default=(Measure.TALK, Measure.RECTIFY), validator=_measures
    )
    rectify_workdays: int = attrs.field(default=20, validator=int_between(1, None))
    serious_below: Decimal | None = attrs.field(default=Decimal(60), validator=_LINE)
    public_below: Decimal | None = attrs.field(default=Decimal(60), validator=_LINE)


@attrs.frozen
class Recommendation:
    """A measure recommended for a unit or person, with its reason and rule (R12, R13).

    ``deadline`` is set for 限期整改 only; ``group``, ``rank`` and ``of`` say
    where the subject stood.
    """

    subject: Subject = attrs.field(validator=instance_of(Subject))
    measure: Measure = attrs.field(validator=instance_of(Measure))
    rule: str = attrs.field(validator=non_blank)
    reason: str = attrs.field(validator=non_blank)
    deadline: dt.date | None = attrs.field(
        validator=attrs.validators.optional(instance_of(dt.date))
    )
    group: str = attrs.field(validator=non_blank)
    rank: int = attrs.field(validator=int_between(1, None))
    of: int = attrs.field(validator=int_between(1, None))


def recommend(
    ranks: Iterable[Rank],
    kind: SubjectKind,
    *,
    today: dt.date,
    calendar: WorkdayCalendar,
    policy: ConsequencePolicy | None = None,
    public_scores: Mapping[str, Decimal] | None = None,
) -> tuple[Recommendation, ...]:
    """The measures for the ranked units or people in ``ranks`` (R12, R13).

    :param kind: whether ``ranks`` are of units or of people.
    :param today: the day the results are used; 限期整改 deadlines count from it.
    :param calendar: anything with ``add_workdays`` (e.g. ``qingdan_core.calendar.china()``).
    :param public_scores: subject id → the public's rating (群众评价), for 交流调整.
    :returns: recommendations ordered by subject id, then measure severity.
    :raises CalendarCoverageError: when the calendar does not cover the deadline.
    """
    policy = policy or ConsequencePolicy()
    rule = "R12" if kind is SubjectKind.UNIT else "R13"
    bottom_measures = policy.unit_measures if kind is SubjectKind.UNIT else policy.person_measures
    whom = "the unit's head" if kind is SubjectKind.UNIT else "the person"
    deadline = None
    out: list[Recommendation] = []
    for r in ranks:
        subject = Subject(kind, r.subject_id)
        found: dict[Measure, tuple[str, str]] = {}
        below = r.of - r.rank - r.tied + 1
        if r.of >= policy.min_group_size and below < policy.bottom_places:
            why = (
                f"ranked {r.rank} of {r.of} in {r.group}, within the bottom {policy.bottom_places}"
            )
            for measure in bottom_measures:
                found[measure] = (rule, f"{why}: {measure.value} for {whom}")
        if policy.serious_below is not None and r.score < policy.serious_below:
            found[Measure.ORGANISATIONAL] = (
                "R12",
                f"score {r.score} below {policy.serious_below}: serious failure, {Measure.ORGANISATIONAL.value}",
            )
        public = (public_scores or {}).get(r.subject_id)
        if policy.public_below is not None and public is not None and public < policy.public_below:
            found[Measure.TRANSFER] = (
                "R13",
                f"public rating {public} below {policy.public_below}: {Measure.TRANSFER.value}",
            )
        for measure in sorted(found, key=list(Measure).index):
            due = None
            if measure is Measure.RECTIFY:
                deadline = deadline or calendar.add_workdays(today, policy.rectify_workdays)
                due = deadline
            rule_id, reason = found[measure]
            out.append(
                Recommendation(subject, measure, rule_id, reason, due, r.group, r.rank, r.of)
            )
    return tuple(sorted(out, key=lambda x: (x.subject.id, list(Measure).index(x.measure))))
