"""Exact decimal arithmetic and the one rounding step at the end (R3, R14).

Scores are computed in :class:`~decimal.Decimal` with 60 significant digits
and rounded exactly once, by the policy's :class:`Rounding`, when a result is
final. Rounding rounds the exact value it is given: a Decimal as written
(``81.0149999999999999999999999999999``, 31 places, rounds half up to
81.01), a :class:`~fractions.Fraction` exactly, however long its decimals.

Sums and products of the inputs are exact at 60 digits; a mean or a
re-normalised weight divides, and a quotient such as ``100/3`` does not
terminate, so it is carried to the working precision, i.e. to more than 40
decimal places for any score. Such a carried value is snapped to 30 decimal
places before it is rounded: a true result on a half-way point (``81.015``)
that a division left a hair below it (``81.01499…8``) is restored, while a
result that really lies off the half-way point stays off it (the
denominators here — counts of raters and months, sums of weights — are far
too small to put a rational within ``1e-30`` of a half-way point it is not
on). So a Decimal of up to 40 places is rounded exactly as written; one of
more places is taken to be such a carried quotient.

:class:`Rounding` is the library's one rounding step — for scores, lags and
means alike (``Rounding().apply(x)``, or ``Rounding().display(x)`` to drop
trailing zeros) — and, like :func:`exact`, it never depends on the caller's
:mod:`decimal` context.

>>> from decimal import Decimal
>>> with exact():  # weight 0.45 × the mean of three ratings summing to 540.1
...     contribution = Decimal("0.45") * (Decimal("540.1") / 3)
>>> contribution
Decimal('81.0149999999999999999999999999999999999999999999999999999998')
>>> contribution.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")  # naive: wrong
Decimal('81.01')
>>> Rounding().apply(contribution), Rounding().exact(contribution)
(Decimal('81.02'), Decimal('81.015'))
>>> Rounding().apply(Decimal("81.0149999999999999999999999999999"))  # as written: below 81.015
Decimal('81.01')
"""

from __future__ import annotations

import decimal
from contextlib import AbstractContextManager
from decimal import Decimal
from fractions import Fraction

import attrs

from qingdan_core._checks import instance_of, int_between
from qingdan_core.errors import ValidationError

__all__ = ["ROUNDING_MODES", "Rounding", "exact"]

_CONTEXT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_SNAP = Decimal("1e-30")
_CARRIED = 40  # more decimal places than this: a quotient carried at the working precision
_ONE = Decimal(1)
_STEPS = tuple(_ONE.scaleb(-places) for places in range(11))

ROUNDING_MODES = (
    decimal.ROUND_HALF_UP,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_DOWN,
    decimal.ROUND_UP,
    decimal.ROUND_FLOOR,
    decimal.ROUND_CEILING,
)
"""The rounding modes a :class:`Rounding` may name (the :mod:`decimal` constants)."""


def exact() -> AbstractContextManager[decimal.Context]:
    """A context in which the scoring arithmetic runs: 60 digits, errors trapped.

    :returns: a :func:`decimal.localcontext` manager; leave it to restore the caller's context.

    >>> with exact():
    ...     Decimal(1) / 3
    Decimal('0.333333333333333333333333333333333333333333333333333333333333')
    """
    return decimal.localcontext(_CONTEXT)


def _check_mode(_inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in ROUNDING_MODES:
        raise ValidationError(
            attribute.name, f"unknown rounding mode {value!r}", allowed=ROUNDING_MODES
        )


@attrs.frozen
class Rounding:
    """How a final score is rounded: ``places`` decimals by ``mode`` (default 2, half up).

    Rounding is policy: every scoring, roll-up and grading policy holds one.
    Only final results are rounded; parts and means are kept exact.

    :raises ValidationError: for negative or more than 10 ``places`` or an unknown ``mode``.

    >>> Rounding().apply(Decimal("89.995"))
    Decimal('90.00')
    >>> Rounding(0, "ROUND_DOWN").apply(Decimal("89.995"))
    Decimal('89')
    >>> Rounding(2, "ROUND_NEAREST")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: mode: unknown rounding mode 'ROUND_NEAREST' (allowed: ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_UP, ROUND_FLOOR, ROUND_CEILING)
    """

    places: int = attrs.field(default=2, validator=int_between(0, 10))
    mode: str = attrs.field(
        default=decimal.ROUND_HALF_UP, validator=[instance_of(str), _check_mode]
    )

    def apply(self, value: Decimal | Fraction | int) -> Decimal:
        """``value`` rounded to ``places`` by ``mode``: its exact value, rounded once.

        The one rounding step for every module (scores, lags, means): the
        caller's :mod:`decimal` context plays no part. An int, a Fraction and
        a Decimal of up to 40 decimal places are rounded exactly as they are;
        a Decimal of more places is a quotient carried at the working
        precision and is snapped to 30 places first (see the module).

        :raises ValidationError: (path ``value``) for a float, a bool, a
            non-finite Decimal or anything else that is not a number here.

        >>> from fractions import Fraction
        >>> Rounding().apply(Fraction(100, 3)), Rounding().apply(Fraction(-1, 8)), Rounding().apply(7)
        (Decimal('33.33'), Decimal('-0.13'), Decimal('7.00'))
        >>> Rounding().apply(Fraction(81015, 1000) - Fraction(1, 10**70))  # exact: just below
        Decimal('81.01')
        """
        if isinstance(value, Fraction):
            value = _proxy(value, self.places)
        else:
            value = _carried(_number(value))
        return value.quantize(_STEPS[self.places], rounding=self.mode, context=_wide(value))

    def display(self, value: Decimal | Fraction | int) -> Decimal:
        """``value`` rounded by :meth:`apply`, then trailing zeros dropped, for display.

        :raises ValidationError: as :meth:`apply`.

        >>> Rounding().display(Decimal("6.665")), Rounding().display(Decimal("15.00"))
        (Decimal('6.67'), Decimal('15'))
        >>> Rounding().display(Decimal("-0.5"))
        Decimal('-0.5')
        """
        return _tidy(self.apply(value))

    def exact(self, value: Decimal | Fraction | int) -> Decimal:
        """``value`` before rounding, for display: as carried, trailing zeros dropped.

        A value of more than 40 places (a carried quotient, or a Fraction
        divided out to 60 digits) shows snapped to 30 places.

        >>> Rounding().exact(Decimal("85.50000")), Rounding().exact(Decimal("100"))
        (Decimal('85.5'), Decimal('100'))

        :raises ValidationError: as :meth:`apply`.
        """
        return _tidy(_number(value))


def _number(value: object) -> Decimal:
    """``value`` as a finite Decimal (ints and Fractions converted), else a ValidationError."""
    if isinstance(value, Decimal):
        if value.is_finite():
            return value
    elif isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    elif isinstance(value, Fraction):
        return _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
    raise ValidationError(
        "value",
        f"expected a finite Decimal, an int or a Fraction, got {type(value).__name__} {value!r}",
    )


def _carried(value: Decimal) -> Decimal:
    """``value`` as the library carries it: snapped to 30 places if it has more than 40."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked by _number
    return value.quantize(_SNAP, context=_wide(value, 30)) if exponent < -_CARRIED else value


def _proxy(value: Fraction, places: int) -> Decimal:
    """A Decimal that rounds to ``places`` as ``value`` does under every mode.

    ``value``'s digits to ``places + 1`` (towards zero), then a sticky digit 1
    if anything nonzero follows: it lies strictly between the same two
    neighbouring values of ``places + 1`` places as ``value`` (or equals it).
    """
    whole, rest = divmod(abs(value.numerator) * 10 ** (places + 1), value.denominator)
    sign = "-" if value < 0 else ""
    return Decimal(f"{sign}{whole * 10 + (rest != 0)}E-{places + 2}")


def _wide(value: Decimal, places: int = 10) -> decimal.Context:
    """The working context, widened if need be to quantize ``value`` to ``places`` exactly."""
    need = value.adjusted() + places + 2
    if need <= _CONTEXT.prec:
        return _CONTEXT
    wide = _CONTEXT.copy()
    wide.prec = need
    return wide


def _tidy(value: Decimal) -> Decimal:
    tidy = _CONTEXT.normalize(_carried(value))
    if tidy == tidy.to_integral_value(context=_CONTEXT):
        return tidy.quantize(_ONE, context=_CONTEXT)
    return tidy


def _tidy_or_none(value: Decimal | None) -> Decimal | None:
    return None if value is None else _tidy(value)
