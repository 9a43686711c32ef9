"""The typed repositories: one per stored value type, each naming its queries.

Every query states its order and takes one round trip to the database. Those
on versioned kinds return :class:`~qingdan_core.storage.protocol.Stored`
values (key, version, value); those on append-only kinds return the values.
:class:`Repositories` holds them all, bound to one session.

>>> from qingdan_core.storage import open_store
>>> from qingdan_core.organisation import Unit
>>> store = open_store("memory://")
>>> first = store.units.add(Unit("u-tax", "县税务局"))
>>> store.units.save(Unit("u-tax", "国家税务总局某县税务局"), version=first.version).version
2
>>> store.units.save(Unit("u-tax", "县税务局"), version=1)
Traceback (most recent call last):
...
qingdan_core.errors.ConflictError: units u-tax: stale version 1; stored version is 2
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from qingdan_core.archive import ArchiveEntry, Filing, chain, verify
from qingdan_core.archive_seal import (
    ROOT_LABEL,
    ArchiveKey,
    ArchiveRoot,
    ArchiveSummary,
    FileHead,
    SealScheme,
    files_of,
    verify_archive,
)
from qingdan_core.attention import AttentionLevel, LevelChange, TaskSupervision
from qingdan_core.codec import structure, unstructure
from qingdan_core.contracts import CommitmentContract
from qingdan_core.errors import ArchiveTamperedError, NotFoundError, ValidationError
from qingdan_core.ledger import LedgerEntry, Subject
from qingdan_core.lifecycle import LifecycleEvent
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.notice_files import KeptNotice
from qingdan_core.notices import Notice, NoticeStatus
from qingdan_core.organisation import GuidanceGroup, Organisation, Person, Unit
from qingdan_core.periods import Month
from qingdan_core.review import MonthEndReview
from qingdan_core.scoring.card import ScoreCard
from qingdan_core.scoring.records import MonthRecord
from qingdan_core.storage.generic import AppendOnly, Upserted, Versioned
from qingdan_core.storage.kinds import (
    ARCHIVE,
    ARCHIVE_HEADS,
    ARCHIVE_ROOT,
    CHECKLISTS,
    CONTRACTS,
    GUIDANCE_GROUPS,
    HOLIDAY_NOTICES,
    LEDGER,
    LEVEL_CHANGES,
    LIFECYCLE_EVENTS,
    MONTH_END_REVIEWS,
    MONTH_RECORDS,
    NOTICES,
    PEOPLE,
    ROOT_KEY,
    SCORE_CARDS,
    SUPERVISION,
    UNITS,
    WORK_LOGS,
    head_key,
    score_card_key,
)
from qingdan_core.storage.protocol import Query, Record, Session, Stored
from qingdan_core.storage.write_rules import WriteRules
from qingdan_core.worklog import WorkLog

__all__ = [
    "ArchiveRepository",
    "ChecklistRepository",
    "ContractRepository",
    "GuidanceGroupRepository",
    "HolidayNoticeRepository",
    "LedgerRepository",
    "LevelChangeRepository",
    "LifecycleRepository",
    "MonthEndReviewRepository",
    "MonthRecordRepository",
    "NoticeRepository",
    "PersonRepository",
    "Repositories",
    "ScoreCardRepository",
    "SupervisionRepository",
    "Task",
    "UnitRepository",
    "WorkLogRepository",
]


class LevelChangeRepository(AppendOnly[LevelChange]):
    """Attention level changes with their reasons (R18), append-only.

    >>> import datetime as dt
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> store.level_changes.add(LevelChange("i-1", dt.date(2026, 11, 20), AttentionLevel.GENERAL,
    ...                                     AttentionLevel.ATTENTION, "滞后 12 个百分点"))
    >>> [c.after.label for c in store.level_changes.for_task("i-1")]
    ['关注']
    """

    kind = LEVEL_CHANGES

    def for_task(self, item_id: str) -> tuple[LevelChange, ...]:
        """The changes of task ``item_id``, by day, then insertion order."""
        return self._select(Query(equal=(("item_id", item_id),), order_by=("day",)))

    def between(self, first: dt.date, last: dt.date) -> tuple[LevelChange, ...]:
        """Every change dated ``first`` to ``last`` (inclusive), by day, then insertion order."""
        return self._select(Query(between=(("day", first, last),), order_by=("day",)))


M = TypeVar("M")
S = TypeVar("S")


class LedgerRepository(AppendOnly[LedgerEntry]):
    """The 纪实台帐 ledger entries (R21, R22), append-only.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from qingdan_core.ledger import EntryKind
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> store.ledger.add(LedgerEntry("L-1", Subject.unit("u-1"), dt.date(2026, 11, 20),
    ...     EntryKind.DEDUCTION, Decimal("-0.5"), "督考〔2026〕17号", "R21", "未按时报送"))
    >>> [e.entry_id for e in store.ledger.for_subject(Subject.unit("u-1"))]
    ['L-1']
    """

    kind = LEDGER

    def add_many(self, values: Iterable[LedgerEntry]) -> int:
        """Add every entry of ``values`` in one write (see :meth:`AppendOnly.add_many`).

        :raises PermissionDeniedError: when the unit of work's actor may not score
            one of them (see :mod:`~qingdan_core.storage.write_rules`; nothing written).
        """
        values = tuple(values)
        for entry in values:
            if isinstance(entry, LedgerEntry):  # another type is refused below
                self._rules.scored(entry.entry_id, entry.subject)
        return super().add_many(values)

    def for_subject(
        self, subject: Subject, first: dt.date | None = None, last: dt.date | None = None
    ) -> tuple[LedgerEntry, ...]:
        """The entries about ``subject`` dated ``first`` to ``last`` (inclusive; None: open).

        In one query; ordered by day, then insertion order. A unit's month is
        ``for_subject(Subject.unit(u), month.start, month.end)``.
        """
        return self._select(
            Query(
                equal=(("subject", str(subject)),),
                between=(("day", first, last),),
                order_by=("day",),
            )
        )

    def between(self, first: dt.date, last: dt.date) -> tuple[LedgerEntry, ...]:
        """Every entry dated ``first`` to ``last`` (inclusive), by day then insertion order."""
        return self._select(Query(between=(("day", first, last),), order_by=("day",)))


class UnitRepository(Versioned[Unit]):
    """Units (单位), versioned.

    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.units.add_many([Unit("u-county", "某县"), Unit("u-tax", "县税务局", "u-county")])
    >>> [s.key for s in store.units.children("u-county")]
    ['u-tax']
    """

    kind = UNITS

    def children(self, parent_id: str) -> tuple[Stored[Unit], ...]:
        """The units whose parent is ``parent_id``, in insertion order."""
        return self._select(Query(equal=(("parent_id", parent_id),)))


class PersonRepository(Versioned[Person]):
    """People (公务员/干部), versioned. A person's unit must be stored first.

    >>> from qingdan_core.organisation import Post, Unit
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.units.add(Unit("u-tax", "县税务局"))
    >>> _ = store.people.add(Person("p-7", "金涛", "u-tax", Post("征管员")))
    >>> [s.value.name for s in store.people.in_unit("u-tax")]
    ['金涛']
    >>> store.people.add(Person("p-8", "沈", "u-gone", Post("科员")))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: people['p-8'].unit_id: no unit 'u-gone' is stored
    """

    kind = PEOPLE

    def in_unit(self, unit_id: str) -> tuple[Stored[Person], ...]:
        """The people of unit ``unit_id``, in insertion order."""
        return self._select(Query(equal=(("unit_id", unit_id),)))


class GuidanceGroupRepository(Versioned[GuidanceGroup]):
    """The supervision office's guidance groups (业务指导组, R15), versioned.

    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.guidance_groups.add(GuidanceGroup("g-1", "第一指导组", "p-9", ("u-1", "u-2")))
    >>> [s.key for s in store.guidance_groups.covering("u-2")]
    ['g-1']
    """

    kind = GUIDANCE_GROUPS

    def covering(self, unit_id: str) -> tuple[Stored[GuidanceGroup], ...]:
        """The groups whose units include ``unit_id``, in insertion order."""
        return self._select(Query(equal=(("unit_ids", unit_id),)))

    def led_by(self, leader_id: str) -> tuple[Stored[GuidanceGroup], ...]:
        """The groups led by ``leader_id``, in insertion order."""
        return self._select(Query(equal=(("leader_id", leader_id),)))


@attrs.frozen
class Task:
    """A list item (a task, R19) with the stored list it belongs to (save that to change it).

    >>> from qingdan_core.periods import Month
    >>> empty = Checklist("L-1", "task", Subject.unit("u-1"), Month(2026, 11))
    >>> Task(Stored("L-1", 1, empty), ListItem("i-1", "报批", empty.period.start, empty.period.end)).item.item_id
    'i-1'
    """

    checklist: Stored[Checklist]
    item: ListItem


class ChecklistRepository(Versioned[Checklist]):
    """Lists (清单, R2, R8, R19) and their items, versioned.

    The task queries return :class:`Task` values: each matching item with its
    list, ordered by the lists' insertion order, then the items' order in
    their list. Each takes one query.

    >>> import datetime as dt
    >>> from qingdan_core.periods import Month
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> item = ListItem("i-1", "完成项目用地报批", dt.date(2026, 11, 1), dt.date(2026, 11, 30),
    ...                 lead_leader_id="p-vice", responsible_unit_id="u-land")
    >>> _ = store.checklists.add(Checklist("L-1", "task", Subject.unit("u-land"), Month(2026, 11), (item,)))
    >>> [(t.checklist.key, t.item.item_id) for t in store.checklists.tasks_by_unit("u-land")]
    [('L-1', 'i-1')]
    """

    kind = CHECKLISTS

    def add(self, value: Checklist) -> Stored[Checklist]:
        """Add ``value`` at version 1 (see :meth:`Versioned.add`).

        :raises PermissionDeniedError: when the unit of work's actor may not fill it
            in (see :mod:`~qingdan_core.storage.write_rules`; nothing written).
        """
        if isinstance(value, Checklist):  # another type is refused below
            self._rules.list_added(value)
        return super().add(value)

    def add_many(self, values: Iterable[Checklist]) -> int:
        """Add every list of ``values`` in one write (see :meth:`Versioned.add_many`).

        :raises PermissionDeniedError: as :meth:`add` does.
        """
        values = tuple(values)
        for value in values:
            if isinstance(value, Checklist):  # another type is refused below
                self._rules.list_added(value)
        return super().add_many(values)

    def save(self, value: Checklist, version: int) -> Stored[Checklist]:
        """Save ``value`` over the stored list (see :meth:`Versioned.save`).

        :raises PermissionDeniedError: when the stored list is signed and would change
            other than moving on to used and filed (R5, for anyone), or the unit of
            work's actor may not make the change (R3, R26).
        """
        if isinstance(value, Checklist):  # another type is refused below
            self._rules.list_saved(self.get(self.kind.key(value)).value, value)
        return super().save(value, version)

    def upsert(self, value: Checklist, *, expected: int | None = None) -> Upserted[Checklist]:
        """Add or save ``value`` (see :meth:`Versioned.upsert`), under the rules of :meth:`save`.

        :raises PermissionDeniedError: as :meth:`add` and :meth:`save` do.
        """
        if isinstance(value, Checklist):  # another type is refused below
            try:
                before = self.get(self.kind.key(value)).value
            except NotFoundError:
                self._rules.list_added(value)
            else:
                if before != value:
                    self._rules.list_saved(before, value)
        return super().upsert(value, expected=expected)

    def for_owner(
        self, owner: Subject, first: dt.date | None = None, last: dt.date | None = None
    ) -> tuple[Stored[Checklist], ...]:
        """The lists of ``owner`` whose period starts ``first`` to ``last`` (inclusive; None:
        open), by period start, then insertion order. A unit's month is
        ``for_owner(Subject.unit(u), month.start, month.end)``."""
        return self._select(
            Query(
                equal=(("owner", str(owner)),),
                between=(("period_start", first, last),),
                order_by=("period_start",),
            )
        )

    def _tasks(
        self, field: str, values: tuple[str, ...], pick: Callable[[ListItem], Any]
    ) -> tuple[Task, ...]:
        return tuple(
            Task(stored, item)
            for stored in self._select(Query(among=((field, values),)))
            for item in stored.value.items
            if pick(item) in values
        )

    def tasks_by_unit(self, unit_id: str) -> tuple[Task, ...]:
        """The items whose responsible unit is ``unit_id`` (R19)."""
        return self._tasks("task_units", (unit_id,), lambda item: item.responsible_unit_id)

    def tasks_by_leader(self, leader_id: str) -> tuple[Task, ...]:
        """The items whose lead leader is ``leader_id`` (R19)."""
        return self._tasks("task_leaders", (leader_id,), lambda item: item.lead_leader_id)

    def tasks_by_id(self, item_ids: Iterable[str]) -> tuple[Task, ...]:
        """The items whose id is one of ``item_ids``."""
        return self._tasks("item_ids", tuple(item_ids), lambda item: item.item_id)


class LifecycleRepository(AppendOnly[LifecycleEvent]):
    """Lifecycle events (建单 → 办单 → 评单 → 用单, R7), append-only.

    >>> import datetime as dt
    >>> from qingdan_core.lifecycle import Stage, Transition
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> event = LifecycleEvent("L-1", Transition.PUBLISH, "p-1", dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc),
    ...                        Stage.DRAFTED, Stage.PUBLISHED, "月初公开")
    >>> store.lifecycle.add(event)
    >>> [e.transition.value for e in store.lifecycle.for_list("L-1")]
    ['publish']
    """

    kind = LIFECYCLE_EVENTS

    def for_list(self, list_id: str) -> tuple[LifecycleEvent, ...]:
        """The events of list ``list_id`` in insertion order (the order to replay them)."""
        return self._select(Query(equal=(("list_id", list_id),)))


class ContractRepository(Versioned[CommitmentContract]):
    """Commitment contracts (即时承诺契约, R20), versioned (acceptances are added).

    >>> import datetime as dt
    >>> from qingdan_core.contracts import two_copies
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> day = dt.date(2026, 11, 3)
    >>> _ = store.contracts.add(CommitmentContract("C-1", "u-land", "常务会议", day,
    ...     (ListItem("c-1", "完成征地补偿", day, dt.date(2026, 11, 20)),), two_copies(day)))
    >>> [s.key for s in store.contracts.for_unit("u-land")]
    ['C-1']
    """

    kind = CONTRACTS

    def for_unit(self, unit_id: str) -> tuple[Stored[CommitmentContract], ...]:
        """The contracts of unit ``unit_id``, by signing day, then insertion order."""
        return self._select(Query(equal=(("unit_id", unit_id),), order_by=("signed_on",)))

    def signed_between(
        self, first: dt.date, last: dt.date
    ) -> tuple[Stored[CommitmentContract], ...]:
        """The contracts signed ``first`` to ``last`` (inclusive), by day, then insertion order."""
        return self._select(Query(between=(("signed_on", first, last),), order_by=("signed_on",)))


class WorkLogRepository(Versioned[WorkLog]):
    """Daily work logs (每日工作纪实, R10): one per person and day, versioned.

    >>> import datetime as dt
    >>> from qingdan_core.worklog import LogEntry
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.work_logs.add(WorkLog("p-7", dt.date(2026, 11, 16), (LogEntry("审核申报"),)))
    >>> [s.key for s in store.work_logs.for_person("p-7")]
    ['log:p-7:2026-11-16']
    """

    kind = WORK_LOGS

    def for_person(
        self, person_id: str, first: dt.date | None = None, last: dt.date | None = None
    ) -> tuple[Stored[WorkLog], ...]:
        """The logs of ``person_id`` dated ``first`` to ``last`` (inclusive; None: open), by day."""
        return self._select(
            Query(
                equal=(("person_id", person_id),),
                between=(("day", first, last),),
                order_by=("day",),
            )
        )


_OPEN = tuple(status.value for status in NoticeStatus if status.is_open)


class NoticeRepository(Versioned[Notice]):
    """Notices (督办清单, 通知单, 追责建议函; R4, R16, R17, R20, R21), keyed by serial number.

    >>> import datetime as dt
    >>> from qingdan_core.notices import NoticeKind, Serial
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.notices.add(Notice(Serial("督考", 2026, 17), NoticeKind.DEADLINE_SUPERVISION, "i-1",
    ...     Subject.unit("u-1"), dt.date(2026, 11, 2), dt.date(2026, 11, 9), "R16", "进度落后"))
    >>> [s.key for s in store.notices.open()]
    ['督考〔2026〕17号']
    """

    kind = NOTICES

    def open(self, addressee: Subject | None = None) -> tuple[Stored[Notice], ...]:
        """The open notices (issued or answered), of ``addressee`` if given, most urgent
        first: by response deadline, then insertion order."""
        equal = () if addressee is None else (("addressee", str(addressee)),)
        return self._select(
            Query(equal=equal, among=(("status", _OPEN),), order_by=("respond_by",))
        )

    def for_addressee(self, addressee: Subject) -> tuple[Stored[Notice], ...]:
        """Every notice to ``addressee``, by issue day, then insertion order."""
        return self._select(Query(equal=(("addressee", str(addressee)),), order_by=("issued_on",)))

    def for_task(self, item_id: str) -> tuple[Stored[Notice], ...]:
        """Every notice about task ``item_id`` (its escalation chain), by issue day, then
        insertion order."""
        return self._select(Query(equal=(("item_id", item_id),), order_by=("issued_on",)))

    def issued_between(self, first: dt.date, last: dt.date) -> tuple[Stored[Notice], ...]:
        """The notices issued ``first`` to ``last`` (inclusive), by issue day, then insertion."""
        return self._select(Query(between=(("issued_on", first, last),), order_by=("issued_on",)))


class SupervisionRepository(Versioned[TaskSupervision]):
    """The office's supervision state per task (四级关注, R18), keyed by task id.

    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.supervision.add(TaskSupervision("i-1", AttentionLevel.KEY))
    >>> [s.key for s in store.supervision.at_level(AttentionLevel.KEY)]
    ['i-1']
    """

    kind = SUPERVISION

    def at_level(self, level: AttentionLevel) -> tuple[Stored[TaskSupervision], ...]:
        """The tasks under ``level``, in insertion order. Their list items are
        ``checklists.tasks_by_id(s.key for s in ...)``."""
        return self._select(Query(equal=(("level", level.value),)))


class _Monthly(Versioned[M]):
    """Queries shared by the kinds kept per subject and month."""

    def for_month(
        self, year: int, month: int, subjects: Iterable[Subject] | None = None
    ) -> tuple[Stored[M], ...]:
        """The records of ``year``-``month``, of ``subjects`` only if given (a ranking group,
        the units of a guidance group), in insertion order."""
        among = () if subjects is None else (("subject", tuple(map(str, subjects))),)
        return self._select(Query(equal=(("year", year), ("month", month)), among=among))

    def for_subject(self, subject: Subject) -> tuple[Stored[M], ...]:
        """The records of ``subject``, by year and month, then insertion order."""
        return self._select(Query(equal=(("subject", str(subject)),), order_by=("year", "month")))


class ScoreCardRepository(_Monthly[ScoreCard]):
    """Monthly score cards (R12–R14): one per subject, month and policy, versioned.

    >>> from decimal import Decimal
    >>> from qingdan_core.scoring.card import PartKind, PartLine
    >>> from qingdan_core.scoring.records import MonthRecord
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.score_cards.add(ScoreCard.compose(MonthRecord(Subject.unit("u-1"), 2026, 11),
    ...     policy="county", parts=[PartLine("task", PartKind.OBJECTIVE, Decimal(90), Decimal(1))]))
    >>> [s.value.total for s in store.score_cards.for_month(2026, 11)]
    [Decimal('90.00')]
    """

    kind = SCORE_CARDS

    def add(self, value: ScoreCard) -> Stored[ScoreCard]:
        """Add ``value`` at version 1 (see :meth:`Versioned.add`).

        :raises PermissionDeniedError: when the unit of work's actor may not score
            (see :mod:`~qingdan_core.storage.write_rules`; nothing written).
        """
        self._score(value)
        return super().add(value)

    def add_many(self, values: Iterable[ScoreCard]) -> int:
        """Add every card of ``values`` in one write (see :meth:`Versioned.add_many`).

        :raises PermissionDeniedError: as :meth:`add` does.
        """
        values = tuple(values)
        for card in values:
            self._score(card)
        return super().add_many(values)

    def save(self, value: ScoreCard, version: int) -> Stored[ScoreCard]:
        """Save ``value`` (see :meth:`Versioned.save`).

        :raises PermissionDeniedError: as :meth:`add` does.
        """
        self._score(value)
        return super().save(value, version)

    def upsert(self, value: ScoreCard, *, expected: int | None = None) -> Upserted[ScoreCard]:
        """Add or save ``value`` (see :meth:`Versioned.upsert`).

        :raises PermissionDeniedError: as :meth:`add` does.
        """
        self._score(value)
        return super().upsert(value, expected=expected)

    def _score(self, card: object) -> None:
        if isinstance(card, ScoreCard):  # another type is refused by the kind
            self._rules.scored(score_card_key(card), card.subject)


class MonthRecordRepository(_Monthly[MonthRecord]):
    """A month's scoring inputs per subject: part scores and ratings (R3, R12, R21), versioned.

    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.month_records.add(MonthRecord(Subject.person("p-7"), 2026, 11))
    >>> [s.value.period for s in store.month_records.for_subject(Subject.person("p-7"))]
    ['2026-11']
    """

    kind = MONTH_RECORDS


class MonthEndReviewRepository(AppendOnly[MonthEndReview]):
    """The month-end reviews (月末督考, R15, R19): one per month, append-only, keyed ``YYYY-MM``.

    A review holds what the reports read: the 专报 data (``review.report``),
    the findings, level changes and notices of the month, and next month's two
    lists (``review.monthly_lists``).

    >>> import datetime as dt
    >>> from qingdan_core.calendar import china
    >>> from qingdan_core.review import month_end_review
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> store.month_end_reviews.add(month_end_review([], [], [], dt.date(2026, 3, 31), china()))
    >>> store.month_end_reviews.of_month(Month(2026, 3)).day
    datetime.date(2026, 3, 31)
    >>> store.month_end_reviews.of_month(Month(2026, 4)) is None
    True
    """

    kind = MONTH_END_REVIEWS

    def of_month(self, month: Month) -> MonthEndReview | None:
        """The review of ``month``, or None when the month has not been reviewed."""
        found = self._select(Query(equal=(("month_start", month.start),)))
        return found[0] if found else None

    def between(
        self, first: dt.date | None = None, last: dt.date | None = None
    ) -> tuple[MonthEndReview, ...]:
        """The reviews of the months starting ``first`` to ``last`` (inclusive; None: open),
        by month. A year's are ``between(Year(y).start, Year(y).end)``."""
        return self._select(
            Query(between=(("month_start", first, last),), order_by=("month_start",))
        )


class ArchiveRepository:
    """The archive (R5, R22): volumes per unit, files per person, append-only, chained and sealed.

    Each append also saves its file's sealed head and the archive's sealed root
    (:mod:`qingdan_core.archive_seal`), in the same unit of work, sealed with
    ``key`` — the county's :class:`~qingdan_core.archive_seal.ArchiveKey`
    (``open_store(…, archive_key=…)``), or None for an unkeyed archive. There is
    no way to change or remove an entry through this repository. Every append
    saves the one root, so units of work that append at the same time conflict
    (:class:`~qingdan_core.errors.ConflictError`: retry) or, on SQLite, queue.

    >>> import datetime as dt
    >>> from qingdan_core.archive import RecordKind
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> entry = store.archive.append(Filing.of("u-1", Subject.person("p-7"), RecordKind.NOTICE, "N-1",
    ...     {"serial": "督考〔2026〕17号"}, signed_by="p-9", filed_at=dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)))
    >>> store.archive.verify("u-1", Subject.person("p-7")) == entry.digest
    True
    >>> summary = store.archive.verify_all()
    >>> (summary.files, summary.entries, summary.root == store.archive.root().seal)
    (1, 1, True)
    """

    def __init__(
        self, session: Session, key: ArchiveKey | None = None, rules: WriteRules | None = None
    ) -> None:
        self._session = session
        self._key = key
        self._rules = WriteRules() if rules is None else rules
        self._entries = _ArchiveEntries(session)
        self._heads = _Heads(session)
        self._roots = _Roots(session)

    def _records(self, volume: str, file: Subject, last: bool = False) -> list[Record]:
        """The records of one file by position, or with ``last`` only its last one."""
        query = Query(
            equal=(("volume", volume), ("file", str(file))),
            order_by=("position",),
            descending=last,
            limit=1 if last else None,
        )
        return self._session.select(ARCHIVE, query)

    def append(self, filing: Filing) -> ArchiveEntry:
        """File ``filing`` at the end of its file, chained to the file's last entry; save the
        file's head and the root, sealed (see :meth:`append_many`).

        :returns: the new entry.
        :raises ConflictError: when another writer appended meanwhile (retry the unit of work).
        :raises ArchiveTamperedError: when the file's last entry cannot be read (naming
            the file's first unreadable entry), the file does not end at its head, or
            the head or root is missing or not sealed by this store's key.
        :raises ValidationError: when the archive is sealed with a key and the store has none.
        :raises PermissionDeniedError: when it is signed by the person whose file it goes
            in (R26), or the unit of work's actor's organisation says the signer may not
            sign it (R5; see :mod:`~qingdan_core.storage.write_rules`).
        """
        (entry,) = self.append_many((filing,))
        return entry

    def append_many(self, filings: Iterable[Filing]) -> tuple[ArchiveEntry, ...]:
        """File each of ``filings`` in order at the end of its file, then save each file's
        head and the root once, sealed; all of them or none (R5, R22).

        Reads each file's last entry (one indexed query per file), the heads of
        the filings' volumes and the root, however long the files and the archive.

        :returns: the new entries, in the order of ``filings``.
        :raises ConflictError: when another writer appended meanwhile (retry the unit of work).
        :raises ArchiveTamperedError: as :meth:`append` does.
        :raises ValidationError: when the archive is sealed with a key and the store has none.
        """
        filings = tuple(filings)
        if not filings:
            return ()
        self._rules.filed(filings)
        volumes = tuple(dict.fromkeys(f.volume for f in filings))
        heads = {
            stored.key: stored for stored in self._select_heads(Query(among=(("volume", volumes),)))
        }
        root = self._root()
        if root is not None:
            root.value.check(self._key)
        last: dict[tuple[str, str], ArchiveEntry | None] = {}
        for filing in filings:
            name = (filing.volume, str(filing.file))
            if name not in last:
                last[name] = self._last(filing.volume, filing.file)
                head = heads.get(head_key(*name))
                self._check_end(
                    f"{name[0]}/{name[1]}", last[name], None if head is None else head.value
                )
                if root is None and last[name] is not None:
                    raise ArchiveTamperedError(
                        ROOT_LABEL, 0, "the archive's root is missing (removed)"
                    )
        entries = []
        after = ArchiveRoot.empty(self._key) if root is None else root.value
        new_heads: dict[tuple[str, str], FileHead] = {}
        for filing in filings:
            name = (filing.volume, str(filing.file))
            entry = chain(filing, last[name])
            last[name] = entry
            entries.append(entry)
            stored = heads.get(head_key(*name))
            old = new_heads.get(name) or (None if stored is None else stored.value)
            new_heads[name] = FileHead.of(entry, self._key)
            after = after.after(old, new_heads[name], self._key)
        self._entries.add_many(entries)
        self._heads.add_many(h for n, h in new_heads.items() if head_key(*n) not in heads)
        for name, new in new_heads.items():
            stored = heads.get(head_key(*name))
            if stored is not None:
                self._heads.save(new, stored.version)
        if root is None:
            self._roots.add(after)
        else:
            self._roots.save(after, root.version)
        return tuple(entries)

    def _last(self, volume: str, file: Subject) -> ArchiveEntry | None:
        """The last entry of a file (None when it is empty), read back in full when unreadable."""
        records = self._records(volume, file, last=True)
        if not records:
            return None
        try:
            (last,) = self._decode(f"{volume}/{file}", records)
        except ArchiveTamperedError:
            self.file(volume, file)  # names the first unreadable entry by its position
            raise
        return last

    def _select_heads(self, query: Query) -> tuple[Stored[FileHead], ...]:
        try:
            return self._heads.select(query)
        except ValidationError as exc:
            raise ArchiveTamperedError(ROOT_LABEL, 0, f"a file head cannot be read: {exc}") from exc

    def _check_end(self, label: str, last: ArchiveEntry | None, head: FileHead | None) -> None:
        """Refuse a file that does not end where its sealed head says."""
        if head is None:
            if last is not None:
                raise ArchiveTamperedError(
                    label,
                    last.position,
                    "has no head (its head removed, or filed outside the store)",
                )
            return
        head.check(self._key)
        if last is None or (last.position, last.digest) != (head.length, head.digest):
            held = 0 if last is None else last.position
            raise ArchiveTamperedError(
                label,
                min(held, head.length) + (held != head.length),
                f"does not end at its head ({head.length} entries; entries removed from its end, "
                "or the file removed or rewritten and re-chained)",
            )

    def file(self, volume: str, file: Subject) -> tuple[ArchiveEntry, ...]:
        """The entries of ``volume``'s file of ``file``, by position (one query).

        Does not check the chain: use :meth:`verify` for that.

        :raises ArchiveTamperedError: when a stored entry cannot be read at all.
        """
        return self._decode(f"{volume}/{file}", self._records(volume, file))

    def volume(self, volume: str) -> tuple[ArchiveEntry, ...]:
        """Every entry of the unit's volume, in the order they were filed (one query)."""
        records = self._session.select(ARCHIVE, Query(equal=(("volume", volume),)))
        return self._decode(volume, records)

    def entries(self) -> tuple[ArchiveEntry, ...]:
        """Every stored entry, whatever its volume, in the order they were filed (one query).

        Does not check the chains: use :meth:`verify_all` for that.

        :raises ArchiveTamperedError: when a stored entry cannot be read, or is stored
            under another place's key.
        """
        return self._all_entries()

    def root(self) -> ArchiveRoot | None:
        """The stored root (None for an archive never appended to); not verified here.

        Its ``seal`` is the root digest the month-end 专报 prints.

        :raises ArchiveTamperedError: when the stored root cannot be read.
        """
        stored = self._root()
        return None if stored is None else stored.value

    def verify(self, volume: str, file: Subject, head: str | None = None) -> str:
        """Check one file: its chain (see :func:`qingdan_core.archive.verify`) and its sealed head.

        ``head``, when given, is a digest kept elsewhere that the file must end with.

        :returns: the digest of its last entry.
        :raises ArchiveTamperedError: naming the file and its first altered, removed,
            reordered, moved or unreadable entry, or its missing or forged head.
        :raises ValidationError: when the archive is sealed with a key and the store has none.
        """
        label = f"{volume}/{file}"
        entries = self._decode(label, self._records(volume, file))
        for entry in entries:
            if (entry.volume, entry.file) != (volume, file):
                raise ArchiveTamperedError(
                    label, entry.position, f"belongs to another file ({entry.file_label}; moved)"
                )
        digest = verify(label, entries, head)
        stored = self._head(volume, file)
        self._check_end(
            label, entries[-1] if entries else None, None if stored is None else stored.value
        )
        return digest

    def verify_all(self, printed: Iterable[str] = ()) -> ArchiveSummary:
        """Check every stored entry, file, head and the root (:func:`~qingdan_core.archive_seal.verify_archive`).

        Reads every entry whatever volume it is in (not only the volumes of the
        stored units), then each file again through its stored columns, so an
        entry moved to another file or volume is found. ``printed`` are root
        digests printed earlier (on the 专报): each must still be the root of the
        archive's first entries.

        :returns: the counts, the root digest and the scheme.
        :raises ArchiveTamperedError: naming the first file (or ``(root)``) and entry
            removed, altered, moved, re-chained, forged or unreadable.
        :raises ValidationError: when the archive is sealed with a key and the store has none.
        """
        entries = self._all_entries()
        heads = self._all_heads()
        root = self._root()
        summary = verify_archive(
            entries, heads, None if root is None else root.value, self._key, printed
        )
        for (volume, file), chained in files_of(entries).items():
            stored = self.file(volume, chained[0].file)
            if stored != tuple(chained):
                moved = next(
                    (a for a, b in zip(stored, chained, strict=False) if a != b), chained[-1]
                )
                raise ArchiveTamperedError(
                    f"{volume}/{file}",
                    moved.position,
                    "its stored columns do not match its entries (moved between files or volumes)",
                )
        return summary

    def seal(self) -> ArchiveSummary:
        """Seal the heads and root with this repository's key, computing them from the entries.

        For an archive stored before heads existed (the upgrade to schema 3), or
        an unkeyed archive the county now seals with its key. The archive is
        verified first: every chain, and, when it has a root, its unkeyed heads
        and root. An archive already sealed this way is only verified.

        :returns: what :meth:`verify_all` returns afterwards.
        :raises ArchiveTamperedError: when the archive does not verify (nothing written).
        :raises ValidationError: when it is sealed with a key already and this is
            another scheme or no key (re-keying is not supported).
        """
        root = self._root()
        scheme = SealScheme.UNKEYED if self._key is None else self._key.scheme
        if root is not None and root.value.scheme is scheme:
            return self.verify_all()
        if root is not None and root.value.scheme.keyed:
            raise ValidationError(
                "archive_key",
                f"the archive is sealed with {root.value.scheme.value} already; "
                "it cannot be sealed again with another key or none",
            )
        entries = self._all_entries()
        if root is not None:
            ArchiveRepository(self._session).verify_all()
        else:
            if self._all_heads():
                raise ArchiveTamperedError(ROOT_LABEL, 0, "the archive's root is missing (removed)")
            for (volume, file), chained in files_of(entries).items():
                verify(f"{volume}/{file}", chained)
        stored_heads = {stored.key: stored for stored in self._select_heads(Query())}
        heads = [FileHead.of(chained[-1], self._key) for chained in files_of(entries).values()]
        for head in heads:
            stored = stored_heads.get(ARCHIVE_HEADS.key(head))
            if stored is None:
                self._heads.add(head)
            else:
                self._heads.save(head, stored.version)
        after = ArchiveRoot.of(heads, self._key)
        if root is None:
            self._roots.add(after)
        else:
            self._roots.save(after, root.version)
        return self.verify_all()

    def _all_entries(self) -> tuple[ArchiveEntry, ...]:
        """Every stored entry in insertion order, each under the key its place gives it."""
        entries = []
        for record in self._session.select(ARCHIVE, Query()):
            (entry,) = self._decode(record.key, [record])
            if record.key != ARCHIVE.key(entry):
                raise ArchiveTamperedError(
                    entry.file_label, entry.position, "stored under another place's key (moved)"
                )
            entries.append(entry)
        return tuple(entries)

    def _all_heads(self) -> tuple[FileHead, ...]:
        return tuple(stored.value for stored in self._select_heads(Query()))

    def _head(self, volume: str, file: Subject) -> Stored[FileHead] | None:
        return self._stored(self._heads, head_key(volume, str(file)), f"{volume}/{file}")

    def _root(self) -> Stored[ArchiveRoot] | None:
        return self._stored(self._roots, ROOT_KEY, ROOT_LABEL)

    @staticmethod
    def _stored(repository: Versioned[S], key: str, label: str) -> Stored[S] | None:
        try:
            return repository.get(key)
        except NotFoundError:
            return None
        except ValidationError as exc:
            raise ArchiveTamperedError(label, 0, f"its head or root cannot be read: {exc}") from exc

    def _decode(self, label: str, records: list[Record]) -> tuple[ArchiveEntry, ...]:
        entries = []
        for position, record in enumerate(records, start=1):
            try:
                entry = structure(record.data, ArchiveEntry)
            except ValidationError as exc:
                raise ArchiveTamperedError(label, position, f"cannot be read: {exc}") from exc
            if unstructure(entry) != record.data:  # e.g. "2026-11-30x17:00" read as a datetime
                raise ArchiveTamperedError(
                    label, position, "stored in a non-canonical form (edited)"
                )
            entries.append(entry)
        return tuple(entries)


class HolidayNoticeRepository(Versioned[KeptNotice]):
    """The holiday notice files a store was run with, one per year, versioned (issue 13).

    >>> import hashlib
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> text = "format = 1"
    >>> kept = KeptNotice(2027, "2027.toml", hashlib.sha256(text.encode()).hexdigest(), text)
    >>> _ = store.holiday_notices.add(kept)
    >>> [s.key for s in store.holiday_notices.all()]
    ['2027']
    """

    kind = HOLIDAY_NOTICES


class _ArchiveEntries(AppendOnly[ArchiveEntry]):
    kind = ARCHIVE


class _Heads(Versioned[FileHead]):
    kind = ARCHIVE_HEADS

    def select(self, query: Query) -> tuple[Stored[FileHead], ...]:
        return self._select(query)


class _Roots(Versioned[ArchiveRoot]):
    kind = ARCHIVE_ROOT


class Repositories:
    """The typed repositories, all working through one session (or unit of work).

    ``archive_key`` is the county's key the archive is sealed with (None: unkeyed);
    ``rules`` the authority rules applied to writes (:mod:`~qingdan_core.storage.write_rules`;
    None: no actor, a batch job).

    >>> from qingdan_core.storage.memory import MemoryBackend
    >>> with MemoryBackend().unit_of_work() as session:
    ...     Repositories(session).ledger.all()
    ()
    """

    def __init__(
        self,
        session: Session,
        archive_key: ArchiveKey | None = None,
        rules: WriteRules | None = None,
    ) -> None:
        rules = (WriteRules() if rules is None else rules).bind(self._organisation)
        self.rules = rules
        self.archive = ArchiveRepository(session, archive_key, rules)
        self.checklists = ChecklistRepository(session, rules)
        self.contracts = ContractRepository(session, rules)
        self.guidance_groups = GuidanceGroupRepository(session, rules)
        self.holiday_notices = HolidayNoticeRepository(session, rules)
        self.ledger = LedgerRepository(session, rules)
        self.level_changes = LevelChangeRepository(session, rules)
        self.lifecycle = LifecycleRepository(session, rules)
        self.month_end_reviews = MonthEndReviewRepository(session, rules)
        self.month_records = MonthRecordRepository(session, rules)
        self.notices = NoticeRepository(session, rules)
        self.people = PersonRepository(session, rules)
        self.score_cards = ScoreCardRepository(session, rules)
        self.supervision = SupervisionRepository(session, rules)
        self.units = UnitRepository(session, rules)
        self.work_logs = WorkLogRepository(session, rules)

    def _organisation(self) -> Organisation:
        """The units and people as stored, for the write rules (read once per unit of work)."""
        return Organisation(
            tuple(s.value for s in self.units.all()), tuple(s.value for s in self.people.all())
        )
