"""The four steps 建单 → 办单 → 评单 → 用单 (R7): ordering, guards, events and replay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from qingdan_core import lifecycle
from qingdan_core.calendar import china
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import InvalidTransitionError, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lifecycle import (
    Edit,
    LifecycleEvent,
    Stage,
    Step,
    Transition,
    advance,
    allowed_transitions,
    replay,
    require_editable,
)
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.periods import Month, Week, Year
from qingdan_core.rhythm import month_schedule

CST = dt.timezone(dt.timedelta(hours=8))
CAL = china()
ORDER = list(Stage)
DRAFT = Checklist(
    "L-1",
    "task",
    Subject.person("p-7"),
    Month(2026, 11),
    (ListItem("i-1", "完成征管月报", dt.date(2026, 11, 1), dt.date(2026, 11, 20)),),
)
instants = st.datetimes(dt.datetime(2026, 10, 25), dt.datetime(2027, 1, 31), timezones=st.just(CST))


def _at(day: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, 10, 0, tzinfo=CST)


def _through(stage: Stage) -> tuple[Checklist, list[LifecycleEvent]]:
    record, events = DRAFT, []
    for transition in Transition:
        if record.stage is stage:
            break
        record, event = advance(record, transition, actor_id="p-x", now=_at(30), reason="依序")
        events.append(event)
    return record, events


def test_r7_stages_fall_into_the_four_steps_in_order() -> None:
    """R7: 建单 (drafted, published) → 办单 → 评单 (assessed, signed) → 用单 (used, filed)."""
    steps = [stage.step for stage in Stage]
    assert steps == sorted(steps, key=list(Step).index)
    assert [s.value for s in Step] == ["建单", "办单", "评单", "用单"]
    assert [t.target for t in Transition] == ORDER[1:]
    assert [t.source for t in Transition] == ORDER[:-1]


@given(st.lists(st.tuples(st.sampled_from(Transition), instants), max_size=12))
def test_r7_lists_move_only_forward_one_stage_at_a_time(
    attempts: list[tuple[Transition, dt.datetime]],
) -> None:
    """R7: any attempted sequence leaves the list at a stage reached only through every earlier one.

    An attempt out of order raises InvalidTransitionError naming the stage and the one allowed move.
    """
    record, events = DRAFT, []
    for transition, now in attempts:
        before = record.stage
        early = transition is Transition.ASSESS and now.date() < DRAFT.last_day
        if transition.source is not before or early:
            with pytest.raises(InvalidTransitionError) as caught:
                advance(record, transition, actor_id="p-x", now=now, reason="试")
            assert caught.value.stage == before.value
            assert caught.value.allowed == tuple(t.value for t in allowed_transitions(before))
            continue
        record, event = advance(record, transition, actor_id="p-x", now=now, reason="试")
        assert ORDER.index(record.stage) == ORDER.index(before) + 1
        assert (event.from_stage, event.to_stage, event.at) == (before, record.stage, now)
        events.append(event)
    assert [e.to_stage for e in events] == ORDER[1 : len(events) + 1]


@given(st.integers(0, len(Transition)), st.data())
def test_r7_replaying_the_events_reproduces_the_state(steps: int, data: st.DataObject) -> None:
    """R7: folding the recorded events onto the draft gives back the same list."""
    record, events = DRAFT, []
    now = _at(1)
    for transition in list(Transition)[:steps]:
        now = max(now, _at(30)) if transition is Transition.ASSESS else now
        now += dt.timedelta(minutes=data.draw(st.integers(0, 10_000)))
        record, event = advance(record, transition, actor_id="p-x", now=now, reason="依序")
        events.append(event)
    assert replay(DRAFT, events) == record
    restored = [structure(unstructure(e), LifecycleEvent) for e in events]
    assert replay(DRAFT, restored) == record


def test_r3_no_assessment_before_the_period_ends() -> None:
    """R3, R7: assessment waits for the period's last day, judged in China time."""
    running, _ = _through(Stage.IN_PROGRESS)
    with pytest.raises(InvalidTransitionError, match="R3") as caught:
        lifecycle.assess(running, actor_id="p-dep", now=_at(29), reason="月末考评")
    assert caught.value.allowed == ("assess",)
    # 16:30 UTC on 29 Nov is 00:30 on 30 Nov in Beijing: the last day has come.
    late = dt.datetime(2026, 11, 29, 16, 30, tzinfo=dt.UTC)
    assessed, event = lifecycle.assess(running, actor_id="p-dep", now=late, reason="月末考评")
    assert assessed.stage is Stage.ASSESSED
    assert event.actor_id == "p-dep"


@pytest.mark.parametrize("month", Year(2026).months(), ids=str)
def test_r3_r7_assessment_on_the_rhythms_due_day_every_month(month: Month) -> None:
    """R3, R7: with the calendar, assess succeeds on month_schedule's assessment_due.

    The due day is the month's last working day, often before its last calendar day;
    the day before it is still refused.
    """
    due = month_schedule(month, CAL).assessment_due
    running = attrs.evolve(DRAFT, list_id=f"L-{month}", period=month, stage=Stage.IN_PROGRESS)
    on_due = dt.datetime.combine(due, dt.time(17), CST)
    assessed, event = lifecycle.assess(
        running, actor_id="p-dep", now=on_due, reason="月末考评", calendar=CAL
    )
    assert (assessed.stage, event.at) == (Stage.ASSESSED, on_due)
    eve = dt.datetime.combine(CAL.add_workdays(due, -1), dt.time(23, 59), CST)
    with pytest.raises(InvalidTransitionError, match="last working day") as caught:
        lifecycle.assess(running, actor_id="p-dep", now=eve, reason="月末考评", calendar=CAL)
    assert due.isoformat() in str(caught.value)


def test_r3_a_week_without_working_days_is_assessed_from_its_last_day() -> None:
    """R3: a period with no working day (春节 week) opens on its last day, never before it starts."""
    week = attrs.evolve(DRAFT, period=Week(2026, 8), stage=Stage.IN_PROGRESS)
    saturday = dt.datetime(2026, 2, 21, 12, tzinfo=CST)
    with pytest.raises(InvalidTransitionError, match="2026-02-22"):
        lifecycle.assess(week, actor_id="p-dep", now=saturday, reason="周评", calendar=CAL)
    sunday = saturday + dt.timedelta(days=1)
    assert (
        lifecycle.assess(week, actor_id="p-dep", now=sunday, reason="周评", calendar=CAL)[0].stage
        is Stage.ASSESSED
    )


def test_r3_today_is_read_in_the_given_zone() -> None:
    """R3: the zone "now" is read in is a parameter, Asia/Shanghai by default."""
    running, _ = _through(Stage.IN_PROGRESS)
    late = dt.datetime(2026, 11, 29, 16, 30, tzinfo=dt.UTC)  # 00:30 on 30 Nov in Beijing
    assert (
        lifecycle.assess(running, actor_id="p-dep", now=late, reason="考评")[0].stage
        is Stage.ASSESSED
    )
    with pytest.raises(InvalidTransitionError, match="today is 2026-11-29"):
        lifecycle.assess(running, actor_id="p-dep", now=late, reason="考评", zone=dt.UTC)
    urumqi = ZoneInfo("Asia/Urumqi")  # UTC+6: still 29 Nov at 22:30
    with pytest.raises(InvalidTransitionError, match="today is 2026-11-29"):
        advance(running, Transition.ASSESS, actor_id="p-dep", now=late, reason="考评", zone=urumqi)
    assert ZoneInfo("Asia/Shanghai") == lifecycle.CHINA_TIME


def test_r3_r7_replay_applies_the_same_calendar_and_zone() -> None:
    """R7: replay re-checks the assessment guard with the calendar and zone it is given."""
    running = attrs.evolve(DRAFT, period=Month(2026, 10), stage=Stage.PUBLISHED)
    started, e1 = lifecycle.start(running, actor_id="p-7", now=_at(8, 10), reason="办单")
    friday = dt.datetime(2026, 10, 30, 17, tzinfo=CST)  # 10-31 is a Saturday
    _, e2 = lifecycle.assess(started, actor_id="p-dep", now=friday, reason="考评", calendar=CAL)
    assert replay(running, [e1, e2], calendar=CAL).stage is Stage.ASSESSED
    with pytest.raises(InvalidTransitionError, match="R3"):
        replay(running, [e1, e2])


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [({"calendar": "china"}, "calendar"), ({"zone": "Asia/Shanghai"}, "zone")],
)
def test_r7_bad_calendar_or_zone_is_a_validation_error(
    kwargs: dict[str, object], path: str
) -> None:
    """R7: a calendar or zone of the wrong type names the argument."""
    running, _ = _through(Stage.IN_PROGRESS)
    with pytest.raises(ValidationError) as caught:
        ill_typed(advance)(
            running, Transition.ASSESS, actor_id="p", now=_at(30), reason="评", **kwargs
        )
    assert caught.value.path == path


def test_r5_no_signature_before_assessment() -> None:
    """R5, R7: signing a list that is not assessed is refused, naming the allowed move."""
    running, _ = _through(Stage.IN_PROGRESS)
    with pytest.raises(InvalidTransitionError) as caught:
        lifecycle.sign(running, actor_id="p-head", now=_at(30), reason="签字")
    assert (caught.value.stage, caught.value.allowed) == ("in_progress", ("assess",))


def test_r7_empty_list_is_not_published() -> None:
    """R7: 建单 needs at least one item."""
    empty = Checklist("L-2", "task", Subject.person("p-7"), Month(2026, 11))
    with pytest.raises(InvalidTransitionError, match="no items"):
        lifecycle.publish(empty, actor_id="p-7", now=_at(1), reason="建单")


def test_r7_filed_is_final() -> None:
    """R7: after filing nothing is allowed."""
    filed, _ = _through(Stage.FILED)
    for transition in Transition:
        with pytest.raises(InvalidTransitionError, match="final stage"):
            advance(filed, transition, actor_id="p-x", now=_at(30, 12), reason="再动")


@pytest.mark.parametrize("function", [lifecycle.publish, lifecycle.start, lifecycle.assess,
                                      lifecycle.sign, lifecycle.use, lifecycle.file])  # fmt: skip
def test_r7_each_transition_function_makes_its_move(
    function: Callable[..., tuple[Any, LifecycleEvent]],
) -> None:
    """R7: publish, start, assess, sign, use and file each make exactly their transition."""
    transition = Transition(getattr(function, "__name__", ""))
    record, _ = _through(transition.source)
    moved, event = function(record, actor_id="p-x", now=_at(30), reason="依序")
    assert (moved.stage, event.transition) == (transition.target, transition)


def test_r7_replay_refuses_foreign_and_out_of_order_events() -> None:
    """Replay checks the list id, time order and stage of every event."""
    _, events = _through(Stage.IN_PROGRESS)
    other = Checklist("L-9", "task", Subject.person("p-7"), Month(2026, 11), DRAFT.items)
    with pytest.raises(ValidationError) as caught:
        replay(other, events)
    assert caught.value.path == "events[0].list_id"
    backwards = [events[0], LifecycleEvent("L-1", Transition.START, "p-x", _at(1) - dt.timedelta(days=5),
                                           Stage.PUBLISHED, Stage.IN_PROGRESS, "倒签")]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        replay(DRAFT, backwards)
    assert caught.value.path == "events[1].at"
    with pytest.raises(InvalidTransitionError):
        replay(DRAFT, events[1:])


def test_event_stages_must_match_the_transition() -> None:
    """An event's from/to stages are those of its transition."""
    with pytest.raises(ValidationError) as caught:
        LifecycleEvent("L-1", Transition.USE, "p", _at(1), Stage.ASSESSED, Stage.USED, "跳步")
    assert caught.value.path == "to_stage"


def test_now_must_be_timezone_aware() -> None:
    """ "Now" is an aware datetime; a naive one is a ValidationError."""
    with pytest.raises(ValidationError) as caught:
        lifecycle.publish(DRAFT, actor_id="p-7", now=dt.datetime(2026, 11, 1), reason="建单")
    assert caught.value.path == "at"


@pytest.mark.parametrize("stage", list(Stage))
def test_r5_r7_edits_only_in_their_stages(stage: Stage) -> None:
    """R7: items are drafted in 建单, progress reported in 办单; R5: nothing after signature."""
    record, _ = _through(stage)
    for edit in Edit:
        if stage in edit.stages:
            require_editable(record, edit)
        else:
            with pytest.raises(InvalidTransitionError) as caught:
                require_editable(record, edit)
            assert caught.value.stage == stage.value
            assert ("R5" in str(caught.value)) == stage.is_signed
