"""The inputs of a month's score (R3, R12, R21): part scores and assessors' ratings.

At month end (月末) the in-charge leader assesses each person against their
task list, taking in attendance, daily performance and supervision findings
(R3); several parties rate them (多人多方, R12). A :class:`MonthRecord` holds
those inputs for one subject (a person or a unit) and one month, on the
百分制 (0–100). Deductions and bonuses are not here: they are
:class:`~qingdan_core.ledger.LedgerEntry` lines of the 纪实台帐 (R21, R22).

>>> from decimal import Decimal
>>> from qingdan_core.ledger import Subject
>>> record = MonthRecord(
...     Subject.person("p-1"), 2026, 3,
...     parts=(PartScore("task", Decimal(92)), PartScore("attendance", Decimal(100))),
...     ratings=(Rating("leaders", "p-9", Decimal(88)),),
... )
>>> record.period, record.part("task")
('2026-03', Decimal('92'))
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from qingdan_core._checks import decimal_between, instance_of, int_between, non_blank
from qingdan_core._tuples import tuple_of
from qingdan_core.errors import PermissionDeniedError, ValidationError
from qingdan_core.ledger import Subject

__all__ = ["MonthRecord", "PartScore", "Rating"]

_HUNDRED = decimal_between(Decimal(0), Decimal(100))


@attrs.frozen
class PartScore:
    """The score (0–100) of one part of a month's assessment, e.g. ``"task"`` (R3).

    :raises ValidationError: for a blank key or a score outside [0, 100].

    >>> PartScore("attendance", Decimal("101"))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: score: must be between 0 and 100, got 101
    """

    key: str = attrs.field(validator=non_blank)
    score: Decimal = attrs.field(validator=_HUNDRED)


@attrs.frozen
class Rating:
    """One assessor's rating (0–100) of a subject's month, within an assessor group (R12).

    ``group`` is the group key (e.g. ``"leaders"``, ``"colleagues"``,
    ``"public"``), ``assessor`` the rater's id.

    >>> Rating("public", "anon-17", Decimal("75.5")).score
    Decimal('75.5')
    """

    group: str = attrs.field(validator=non_blank)
    assessor: str = attrs.field(validator=non_blank)
    score: Decimal = attrs.field(validator=_HUNDRED)


def _distinct_parts(inst: MonthRecord, attribute: attrs.Attribute[Any], value: Any) -> None:
    keys = [p.key for p in value]
    doubles = sorted({k for k in keys if keys.count(k) > 1})
    if doubles:
        raise ValidationError(attribute.name, f"part(s) scored twice: {', '.join(doubles)}")


def _fair_ratings(inst: MonthRecord, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[tuple[str, str]] = set()
    for i, rating in enumerate(value):
        if rating.assessor == inst.subject.id:
            raise PermissionDeniedError(
                rating.assessor,
                "rate",
                f"{inst.subject} {inst.period}",
                "no one scores their own record (R26)",
            )
        key = (rating.group, rating.assessor)
        if key in seen:
            raise ValidationError(
                f"{attribute.name}[{i}]",
                f"assessor {rating.assessor} rated twice in group {rating.group}",
            )
        seen.add(key)


@attrs.frozen
class MonthRecord:
    """One subject's assessment inputs for one month (R3, R12, R21).

    :ivar parts: the objective part scores, one per key (任务完成, 出勤, 督查情况 …).
    :ivar ratings: the assessors' ratings (多人多方), at most one per assessor and group.
    :raises ValidationError: for a month outside 1–12, a part scored twice or a
        rating given twice.
    :raises PermissionDeniedError: when a subject rates their own month (R26).

    >>> MonthRecord(Subject.person("p-1"), 2026, 3, (),
    ...             (Rating("colleagues", "p-1", Decimal(100)),))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.PermissionDeniedError: p-1 may not rate person:p-1 2026-03: no one scores their own record (R26)
    """

    subject: Subject = attrs.field(validator=instance_of(Subject))
    year: int = attrs.field(validator=int_between(1900, 9999))
    month: int = attrs.field(validator=int_between(1, 12))
    parts: tuple[PartScore, ...] = attrs.field(
        default=(), validator=[tuple_of(PartScore), _distinct_parts]
    )
    ratings: tuple[Rating, ...] = attrs.field(
        default=(), validator=[tuple_of(Rating), _fair_ratings]
    )

    @property
    def period(self) -> str:
        """The month as ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"

    def part(self, key: str) -> Decimal:
        """The score of part ``key``.

        :raises ValidationError: when the record has no such part, listing the parts it has.

        >>> MonthRecord(Subject.unit("u-1"), 2026, 1).part("task")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: parts: unit:u-1 2026-01 has no score for part 'task'
        """
        for part in self.parts:
            if part.key == key:
                return part.score
        raise ValidationError(
            "parts",
            f"{self.subject} {self.period} has no score for part {key!r}",
            allowed=[p.key for p in self.parts] or None,
        )
