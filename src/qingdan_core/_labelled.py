"""An enum whose members carry an English code and a Chinese label (a private helper).

Many enums store a stable English code (what the codec and storage write) and
show a Chinese term to people. This base lets each member say both at once;
``value`` stays the English code, so every stored or serialised form is the code.

>>> class Size(LabelledEnum):
...     SMALL = "small", "小"
...     LARGE = "large", "大"
>>> Size("large"), Size.LARGE.value, Size.LARGE.label
(<Size.LARGE: 'large'>, 'large', '大')
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Self

__all__ = ["LabelledEnum"]


class LabelledEnum(enum.Enum):
    """Members written ``NAME = "code", "中文"``: ``value`` is the code, ``label`` the term.

    Looking a member up by its code (``Kind("code")``, as the codec does) works
    as for any enum; the label is not a value, so ``Kind("中文")`` raises.

    >>> class Kind(LabelledEnum):
    ...     UNIT = "unit", "单位"
    >>> Kind.UNIT.label, Kind("unit") is Kind.UNIT
    ('单位', True)
    >>> Kind("单位")
    Traceback (most recent call last):
    ...
    ValueError: '单位' is not a valid Kind
    """

    _value_: str
    label: str

    if TYPE_CHECKING:
        # What callers see: a look-up by code, and a ``value`` that is the code.
        def __new__(cls, value: str) -> Self: ...

        @property
        def value(self) -> str: ...

    else:
        # Called once per member as the class is made, with the member's pair.
        def __new__(cls, value: str, label: str) -> Self:
            member = object.__new__(cls)
            member._value_ = value
            member.label = label
            return member
