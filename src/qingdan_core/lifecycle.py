"""The four steps 建单 → 办单 → 评单 → 用单 as stages, guarded transitions and events (R7).

A list is drafted and published (建单), carried out (办单), assessed and
signed (评单), then its results are used and it is filed to the archive
(用单) — only in that order, one stage at a time. Each transition checks its
guards and returns the new value plus a :class:`LifecycleEvent` saying who,
when, from which stage, to which, and why. :func:`replay` folds the events
back onto the drafted list and reproduces its state. "Now" is always a
parameter (a timezone-aware datetime); nothing here reads the clock. The
day "now" falls on is taken in ``zone`` (Asia/Shanghai by default); given a
working-day ``calendar``, assessment opens on the period's last working day
(the day :func:`qingdan_core.rhythm.month_schedule` makes it due, R3).

Edits to a list's content are allowed only in some stages (items while
drafting, progress while publishing or carrying out, nothing from assessment
on): :func:`require_editable` is the one check, used by
:mod:`qingdan_core.lists`.

>>> import datetime as dt
>>> from qingdan_core.lists import Checklist, ListItem
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.periods import Month
>>> draft = Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11),
...                   (ListItem("i-1", "完成征管月报", dt.date(2026, 11, 1), dt.date(2026, 11, 20)),))
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
>>> published, event = publish(draft, actor_id="p-7", now=at, reason="月初建单")
>>> published.stage.label, event.from_stage.value, event.to_stage.value
('已发布', 'drafted', 'published')
>>> sign(published, actor_id="p-head", now=at, reason="审核")
Traceback (most recent call last):
...
qingdan_core.errors.InvalidTransitionError: cannot sign L-1 in stage 'published'; allowed from there: start
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar, cast
from zoneinfo import ZoneInfo

import attrs
from attrs import AttrsInstance

from qingdan_core._checks import aware_datetime, instance_of, non_blank, require
from qingdan_core._labelled import LabelledEnum
from qingdan_core.calendar import WorkCalendar
from qingdan_core.errors import InvalidTransitionError, ValidationError
from qingdan_core.periods import Period
from qingdan_core.rhythm import last_workday

__all__ = [
    "CHINA_TIME",
    "Edit",
    "LifecycleEvent",
    "Stage",
    "Staged",
    "Step",
    "Transition",
    "advance",
    "allowed_transitions",
    "assess",
    "file",
    "publish",
    "replay",
    "require_editable",
    "sign",
    "start",
    "use",
]

CHINA_TIME: dt.tzinfo = ZoneInfo("Asia/Shanghai")
"""The default time zone in which "now" is read as a day: China Standard Time."""


class Step(enum.Enum):
    """The four steps of 四步走 (R7), in order."""

    BUILD = "建单"
    DO = "办单"
    EVALUATE = "评单"
    USE = "用单"


class Stage(LabelledEnum):
    """Where a list is in its life (R7). Values are stable English codes.

    >>> Stage.SIGNED.label, Stage.SIGNED.step.value, Stage.SIGNED.is_signed
    ('已签字', '评单', True)
    """

    DRAFTED = "drafted", "草拟"
    PUBLISHED = "published", "已发布"
    IN_PROGRESS = "in_progress", "办理中"
    ASSESSED = "assessed", "已评定"
    SIGNED = "signed", "已签字"
    USED = "used", "已运用"
    FILED = "filed", "已归档"

    @property
    def step(self) -> Step:
        """Which of the four steps the stage belongs to."""
        return _STAGE_STEPS[self]

    @property
    def is_signed(self) -> bool:
        """Whether the list has been signed, so its content is final (R5)."""
        return self in (Stage.SIGNED, Stage.USED, Stage.FILED)


_STAGE_STEPS = {
    Stage.DRAFTED: Step.BUILD,
    Stage.PUBLISHED: Step.BUILD,
    Stage.IN_PROGRESS: Step.DO,
    Stage.ASSESSED: Step.EVALUATE,
    Stage.SIGNED: Step.EVALUATE,
    Stage.USED: Step.USE,
    Stage.FILED: Step.USE,
}


class Transition(LabelledEnum):
    """A step from one stage to the next (R7). Values are stable English codes.

    >>> Transition.ASSESS.source.value, Transition.ASSESS.target.value, Transition.FILE.label
    ('in_progress', 'assessed', '归档')
    """

    PUBLISH = "publish", "发布"
    START = "start", "办理"
    ASSESS = "assess", "评定"
    SIGN = "sign", "审核签字"
    USE = "use", "结果运用"
    FILE = "file", "归档"

    @property
    def source(self) -> Stage:
        """The only stage this transition leaves."""
        return _MOVES[self][0]

    @property
    def target(self) -> Stage:
        """The stage this transition enters."""
        return _MOVES[self][1]


_MOVES = {
    Transition.PUBLISH: (Stage.DRAFTED, Stage.PUBLISHED),
    Transition.START: (Stage.PUBLISHED, Stage.IN_PROGRESS),
    Transition.ASSESS: (Stage.IN_PROGRESS, Stage.ASSESSED),
    Transition.SIGN: (Stage.ASSESSED, Stage.SIGNED),
    Transition.USE: (Stage.SIGNED, Stage.USED),
    Transition.FILE: (Stage.USED, Stage.FILED),
}


class Edit(enum.Enum):
    """A change to a list's content, allowed only in some stages (R7, R10).

    >>> [s.value for s in Edit.REPORT.stages]
    ['published', 'in_progress']
    """

    DRAFT_ITEMS = "draft items"
    REPORT = "report progress"

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stages in which this edit is allowed."""
        if self is Edit.DRAFT_ITEMS:
            return (Stage.DRAFTED,)
        return (Stage.PUBLISHED, Stage.IN_PROGRESS)


class Staged(AttrsInstance, Protocol):
    """What the lifecycle needs of a record: an id, a stage, items and a period."""

    @property
    def list_id(self) -> str:
        """The record's id."""

    @property
    def stage(self) -> Stage:
        """Where the record is in its life."""

    @property
    def items(self) -> Sequence[object]:
        """The record's items (an empty list is never published)."""

    @property
    def period(self) -> Period:
        """The record's period (assessment waits for its end, R3)."""


R = TypeVar("R", bound=Staged)


def _check_move(event: LifecycleEvent, _attribute: object, to_stage: Stage) -> None:
    instance_of(Stage)(event, attrs.fields(LifecycleEvent).to_stage, to_stage)
    move = event.transition
    if (event.from_stage, to_stage) != (move.source, move.target):
        raise ValidationError(
            "to_stage",
            f"{move.value} goes from {move.source.value} to {move.target.value}, "
            f"not {event.from_stage.value} to {to_stage.value}",
        )


@attrs.frozen
class LifecycleEvent:
    """One transition of one list: who, when, from, to and why (R7).

    :raises ValidationError: when the stages do not match the transition, the
        instant is naive, or a text field is blank.

    >>> import datetime as dt
    >>> LifecycleEvent("L-1", Transition.SIGN, "p-head",
    ...                dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
    ...                Stage.IN_PROGRESS, Stage.SIGNED, "跳过评定")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: to_stage: sign goes from assessed to signed, not in_progress to signed
    """

    list_id: str = attrs.field(validator=non_blank)
    transition: Transition = attrs.field(validator=instance_of(Transition))
    actor_id: str = attrs.field(validator=non_blank)
    at: dt.datetime = attrs.field(validator=aware_datetime)
    from_stage: Stage = attrs.field(validator=instance_of(Stage))
    to_stage: Stage = attrs.field(validator=_check_move)
    reason: str = attrs.field(validator=non_blank)


def allowed_transitions(stage: Stage) -> tuple[Transition, ...]:
    """The transitions allowed from ``stage``: the next one, or none at the end (R7).

    >>> [t.value for t in allowed_transitions(Stage.ASSESSED)], allowed_transitions(Stage.FILED)
    (['sign'], ())
    """
    return tuple(t for t in Transition if t.source is stage)


def _refuse(record: Staged, action: str, reason: str = "") -> InvalidTransitionError:
    allowed = (t.value for t in allowed_transitions(record.stage))
    return InvalidTransitionError(record.list_id, record.stage.value, action, allowed, reason)


def advance(
    record: R,
    transition: Transition,
    *,
    actor_id: str,
    now: dt.datetime,
    reason: str,
    calendar: WorkCalendar | None = None,
    zone: dt.tzinfo = CHINA_TIME,
) -> tuple[R, LifecycleEvent]:
    """``record`` moved by ``transition``, and the event recording the move (R7).

    Guards: the record must be in the transition's source stage; a list with
    no items is not published; a list is not assessed before its period has
    ended (月末, R3): with a working-day ``calendar``, from the period's last
    working day on (:func:`qingdan_core.rhythm.last_workday`, the day the
    default rhythm makes the assessment due); without one, from its last
    day. ``now`` is read as a day in ``zone`` (Asia/Shanghai by default).
    Who may make the move is decided separately by
    :func:`qingdan_core.authority.require`.

    :raises InvalidTransitionError: naming the stage and the allowed transitions.
    :raises ValidationError: for a naive ``now``, a blank actor or reason, or
        a ``calendar`` or ``zone`` of the wrong type.
    :raises CalendarCoverageError: when assessing with a ``calendar`` that
        does not cover the period's end.

    >>> import datetime as dt
    >>> from qingdan_core.lists import Checklist
    >>> from qingdan_core.ledger import Subject
    >>> from qingdan_core.periods import Month
    >>> empty = Checklist("L-2", "task", Subject.person("p-7"), Month(2026, 11))
    >>> at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
    >>> advance(empty, Transition.PUBLISH, actor_id="p-7", now=at, reason="建单")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.InvalidTransitionError: cannot publish L-2 in stage 'drafted'; allowed from there: publish (a list with no items is not published)
    """
    if calendar is not None:
        require("calendar", calendar, WorkCalendar)
    require("zone", zone, dt.tzinfo)
    if record.stage is not transition.source:
        raise _refuse(record, transition.value)
    event = LifecycleEvent(
        record.list_id, transition, actor_id, now, record.stage, transition.target, reason
    )
    if transition is Transition.PUBLISH and not record.items:
        raise _refuse(record, transition.value, "a list with no items is not published")
    if transition is Transition.ASSESS:
        _check_period_ended(record, now.astimezone(zone).date(), calendar)
    moved: R = attrs.evolve(cast(Any, record), stage=transition.target)
    return moved, event


def _check_period_ended(record: Staged, today: dt.date, calendar: WorkCalendar | None) -> None:
    """Refuse the assessment of ``record`` on ``today`` if its period has not ended (R3)."""
    period = record.period
    if calendar is None:
        opens, which = period.end, "last day"
    else:
        opens, which = last_workday(period, calendar), "last working day"
    if today < opens:
        raise _refuse(
            record,
            Transition.ASSESS.value,
            f"no assessment before the period ends: today is {today.isoformat()}, "
            f"the period's {which} is {opens.isoformat()} (R3)",
        )


def publish(record: R, *, actor_id: str, now: dt.datetime, reason: str) -> tuple[R, LifecycleEvent]:
    """建单: a drafted list published (see :func:`advance` for guards and errors, R7).

    >>> Transition.PUBLISH.source.value
    'drafted'
    """
    return advance(record, Transition.PUBLISH, actor_id=actor_id, now=now, reason=reason)


def start(record: R, *, actor_id: str, now: dt.datetime, reason: str) -> tuple[R, LifecycleEvent]:
    """办单: a published list being carried out (see :func:`advance`, R7, R10).

    >>> Transition.START.target.step.value
    '办单'
    """
    return advance(record, Transition.START, actor_id=actor_id, now=now, reason=reason)


def assess(
    record: R,
    *,
    actor_id: str,
    now: dt.datetime,
    reason: str,
    calendar: WorkCalendar | None = None,
    zone: dt.tzinfo = CHINA_TIME,
) -> tuple[R, LifecycleEvent]:
    """评单: a list assessed once its period has ended (see :func:`advance`, R3, R7).

    With a working-day ``calendar`` that is from the period's last working
    day, the day :func:`qingdan_core.rhythm.month_schedule` makes the
    month-end assessment due; without one, from its last day.

    >>> import datetime as dt
    >>> from qingdan_core.calendar import china
    >>> from qingdan_core.lists import Checklist, ListItem
    >>> from qingdan_core.ledger import Subject
    >>> from qingdan_core.periods import Month
    >>> running = Checklist("L-4", "task", Subject.person("p-7"), Month(2026, 10),
    ...     (ListItem("i-1", "月报", dt.date(2026, 10, 8), dt.date(2026, 10, 30)),),
    ...     stage=Stage.IN_PROGRESS)
    >>> friday = dt.datetime(2026, 10, 30, 17, tzinfo=dt.timezone.utc)  # 10-31 is a Saturday
    >>> assess(running, actor_id="p-dep", now=friday, reason="月末考评", calendar=china())[0].stage
    <Stage.ASSESSED: 'assessed'>
    """
    return advance(
        record,
        Transition.ASSESS,
        actor_id=actor_id,
        now=now,
        reason=reason,
        calendar=calendar,
        zone=zone,
    )


def sign(record: R, *, actor_id: str, now: dt.datetime, reason: str) -> tuple[R, LifecycleEvent]:
    """评单: an assessed list signed; its content is final from now on (see :func:`advance`, R5).

    >>> Transition.SIGN.source.value
    'assessed'
    """
    return advance(record, Transition.SIGN, actor_id=actor_id, now=now, reason=reason)


def use(record: R, *, actor_id: str, now: dt.datetime, reason: str) -> tuple[R, LifecycleEvent]:
    """用单: a signed list's results used (see :func:`advance`, R7, R13).

    >>> Transition.USE.target.step.value
    '用单'
    """
    return advance(record, Transition.USE, actor_id=actor_id, now=now, reason=reason)


def file(record: R, *, actor_id: str, now: dt.datetime, reason: str) -> tuple[R, LifecycleEvent]:
    """用单: a used list filed to the archive, its final stage (see :func:`advance`, R5, R7).

    >>> allowed_transitions(Transition.FILE.target)
    ()
    """
    return advance(record, Transition.FILE, actor_id=actor_id, now=now, reason=reason)


def replay(
    initial: R,
    events: Iterable[LifecycleEvent],
    *,
    calendar: WorkCalendar | None = None,
    zone: dt.tzinfo = CHINA_TIME,
) -> R:
    """The state reached by applying ``events`` to ``initial``, in order (R7).

    Each event must be for this list, leave the stage the list is in, not be
    earlier than the event before it, and pass the same guards as when it
    was first made (give the ``calendar`` and ``zone`` it was made with).

    :raises InvalidTransitionError: when an event does not fit the stage reached.
    :raises ValidationError: when an event is for another list or out of
        time order (path ``events[i]...``).

    >>> import datetime as dt
    >>> from qingdan_core.lists import Checklist, ListItem
    >>> from qingdan_core.ledger import Subject
    >>> from qingdan_core.periods import Month
    >>> draft = Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11),
    ...                   (ListItem("i-1", "月报", dt.date(2026, 11, 1), dt.date(2026, 11, 20)),))
    >>> at = dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
    >>> done, e1 = publish(draft, actor_id="p-7", now=at, reason="建单")
    >>> done, e2 = start(done, actor_id="p-7", now=at, reason="办单")
    >>> replay(draft, [e1, e2]) == done
    True
    """
    record = initial
    previous: dt.datetime | None = None
    for i, event in enumerate(events):
        if event.list_id != record.list_id:
            raise ValidationError(
                f"events[{i}].list_id", f"event for {event.list_id!r}, not {record.list_id!r}"
            )
        if previous is not None and event.at < previous:
            raise ValidationError(
                f"events[{i}].at",
                f"{event.at.isoformat()} is earlier than the event before it "
                f"({previous.isoformat()})",
            )
        record, _ = advance(
            record,
            event.transition,
            actor_id=event.actor_id,
            now=event.at,
            reason=event.reason,
            calendar=calendar,
            zone=zone,
        )
        previous = event.at
    return record


def require_editable(record: Staged, edit: Edit) -> None:
    """Return None when ``edit`` is allowed in the record's stage; raise otherwise (R5, R7).

    Items are drafted only while the list is drafted (建单); progress,
    commitments and status are reported while it is published or in
    progress (办单, R10); from assessment on nothing changes, and after
    signature the record is final (R5).

    :raises InvalidTransitionError: naming the stage, the allowed transitions, and
        the stages in which the edit is allowed.

    >>> import datetime as dt
    >>> from qingdan_core.lists import Checklist
    >>> from qingdan_core.ledger import Subject
    >>> from qingdan_core.periods import Month
    >>> signed = Checklist("L-3", "task", Subject.person("p-7"), Month(2026, 11), stage=Stage.SIGNED)
    >>> require_editable(signed, Edit.REPORT)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.InvalidTransitionError: cannot report progress L-3 in stage 'signed'; allowed from there: use (only in stages published, in_progress; a signed record is final (R5))
    """
    if record.stage in edit.stages:
        return
    allowed = ", ".join(s.value for s in edit.stages)
    final = "; a signed record is final (R5)" if record.stage.is_signed else ""
    raise _refuse(record, edit.value, f"only in stages {allowed}{final}")
