"""Exact decimal arithmetic and the one rounding step at the end (R3, R14; DESIGN "Defaults").

Scores are computed in :class:`~decimal.Decimal` with 60 significant digits
and rounded exactly once, by the policy's :class:`Rounding`, when a result is
final. Sums and products of the inputs are exact at that precision; a mean or
a re-normalised weight divides, and a quotient such as ``100/3`` does not
terminate. So before rounding, a result is first snapped to 30 decimal places:
a true result on a half-way point (``81.015``) that a division left a hair
below it (``81.01499…8``) is restored, while a result that really lies off the
half-way point stays off it (the denominators here — counts of raters and
months, sums of weights — are far too small to put a rational within
``1e-30`` of a half-way point it is not on).

>>> from decimal import Decimal
>>> with exact():  # weight 0.45 × the mean of three ratings summing to 540.1
...     contribution = Decimal("0.45") * (Decimal("540.1") / 3)
>>> contribution
Decimal('81.0149999999999999999999999999999999999999999999999999999998')
>>> contribution.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")  # naive: wrong
Decimal('81.01')
>>> Rounding().apply(contribution), Rounding().exact(contribution)
(Decimal('81.02'), Decimal('81.015'))
"""

from __future__ import annotations

import decimal
from contextlib import AbstractContextManager
from decimal import Decimal

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

    def apply(self, value: Decimal) -> Decimal:
        """``value`` snapped to 30 places, then rounded to ``places`` by ``mode``."""
        snapped = _CONTEXT.quantize(value, _SNAP)
        return snapped.quantize(_STEPS[self.places], rounding=self.mode, context=_CONTEXT)

    def exact(self, value: Decimal) -> Decimal:
        """``value`` before rounding, for display: snapped to 30 places, trailing zeros dropped.

        >>> Rounding().exact(Decimal("85.50000")), Rounding().exact(Decimal("100"))
        (Decimal('85.5'), Decimal('100'))
        """
        return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    tidy = _CONTEXT.normalize(_CONTEXT.quantize(value, _SNAP))
    return tidy.quantize(_ONE) if tidy == tidy.to_integral_value() else tidy


def _tidy_or_none(value: Decimal | None) -> Decimal | None:
    return None if value is None else _tidy(value)
