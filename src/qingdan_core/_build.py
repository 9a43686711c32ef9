"""Build result values the library computed itself, without re-running their validators.

Inputs and policies are validated once, on construction; the batch functions
(roll-up, ranking, grading) then build hundreds of thousands of results from
them. Re-validating every field of every result would dominate their cost
(see ``benchmarks/scoring.py``), so they build results with :func:`unchecked`.
The results are the same frozen attrs values: a caller who constructs one, or
reads one back through the codec, gets the full validation.

>>> import attrs
>>> @attrs.frozen
... class Point:
...     x: int = attrs.field(validator=attrs.validators.gt(0))
>>> unchecked(Point, x=1) == Point(1)
True
"""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = ["unchecked"]

T = TypeVar("T")


def unchecked(cls: type[T], **fields: Any) -> T:
    """An instance of the attrs class ``cls`` with ``fields`` set, validators skipped.

    Only for values computed from validated inputs; every field must be given.
    """
    value = object.__new__(cls)
    for name, field in fields.items():
        object.__setattr__(value, name, field)
    return value
