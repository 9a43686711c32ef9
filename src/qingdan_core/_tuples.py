"""attrs validators for tuple fields (a private helper for the model modules).

Like :mod:`qingdan_core._checks`, they raise
:class:`~qingdan_core.errors.ValidationError` whose path names the field and,
for a bad element, its index.

>>> import attrs
>>> @attrs.frozen
... class Card:
...     duties: tuple[str, ...] = attrs.field(validator=non_blank_strings)
>>> Card(("办理申报", " "))
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: duties[1]: must be a non-blank string, got ' '
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from qingdan_core._checks import require
from qingdan_core.errors import ValidationError

__all__ = ["non_blank_strings", "optional_non_blank", "tuple_of"]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def tuple_of(*kinds: type, non_empty: bool = False) -> Validator:
    """A validator for a tuple whose every element is one of ``kinds``.

    Elements are checked as :func:`qingdan_core._checks.require` checks an
    argument: a ``bool`` is not an ``int`` and a ``datetime`` is not a
    ``date`` (unless that type is listed). With ``non_empty`` an empty tuple
    is refused too.

    >>> import datetime as dt
    >>> @attrs.frozen
    ... class Plan:
    ...     days: tuple[dt.date, ...] = attrs.field(validator=tuple_of(dt.date, non_empty=True))
    >>> Plan((dt.datetime(2026, 3, 2, 9),))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: days[0]: expected date, got datetime datetime.datetime(2026, 3, 2, 9, 0)
    >>> Plan(())
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: days: must hold at least one item
    """

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple and not isinstance(value, tuple):
            raise ValidationError(
                attribute.name, f"expected a tuple, got {type(value).__name__} {value!r}"
            )
        if non_empty and not value:
            raise ValidationError(attribute.name, "must hold at least one item")
        for i, element in enumerate(value):
            if type(element) not in kinds:  # the exact types pass without a call
                require(f"{attribute.name}[{i}]", element, *kinds)

    return check


def non_blank_strings(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a tuple of strings that each have a non-space character."""
    tuple_of(str)(_inst, attribute, value)
    for i, text in enumerate(value):
        if not text.strip():
            raise ValidationError(
                f"{attribute.name}[{i}]", f"must be a non-blank string, got {text!r}"
            )


def optional_non_blank(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require None or a string with a non-space character."""
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(attribute.name, f"must be None or a non-blank string, got {value!r}")
