"""Roll-up: monthly → quarterly → annual comprehensive score by set ratios (R6, R12, R14).

The comprehensive score (综合表现库, R14) combines the mean of the monthly
scores (月点评), the mean of the quarterly reviews (季讲评) and the annual
review (年总评) by set ratios, default 40 % / 30 % / 30 % (R12). A month or
quarter with no record follows the policy's stated rule
(:class:`~qingdan_core.scoring.MissingRule`): by default the mean is taken
over the periods on record; with ``ZERO`` a missing period counts as 0. A level
with nothing on record at all (a county without 季讲评) follows a second
rule, by default re-normalising the other levels' ratios. Arithmetic is
exact; the total is rounded once.

>>> from decimal import Decimal as D
>>> from qingdan_core.ledger import Subject
>>> record = YearRecord(Subject.person("p-1"), 2026,
...                     months=(D(90),) * 10 + (None, None),
...                     quarters=(D(88), D(86), D(90), D(84)), annual=D(92))
>>> card = RollupPolicy().roll(record)
>>> card.total, card.missing_months
(Decimal('89.70'), (11, 12))
>>> print(card.explain())
person:p-1 2026: 89.70 (rules R6, R12, R14)
  month: mean 90 of 10/12 on record, ratio 0.4 → 0.4
  quarter: mean 87 of 4/4 on record, ratio 0.3 → 0.3
  year: mean 92 of 1/1 on record, ratio 0.3 → 0.3
  note: no record for month 11, 12: mean over the 10 on record (按已有部分重新归一, R14)
  before rounding 89.7 → 89.70 (ROUND_HALF_UP, 2 places)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from qingdan_core._build import unchecked
from qingdan_core._checks import (
    decimal_between,
    instance_of,
    int_between,
    non_blank,
    require,
    require_each,
)
from qingdan_core._tuples import tuple_of
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.rounding import Rounding, _tidy, exact
from qingdan_core.scoring.card import ScoreCard
from qingdan_core.scoring.weights import MissingRule, Weight, combine, sum_to_one

__all__ = ["AnnualCard", "LevelLine", "RollupPolicy", "YearRecord", "default_ratios", "rollup"]

_LEVELS = ("month", "quarter", "year")
_EXPECTED = (12, 4, 1)
_UNIT = decimal_between(Decimal(0), Decimal(1))


def default_ratios() -> tuple[Weight, ...]:
    """The default set ratios (R14): month 0.4, quarter 0.3, year 0.3.

    >>> [(w.key, str(w.weight)) for w in default_ratios()]
    [('month', '0.4'), ('quarter', '0.3'), ('year', '0.3')]
    """
    return (
        Weight("month", Decimal("0.4")),
        Weight("quarter", Decimal("0.3")),
        Weight("year", Decimal("0.3")),
    )


def _scores(length: int) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or len(value) != length:
            raise ValidationError(
                attribute.name, f"expected a tuple of {length} scores or None, got {value!r}"
            )
        for i, score in enumerate(value):
            if score is not None and not (isinstance(score, Decimal) and score.is_finite()):
                raise ValidationError(
                    f"{attribute.name}[{i}]", f"expected a finite Decimal or None, got {score!r}"
                )

    return check


@attrs.frozen
class YearRecord:
    """One subject's scores for a year: 12 months, 4 quarters, the annual review (R6, R12, R14).

    ``months[i]`` is month ``i + 1``, ``quarters[i]`` quarter ``i + 1``;
    ``None`` means no record. Build it from monthly cards with :meth:`from_cards`
    (one subject) or :meth:`per_subject` (many).

    :raises ValidationError: for the wrong number of months or quarters, or a non-Decimal score.
    """

    subject: Subject = attrs.field(validator=instance_of(Subject))
    year: int = attrs.field(validator=int_between(1900, 9999))
    months: tuple[Decimal | None, ...] = attrs.field(validator=_scores(12))
    quarters: tuple[Decimal | None, ...] = attrs.field(default=(None,) * 4, validator=_scores(4))
    annual: Decimal | None = attrs.field(
        default=None, validator=attrs.validators.optional(decimal_between(None, None))
    )

    @classmethod
    def from_cards(
        cls,
        cards: Iterable[ScoreCard],
        *,
        quarters: tuple[Decimal | None, ...] = (None,) * 4,
        annual: Decimal | None = None,
    ) -> YearRecord:
        """The year of the subject of ``cards`` (any order), taking each card's rounded total.

        :raises ValidationError: when there are no cards, or they are about
            different subjects or years, or two cover the same month; naming
            ``cards`` (or ``cards[i]``), ``quarters`` or ``annual`` when it has the wrong type.

        >>> YearRecord.from_cards([])
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: cards: need at least one card
        """
        cards = require_each("cards", cards, ScoreCard)
        if not cards:
            raise ValidationError("cards", "need at least one card")
        first = cards[0]
        months: list[Decimal | None] = [None] * 12
        for card in cards:
            if (card.subject, card.year) != (first.subject, first.year):
                raise ValidationError(
                    "cards", f"mixes {first.subject} {first.year} with {card.subject} {card.year}"
                )
            if months[card.month - 1] is not None:
                raise ValidationError("cards", f"two cards for {card.subject} {card.period}")
            months[card.month - 1] = card.total
        return cls(first.subject, first.year, tuple(months), quarters, annual)

    @classmethod
    def per_subject(
        cls,
        cards: Iterable[ScoreCard],
        *,
        quarters: Mapping[Subject, tuple[Decimal | None, ...]] | None = None,
        annual: Mapping[Subject, Decimal] | None = None,
    ) -> tuple[YearRecord, ...]:
        """One year record per subject of ``cards`` — the monthly cards of many subjects, in
        any order, all of one year — ordered by subject kind, then id (as :func:`rollup`).

        ``quarters`` and ``annual`` give a subject's 季讲评 and 年总评 (R12, R14), by subject;
        a subject they do not name has none.

        :raises ValidationError: when there are no cards, they span more than one
            year, a subject has two cards for a month, or ``quarters``/``annual``
            names a subject without cards (``quarters[person:p-9]``) — all named at
            once; naming ``cards[i]``, ``quarters`` or ``annual`` when it has the wrong type.

        >>> YearRecord.per_subject([], annual={Subject.person("p-9"): Decimal(90)})
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: cards: need at least one card
        """
        found = require_each("cards", cards, ScoreCard)
        by_quarter = {} if quarters is None else quarters
        by_year = {} if annual is None else annual
        given: tuple[tuple[str, Mapping[Subject, object]], ...] = (
            ("quarters", by_quarter),
            ("annual", by_year),
        )
        for name, mapping in given:
            require(name, mapping, Mapping)
        if not found:
            raise ValidationError("cards", "need at least one card")
        mine: dict[Subject, list[ScoreCard]] = {}
        for card in found:
            mine.setdefault(card.subject, []).append(card)
        problems = [
            Problem("cards", f"mixes the years {', '.join(map(str, years))}: one year at a time")
            for years in [sorted({c.year for c in found})]
            if len(years) > 1
        ]
        problems += [
            Problem(f"{name}[{subject}]", "no cards of this subject")
            for name, mapping in given
            for subject in mapping
            if subject not in mine
        ]
        if problems:
            raise ValidationError.from_problems(problems)
        return tuple(
            cls.from_cards(
                mine[subject],
                quarters=by_quarter.get(subject, (None,) * 4),
                annual=by_year.get(subject),
            )
            for subject in sorted(mine, key=lambda s: (s.kind.value, s.id))
        )


@attrs.frozen
class LevelLine:
    """One level of the roll-up (month, quarter or year) as it counted (R14).

    ``mean`` is the level's score (``None`` when nothing is on record),
    ``on_record``/``expected`` how many periods it had, ``ratio`` the set
    ratio and ``effective`` the ratio after the missing-level rule.
    """

    level: str = attrs.field(validator=non_blank)
    mean: Decimal | None = attrs.field(
        validator=attrs.validators.optional(decimal_between(None, None))
    )
    on_record: int = attrs.field(validator=int_between(0, None))
    expected: int = attrs.field(validator=int_between(1, None))
    ratio: Decimal = attrs.field(validator=_UNIT)
    effective: Decimal = attrs.field(validator=_UNIT)


def _rounded_from_exact(inst: AnnualCard, attribute: attrs.Attribute[Any], value: Any) -> None:
    decimal_between(None, None)(inst, attribute, value)
    if value != inst.rounding.apply(inst.exact):
        raise ValidationError(
            attribute.name,
            f"is {value} but {inst.exact} rounds to {inst.rounding.apply(inst.exact)}",
        )


def _levels_are_known(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    keys = sorted(w.key for w in value)
    if keys != sorted(_LEVELS):
        raise ValidationError(
            attribute.name,
            f"needs one ratio for each level, got {', '.join(keys)}",
            allowed=_LEVELS,
        )


def _level_tuple(kind: type, optional: bool = False) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        ok = isinstance(value, tuple) and len(value) == len(_LEVELS)
        if not ok or not all(
            (v is None and optional) or (isinstance(v, kind) and not isinstance(v, bool))
            for v in value
        ):
            raise ValidationError(
                attribute.name,
                f"expected one {kind.__name__} per level ({', '.join(_LEVELS)}), got {value!r}",
            )

    return check


@attrs.frozen
class AnnualCard:
    """A subject's comprehensive annual score with its levels, gaps and rules (R6, R12, R14).

    Per level (month, quarter, year, in that order): ``means`` the level's
    score (``None``: nothing on record), ``on_record`` how many of its
    periods had a record, ``effective`` the ratio it got after the
    missing-level rule; ``ratios`` are the set ratios. :attr:`levels` gives
    the same as one :class:`LevelLine` per level.

    :raises ValidationError: when ``total`` is not ``exact`` rounded by ``rounding``.
    """

    subject: Subject = attrs.field(validator=instance_of(Subject))
    year: int = attrs.field(validator=int_between(1900, 9999))
    means: tuple[Decimal | None, ...] = attrs.field(validator=_level_tuple(Decimal, True))
    on_record: tuple[int, ...] = attrs.field(validator=_level_tuple(int))
    effective: tuple[Decimal, ...] = attrs.field(validator=_level_tuple(Decimal))
    ratios: tuple[Weight, ...] = attrs.field(validator=[sum_to_one, _levels_are_known])
    missing_months: tuple[int, ...] = attrs.field(validator=tuple_of(int))
    missing_quarters: tuple[int, ...] = attrs.field(validator=tuple_of(int))
    notes: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    rules: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    rounding: Rounding = attrs.field(validator=instance_of(Rounding))
    exact: Decimal = attrs.field(validator=decimal_between(None, None))
    total: Decimal = attrs.field(validator=_rounded_from_exact)

    @property
    def levels(self) -> tuple[LevelLine, ...]:
        """One :class:`LevelLine` per level: month, quarter, year."""
        ratio = {w.key: w.weight for w in self.ratios}
        return tuple(
            LevelLine(level, mean, count, expected, ratio[level], effective)
            for level, mean, count, expected, effective in zip(
                _LEVELS, self.means, self.on_record, _EXPECTED, self.effective, strict=True
            )
        )

    def explain(self) -> str:
        """A readable account of the roll-up, level by level, with the rules applied."""
        lines = [f"{self.subject} {self.year}: {self.total} (rules {', '.join(self.rules)})"]
        for line in self.levels:
            mean = "nothing on record" if line.mean is None else f"mean {line.mean}"
            lines.append(
                f"  {line.level}: {mean} of {line.on_record}/{line.expected} on record, "
                f"ratio {line.ratio} → {line.effective}"
            )
        lines.extend(f"  note: {n}" for n in self.notes)
        lines.append(
            f"  before rounding {self.exact} → {self.total} "
            f"({self.rounding.mode}, {self.rounding.places} places)"
        )
        return "\n".join(lines)


@attrs.frozen
class RollupPolicy:
    """The set ratios and the missing-period rules of the annual roll-up (R12, R14).

    :ivar ratios: one :class:`~qingdan_core.scoring.Weight` per level
        ``month``, ``quarter``, ``year``, summing to exactly 1.
    :ivar missing_periods: what a month or quarter without record counts for
        (default: the mean is over the periods on record).
    :ivar missing_levels: what a level with nothing on record counts for
        (default: the other levels' ratios are re-normalised).
    :raises ValidationError: when the ratios do not sum to exactly 1 or miss a level.

    >>> RollupPolicy(ratios=(Weight("month", Decimal("0.5")), Weight("year", Decimal("0.5"))))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: ratios: needs one ratio for each level, got month, year (allowed: month, quarter, year)
    """

    ratios: tuple[Weight, ...] = attrs.field(
        factory=default_ratios, validator=[sum_to_one, _levels_are_known]
    )
    missing_periods: MissingRule = attrs.field(
        default=MissingRule.RENORMALISE, validator=instance_of(MissingRule)
    )
    missing_levels: MissingRule = attrs.field(
        default=MissingRule.RENORMALISE, validator=instance_of(MissingRule)
    )
    rounding: Rounding = attrs.field(factory=Rounding, validator=instance_of(Rounding))

    def roll(self, record: YearRecord) -> AnnualCard:
        """The comprehensive annual card of ``record`` (R14).

        :raises ValidationError: under re-normalised levels, when the record has
            nothing at all; naming ``record`` when it is not a :class:`YearRecord`.
        """
        require("record", record, YearRecord)
        notes: list[str] = []
        periods = (record.months, record.quarters, (record.annual,))
        raw: dict[str, Decimal | None] = {}
        counts: list[int] = []
        with exact():
            for level, scores in zip(_LEVELS, periods, strict=True):
                # identity tests only: `None in scores` would ask each Decimal `== None`, slowly
                present = [s for s in scores if s is not None]
                counts.append(len(present))
                if len(present) == len(scores):
                    raw[level] = sum(present, _ZERO) / len(scores)
                else:
                    raw[level] = self._partial_mean(level, scores, present, notes)
        if not any(counts) and self.missing_levels is MissingRule.RENORMALISE:
            raise ValidationError("record", f"{record.subject} {record.year} has nothing on record")
        value, effective = combine(self.ratios, raw, self.missing_levels, "record")
        complete = notes == []
        return unchecked(
            AnnualCard,
            subject=record.subject,
            year=record.year,
            means=tuple(None if m is None else _tidy(m) for m in raw.values()),
            on_record=tuple(counts),
            effective=tuple(
                effective[level] if complete else _tidy(effective[level]) for level in _LEVELS
            ),
            ratios=self.ratios,
            missing_months=() if counts[0] == _EXPECTED[0] else _gaps(record.months),
            missing_quarters=() if counts[1] == _EXPECTED[1] else _gaps(record.quarters),
            notes=tuple(notes),
            rules=_RULES,
            rounding=self.rounding,
            exact=_tidy(value),
            total=self.rounding.apply(value),
        )

    def _partial_mean(
        self,
        level: str,
        scores: tuple[Decimal | None, ...],
        present: list[Decimal],
        notes: list[str],
    ) -> Decimal | None:
        """The mean of a level with gaps, by the missing-period rule; notes the gaps."""
        if not present:
            notes.append(f"no {level} on record: " + _LEVEL_NOTE[self.missing_levels])
            return None
        gaps = ", ".join(map(str, _gaps(scores)))
        rule = self.missing_periods
        notes.append(f"no record for {level} {gaps}: " + _PERIOD_NOTE[rule].format(n=len(present)))
        divisor = len(present) if rule is MissingRule.RENORMALISE else len(scores)
        return sum(present, _ZERO) / divisor


def _gaps(scores: tuple[Decimal | None, ...]) -> tuple[int, ...]:
    return tuple(i + 1 for i, s in enumerate(scores) if s is None)


_RULES = ("R6", "R12", "R14")
_ZERO = Decimal(0)
_PERIOD_NOTE = {
    MissingRule.RENORMALISE: "mean over the {n} on record (按已有部分重新归一, R14)",
    MissingRule.ZERO: "each counts as 0 (缺项计零, R14)",
}
_LEVEL_NOTE = {
    MissingRule.RENORMALISE: "the other levels' ratios re-normalised (按已有部分重新归一, R14)",
    MissingRule.ZERO: "the level counts as 0 (缺项计零, R14)",
}


def rollup(
    records: Iterable[YearRecord], policy: RollupPolicy | None = None
) -> tuple[AnnualCard, ...]:
    """The annual cards of many subjects, ordered by subject whatever the input order (R14).

    :raises ValidationError: when a subject's year is given twice; naming
        ``records`` (or ``records[i]``) or ``policy`` when it has the wrong type.

    >>> rollup([])
    ()
    """
    records = require_each("records", records, YearRecord)
    require("policy", policy, RollupPolicy, type(None))
    policy = policy or RollupPolicy()
    seen: dict[tuple[Subject, int], YearRecord] = {}
    for record in records:
        key = (record.subject, record.year)
        if key in seen:
            raise ValidationError("records", f"{record.subject} {record.year} given twice")
        seen[key] = record
    order = sorted(seen, key=lambda k: (k[0].kind.value, k[0].id, k[1]))
    return tuple(policy.roll(seen[k]) for k in order)
