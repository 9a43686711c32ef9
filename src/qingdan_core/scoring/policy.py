"""The ``ScoringPolicy`` protocol and the default weighted policy (R3, R12, R21, R22).

Anything with a ``score(record, entries)`` method returning a
:class:`~qingdan_core.scoring.ScoreCard` can score a month; the how-to
"Write your own scoring policy" builds one in a few lines.
:class:`WeightedPolicy`, the default, weighs the parts of the monthly
assessment (R3) — task completion, attendance, daily performance and
supervision findings — with weights summing to exactly 1. Daily performance is
the subjective part (R21), the weighted mean of several assessor groups (R12);
the others are objective. Deductions and bonuses from the ledger are added,
capped per month (R21, R22), and the result is rounded once.

>>> from decimal import Decimal
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.scoring.records import MonthRecord, PartScore, Rating
>>> record = MonthRecord(
...     Subject.person("p-1"), 2026, 3,
...     parts=(PartScore("task", Decimal(92)), PartScore("attendance", Decimal(100)),
...            PartScore("supervision", Decimal(85))),
...     ratings=(Rating("leaders", "p-9", Decimal(90)), Rating("colleagues", "p-2", Decimal(80)),
...              Rating("public", "x-1", Decimal(70))))
>>> card = WeightedPolicy().score(record, [])
>>> card.total
Decimal('88.70')
>>> isinstance(WeightedPolicy(), ScoringPolicy)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs

from qingdan_core._checks import instance_of, non_blank, require, require_each
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.rounding import Rounding
from qingdan_core.scoring.adjustments import AdjustmentCaps
from qingdan_core.scoring.assessors import AssessorPanel
from qingdan_core.scoring.card import PartKind, PartLine, ScoreCard
from qingdan_core.scoring.records import MonthRecord
from qingdan_core.scoring.weights import Weight, sum_to_one

__all__ = ["ScoringPolicy", "WeightedPolicy", "default_parts", "score_months"]


@runtime_checkable
class ScoringPolicy(Protocol):
    """Anything that scores one subject's month (R3): the pluggable scoring policy.

    ``score`` receives the month's record and the subject's ledger entries
    for that month, and returns a :class:`~qingdan_core.scoring.ScoreCard`
    (build it with :meth:`ScoreCard.compose
    <qingdan_core.scoring.ScoreCard.compose>`). It must be a pure function of
    its inputs, so that the order of records never changes a score.
    """

    def score(self, record: MonthRecord, entries: Sequence[LedgerEntry]) -> ScoreCard:
        """The score card of ``record`` with ``entries`` applied."""
        ...


def default_parts() -> tuple[Weight, ...]:
    """The default part weights (R3): task 0.4, attendance 0.1, performance 0.3, supervision 0.2.

    >>> sum(w.weight for w in default_parts())
    Decimal('1.0')
    """
    return (
        Weight("task", Decimal("0.4")),
        Weight("attendance", Decimal("0.1")),
        Weight("performance", Decimal("0.3")),
        Weight("supervision", Decimal("0.2")),
    )


def _rated_is_a_part(inst: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    non_blank(inst, attribute, value)
    keys = [w.key for w in inst.parts]
    if value not in keys:
        raise ValidationError(attribute.name, f"{value!r} is not a weighted part", allowed=keys)


@attrs.frozen
class WeightedPolicy:
    """The default scoring policy: weighted parts, assessor groups, capped adjustments (R3, R12, R21, R22).

    :ivar parts: the part weights; they must sum to exactly 1.
    :ivar rated: the part scored by the assessors' ratings (subjective,
        R21), or ``None`` if every part is an objective score.
    :ivar panel: the assessor groups and their missing-group rule (R12).
    :ivar caps: the monthly caps on deductions and bonuses (R21, R22).
    :ivar rounding: how the total is rounded (2 places, half up).
    :raises ValidationError: when the weights do not sum to exactly 1 (naming
        them) or ``rated`` is not one of the parts.

    >>> WeightedPolicy(parts=(Weight("task", Decimal("0.7")), Weight("performance", Decimal("0.2"))))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: parts: weights task=0.7, performance=0.2 sum to 0.9, not exactly 1
    """

    name: str = attrs.field(default="weighted", validator=non_blank)
    parts: tuple[Weight, ...] = attrs.field(factory=default_parts, validator=sum_to_one)
    rated: str | None = attrs.field(default="performance", validator=_rated_is_a_part)
    panel: AssessorPanel = attrs.field(factory=AssessorPanel, validator=instance_of(AssessorPanel))
    caps: AdjustmentCaps = attrs.field(
        factory=AdjustmentCaps, validator=instance_of(AdjustmentCaps)
    )
    rounding: Rounding = attrs.field(factory=Rounding, validator=instance_of(Rounding))

    def score(self, record: MonthRecord, entries: Sequence[LedgerEntry]) -> ScoreCard:
        """The card of ``record``: weighted parts plus capped ledger adjustments.

        The rated part comes from the record's ratings when it has any, else
        from a part score of that key; giving both is an error.

        :raises ValidationError: for a missing or unknown part, a rated part
            given twice, a rating outside the panel's groups, or an entry that
            is not about this record's subject and month; naming ``record`` or
            ``entries`` when it has the wrong type.
        """
        require("record", record, MonthRecord)
        entries = require_each("entries", entries, LedgerEntry)
        known = {w.key for w in self.parts}
        unknown = sorted(p.key for p in record.parts if p.key not in known)
        if unknown:
            raise ValidationError(
                "parts", f"unknown part(s) {', '.join(unknown)}", allowed=sorted(known)
            )
        lines: list[PartLine] = []
        notes: tuple[str, ...] = ()
        rules = ["R3"]
        for w in self.parts:
            if w.key != self.rated:
                lines.append(PartLine(w.key, PartKind.OBJECTIVE, record.part(w.key), w.weight))
                continue
            given = [p.score for p in record.parts if p.key == w.key]
            if given and record.ratings:
                raise ValidationError(
                    "parts", f"part {w.key!r} is given both as a score and by ratings"
                )
            if given:
                lines.append(PartLine(w.key, PartKind.SUBJECTIVE, given[0], w.weight))
                continue
            value, groups, notes = self.panel.composite(record.ratings)
            rules.append("R12")
            lines.append(
                PartLine(
                    w.key, PartKind.SUBJECTIVE, value, w.weight, "assessors' composite", groups
                )
            )
        adjustments = self.caps.apply(entries, record)
        if adjustments:
            rules.append("R21")
        if any(a.kind in (EntryKind.BONUS, EntryKind.SHOWCASE) for a in adjustments):
            rules.append("R22")
        return ScoreCard.compose(
            record,
            policy=self.name,
            parts=lines,
            adjustments=adjustments,
            rules=rules,
            notes=notes,
            rounding=self.rounding,
        )


def score_months(
    records: Iterable[MonthRecord],
    entries: Iterable[LedgerEntry],
    policy: ScoringPolicy | None = None,
) -> tuple[ScoreCard, ...]:
    """Score many months at once: each record with its own subject's entries of that month.

    :param policy: any :class:`ScoringPolicy` (default :class:`WeightedPolicy`).
    :returns: the cards ordered by subject then month, whatever the input order.
    :raises ValidationError: for two records of the same subject and month,
        or ledger entries with no record to count in (never silently dropped);
        naming ``records``, ``entries`` or ``policy`` (or the item, e.g.
        ``records[3]``) when it has the wrong type.

    >>> score_months([], [])
    ()
    >>> score_months(None, [])
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: records: expected an iterable of MonthRecord, got NoneType None
    """
    records = require_each("records", records, MonthRecord)
    entries = require_each("entries", entries, LedgerEntry)
    require("policy", policy, ScoringPolicy, type(None))
    policy = policy or WeightedPolicy()
    by_key: dict[tuple[Subject, int, int], MonthRecord] = {}
    problems = []
    for record in records:
        key = (record.subject, record.year, record.month)
        if key in by_key:
            problems.append(Problem("records", f"{record.subject} {record.period} given twice"))
        by_key[key] = record
    grouped: dict[tuple[Subject, int, int], list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        key = (entry.subject, entry.day.year, entry.day.month)
        if key not in by_key:
            problems.append(
                Problem(
                    f"entries[{entry.entry_id!r}]",
                    f"no record of {entry.subject} {entry.day:%Y-%m}",
                )
            )
        grouped[key].append(entry)
    if problems:
        raise ValidationError.from_problems(problems)
    order = sorted(by_key, key=lambda k: (k[0].kind.value, k[0].id, k[1], k[2]))
    return tuple(policy.score(by_key[k], grouped.get(k, [])) for k in order)
