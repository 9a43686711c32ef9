"""Competition ranking within any grouping: ties share a rank, 1, 1, 3 (R12, R13, R14).

Rank people or units within their unit, unit class or the whole county:
``groups`` maps each id to its group key. A subject's rank is one more than
the number of subjects in its group with a strictly higher score, so equal
scores share a rank and the next rank is skipped. Rank the rounded totals
people are shown, so that scores that look equal are equal.

>>> from decimal import Decimal as D
>>> for r in rank({"a": D("91.5"), "b": D("91.5"), "c": D("88"), "d": D("95")}):
...     print(r.subject_id, r.rank, r.of, r.tied)
d 1 4 1
a 2 4 2
b 2 4 2
c 4 4 1
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

import attrs

from qingdan_core._build import unchecked
from qingdan_core._checks import decimal_between, int_between, non_blank, require
from qingdan_core.errors import Problem, ValidationError

__all__ = ["ALL", "Rank", "rank"]

ALL = "all"
"""The group key used when no grouping is given: everyone in one group."""


@attrs.frozen
class Rank:
    """A subject's competition rank within its group (R12, R14).

    ``rank`` is 1 + the number with a strictly higher score, ``of`` the
    group's size, ``tied`` how many share this rank (including this subject).
    """

    subject_id: str = attrs.field(validator=non_blank)
    group: str = attrs.field(validator=non_blank)
    score: Decimal = attrs.field(validator=decimal_between(None, None))
    rank: int = attrs.field(validator=int_between(1, None))
    of: int = attrs.field(validator=int_between(1, None))
    tied: int = attrs.field(validator=int_between(1, None))


def _members(
    scores: Mapping[str, Decimal], groups: Mapping[str, str] | None
) -> tuple[dict[str, list[str]], list[Problem]]:
    """The ids of ``scores`` by group, each group best first, and every problem found.

    Checks that ``scores`` and ``groups`` are mappings (raising at once if
    not), then lists every blank id, non-Decimal or non-finite score, and id
    without a group as a :class:`Problem`.
    """
    require("scores", scores, Mapping)
    require("groups", groups, Mapping, type(None))
    problems = []
    members: dict[str, list[str]] = defaultdict(list)
    for subject_id, score in scores.items():
        path = f"scores[{subject_id!r}]"
        if not isinstance(subject_id, str) or not subject_id.strip():
            problems.append(Problem(path, "the id must be a non-blank string"))
        if not isinstance(score, Decimal) or not score.is_finite():
            problems.append(Problem(path, f"expected a finite Decimal, got {score!r}"))
        group = ALL if groups is None else groups.get(subject_id)
        if not isinstance(group, str) or not group.strip():
            problems.append(Problem(f"groups[{subject_id!r}]", f"no group for {subject_id!r}"))
        else:
            members[group].append(subject_id)
    if not problems:
        for ids in members.values():
            # copy_negate is exact; a plain minus would round in the caller's context
            ids.sort(key=lambda i: (scores[i].copy_negate(), i))
    return dict(members), problems


def rank(
    scores: Mapping[str, Decimal], groups: Mapping[str, str] | None = None
) -> tuple[Rank, ...]:
    """Competition ranks (1, 1, 3) of ``scores`` within each group of ``groups``.

    :param groups: subject id → group key; ``None`` ranks everyone together (group :data:`ALL`).
    :returns: ranks ordered by group, then rank, then subject id — the same
        whatever order ``scores`` is in.
    :raises ValidationError: naming every blank id, non-finite score and id without a
        group; or naming ``scores`` or ``groups`` when it is not a mapping.

    >>> [(r.group, r.subject_id, r.rank) for r in rank(
    ...     {"p1": Decimal(80), "p2": Decimal(90), "p3": Decimal(85)}, {"p1": "u-a", "p2": "u-b", "p3": "u-a"})]
    [('u-a', 'p3', 1), ('u-a', 'p1', 2), ('u-b', 'p2', 1)]
    """
    members, problems = _members(scores, groups)
    if problems:
        raise ValidationError.from_problems(problems)
    result: list[Rank] = []
    for group, ordered in sorted(members.items()):
        ties: dict[Decimal, int] = defaultdict(int)
        for i in ordered:
            ties[scores[i]] += 1
        place = 0
        previous: Decimal | None = None
        for position, subject_id in enumerate(ordered, start=1):
            score = scores[subject_id]
            if score != previous:
                place, previous = position, score
            result.append(
                unchecked(
                    Rank,
                    subject_id=subject_id,
                    group=group,
                    score=score,
                    rank=place,
                    of=len(ordered),
                    tied=ties[score],
                )
            )
    return tuple(result)
