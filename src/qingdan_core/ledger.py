"""The 纪实台帐 ledger: every supervision opinion, bonus and deduction (R21, R22).

A ledger entry records one event against a unit or a person: an instant
deduction (即时扣分) from a daily supervision notice (R21), a bonus such as a
一线干部风采录 showcase entry (R22), or a supervision opinion with no points.
Scoring consumes the entries' points; each entry cites its source (a notice
serial number, a showcase id) so a score card can say where every point came from.

>>> import datetime as dt
>>> from decimal import Decimal
>>> entry = LedgerEntry(
...     entry_id="L-2026-0001",
...     subject=Subject.unit("u-fgw"),
...     day=dt.date(2026, 11, 20),
...     kind=EntryKind.DEDUCTION,
...     points=Decimal("-0.5"),
...     source="督考〔2026〕17号",
...     rule="R21",
...     reason="未按时报送督查事项办理情况",
... )
>>> entry.points, entry.kind.label
(Decimal('-0.5'), '扣分')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from qingdan_core._checks import instance_of, non_blank, plain_date
from qingdan_core._labelled import LabelledEnum
from qingdan_core.errors import ValidationError

__all__ = ["EntryKind", "LedgerEntry", "Subject", "SubjectKind"]


class SubjectKind(LabelledEnum):
    """Whom a record is about: a unit (单位) or a person (公务员/干部).

    >>> SubjectKind.PERSON.label
    '个人'
    """

    UNIT = "unit", "单位"
    PERSON = "person", "个人"


@attrs.frozen
class Subject:
    """A unit or a person, by id: the addressee of a notice, the owner of a ledger entry.

    >>> Subject.person("p-7")
    Subject(kind=<SubjectKind.PERSON: 'person'>, id='p-7')
    >>> str(Subject.unit("u-1"))
    'unit:u-1'
    """

    kind: SubjectKind = attrs.field(validator=instance_of(SubjectKind))
    id: str = attrs.field(validator=non_blank)

    @classmethod
    def unit(cls, unit_id: str) -> Subject:
        """The unit with id ``unit_id``."""
        return cls(SubjectKind.UNIT, unit_id)

    @classmethod
    def person(cls, person_id: str) -> Subject:
        """The person with id ``person_id``."""
        return cls(SubjectKind.PERSON, person_id)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}"


class EntryKind(LabelledEnum):
    """What a ledger entry records (R21, R22). Values are stable English codes.

    >>> EntryKind.SHOWCASE.label
    '风采录'
    """

    DEDUCTION = "deduction", "扣分"
    BONUS = "bonus", "加分"
    OPINION = "opinion", "督查意见"
    SHOWCASE = "showcase", "风采录"


def _points_agree_with_kind(entry: LedgerEntry, _attribute: object, points: Decimal) -> None:
    if not isinstance(points, Decimal) or not points.is_finite():
        raise ValidationError("points", f"expected a finite Decimal, got {points!r}")
    if entry.kind is EntryKind.DEDUCTION and points >= 0:
        raise ValidationError("points", f"a deduction must be negative, got {points}")
    if entry.kind is EntryKind.BONUS and points <= 0:
        raise ValidationError("points", f"a bonus must be positive, got {points}")
    if entry.kind is EntryKind.OPINION and points != 0:
        raise ValidationError("points", f"an opinion carries no points, got {points}")
    if entry.kind is EntryKind.SHOWCASE and points < 0:
        raise ValidationError("points", f"a showcase entry cannot deduct, got {points}")


@attrs.frozen
class LedgerEntry:
    """One line of the 纪实台帐 (R22): points for or against a unit or person.

    ``points`` is negative for a deduction (R21), positive for a bonus, zero for
    an opinion, and zero or positive for a 风采录 showcase entry. ``source``
    cites what produced it (a notice serial number, a showcase id); ``rule``
    is the rule id that issued it.

    :raises ValidationError: when the sign of ``points`` does not fit ``kind``,
        or a field is blank.

    >>> LedgerEntry("L-1", Subject.person("p-1"), dt.date(2026, 3, 2),
    ...             EntryKind.DEDUCTION, Decimal("1"), "督考〔2026〕3号", "R21", "未反馈")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: points: a deduction must be negative, got 1
    """

    entry_id: str = attrs.field(validator=non_blank)
    subject: Subject = attrs.field(validator=instance_of(Subject))
    day: dt.date = attrs.field(validator=plain_date)
    kind: EntryKind = attrs.field(validator=instance_of(EntryKind))
    points: Decimal = attrs.field(validator=_points_agree_with_kind)
    source: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(validator=non_blank)
    reason: str = attrs.field(validator=non_blank)
