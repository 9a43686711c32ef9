"""The one rounding step (R3, R14): the exact value is rounded once, checked against a Fraction oracle."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.rounding import ROUNDING_MODES, Rounding, exact


def oracle(value: Fraction, places: int, mode: str) -> Fraction:
    """``value`` rounded to ``places`` by ``mode``, in exact Fraction arithmetic."""
    scaled = value * 10**places
    low = floor(scaled)
    if scaled == low:
        return Fraction(low, 10**places)
    high, positive, rest = low + 1, value > 0, scaled - low
    pick = {
        decimal.ROUND_FLOOR: low,
        decimal.ROUND_CEILING: high,
        decimal.ROUND_DOWN: low if positive else high,
        decimal.ROUND_UP: high if positive else low,
    }
    if mode in pick:
        return Fraction(pick[mode], 10**places)
    if rest != Fraction(1, 2):
        return Fraction(low if rest < Fraction(1, 2) else high, 10**places)
    if mode == decimal.ROUND_HALF_UP:
        return Fraction(high if positive else low, 10**places)
    return Fraction(low if low % 2 == 0 else high, 10**places)


modes = st.sampled_from(ROUNDING_MODES)
places = st.integers(0, 10)


def _check(value: Decimal | Fraction, rounding: Rounding) -> None:
    result = rounding.apply(value)
    assert result == oracle(Fraction(value), rounding.places, rounding.mode)
    assert result.as_tuple().exponent == -rounding.places


def test_r3_r14_a_decimal_of_31_places_is_rounded_as_written() -> None:
    """R3/R14: 81.0149999999999999999999999999999 lies below 81.015, so half up gives 81.01."""
    value = Decimal("81.0149999999999999999999999999999")
    assert Rounding().apply(value) == Decimal("81.01")
    assert Rounding().display(value) == Decimal("81.01")
    assert Rounding().exact(value) == value  # shown as it is, so total and exact agree
    _check(value, Rounding())


@given(st.integers(-(10**45), 10**45), st.integers(0, 40), places, modes)
def test_r3_r14_decimals_of_up_to_40_places_round_exactly(
    digits: int, scale: int, places: int, mode: str
) -> None:
    """R3/R14 property: a Decimal of up to 40 places is rounded once, exactly, by any mode."""
    _check(Decimal(f"{digits}E-{scale}"), Rounding(places, mode))


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**9), places, modes)
def test_r3_r14_fractions_round_exactly(
    numerator: int, denominator: int, places: int, mode: str
) -> None:
    """R3/R14 property: any Fraction, terminating or not, is rounded exactly."""
    _check(Fraction(numerator, denominator), Rounding(places, mode))


@given(
    st.integers(-(10**9), 10**9),
    places,
    modes,
    st.sampled_from([0, 1, -1]),
    st.integers(20, 80),
)
def test_r3_r14_ties_and_hairs_round_exactly(
    whole: int, places: int, mode: str, side: int, hair: int
) -> None:
    """R3/R14 property: a tie at .5 of the last place, and a hair (10^-20…10^-80) either side."""
    tie = Fraction(2 * whole + 1, 2 * 10**places)
    _check(tie + Fraction(side, 10**hair), Rounding(places, mode))


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(81015, 1000), "81.02"),
        (Fraction(81015, 1000) - Fraction(1, 10**40), "81.01"),
        (Fraction(-81015, 1000), "-81.02"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(-1, 1000), "-0.00"),
    ],
)
def test_r3_r14_fraction_edges(value: Fraction, rounded: str) -> None:
    """R3/R14: ties round half up away from zero; a value just below a tie rounds down."""
    assert str(Rounding().apply(value)) == rounded


@given(
    st.lists(st.integers(0, 10000), min_size=1, max_size=12),
    st.integers(0, 100),
    st.integers(1, 100),
)
def test_r3_r14_a_carried_quotient_rounds_as_its_exact_value(
    cents: list[int], weight: int, parts: int
) -> None:
    """R3/R14 property: weight × mean, computed at 60 digits, rounds as the exact rational does."""
    ratings = [Decimal(c).scaleb(-2) for c in cents]
    w = Decimal(weight).scaleb(-2)
    with exact():
        value = w * (sum(ratings, Decimal(0)) / len(ratings)) / parts
    truth = Fraction(weight, 100) * Fraction(sum(cents), 100 * len(cents)) / parts
    assert Rounding().apply(value) == oracle(truth, 2, decimal.ROUND_HALF_UP)


def test_r3_r14_the_module_example_still_restores_the_half_way_point() -> None:
    """R3/R14: 0.45 × (540.1 / 3) is exactly 81.015; the division's hair below is undone."""
    with exact():
        value = Decimal("0.45") * (Decimal("540.1") / 3)
    assert Rounding().apply(value) == Decimal("81.02")
    assert Rounding().exact(value) == Decimal("81.015")


def test_r3_r14_huge_values_need_no_caller_context() -> None:
    """R3/R14: a value of 70 integer digits rounds without an InvalidOperation from decimal."""
    value = Decimal(f"{(10**70 + 1) * 125}E-3")  # (10**70 + 1) / 8, exactly
    assert Rounding().apply(value) == oracle(Fraction(value), 2, decimal.ROUND_HALF_UP)
    assert Rounding().apply(Fraction(10**70 + 1, 8)) == Rounding().apply(value)
