"""The month-end review of key tasks (R15, R19), with levels, lists and notices (R4, R16–R21).

:func:`month_end_review` takes the key tasks (:class:`~qingdan_core.lists.ListItem`
values with their progress reports), the office's supervision state of each
(:class:`~qingdan_core.attention.TaskSupervision`), the notices so far and the
review day, and returns one :class:`MonthEndReview`:

* each task's finding on the day: 序时进度, progress, lag, colour (R4, R16);
* every attention level change (R18) and the new supervision states;
* every escalation of an unanswered notice and every new notice — colour
  lists (R4), 限期督办通知单 for a task behind schedule (R16), 限期办结通知单
  for an overdue task (R20), 日常督考通知单 with its deduction for missed
  reports (R21) — and the deductions as ledger entries (R22);
* next month's 县领导提示清单 (one per lead leader) and 责任单位落实清单 (one
  per responsible unit), each task with its milestone for that month (R19);
* the data of the month-end 专报: counts by level and colour, overdue tasks,
  the units most behind, the pyramid check (R15, R18, R19).

A task due after the calendar's coverage (a 三年攻坚 project due in 2028)
does not stop the review: the calendar is read only as far as an answer
needs it (:func:`assess_task`). New serial numbers follow the highest
number of the issuer's year among the notices passed in, so pass **every**
notice of the year (or ``last_serial``), not only the open ones.

It is pure and idempotent: given the same inputs it returns the same review,
and run again on its own results (:meth:`MonthEndReview.notices_after` and
:attr:`MonthEndReview.states`) on the same day it issues nothing new. Every
notice it issues carries its rule id.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.calendar import china
>>> from qingdan_core.lists import ListItem, ProgressReport
>>> task = ListItem("t-1", "产业园标准厂房建设", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
...                 lead_leader_id="p-wang", responsible_unit_id="u-fgw",
...                 reports=(ProgressReport(dt.date(2026, 3, 20), Decimal("0.1")),))
>>> review = month_end_review([task], [], [], dt.date(2026, 3, 31), china())
>>> finding = review.findings[0]
>>> finding.lag, finding.colour.label, review.states[0].level.label
(Decimal('14.45'), '黄', '关注')
>>> [(str(n.serial), n.kind.label, n.rule) for n in review.new_notices]
[('督考〔2026〕1号', '黄色督办清单', 'R4'), ('督考〔2026〕2号', '限期督办通知单', 'R16')]
>>> [(l.kind.label, l.owner.id, str(l.month)) for l in review.monthly_lists]
[('县领导提示清单', 'p-wang', '2026-04'), ('责任单位落实清单', 'u-fgw', '2026-04')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from qingdan_core._build import unchecked
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
from qingdan_core._tuples import tuple_of
from qingdan_core.attention import (
    AttentionLevel,
    AttentionPolicy,
    LevelChange,
    PyramidViolation,
    SupervisionMode,
    TaskSupervision,
    check_pyramid,
    review_level,
)
from qingdan_core.calendar import WorkCalendar
from qingdan_core.colours import (
    Colour,
    ColourPolicy,
    ColourVerdict,
    ProgressState,
    colour_for,
    display_points,
    lag_figure,
)
from qingdan_core.deadlines import Milestone, ProgressBasis, expected_progress
from qingdan_core.errors import CalendarCoverageError, Problem, ValidationError
from qingdan_core.ledger import LedgerEntry, Subject
from qingdan_core.lists import ItemStatus, ListItem
from qingdan_core.messages import text
from qingdan_core.notices import (
    Escalation,
    Notice,
    NoticeKind,
    NoticePolicy,
    allocate_serials,
    deduction_entry,
    escalate_unanswered,
    issue,
)
from qingdan_core.periods import Month
from qingdan_core.rounding import exact

__all__ = [
    "ChecklistLine",
    "Count",
    "MonthEndReview",
    "MonthlyList",
    "MonthlyListKind",
    "ReviewPolicy",
    "SpecialReport",
    "TaskFinding",
    "UnitStanding",
    "assess_task",
    "month_end_review",
]

_ONE_DAY = dt.timedelta(days=1)
_ONE = Decimal(1)


def _decimal(share: Fraction) -> Decimal:
    """``share`` as a Decimal to 60 significant digits (:func:`~qingdan_core.rounding.exact`).

    Decimal division is correctly rounded, and exact when the share has a
    finite decimal expansion, so threshold decisions are unaffected: a ratio
    of day counts that differs from a decimal threshold differs by far more
    than 1e-60. The caller's decimal context plays no part.
    """
    with exact():
        return Decimal(share.numerator) / Decimal(share.denominator)


@attrs.frozen
class ReviewPolicy:
    """The policies and switches of the month-end review (R4, R15–R21).

    ``colour``, ``attention`` and ``notices`` are the rule policies;
    ``basis`` is how 序时进度 elapses (calendar days by default, R16;
    working days need the calendar to cover every task's whole span).
    ``roll_due_to_workday``: a due date on a weekend or holiday moves to the
    next working day before "overdue" and "working days left" are counted
    (期限届满日为节假日的顺延). The ``*_notices`` switches turn each kind of
    notice on or off (a county that uses only colour lists turns off R16);
    ``units_in_report`` is how many units the 专报 lists as most behind.

    >>> ReviewPolicy(supervision_notices=False).colour.yellow_from
    Decimal('10')
    """

    colour: ColourPolicy = attrs.field(factory=ColourPolicy, validator=instance_of(ColourPolicy))
    attention: AttentionPolicy = attrs.field(
        factory=AttentionPolicy, validator=instance_of(AttentionPolicy)
    )
    notices: NoticePolicy = attrs.field(factory=NoticePolicy, validator=instance_of(NoticePolicy))
    basis: ProgressBasis = attrs.field(
        default=ProgressBasis.CALENDAR_DAYS, validator=instance_of(ProgressBasis)
    )
    roll_due_to_workday: bool = attrs.field(default=True, validator=instance_of(bool))
    colour_lists: bool = attrs.field(default=True, validator=instance_of(bool))
    supervision_notices: bool = attrs.field(default=True, validator=instance_of(bool))
    completion_notices: bool = attrs.field(default=True, validator=instance_of(bool))
    report_notices: bool = attrs.field(default=True, validator=instance_of(bool))
    units_in_report: int = attrs.field(default=5, validator=int_between(0, None))


class _Expected:
    """序时进度 of tasks on one day, computed once per distinct plan (start, due, milestones).

    A memo that lives for one call: a county's key tasks mostly share a few
    spans (the year, a quarter), so this saves most calls to
    :func:`~qingdan_core.deadlines.expected_progress`.
    """

    def __init__(self, day: dt.date, calendar: WorkCalendar, basis: ProgressBasis) -> None:
        self._day, self._calendar, self._basis = day, calendar, basis
        self._memo: dict[tuple[dt.date, dt.date, tuple[Milestone, ...]], Decimal] = {}

    def __call__(self, task: ListItem) -> Decimal:
        key = (task.assigned_on, task.due, task.milestones)
        found = self._memo.get(key)
        if found is None:
            share = expected_progress(
                self._day,
                task.assigned_on,
                task.due,
                basis=self._basis,
                calendar=self._calendar,
                milestones=task.milestones,
            )
            found = self._memo[key] = _decimal(share)
        return found


def _actual(task: ListItem, day: dt.date) -> tuple[Decimal, bool]:
    """The latest reported progress on or before ``day``, and whether one was sent this month."""
    month_start = day.replace(day=1)
    for report in reversed(task.reports):
        if report.day <= day:
            return report.progress, report.day >= month_start
    return Decimal(0), False


def assess_task(
    task: ListItem, day: dt.date, calendar: WorkCalendar, policy: ReviewPolicy = ReviewPolicy()
) -> ProgressState:
    """The progress state of ``task`` on ``day``: 序时进度, progress, deadline, reports (R16, R19).

    ``expected`` is :func:`~qingdan_core.deadlines.expected_progress` (milestones
    honoured) as a Decimal to 60 significant digits; ``actual`` is the latest report on or
    before ``day``. A task is done when its status is done or its progress
    is 100 %. A task started before this month that sent no report this month
    has one missed report (R21).

    The calendar is read only as far as needed. The due date is moved to a
    working day only once ``day`` has reached it. When the due date lies
    after the calendar's coverage, ``workdays_left`` counts the working days
    up to the coverage's end: when that is more than the blue window
    (``policy.colour.blue_within``) the task is simply not due for a blue
    reminder, and when the task is done or its lag already calls for a
    yellow or red list the count decides nothing.

    :raises CalendarCoverageError: when an answer needs days outside the
        calendar: ``day`` itself, a due date reached on ``day``, or the working
        days left of a task not done, on schedule and due after the coverage
        with no more working days left in it than the blue window.

    >>> from qingdan_core.calendar import china
    >>> task = ListItem("t-1", "修路", dt.date(2026, 9, 1), dt.date(2026, 10, 3))  # 10-03: 国庆
    >>> state = assess_task(task, dt.date(2026, 10, 5), china())
    >>> state.overdue, state.workdays_left, state.missed_reports  # due moves to 10-08
    (False, 1, 1)
    >>> three_years = ListItem("t-2", "三年攻坚", dt.date(2026, 1, 1), dt.date(2028, 6, 30))
    >>> assess_task(three_years, dt.date(2026, 3, 31), china()).workdays_left  # to 2026-12-31
    189
    """
    return _assess(task, day, calendar, policy, _Expected(day, calendar, policy.basis)(task))


def _deadline(
    task: ListItem, day: dt.date, calendar: WorkCalendar, roll: bool
) -> tuple[bool, int, bool]:
    """(overdue, working days left, whether the count stops at the coverage's end) (R16, R20)."""
    if day >= task.due:
        due = calendar.add_workdays(task.due, 0) if roll else task.due
        return day > due, calendar.count_workdays(day + _ONE_DAY, due) if day < due else 0, False
    last = calendar.coverage[1]
    if task.due <= last:
        left = calendar.count_workdays(day + _ONE_DAY, task.due)
        # a due date off work moves to the next working day: one more working day
        return False, left + (roll and not calendar.is_workday(task.due)), False
    return False, calendar.count_workdays(day + _ONE_DAY, last) if day < last else 0, True


def _assess(
    task: ListItem, day: dt.date, calendar: WorkCalendar, policy: ReviewPolicy, expected: Decimal
) -> ProgressState:
    """:func:`assess_task` given the task's 序时进度 ``expected`` on ``day``."""
    actual, reported = _actual(task, day)
    done = task.status is ItemStatus.DONE or actual == 1
    overdue, left, cut = _deadline(task, day, calendar, policy.roll_due_to_workday)
    missed = int(not done and not reported and task.assigned_on < day.replace(day=1))
    state: ProgressState = unchecked(
        ProgressState,
        expected=expected,
        actual=actual,
        workdays_left=left,
        overdue=not done and overdue,
        done=done,
        missed_reports=missed,
    )
    colours = policy.colour
    if cut and left <= colours.blue_within and not done and state.lag < colours.yellow_from:
        raise CalendarCoverageError(
            task.due,
            calendar.coverage,
            f"task {task.item_id!r} has only {left} working days left within the coverage, "
            f"so whether a blue reminder is due (R4) needs the working days up to its due "
            f"date; add the next year's State Council notice with qingdan_core.calendar "
            f"(see the how-to 'Add next year's holiday notice')",
        )
    return state


class MonthlyListKind(LabelledEnum):
    """The two lists printed at the start of every month (R19).

    >>> [kind.label for kind in MonthlyListKind]
    ['县领导提示清单', '责任单位落实清单']
    """

    LEADER_REMINDER = "leader_reminder", "县领导提示清单"
    UNIT_IMPLEMENTATION = "unit_implementation", "责任单位落实清单"


@attrs.frozen
class TaskFinding:
    """What the review found about one task on the day: progress, colour, level (R4, R16, R18).

    >>> state = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.33333"), workdays_left=9)
    >>> finding = TaskFinding("t-1", "u-1", state, colour_for(state), AttentionLevel.ATTENTION)
    >>> finding.lag, finding.colour.label
    (Decimal('16.67'), '黄')
    """

    item_id: str = attrs.field(validator=non_blank)
    unit_id: str = attrs.field(validator=non_blank)
    state: ProgressState = attrs.field(validator=instance_of(ProgressState))
    verdict: ColourVerdict = attrs.field(validator=instance_of(ColourVerdict))
    level: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))

    @property
    def colour(self) -> Colour:
        """The task's list colour on the day (R4)."""
        return self.verdict.colour

    @property
    def lag(self) -> Decimal:
        """Percentage points behind 序时进度, rounded to 2 decimals for display (R16).

        The colour (R4) was decided on the exact ``state.lag``.
        """
        return display_points(self.state.rounded_lag)


def _key_task(_line: ChecklistLine, _attribute: object, task: ListItem) -> None:
    if not isinstance(task, ListItem):
        raise ValidationError("task", f"expected a ListItem, got {type(task).__name__} {task!r}")
    if task.lead_leader_id is None or task.responsible_unit_id is None:
        raise ValidationError("task", "a key task needs a lead leader and a responsible unit (R19)")


@attrs.frozen
class ChecklistLine:
    """One task on next month's lists: the task, its milestone, level and colour (R19).

    ``task`` is the key task itself (text, lead leader, responsible unit, due
    date…); ``milestone`` is where it should be by the month's end.

    :raises ValidationError: when the task lacks a lead leader or responsible unit.

    >>> task = ListItem("t-1", "修路", dt.date(2026, 1, 1), dt.date(2026, 9, 30),
    ...                 lead_leader_id="p-1", responsible_unit_id="u-1")
    >>> line = ChecklistLine(task, Milestone(dt.date(2026, 4, 30), Decimal("0.4")),
    ...                      AttentionLevel.KEY, Colour.YELLOW)
    >>> line.item_id, line.lead_leader_id, line.responsible_unit_id, line.mode.value
    ('t-1', 'p-1', 'u-1', '挂账督考')
    """

    task: ListItem = attrs.field(validator=_key_task)
    milestone: Milestone = attrs.field(validator=instance_of(Milestone))
    level: AttentionLevel = attrs.field(validator=instance_of(AttentionLevel))
    colour: Colour = attrs.field(validator=instance_of(Colour))

    @property
    def item_id(self) -> str:
        """The task's id."""
        return self.task.item_id

    @property
    def lead_leader_id(self) -> str:
        """The task's lead county leader (牵头县领导)."""
        return self.task.lead_leader_id or ""

    @property
    def responsible_unit_id(self) -> str:
        """The task's responsible unit (责任单位)."""
        return self.task.responsible_unit_id or ""

    @property
    def mode(self) -> SupervisionMode:
        """The supervision mode of the task's level (R18)."""
        return self.level.mode


@attrs.frozen
class MonthlyList:
    """A 县领导提示清单 or 责任单位落实清单 for one leader or unit and one month (R19).

    >>> MonthlyList(MonthlyListKind.LEADER_REMINDER, Subject.person("p-1"), Month(2026, 4), ()).rule
    'R19'
    """

    kind: MonthlyListKind = attrs.field(validator=instance_of(MonthlyListKind))
    owner: Subject = attrs.field(validator=instance_of(Subject))
    month: Month = attrs.field(validator=instance_of(Month))
    lines: tuple[ChecklistLine, ...] = attrs.field(validator=tuple_of(ChecklistLine))
    rule: str = attrs.field(default="R19", validator=non_blank)


@attrs.frozen
class Count:
    """How many tasks have one value: ``name`` is the stored code of a level or a colour.

    >>> Count(AttentionLevel.SPECIAL.value, 3)
    Count(name='special', count=3)
    """

    name: str = attrs.field(validator=non_blank)
    count: int = attrs.field(validator=int_between(0, None))


@attrs.frozen
class UnitStanding:
    """A unit in the 专报: its tasks, how many are behind (yellow or worse), mean lag (pp).

    >>> UnitStanding("u-1", tasks=4, behind=2, mean_lag=Decimal("12.5")).behind
    2
    """

    unit_id: str = attrs.field(validator=non_blank)
    tasks: int = attrs.field(validator=int_between(1, None))
    behind: int = attrs.field(validator=int_between(0, None))
    mean_lag: Decimal = attrs.field(validator=decimal_between(Decimal(-100), Decimal(100)))


@attrs.frozen
class SpecialReport:
    """The data of the month-end 专报 to the leadership meeting (R15, R19).

    Counts by level and by colour (every level and colour, zero included),
    the overdue tasks, the units most behind (most tasks yellow or worse,
    then highest mean lag), the pyramid check, and the month's notices.
    See :func:`month_end_review` for an example.

    >>> [field.name for field in attrs.fields(SpecialReport)][:4]
    ['month', 'day', 'tasks', 'by_level']
    """

    month: Month = attrs.field(validator=instance_of(Month))
    day: dt.date = attrs.field(validator=plain_date)
    tasks: int = attrs.field(validator=int_between(0, None))
    by_level: tuple[Count, ...] = attrs.field(validator=tuple_of(Count))
    by_colour: tuple[Count, ...] = attrs.field(validator=tuple_of(Count))
    overdue: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    units_most_behind: tuple[UnitStanding, ...] = attrs.field(validator=tuple_of(UnitStanding))
    pyramid: tuple[PyramidViolation, ...] = attrs.field(validator=tuple_of(PyramidViolation))
    new_notices: int = attrs.field(validator=int_between(0, None))
    escalations: int = attrs.field(validator=int_between(0, None))
    deducted: Decimal = attrs.field(validator=decimal_between(Decimal(0), None))
    rule: str = attrs.field(default="R19", validator=non_blank)


@attrs.frozen
class MonthEndReview:
    """Everything the month-end review on ``day`` found and issued (R15, R19).

    ``states`` are the new supervision states (reviewed tasks first, in task
    order, then the states of tasks not reviewed, unchanged); ``new_notices``
    holds every notice issued, escalation successors included.

    >>> from qingdan_core.calendar import china
    >>> empty = month_end_review([], [], [], dt.date(2026, 3, 31), china())
    >>> empty.new_notices, empty.report.tasks, str(empty.report.month)
    ((), 0, '2026-03')
    """

    day: dt.date = attrs.field(validator=plain_date)
    findings: tuple[TaskFinding, ...] = attrs.field(validator=tuple_of(TaskFinding))
    states: tuple[TaskSupervision, ...] = attrs.field(validator=tuple_of(TaskSupervision))
    level_changes: tuple[LevelChange, ...] = attrs.field(validator=tuple_of(LevelChange))
    escalations: tuple[Escalation, ...] = attrs.field(validator=tuple_of(Escalation))
    new_notices: tuple[Notice, ...] = attrs.field(validator=tuple_of(Notice))
    deductions: tuple[LedgerEntry, ...] = attrs.field(validator=tuple_of(LedgerEntry))
    monthly_lists: tuple[MonthlyList, ...] = attrs.field(validator=tuple_of(MonthlyList))
    report: SpecialReport = attrs.field(validator=instance_of(SpecialReport))

    def notices_after(self, notices: Iterable[Notice]) -> tuple[Notice, ...]:
        """``notices`` with the escalated ones replaced, followed by the new notices.

        Feed this and :attr:`states` to the next review.
        """
        marked = {e.escalated.serial: e.escalated for e in self.escalations}
        return (*(marked.get(n.serial, n) for n in notices), *self.new_notices)

    def lists_of(self, kind: MonthlyListKind) -> tuple[MonthlyList, ...]:
        """The monthly lists of one kind (R19), in owner id order."""
        return tuple(lst for lst in self.monthly_lists if lst.kind is kind)


def _check_tasks(tasks: Sequence[ListItem]) -> None:
    problems = []
    seen: set[str] = set()
    for i, task in enumerate(tasks):
        if not isinstance(task, ListItem):
            problems.append(Problem(f"tasks[{i}]", f"expected a ListItem, got {task!r}"))
            continue
        if task.item_id in seen:
            problems.append(Problem(f"tasks[{i}].item_id", f"duplicate task id {task.item_id!r}"))
        seen.add(task.item_id)
        if task.lead_leader_id is None:
            problems.append(Problem(f"tasks[{i}].lead_leader_id", "a key task needs one (R19)"))
        if task.responsible_unit_id is None:
            problems.append(
                Problem(f"tasks[{i}].responsible_unit_id", "a key task needs one (R19)")
            )
    if problems:
        raise ValidationError.from_problems(problems)


def _open_notices(notices: Iterable[Notice]) -> dict[str, tuple[set[NoticeKind], Colour]]:
    """Per task: the kinds of its open notices, and the highest open list colour."""
    found: dict[str, tuple[set[NoticeKind], Colour]] = {}
    for n in notices:
        if n.status.is_open:
            kinds, colour = found.get(n.item_id, (set(), Colour.NONE))
            kinds.add(n.kind)
            found[n.item_id] = (kinds, max(colour, n.kind.colour))
    return found


def _wanted(
    finding: TaskFinding, open_kinds: set[NoticeKind], open_colour: Colour, policy: ReviewPolicy
) -> list[tuple[NoticeKind, str]]:
    """The notices a finding calls for that are not already open (R4, R16, R20, R21)."""
    state, verdict = finding.state, finding.verdict
    wanted = []
    if policy.colour_lists and verdict.colour > open_colour:
        wanted.append((NoticeKind.for_colour(verdict.colour), verdict.reason))
    if policy.completion_notices and state.overdue:
        wanted.append((NoticeKind.DEADLINE_COMPLETION, text("reason.completion")))
    elif policy.supervision_notices and state.lag >= policy.colour.yellow_from:
        with exact():
            expected, actual = state.expected * 100, state.actual * 100
        reason = text(
            "reason.behind",
            expected=display_points(expected),
            actual=display_points(actual),
            lag=lag_figure(state.lag, policy.colour.yellow_from),
        )
        wanted.append((NoticeKind.DEADLINE_SUPERVISION, reason))
    if policy.report_notices and state.missed_reports:
        wanted.append((NoticeKind.DAILY_SUPERVISION, text("reason.missed_report")))
    return [(kind, reason) for kind, reason in wanted if kind not in open_kinds]


def _milestone(task: ListItem, first: dt.date, last: dt.date, expected: _Expected) -> Milestone:
    """The task's milestone for the month [first, last]: its own, else by 序时进度 (R19)."""
    own = [m for m in task.milestones if first <= m.due <= last] if task.milestones else ()
    if own:
        return own[-1]
    if task.due < first:
        return Milestone(last, _ONE)
    if task.due <= last:
        return Milestone(task.due, _ONE)
    return Milestone(last, expected(task))


def _monthly_lists(lines: list[ChecklistLine], month: Month) -> tuple[MonthlyList, ...]:
    by_leader: dict[str, list[ChecklistLine]] = {}
    by_unit: dict[str, list[ChecklistLine]] = {}
    for line in lines:
        by_leader.setdefault(line.lead_leader_id, []).append(line)
        by_unit.setdefault(line.responsible_unit_id, []).append(line)
    leaders = (
        MonthlyList(MonthlyListKind.LEADER_REMINDER, Subject.person(k), month, tuple(by_leader[k]))
        for k in sorted(by_leader)
    )
    units = (
        MonthlyList(MonthlyListKind.UNIT_IMPLEMENTATION, Subject.unit(k), month, tuple(by_unit[k]))
        for k in sorted(by_unit)
    )
    return (*leaders, *units)


def _report(
    day: dt.date,
    findings: Sequence[TaskFinding],
    new_notices: Sequence[Notice],
    escalations: int,
    policy: ReviewPolicy,
) -> SpecialReport:
    levels = [0] * len(AttentionLevel)
    colours = [0] * len(Colour)
    units: dict[str, list[TaskFinding]] = {}
    for f in findings:
        levels[f.level.rank] += 1
        colours[f.verdict.colour.rank] += 1
        units.setdefault(f.unit_id, []).append(f)
    standings = []
    for unit_id, found in units.items():
        behind = sum(1 for f in found if f.colour >= Colour.YELLOW and not f.state.done)
        if behind:
            with exact():
                mean = sum((f.state.lag for f in found), Decimal(0)) / len(found)
            standings.append(UnitStanding(unit_id, len(found), behind, display_points(mean)))
    standings.sort(key=lambda s: (-s.behind, -s.mean_lag, s.unit_id))
    with exact():
        deducted = sum((n.deduction for n in new_notices), Decimal(0))
    return SpecialReport(
        month=Month.containing(day),
        day=day,
        tasks=len(findings),
        by_level=tuple(Count(level.value, levels[level.rank]) for level in AttentionLevel),
        by_colour=tuple(Count(colour.value, colours[colour.rank]) for colour in Colour),
        overdue=tuple(f.item_id for f in findings if f.state.overdue),
        units_most_behind=tuple(standings[: policy.units_in_report]),
        pyramid=check_pyramid(((f.unit_id, f.level) for f in findings), policy.attention),
        new_notices=len(new_notices),
        escalations=escalations,
        deducted=deducted,
    )


def month_end_review(
    tasks: Iterable[ListItem],
    states: Iterable[TaskSupervision],
    notices: Iterable[Notice],
    day: dt.date,
    calendar: WorkCalendar,
    policy: ReviewPolicy = ReviewPolicy(),
    *,
    last_serial: int = 0,
) -> MonthEndReview:
    """The month-end review of ``tasks`` on ``day`` (R15, R19; R4, R16–R18, R20–R22).

    Cancelled tasks are skipped. A task without a state starts at 一般关注
    (use :func:`~qingdan_core.attention.place` to classify it first). In order:
    unanswered notices escalate (:func:`~qingdan_core.notices.escalate_unanswered`);
    each task is assessed (:func:`assess_task`), coloured
    (:func:`~qingdan_core.colours.colour_for`, with its urgency) and its level
    reviewed (:func:`~qingdan_core.attention.review_level`, on the colour
    before the urgency step); a task gets a
    new notice of a kind only when it has no open notice of that kind (for
    colour lists: no open list of that colour or higher). Next month's lists
    hold every task not done that has started by the month's end.

    Serial numbers continue after the highest number of
    ``policy.notices.issuer`` this year among ``notices`` and ``last_serial``.
    **Pass every notice of the issuer's year** — answered, closed and
    escalated ones too, not only the open ones — or the highest number used
    (e.g. from your store) as ``last_serial``; otherwise a number may be
    given twice.

    :raises ValidationError: for a task without a lead leader or responsible
        unit, duplicate task ids, or duplicate states, or naming the argument
        (or element) of a wrong type.
    :raises CalendarCoverageError: when an answer needs a day outside the
        calendar (see :func:`assess_task`; a new notice's response deadline).

    >>> from qingdan_core.calendar import china
    >>> from qingdan_core.lists import ProgressReport
    >>> late = ListItem("t-1", "拆迁", dt.date(2026, 1, 5), dt.date(2026, 3, 20),
    ...                 lead_leader_id="p-1", responsible_unit_id="u-1",
    ...                 reports=(ProgressReport(dt.date(2026, 3, 25), Decimal("0.8")),))
    >>> review = month_end_review([late], [], [], dt.date(2026, 3, 31), china())
    >>> [(n.kind.label, n.rule) for n in review.new_notices], review.report.overdue
    ([('红色督办清单', 'R4'), ('限期办结通知单', 'R20')], ('t-1',))
    """
    for name, value in (("tasks", tasks), ("states", states), ("notices", notices)):
        require(name, value, Iterable)
    require("day", day, dt.date)
    require("calendar", calendar, WorkCalendar)
    require("policy", policy, ReviewPolicy)
    require_int("last_serial", last_serial, 0)
    tasks = list(tasks)
    _check_tasks(tasks)
    known: dict[str, TaskSupervision] = {}
    for i, state in enumerate(states):
        require(f"states[{i}]", state, TaskSupervision)
        if state.item_id in known:
            raise ValidationError(f"states[{i}].item_id", f"duplicate state for {state.item_id!r}")
        known[state.item_id] = state
    notices = list(notices)
    escalations = escalate_unanswered(
        notices, day, calendar, policy.notices, last_serial=last_serial
    )
    marked = {e.escalated.serial: e.escalated for e in escalations}
    current = [marked.get(n.serial, n) for n in notices] + [e.successor for e in escalations]
    open_by_task = _open_notices(current)
    no_open: tuple[set[NoticeKind], Colour] = (set(), Colour.NONE)

    next_month = Month.containing(day).next()
    first, last = next_month.start, next_month.end
    findings: list[TaskFinding] = []
    new_states: list[TaskSupervision] = []
    changes: list[LevelChange] = []
    drafts: list[tuple[NoticeKind, TaskFinding, str]] = []
    lines: list[ChecklistLine] = []
    colours, attention, yellow = policy.colour, policy.attention, policy.colour.yellow_from
    expected_now = _Expected(day, calendar, policy.basis)
    expected_then = _Expected(last, calendar, policy.basis)
    for task in tasks:
        if task.status is ItemStatus.CANCELLED:
            continue
        unit_id = task.responsible_unit_id
        assert unit_id is not None  # checked by _check_tasks
        before = known.pop(task.item_id, None) or TaskSupervision(
            task.item_id, AttentionLevel.GENERAL
        )
        progress = _assess(task, day, calendar, policy, expected_now(task))
        urgency = before.profile.urgency if before.profile is not None else None
        verdict = colour_for(progress, colours, urgency)
        after, change = review_level(before, progress, verdict, day, attention)
        new_states.append(after)
        if change is not None:
            changes.append(change)
        finding = unchecked(
            TaskFinding,
            item_id=task.item_id,
            unit_id=unit_id,
            state=progress,
            verdict=verdict,
            level=after.level,
        )
        findings.append(finding)
        if verdict.colour is not Colour.NONE or progress.missed_reports or (progress.lag >= yellow):
            kinds, colour = open_by_task.get(task.item_id, no_open)
            drafts.extend((k, finding, why) for k, why in _wanted(finding, kinds, colour, policy))
        if not progress.done and task.assigned_on <= last:
            lines.append(
                unchecked(
                    ChecklistLine,
                    task=task,
                    milestone=_milestone(task, first, last, expected_then),
                    level=after.level,
                    colour=verdict.colour,
                )
            )

    serials = allocate_serials(
        (n.serial for n in current),
        policy.notices.issuer,
        day.year,
        len(drafts),
        last_serial=last_serial,
    )
    units = {f.unit_id: Subject.unit(f.unit_id) for _, f, _ in drafts}
    issued = [
        issue(kind, serial, f.item_id, units[f.unit_id], day, why, calendar, policy.notices)
        for (kind, f, why), serial in zip(drafts, serials, strict=True)
    ]
    new_notices = (*(e.successor for e in escalations), *issued)
    deductions = tuple(
        deduction_entry(n) for n in new_notices if n.kind is NoticeKind.DAILY_SUPERVISION
    )
    return MonthEndReview(
        day=day,
        findings=tuple(findings),
        states=(*new_states, *known.values()),
        level_changes=tuple(changes),
        escalations=escalations,
        new_notices=new_notices,
        deductions=deductions,
        monthly_lists=_monthly_lists(lines, next_month),
        report=_report(day, findings, new_notices, len(escalations), policy),
    )
