"""红黄蓝 supervision lists: which colour a task's state on a day calls for (R4).

R4 issues a supervision list (督办清单) in red, yellow or blue where work is
done poorly, by how urgent the matter is: red most urgent, blue least. The
default :class:`ColourPolicy` follows published practice (银川 2025, 宿迁 2025,
三明 2017; see R4 on the rules page): lag behind 序时进度 of 10–30 percentage
points → yellow, more than 30 points or overdue → red, not done and due within
a few working days → a blue reminder, on schedule → no list. An urgent matter raises the colour one step; the
attention level (R18) is decided on the colour before that step
(:attr:`ColourVerdict.lag_colour`).

Thresholds are compared with the exact lag (:attr:`ProgressState.lag`; 序时进度
is an exact fraction such as 89/364), never with a rounded one: 9.996 points
is no list and 30.004 points is red. Rounding half up to 2 decimals is for
display only (:attr:`ProgressState.rounded_lag`, :func:`display_points`). A
reason shows the rounded figure unless that figure would seem to contradict
the decision; then it says how the lag stands to the threshold instead
(``落后序时进度 超过 30 个百分点(>30)`` for 30.004, see :func:`lag_figure`).
All arithmetic runs in :func:`qingdan_core.rounding.exact`, so the caller's
:mod:`decimal` context does not change a result.

An unanswered list escalates blue → yellow → red at its own response
deadline; after red comes the 追责建议函 (R17) — see :func:`next_colour`.

>>> from decimal import Decimal
>>> state = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.35"), workdays_left=20)
>>> verdict = colour_for(state)
>>> verdict.colour, verdict.rule
(<Colour.YELLOW: 'yellow'>, 'R4')
>>> print(verdict.reason)
落后序时进度 15 个百分点(≥10)
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from qingdan_core._checks import (
    decimal_between,
    instance_of,
    int_between,
    non_blank,
    require,
    require_int,
)
from qingdan_core._labelled import LabelledEnum
from qingdan_core._ordered import OrderedEnum
from qingdan_core.errors import ValidationError
from qingdan_core.messages import text
from qingdan_core.rounding import Rounding, exact

__all__ = [
    "Colour",
    "ColourPolicy",
    "ColourVerdict",
    "ProgressState",
    "colour_for",
    "display_points",
    "lag_figure",
    "next_colour",
]

_PERCENT = decimal_between(Decimal(0), Decimal(100))
_SHARE = decimal_between(Decimal(0), Decimal(1))
_DISPLAY = Rounding()  # 2 decimals, ROUND_HALF_UP: how lags are shown (never compared)
_URGENT = text("reason.urgent")


class Colour(OrderedEnum, LabelledEnum):
    """The colour of a supervision list (R4), ordered NONE < BLUE < YELLOW < RED.

    Stored by its English code; ``label`` is the colour's Chinese name and
    :attr:`list_name` the list's. ``NONE`` (无) means no list is called for.

    >>> Colour.BLUE < Colour.RED, Colour.RED.value, Colour.RED.label
    (True, 'red', '红')
    """

    NONE = "none", "无"
    BLUE = "blue", "蓝"
    YELLOW = "yellow", "黄"
    RED = "red", "红"

    @property
    def list_name(self) -> str:
        """The list's Chinese name, e.g. 黄色督办清单 (无 for NONE).

        >>> Colour.YELLOW.list_name, Colour.NONE.list_name
        ('黄色督办清单', '无')
        """
        return "无" if self is Colour.NONE else f"{self.label}色督办清单"


def next_colour(colour: Colour) -> Colour | None:
    """The colour an unanswered list escalates to (R4); None after red (→ R17 letter).

    :raises ValidationError: for ``Colour.NONE``, which is not a list.

    >>> next_colour(Colour.BLUE), next_colour(Colour.YELLOW), next_colour(Colour.RED)
    (<Colour.YELLOW: 'yellow'>, <Colour.RED: 'red'>, None)
    """
    if colour is Colour.NONE:
        raise ValidationError(
            "colour", "no list to escalate from none (无)", allowed=("blue", "yellow", "red")
        )
    return None if colour is Colour.RED else colour.step(1)


def _lag_thresholds(policy: ColourPolicy, _attribute: object, red_above: Decimal) -> None:
    if red_above < policy.yellow_from:
        raise ValidationError(
            "red_above",
            f"must be at least yellow_from ({policy.yellow_from}), got {red_above}",
        )


@attrs.frozen
class ColourPolicy:
    """The thresholds that turn a progress state into a colour (R4).

    Defaults (R4, from 银川 2025, 宿迁 2025, 三明 2017): yellow from a lag
    of ``yellow_from`` = 10 pp, red above ``red_above`` = 30 pp or when overdue,
    blue when not done and due within ``blue_within`` = 3 working days, and an
    urgency score of ``urgent_from`` = 5 or more (on the 1–5 scale of
    :class:`~qingdan_core.attention.TaskProfile`) raises any list one colour.

    :raises ValidationError: when ``red_above`` < ``yellow_from`` or a field is
        out of range.

    >>> ColourPolicy(yellow_from=Decimal(20), red_above=Decimal(10))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: red_above: must be at least yellow_from (20), got 10
    """

    yellow_from: Decimal = attrs.field(default=Decimal(10), validator=_PERCENT)
    red_above: Decimal = attrs.field(default=Decimal(30), validator=[_PERCENT, _lag_thresholds])
    blue_within: int = attrs.field(default=3, validator=int_between(0, 250))
    urgent_from: int = attrs.field(default=5, validator=int_between(1, 6))


@attrs.frozen
class ProgressState:
    """What the colour and attention rules need to know about a task on a day.

    ``expected`` is the 序时进度 and ``actual`` the reported progress, both as
    shares from 0 to 1 (as in :mod:`qingdan_core.deadlines`); ``workdays_left`` counts working days after the day up to the
    (effective) due date, 0 when due today; ``overdue`` is set once the due
    date has passed with the task not done; ``missed_reports`` counts progress
    reports not sent this period (R21). Build it with
    :func:`qingdan_core.review.assess_task` from a task and the calendar.

    When the due date lies past the calendar's coverage,
    :func:`~qingdan_core.review.assess_task` counts ``workdays_left`` only up to
    the coverage's end (a lower bound), and only where the exact count could
    not change the colour (R4).

    >>> ProgressState(expected=Decimal("0.4"), actual=Decimal("0.55"), workdays_left=9).lag
    Decimal('-15.00')
    >>> near = ProgressState(expected=Decimal("0.39996"), actual=Decimal("0.3"), workdays_left=9)
    >>> near.lag, near.rounded_lag, colour_for(near).colour  # below 10 pp: no list
    (Decimal('9.99600'), Decimal('10.00'), <Colour.NONE: 'none'>)
    """

    expected: Decimal = attrs.field(validator=_SHARE)
    actual: Decimal = attrs.field(validator=_SHARE)
    workdays_left: int = attrs.field(validator=int_between(0, None))
    overdue: bool = attrs.field(default=False, validator=instance_of(bool))
    done: bool = attrs.field(default=False, validator=instance_of(bool))
    missed_reports: int = attrs.field(default=0, validator=int_between(0, None))

    @property
    def lag(self) -> Decimal:
        """Percentage points behind 序时进度, exact (negative: ahead) (R16).

        The same value as :func:`qingdan_core.deadlines.lag_points`, computed
        in ``Decimal`` (both shares are decimals, so the result is exact).
        """
        with exact():
            return (self.expected - self.actual) * 100

    @property
    def rounded_lag(self) -> Decimal:
        """:attr:`lag` rounded half up to 2 decimals, for display only (R16).

        The colour thresholds (R4) are applied to the exact :attr:`lag`:
        30.004 pp shows as 30.00 and is red.
        """
        return _DISPLAY.apply(self.lag)


def _raised_list(verdict: ColourVerdict, _attribute: object, urgent: bool) -> None:
    if urgent and verdict.colour < Colour.YELLOW:
        raise ValidationError(
            "urgent", f"urgency raises a list to yellow or red, not to {verdict.colour.label}"
        )


@attrs.frozen
class ColourVerdict:
    """The colour a state calls for, why, and the rule that says so (R4).

    ``urgent`` is set when an urgent matter raised the colour one step; the
    attention review (R18) looks at :attr:`lag_colour`, the colour before it.

    :raises ValidationError: when ``urgent`` is set on less than a yellow list.

    >>> ColourVerdict(Colour.NONE, "按序时进度推进").rule
    'R4'
    >>> raised = colour_for(ProgressState(expected=Decimal("0.5"), actual=Decimal("0.39"),
    ...                                   workdays_left=40), urgency=5)
    >>> raised.colour.label, raised.urgent, raised.lag_colour.label, raised.lag_reason
    ('红', True, '黄', '落后序时进度 11 个百分点(≥10)')
    """

    colour: Colour = attrs.field(validator=instance_of(Colour))
    reason: str = attrs.field(validator=non_blank)
    rule: str = attrs.field(default="R4", validator=non_blank)
    urgent: bool = attrs.field(default=False, validator=[instance_of(bool), _raised_list])

    @property
    def lag_colour(self) -> Colour:
        """The colour the progress state alone calls for, before the urgency step (R4, R18)."""
        return self.colour.step(-1) if self.urgent else self.colour

    @property
    def lag_reason(self) -> str:
        """The reason for :attr:`lag_colour`, without the urgency note."""
        return self.reason.removesuffix(_URGENT) if self.urgent else self.reason


_DONE = ColourVerdict(Colour.NONE, text("reason.done"))
_ON_SCHEDULE = ColourVerdict(Colour.NONE, text("reason.on_schedule"))


def display_points(points: Decimal) -> Decimal:
    """``points`` for display: rounded half up to 2 decimals, trailing zeros dropped.

    The rounding is :class:`qingdan_core.rounding.Rounding` (2 places,
    ``ROUND_HALF_UP``); the caller's :mod:`decimal` context plays no part.

    >>> display_points(Decimal("6.665")), display_points(Decimal("15.00")), display_points(Decimal("-0.5"))
    (Decimal('6.67'), Decimal('15'), Decimal('-0.5'))
    """
    return _DISPLAY.exact(_DISPLAY.apply(points))


def lag_figure(points: Decimal, bound: Decimal, *, strict: bool = False) -> str:
    """How a reason shows a lag of ``points`` that reaches ``bound`` (exceeds it if ``strict``) (R4).

    Normally :func:`display_points` of ``points``. Where that rounded figure
    would not itself reach (exceed) ``bound`` — 30.004 pp shows as 30, which
    is not more than 30 — the figure says so instead: ``超过 30``, or
    ``不少于 10.005`` for a bound of more than 2 places. The caller has
    already compared the exact ``points`` with ``bound``.

    >>> lag_figure(Decimal("15.004"), Decimal(10)), lag_figure(Decimal("10"), Decimal(10))
    ('15', '10')
    >>> lag_figure(Decimal("30.004"), Decimal(30), strict=True)
    '超过 30'
    >>> lag_figure(Decimal("10.004"), Decimal("10.005"))
    '不少于 10.005'
    """
    shown = display_points(points)
    if shown > bound or (shown == bound and not strict):
        return str(shown)
    return text("reason.lag.more_than" if strict else "reason.lag.at_least", bound=bound)


def colour_for(
    state: ProgressState, policy: ColourPolicy = ColourPolicy(), urgency: int | None = None
) -> ColourVerdict:
    """The list colour for ``state`` under ``policy`` (R4), with its reason.

    Done → none; overdue or lag > ``red_above`` → red; lag ≥ ``yellow_from`` →
    yellow; due within ``blue_within`` working days → blue; else none. The lag
    compared is the exact :attr:`ProgressState.lag`; the reason shows it as
    :func:`lag_figure` does. When ``urgency`` (1–5) ≥ ``policy.urgent_from`` a list (not "none") is
    raised one colour and the verdict is marked ``urgent``. More lag never
    gives a lower colour.

    :raises ValidationError: naming the argument, when ``state`` is not a
        :class:`ProgressState`, ``policy`` not a :class:`ColourPolicy` or
        ``urgency`` not None or an int from 1 to 5.

    >>> edge = ProgressState(expected=Decimal("0.6"), actual=Decimal("0.3"), workdays_left=30)
    >>> colour_for(edge).colour  # exactly 30 pp is still yellow
    <Colour.YELLOW: 'yellow'>
    >>> colour_for(edge, urgency=5).reason
    '落后序时进度 30 个百分点(≥10);事态紧急,升一级'
    >>> past = ProgressState(expected=Decimal("0.60004"), actual=Decimal("0.3"), workdays_left=30)
    >>> colour_for(past).colour, colour_for(past).reason  # 30.004 pp: more than 30
    (<Colour.RED: 'red'>, '落后序时进度 超过 30 个百分点(>30)')
    >>> colour_for(ProgressState(expected=Decimal("0.9"), actual=Decimal("0.9"), workdays_left=0)).colour
    <Colour.BLUE: 'blue'>
    >>> colour_for(edge, urgency="5")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: urgency: expected int, got str '5'
    """
    require("state", state, ProgressState)
    require("policy", policy, ColourPolicy)
    if urgency is not None:
        require_int("urgency", urgency, 1, 5)
    lag = state.lag
    red, yellow = policy.red_above, policy.yellow_from
    if state.done:
        return _DONE
    if state.overdue:
        colour, reason = Colour.RED, text("reason.overdue")
    elif lag > red:
        colour = Colour.RED
        reason = text("reason.red", lag=lag_figure(lag, red, strict=True), bound=red)
    elif lag >= yellow:
        colour = Colour.YELLOW
        reason = text("reason.yellow", lag=lag_figure(lag, yellow), bound=yellow)
    elif state.workdays_left <= policy.blue_within:
        colour = Colour.BLUE
        reason = text("reason.blue", left=state.workdays_left, within=policy.blue_within)
    else:
        return _ON_SCHEDULE
    if urgency is not None and urgency >= policy.urgent_from and colour is not Colour.RED:
        return ColourVerdict(colour.step(1), reason + _URGENT, urgent=True)
    return ColourVerdict(colour, reason)
