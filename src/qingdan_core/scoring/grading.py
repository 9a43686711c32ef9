"""Grading by bands and quotas: routine 好/较好/一般/较差, annual 优秀/称职/基本称职/不称职 (R23–R25).

A :class:`GradePolicy` gives each subject the grade of the score band it
falls in (R25: 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, else 较差; R23 annual: 优秀 ≥ 90,
称职 ≥ 70, 基本称职 ≥ 60, else 不称职), then applies:

* **conditions** — facts that force a grade or forbid one (a disciplinary
  sanction this year forbids 优秀, R23); a forbidden grade falls to the next
  grade down;
* **the quota** on the top grade within each group (R24, R25): 好 at most
  40 %; 优秀 normally at most 20 % — rounded by the policy's stated rule — and
  never more than 25 % (always rounded down). Candidates beyond the quota
  take the next grade down. When candidates tie at the boundary, the policy's
  :class:`TieRule` settles it deterministically and never exceeds the quota.

Each :class:`GradeResult` says which rule decided the grade and why.

>>> from decimal import Decimal as D
>>> scores = {"p1": D(95), "p2": D(93), "p3": D(93), "p4": D(85), "p5": D(55)}
>>> for r in grade(scores, policy=GradePolicy.annual()):
...     print(r.subject_id, r.grade.label, r.decided_by.value, r.rule)
p1 优秀 分数段 R23
p2 称职 名额 R24
p3 称职 名额 R24
p4 称职 分数段 R23
p5 不称职 分数段 R23
"""

from __future__ import annotations

import enum
import functools
import itertools
import warnings
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, ParamSpec, TypeVar, cast

import attrs

from qingdan_core._build import unchecked
from qingdan_core._checks import decimal_between, instance_of, non_blank, require
from qingdan_core._labelled import LabelledEnum
from qingdan_core._tuples import tuple_of
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.rounding import exact
from qingdan_core.scoring.ranking import _members

__all__ = [
    "Band",
    "ConditionEffect",
    "Decision",
    "Grade",
    "GradeCondition",
    "GradePolicy",
    "GradeResult",
    "Quota",
    "QuotaRounding",
    "TieRule",
    "grade",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class Grade(LabelledEnum):
    """The grades: routine 平时考核 (R25) and annual 年度考核 (R23).

    Kept by its English code; ``label`` is the grade's Chinese name.

    >>> Grade.BASICALLY_COMPETENT.value, Grade.BASICALLY_COMPETENT.label
    ('basically_competent', '基本称职')
    """

    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "较差"
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASICALLY_COMPETENT = "basically_competent", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class QuotaRounding(enum.Enum):
    """How a quota's normal share of a group becomes a whole number of places (R24)."""

    FLOOR = "向下取整"
    HALF_UP = "四舍五入"
    CEILING = "向上取整"


_ROUNDING = {
    QuotaRounding.FLOOR: ROUND_FLOOR,
    QuotaRounding.HALF_UP: ROUND_HALF_UP,
    QuotaRounding.CEILING: ROUND_CEILING,
}


class TieRule(enum.Enum):
    """How candidates tied at the quota boundary are settled (R24); never by exceeding it.

    ``DROP_TIED``: everyone tied at the boundary takes the next grade down,
    so the quota may be left partly unused. ``TIEBREAK``: the caller's
    tie-break values (e.g. the count of 好 routine grades this year) decide
    among the tied; those still tied drop.
    """

    DROP_TIED = "边界并列者均降一等"
    TIEBREAK = "按次序指标决定，仍并列者均降一等"


class ConditionEffect(enum.Enum):
    """Whether a condition forces a grade or forbids it (R23)."""

    FORCE = "确定为"
    FORBID = "不得评为"


class Decision(enum.Enum):
    """What decided a subject's grade."""

    BAND = "分数段"
    QUOTA = "名额"
    TIE = "边界并列"
    FORCED = "强制条件"
    FORBIDDEN = "禁止条件"


@attrs.frozen
class Band:
    """Scores at or above ``minimum`` get ``grade``; ``None`` marks the lowest band (R23, R25).

    >>> Band(Grade.GOOD, Decimal(90))
    Band(grade=<Grade.GOOD: 'good'>, minimum=Decimal('90'))
    """

    grade: Grade = attrs.field(validator=instance_of(Grade))
    minimum: Decimal | None = attrs.field(
        validator=attrs.validators.optional(decimal_between(None, None))
    )


def _cap_at_least_share(inst: Quota, attribute: attrs.Attribute[Any], value: Any) -> None:
    decimal_between(Decimal(0), Decimal(1))(inst, attribute, value)
    if value < inst.share:
        raise ValidationError(
            attribute.name, f"the cap {value} is below the normal share {inst.share}"
        )


@attrs.frozen
class Quota:
    """At most ``share`` of a group may get ``grade`` (rounded by ``rounding``), never more than ``cap`` (R24).

    The number of places for a group of ``n`` is ``min(round(n × share),
    floor(n × cap))``: the normal share is rounded by the stated rule, the
    cap always down, so rounding never breaks the cap.

    :raises ValidationError: for shares outside [0, 1] or a cap below the share.

    >>> q = Quota(Grade.EXCELLENT, Decimal("0.20"), Decimal("0.25"), QuotaRounding.HALF_UP)
    >>> [q.places(n) for n in range(1, 9)]
    [0, 0, 0, 1, 1, 1, 1, 2]
    """

    grade: Grade = attrs.field(validator=instance_of(Grade))
    share: Decimal = attrs.field(validator=decimal_between(Decimal(0), Decimal(1)))
    cap: Decimal = attrs.field(validator=_cap_at_least_share)
    rounding: QuotaRounding = attrs.field(validator=instance_of(QuotaRounding))

    def places(self, n: int) -> int:
        """How many of a group of ``n`` may get the grade."""
        with exact():
            normal = (n * self.share).quantize(Decimal(1), rounding=_ROUNDING[self.rounding])
            hard = (n * self.cap).quantize(Decimal(1), rounding=ROUND_FLOOR)
        return int(min(normal, hard))

    def describe(self, n: int) -> str:
        """The quota for a group of ``n`` in words.

        >>> Quota(Grade.GOOD, Decimal("0.4"), Decimal("0.4"), QuotaRounding.FLOOR).describe(5)
        '好 quota 2 of 5 (40 % of 5 向下取整, never over 40 %)'
        """
        return (
            f"{self.grade.label} quota {self.places(n)} of {n} "
            f"({_percent(self.share)} % of {n} {self.rounding.value}, never over {_percent(self.cap)} %)"
        )


def _percent(share: Decimal) -> str:
    with exact():
        return format((share * 100).normalize(), "f")


@attrs.frozen
class GradeCondition:
    """A fact that forces or forbids a grade: a predicate on the subject's flags (R23).

    The condition applies to a subject whose facts include ``flag``
    (compute any predicate — a sanction this year, an unrectified 红色 notice —
    into a flag before grading).

    >>> c = GradeCondition("disciplinary_sanction", ConditionEffect.FORBID, Grade.EXCELLENT,
    ...                    "受处分的当年不得评为优秀", "R23")
    >>> c.applies(frozenset({"disciplinary_sanction"})), c.applies(frozenset())
    (True, False)
    """

    flag: str = attrs.field(validator=non_blank)
    effect: ConditionEffect = attrs.field(validator=instance_of(ConditionEffect))
    grade: Grade = attrs.field(validator=instance_of(Grade))
    reason: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(validator=non_blank)

    def applies(self, facts: frozenset[str]) -> bool:
        """Whether the subject with ``facts`` meets this condition."""
        return self.flag in facts


@attrs.frozen
class GradeResult:
    """A subject's grade, what decided it (``decided_by``, ``rule``) and why (``reason``)."""

    subject_id: str = attrs.field(validator=non_blank)
    group: str = attrs.field(validator=non_blank)
    score: Decimal = attrs.field(validator=decimal_between(None, None))
    grade: Grade = attrs.field(validator=instance_of(Grade))
    decided_by: Decision = attrs.field(validator=instance_of(Decision))
    rule: str = attrs.field(validator=non_blank)
    reason: str = attrs.field(validator=non_blank)


def _policy_problems(policy: GradePolicy) -> list[Problem]:
    problems = []
    grades = [b.grade for b in policy.bands]
    if not policy.bands:
        return [Problem("bands", "needs at least one band")]
    if len(set(grades)) != len(grades):
        problems.append(Problem("bands", "each grade may have one band"))
    minimums = [b.minimum for b in policy.bands]
    if minimums[-1] is not None or None in minimums[:-1]:
        problems.append(Problem("bands", "only the last (lowest) band has no minimum, and it must"))
    elif any(a <= b for a, b in itertools.pairwise(minimums[:-1])):  # type: ignore[operator]
        problems.append(Problem("bands", "minimums must fall strictly from band to band"))
    if policy.quota is not None and policy.quota.grade not in grades[:-1]:
        problems.append(
            Problem("quota", f"{policy.quota.grade.label} is not a band's grade above the lowest")
        )
    for i, c in enumerate(policy.conditions):
        if c.grade not in grades:
            problems.append(Problem(f"conditions[{i}]", f"{c.grade.label} is not a band's grade"))
        elif c.effect is ConditionEffect.FORCE and policy.quota and c.grade is policy.quota.grade:
            problems.append(
                Problem(f"conditions[{i}]", f"cannot force the quota-limited grade {c.grade.label}")
            )
        elif c.effect is ConditionEffect.FORBID and c.grade is grades[-1]:
            problems.append(
                Problem(f"conditions[{i}]", f"cannot forbid the lowest grade {c.grade.label}")
            )
    return problems


@attrs.frozen
class GradePolicy:
    """Bands (best first), the top grade's quota, the tie rule and conditions (R23–R25).

    ``rule`` is the rule id a band decision cites (R25 routine, R23 annual);
    ``quota_rule`` the one a quota or tie decision cites (R25, R24).
    Use :meth:`routine` or :meth:`annual` for the defaults.

    :raises ValidationError: when bands repeat a grade or their minimums do not
        fall, the quota's grade is not a band above the lowest, a condition forces the quota
        grade (that could break the quota) or forbids the lowest grade.
    """

    bands: tuple[Band, ...] = attrs.field(validator=tuple_of(Band))
    quota: Quota | None = attrs.field(validator=attrs.validators.optional(instance_of(Quota)))
    rule: str = attrs.field(validator=non_blank)
    quota_rule: str = attrs.field(validator=non_blank)
    tie_rule: TieRule = attrs.field(default=TieRule.DROP_TIED, validator=instance_of(TieRule))
    conditions: tuple[GradeCondition, ...] = attrs.field(
        default=(), validator=tuple_of(GradeCondition)
    )

    def __attrs_post_init__(self) -> None:
        problems = _policy_problems(self)
        if problems:
            raise ValidationError.from_problems(problems)

    @classmethod
    def routine(cls, **changes: Any) -> GradePolicy:
        """The routine (平时) default (R25): 好 ≥ 90 (at most 40 %), 较好 ≥ 80, 一般 ≥ 60, 较差.

        Keyword arguments replace fields, e.g. ``tie_rule=TieRule.TIEBREAK``.

        >>> [b.grade.label for b in GradePolicy.routine().bands]
        ['好', '较好', '一般', '较差']
        """
        fields: dict[str, Any] = {
            "bands": (
                Band(Grade.GOOD, Decimal(90)),
                Band(Grade.FAIRLY_GOOD, Decimal(80)),
                Band(Grade.AVERAGE, Decimal(60)),
                Band(Grade.POOR, None),
            ),
            "quota": Quota(Grade.GOOD, Decimal("0.4"), Decimal("0.4"), QuotaRounding.FLOOR),
            "rule": "R25",
            "quota_rule": "R25",
        }
        return cls(**(fields | changes))

    @classmethod
    def annual(cls, **changes: Any) -> GradePolicy:
        """The annual (年度) default (R23, R24): 优秀 ≥ 90, 称职 ≥ 70, 基本称职 ≥ 60, 不称职.

        优秀 is normally at most 20 % (四舍五入) and never more than 25 %; a
        disciplinary sanction this year (flag ``disciplinary_sanction``)
        forbids 优秀.

        >>> GradePolicy.annual().quota.places(10)
        2
        """
        fields: dict[str, Any] = {
            "bands": (
                Band(Grade.EXCELLENT, Decimal(90)),
                Band(Grade.COMPETENT, Decimal(70)),
                Band(Grade.BASICALLY_COMPETENT, Decimal(60)),
                Band(Grade.INCOMPETENT, None),
            ),
            "quota": Quota(Grade.EXCELLENT, Decimal("0.2"), Decimal("0.25"), QuotaRounding.HALF_UP),
            "rule": "R23",
            "quota_rule": "R24",
            "conditions": (
                GradeCondition(
                    "disciplinary_sanction",
                    ConditionEffect.FORBID,
                    Grade.EXCELLENT,
                    "受处分的当年不得评为优秀",
                    "R23",
                ),
            ),
        }
        return cls(**(fields | changes))

    def band(self, score: Decimal) -> Grade:
        """The grade of the band ``score`` falls in.

        >>> GradePolicy.routine().band(Decimal("89.99")).label
        '较好'
        """
        for b in self.bands:
            if b.minimum is None or score >= b.minimum:
                return b.grade
        raise AssertionError("unreachable: the last band has no minimum")  # pragma: no cover


_OLD_ORDER = ("policy", "groups", "facts", "tiebreak")


def _policy_second(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Keep the old order, ``grade(scores, policy, groups, facts, tiebreak)``, working until
    0.2.0, with a :class:`DeprecationWarning`."""

    @functools.wraps(function)
    def called(*args: Any, **kwargs: Any) -> Any:
        if len(args) >= 2 and isinstance(args[1], GradePolicy):
            warnings.warn(
                "grade(scores, policy, groups) is deprecated: call "
                "grade(scores, groups, policy=policy), in the order of rank(scores, groups)",
                DeprecationWarning,
                stacklevel=2,
            )
            moved = dict(zip(_OLD_ORDER, args[1:], strict=False))
            twice = sorted(moved.keys() & kwargs.keys())
            if twice:
                raise TypeError(f"grade() got multiple values for argument {twice[0]!r}")
            return function(args[0], **moved, **kwargs)
        return function(*args, **kwargs)

    return cast("Callable[_P, _R]", called)


@_policy_second
def grade(
    scores: Mapping[str, Decimal],
    groups: Mapping[str, str] | None = None,
    *,
    policy: GradePolicy,
    facts: Mapping[str, Iterable[str]] | None = None,
    tiebreak: Mapping[str, Decimal] | None = None,
) -> tuple[GradeResult, ...]:
    """The grade of every subject in ``scores``, the quota applied within each group (R23–R25).

    The arguments come in the order of :func:`~qingdan_core.scoring.rank`:
    ``grade(scores, groups, policy=…)``. The old order,
    ``grade(scores, policy, groups)``, still works until 0.2.0 and warns
    (:class:`DeprecationWarning`).

    :param groups: subject id → group key (unit, unit class …); ``None``: one group.
    :param policy: the bands, conditions and quota (``GradePolicy.routine()`` or ``.annual()``).
    :param facts: subject id → flags that :class:`GradeCondition` s test.
    :param tiebreak: subject id → tie-break value (higher wins), used by ``TieRule.TIEBREAK``.
    :returns: results ordered by group, then score (highest first), then id —
        the same whatever the input order.
    :raises ValidationError: naming ``scores``, ``policy``, ``groups``,
        ``facts`` or ``tiebreak`` when it has the wrong type; else for every bad
        id, score or group, every ``facts`` key that is not a scored id or value
        that is not an iterable of non-blank strings (a single string is
        refused, not split into characters), and every ``tiebreak`` key that is
        not a scored id or value that is not a finite Decimal — all named at
        once (paths like ``facts['p1']``); under ``TieRule.TIEBREAK``, when more
        candidates than places lack a tie-break value.

    >>> grade({"p1": Decimal(95)}, policy=GradePolicy.annual(), facts={"p1": "disciplinary_sanction"})
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: facts['p1']: expected an iterable of flags, not a single string: 'disciplinary_sanction'
    """
    require("policy", policy, GradePolicy)
    members, problems = _members(scores, groups)
    flags = _flags(facts, scores, problems)
    _check_tiebreak(tiebreak, scores, problems)
    if problems:
        raise ValidationError.from_problems(problems)
    results: list[GradeResult] = []
    for group, ordered in sorted(members.items()):
        results.extend(_grade_group(group, ordered, scores, policy, flags, tiebreak))
    return tuple(results)


def _flags(
    facts: Mapping[str, Iterable[str]] | None,
    scores: Mapping[str, Decimal],
    problems: list[Problem],
) -> dict[str, frozenset[str]]:
    """Each subject's flags as a frozenset; adds a problem for each bad key or value."""
    require("facts", facts, Mapping, type(None))
    flags: dict[str, frozenset[str]] = {}
    for subject_id, value in (facts or {}).items():
        path = f"facts[{subject_id!r}]"
        if subject_id not in scores:
            problems.append(Problem(path, f"{subject_id!r} is not a scored id"))
        if isinstance(value, str):
            problems.append(
                Problem(path, f"expected an iterable of flags, not a single string: {value!r}")
            )
            continue
        if isinstance(value, Mapping) or not isinstance(value, Iterable):
            problems.append(
                Problem(
                    path,
                    f"expected an iterable of flags such as ['disciplinary_sanction'], "
                    f"got {type(value).__name__} {value!r}",
                )
            )
            continue
        items = tuple(value)
        bad = [f for f in items if not isinstance(f, str) or not f.strip()]
        if bad:
            problems.append(Problem(path, f"each flag must be a non-blank string, got {bad[0]!r}"))
        else:
            flags[subject_id] = frozenset(items)
    return flags


def _check_tiebreak(
    tiebreak: Mapping[str, Decimal] | None, scores: Mapping[str, Decimal], problems: list[Problem]
) -> None:
    """Adds a problem for each tie-break key that is not scored or value that is not a finite Decimal."""
    require("tiebreak", tiebreak, Mapping, type(None))
    for subject_id, value in (tiebreak or {}).items():
        path = f"tiebreak[{subject_id!r}]"
        if subject_id not in scores:
            problems.append(Problem(path, f"{subject_id!r} is not a scored id"))
        if not isinstance(value, Decimal) or not value.is_finite():
            problems.append(Problem(path, f"expected a finite Decimal, got {value!r}"))


def _grade_group(
    group: str,
    ordered: list[str],
    scores: Mapping[str, Decimal],
    policy: GradePolicy,
    flags: Mapping[str, frozenset[str]],
    tiebreak: Mapping[str, Decimal] | None,
) -> list[GradeResult]:
    grades = [b.grade for b in policy.bands]
    decided: dict[str, tuple[Grade, Decision, str, str]] = {}
    candidates = []
    for sid in ordered:
        facts = flags.get(sid, frozenset())
        decided[sid] = _by_conditions(policy, grades, scores[sid], facts)
        if policy.quota is not None and decided[sid][0] is policy.quota.grade:
            candidates.append(sid)
    if policy.quota is not None:
        _apply_quota(policy, grades, len(ordered), candidates, scores, flags, tiebreak, decided)
    return [
        unchecked(
            GradeResult,
            subject_id=sid,
            group=group,
            score=scores[sid],
            grade=decided[sid][0],
            decided_by=decided[sid][1],
            rule=decided[sid][2],
            reason=decided[sid][3],
        )
        for sid in ordered
    ]


def _lower(grades: list[Grade], grade: Grade, forbidden: set[Grade]) -> Grade:
    """The first grade below ``grade`` (inclusive) that is not forbidden."""
    for candidate in grades[grades.index(grade) :]:
        if candidate not in forbidden:
            return candidate
    return grades[-1]  # pragma: no cover - the policy never forbids the lowest grade


def _by_conditions(
    policy: GradePolicy, grades: list[Grade], score: Decimal, facts: frozenset[str]
) -> tuple[Grade, Decision, str, str]:
    band = policy.band(score)
    applying = [c for c in policy.conditions if c.applies(facts)]
    forced = [c for c in applying if c.effect is ConditionEffect.FORCE]
    if forced:
        worst = max(forced, key=lambda c: (grades.index(c.grade), c.flag))
        return worst.grade, Decision.FORCED, worst.rule, f"{worst.reason} ({worst.flag})"
    forbidding = {c.grade: c for c in applying if c.effect is ConditionEffect.FORBID}
    result = _lower(grades, band, set(forbidding))
    if result is not band:
        c = forbidding[band]
        return (
            result,
            Decision.FORBIDDEN,
            c.rule,
            f"score {score} is in band {band.label}, but {c.reason} ({c.flag})",
        )
    return band, Decision.BAND, policy.rule, f"score {score} is in band {band.label}"


def _apply_quota(
    policy: GradePolicy,
    grades: list[Grade],
    size: int,
    candidates: list[str],
    scores: Mapping[str, Decimal],
    flags: Mapping[str, frozenset[str]],
    tiebreak: Mapping[str, Decimal] | None,
    decided: dict[str, tuple[Grade, Decision, str, str]],
) -> None:
    quota = policy.quota
    assert quota is not None
    places = quota.places(size)
    words = quota.describe(size)
    if len(candidates) <= places:
        for sid in candidates:
            g, d, r, reason = decided[sid]
            decided[sid] = (g, d, r, f"{reason}; within the {words}")
        return
    key = _key(policy.tie_rule, candidates, scores, tiebreak)
    candidates = sorted(candidates, key=lambda s: (key(s), s), reverse=True)
    cut = key(candidates[places - 1]) if places else None
    below = key(candidates[places])
    tied_value = cut if cut is not None and cut == below else None
    keep = places if tied_value is None else sum(1 for s in candidates if key(s) > tied_value)
    for position, sid in enumerate(candidates):
        if position < keep:
            g, d, r, reason = decided[sid]
            decided[sid] = (g, d, r, f"{reason}; within the {words}")
            continue
        facts = flags.get(sid, frozenset())
        forbidden = {
            c.grade
            for c in policy.conditions
            if c.effect is ConditionEffect.FORBID and c.applies(facts)
        }
        lower = _lower(grades, grades[grades.index(quota.grade) + 1], forbidden)
        if tied_value is not None and key(sid) == tied_value:
            reason = (
                f"score {scores[sid]} is in band {quota.grade.label}, tied at the boundary of the "
                f"{words} with {sum(1 for s in candidates if key(s) == tied_value)}: "
                f"{policy.tie_rule.value}"
            )
            decided[sid] = (lower, Decision.TIE, policy.quota_rule, reason)
        else:
            reason = f"score {scores[sid]} is in band {quota.grade.label}, beyond the {words}"
            decided[sid] = (lower, Decision.QUOTA, policy.quota_rule, reason)


def _key(
    rule: TieRule,
    candidates: list[str],
    scores: Mapping[str, Decimal],
    tiebreak: Mapping[str, Decimal] | None,
) -> Callable[[str], tuple[Decimal, ...]]:
    if rule is TieRule.DROP_TIED:
        return lambda sid: (scores[sid],)
    missing = [sid for sid in candidates if tiebreak is None or sid not in tiebreak]
    if missing:
        raise ValidationError(
            "tiebreak",
            f"no tie-break value for {', '.join(sorted(missing))} (tie rule {rule.value})",
        )
    assert tiebreak is not None
    return lambda sid: (scores[sid], tiebreak[sid])
