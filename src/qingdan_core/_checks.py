"""attrs validators that raise :class:`~qingdan_core.errors.ValidationError`.

Every library value validates on construction with these, so a bad field is
reported with its name as the path, never as a bare ``TypeError``.

>>> import attrs
>>> @attrs.frozen
... class Item:
...     text: str = attrs.field(validator=non_blank)
...     weight: Decimal = attrs.field(validator=decimal_between(Decimal(0), Decimal(1)))
>>> Item("写报告", Decimal("0.5")).weight
Decimal('0.5')
>>> Item(" ", Decimal("0.5"))
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: text: must not be blank
>>> Item("写报告", Decimal("1.5"))
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: weight: must be between 0 and 1, got 1.5
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from qingdan_core import limits
from qingdan_core.errors import ValidationError

__all__ = [
    "aware_datetime",
    "decimal_between",
    "instance_of",
    "int_between",
    "non_blank",
    "plain_date",
    "require",
    "require_each",
    "require_int",
]

_T = TypeVar("_T")

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def instance_of(*types: type) -> Validator:
    """A validator that requires a value of one of ``types``, as :func:`require` does."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        require(attribute.name, value, *types)

    return check


_STRING = instance_of(str)


def non_blank(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a string with at least one non-space character, within
    :mod:`qingdan_core.limits` (an id field within the id length)."""
    _STRING(_inst, attribute, value)
    if not value.strip():
        raise ValidationError(attribute.name, "must not be blank")
    reason = limits.text_problem(value)
    if reason is None and limits.is_id_field(attribute.name):
        reason = limits.id_problem(value)
    if reason is not None:
        raise ValidationError(attribute.name, reason)


def plain_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a ``datetime.date`` that is not a ``datetime``."""
    require(attribute.name, value, dt.date)


def aware_datetime(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a timezone-aware ``datetime.datetime``."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(
            attribute.name, f"expected a datetime, got {type(value).__name__} {value!r}"
        )
    if value.utcoffset() is None:
        raise ValidationError(attribute.name, f"must be timezone-aware, got {value.isoformat()}")


def decimal_between(low: Decimal | None, high: Decimal | None) -> Validator:
    """A validator for a finite ``Decimal`` in the closed range [low, high] (None: unbounded)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Decimal):
            raise ValidationError(
                attribute.name, f"expected a Decimal, got {type(value).__name__} {value!r}"
            )
        if not value.is_finite():
            raise ValidationError(attribute.name, f"must be a finite number, got {value}")
        _check_range(attribute.name, value, low, high)
        reason = limits.decimal_problem(value)
        if reason is not None:
            raise ValidationError(attribute.name, reason)

    return check


def int_between(low: int | None, high: int | None) -> Validator:
    """A validator for an ``int`` (not a bool) in the closed range [low, high]."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(
                attribute.name, f"expected an int, got {type(value).__name__} {value!r}"
            )
        _check_range(attribute.name, value, low, high)

    return check


def _check_range(name: str, value: Any, low: Any, high: Any) -> None:
    if low is not None and high is not None and not low <= value <= high:
        raise ValidationError(name, f"must be between {low} and {high}, got {value}")
    if low is not None and value < low:
        raise ValidationError(name, f"must be at least {low}, got {value}")
    if high is not None and value > high:
        raise ValidationError(name, f"must be at most {high}, got {value}")


def require(name: str, value: Any, *types: type) -> None:
    """Require a function argument ``value`` of one of ``types``, for public entry points.

    A bool is not an int (it is an int subclass, but one where a number is
    wanted is a mistake), and a ``datetime`` is not a ``date``. Raises :class:`~qingdan_core.errors.ValidationError` whose path is ``name``.

    >>> require("day", dt.date(2026, 3, 31), dt.date)
    >>> require("day", dt.datetime(2026, 3, 31), dt.date)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: day: expected date, got datetime datetime.datetime(2026, 3, 31, 0, 0)
    """
    if (
        not isinstance(value, types)
        or (isinstance(value, bool) and bool not in types)
        or (isinstance(value, dt.datetime) and dt.datetime not in types)
    ):
        names = " or ".join(t.__name__ for t in types)
        raise ValidationError(name, f"expected {names}, got {type(value).__name__} {value!r}")


def require_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> None:
    """Require a function argument ``value`` that is an ``int`` (not a bool) in [low, high].

    >>> require_int("count", -1, 0)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: count: must be at least 0, got -1
    """
    require(name, value, int)
    _check_range(name, value, low, high)


def require_each(name: str, values: Any, kind: type[_T]) -> tuple[_T, ...]:
    """Require an iterable argument of ``kind`` items; return them as a tuple.

    A non-iterable ``values`` is reported at ``name``, the first wrong item at
    ``name[i]``, as :class:`~qingdan_core.errors.ValidationError`.

    >>> require_each("ids", iter(["a", "b"]), str)
    ('a', 'b')
    >>> require_each("ids", ["a", 7], str)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: ids[1]: expected str, got int 7
    """
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValidationError(
            name, f"expected an iterable of {kind.__name__}, got {type(values).__name__} {values!r}"
        )
    items = tuple(values)
    for i, item in enumerate(items):
        require(f"{name}[{i}]", item, kind)
    return items
