"""Several assessors (多人多方): groups of raters, each group with a weight (R12, R26).

Leaders, colleagues and the public rate a subject's month. Each group's
score is the mean of its members' ratings; the groups are combined by their
weights. A group that gave no rating follows the panel's stated
:class:`~qingdan_core.scoring.MissingRule` — re-normalise the other groups'
weights (the default) or count the group as zero — never a silent dilution.

>>> from decimal import Decimal
>>> from qingdan_core.scoring.records import Rating
>>> panel = AssessorPanel()
>>> score, lines, notes = panel.composite(
...     [Rating("leaders", "p-9", Decimal(90)), Rating("colleagues", "p-2", Decimal(80)),
...      Rating("colleagues", "p-3", Decimal(84))])
>>> score
Decimal('87')
>>> [(g.group, g.mean, g.effective) for g in lines]
[('leaders', Decimal('90'), Decimal('0.625')), ('colleagues', Decimal('82'), Decimal('0.375')), ('public', None, Decimal('0'))]
>>> print(*notes)
no ratings from group public: the other groups' weights re-normalised (按已有部分重新归一, R12)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from qingdan_core._checks import instance_of, require_each
from qingdan_core.errors import ValidationError
from qingdan_core.rounding import _tidy, _tidy_or_none, exact
from qingdan_core.scoring.card import GroupLine
from qingdan_core.scoring.records import Rating
from qingdan_core.scoring.weights import MissingRule, Weight, combine, sum_to_one

__all__ = ["AssessorPanel", "default_groups"]


def default_groups() -> tuple[Weight, ...]:
    """The default assessor groups: leaders 0.5, colleagues 0.3, the public 0.2 (R12).

    >>> [(w.key, str(w.weight)) for w in default_groups()]
    [('leaders', '0.5'), ('colleagues', '0.3'), ('public', '0.2')]
    """
    return (
        Weight("leaders", Decimal("0.5")),
        Weight("colleagues", Decimal("0.3")),
        Weight("public", Decimal("0.2")),
    )


@attrs.frozen
class AssessorPanel:
    """Assessor groups with weights summing to 1 and the rule for a silent group (R12).

    :raises ValidationError: when the group weights do not sum to exactly 1.
    """

    groups: tuple[Weight, ...] = attrs.field(factory=default_groups, validator=sum_to_one)
    missing: MissingRule = attrs.field(
        default=MissingRule.RENORMALISE, validator=instance_of(MissingRule)
    )

    def composite(
        self, ratings: Iterable[Rating]
    ) -> tuple[Decimal, tuple[GroupLine, ...], tuple[str, ...]]:
        """The weighted composite of ``ratings``, one line per group, and notes on missing groups.

        The composite is unrounded.

        :raises ValidationError: for a rating in a group the panel does not
            have, or, under ``RENORMALISE``, when no group rated at all; naming
            ``ratings`` (or ``ratings[i]``) when it is not an iterable of :class:`Rating`.
        """
        ratings = require_each("ratings", ratings, Rating)
        sums: dict[str, Decimal] = {w.key: Decimal(0) for w in self.groups}
        counts: dict[str, int] = dict.fromkeys(sums, 0)
        with exact():
            for rating in ratings:
                if rating.group not in sums:
                    raise ValidationError(
                        "ratings", f"unknown assessor group {rating.group!r}", allowed=list(sums)
                    )
                sums[rating.group] += rating.score
                counts[rating.group] += 1
            means = {k: (sums[k] / counts[k] if counts[k] else None) for k in sums}
        value, effective = combine(self.groups, means, self.missing, "ratings")
        lines = tuple(
            GroupLine(
                w.key,
                counts[w.key],
                _tidy_or_none(means[w.key]),
                w.weight,
                _tidy(effective[w.key]),
            )
            for w in self.groups
        )
        notes = tuple(
            f"no ratings from group {w.key}: " + _MISSING_NOTE[self.missing]
            for w in self.groups
            if counts[w.key] == 0
        )
        return value, lines, notes


_MISSING_NOTE = {
    MissingRule.RENORMALISE: "the other groups' weights re-normalised (按已有部分重新归一, R12)",
    MissingRule.ZERO: "the group counts as 0 (缺项计零, R12)",
}
