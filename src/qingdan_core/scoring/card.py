"""Score cards that explain themselves (R3, R12, R21, R22).

A :class:`ScoreCard` holds every step of a month's score: each part with its
score and weight (objective or subjective, R21), each assessor group (R12),
each deduction or bonus with the notice or showcase id it came from (R21,
R22), the result before rounding and after. It checks its own arithmetic on
construction, so a card read back from storage cannot claim a total its parts
do not add up to. :meth:`ScoreCard.explain` tells a person why they got their score.

>>> from decimal import Decimal
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.scoring.records import MonthRecord
>>> card = ScoreCard.compose(
...     MonthRecord(Subject.person("p-1"), 2026, 3), policy="demo",
...     parts=(PartLine("task", PartKind.OBJECTIVE, Decimal(90), Decimal("0.5")),
...            PartLine("attendance", PartKind.OBJECTIVE, Decimal("95.5"), Decimal("0.5"))),
...     rules=("R3",))
>>> card.exact, card.total
(Decimal('92.75'), Decimal('92.75'))
>>> print(card.explain())
person:p-1 2026-03: 92.75 (policy demo; rules R3)
  task (客观) 90 × 0.5 = 45
  attendance (客观) 95.5 × 0.5 = 47.75
  weighted 92.75
  adjustments 0
  before rounding 92.75 → 92.75 (ROUND_HALF_UP, 2 places)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from qingdan_core._checks import (
    decimal_between,
    instance_of,
    int_between,
    non_blank,
    require,
    require_each,
)
from qingdan_core._labelled import LabelledEnum
from qingdan_core._tuples import tuple_of
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import EntryKind, Subject
from qingdan_core.rounding import Rounding, exact
from qingdan_core.scoring.records import MonthRecord

__all__ = ["AppliedAdjustment", "GroupLine", "PartKind", "PartLine", "ScoreCard"]

_ANY = decimal_between(None, None)
_UNIT = decimal_between(Decimal(0), Decimal(1))


class PartKind(LabelledEnum):
    """Whether a part is an objective circumstance or a subjective judgement (R21).

    >>> PartKind.SUBJECTIVE.value, PartKind.SUBJECTIVE.label
    ('subjective', '主观')
    """

    OBJECTIVE = "objective", "客观"
    SUBJECTIVE = "subjective", "主观"


@attrs.frozen
class GroupLine:
    """One assessor group's part in the subjective score (多人多方, R12).

    ``mean`` is the group's mean rating (``None`` when nobody in it rated),
    ``weight`` its nominal weight, ``effective`` the weight it got after the
    policy's missing-group rule.

    >>> GroupLine("public", 0, None, Decimal("0.2"), Decimal(0)).mean is None
    True
    """

    group: str = attrs.field(validator=non_blank)
    ratings: int = attrs.field(validator=int_between(0, None))
    mean: Decimal | None = attrs.field(validator=attrs.validators.optional(_ANY))
    weight: Decimal = attrs.field(validator=_UNIT)
    effective: Decimal = attrs.field(validator=_UNIT)


@attrs.frozen
class PartLine:
    """One weighted part of a score: ``score`` × ``weight`` (R3, R21).

    ``note`` says where a derived score came from; ``groups`` are the
    assessor groups whose composite it is (多人多方, R12), if any.

    >>> PartLine("task", PartKind.OBJECTIVE, Decimal(80), Decimal("0.4")).contribution
    Decimal('32.0')
    """

    key: str = attrs.field(validator=non_blank)
    kind: PartKind = attrs.field(validator=instance_of(PartKind))
    score: Decimal = attrs.field(validator=_ANY)
    weight: Decimal = attrs.field(validator=_UNIT)
    note: str = attrs.field(default="", validator=instance_of(str))
    groups: tuple[GroupLine, ...] = attrs.field(default=(), validator=tuple_of(GroupLine))

    @property
    def contribution(self) -> Decimal:
        """``score × weight``, exact."""
        with exact():
            return self.score * self.weight


def _counted_fits(inst: AppliedAdjustment, attribute: attrs.Attribute[Any], value: Any) -> None:
    _ANY(inst, attribute, value)
    low, high = sorted((Decimal(0), inst.points))
    if not low <= value <= high:
        raise ValidationError(
            attribute.name, f"counted {value} must lie between 0 and the entry's {inst.points}"
        )


@attrs.frozen
class AppliedAdjustment:
    """A ledger entry's deduction or bonus as it counted in a score (R21, R22).

    ``points`` is what the entry carries, ``counted`` what the score took
    after the policy's caps (between 0 and ``points``); ``note`` says why
    they differ.

    >>> AppliedAdjustment("L-1", EntryKind.DEDUCTION, "督考〔2026〕17号", "R21", "未反馈",
    ...                   Decimal(-2), Decimal(-3))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: counted: counted -3 must lie between 0 and the entry's -2
    """

    entry_id: str = attrs.field(validator=non_blank)
    kind: EntryKind = attrs.field(validator=instance_of(EntryKind))
    source: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(validator=non_blank)
    reason: str = attrs.field(validator=non_blank)
    points: Decimal = attrs.field(validator=_ANY)
    counted: Decimal = attrs.field(validator=_counted_fits)
    note: str = attrs.field(default="", validator=instance_of(str))


@attrs.frozen
class ScoreCard:
    """A month's score with every step that produced it (R3, R12, R21, R22).

    ``base`` is the weighted sum of the parts, ``adjustment_total`` the sum
    of the counted adjustments, ``exact`` their sum before rounding and
    ``total`` that rounded by ``rounding``. Build one with :meth:`compose`.

    :raises ValidationError: when the part weights do not sum to exactly 1 or
        a figure does not follow from the others.
    """

    subject: Subject = attrs.field(validator=instance_of(Subject))
    year: int = attrs.field(validator=int_between(1900, 9999))
    month: int = attrs.field(validator=int_between(1, 12))
    policy: str = attrs.field(validator=non_blank)
    parts: tuple[PartLine, ...] = attrs.field(validator=tuple_of(PartLine))
    adjustments: tuple[AppliedAdjustment, ...] = attrs.field(validator=tuple_of(AppliedAdjustment))
    rules: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    notes: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    base: Decimal = attrs.field(validator=_ANY)
    adjustment_total: Decimal = attrs.field(validator=_ANY)
    exact: Decimal = attrs.field(validator=_ANY)
    total: Decimal = attrs.field(validator=_ANY)
    rounding: Rounding = attrs.field(validator=instance_of(Rounding))

    def __attrs_post_init__(self) -> None:
        problems = _arithmetic_problems(self)
        if problems:
            raise ValidationError.from_problems(problems)

    @property
    def period(self) -> str:
        """The month as ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def compose(
        cls,
        record: MonthRecord,
        *,
        policy: str,
        parts: Iterable[PartLine],
        adjustments: Iterable[AppliedAdjustment] = (),
        rules: Iterable[str] = (),
        notes: Iterable[str] = (),
        rounding: Rounding | None = None,
    ) -> ScoreCard:
        """The card for ``record`` whose figures follow from ``parts`` and ``adjustments``.

        Parts are summed exactly, adjustments added, and the result rounded
        once by ``rounding`` (default: 2 places, half up).

        :raises ValidationError: when the part weights do not sum to exactly 1,
            or an argument has the wrong type (naming it).
        """
        require("record", record, MonthRecord)
        parts = require_each("parts", parts, PartLine)
        adjustments = require_each("adjustments", adjustments, AppliedAdjustment)
        require("rounding", rounding, Rounding, type(None))
        rounding = rounding or Rounding()
        with exact():
            base = sum((p.contribution for p in parts), Decimal(0))
            adjustment_total = sum((a.counted for a in adjustments), Decimal(0))
            unrounded = base + adjustment_total
        return cls(
            subject=record.subject,
            year=record.year,
            month=record.month,
            policy=policy,
            parts=parts,
            adjustments=adjustments,
            rules=require_each("rules", rules, str),
            notes=require_each("notes", notes, str),
            base=rounding.exact(base),
            adjustment_total=adjustment_total,
            exact=rounding.exact(unrounded),
            total=rounding.apply(unrounded),
            rounding=rounding,
        )

    def explain(self) -> str:
        """A readable account of the score, line by line, citing sources and rules."""
        show = self.rounding.exact
        lines = [
            f"{self.subject} {self.period}: {self.total} "
            f"(policy {self.policy}; rules {', '.join(self.rules) or '-'})"
        ]
        for p in self.parts:
            note = f" [{p.note}]" if p.note else ""
            lines.append(
                f"  {p.key} ({p.kind.label}) {show(p.score)} × {p.weight} = "
                f"{show(p.contribution)}{note}"
            )
            for g in p.groups:
                mean = "no ratings" if g.mean is None else f"mean {show(g.mean)} of {g.ratings}"
                lines.append(f"    {g.group}: {mean}, weight {g.weight} → {show(g.effective)}")
        lines.append(f"  weighted {self.base}")
        for a in self.adjustments:
            note = f" [{a.note}]" if a.note else ""
            lines.append(
                f"  {a.kind.label} {a.counted:+} {a.source} ({a.rule}, {a.entry_id}): "
                f"{a.reason}{note}"
            )
        lines.append(f"  adjustments {self.adjustment_total}")
        lines.extend(f"  note: {n}" for n in self.notes)
        lines.append(
            f"  before rounding {self.exact} → {self.total} "
            f"({self.rounding.mode}, {self.rounding.places} places)"
        )
        return "\n".join(lines)


def _arithmetic_problems(card: ScoreCard) -> list[Problem]:
    problems: list[Problem] = []
    with exact():
        if card.parts:
            weights = sum((p.weight for p in card.parts), Decimal(0))
            if weights != 1:
                listing = ", ".join(f"{p.key}={p.weight}" for p in card.parts)
                problems.append(
                    Problem("parts", f"weights {listing} sum to {weights}, not exactly 1")
                )
        base = card.rounding.exact(sum((p.contribution for p in card.parts), Decimal(0)))
        adjustments = sum((a.counted for a in card.adjustments), Decimal(0))
        unrounded = card.rounding.exact(card.base + card.adjustment_total)
    checks = (
        ("base", card.base, base),
        ("adjustment_total", card.adjustment_total, adjustments),
        ("exact", card.exact, unrounded),
        ("total", card.total, card.rounding.apply(card.exact)),
    )
    problems.extend(
        Problem(name, f"is {stated} but follows as {computed}")
        for name, stated, computed in checks
        if stated != computed
    )
    return problems
