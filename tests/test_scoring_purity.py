"""Scores do not depend on the caller's ``decimal`` context (R3, R12–R14, R21–R25).

Every rule is a pure function of its inputs: a caller who set
``decimal.getcontext().prec = 3`` (or any rounding mode) for their own work
gets the same cards, totals, ranks, grades and recommendations.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st

from _scoring_strategies import entries, month_records, year_records
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.scoring import (
    GradePolicy,
    MonthRecord,
    PartKind,
    PartLine,
    Quota,
    QuotaRounding,
    Rounding,
    ScoreCard,
    YearRecord,
    grade,
    rank,
    recommend,
    rollup,
    score_months,
)

D = Decimal

T = TypeVar("T")


def hostile() -> AbstractContextManager[decimal.Context]:
    """A caller's context that would change any arithmetic run in it."""
    return decimal.localcontext(prec=3, rounding=decimal.ROUND_DOWN)


def same_in_any_context(compute: Callable[[], T]) -> T:
    """``compute()`` in the default context; asserts a hostile context gives an identical result."""
    calm = compute()
    with hostile():
        rough = compute()
    assert repr(rough) == repr(calm)
    return calm


class Weekdays:
    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        return day + dt.timedelta(days=n)


def test_r3_compose_total_ignores_the_callers_precision() -> None:
    """The review's repro: 92.75 became 92.80 under ``prec = 3``."""

    def card() -> ScoreCard:
        return ScoreCard.compose(
            MonthRecord(Subject.person("p-1"), 2026, 3),
            policy="demo",
            parts=(
                PartLine("task", PartKind.OBJECTIVE, D(90), D("0.5")),
                PartLine("attendance", PartKind.OBJECTIVE, D("95.5"), D("0.5")),
            ),
        )

    assert same_in_any_context(card).total == D("92.75")


def test_r12_rank_order_ignores_the_callers_rounding() -> None:
    """Sorting by a negated score must not round it: 92.71 and 92.75 are not equal."""
    ranks = same_in_any_context(lambda: rank({"a": D("92.71"), "b": D("92.75"), "c": D(50)}))
    assert [(r.subject_id, r.rank) for r in ranks] == [("b", 1), ("a", 2), ("c", 3)]


def test_r14_rounding_and_display_ignore_the_callers_context() -> None:
    def both(value: Decimal | Fraction | int) -> tuple[Decimal, Decimal]:
        return Rounding().apply(value), Rounding().display(value)

    for value in (D("1234.5678"), D("89.995"), Fraction(100, 3), 7, D("-0.125")):
        same_in_any_context(functools.partial(both, value))
    assert same_in_any_context(lambda: Rounding().exact(D("1000.000"))) == D(1000)
    annual_quota = GradePolicy.annual().quota
    assert annual_quota is not None
    q = Quota(annual_quota.grade, D("0.2"), D("0.25"), QuotaRounding.HALF_UP)
    assert same_in_any_context(lambda: [q.places(n) for n in range(1, 2000, 7)])


@given(st.data())
def test_r3_r12_r21_r25_monthly_scoring_ranking_grading_are_context_free(
    data: st.DataObject,
) -> None:
    records = data.draw(
        st.lists(month_records(), min_size=1, max_size=6, unique_by=lambda r: (r.subject, r.month))
    )
    ledger = [e for r in records for e in data.draw(entries(r))]
    groups = {r.subject.id: data.draw(st.sampled_from(["u-1", "u-2"])) for r in records}

    def compute() -> object:
        cards = score_months(records, ledger)
        totals = {c.subject.id: c.total for c in cards}  # the last month per subject
        ranks = rank(totals, groups)
        return (
            cards,
            ranks,
            grade(totals, groups, policy=GradePolicy.routine()),
            grade(totals, policy=GradePolicy.annual()),
            recommend(ranks, SubjectKind.PERSON, today=dt.date(2026, 12, 31), calendar=Weekdays()),
        )

    same_in_any_context(compute)


@given(st.lists(year_records(), max_size=5, unique_by=lambda r: r.subject))
def test_r14_annual_rollup_is_context_free(records: list[YearRecord]) -> None:
    same_in_any_context(lambda: rollup(records))
