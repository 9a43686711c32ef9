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

from qingdan_core.errors import ValidationError

__all__ = ["non_blank_strings", "optional_non_blank", "tuple_of"]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def tuple_of(kind: type) -> Validator:
    """A validator for a tuple whose every element is a ``kind``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                attribute.name, f"expected a tuple, got {type(value).__name__} {value!r}"
            )
        for i, element in enumerate(value):
            if not isinstance(element, kind):
                raise ValidationError(
                    f"{attribute.name}[{i}]",
                    f"expected {kind.__name__}, got {type(element).__name__} {element!r}",
                )

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
