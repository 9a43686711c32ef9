"""An enum whose members compare in the order they are defined (a private helper).

The attention levels (R18) and the list colours (R4) are ordered scales; this
base gives them ``<``, ``<=``, ``>``, ``>=``, a ``rank`` and a capped ``step``.
A stored scale composes it with :class:`~qingdan_core._labelled.LabelledEnum`
(an English code and a Chinese label), ``LabelledEnum`` last: the enum machinery
takes the members' constructor from the last base.

>>> class Size(OrderedEnum):
...     SMALL = "小"
...     LARGE = "大"
>>> Size.SMALL < Size.LARGE, Size.LARGE.rank, Size.SMALL.step(5)
(True, 1, <Size.LARGE: '大'>)
>>> from qingdan_core._labelled import LabelledEnum
>>> class Tier(OrderedEnum, LabelledEnum):
...     LOW = "low", "低"
...     HIGH = "high", "高"
>>> Tier("high") > Tier.LOW, Tier.HIGH.rank, Tier.HIGH.label, Tier.LOW.step(1)
(True, 1, '高', <Tier.HIGH: 'high'>)
"""

from __future__ import annotations

import enum
from typing import Self

__all__ = ["OrderedEnum"]


class OrderedEnum(enum.Enum):
    """Members ordered by definition; ``rank`` is the 0-based position.

    >>> class Step(OrderedEnum):
    ...     ONE = 1
    ...     TWO = 2
    >>> Step.TWO.rank, Step.TWO.step(-5), Step.ONE <= Step.TWO
    (1, <Step.ONE: 1>, True)
    """

    _rank: int

    def __init__(self, *_value: object) -> None:
        # Members are created in definition order: the count so far is this one's rank.
        self._rank = len(type(self).__members__)

    @property
    def rank(self) -> int:
        """The member's 0-based position on the scale."""
        return self._rank

    def step(self, steps: int) -> Self:
        """The member ``steps`` places up (negative: down), capped at both ends."""
        members = list(type(self))
        return members[max(0, min(len(members) - 1, self.rank + steps))]

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, OrderedEnum)
        return self._rank < other._rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, OrderedEnum)
        return self._rank <= other._rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, OrderedEnum)
        return self._rank > other._rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, OrderedEnum)
        return self._rank >= other._rank
