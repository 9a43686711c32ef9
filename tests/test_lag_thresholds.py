"""The lag thresholds (R4, R16, R18) apply to the exact lag; rounding is for display only.

The oracle works in :class:`fractions.Fraction`: 序时进度 is the elapsed share
of a task's calendar days (89/364 at the end of March for a task of 2026), the
lag is ``(expected - actual) × 100`` and the defaults are yellow from 10
points, red above 30 points, blue within 3 working days.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qingdan_core.attention import AttentionLevel, TaskSupervision, review_level
from qingdan_core.calendar import china
from qingdan_core.colours import Colour, ColourPolicy, ProgressState, colour_for, lag_figure
from qingdan_core.lists import ListItem, ProgressReport
from qingdan_core.notices import NoticeKind
from qingdan_core.review import month_end_review

YELLOW, RED, BLUE = Fraction(10), Fraction(30), 3
START, DUE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
CAL = china()


def oracle_colour(expected: Fraction, actual: Fraction, workdays_left: int) -> Colour:
    """R4 by the defaults, on the exact lag of a task neither done nor overdue."""
    lag = (expected - actual) * 100
    if lag > RED:
        return Colour.RED
    if lag >= YELLOW:
        return Colour.YELLOW
    return Colour.BLUE if workdays_left <= BLUE else Colour.NONE


def oracle_level(colour: Colour) -> AttentionLevel:
    """R18 for a task at 一般关注 reviewed for the first time: red → 特别关注, yellow → one up."""
    if colour is Colour.RED:
        return AttentionLevel.SPECIAL
    return AttentionLevel.ATTENTION if colour is Colour.YELLOW else AttentionLevel.GENERAL


def _decimal(share: Fraction) -> Decimal:
    """A share as a ProgressState holds it: exact when it terminates, else to 60 digits."""
    return decimal.Context(prec=60).divide(Decimal(share.numerator), Decimal(share.denominator))


@pytest.mark.parametrize(
    ("expected", "actual", "colour", "reason"),
    [
        # the two examples
        ("0.60004", "0.3", Colour.RED, "落后序时进度 超过 30 个百分点(>30)"),
        ("0.09996", "0", Colour.NONE, "按序时进度推进"),
        # just below, at and just above 10 pp
        ("0.39999999", "0.3", Colour.NONE, "按序时进度推进"),
        ("0.4", "0.3", Colour.YELLOW, "落后序时进度 10 个百分点(≥10)"),
        ("0.40000001", "0.3", Colour.YELLOW, "落后序时进度 10 个百分点(≥10)"),
        # just below, at and just above 30 pp
        ("0.59996", "0.3", Colour.YELLOW, "落后序时进度 30 个百分点(≥10)"),
        ("0.6", "0.3", Colour.YELLOW, "落后序时进度 30 个百分点(≥10)"),
        ("0.60000001", "0.3", Colour.RED, "落后序时进度 超过 30 个百分点(>30)"),
        ("0.60005", "0.3", Colour.RED, "落后序时进度 30.01 个百分点(>30)"),
    ],
)
def test_r4_thresholds_apply_to_the_exact_lag(
    expected: str, actual: str, colour: Colour, reason: str
) -> None:
    """R4: 9.996 pp is no list and 30.004 pp is red, though both round to a threshold."""
    state = ProgressState(expected=Decimal(expected), actual=Decimal(actual), workdays_left=30)
    verdict = colour_for(state)
    assert verdict.colour is colour is oracle_colour(Fraction(expected), Fraction(actual), 30)
    assert verdict.reason == reason


def test_r4_a_lag_below_10_due_soon_is_blue_not_yellow() -> None:
    """R4: 9.996 pp within the blue window is a blue reminder, not a yellow list."""
    state = ProgressState(expected=Decimal("0.39996"), actual=Decimal("0.3"), workdays_left=2)
    assert colour_for(state).colour is Colour.BLUE


def test_r4_a_policy_bound_of_more_places_keeps_the_reason_honest() -> None:
    """R4: where the 2-place figure would fall short of a finer bound, the reason says 不少于."""
    policy = ColourPolicy(yellow_from=Decimal("10.005"))
    state = ProgressState(expected=Decimal("0.400051"), actual=Decimal("0.3"), workdays_left=30)
    assert colour_for(state, policy).reason == "落后序时进度 10.01 个百分点(≥10.005)"
    state = ProgressState(expected=Decimal("0.40005"), actual=Decimal("0.3"), workdays_left=30)
    assert colour_for(state, policy).reason == "落后序时进度 10.01 个百分点(≥10.005)"
    policy = ColourPolicy(yellow_from=Decimal("10.004"))
    state = ProgressState(expected=Decimal("0.400045"), actual=Decimal("0.3"), workdays_left=30)
    assert colour_for(state, policy).reason == "落后序时进度 不少于 10.004 个百分点(≥10.004)"
    assert lag_figure(Decimal("10.0045"), Decimal("10.004")) == "不少于 10.004"


def _near(expected: Fraction, bound: Fraction, offset: int) -> Fraction:
    """A progress share of 6 places near a lag of exactly ``bound`` pp.

    ``offset`` ≤ 0 gives a lag of at least ``bound`` (less than a millionth of
    a share, 0.0001 pp, above it for 0), ``offset`` ≥ 1 a lag below it.
    """
    return Fraction(floor((expected - bound / 100) * 10**6) + offset, 10**6)


@given(
    st.integers(0, 364),
    st.sampled_from([YELLOW, RED]),
    st.integers(-3, 3),
    st.integers(0, 6),
)
def test_r4_r18_colour_and_level_follow_the_exact_lag(
    elapsed: int, bound: Fraction, offset: int, left: int
) -> None:
    """R4/R18 property: 序时进度 k/364, progress near a threshold: colour and level as the oracle."""
    expected = Fraction(elapsed, 364)
    actual = _near(expected, bound, offset)
    if not 0 <= actual <= 1:
        return
    state = ProgressState(expected=_decimal(expected), actual=_decimal(actual), workdays_left=left)
    verdict = colour_for(state)
    assert verdict.colour is oracle_colour(expected, actual, left)
    after, _ = review_level(
        TaskSupervision("t-1", AttentionLevel.GENERAL), state, verdict, dt.date(2026, 3, 31)
    )
    assert after.level is oracle_level(verdict.colour)


def _task(day: dt.date, actual: Fraction) -> ListItem:
    return ListItem(
        "t-1",
        "产业园标准厂房建设",
        START,
        DUE,
        lead_leader_id="p-wang",
        responsible_unit_id="u-fgw",
        reports=(ProgressReport(day, _decimal(actual)),),
    )


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([dt.date(2026, m, 1) for m in range(2, 13)]).map(lambda d: d - dt.timedelta(1)),
    st.sampled_from([YELLOW, RED]),
    st.integers(-2, 2),
)
def test_r4_r16_r18_month_end_review_gates_on_the_exact_lag(
    day: dt.date, bound: Fraction, offset: int
) -> None:
    """R4/R16/R18 property: the review's colour, level and 限期督办通知单 follow the exact lag."""
    expected = Fraction((day - START).days, (DUE - START).days)
    actual = _near(expected, bound, offset)
    if not 0 <= actual <= 1:
        return
    review = month_end_review([_task(day, actual)], [], [], day, CAL)
    (finding,) = review.findings
    lag = (expected - actual) * 100
    colour = oracle_colour(expected, actual, 99)
    assert finding.colour is colour
    assert review.states[0].level is oracle_level(colour)
    kinds = [n.kind for n in review.new_notices]
    assert (NoticeKind.DEADLINE_SUPERVISION in kinds) is (lag >= YELLOW)
    lists = [k for k in kinds if k.colour is not Colour.NONE]
    assert lists == ([] if colour is Colour.NONE else [NoticeKind.for_colour(colour)])


def test_r16_month_end_review_no_notice_just_below_10_though_shown_as_10() -> None:
    """R16: 9.9999 pp behind issues no 限期督办通知单; exactly 10 pp does, its reason shows 10."""
    day = dt.date(2026, 3, 31)
    expected = Fraction(89, 364)
    below = _near(expected, YELLOW, 1)
    at = _near(expected, YELLOW, 0)
    assert (expected - below) * 100 < 10 <= (expected - at) * 100
    quiet = month_end_review([_task(day, below)], [], [], day, CAL)
    assert quiet.findings[0].lag == 10  # shown as 10 ...
    assert quiet.findings[0].colour is Colour.NONE  # ... but below 10: no list, no notice
    assert quiet.new_notices == ()
    loud = month_end_review([_task(day, at)], [], [], day, CAL)
    notice = next(n for n in loud.new_notices if n.kind is NoticeKind.DEADLINE_SUPERVISION)
    assert notice.reason.endswith("落后 10 个百分点")
