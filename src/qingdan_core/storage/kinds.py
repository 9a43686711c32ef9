"""The stored kinds: one :class:`~qingdan_core.storage.protocol.Kind` per stored value type.

Each kind names its table, its key, and the fields the monthly run queries
(kept in real, indexed columns); the SQL adapter builds its tables from
:data:`KINDS`. Adding a stored value type is one entry here and a small
typed repository in :mod:`qingdan_core.storage.repositories`.

>>> [kind.name for kind in KINDS][:4]
['ledger_entries', 'units', 'archive_entries', 'people']
>>> UNITS.versioned, LEDGER.versioned
(True, False)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from qingdan_core.archive import ArchiveEntry, canonical_json
from qingdan_core.archive_seal import ArchiveRoot, FileHead
from qingdan_core.attention import LevelChange, TaskSupervision
from qingdan_core.contracts import CommitmentContract
from qingdan_core.ledger import LedgerEntry
from qingdan_core.lifecycle import LifecycleEvent
from qingdan_core.lists import Checklist
from qingdan_core.notice_files import KeptNotice
from qingdan_core.notices import Notice
from qingdan_core.organisation import GuidanceGroup, Person, Unit
from qingdan_core.review import MonthEndReview
from qingdan_core.scoring.card import ScoreCard
from qingdan_core.scoring.records import MonthRecord
from qingdan_core.storage.protocol import Field, Kind
from qingdan_core.worklog import WorkLog

__all__ = [
    "ARCHIVE",
    "ARCHIVE_HEADS",
    "ARCHIVE_ROOT",
    "CHECKLISTS",
    "CONTRACTS",
    "GUIDANCE_GROUPS",
    "HOLIDAY_NOTICES",
    "KINDS",
    "LEDGER",
    "LEVEL_CHANGES",
    "LIFECYCLE_EVENTS",
    "MONTH_END_REVIEWS",
    "MONTH_RECORDS",
    "NOTICES",
    "PEOPLE",
    "ROOT_KEY",
    "SCORE_CARDS",
    "SEAL_KINDS",
    "SUPERVISION",
    "UNITS",
    "WORK_LOGS",
    "archive_key",
    "head_key",
    "lifecycle_key",
    "score_card_key",
]


def archive_key(volume: str, file: str, position: int) -> str:
    """The key of the archive entry at ``position`` of ``volume``'s ``file``.

    >>> archive_key("u-1", "person:p-1", 3)
    '["u-1","person:p-1",3]'
    """
    return canonical_json([volume, file, position])


def _archive_entry_key(entry: ArchiveEntry) -> str:
    return archive_key(entry.volume, str(entry.file), entry.position)


def head_key(volume: str, file: str) -> str:
    """The key of the head of ``volume``'s ``file``.

    >>> head_key("u-1", "person:p-1")
    '["u-1","person:p-1"]'
    """
    return canonical_json([volume, file])


def lifecycle_key(event: LifecycleEvent) -> str:
    """The key of a lifecycle event: its list, instant and transition (R7).

    >>> import datetime as dt
    >>> from qingdan_core.lifecycle import Stage, Transition
    >>> lifecycle_key(LifecycleEvent("L-1", Transition.PUBLISH, "p-1",
    ...     dt.datetime(2026, 11, 1, 9, tzinfo=dt.timezone.utc), Stage.DRAFTED, Stage.PUBLISHED, "月初公开"))
    '["L-1","2026-11-01T09:00:00+00:00","publish"]'
    """
    return canonical_json([event.list_id, event.at.isoformat(), event.transition.value])


def score_card_key(card: ScoreCard) -> str:
    """The key of a score card: one per subject, month and scoring policy (R12–R14).

    >>> from qingdan_core.ledger import Subject
    >>> import attrs
    >>> Stub = attrs.make_class("Stub", ["subject", "year", "month", "policy"])
    >>> score_card_key(Stub(Subject.unit("u-1"), 2026, 11, "county"))
    '["unit:u-1",2026,11,"county"]'
    """
    return canonical_json([str(card.subject), card.year, card.month, card.policy])


LEDGER: Kind[LedgerEntry] = Kind(
    "ledger_entries",
    LedgerEntry,
    key=lambda entry: entry.entry_id,
    fields=(
        Field("subject", str, lambda entry: str(entry.subject)),
        Field("day", dt.date, lambda entry: entry.day),
    ),
    indexes=(("subject", "day"), ("day",)),
)
"""Ledger entries (R21, R22): append-only, queried by subject and day."""

UNITS: Kind[Unit] = Kind(
    "units",
    Unit,
    key=lambda unit: unit.unit_id,
    fields=(Field("parent_id", str, lambda unit: unit.parent_id, nullable=True),),
    versioned=True,
)
"""Units: versioned, queried by parent unit."""

ARCHIVE: Kind[ArchiveEntry] = Kind(
    "archive_entries",
    ArchiveEntry,
    key=_archive_entry_key,
    fields=(
        Field("volume", str, lambda entry: entry.volume),
        Field("file", str, lambda entry: str(entry.file)),
        Field("position", int, lambda entry: entry.position),
    ),
    unique=(("volume", "file", "position"),),
    indexes=(),
)
"""Archive entries (R5, R22): append-only; one position per file (the unique index)."""

PEOPLE: Kind[Person] = Kind(
    "people",
    Person,
    key=lambda person: person.person_id,
    fields=(Field("unit_id", str, lambda person: person.unit_id),),
    versioned=True,
)
"""People: versioned, queried by unit."""

GUIDANCE_GROUPS: Kind[GuidanceGroup] = Kind(
    "guidance_groups",
    GuidanceGroup,
    key=lambda group: group.group_id,
    fields=(
        Field("leader_id", str, lambda group: group.leader_id),
        Field("unit_ids", str, lambda group: group.unit_ids, many=True),
    ),
    versioned=True,
)
"""The supervision office's guidance groups (业务指导组, R15): by leader and by unit."""

CHECKLISTS: Kind[Checklist] = Kind(
    "checklists",
    Checklist,
    key=lambda checklist: checklist.list_id,
    fields=(
        Field("owner", str, lambda checklist: str(checklist.owner)),
        Field("type_code", str, lambda checklist: checklist.type_code),
        Field("period_start", dt.date, lambda checklist: checklist.period.start),
        Field("stage", str, lambda checklist: checklist.stage.value),
        Field("item_ids", str, lambda c: (i.item_id for i in c.items), many=True),
        Field("task_units", str, lambda c: (i.responsible_unit_id for i in c.items), many=True),
        Field("task_leaders", str, lambda c: (i.lead_leader_id for i in c.items), many=True),
    ),
    versioned=True,
    indexes=(("owner", "period_start"), ("period_start",), ("stage",)),
)
"""Lists (R2, R8, R19): by owner and period, and their items (tasks) by id, unit and lead leader."""

LIFECYCLE_EVENTS: Kind[LifecycleEvent] = Kind(
    "lifecycle_events",
    LifecycleEvent,
    key=lifecycle_key,
    fields=(Field("list_id", str, lambda event: event.list_id),),
)
"""Lifecycle events (R7): append-only, by list, in the order they happened."""

CONTRACTS: Kind[CommitmentContract] = Kind(
    "contracts",
    CommitmentContract,
    key=lambda contract: contract.contract_id,
    fields=(
        Field("unit_id", str, lambda contract: contract.unit_id),
        Field("signed_on", dt.date, lambda contract: contract.signed_on),
    ),
    versioned=True,
    indexes=(("unit_id", "signed_on"), ("signed_on",)),
)
"""Commitment contracts (R20): versioned (acceptances are added), by unit and signing day."""

WORK_LOGS: Kind[WorkLog] = Kind(
    "work_logs",
    WorkLog,
    key=lambda log: log.record_id,
    fields=(
        Field("person_id", str, lambda log: log.person_id),
        Field("day", dt.date, lambda log: log.day),
    ),
    versioned=True,
    indexes=(("person_id", "day"),),
)
"""Daily work logs (R10): one per person and day, versioned (entries are added during the day)."""

NOTICES: Kind[Notice] = Kind(
    "notices",
    Notice,
    key=lambda notice: str(notice.serial),
    fields=(
        Field("addressee", str, lambda notice: str(notice.addressee)),
        Field("item_id", str, lambda notice: notice.item_id),
        Field("status", str, lambda notice: notice.status.value),
        Field("issued_on", dt.date, lambda notice: notice.issued_on),
        Field("respond_by", dt.date, lambda notice: notice.respond_by),
    ),
    versioned=True,
    indexes=(("addressee", "issued_on"), ("item_id",), ("status", "respond_by"), ("issued_on",)),
)
"""Notices (R4, R16, R17, R20, R21): keyed by serial number, versioned (their status changes)."""

SUPERVISION: Kind[TaskSupervision] = Kind(
    "task_supervision",
    TaskSupervision,
    key=lambda state: state.item_id,
    fields=(Field("level", str, lambda state: state.level.value),),
    versioned=True,
)
"""The office's supervision state per task (R18): versioned, queried by attention level."""

LEVEL_CHANGES: Kind[LevelChange] = Kind(
    "level_changes",
    LevelChange,
    key=lambda c: canonical_json([c.item_id, c.day.isoformat(), c.before.value, c.after.value]),
    fields=(
        Field("item_id", str, lambda change: change.item_id),
        Field("day", dt.date, lambda change: change.day),
    ),
    indexes=(("item_id", "day"), ("day",)),
)
"""Attention level changes with their reasons (R18): append-only, by task and day."""

_MONTHLY_FIELDS = (
    Field("subject", str, lambda value: str(value.subject)),
    Field("year", int, lambda value: value.year),
    Field("month", int, lambda value: value.month),
)
_MONTHLY_INDEXES = (("year", "month", "subject"), ("subject", "year", "month"))

SCORE_CARDS: Kind[ScoreCard] = Kind(
    "score_cards",
    ScoreCard,
    key=score_card_key,
    fields=(*_MONTHLY_FIELDS, Field("policy", str, lambda card: card.policy)),
    versioned=True,
    indexes=_MONTHLY_INDEXES,
)
"""Monthly score cards (R12–R14): versioned (recomputed), queried by month and subject."""

MONTH_RECORDS: Kind[MonthRecord] = Kind(
    "month_records",
    MonthRecord,
    key=lambda record: canonical_json([str(record.subject), record.year, record.month]),
    fields=_MONTHLY_FIELDS,
    versioned=True,
    indexes=_MONTHLY_INDEXES,
)
"""A month's scoring inputs per subject (R3, R12, R21): versioned (ratings arrive over days)."""

MONTH_END_REVIEWS: Kind[MonthEndReview] = Kind(
    "month_end_reviews",
    MonthEndReview,
    key=lambda review: str(review.report.month),
    fields=(
        Field("month_start", dt.date, lambda review: review.report.month.start),
        Field("day", dt.date, lambda review: review.day),
    ),
    indexes=(("month_start",),),
)
"""The month-end reviews (R15, R19): one per month, append-only, by month. Each holds the
month's 专报 data, next month's two lists, the findings, level changes and notices issued."""

HOLIDAY_NOTICES: Kind[KeptNotice] = Kind(
    "holiday_notices",
    KeptNotice,
    key=lambda kept: str(kept.year),
    fields=(Field("sha256", str, lambda kept: kept.sha256),),
    versioned=True,
)
"""The holiday notice files a store was run with, one per year with its text and SHA-256, so
every command and process on it computes the same dates (issue 13); versioned (replaced)."""

KINDS: tuple[Kind[Any], ...] = (
    LEDGER,
    UNITS,
    ARCHIVE,
    PEOPLE,
    GUIDANCE_GROUPS,
    CHECKLISTS,
    LIFECYCLE_EVENTS,
    CONTRACTS,
    WORK_LOGS,
    NOTICES,
    SUPERVISION,
    LEVEL_CHANGES,
    SCORE_CARDS,
    MONTH_RECORDS,
    MONTH_END_REVIEWS,
    HOLIDAY_NOTICES,
)
"""Every stored kind, in the order the SQL adapter creates their tables."""

ARCHIVE_HEADS: Kind[FileHead] = Kind(
    "archive_heads",
    FileHead,
    key=lambda head: head_key(head.volume, str(head.file)),
    fields=(Field("volume", str, lambda head: head.volume),),
    versioned=True,
)
"""The archive files' sealed heads (R5, R22): one per file, saved again by each append."""

ROOT_KEY = "root"
"""The key of the one :data:`ARCHIVE_ROOT` record."""

ARCHIVE_ROOT: Kind[ArchiveRoot] = Kind(
    "archive_root", ArchiveRoot, key=lambda _root: ROOT_KEY, versioned=True
)
"""The archive's sealed root (R5, R22): one record, saved again by each append."""

SEAL_KINDS: tuple[Kind[Any], ...] = (ARCHIVE_HEADS, ARCHIVE_ROOT)
"""The kinds the archive repository keeps beside :data:`ARCHIVE`. They are derived from
the entries and the county's key, so they are not exported (an import recomputes them)."""
