"""四级关注: attention levels, their classification, review and supervision plan (R18).

Each key task sits at one of four attention levels, 一般关注 < 关注 < 重点关注 <
特别关注, chosen from its urgency, importance, workload and difficulty, in a
pyramid (fewest at the top), and re-adjusted as progress changes. Each level
has its own supervision mode — 报送督考, 随机督考, 挂账督考, 驻点督考 — and its
own inspection frequency (monthly, every two weeks, weekly, every working day
by default).

>>> profile = TaskProfile(urgency=5, importance=4, workload=3, difficulty=4)
>>> found = classify(profile)
>>> found.level, found.level.mode, found.rule
(<AttentionLevel.KEY: 'key'>, <SupervisionMode.LEDGER: '挂账督考'>, 'R18')
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
import enum
import itertools
from collections.abc import Iterable
from decimal import Decimal

import attrs

from qingdan_core._checks import (
    decimal_between,
    instance_of,
    int_between,
    non_blank,
    plain_date,
    require,
    require_int,
)
from qingdan_core._labelled import LabelledEnum
from qingdan_core._ordered import OrderedEnum
from qingdan_core._tuples import tuple_of
from qingdan_core.calendar import WorkCalendar
from qingdan_core.colours import Colour, ColourVerdict, ProgressState
from qingdan_core.errors import ValidationError
from qingdan_core.rounding import Rounding, exact

__all__ = [
    "COUNTY",
    "AttentionLevel",
    "AttentionPolicy",
    "Classification",
    "ClassificationPolicy",
    "InspectionFrequency",
    "LevelChange",
    "PyramidViolation",
    "SupervisionMode",
    "SupervisionPlan",
    "TaskProfile",
    "TaskSupervision",
    "check_pyramid",
    "classify",
    "place",
    "plan_inspections",
    "review_level",
]

COUNTY = "county"
"""The scope name of the county-wide pyramid check (units are ``unit:<id>``)."""


class SupervisionMode(enum.Enum):
    """How the office supervises a task at a level (R18).

    >>> AttentionLevel.SPECIAL.mode.value
    '驻点督考'
    """

    REPORTED = "报送督考"
    RANDOM = "随机督考"
    LEDGER = "挂账督考"
    STATIONED = "驻点督考"


class InspectionFrequency(enum.Enum):
    """How often a task is inspected (R18).

    >>> AttentionPolicy().frequency(AttentionLevel.GENERAL).value
    '每月'
    """

    MONTHLY = "每月"
    BIWEEKLY = "每两周"
    WEEKLY = "每周"
    DAILY = "每个工作日"


class AttentionLevel(OrderedEnum, LabelledEnum):
    """The four attention levels of R18, ordered 一般关注 < 关注 < 重点关注 < 特别关注.

    Stored by its English code; ``label`` is the level's Chinese name.

    >>> AttentionLevel.GENERAL < AttentionLevel.SPECIAL, AttentionLevel.KEY.label
    (True, '重点关注')
    >>> [level.mode.value for level in AttentionLevel]
    ['报送督考', '随机督考', '挂账督考', '驻点督考']
    """

    GENERAL = "general", "一般关注"
    ATTENTION = "attention", "关注"
    KEY = "key", "重点关注"
    SPECIAL = "special", "特别关注"

    @property
    def mode(self) -> SupervisionMode:
        """The supervision mode the article pairs with this level (R18)."""
        return list(SupervisionMode)[self.rank]


_SCORE = int_between(1, 5)


@attrs.frozen
class TaskProfile:
    """A task's urgency, importance, workload and difficulty, each scored 1–5 (R18).

    >>> TaskProfile(urgency=6, importance=1, workload=1, difficulty=1)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: urgency: must be between 1 and 5, got 6
    """

    urgency: int = attrs.field(validator=_SCORE)
    importance: int = attrs.field(validator=_SCORE)
    workload: int = attrs.field(validator=_SCORE)
    difficulty: int = attrs.field(validator=_SCORE)


_WEIGHT = decimal_between(Decimal(0), None)
_CUT = decimal_between(Decimal(1), Decimal(5))


def _ascending(policy: ClassificationPolicy, _attribute: object, special_from: Decimal) -> None:
    if not policy.attention_from <= policy.key_from <= special_from:
        raise ValidationError(
            "special_from",
            "thresholds must not decrease: attention_from ≤ key_from ≤ special_from, got "
            f"{policy.attention_from}, {policy.key_from}, {special_from}",
        )
    if not (policy.urgency + policy.importance + policy.workload + policy.difficulty) > 0:
        raise ValidationError("urgency", "at least one weight must be positive")


@attrs.frozen
class ClassificationPolicy:
    """Weights of the four factors and the score each level starts at (R18).

    The score is the weighted mean of the four 1–5 factors; by default urgency
    and importance weigh twice as much as workload and difficulty ("按照紧急和
    重要程度、工作量和工作难度大小"), and a score from 2.5 is 关注, from 3.5
    重点关注, from 4.5 特别关注.

    :raises ValidationError: when thresholds decrease or all weights are zero.

    >>> ClassificationPolicy(key_from=Decimal(4), special_from=Decimal(3))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: special_from: thresholds must not decrease: attention_from ≤ key_from ≤ special_from, got 2.5, 4, 3
    """

    urgency: Decimal = attrs.field(default=Decimal(2), validator=_WEIGHT)
    importance: Decimal = attrs.field(default=Decimal(2), validator=_WEIGHT)
    workload: Decimal = attrs.field(default=Decimal(1), validator=_WEIGHT)
    difficulty: Decimal = attrs.field(default=Decimal(1), validator=_WEIGHT)
    attention_from: Decimal = attrs.field(default=Decimal("2.5"), validator=_CUT)
    key_from: Decimal = attrs.field(default=Decimal("3.5"), validator=_CUT)
    special_from: Decimal = attrs.field(default=Decimal("4.5"), validator=[_CUT, _ascending])


@attrs.frozen
class Classification:
    """The level a profile places a task at, its score and why (R18).

    >>> found = classify(TaskProfile(urgency=2, importance=3, workload=3, difficulty=2))
    >>> found.level.label, found.score
    ('关注', Decimal('2.5'))
    """

    level: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    score: Decimal = attrs.field(validator=decimal_between(Decimal(1), Decimal(5)))
    reason: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(default="R18", validator=non_blank)


def classify(
    profile: TaskProfile, policy: ClassificationPolicy = ClassificationPolicy()
) -> Classification:
    """The attention level ``profile`` places a task at under ``policy`` (R18).

    A higher factor never gives a lower level.

    :raises ValidationError: naming the argument of a wrong type.

    >>> classify(TaskProfile(urgency=1, importance=2, workload=2, difficulty=1)).level
    <AttentionLevel.GENERAL: 'general'>
    >>> print(classify(TaskProfile(urgency=5, importance=5, workload=4, difficulty=4)).reason)
    紧急 5、重要 5、工作量 4、难度 4,加权得分 4.67(≥4.5):特别关注
    """
    require("profile", profile, TaskProfile)
    require("policy", policy, ClassificationPolicy)
    weights = (policy.urgency, policy.importance, policy.workload, policy.difficulty)
    factors = (profile.urgency, profile.importance, profile.workload, profile.difficulty)
    with exact():
        total = sum((w * f for w, f in zip(weights, factors, strict=True)), Decimal(0))
        score = total / sum(weights, Decimal(0))
    cuts = (
        (policy.special_from, AttentionLevel.SPECIAL),
        (policy.key_from, AttentionLevel.KEY),
        (policy.attention_from, AttentionLevel.ATTENTION),
    )
    level, why = AttentionLevel.GENERAL, f"<{policy.attention_from}"
    for cut, candidate in cuts:
        if score >= cut:
            level, why = candidate, f"≥{cut}"
            break
    reason = (
        f"紧急 {profile.urgency}、重要 {profile.importance}、工作量 {profile.workload}、"
        f"难度 {profile.difficulty},加权得分 {Rounding().apply(score)}({why}):{level.label}"
    )
    return Classification(level, score, reason)


def _four_frequencies(
    _policy: AttentionPolicy, _attribute: object, value: tuple[InspectionFrequency, ...]
) -> None:
    if len(value) != 4 or not all(isinstance(f, InspectionFrequency) for f in value):
        raise ValidationError(
            "frequencies",
            f"need one frequency per level (4), got {value!r}",
            allowed=[f.value for f in InspectionFrequency],
        )


@attrs.frozen
class AttentionPolicy:
    """How reviews move a task between levels, and how often each level is inspected (R18).

    Defaults (the rules page, R18): a lag that *crosses* into the yellow range (yellow
    now, below yellow at the last review) or missed reports raise the level
    one step, but not above ``yellow_ceiling`` (重点关注); a lag that stays
    yellow raises it no further; red (lag > 30 pp or overdue) puts it at
    特别关注; ``calm_reviews`` = 2 consecutive on-schedule reviews lower it
    one step. Urgency raises a list's colour (R4), not the level.
    ``frequencies`` gives each level's inspection frequency, 一般关注 first.
    ``unit_pyramids`` adds a pyramid check per responsible unit to the
    county-wide one (off by default: R18 describes the county's pyramid, and
    a small unit rarely has a pyramid of its own).

    :raises ValidationError: unless ``frequencies`` has one entry per level.

    >>> AttentionPolicy(calm_reviews=3).calm_reviews
    3
    """

    calm_reviews: int = attrs.field(default=2, validator=int_between(1, None))
    yellow_ceiling: AttentionLevel = attrs.field(
        default=AttentionLevel.KEY, validator=instance_of(AttentionLevel)
    )
    frequencies: tuple[InspectionFrequency, ...] = attrs.field(
        default=(
            InspectionFrequency.MONTHLY,
            InspectionFrequency.BIWEEKLY,
            InspectionFrequency.WEEKLY,
            InspectionFrequency.DAILY,
        ),
        validator=_four_frequencies,
    )
    unit_pyramids: bool = attrs.field(default=False, validator=instance_of(bool))

    def frequency(self, level: AttentionLevel) -> InspectionFrequency:
        """The inspection frequency of ``level``.

        >>> AttentionPolicy().frequency(AttentionLevel.KEY)
        <InspectionFrequency.WEEKLY: '每周'>
        """
        return self.frequencies[level.rank]


@attrs.frozen
class TaskSupervision:
    """The office's own state for one task, keyed by task id (R18).

    What the task model does not hold: the current level, the count of
    consecutive on-schedule reviews, the day of the last review (so a second
    review on the same day changes nothing), the task's profile (whose
    urgency can raise a list's colour, R4) and ``last_colour``, the colour its
    progress called for at the last review before any urgency step (so a lag
    raises the level when it crosses into yellow, not at every yellow review).

    >>> TaskSupervision("t-1", AttentionLevel.ATTENTION).on_schedule_streak
    0
    """

    item_id: str = attrs.field(validator=non_blank)
    level: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    on_schedule_streak: int = attrs.field(default=0, validator=int_between(0, None))
    last_reviewed: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(plain_date)
    )
    profile: TaskProfile | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(TaskProfile))
    )
    last_colour: Colour = attrs.field(default=Colour.NONE, validator=instance_of(Colour))


def place(
    item_id: str, profile: TaskProfile, policy: ClassificationPolicy = ClassificationPolicy()
) -> TaskSupervision:
    """A task's first supervision state: the level its profile classifies to (R18).

    >>> place("t-1", TaskProfile(urgency=3, importance=3, workload=2, difficulty=2)).level
    <AttentionLevel.ATTENTION: 'attention'>
    """
    return TaskSupervision(item_id, classify(profile, policy).level, profile=profile)


@attrs.frozen
class LevelChange:
    """A task moved from one level to another on a review day, and why (R18).

    >>> change = LevelChange("t-1", dt.date(2026, 5, 29), AttentionLevel.ATTENTION,
    ...                      AttentionLevel.SPECIAL, "红色督办清单:超过期限未办结")
    >>> change.rule, change.after > change.before
    ('R18', True)
    """

    item_id: str = attrs.field(validator=non_blank)
    day: dt.date = attrs.field(validator=plain_date)
    before: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    after: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    reason: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(default="R18", validator=non_blank)


def review_level(
    state: TaskSupervision,
    progress: ProgressState,
    verdict: ColourVerdict,
    day: dt.date,
    policy: AttentionPolicy = AttentionPolicy(),
) -> tuple[TaskSupervision, LevelChange | None]:
    """The task's state after the review on ``day``, and the level change if any (R18).

    ``verdict`` is the task's colour on ``day`` (:func:`~qingdan_core.colours.colour_for`);
    the decision uses its :attr:`~qingdan_core.colours.ColourVerdict.lag_colour`,
    the colour of the lag and overdue state before any urgency step.
    Red (lag > ``red_above`` or overdue) → 特别关注. A lag that crosses into
    yellow (``state.last_colour`` below yellow) or missed reports → one level
    up (capped at ``policy.yellow_ceiling``, never down); a lag that stays
    yellow changes nothing. Otherwise the review is on schedule and
    ``policy.calm_reviews`` such reviews in a row lower the level one step.
    A second review on the same day returns the state unchanged.

    :raises ValidationError: when ``day`` is before the state's last review,
        or naming the argument of a wrong type.

    >>> from qingdan_core.colours import colour_for
    >>> behind = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.38"), workdays_left=40)
    >>> state = TaskSupervision("t-1", AttentionLevel.GENERAL)
    >>> state, change = review_level(state, behind, colour_for(behind), dt.date(2026, 3, 31))
    >>> print(change.before.label, "→", change.after.label, change.rule, change.reason)
    一般关注 → 关注 R18 黄色督办清单:落后序时进度 12 个百分点(≥10)
    >>> review_level(state, behind, colour_for(behind), dt.date(2026, 4, 30))  # still yellow
    (TaskSupervision(item_id='t-1', level=<AttentionLevel.ATTENTION: 'attention'>, on_schedule_streak=0, last_reviewed=datetime.date(2026, 4, 30), profile=None, last_colour=<Colour.YELLOW: 'yellow'>), None)
    """
    require("state", state, TaskSupervision)
    require("progress", progress, ProgressState)
    require("verdict", verdict, ColourVerdict)
    require("day", day, dt.date)
    require("policy", policy, AttentionPolicy)
    if state.last_reviewed is not None:
        if day == state.last_reviewed:
            return state, None
        if day < state.last_reviewed:
            raise ValidationError(
                "day", f"{day} is before the last review {state.last_reviewed} of {state.item_id}"
            )
    colour = verdict.lag_colour
    level, streak, reasons = state.level, 0, []
    crossed = colour is Colour.YELLOW and state.last_colour < Colour.YELLOW
    if colour is Colour.RED:
        level = AttentionLevel.SPECIAL
        reasons.append(f"{colour.list_name}:{verdict.lag_reason}")
    elif crossed or progress.missed_reports:
        if crossed:
            reasons.append(f"{colour.list_name}:{verdict.lag_reason}")
        if progress.missed_reports:
            reasons.append(f"本期漏报进度 {progress.missed_reports} 次")
        if level < policy.yellow_ceiling:
            level = level.step(1)
    elif colour < Colour.YELLOW:
        streak = state.on_schedule_streak + 1
        if streak >= policy.calm_reviews and level > AttentionLevel.GENERAL:
            level, streak = level.step(-1), 0
            reasons.append(f"连续 {policy.calm_reviews} 次督考按序时进度推进,降一级")
    after = TaskSupervision(state.item_id, level, streak, day, state.profile, colour)
    if level is state.level:
        return after, None
    return after, LevelChange(state.item_id, day, state.level, level, ";".join(reasons))


@attrs.frozen
class SupervisionPlan:
    """A task's supervision mode, inspection frequency and next inspection dates (R18).

    Built by :func:`plan_inspections`. ``provisional`` says a date was counted
    across a provisional day of the calendar (暂按法定节假日推算, issue 13).

    >>> SupervisionPlan("t-1", AttentionLevel.GENERAL, SupervisionMode.REPORTED,
    ...                 InspectionFrequency.MONTHLY, ("2026-06-01",))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: next_dates[0]: expected date, got str '2026-06-01'
    """

    item_id: str = attrs.field(validator=non_blank)
    level: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    mode: SupervisionMode = attrs.field(validator=instance_of(SupervisionMode))
    frequency: InspectionFrequency = attrs.field(validator=instance_of(InspectionFrequency))
    next_dates: tuple[dt.date, ...] = attrs.field(validator=tuple_of(dt.date))
    rule: str = attrs.field(default="R18", validator=non_blank)
    provisional: bool = attrs.field(default=False, validator=instance_of(bool))


def _nominal(after: dt.date, frequency: InspectionFrequency, k: int) -> dt.date:
    if frequency is InspectionFrequency.WEEKLY:
        return after + dt.timedelta(days=7 * k)
    if frequency is InspectionFrequency.BIWEEKLY:
        return after + dt.timedelta(days=14 * k)
    months = after.year * 12 + after.month - 1 + k
    year, month = divmod(months, 12)
    last = _gregorian.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(after.day, last))


def plan_inspections(
    item_id: str,
    level: AttentionLevel,
    after: dt.date,
    calendar: WorkCalendar,
    count: int = 3,
    policy: AttentionPolicy = AttentionPolicy(),
) -> SupervisionPlan:
    """The next ``count`` inspection dates strictly after ``after``, on working days (R18).

    Every working day for 驻点督考; otherwise one week, two weeks or a month on
    from ``after`` (the same day of the month, or the month's last day), moved
    to the next working day when it falls on a weekend or holiday.

    :raises CalendarCoverageError: when a date falls outside the calendar.
    :raises ValidationError: when ``count`` < 1, or naming the argument of a wrong type.

    >>> from qingdan_core.calendar import china
    >>> plan = plan_inspections("t-1", AttentionLevel.KEY, dt.date(2026, 9, 24), china())
    >>> plan.mode.value, plan.frequency.value
    ('挂账督考', '每周')
    >>> [d.isoformat() for d in plan.next_dates]  # 10-01 falls in the National Day holiday
    ['2026-10-08', '2026-10-15', '2026-10-22']
    >>> plan_inspections("t-1", AttentionLevel.KEY, dt.date(2026, 12, 20), china(provisional_until=2027)).provisional
    True
    """
    require("item_id", item_id, str)
    require("level", level, AttentionLevel)
    require("after", after, dt.date)
    require("calendar", calendar, WorkCalendar)
    require_int("count", count, 1)
    require("policy", policy, AttentionPolicy)
    frequency = policy.frequency(level)
    dates: list[dt.date] = []
    k = 0
    while len(dates) < count:
        k += 1
        if frequency is InspectionFrequency.DAILY:
            day = calendar.add_workdays(dates[-1] if dates else after, 1)
        else:
            day = calendar.add_workdays(_nominal(after, frequency, k), 0)
        if not dates or day > dates[-1]:
            dates.append(day)
    return SupervisionPlan(
        item_id,
        level,
        level.mode,
        frequency,
        tuple(dates),
        provisional=calendar.is_provisional(dates[-1]),
    )


@attrs.frozen
class PyramidViolation:
    """In one scope, a higher level holds more tasks than the level below it (R18).

    Found by :func:`check_pyramid`; ``scope`` is :data:`COUNTY` or ``unit:<id>``.

    >>> [v.scope for v in check_pyramid([("u-1", AttentionLevel.ATTENTION)])]
    ['county']
    """

    scope: str = attrs.field(validator=non_blank)
    higher: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    higher_count: int = attrs.field(validator=int_between(0, None))
    lower: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    lower_count: int = attrs.field(validator=int_between(0, None))
    reason: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(default="R18", validator=non_blank)


def _violations(scope: str, counts: list[int]) -> list[PyramidViolation]:
    """The violations in one scope, from its task counts by level rank."""
    found = []
    for lower, higher in itertools.pairwise(AttentionLevel):
        low, high = counts[lower.rank], counts[higher.rank]
        if high > low:
            reason = f"{higher.label} {high} 项多于 {lower.label} {low} 项,不符合金字塔结构"
            found.append(PyramidViolation(scope, higher, high, lower, low, reason))
    return found


def check_pyramid(
    placements: Iterable[tuple[str, AttentionLevel]], policy: AttentionPolicy = AttentionPolicy()
) -> tuple[PyramidViolation, ...]:
    """Every place where a level holds more tasks than the level below it (R18).

    ``placements`` are (responsible unit id, level) pairs, one per task. The
    county-wide check (scope :data:`COUNTY`) comes first; with
    ``policy.unit_pyramids`` each unit (scope ``unit:<id>``) follows in id order.

    :raises ValidationError: naming the argument or placement of a wrong type.

    >>> tasks = [("u-1", AttentionLevel.GENERAL), ("u-2", AttentionLevel.KEY)]
    >>> [(v.scope, v.higher.label, v.higher_count, v.lower_count) for v in check_pyramid(tasks)]
    [('county', '重点关注', 1, 0)]
    >>> [v.scope for v in check_pyramid(tasks, AttentionPolicy(unit_pyramids=True))]
    ['county', 'unit:u-2']
    >>> check_pyramid([("u-1", "重点关注")])
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: placements[0]: expected a (unit id, AttentionLevel) pair, got ('u-1', '重点关注')
    """
    require("placements", placements, Iterable)
    require("policy", policy, AttentionPolicy)
    county = [0] * len(AttentionLevel)
    units: dict[str, list[int]] = {}
    for i, placement in enumerate(placements):
        if not (
            isinstance(placement, tuple)
            and len(placement) == 2
            and isinstance(placement[0], str)
            and isinstance(placement[1], AttentionLevel)
        ):
            raise ValidationError(
                f"placements[{i}]",
                f"expected a (unit id, AttentionLevel) pair, got {placement!r}",
            )
        unit_id, level = placement
        county[level.rank] += 1
        if policy.unit_pyramids:
            units.setdefault(unit_id, [0] * len(AttentionLevel))[level.rank] += 1
    found = _violations(COUNTY, county)
    for unit_id in sorted(units):
        found.extend(_violations(f"unit:{unit_id}", units[unit_id]))
    return tuple(found)
