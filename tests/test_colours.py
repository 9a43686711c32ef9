"""红黄蓝 supervision lists (R4): the colour policy, its threshold edges and escalation order."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from _samples import progress_states, shares
from qingdan_core.codec import structure, unstructure
from qingdan_core.colours import (
    Colour,
    ColourPolicy,
    ColourVerdict,
    ProgressState,
    colour_for,
    display_points,
    next_colour,
)
from qingdan_core.deadlines import lag_points
from qingdan_core.errors import ValidationError

states = progress_states(3)
urgencies = st.none() | st.integers(1, 5)


def _state(
    lag: str, workdays_left: int = 20, *, overdue: bool = False, done: bool = False
) -> ProgressState:
    return ProgressState(
        expected=Decimal("0.5") + Decimal(lag) / 100,
        actual=Decimal("0.5"),
        workdays_left=workdays_left,
        overdue=overdue,
        done=done,
    )


@pytest.mark.parametrize(
    ("lag", "colour"),
    [
        ("0", Colour.NONE),
        ("9.9", Colour.NONE),
        ("10", Colour.YELLOW),  # exactly 10 pp: yellow (10–30 inclusive)
        ("30", Colour.YELLOW),  # exactly 30 pp: still yellow
        ("30.1", Colour.RED),  # more than 30 pp: red
        ("-20", Colour.NONE),  # ahead of schedule
    ],
)
def test_r4_default_lag_thresholds(lag: str, colour: Colour) -> None:
    """R4: the default thresholds at and around the 10 pp and 30 pp edges."""
    assert colour_for(_state(lag)).colour is colour


def test_r4_due_today_not_done_is_blue() -> None:
    """R4: due today (0 working days left) and on schedule → a blue reminder."""
    verdict = colour_for(_state("0", workdays_left=0))
    assert verdict.colour is Colour.BLUE
    assert "0 个工作日" in verdict.reason


def test_r4_blue_window_edge() -> None:
    """R4: blue within ``blue_within`` working days, none one day further out."""
    policy = ColourPolicy(blue_within=3)
    assert colour_for(_state("0", workdays_left=3), policy).colour is Colour.BLUE
    assert colour_for(_state("0", workdays_left=4), policy).colour is Colour.NONE


def test_r4_overdue_is_red_and_done_is_none() -> None:
    """R4: overdue and not done → red; done → no list, whatever the lag."""
    assert colour_for(_state("0", overdue=True)).colour is Colour.RED
    assert colour_for(_state("50", overdue=True, done=True)).colour is Colour.NONE


def test_r4_urgency_raises_one_colour() -> None:
    """R4: an urgent matter (urgency ≥ 5) raises blue → yellow and yellow → red, not none."""
    assert colour_for(_state("0", workdays_left=1), urgency=5).colour is Colour.YELLOW
    assert colour_for(_state("15"), urgency=5).colour is Colour.RED
    assert colour_for(_state("15"), urgency=4).colour is Colour.YELLOW
    assert colour_for(_state("0"), urgency=5).colour is Colour.NONE


def test_r4_policy_overrides_thresholds() -> None:
    """R4: a county's own thresholds are honoured."""
    strict = ColourPolicy(yellow_from=Decimal(5), red_above=Decimal(15))
    assert colour_for(_state("5"), strict).colour is Colour.YELLOW
    assert colour_for(_state("16"), strict).colour is Colour.RED


def test_r4_policy_rejects_inverted_thresholds() -> None:
    """R4: red must not start below yellow."""
    with pytest.raises(ValidationError, match="red_above"):
        ColourPolicy(yellow_from=Decimal(40), red_above=Decimal(30))


def test_r4_escalation_order_and_none_refused() -> None:
    """R4/R17: blue → yellow → red → (letter); no list cannot escalate."""
    assert next_colour(Colour.BLUE) is Colour.YELLOW
    assert next_colour(Colour.YELLOW) is Colour.RED
    assert next_colour(Colour.RED) is None
    with pytest.raises(ValidationError):
        next_colour(Colour.NONE)


@given(states, shares, urgencies)
def test_r4_more_lag_never_lower_colour(
    state: ProgressState, extra: Decimal, urgency: int | None
) -> None:
    """R4 property: on the same task, more lag never gives a lower colour."""
    worse = attrs.evolve(state, actual=max(Decimal(0), state.actual - extra))
    assert colour_for(worse, urgency=urgency).colour >= colour_for(state, urgency=urgency).colour


@given(states, urgencies)
def test_r4_every_verdict_explains_itself(state: ProgressState, urgency: int | None) -> None:
    """R4: every verdict carries a reason and the rule id."""
    verdict = colour_for(state, urgency=urgency)
    assert verdict.rule == "R4"
    assert verdict.reason.strip()


@given(states)
def test_codec_round_trips_progress_state(state: ProgressState) -> None:
    """Codec: a progress state survives unstructure → structure."""
    assert structure(unstructure(state), ProgressState) == state


@given(states, urgencies)
def test_codec_round_trips_verdict_and_policy(state: ProgressState, urgency: int | None) -> None:
    """Codec: verdicts and policies round-trip."""
    verdict = colour_for(state, urgency=urgency)
    assert structure(unstructure(verdict), ColourVerdict) == verdict
    policy = ColourPolicy(blue_within=5)
    assert structure(unstructure(policy), ColourPolicy) == policy


@given(states)
def test_r16_lag_agrees_with_deadlines_lag_points(state: ProgressState) -> None:
    """R16: a state's lag is exactly qingdan_core.deadlines.lag_points of its shares."""
    assert state.lag == lag_points(Fraction(state.expected), state.actual)


# ------------------------------------------------ the lag shown; decimal context; bad arguments


fine_shares = st.decimals(min_value=0, max_value=1, places=6)


@given(fine_shares, fine_shares)
def test_r4_reason_never_contradicts_the_threshold(expected: Decimal, actual: Decimal) -> None:
    """R4 property: the figure in a lag reason satisfies the comparison it cites, or says 超过."""
    state = ProgressState(expected=expected, actual=actual, workdays_left=20)
    verdict = colour_for(state)
    if verdict.reason.startswith("落后序时进度"):
        figure, _, rest = verdict.reason.removeprefix("落后序时进度 ").partition(" 个百分点")
        bound = Decimal(rest.strip("()>≥"))
        if figure.startswith("超过 "):
            assert Decimal(figure.removeprefix("超过 ")) == bound < state.lag
        else:
            assert Decimal(figure) > bound if ">" in rest else Decimal(figure) >= bound


hostile = st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_UP, decimal.ROUND_FLOOR])


@given(
    st.builds(
        ProgressState,
        expected=fine_shares,
        actual=fine_shares,
        workdays_left=st.integers(0, 10),
        overdue=st.booleans(),
        done=st.booleans(),
    ),
    urgencies,
    st.integers(1, 4),
    hostile,
)
def test_r4_results_ignore_the_callers_decimal_context(
    state: ProgressState, urgency: int | None, prec: int, rounding: str
) -> None:
    """R4: a caller's hostile decimal context does not change a lag or a colour."""
    calm = (
        state.lag,
        state.rounded_lag,
        colour_for(state, urgency=urgency),
        display_points(state.lag),
    )
    with decimal.localcontext(prec=prec, rounding=rounding):
        stormy = (
            state.lag,
            state.rounded_lag,
            colour_for(state, urgency=urgency),
            display_points(state.lag),
        )
    assert stormy == calm


_STATE = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.35"), workdays_left=20)


@pytest.mark.parametrize(
    ("args", "path"),
    [
        ((_STATE, ColourPolicy(), "5"), "urgency"),
        ((_STATE, ColourPolicy(), 5.0), "urgency"),
        ((_STATE, ColourPolicy(), True), "urgency"),
        ((_STATE, ColourPolicy(), 9), "urgency"),
        ((_STATE, None), "policy"),
        (("state",), "state"),
    ],
)
def test_r4_bad_argument_is_a_validation_error(args: tuple[object, ...], path: str) -> None:
    """R4: colour_for names a wrong argument in a ValidationError."""
    with pytest.raises(ValidationError) as err:
        ill_typed(colour_for)(*args)
    assert err.value.path == path


def test_r4_urgent_flag_needs_a_raised_list() -> None:
    """R4: a verdict marked urgent is at least yellow; its lag colour is one step lower."""
    with pytest.raises(ValidationError, match="urgent"):
        ColourVerdict(Colour.BLUE, "距期限还有 1 个工作日", urgent=True)
    assert ColourVerdict(Colour.YELLOW, "x;事态紧急,升一级", urgent=True).lag_reason == "x"
