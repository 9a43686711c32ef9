"""Weights that sum to exactly 1, and the stated rule for a missing part (R3, R12, R14, R21).

A weighted score combines parts (task completion, attendance …, R3), assessor
groups (多人多方, R12) or periods (month, quarter, year, R14) by weights that
must sum to exactly 1. When a part has no value, the policy's
:class:`MissingRule` decides — never a silent default: re-normalise the
remaining weights, or count the missing part as zero.

>>> from decimal import Decimal
>>> w = (Weight("leaders", Decimal("0.5")), Weight("colleagues", Decimal("0.3")),
...      Weight("public", Decimal("0.2")))
>>> scores = {"leaders": Decimal(90), "colleagues": Decimal(80), "public": None}
>>> combine(w, scores, MissingRule.RENORMALISE, "ratings")[0]
Decimal('86.25')
>>> combine(w, scores, MissingRule.ZERO, "ratings")[0]
Decimal('69.0')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from qingdan_core._checks import decimal_between, non_blank
from qingdan_core.errors import ValidationError
from qingdan_core.rounding import exact

__all__ = ["MissingRule", "Weight", "combine", "sum_to_one"]


class MissingRule(enum.Enum):
    """What a missing part counts for (R12, R14): a stated rule, chosen in the policy.

    ``RENORMALISE`` divides by the weights of the parts present, so a missing
    part neither helps nor hurts; ``ZERO`` counts it as a score of 0.

    >>> MissingRule("缺项计零")
    <MissingRule.ZERO: '缺项计零'>
    """

    RENORMALISE = "按已有部分重新归一"
    ZERO = "缺项计零"


@attrs.frozen
class Weight:
    """The weight (0–1) of the part named ``key``.

    :raises ValidationError: for a blank key or a weight outside [0, 1].

    >>> Weight("task", Decimal("0.4"))
    Weight(key='task', weight=Decimal('0.4'))
    """

    key: str = attrs.field(validator=non_blank)
    weight: Decimal = attrs.field(validator=decimal_between(Decimal(0), Decimal(1)))


def _describe(weights: tuple[Weight, ...]) -> str:
    return ", ".join(f"{w.key}={w.weight}" for w in weights)


def sum_to_one(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An attrs validator: a non-empty tuple of :class:`Weight` with distinct keys summing to 1.

    :raises ValidationError: naming the field and listing the weights.

    >>> @attrs.frozen
    ... class Mix:
    ...     weights: tuple[Weight, ...] = attrs.field(validator=sum_to_one)
    >>> Mix((Weight("a", Decimal("0.6")), Weight("b", Decimal("0.3"))))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: weights: weights a=0.6, b=0.3 sum to 0.9, not exactly 1
    """
    name = attribute.name
    if not isinstance(value, tuple) or not value:
        raise ValidationError(name, f"expected a non-empty tuple of Weight, got {value!r}")
    for i, item in enumerate(value):
        if not isinstance(item, Weight):
            raise ValidationError(f"{name}[{i}]", f"expected a Weight, got {item!r}")
    keys = [w.key for w in value]
    doubles = sorted({k for k in keys if keys.count(k) > 1})
    if doubles:
        raise ValidationError(name, f"each key may have one weight; repeated: {', '.join(doubles)}")
    with exact():
        total = sum((w.weight for w in value), Decimal(0))
    if total != 1:
        raise ValidationError(name, f"weights {_describe(value)} sum to {total}, not exactly 1")


def combine(
    weights: tuple[Weight, ...],
    values: Mapping[str, Decimal | None],
    rule: MissingRule,
    path: str,
) -> tuple[Decimal, dict[str, Decimal]]:
    """The weighted combination of ``values`` and the weight each key effectively got.

    A key absent from ``values`` or mapped to ``None`` is missing and follows
    ``rule``. The result is unrounded (see :class:`~qingdan_core.scoring.Rounding`).

    :param path: names the input in an error message.
    :returns: ``(value, effective weights by key)``; under ``RENORMALISE`` a
        missing key's effective weight is 0 and the others are scaled up.
    :raises ValidationError: under ``RENORMALISE`` when every part with a
        positive weight is missing (there is nothing to average).

    >>> w = (Weight("month", Decimal("0.4")), Weight("year", Decimal("0.6")))
    >>> combine(w, {"month": Decimal(80)}, MissingRule.RENORMALISE, "levels")
    (Decimal('80'), {'month': Decimal('1'), 'year': Decimal('0')})
    >>> combine(w, {}, MissingRule.RENORMALISE, "levels")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: levels: nothing on record to combine (month, year all missing) and the missing rule is 按已有部分重新归一
    """
    with exact():
        total = present = Decimal(0)
        for w in weights:
            value = values.get(w.key)
            if value is not None:
                total += w.weight * value
                present += w.weight
        if rule is MissingRule.ZERO or present == 1:
            return total, {w.key: w.weight for w in weights}
        if present == 0:
            keys = ", ".join(w.key for w in weights)
            raise ValidationError(
                path,
                f"nothing on record to combine ({keys} all missing) "
                f"and the missing rule is {rule.value}",
            )
        effective = {
            w.key: (w.weight / present if values.get(w.key) is not None else Decimal(0))
            for w in weights
        }
        return total / present, effective
