"""A county's year, month by month, through the library's rules and a store (R2–R25).

:func:`run_year` takes a generated :class:`~qingdan_core.demo.county.County` and
plays its year on the official working-day calendar:

* **month start** — each civil servant's monthly task list (任务清单, R2) is
  published with a performance commitment per item (月初履职承诺, R10);
* **every working day** — a work log (每日工作纪实, R10);
* **twice a month** — progress reports on the key tasks (R16): most keep to
  their milestones, some drift behind, some recover, a few stop reporting;
* **month end** — the supervision office's review (:func:`~qingdan_core.review.month_end_review`):
  attention levels move (R18), colour lists and notices are issued and
  escalated (R4, R16, R17, R20, R21), deductions go to the ledger (R22),
  next month's two lists are printed (R19); the in-charge leaders assess each
  person's list and the principal leaders sign it (R3, R5, R26); every
  person and unit gets a monthly score card (R3, R12, R21, R22) and a routine
  grade (R25); the signed results are filed in the archive (R5);
* **quarter end** — the quarterly review (季讲评, R12);
* **year end** — the annual review (年总评), the roll-up by set ratios (R14),
  competition ranking, annual grades with quotas (R23, R24) and the
  consequences for the bottom-ranked (R12, R13).

Randomness comes from ``random.Random`` seeded with the county's seed and the
record's id, and "today" is always the simulated day: the same county gives
the same year, on any store.

>>> from qingdan_core.demo.county import generate_county
>>> from qingdan_core.storage import open_store
>>> county = generate_county(seed=3, year=2025, units=3, people=12, tasks=4)
>>> result = run_year(county, open_store("memory://"), months=2)
>>> [str(m.month) for m in result.months]
['2025-01', '2025-02']
"""

from __future__ import annotations

import datetime as dt
import enum
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import attrs

from qingdan_core._checks import instance_of, int_between
from qingdan_core._tuples import tuple_of
from qingdan_core.archive import Filing, RecordKind
from qingdan_core.attention import TaskSupervision
from qingdan_core.authority import Action, Record, require
from qingdan_core.calendar import WorkCalendar, china
from qingdan_core.catalogue import builtin
from qingdan_core.colours import Colour
from qingdan_core.deadlines import expected_progress
from qingdan_core.demo.county import DISCIPLINE_UNIT, County
from qingdan_core.errors import CalendarCoverageError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject, SubjectKind
from qingdan_core.lifecycle import LifecycleEvent, assess, file, publish, sign, start, use
from qingdan_core.lists import (
    Checklist,
    Commitment,
    ListItem,
    ProgressReport,
    add_item,
    commit,
    report_progress,
)
from qingdan_core.notices import Notice, NoticeKind, NoticePolicy, answer, close
from qingdan_core.organisation import Organisation, Person
from qingdan_core.periods import Month, Week, Year
from qingdan_core.publicity import PublicBoard, public_board
from qingdan_core.reports.source import PostedBoard, ReportSource, Standing, standing
from qingdan_core.review import MonthEndReview, ReviewPolicy, month_end_review
from qingdan_core.rhythm import month_schedule
from qingdan_core.scoring import (
    Grade,
    GradePolicy,
    GradeResult,
    MonthRecord,
    PartScore,
    Rating,
    ScoreCard,
    grade,
    score_months,
)
from qingdan_core.storage.protocol import Store
from qingdan_core.worklog import LogEntry, WorkLog

__all__ = ["MonthSummary", "YearResult", "check_year", "run_year"]

_ZONE = ZoneInfo("Asia/Shanghai")
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)


_ROUTINE = ("完成领导交办事项", "参加政治理论学习", "报送工作信息")

_Step = Callable[..., tuple[Checklist, LifecycleEvent]]


def _cent(value: Decimal) -> Decimal:
    return value.quantize(_CENT, ROUND_HALF_UP)


def _clamp(value: Decimal, low: Decimal = Decimal(0), high: Decimal = _HUNDRED) -> Decimal:
    return max(low, min(high, value))


class _Pace(enum.Enum):
    """How a key task behaves over the year (hidden from the rules; the demo's script)."""

    STEADY = "steady"
    DRIFTING = "drifting"
    RECOVERING = "recovering"
    SILENT = "silent"


@attrs.frozen
class MonthSummary:
    """One line of the demo's month-by-month summary.

    >>> m = MonthSummary(Month(2025, 3), 80, 4, 2, 5, 1, 9, 1, Decimal("1.5"), 6, Decimal("88.41"), 31)
    >>> print(m.line())
    2025-03  任务 80 已完成 4  红 2 黄 5 蓝 1  通知 +9 升级 1  扣分 1.5  调级 6  单位均分 88.41  好 31
    """

    month: Month = attrs.field(validator=instance_of(Month))
    tasks: int = attrs.field(validator=int_between(0, None))
    done: int = attrs.field(validator=int_between(0, None))
    red: int = attrs.field(validator=int_between(0, None))
    yellow: int = attrs.field(validator=int_between(0, None))
    blue: int = attrs.field(validator=int_between(0, None))
    new_notices: int = attrs.field(validator=int_between(0, None))
    escalations: int = attrs.field(validator=int_between(0, None))
    deducted: Decimal = attrs.field(validator=instance_of(Decimal))
    level_changes: int = attrs.field(validator=int_between(0, None))
    unit_mean: Decimal = attrs.field(validator=instance_of(Decimal))
    good: int = attrs.field(validator=int_between(0, None))

    def line(self) -> str:
        """The summary as one line of text."""
        return (
            f"{self.month}  任务 {self.tasks} 已完成 {self.done}  "
            f"红 {self.red} 黄 {self.yellow} 蓝 {self.blue}  "
            f"通知 +{self.new_notices} 升级 {self.escalations}  扣分 {self.deducted}  "
            f"调级 {self.level_changes}  单位均分 {self.unit_mean}  好 {self.good}"
        )


@attrs.frozen
class YearResult:
    """Everything the year produced: the summaries, the report source and the standing.

    ``source`` holds the reviews, notices, ledger, score cards and boards the
    reports read (:mod:`qingdan_core.reports`); ``standing`` the ranks, grades
    and consequences of the run's last month's year (R12–R14, R23–R25);
    ``tasks`` the key tasks with all their progress reports; ``logs`` how
    many daily work logs were written (R10).
    """

    county: County = attrs.field(validator=instance_of(County))
    months: tuple[MonthSummary, ...] = attrs.field(validator=tuple_of(MonthSummary))
    tasks: tuple[ListItem, ...] = attrs.field(validator=tuple_of(ListItem))
    source: ReportSource = attrs.field(validator=instance_of(ReportSource))
    standing: Standing = attrs.field(validator=instance_of(Standing))
    logs: int = attrs.field(validator=int_between(0, None))


def check_year(year: int, calendar: WorkCalendar) -> None:
    """Return None when ``calendar`` covers ``year`` and the deadlines that run into the next year.

    Notices issued at the December review and the 限期整改 deadlines run into
    the next year, so the calendar must cover ``year`` and the first quarter after it.

    :raises CalendarCoverageError: naming the covered range.

    >>> check_year(2026, china())
    Traceback (most recent call last):
    ...
    qingdan_core.errors.CalendarCoverageError: 2027-03-31 is outside the calendar's coverage 2004-01-01..2026-12-31...
    """
    first, last = calendar.coverage
    for day in (dt.date(year, 1, 1), dt.date(year + 1, 3, 31)):
        if not first <= day <= last:
            raise CalendarCoverageError(day, calendar.coverage)


class _Run:
    """The mutable state of one run (private: the public result is a frozen value)."""

    def __init__(
        self, county: County, store: Store, calendar: WorkCalendar, say: Callable[[str], None]
    ) -> None:
        self.county = county
        self.org: Organisation = county.organisation
        self.store = store
        self.calendar = calendar
        self.say = say
        self.seed = county.seed
        self.year = county.year
        self.catalogue = builtin()
        self.policy = ReviewPolicy(notices=NoticePolicy(discipline_body=DISCIPLINE_UNIT))
        self.office = county.office_staff_id
        self.units = [u.unit_id for u in county.business_units]
        unit_set = set(self.units)
        self.people = [p for p in self.org.people if p.unit_id in unit_set]
        self.person_by_id = {p.person_id: p for p in self.org.people}
        self.assessor = self._assessors()
        self.signer = {
            p.person_id: _principal(self.org, Subject.person(p.person_id)) for p in self.people
        }
        self.key_tasks = Checklist(
            f"key-{self.year}",
            "unit_implementation",
            Subject.unit(county.organisation.units[1].unit_id),
            Year(self.year),
            county.tasks,
        )
        self.events: list[LifecycleEvent] = []
        self.key_tasks = self._advance(
            self.key_tasks,
            ((publish, self.office), (start, self.office)),
            self._at(dt.date(self.year, 1, 2)),
            "重点任务交办",
        )
        self.key_version = 0
        self.capacity = {
            u: Decimal(f"{self._rng('capacity', u).uniform(0.2, 1.0):.3f}") for u in self.units
        }
        self.paces = {t.item_id: self._pace(t) for t in county.tasks}
        self.states: tuple[TaskSupervision, ...] = county.supervision
        self.notices: list[Notice] = []
        self.ledger: list[LedgerEntry] = []
        self.reviews: list[MonthEndReview] = []
        self.unit_cards: list[ScoreCard] = []
        self.person_cards: list[ScoreCard] = []
        self.routine: list[tuple[str, GradeResult]] = []
        self.boards: list[PostedBoard] = []
        self.summaries: list[MonthSummary] = []
        self.logs = 0
        self.month_logs: list[WorkLog] = []
        self.weekly: list[Checklist] = []
        self.showcase = 0
        self.diligence = {
            p.person_id: Decimal(f"{self._rng(p.person_id).betavariate(5, 2):.3f}")
            for p in self.people
        }

    # ------------------------------------------------------------------ helpers

    def _rng(self, *key: object) -> random.Random:
        return random.Random(":".join(str(k) for k in (self.seed, *key)))

    def _pace(self, task: ListItem) -> tuple[_Pace, int]:
        rng = self._rng("pace", task.item_id)
        weak = float(1 - self.capacity[task.responsible_unit_id or ""])
        pace = rng.choices(list(_Pace), weights=(60, 5 + 40 * weak, 15, 5 + 10 * weak))[0]
        return pace, rng.randint(1, 3)

    def _assessors(self) -> dict[str, str]:
        """Who assesses each person's month: the in-charge leader in charge of them (R3)."""
        found: dict[str, str] = {}
        for leader in self.org.people:
            for charge in leader.in_charge_of:
                if charge.kind is SubjectKind.PERSON:
                    found[charge.id] = leader.person_id
        for leader in self.org.people:
            for charge in leader.in_charge_of:
                if charge.kind is SubjectKind.UNIT:
                    for person in self.org.people:
                        if person.unit_id == charge.id:
                            found.setdefault(person.person_id, leader.person_id)
        return found

    def _at(self, day: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=_ZONE)

    def _advance(
        self, checklist: Checklist, moves: Sequence[tuple[_Step, str]], when: dt.datetime, why: str
    ) -> Checklist:
        """``checklist`` moved through ``moves`` (transition, actor) at ``when``; events kept (R7)."""
        for step, actor in moves:
            checklist, event = step(checklist, actor_id=actor, now=when, reason=why)
            self.events.append(event)
        return checklist

    # ------------------------------------------------------------------ the month

    def month(self, month: Month) -> None:
        plan = month_schedule(month, self.calendar)
        review_day = plan.assessment_due
        lists = self._task_lists(month, plan.task_list_due, plan.commitment_due)
        self._logs(month, lists)
        mid = self.calendar.add_workdays(dt.date(month.year, month.month, 14), 0)
        for day in (mid, review_day):
            self._report(month, day)
        lists = self._finish_lists(month, lists, review_day)
        review = month_end_review(
            self.key_tasks.items, self.states, self.notices, review_day, self.calendar, self.policy
        )
        self.notices = list(review.notices_after(self.notices))
        self.states = review.states
        self.reviews.append(review)
        entries = list(review.deductions) + self._showcase(month, review_day)
        self.ledger.extend(entries)
        self._answer(review.new_notices)
        unit_records = self._unit_records(month, review)
        person_records = self._person_records(month, lists, review)
        unit_cards = score_months(
            unit_records, [e for e in entries if e.subject.kind is SubjectKind.UNIT]
        )
        person_cards = score_months(
            person_records, [e for e in entries if e.subject.kind is SubjectKind.PERSON]
        )
        self.unit_cards.extend(unit_cards)
        self.person_cards.extend(person_cards)
        routine = grade(
            {c.subject.id: c.total for c in person_cards},
            {p.person_id: p.unit_id for p in self.people},
            policy=GradePolicy.routine(),
        )
        self.routine.extend((str(month), g) for g in routine)
        self._boards(month, lists)
        self._store(
            month,
            lists,
            review,
            entries,
            (*unit_records, *person_records),
            unit_cards,
            person_cards,
        )
        self.events.clear()
        self.month_logs.clear()
        self.weekly.clear()
        colours = Counter(f.colour for f in review.findings)
        self.summaries.append(
            MonthSummary(
                month,
                len(review.findings),
                sum(1 for f in review.findings if f.state.done),
                colours[Colour.RED],
                colours[Colour.YELLOW],
                colours[Colour.BLUE],
                len(review.new_notices),
                len(review.escalations),
                sum((-e.points for e in review.deductions), Decimal(0)),
                len(review.level_changes),
                _cent(Decimal(statistics.fmean(float(c.total) for c in unit_cards)).quantize(_CENT))
                if unit_cards
                else Decimal(0),
                sum(1 for g in routine if g.grade is Grade.GOOD),
            )
        )

    def _task_lists(self, month: Month, due: dt.date, committed: dt.date) -> list[Checklist]:
        """Each person's monthly task list (R2), published with commitments (R10)."""
        out = []
        for person in self.people:
            rng = self._rng("list", person.person_id, month)
            checklist = Checklist(
                f"任务-{person.person_id}-{month}", "task", Subject.person(person.person_id), month
            )
            work = rng.sample((*person.post.duties, *_ROUTINE), rng.choice((2, 2, 3)))
            for n, text in enumerate(work, start=1):
                checklist = add_item(
                    checklist,
                    ListItem(
                        f"i-{n}",
                        f"{month.label}{text}",
                        month.start,
                        month.end,
                        responsible_person_id=person.person_id,
                    ),
                )
            checklist = self._advance(
                checklist, ((publish, person.person_id),), self._at(due), "月初建单"
            )
            for item in checklist.items:
                checklist = commit(
                    checklist, item.item_id, Commitment(committed, f"按期完成:{item.text}")
                )
            out.append(
                self._advance(checklist, ((start, person.person_id),), self._at(committed), "办单")
            )
        return out

    def _logs(self, month: Month, lists: Sequence[Checklist]) -> None:
        """A daily work log for every person and working day (R10)."""
        days = [d for d in month.days() if self.calendar.is_workday(d)]
        for checklist in lists:
            first = checklist.items[0]
            for day in days:
                self.month_logs.append(
                    WorkLog(
                        checklist.owner.id,
                        day,
                        (LogEntry(first.text, list_id=checklist.list_id, item_id=first.item_id),),
                    )
                )
        self.logs += len(days) * len(lists)

    def _report(self, month: Month, day: dt.date) -> None:
        """Progress reports on the key tasks on ``day`` (R16), following each task's pace."""
        checklist = self.key_tasks
        for task in checklist.items:
            if day < task.assigned_on or task.latest_progress >= _ONE:
                continue
            pace, onset = self.paces[task.item_id]
            rng = self._rng("report", task.item_id, day)
            elapsed = (
                (month.year - task.assigned_on.year) * 12 + month.month - task.assigned_on.month
            )
            if pace is _Pace.SILENT and elapsed >= onset and rng.random() < 0.5:
                continue
            expected = Decimal(
                float(
                    expected_progress(day, task.assigned_on, task.due, milestones=task.milestones)
                )
            )
            lag = Decimal(f"{rng.uniform(-0.04, 0.05):.3f}")
            if pace is _Pace.DRIFTING and elapsed >= onset:
                lag += Decimal("0.08") * (elapsed - onset + 1)
            if pace is _Pace.RECOVERING and onset <= elapsed < onset + 2:
                lag += Decimal("0.14") * (elapsed - onset + 1)
            progress = _clamp(expected - lag, task.latest_progress, _ONE)
            if day >= task.due and pace is not _Pace.DRIFTING:
                progress = _ONE
            if day > task.due:
                progress = _clamp(task.latest_progress + Decimal("0.15"), high=_ONE)
            progress = progress.quantize(_CENT)
            checklist = report_progress(
                checklist, task.item_id, ProgressReport(day, progress, f"{month.label}进展")
            )
        self.key_tasks = checklist

    def _finish_lists(
        self, month: Month, lists: Sequence[Checklist], review_day: dt.date
    ) -> list[Checklist]:
        """Report each person's items, then assess (R3), sign (R5), use and file their list."""
        out = []
        for checklist in lists:
            person = checklist.owner.id
            diligence = self.diligence[person]
            for item in checklist.items:
                rng = self._rng("item", checklist.list_id, item.item_id)
                share = _clamp(diligence + Decimal(f"{rng.uniform(0, 0.45):.2f}"), high=_ONE)
                checklist = report_progress(
                    checklist, item.item_id, ProgressReport(review_day, share.quantize(_CENT))
                )
            record = Record.of_list(checklist, self.catalogue)
            assessor, signer = self.assessor[person], self.signer[person]
            require(self.org, assessor, Action.ASSESS, record)
            require(self.org, signer, Action.SIGN, record)
            moves = ((assess, assessor), (sign, signer), (use, signer), (file, signer))
            out.append(
                self._advance(checklist, moves, self._at(month.end, 18), f"{month.label}考评")
            )
        return out

    def _showcase(self, month: Month, day: dt.date) -> list[LedgerEntry]:
        """Two 一线干部风采录 entries a quarter (R22), chosen by the seed."""
        if month.month % 3:
            return []
        chosen = self._rng("showcase", month).sample(self.people, min(2, len(self.people)))
        out = []
        for person in chosen:
            self.showcase += 1
            out.append(
                LedgerEntry(
                    f"风采录-{self.year}-{self.showcase}",
                    Subject.person(person.person_id),
                    day,
                    EntryKind.SHOWCASE,
                    _ONE,
                    f"风采录〔{self.year}〕{self.showcase}号",
                    "R22",
                    f"{person.name}在一线攻坚中表现突出",
                )
            )
        return out

    def _answer(self, issued: Iterable[Notice]) -> None:
        """Most addressees answer a notice the next working day and the office closes it;
        some never answer, so the next review escalates it (R4, R17, R21)."""
        replaced = {}
        for notice in issued:
            if notice.kind is NoticeKind.ACCOUNTABILITY:
                continue
            if self._rng("answer", notice.serial).random() < 0.2:
                continue
            answered = answer(notice, self.calendar.add_workdays(notice.issued_on, 1))
            replaced[notice.serial] = close(
                answered, self.calendar.add_workdays(notice.issued_on, 2)
            )
        self.notices = [replaced.get(n.serial, n) for n in self.notices]

    def _ratings(
        self, subject: str, base: Decimal, raters: Sequence[tuple[str, str]]
    ) -> tuple[Rating, ...]:
        out = []
        for group, rater in raters:
            noise = Decimal(f"{self._rng('rate', subject, rater, base).uniform(-4, 4):.1f}")
            score = _clamp(base + noise)
            out.append(Rating(group, rater, score))
        return tuple(out)

    def _unit_records(self, month: Month, review: MonthEndReview) -> list[MonthRecord]:
        """Each unit's month to score (R3, R12): key tasks, attendance, ratings, supervision."""
        findings = defaultdict(list)
        for finding in review.findings:
            findings[finding.unit_id].append(finding)
        records = []
        leader_of = {t.responsible_unit_id: t.lead_leader_id for t in self.county.tasks}
        for unit_id in self.units:
            found = findings.get(unit_id, [])
            behind = [max(f.state.lag, Decimal(0)) for f in found]
            task = _clamp(_HUNDRED - (sum(behind, Decimal(0)) / len(behind) if behind else 0))
            colours = Counter(f.colour for f in found)
            supervision = _clamp(
                _HUNDRED
                - 10 * colours[Colour.RED]
                - 5 * colours[Colour.YELLOW]
                - 2 * colours[Colour.BLUE]
            )
            quality = (task + supervision) / 2 - 25 * (1 - self.capacity[unit_id])
            others = [u for u in self.units if u != unit_id][:2]
            raters = [("leaders", leader_of.get(unit_id) or "p-xz")]
            raters += [("colleagues", f"p-{u[2:]}-1") for u in others]
            raters += [("public", f"群众-{unit_id}-{month}")]
            records.append(
                MonthRecord(
                    Subject.unit(unit_id),
                    month.year,
                    month.month,
                    parts=(
                        PartScore("task", _cent(task)),
                        PartScore("attendance", Decimal(100)),
                        PartScore("supervision", _cent(supervision)),
                    ),
                    ratings=self._ratings(unit_id, _cent(quality), raters),
                )
            )
        return records

    def _person_records(
        self, month: Month, lists: Sequence[Checklist], review: MonthEndReview
    ) -> list[MonthRecord]:
        """Each person's month to score (R3, R12) from their assessed list."""
        unit_colour = Counter(
            f.unit_id for f in review.findings if f.colour in (Colour.RED, Colour.YELLOW)
        )
        by_unit: dict[str, list[str]] = defaultdict(list)
        for person in self.people:
            by_unit[person.unit_id].append(person.person_id)
        records = []
        for checklist in lists:
            person = self.person_by_id[checklist.owner.id]
            done = sum((i.latest_progress for i in checklist.items), Decimal(0))
            task = _cent(done / len(checklist.items) * _HUNDRED)
            rng = self._rng("attend", person.person_id, month)
            attendance = Decimal(rng.choices((100, 95, 90), weights=(85, 10, 5))[0])
            supervision = _clamp(_HUNDRED - 3 * unit_colour[person.unit_id], Decimal(60))
            base = _clamp(Decimal(45) + self.diligence[person.person_id] * 55)
            colleagues = [p for p in by_unit[person.unit_id] if p != person.person_id][:2]
            raters = [("leaders", self.assessor[person.person_id])]
            raters += [("colleagues", c) for c in colleagues]
            raters += [("public", f"群众-{person.person_id}-{month}")]
            records.append(
                MonthRecord(
                    Subject.person(person.person_id),
                    month.year,
                    month.month,
                    parts=(
                        PartScore("task", task),
                        PartScore("attendance", attendance),
                        PartScore("supervision", supervision),
                    ),
                    ratings=self._ratings(person.person_id, _cent(base), raters),
                )
            )
        return records

    def _boards(self, month: Month, lists: Sequence[Checklist]) -> None:
        """The public boards (R11) of the month's last week: each person's weekly list."""
        by_unit: dict[str, list[PublicBoard]] = defaultdict(list)
        for checklist in lists:
            weekly = Checklist(
                f"周-{checklist.list_id}",
                "weekly",
                checklist.owner,
                Week.containing(month.end),
                tuple(attrs.evolve(item, commitment=None) for item in checklist.items),
                stage=checklist.stage,
            )
            self.weekly.append(weekly)
            unit = self.person_by_id[checklist.owner.id].unit_id
            by_unit[unit].append(public_board(weekly, self.org, self.catalogue))
        for unit_id in self.units:
            self.boards.append(PostedBoard(month, unit_id, tuple(by_unit[unit_id])))

    def start(self) -> None:
        """Store the county: units, people, guidance groups and the key-task list (R15, R19)."""
        with self.store.transaction() as tx:
            tx.units.add_many(self.org.units)
            tx.people.add_many(self.org.people)
            tx.guidance_groups.add_many(self.org.guidance_groups)
            self.key_version = tx.checklists.add(self.key_tasks).version
            tx.lifecycle.add_many(self.events)
            tx.supervision.add_many(self.states)
        self.events.clear()
        self.stored_states = {s.item_id: (1, s) for s in self.states}
        self.stored_notices: dict[str, tuple[int, Notice]] = {}

    def _store(
        self,
        month: Month,
        lists: Sequence[Checklist],
        review: MonthEndReview,
        entries: Sequence[LedgerEntry],
        records: Sequence[MonthRecord],
        unit_cards: Sequence[ScoreCard],
        person_cards: Sequence[ScoreCard],
    ) -> None:
        """Write the month in one unit of work: lists, events, logs, ledger, the review, the
        scoring inputs and cards, the archive (R3, R5, R10, R15, R19, R22)."""
        filed_at = self._at(month.end, 18)
        with self.store.transaction() as tx:
            self.key_version = tx.checklists.save(self.key_tasks, self.key_version).version
            tx.checklists.add_many((*lists, *self.weekly))
            tx.lifecycle.add_many(self.events)
            tx.work_logs.add_many(self.month_logs)
            tx.ledger.add_many(entries)
            tx.month_end_reviews.add(review)
            tx.level_changes.add_many(review.level_changes)
            tx.month_records.add_many(records)
            tx.score_cards.add_many((*unit_cards, *person_cards))
            for state in self.states:
                version, before = self.stored_states[state.item_id]
                if state != before:
                    version = tx.supervision.save(state, version).version
                    self.stored_states[state.item_id] = (version, state)
            for notice in self.notices:
                key = str(notice.serial)
                if key not in self.stored_notices:
                    self.stored_notices[key] = (tx.notices.add(notice).version, notice)
                elif self.stored_notices[key][1] != notice:
                    version = tx.notices.save(notice, self.stored_notices[key][0]).version
                    self.stored_notices[key] = (version, notice)
            filings: list[Filing] = []
            for notice in review.new_notices:
                unit = (notice.concerning or notice.addressee).id
                filings.append(
                    Filing.of(
                        unit,
                        Subject.unit(unit),
                        RecordKind.NOTICE,
                        str(notice.serial),
                        notice,
                        signed_by=self.office,
                        filed_at=filed_at,
                    )
                )
            for entry in entries:
                unit = (
                    entry.subject.id
                    if entry.subject.kind is SubjectKind.UNIT
                    else self.person_by_id[entry.subject.id].unit_id
                )
                filings.append(
                    Filing.of(
                        unit,
                        entry.subject,
                        RecordKind.LEDGER_ENTRY
                        if entry.kind is EntryKind.DEDUCTION
                        else RecordKind.SHOWCASE,
                        entry.entry_id,
                        entry,
                        signed_by=self.office,
                        filed_at=filed_at,
                    )
                )
            for card in unit_cards:
                signer = _principal(self.org, card.subject)
                filings.append(
                    Filing.of(
                        card.subject.id,
                        card.subject,
                        RecordKind.ASSESSMENT_LIST,
                        f"考核-{card.subject.id}-{card.period}",
                        card,
                        signed_by=signer,
                        filed_at=filed_at,
                    )
                )
            for card in person_cards:
                person = card.subject.id
                filings.append(
                    Filing.of(
                        self.person_by_id[person].unit_id,
                        card.subject,
                        RecordKind.ASSESSMENT_LIST,
                        f"考核-{person}-{card.period}",
                        card,
                        signed_by=self.signer[person],
                        filed_at=filed_at,
                    )
                )
            tx.archive.append_many(filings)

    # ------------------------------------------------------------------ the year end

    def result(self, last: Month) -> YearResult:
        """The year's result: the report source and the standing of the year so far (R12–R14, R23–R25)."""
        names = [(u.unit_id, u.name) for u in self.org.units]
        names += [(p.person_id, p.name) for p in self.org.people]
        source = ReportSource(
            names=tuple(names),
            unit_of=tuple((p.person_id, p.unit_id) for p in self.people),
            units=tuple(self.units),
            reviews=tuple(self.reviews),
            notices=tuple(self.notices),
            ledger=tuple(self.ledger),
            unit_cards=tuple(self.unit_cards),
            person_cards=tuple(self.person_cards),
            boards=tuple(self.boards),
            archive_root=self.store.archive.root(),
        )
        return YearResult(
            county=self.county,
            months=tuple(self.summaries),
            tasks=self.key_tasks.items,
            source=source,
            standing=standing(source, Year(last.year), self.calendar),
            logs=self.logs,
        )


def _principal(org: Organisation, subject: Subject) -> str:
    person: Person | None = org.principal_for(subject)
    if person is None:  # pragma: no cover - the generated county always has a 书记
        raise ValidationError("organisation", f"nobody signs for {subject} (R5)")
    return person.person_id


def run_year(
    county: County,
    store: Store,
    *,
    calendar: WorkCalendar | None = None,
    months: int = 12,
    progress: Callable[[str], None] | None = None,
    on_month: Callable[[MonthSummary], None] | None = None,
) -> YearResult:
    """Play ``county``'s year (its first ``months`` months) through the rules, writing to ``store``.

    The store must have its schema (``store.create_schema()``). Each month is
    written in one unit of work: its ledger entries (R22), its month-end review
    (R15, R19), its scoring inputs and score cards (R3, R12) and its archive
    filings — notices, deductions, showcase entries, signed monthly score
    cards (R5). ``progress`` receives short progress messages; ``on_month``
    each month's summary as soon as the month is done.

    :raises CalendarCoverageError: when ``calendar`` (default :func:`~qingdan_core.calendar.china`)
        does not cover the year and the first quarter after it.
    :raises ValidationError: for ``months`` outside 1–12.
    """
    calendar = calendar or china()
    check_year(county.year, calendar)
    if not 1 <= months <= 12:
        raise ValidationError("months", f"must be between 1 and 12, got {months}")
    say = progress or (lambda _message: None)
    run = _Run(county, store, calendar, say)
    run.start()
    last = Month(county.year, 1)
    for number in range(1, months + 1):
        last = Month(county.year, number)
        say(f"{last.label}: 建单、办单、月末督考与考评…")
        run.month(last)
        if on_month is not None:
            on_month(run.summaries[-1])
    say("年终:总评、排名、定等次…")
    return run.result(last)
