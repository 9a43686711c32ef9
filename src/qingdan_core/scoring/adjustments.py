"""Deductions and bonuses from the 纪实台帐, with caps per month (R21, R22).

Instant deductions from daily supervision notices (即时扣分, R21) and bonuses
such as a 一线干部风采录 showcase entry (R22) arrive as
:class:`~qingdan_core.ledger.LedgerEntry` lines. :class:`AdjustmentCaps`
turns a subject's entries for one month into
:class:`~qingdan_core.scoring.AppliedAdjustment` lines, each citing its
source, and stops counting once the month's cap is reached. Entries count in
the order of their day, then entry id, so the order they arrive in never
matters. Supervision opinions carry no points and are not adjustments.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
>>> from qingdan_core.scoring.records import MonthRecord
>>> record = MonthRecord(Subject.person("p-1"), 2026, 3)
>>> entries = [
...     LedgerEntry("L-1", Subject.person("p-1"), dt.date(2026, 3, 2), EntryKind.DEDUCTION,
...                 Decimal(-3), "督考〔2026〕5号", "R21", "未按时反馈"),
...     LedgerEntry("L-2", Subject.person("p-1"), dt.date(2026, 3, 9), EntryKind.DEDUCTION,
...                 Decimal(-3), "督考〔2026〕9号", "R21", "未按时反馈"),
... ]
>>> [(a.entry_id, a.counted, a.note) for a in AdjustmentCaps(deductions=Decimal(5)).apply(entries, record)]
[('L-1', Decimal('-3'), ''), ('L-2', Decimal('-2'), 'monthly deduction cap 5 reached')]
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from qingdan_core._checks import decimal_between, require, require_each
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry
from qingdan_core.rounding import exact
from qingdan_core.scoring.card import AppliedAdjustment
from qingdan_core.scoring.records import MonthRecord

__all__ = ["AdjustmentCaps"]

_CAP: Any = attrs.validators.optional(decimal_between(Decimal(0), None))


@attrs.frozen
class AdjustmentCaps:
    """The most points a month's deductions may take off, and its bonuses add (R21, R22).

    ``None`` means no cap. Defaults: 10 points of deductions, 5 of bonuses per month.

    :raises ValidationError: for a negative cap.
    """

    deductions: Decimal | None = attrs.field(default=Decimal(10), validator=_CAP)
    bonuses: Decimal | None = attrs.field(default=Decimal(5), validator=_CAP)

    def apply(
        self, entries: Iterable[LedgerEntry], record: MonthRecord
    ) -> tuple[AppliedAdjustment, ...]:
        """The entries' points as they count in ``record``'s score, in day then id order.

        :raises ValidationError: for an entry about another subject, dated
            outside the record's month, or given twice — all named at once;
            naming ``entries`` (or ``entries[i]``) or ``record`` when it has the wrong type.
        """
        require("record", record, MonthRecord)
        entries = sorted(
            require_each("entries", entries, LedgerEntry), key=lambda e: (e.day, e.entry_id)
        )
        _check(entries, record)
        left = {EntryKind.DEDUCTION: self.deductions, EntryKind.BONUS: self.bonuses}
        names = {EntryKind.DEDUCTION: "deduction", EntryKind.BONUS: "bonus"}
        applied = []
        with exact():
            for entry in entries:
                if entry.kind is EntryKind.OPINION:
                    continue
                kind = EntryKind.DEDUCTION if entry.points < 0 else EntryKind.BONUS
                room = left[kind]
                counted, note = entry.points, ""
                if room is not None:
                    if abs(entry.points) > room:
                        counted = room.copy_sign(entry.points) if room else Decimal(0)
                        cap = self.deductions if kind is EntryKind.DEDUCTION else self.bonuses
                        note = f"monthly {names[kind]} cap {cap} reached"
                    left[kind] = room - abs(counted)
                applied.append(
                    AppliedAdjustment(
                        entry.entry_id,
                        entry.kind,
                        entry.source,
                        entry.rule,
                        entry.reason,
                        entry.points,
                        counted,
                        note,
                    )
                )
        return tuple(applied)


def _check(entries: list[LedgerEntry], record: MonthRecord) -> None:
    problems = []
    seen: set[str] = set()
    for entry in entries:
        path = f"entries[{entry.entry_id!r}]"
        if entry.subject != record.subject:
            problems.append(Problem(path, f"is about {entry.subject}, not {record.subject}"))
        if (entry.day.year, entry.day.month) != (record.year, record.month):
            problems.append(Problem(path, f"is dated {entry.day}, outside {record.period}"))
        if entry.entry_id in seen:
            problems.append(Problem(path, "given twice"))
        seen.add(entry.entry_id)
    if problems:
        raise ValidationError.from_problems(problems)
