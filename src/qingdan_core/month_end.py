"""The month-end cycle on a store: what a county runs on the last working day (R3, R15, R19).

:func:`gather` reads the month's inputs from a store — the key tasks with
their progress reports (R16, R19), the office's supervision state of each
(R18), the notices so far (R4, R16–R21) and the monthly task lists (R2) —
and says what is missing. :func:`run_month_end` refuses a month whose inputs
are incomplete, with the list of what is missing; otherwise it runs
:func:`~qingdan_core.review.month_end_review` on the month's last working day
and writes its results in one unit of work: the new supervision states,
every new and escalated notice, the deductions (R21, R22), the attention
level changes (R18) and the review itself (its 专报 data and next month's two
lists, read by the reports).

It then scores the month (R3, R12, R21): when the month's assessment inputs
(:class:`~qingdan_core.scoring.MonthRecord`, one per responsible unit and per
person in it) are all stored, each gets its score card with the month's
ledger entries; otherwise :attr:`MonthEnd.unscored` says which are missing.
Running it again on a month already reviewed keeps the stored review (it
writes no second one) and only scores what is not scored yet, or was scored
from inputs that changed since.

>>> from qingdan_core.storage import open_store
>>> from qingdan_core.periods import Month
>>> run_month_end(open_store("memory://"), Month(2025, 3))
Traceback (most recent call last):
...
qingdan_core.errors.IncompleteMonthError: month-end of 2025-03 refused, missing: key tasks (R19): none started by 2025-03-31 — load them: qingdan load --kind tasks (sheets 重点任务, 月度节点) or qingdan_core.sheets.load_tasks(store, path)

Each missing input says how to provide it (:data:`HOW`): the spreadsheet to
load, the command to run or the store method to call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from qingdan_core._checks import instance_of, plain_date
from qingdan_core._tuples import tuple_of
from qingdan_core.attention import TaskSupervision
from qingdan_core.calendar import WorkCalendar, china
from qingdan_core.errors import IncompleteMonthError
from qingdan_core.ledger import LedgerEntry, Subject
from qingdan_core.lists import ListItem
from qingdan_core.notices import Notice
from qingdan_core.periods import Month
from qingdan_core.review import MonthEndReview, ReviewPolicy, month_end_review
from qingdan_core.rhythm import month_schedule
from qingdan_core.scoring import ScoreCard, ScoringPolicy, score_months
from qingdan_core.storage.kinds import score_card_key
from qingdan_core.storage.protocol import Store
from qingdan_core.storage.repositories import Repositories

__all__ = ["HOW", "MonthEnd", "MonthEndInputs", "gather", "run_month_end"]

_SHOWN = 5

HOW = {
    "tasks": "load them: qingdan load --kind tasks (sheets 重点任务, 月度节点) "
    "or qingdan_core.sheets.load_tasks(store, path)",
    "levels": "loading the key tasks gives each its level (sheet 重点任务, column 初始关注等级); "
    "or store.supervision.add(TaskSupervision(item_id, level))",
    "order": "month-ends run in month order: this month can no longer be reviewed",
    "previous": "run it first: qingdan month-end --db DB --month {month} "
    "or qingdan_core.month_end.run_month_end(store, Month({year}, {number}))",
    "reports": "record each task's progress on its key-task list (store.checklists.get(list_id), "
    "qingdan_core.lists.report_progress(checklist, item_id, ProgressReport(day, share)), "
    "store.checklists.save(checklist, version))",
    "lists": "load them: qingdan load --kind lists (sheet 任务清单) "
    "or qingdan_core.sheets.load_lists(store, path)",
    "records": "store one qingdan_core.scoring.MonthRecord per unit and person "
    "(store.month_records.add_many(records)), then run the month-end again",
}
"""How to provide each kind of missing input, as the missing-input messages say it."""


@attrs.frozen
class MonthEndInputs:
    """A month's inputs as read from a store, and what is missing (empty when complete).

    ``day`` is the review day (the month's last working day, R3); ``states``
    and ``notices`` come with their stored versions, to save them again.
    """

    month: Month = attrs.field(validator=instance_of(Month))
    day: dt.date = attrs.field(validator=plain_date)
    tasks: tuple[ListItem, ...] = attrs.field(validator=tuple_of(ListItem))
    states: tuple[tuple[int, TaskSupervision], ...] = attrs.field(validator=tuple_of(tuple))
    notices: tuple[tuple[int, Notice], ...] = attrs.field(validator=tuple_of(tuple))
    missing: tuple[str, ...] = attrs.field(validator=tuple_of(str))


def _some(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN])
    return f"{shown} … ({len(ids)} in all)" if len(ids) > _SHOWN else shown


def gather(store: Store, month: Month, calendar: WorkCalendar | None = None) -> MonthEndInputs:
    """The inputs of ``month``'s month-end in ``store``, and what is missing (R2, R16, R18, R19).

    Missing: no key tasks; a key task without a supervision state (R18); a
    key task started before the month whose month before was not reviewed;
    a later month already reviewed; no progress report at all in the month
    (R16); people of the responsible units without the month's task list (R2).
    Each entry ends with how to provide it (``… — load them: qingdan load --kind
    tasks …``, :data:`HOW`).

    ``tasks`` holds every key task (the review skips none), ``missing`` is
    judged on those started by the month's end.

    :raises CalendarCoverageError: when the month is outside the calendar.
    """
    calendar = calendar or china()
    day = month_schedule(month, calendar).assessment_due
    units = [stored.value.unit_id for stored in store.units.all()]
    seen: dict[str, ListItem] = {}
    for unit_id in units:
        for task in store.checklists.tasks_by_unit(unit_id):
            if task.item.lead_leader_id is not None:
                seen.setdefault(task.item.item_id, task.item)
    every = list(seen.values())
    tasks = [t for t in every if t.assigned_on <= month.end]
    states = {s.key: (s.version, s.value) for s in store.supervision.all()}
    notices = tuple((s.version, s.value) for s in store.notices.all())
    missing: list[str] = []
    if not tasks:
        missing.append(f"key tasks (R19): none started by {month.end} — {HOW['tasks']}")
    unplaced = [t.item_id for t in every if t.item_id not in states]
    if unplaced:
        missing.append(f"attention levels (R18) of key tasks {_some(unplaced)} — {HOW['levels']}")
    later = sorted(
        {s.last_reviewed for _, s in states.values() if s.last_reviewed and s.last_reviewed > day}
    )
    if later:
        missing.append(
            f"the months in order (a later month-end already ran on {later[-1]}) — {HOW['order']}"
        )
    before = month.previous()
    behind = [
        t.item_id
        for t in tasks
        if t.assigned_on < month.start
        and t.item_id in states
        and (states[t.item_id][1].last_reviewed or dt.date.min) < before.start
    ]
    if behind:
        how = HOW["previous"].format(month=before, year=before.year, number=before.month)
        missing.append(f"the month-end of {before} for key tasks {_some(behind)} — {how}")
    if tasks and not any(r.day in month for t in tasks for r in t.reports):
        missing.append(
            f"progress reports (R16) of {month}: none of the {len(tasks)} key tasks — "
            + HOW["reports"]
        )
    responsible = sorted({t.responsible_unit_id for t in tasks if t.responsible_unit_id})
    without = []
    for unit_id in responsible:
        for stored in store.people.in_unit(unit_id):
            lists = store.checklists.for_owner(Subject.person(stored.key), month.start, month.start)
            if not any(s.value.type_code == "task" for s in lists):
                without.append(stored.key)
    if without:
        missing.append(
            f"monthly task lists (R2) of {month} for people {_some(without)} — {HOW['lists']}"
        )
    return MonthEndInputs(
        month,
        day,
        tuple(every),
        tuple(states[t.item_id] for t in every if t.item_id in states),
        notices,
        tuple(missing),
    )


@attrs.frozen
class MonthEnd:
    """What a month-end run did (R3, R15, R19).

    ``review`` is the month's review: the one this run made (``reviewed``) or
    the one stored by an earlier run. ``cards`` are the month's score cards
    when it could be scored (R3, R12), ``unscored`` says what scoring lacked
    (empty when scored); ``scored`` counts the cards this run wrote (new or
    recomputed).

    >>> from qingdan_core.demo import generate_county
    >>> from qingdan_core.demo.year import run_year
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = run_year(generate_county(seed=3, year=2025, units=3, people=12, tasks=4), store, months=2)
    >>> done = run_month_end(store, Month(2025, 2))  # reviewed and scored by the run already
    >>> done.reviewed, len(done.cards), done.unscored, done.scored
    (False, 15, (), 0)
    """

    review: MonthEndReview = attrs.field(validator=instance_of(MonthEndReview))
    reviewed: bool = attrs.field(validator=instance_of(bool))
    cards: tuple[ScoreCard, ...] = attrs.field(validator=tuple_of(ScoreCard))
    unscored: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    scored: int = attrs.field(validator=instance_of(int))


def _scoring(
    store: Store,
    month: Month,
    review: MonthEndReview,
    entries: Sequence[LedgerEntry],
    policy: ScoringPolicy | None,
) -> tuple[tuple[ScoreCard, ...], tuple[str, ...]]:
    """The month's score cards from its stored inputs, or what is missing (R3, R12, R21).

    The assessed are the units responsible for the reviewed key tasks, the
    people in them, and every subject of the month's ledger entries.
    """
    records = {
        s.value.subject: s.value for s in store.month_records.for_month(month.year, month.month)
    }
    units = sorted({f.unit_id for f in review.findings})
    wanted = [Subject.unit(u) for u in units]
    wanted += [Subject.person(p.key) for u in units for p in store.people.in_unit(u)]
    wanted += [e.subject for e in entries]
    absent = [str(s) for s in dict.fromkeys(wanted) if s not in records]
    if not records:
        return (), (f"month records (R3, R12) of {month}: none stored — {HOW['records']}",)
    if absent:
        return (), (f"month records (R3, R12) of {month} for {_some(absent)} — {HOW['records']}",)
    return score_months(records.values(), entries, policy), ()


def _save_cards(tx: Repositories, cards: Sequence[ScoreCard], month: Month) -> int:
    """Add the cards not stored yet and save those that changed; the number written."""
    stored = {s.key: s for s in tx.score_cards.for_month(month.year, month.month)}
    written = 0
    for card in cards:
        before = stored.get(score_card_key(card))
        if before is None:
            tx.score_cards.add(card)
        elif before.value != card:
            tx.score_cards.save(card, before.version)
        else:
            continue
        written += 1
    return written


def run_month_end(
    store: Store,
    month: Month,
    calendar: WorkCalendar | None = None,
    policy: ReviewPolicy | None = None,
    scoring: ScoringPolicy | None = None,
) -> MonthEnd:
    """Run ``month``'s month-end on ``store`` and write its results (R3, R15, R19; R4, R12, R16–R22).

    Reviews the month unless a review of it is stored already, then scores it
    if its month records are all stored (``scoring``: default
    :class:`~qingdan_core.scoring.WeightedPolicy`). Everything is written in
    one unit of work.

    :returns: the review, the score cards and what scoring lacked.
    :raises IncompleteMonthError: listing what the review needs and is missing;
        nothing is written.
    :raises ConflictError: when someone else changed a state, notice or card
        meanwhile (nothing is written; run it again).
    :raises ValidationError: when a stored month record does not fit the scoring policy.
    """
    calendar = calendar or china()
    stored = store.month_end_reviews.of_month(month)
    inputs = None
    if stored is None:
        inputs = gather(store, month, calendar)
        if inputs.missing:
            raise IncompleteMonthError(month, inputs.missing)
        review = month_end_review(
            inputs.tasks,
            [s for _, s in inputs.states],
            [n for _, n in inputs.notices],
            inputs.day,
            calendar,
            policy or ReviewPolicy(),
        )
    else:
        review = stored
    entries = [
        *store.ledger.between(month.start, month.end),
        *(e for e in (review.deductions if inputs else ()) if e.day in month),
    ]
    cards, unscored = _scoring(store, month, review, entries, scoring)
    with store.transaction() as tx:
        if inputs is not None:
            _write_review(tx, inputs, review)
        written = _save_cards(tx, cards, month)
    return MonthEnd(review, inputs is not None, cards, unscored, written)


def _write_review(tx: Repositories, inputs: MonthEndInputs, review: MonthEndReview) -> None:
    """Write what the review changed and issued, and the review itself (R15, R18, R19, R22)."""
    versions = {s.item_id: v for v, s in inputs.states}
    before = {str(n.serial): (v, n) for v, n in inputs.notices}
    old_states = {s.item_id: s for _, s in inputs.states}
    for state in review.states:
        if old_states.get(state.item_id) != state:
            tx.supervision.save(state, versions[state.item_id])
    for notice in review.notices_after(n for _, n in inputs.notices):
        key = str(notice.serial)
        if key not in before:
            tx.notices.add(notice)
        elif before[key][1] != notice:
            tx.notices.save(notice, before[key][0])
    tx.ledger.add_many(review.deductions)
    tx.level_changes.add_many(review.level_changes)
    tx.month_end_reviews.add(review)
