"""The month-end review (R15, R19): levels, notices, escalation, the two lists and the 专报."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _ill_typed import ill_typed
from _samples import NEXT_YEAR_NOTICE
from qingdan_core.attention import (
    AttentionLevel,
    AttentionPolicy,
    TaskProfile,
    TaskSupervision,
    place,
)
from qingdan_core.calendar import WorkCalendar, china, loads_notices
from qingdan_core.codec import structure, unstructure
from qingdan_core.colours import Colour, ColourPolicy
from qingdan_core.deadlines import Milestone
from qingdan_core.errors import CalendarCoverageError, ValidationError
from qingdan_core.ledger import EntryKind, Subject
from qingdan_core.lists import ItemStatus, ListItem, ProgressReport
from qingdan_core.notices import (
    Notice,
    NoticeKind,
    NoticeStatus,
    Serial,
    answer,
    check_unique_serials,
    issue,
)
from qingdan_core.periods import Month
from qingdan_core.review import (
    MonthEndReview,
    MonthlyListKind,
    ReviewPolicy,
    assess_task,
    month_end_review,
)
from qingdan_core.rounding import exact

CAL = china()
MARCH_END = dt.date(2026, 3, 31)


def _task(
    item_id: str = "t-1",
    progress: str = "0.2",
    *,
    reported: dt.date = dt.date(2026, 3, 20),
    start: dt.date = dt.date(2026, 1, 1),
    due: dt.date = dt.date(2026, 12, 31),
    unit: str = "u-fgw",
    leader: str = "p-wang",
    **kw: Any,
) -> ListItem:
    return ListItem(
        item_id,
        f"重点任务 {item_id}",
        start,
        due,
        lead_leader_id=leader,
        responsible_unit_id=unit,
        reports=(ProgressReport(reported, Decimal(progress)),),
        **kw,
    )


def _run(
    tasks: list[ListItem],
    states: tuple[TaskSupervision, ...] = (),
    notices: tuple[Notice, ...] = (),
    day: dt.date = MARCH_END,
) -> MonthEndReview:
    return month_end_review(tasks, states, notices, day, CAL)


# --------------------------------------------------------------------------- examples


def test_r19_on_schedule_task_gets_lists_but_no_notice() -> None:
    """R19: a task on schedule is on next month's two lists with its milestone; no notice."""
    review = _run([_task(progress="0.25")])
    assert review.new_notices == ()
    assert review.level_changes == ()
    leader, unit = review.monthly_lists
    assert (leader.kind, leader.owner, leader.month) == (
        MonthlyListKind.LEADER_REMINDER,
        Subject.person("p-wang"),
        Month(2026, 4),
    )
    assert (unit.kind, unit.owner) == (MonthlyListKind.UNIT_IMPLEMENTATION, Subject.unit("u-fgw"))
    [line] = leader.lines
    assert line is unit.lines[0]
    assert line.milestone.due == dt.date(2026, 4, 30)
    # 序时进度 at 04-30 of a task from 01-01 to 12-31: 119 of 364 days
    with exact():
        assert line.milestone.target == Decimal(119) / Decimal(364)
    assert line.mode.value == "报送督考"


def test_r19_own_milestone_is_used() -> None:
    """R19: a task's own monthly milestone is printed on the lists."""
    own = Milestone(dt.date(2026, 4, 25), Decimal("0.4"))
    task = _task(progress="0.25", milestones=(Milestone(dt.date(2026, 3, 31), Decimal("0.2")), own))
    [line] = _run([task]).monthly_lists[0].lines
    assert line.milestone == own


def test_r16_r4_behind_schedule_gets_yellow_list_and_deadline_notice() -> None:
    """R4/R16/R18: 14.45 pp behind → yellow list, 限期督办通知单, 一般关注 → 关注."""
    review = _run([_task(progress="0.1")])
    kinds = [(n.kind, n.rule, str(n.serial)) for n in review.new_notices]
    assert kinds == [
        (NoticeKind.YELLOW_LIST, "R4", "督考〔2026〕1号"),
        (NoticeKind.DEADLINE_SUPERVISION, "R16", "督考〔2026〕2号"),
    ]
    assert all(n.addressee == Subject.unit("u-fgw") for n in review.new_notices)
    assert review.new_notices[1].respond_by == dt.date(2026, 4, 8)  # 5 working days; 04-06 清明
    [change] = review.level_changes
    assert (change.before, change.after, change.rule) == (
        AttentionLevel.GENERAL,
        AttentionLevel.ATTENTION,
        "R18",
    )
    assert review.findings[0].lag == Decimal("14.45")


def test_r20_overdue_task_gets_red_list_and_completion_notice() -> None:
    """R4/R20/R18: overdue and not done → red list, 限期办结通知单, 特别关注."""
    task = _task(progress="0.8", start=dt.date(2026, 1, 5), due=dt.date(2026, 3, 20))
    review = _run([task])
    assert [n.kind for n in review.new_notices] == [
        NoticeKind.RED_LIST,
        NoticeKind.DEADLINE_COMPLETION,
    ]
    assert review.states[0].level is AttentionLevel.SPECIAL
    assert review.report.overdue == ("t-1",)
    [line] = review.monthly_lists[0].lines
    assert line.milestone == Milestone(dt.date(2026, 4, 30), Decimal(1))


def test_r21_missed_report_gets_daily_notice_and_ledger_deduction() -> None:
    """R21/R22: no report this month → 日常督考通知单 with an instant deduction in the ledger."""
    review = _run([_task(progress="0.24", reported=dt.date(2026, 2, 27))])
    [notice] = review.new_notices
    assert (notice.kind, notice.rule, notice.deduction) == (
        NoticeKind.DAILY_SUPERVISION,
        "R21",
        Decimal("0.5"),
    )
    [entry] = review.deductions
    assert (entry.kind, entry.points, entry.source, entry.subject) == (
        EntryKind.DEDUCTION,
        Decimal("-0.5"),
        "督考〔2026〕1号",
        Subject.unit("u-fgw"),
    )
    assert review.report.deducted == Decimal("0.5")


def test_r4_due_today_is_a_blue_reminder() -> None:
    """R4: a task due on the review day and not done → blue list (0 working days left)."""
    task = _task(progress="1", start=dt.date(2026, 3, 2), due=MARCH_END)
    task = attrs.evolve(task, reports=(ProgressReport(dt.date(2026, 3, 30), Decimal("0.95")),))
    review = _run([task])
    assert review.findings[0].colour is Colour.BLUE
    assert [n.kind for n in review.new_notices] == [NoticeKind.BLUE_LIST]


def test_r4_due_on_a_holiday_moves_to_next_working_day() -> None:
    """R4/R20: due on 2026-10-03 (国庆) is not overdue until after 10-08, the next working day."""
    task = _task(
        progress="0.9",
        start=dt.date(2026, 9, 1),
        due=dt.date(2026, 10, 3),
        reported=dt.date(2026, 9, 30),
    )
    on_holiday = assess_task(task, dt.date(2026, 10, 5), CAL)
    assert (on_holiday.overdue, on_holiday.workdays_left) == (False, 1)
    assert assess_task(task, dt.date(2026, 10, 8), CAL).overdue is False
    assert assess_task(task, dt.date(2026, 10, 9), CAL).overdue is True
    strict = ReviewPolicy(roll_due_to_workday=False)
    assert assess_task(task, dt.date(2026, 10, 5), CAL, strict).overdue is True


def test_r4_unanswered_list_escalates_in_the_review_without_duplicates() -> None:
    """R4: an ignored yellow list becomes red at the review; no second list is issued."""
    yellow = issue(
        NoticeKind.YELLOW_LIST,
        Serial("督考", 2026, 9),
        "t-1",
        Subject.unit("u-fgw"),
        dt.date(2026, 3, 2),
        "落后",
        CAL,
    )
    answered_r16 = answer(
        issue(
            NoticeKind.DEADLINE_SUPERVISION,
            Serial("督考", 2026, 10),
            "t-1",
            Subject.unit("u-fgw"),
            dt.date(2026, 3, 2),
            "落后",
            CAL,
        ),
        dt.date(2026, 3, 3),
    )
    review = _run([_task(progress="0.1")], notices=(yellow, answered_r16))
    [up] = review.escalations
    assert up.escalated.status is NoticeStatus.ESCALATED
    assert (up.successor.kind, str(up.successor.serial)) == (
        NoticeKind.RED_LIST,
        "督考〔2026〕11号",
    )
    # the red successor and the answered 限期督办 are open: nothing else is issued
    assert review.new_notices == (up.successor,)
    after = review.notices_after((yellow, answered_r16))
    assert [n.status for n in after] == [
        NoticeStatus.ESCALATED,
        NoticeStatus.ANSWERED,
        NoticeStatus.ISSUED,
    ]


def test_r18_classified_profile_and_urgency_raise_colour() -> None:
    """R18/R4: a placed task keeps its level; its urgency 5 raises yellow to red."""
    state = place("t-1", TaskProfile(urgency=5, importance=5, workload=5, difficulty=5))
    review = _run([_task(progress="0.1")], states=(state,))
    assert review.findings[0].colour is Colour.RED
    assert review.states[0].level is AttentionLevel.SPECIAL
    assert review.level_changes == ()
    assert NoticeKind.RED_LIST in [n.kind for n in review.new_notices]


def test_r15_special_report_counts_and_units_most_behind() -> None:
    """R15/R19: the 专报 counts levels and colours, lists overdue tasks and units most behind."""
    tasks = [
        _task("a", "0.25", unit="u-1"),
        _task("b", "0.1", unit="u-2"),
        _task("c", "0.0", unit="u-2", leader="p-li"),
        _task("d", "0.5", unit="u-3", start=dt.date(2026, 1, 5), due=dt.date(2026, 3, 10)),
        _task("e", "0.3", unit="u-3", status=ItemStatus.CANCELLED),
    ]
    report = _run(tasks).report
    assert report.tasks == 4
    assert sum(c.count for c in report.by_level) == sum(c.count for c in report.by_colour) == 4
    assert {c.name: c.count for c in report.by_colour} == {
        "none": 1,
        "blue": 0,
        "yellow": 2,
        "red": 1,
    }
    assert report.overdue == ("d",)
    assert [(s.unit_id, s.behind) for s in report.units_most_behind] == [("u-2", 2), ("u-3", 1)]
    assert report.month == Month(2026, 3)
    assert report.rule == "R19"


def test_r19_lists_grouped_by_leader_and_unit() -> None:
    """R19: one 县领导提示清单 per lead leader, one 责任单位落实清单 per unit, owners sorted."""
    tasks = [
        _task("a", leader="p-2", unit="u-1"),
        _task("b", leader="p-1", unit="u-1"),
        _task("c", leader="p-2", unit="u-2"),
        _task("d", "1", leader="p-3", unit="u-3"),
    ]
    review = _run(tasks)
    leaders = review.lists_of(MonthlyListKind.LEADER_REMINDER)
    units = review.lists_of(MonthlyListKind.UNIT_IMPLEMENTATION)
    assert [(lst.owner.id, [ln.item_id for ln in lst.lines]) for lst in leaders] == [
        ("p-1", ["b"]),
        ("p-2", ["a", "c"]),
    ]
    assert [(lst.owner.id, [ln.item_id for ln in lst.lines]) for lst in units] == [
        ("u-1", ["a", "b"]),
        ("u-2", ["c"]),
    ]


def test_review_refuses_tasks_without_leader_or_unit_and_duplicates() -> None:
    """R19: a key task needs a lead leader and a responsible unit; ids must be unique."""
    bare = ListItem("t-9", "无主任务", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    with pytest.raises(ValidationError) as err:
        _run([bare, _task("t-1"), _task("t-1")])
    paths = [p.path for p in err.value.problems]
    assert paths == ["tasks[0].lead_leader_id", "tasks[0].responsible_unit_id", "tasks[2].item_id"]
    state = TaskSupervision("t-1", AttentionLevel.KEY)
    with pytest.raises(ValidationError, match="duplicate state"):
        _run([_task()], states=(state, state))


def test_policy_switches_turn_notice_kinds_off() -> None:
    """R4/R16: a county that uses only colour lists turns the 限期督办通知单 off, and vice versa."""
    behind = [_task(progress="0.1")]
    lists_only = month_end_review(
        behind, [], [], MARCH_END, CAL, ReviewPolicy(supervision_notices=False)
    )
    assert [n.kind for n in lists_only.new_notices] == [NoticeKind.YELLOW_LIST]
    notices_only = month_end_review(
        behind, [], [], MARCH_END, CAL, ReviewPolicy(colour_lists=False)
    )
    assert [n.kind for n in notices_only.new_notices] == [NoticeKind.DEADLINE_SUPERVISION]


def test_states_of_tasks_not_reviewed_pass_through() -> None:
    """The review returns states it did not review unchanged (e.g. a cancelled task's)."""
    other = TaskSupervision("t-old", AttentionLevel.KEY)
    review = _run([_task(progress="0.25")], states=(other,))
    assert review.states[-1] is other


# --------------------------------------------------------------------------- properties

start_days = st.dates(dt.date(2026, 1, 1), dt.date(2026, 3, 15))


@st.composite
def tasks(draw: st.DrawFn, item_id: str) -> ListItem:
    start = draw(start_days)
    due = start + dt.timedelta(days=draw(st.integers(10, 240)))
    report_day = start + dt.timedelta(days=draw(st.integers(0, (MARCH_END - start).days)))
    progress = draw(st.decimals(min_value=0, max_value=1, places=2))
    return ListItem(
        item_id,
        f"任务 {item_id}",
        start,
        due,
        lead_leader_id=draw(st.sampled_from(["p-1", "p-2"])),
        responsible_unit_id=draw(st.sampled_from(["u-1", "u-2", "u-3"])),
        reports=(ProgressReport(report_day, progress),),
        status=draw(st.sampled_from([ItemStatus.IN_PROGRESS, ItemStatus.DONE])),
    )


Workload = tuple[list[ListItem], tuple[TaskSupervision, ...], tuple[Notice, ...]]
"""A review's inputs: the tasks, their supervision states and the open notices."""


@st.composite
def workloads(draw: st.DrawFn) -> Workload:
    n = draw(st.integers(1, 8))
    items = [draw(tasks(f"t-{i}")) for i in range(n)]
    states = tuple(
        TaskSupervision(
            t.item_id,
            draw(st.sampled_from(AttentionLevel)),
            draw(st.integers(0, 1)),
            dt.date(2026, 2, 27),
        )
        for t in items
        if draw(st.booleans())
    )
    notices = tuple(
        issue(
            draw(st.sampled_from(NoticeKind)),
            Serial("督考", 2026, i + 1),
            t.item_id,
            Subject.unit(t.responsible_unit_id or "u"),
            draw(st.dates(dt.date(2026, 3, 1), MARCH_END)),
            "督办",
            CAL,
        )
        for i, t in enumerate(items)
        if draw(st.booleans())
    )
    return items, states, notices


@given(workloads())
def test_r19_review_is_idempotent(work: Workload) -> None:
    """R19 property: the same inputs give the same review; rerun on its results, nothing new."""
    items, states, notices = work
    first = _run(items, states, notices)
    assert _run(items, states, notices) == first
    again = _run(items, first.states, first.notices_after(notices))
    assert again.new_notices == ()
    assert again.escalations == ()
    assert again.level_changes == ()
    assert again.deductions == ()
    assert again.states == first.states


@given(workloads())
def test_never_a_notice_without_its_rule_and_serials_unique(
    work: Workload,
) -> None:
    """R4/R16/R17/R20/R21 property: each new notice cites its kind's rule; serials never repeat."""
    items, states, notices = work
    review = _run(items, states, notices)
    for notice in review.new_notices:
        assert notice.rule == notice.kind.rule
        assert notice.rule in {"R4", "R16", "R17", "R20", "R21"}
        assert notice.reason.strip()
    check_unique_serials(review.notices_after(notices))
    # a second month continues the numbering without repeats
    later = month_end_review(
        items, review.states, review.notices_after(notices), dt.date(2026, 4, 30), CAL
    )
    check_unique_serials(later.notices_after(review.notices_after(notices)))


@given(workloads())
def test_r19_lists_and_report_agree_with_findings(
    work: Workload,
) -> None:
    """R19 property: every open task is on exactly one leader list and one unit list; counts add up."""
    items, states, notices = work
    review = _run(items, states, notices)
    open_ids = sorted(f.item_id for f in review.findings if not f.state.done)
    for kind in MonthlyListKind:
        listed = sorted(ln.item_id for lst in review.lists_of(kind) for ln in lst.lines)
        assert listed == open_ids
    for lst in review.monthly_lists:
        for line in lst.lines:
            owner = (
                line.lead_leader_id
                if lst.kind is MonthlyListKind.LEADER_REMINDER
                else (line.responsible_unit_id)
            )
            assert owner == lst.owner.id
            assert line.milestone.due <= dt.date(2026, 4, 30)
    report = review.report
    assert sum(c.count for c in report.by_level) == len(review.findings)
    assert sum(c.count for c in report.by_colour) == len(review.findings)
    assert report.new_notices == len(review.new_notices)


@given(tasks("t-1"), st.decimals(min_value=0, max_value=1, places=2))
def test_r4_r18_more_lag_never_lower_in_the_review(task: ListItem, less: Decimal) -> None:
    """R4/R18 property: through the review, lower progress never gives a lower colour or level."""
    report = task.reports[0]
    worse = attrs.evolve(task, reports=(attrs.evolve(report, progress=min(report.progress, less)),))
    a, b = _run([task]), _run([worse])
    assert b.findings[0].colour >= a.findings[0].colour
    assert b.states[0].level >= a.states[0].level


@given(workloads())
def test_codec_round_trips_the_review(work: Workload) -> None:
    """Codec: a whole month-end review survives unstructure → structure.

    structure() runs every validator, so this also checks the values the review
    builds without re-validation (qingdan_core._build.unchecked).
    """
    review = _run(*work)
    assert structure(unstructure(review), MonthEndReview) == review
    assert structure(unstructure(ReviewPolicy()), ReviewPolicy) == ReviewPolicy()


# ---------- calendar coverage; urgency; repeated yellow; pyramid; decimal context; bad arguments


def test_r16_r19_task_due_after_the_coverage_does_not_stop_the_review() -> None:
    """R16/R19: a 三年攻坚 task due 2028 is reviewed in 2026 with the 2026 calendar."""
    year = _task("t-1", "0.1")
    multi = _task("t-2", "0.02", due=dt.date(2028, 6, 30), unit="u-2")
    alone = _run([year])
    both = _run([year, multi])
    assert both.findings[0] == alone.findings[0]
    far = both.findings[1]
    # working days 2026-04-01..2026-12-31, well past the blue window: simply not blue
    assert far.state.workdays_left == CAL.count_workdays(dt.date(2026, 4, 1), dt.date(2026, 12, 31))
    assert (far.state.overdue, far.colour) == (False, Colour.NONE)
    [u2] = [
        lst for lst in both.lists_of(MonthlyListKind.UNIT_IMPLEMENTATION) if lst.owner.id == "u-2"
    ]
    [line] = u2.lines
    assert (line.item_id, line.milestone.due) == ("t-2", dt.date(2026, 4, 30))


def _next_year_calendar() -> WorkCalendar:
    return CAL.extend(loads_notices(NEXT_YEAR_NOTICE))


def test_r16_r19_december_review_with_tasks_due_in_an_uncovered_january() -> None:
    """R16/R19/R4: on 2026-12-31, with the calendar ending that day.

    A done task and a task behind schedule whose notices are open need nothing
    of 2027; an on-schedule task due in January needs 2027's working days to
    decide a blue reminder, so it raises CalendarCoverageError naming its due
    date — and passes once next year's notice is loaded.
    """
    dec31, jan = dt.date(2026, 12, 31), dt.date(2027, 1, 29)
    done = _task("t-done", "1", reported=dt.date(2026, 12, 20), start=dt.date(2026, 10, 1), due=jan)
    behind = _task(
        "t-late", "0.5", reported=dt.date(2026, 12, 20), start=dt.date(2026, 10, 1), due=jan
    )
    open_notices = tuple(
        answer(
            issue(
                kind,
                Serial("督考", 2026, i),
                "t-late",
                Subject.unit("u-fgw"),
                dt.date(2026, 12, 21),
                "落后",
                CAL,
            ),
            dt.date(2026, 12, 22),
        )
        for i, kind in ((1, NoticeKind.YELLOW_LIST), (2, NoticeKind.DEADLINE_SUPERVISION))
    )
    review = _run([done, behind], notices=open_notices, day=dec31)
    assert [f.colour for f in review.findings] == [Colour.NONE, Colour.YELLOW]
    assert review.new_notices == ()
    [line] = review.monthly_lists[0].lines
    assert (line.item_id, line.milestone) == ("t-late", Milestone(jan, Decimal(1)))

    on_time = _task(
        "t-ok", "0.9", reported=dt.date(2026, 12, 20), start=dt.date(2026, 10, 1), due=jan
    )
    with pytest.raises(CalendarCoverageError) as err:
        _run([done, on_time], day=dec31)
    assert err.value.day == jan
    assert "blue reminder" in str(err.value)
    extended = month_end_review([done, on_time], [], [], dec31, _next_year_calendar())
    assert extended.findings[1].state.workdays_left == 20  # 2027-01-04..01-29
    assert extended.findings[1].colour is Colour.NONE


@given(tasks("t-1"), st.dates(dt.date(2026, 1, 1), dt.date(2026, 11, 30)), st.booleans())
def test_r16_r20_deadline_reads_agree_with_the_rolled_due_date(
    task: ListItem, day: dt.date, roll: bool
) -> None:
    """R16/R20 property: reading the calendar lazily gives what rolling the due date gives."""
    policy = ReviewPolicy(roll_due_to_workday=roll)
    state = assess_task(task, day, CAL, policy)
    due = CAL.add_workdays(task.due, 0) if roll else task.due
    assert state.overdue == (not state.done and day > due)
    assert state.workdays_left == (
        CAL.count_workdays(day + dt.timedelta(days=1), due) if day < due else 0
    )


def test_r18_r4_urgent_yellow_task_red_list_one_level_up() -> None:
    """R18/R4: urgency 5 makes a yellow-range lag a red list, but only one level up."""
    state = TaskSupervision("t-1", AttentionLevel.GENERAL, profile=TaskProfile(5, 1, 1, 1))
    review = _run([_task(progress="0.1")], states=(state,))
    assert review.findings[0].colour is Colour.RED
    assert NoticeKind.RED_LIST in [n.kind for n in review.new_notices]
    [change] = review.level_changes
    assert (change.before, change.after) == (AttentionLevel.GENERAL, AttentionLevel.ATTENTION)
    assert change.reason.startswith("黄色督办清单")


def test_r18_month_after_month_yellow_escalates_once() -> None:
    """R18: a task that stays 10–30 pp behind goes up one level, once."""
    task = _task(progress="0.1")
    states: tuple[TaskSupervision, ...] = ()
    notices: tuple[Notice, ...] = ()
    levels = []
    for day, progress in (
        (MARCH_END, "0.1"),
        (dt.date(2026, 4, 30), "0.2"),
        (dt.date(2026, 5, 29), "0.3"),
    ):
        month_task = attrs.evolve(task, reports=(ProgressReport(day, Decimal(progress)),))
        review = _run([month_task], states, notices, day)
        assert review.findings[0].colour is Colour.YELLOW
        states, notices = review.states, review.notices_after(notices)
        levels.append(review.states[0].level)
    assert levels == [AttentionLevel.ATTENTION] * 3


def test_r18_report_pyramid_is_county_wide_by_default() -> None:
    """R18/R19: the 专报 checks the county's pyramid; per unit only when asked."""
    state = TaskSupervision("t-2", AttentionLevel.ATTENTION)
    tasks_ = [_task("t-1", "0.25", unit="u-1"), _task("t-2", "0.25", unit="u-2")]
    assert _run(tasks_, states=(state,)).report.pyramid == ()
    per_unit = ReviewPolicy(attention=AttentionPolicy(unit_pyramids=True))
    report = month_end_review(tasks_, [state], [], MARCH_END, CAL, per_unit).report
    assert [v.scope for v in report.pyramid] == ["unit:u-2"]


@given(workloads(), st.integers(1, 4), st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_CEILING]))
@settings(max_examples=25)
def test_r4_r16_review_ignores_the_callers_decimal_context(
    work: Workload, prec: int, rounding: str
) -> None:
    """R4/R16/R19: a hostile decimal context does not change the review."""
    calm = _run(*work)
    with decimal.localcontext(prec=prec, rounding=rounding):
        stormy = _run(*work)
    assert stormy == calm


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"states": ["x"]}, "states[0]"),
        ({"notices": ["x"]}, "notices[0]"),
        ({"tasks": ["x"]}, "tasks[0]"),
        ({"tasks": None}, "tasks"),
        ({"day": "2026-03-31"}, "day"),
        ({"day": dt.datetime(2026, 3, 31)}, "day"),
        ({"calendar": None}, "calendar"),
        ({"policy": ColourPolicy()}, "policy"),
        ({"last_serial": "9"}, "last_serial"),
    ],
)
def test_r19_bad_argument_is_a_validation_error(kwargs: dict[str, object], path: str) -> None:
    """R19: month_end_review names a wrong argument in a ValidationError."""
    call: dict[str, object] = {
        "tasks": [_task()],
        "states": [],
        "notices": [],
        "day": MARCH_END,
        "calendar": CAL,
    } | kwargs
    with pytest.raises(ValidationError) as err:
        ill_typed(month_end_review)(**call)
    assert err.value.path == path
