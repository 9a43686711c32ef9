"""Consequences for the bottom-ranked and poorly regarded: 用单 recommendations (R12, R13).

Units ranked at the bottom of their group: their heads get an admonishing
talk (诫勉谈话) and a deadline to rectify (限期整改, R12). People ranked at the
bottom get a talk (约谈) and a deadline to rectify (R13). A subject nobody
outscored is never bottom, so when a whole group ties nobody is. A score below
the serious-failure line goes to organisational handling (组织处理; R12 for a
unit, R13 for a person); a public rating below its line suggests a transfer
(交流调整, R13). Each reason names the rank and the period. Deadlines count
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
>>> for r in recommend(ranks, SubjectKind.UNIT, today=dt.date(2026, 12, 31), calendar=Weekdays(),
...                    period="2026"):
...     print(r.subject.id, r.measure.value, r.rule, r.deadline)
u-3 诫勉谈话 R12 None
u-3 限期整改 R12 2027-01-28
u-3 组织处理 R12 None
>>> print(r.reason)
score 55 below 60 (ranked 3 of 3 in all for 2026): serious failure, 组织处理
>>> recommend(rank({"u-1": D(95), "u-2": D(95), "u-3": D(95)}), SubjectKind.UNIT,
...           today=dt.date(2026, 12, 31), calendar=Weekdays())
()
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs

from qingdan_core._checks import (
    decimal_between,
    instance_of,
    int_between,
    non_blank,
    require,
    require_each,
)
from qingdan_core.errors import Problem, ValidationError
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


@runtime_checkable
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

    :ivar bottom_places: the last places of each group that get measures.
        **Ties** (stated rule): a subject is bottom-ranked when fewer than
        ``bottom_places`` of its group rank strictly below it — so everyone
        tied into the bottom places counts — *unless nobody outscored it*
        (rank 1): a subject ranked 1 is never bottom. So in a group where
        everyone ties, nobody gets bottom-rank measures, and in any group at
        most ``of - 1`` do.
    :ivar min_group_size: groups smaller than this get no bottom-rank
        measures (a ranking of one or two is no ranking).
    :ivar unit_measures: for a bottom-ranked unit's head (R12).
    :ivar person_measures: for a bottom-ranked person (R13).
    :ivar rectify_workdays: working days allowed for 限期整改.
    :ivar serious_below: a score below this is a serious failure → 组织处理
        (R12 for a unit, R13 for a person); ``None``: never.
    :ivar public_below: a public rating below this → 交流调整 (R13); ``None``: never.

    >>> ConsequencePolicy().bottom_places, ConsequencePolicy().serious_below
    (1, Decimal('60'))
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
    period: str | None = None,
) -> tuple[Recommendation, ...]:
    """The measures for the ranked units or people in ``ranks`` (R12, R13).

    Who is bottom-ranked follows :class:`ConsequencePolicy` (ties into the
    bottom places count; a subject nobody outscored never does). Units cite
    R12, people R13 — also for 组织处理; 交流调整 cites R13. Each reason names
    the rank, the group and, when given, the ``period``.

    :param kind: whether ``ranks`` are of units or of people.
    :param today: the day the results are used; 限期整改 deadlines count from it.
    :param calendar: anything with ``add_workdays`` (e.g. ``qingdan_core.calendar.china()``).
    :param public_scores: subject id → the public's rating (群众评价), for 交流调整.
    :param period: the period ranked, e.g. ``"2026"`` or ``"2026-11"``, for the reasons.
    :returns: recommendations ordered by subject id, then measure severity.
    :raises ValidationError: naming the argument of the wrong type (``ranks``
        not Rank values, ``today`` not a date, a ``public_scores`` value not a
        finite Decimal …).
    :raises CalendarCoverageError: when the calendar does not cover the deadline.
    """
    ranks = require_each("ranks", ranks, Rank)
    require("kind", kind, SubjectKind)
    require("today", today, dt.date)
    require("calendar", calendar, WorkdayCalendar)
    require("policy", policy, ConsequencePolicy, type(None))
    require("period", period, str, type(None))
    public = _public(public_scores)
    policy = policy or ConsequencePolicy()
    rule = "R12" if kind is SubjectKind.UNIT else "R13"
    bottom_measures = policy.unit_measures if kind is SubjectKind.UNIT else policy.person_measures
    whom = "the unit's head" if kind is SubjectKind.UNIT else "the person"
    when = f" for {period}" if period else ""
    deadline = None
    out: list[Recommendation] = []
    for r in ranks:
        subject = Subject(kind, r.subject_id)
        found: dict[Measure, tuple[str, str]] = {}
        standing = f"ranked {r.rank} of {r.of} in {r.group}{when}"
        if _bottom(r, policy):
            tied = f", tied with {r.tied - 1} other(s)" if r.tied > 1 else ""
            why = f"{standing}{tied}, within the bottom {policy.bottom_places}"
            for measure in bottom_measures:
                found[measure] = (rule, f"{why}: {measure.value} for {whom}")
        if policy.serious_below is not None and r.score < policy.serious_below:
            found[Measure.ORGANISATIONAL] = (
                rule,
                f"score {r.score} below {policy.serious_below} ({standing}): "
                f"serious failure, {Measure.ORGANISATIONAL.value}",
            )
        rating = public.get(r.subject_id)
        if policy.public_below is not None and rating is not None and rating < policy.public_below:
            found[Measure.TRANSFER] = (
                "R13",
                f"public rating {rating} below {policy.public_below} ({standing}): "
                f"{Measure.TRANSFER.value}",
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


def _bottom(r: Rank, policy: ConsequencePolicy) -> bool:
    """Whether ``r`` is bottom-ranked: the rule stated on :class:`ConsequencePolicy`."""
    below = r.of - (r.rank + r.tied - 1)  # how many of the group rank strictly below r
    return r.of >= policy.min_group_size and r.rank > 1 and below < policy.bottom_places


def _public(public_scores: Mapping[str, Decimal] | None) -> Mapping[str, Decimal]:
    """``public_scores`` checked: a mapping whose every value is a finite Decimal."""
    require("public_scores", public_scores, Mapping, type(None))
    problems = [
        Problem(f"public_scores[{k!r}]", f"expected a finite Decimal, got {v!r}")
        for k, v in (public_scores or {}).items()
        if not isinstance(v, Decimal) or not v.is_finite()
    ]
    if problems:
        raise ValidationError.from_problems(problems)
    return public_scores or {}
