"""The plain data reports are built from, and the standings (rank and grade) of a period.

A :class:`ReportSource` gathers what the reports read: the names of units and
people, the month-end reviews (R15, R19), the notices, the 纪实台帐 ledger
(R22), the monthly score cards, and the public boards (R11). The demo fills
it from its year; :func:`qingdan_core.reports.load.source_from_store` from a store.

:func:`standing` ranks and grades a period from the monthly cards: a month
or a quarter by routine grades (R25), a year by the roll-up of months,
quarters and the annual review (R14), annual grades with quotas (R23, R24) and
the consequences for the bottom-ranked (R12, R13).

>>> from decimal import Decimal
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.periods import Month
>>> from qingdan_core.scoring import MonthRecord, PartScore, WeightedPolicy, default_parts, Weight
>>> policy = WeightedPolicy(parts=(Weight("task", Decimal(1)),), rated=None)
>>> cards = tuple(policy.score(MonthRecord(Subject.person(p), 2025, 3, (PartScore("task", s),)), [])
...               for p, s in (("p-1", Decimal(95)), ("p-2", Decimal(70)), ("p-3", Decimal(88))))
>>> source = ReportSource(names=(("p-1", "甲"),), unit_of=(("p-1", "u"), ("p-2", "u"), ("p-3", "u")),
...                       person_cards=cards)
>>> result = standing(source, Month(2025, 3))
>>> [(g.subject_id, g.grade.label) for g in result.person_grades]
[('p-1', '好'), ('p-3', '较好'), ('p-2', '一般')]
>>> source.name("p-1"), source.name("p-2")
('甲', 'p-2')
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import attrs

from qingdan_core._checks import instance_of
from qingdan_core._tuples import tuple_of
from qingdan_core.archive_seal import ArchiveRoot
from qingdan_core.calendar import WorkCalendar, china
from qingdan_core.ledger import LedgerEntry, Subject, SubjectKind
from qingdan_core.notices import Notice
from qingdan_core.periods import Month, Quarter, Year
from qingdan_core.publicity import PublicBoard
from qingdan_core.review import MonthEndReview
from qingdan_core.rhythm import month_schedule
from qingdan_core.scoring import (
    AnnualCard,
    GradePolicy,
    GradeResult,
    Rank,
    Recommendation,
    ScoreCard,
    YearRecord,
    grade,
    rank,
    recommend,
    rollup,
)

__all__ = ["PostedBoard", "ReportSource", "Standing", "standing"]

_CENT = Decimal("0.01")


@attrs.frozen
class PostedBoard:
    """The public boards (R11) of one unit's people, as posted for the last week of a month."""

    month: Month = attrs.field(validator=instance_of(Month))
    unit_id: str = attrs.field(validator=instance_of(str))
    boards: tuple[PublicBoard, ...] = attrs.field(validator=tuple_of(PublicBoard))


@attrs.frozen
class ReportSource:
    """What the reports read, as plain values (R11, R15, R19, R22).

    ``names`` maps ids of units and people to names (``(id, name)`` pairs);
    ``unit_of`` maps each assessed person to their unit; ``units`` lists the
    assessed units in display order; ``archive_root`` is the archive's root when
    the source was read (R5: the 专报 prints its digest). The rest are the
    library's own values.
    """

    names: tuple[tuple[str, str], ...] = attrs.field(default=(), validator=tuple_of(tuple))
    unit_of: tuple[tuple[str, str], ...] = attrs.field(default=(), validator=tuple_of(tuple))
    units: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
    reviews: tuple[MonthEndReview, ...] = attrs.field(
        default=(), validator=tuple_of(MonthEndReview)
    )
    notices: tuple[Notice, ...] = attrs.field(default=(), validator=tuple_of(Notice))
    ledger: tuple[LedgerEntry, ...] = attrs.field(default=(), validator=tuple_of(LedgerEntry))
    unit_cards: tuple[ScoreCard, ...] = attrs.field(default=(), validator=tuple_of(ScoreCard))
    person_cards: tuple[ScoreCard, ...] = attrs.field(default=(), validator=tuple_of(ScoreCard))
    boards: tuple[PostedBoard, ...] = attrs.field(default=(), validator=tuple_of(PostedBoard))
    archive_root: ArchiveRoot | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(ArchiveRoot))
    )

    def name(self, key: str) -> str:
        """The name of the unit or person ``key``; the id itself when it has none."""
        return self.name_map().get(key, key)

    def name_map(self) -> dict[str, str]:
        """Id → name, for a builder that looks up many names."""
        return dict(self.names)

    def unit_map(self) -> dict[str, str]:
        """Person id → unit id."""
        return dict(self.unit_of)


@attrs.frozen
class Standing:
    """Ranks and grades of units and people over a period, with the consequences (R12–R14, R23–R25).

    Units are ranked and graded county-wide; people within their unit. For a
    year, ``annual_units`` and ``annual_people`` are the roll-up cards (R14)
    and ``recommendations`` the consequences (R12, R13); for a month or a
    quarter they are empty and the grades are routine grades (R25).
    """

    period: str = attrs.field(validator=instance_of(str))
    unit_ranks: tuple[Rank, ...] = attrs.field(validator=tuple_of(Rank))
    person_ranks: tuple[Rank, ...] = attrs.field(validator=tuple_of(Rank))
    unit_grades: tuple[GradeResult, ...] = attrs.field(validator=tuple_of(GradeResult))
    person_grades: tuple[GradeResult, ...] = attrs.field(validator=tuple_of(GradeResult))
    annual_units: tuple[AnnualCard, ...] = attrs.field(default=(), validator=tuple_of(AnnualCard))
    annual_people: tuple[AnnualCard, ...] = attrs.field(default=(), validator=tuple_of(AnnualCard))
    recommendations: tuple[Recommendation, ...] = attrs.field(
        default=(), validator=tuple_of(Recommendation)
    )


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(_CENT, ROUND_HALF_UP)


def _in(cards: Iterable[ScoreCard], period: Month | Quarter | Year) -> dict[str, list[ScoreCard]]:
    found: dict[str, list[ScoreCard]] = defaultdict(list)
    for card in cards:
        if dt.date(card.year, card.month, 1) in period:
            found[card.subject.id].append(card)
    return found


def _year_records(cards: dict[str, list[ScoreCard]]) -> tuple[YearRecord, ...]:
    """Each subject's year: its months, each quarter's 季讲评 as the mean of its months on
    record, and the 年总评 as the mean of all months on record (R12, R14)."""
    if not cards:
        return ()
    quarters: dict[Subject, tuple[Decimal | None, ...]] = {}
    annual: dict[Subject, Decimal] = {}
    for mine in cards.values():
        means: list[Decimal | None] = []
        for q in range(4):
            totals = [c.total for c in mine if q * 3 < c.month <= q * 3 + 3]
            means.append(_mean(totals) if totals else None)
        quarters[mine[0].subject] = tuple(means)
        annual[mine[0].subject] = _mean([c.total for c in mine])
    every = [card for mine in cards.values() for card in mine]
    return YearRecord.per_subject(every, quarters=quarters, annual=annual)


def _public(cards: Iterable[ScoreCard]) -> dict[str, Decimal]:
    """Each subject's mean public rating (群众评价) over ``cards`` (R13)."""
    found: dict[str, list[Decimal]] = defaultdict(list)
    for card in cards:
        for part in card.parts:
            for line in part.groups:
                if line.group == "public" and line.mean is not None:
                    found[card.subject.id].append(line.mean)
    return {k: _mean(v) for k, v in found.items()}


def standing(
    source: ReportSource, period: Month | Quarter | Year, calendar: WorkCalendar | None = None
) -> Standing:
    """Rank and grade units and people over ``period`` from their monthly cards.

    A month uses its card totals, a quarter the mean of its months (both
    graded by the routine policy, R25). A year rolls up months, quarters and
    the annual review by set ratios (R14), grades by the annual policy with
    its quota (R23, R24) and recommends the consequences (R12, R13), with
    限期整改 deadlines counted from the year's last working day on ``calendar``
    (default :func:`~qingdan_core.calendar.china`).

    :raises CalendarCoverageError: when a deadline falls outside the calendar.
    """
    unit_of = source.unit_map()
    units = _in(source.unit_cards, period)
    people = _in(source.person_cards, period)
    if isinstance(period, Year):
        annual_units = rollup(_year_records(units))
        annual_people = rollup(_year_records(people))
        unit_scores = {c.subject.id: c.total for c in annual_units}
        person_scores = {c.subject.id: c.total for c in annual_people}
        policy = GradePolicy.annual()
    else:
        annual_units = annual_people = ()
        unit_scores = {k: _mean([c.total for c in v]) for k, v in units.items()}
        person_scores = {k: _mean([c.total for c in v]) for k, v in people.items()}
        policy = GradePolicy.routine()
    groups = {p: unit_of.get(p, "-") for p in person_scores}
    unit_ranks = rank(unit_scores)
    person_ranks = rank(person_scores, groups)
    recommendations: tuple[Recommendation, ...] = ()
    if isinstance(period, Year):
        calendar = calendar or china()
        day = month_schedule(Month(period.year, 12), calendar).assessment_due
        public = _public(c for cards in people.values() for c in cards)
        recommendations = (
            *recommend(unit_ranks, SubjectKind.UNIT, today=day, calendar=calendar),
            *recommend(
                person_ranks,
                SubjectKind.PERSON,
                today=day,
                calendar=calendar,
                public_scores=public,
            ),
        )
    return Standing(
        str(period),
        unit_ranks,
        person_ranks,
        grade(unit_scores, policy=policy),
        grade(person_scores, groups, policy=policy),
        annual_units,
        annual_people,
        recommendations,
    )
