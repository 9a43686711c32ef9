"""qingdan_core: the 清单工作法 (checklist method) as a reusable library.

Lists for civil servants and units, the monthly rhythm of commitments, logs
and assessments, the supervision office's attention levels and notices, and
the weighted scoring, ranking and grading that feed the annual assessment.
The rules it implements are numbered R1–R26 (see the docs page "The rules").

The names most callers need are re-exported here; each lives in the module
its docs page names (``qingdan_core.calendar``, ``qingdan_core.scoring`` …),
where the rest of that module's API is. They are loaded when first used
(PEP 562), so ``import qingdan_core`` costs little and brings in neither
SQLAlchemy, cattrs nor ``importlib.metadata``.

>>> import datetime as dt
>>> import qingdan_core as qd
>>> isinstance(qd.__version__, str)
True
>>> qd.china().add_workdays(dt.date(2026, 9, 30), 5)  # 10-01..07 off, Saturday 10-10 worked (R16)
datetime.date(2026, 10, 13)
"""

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers know it)
if TYPE_CHECKING:  # the same names, for type checkers; _EXPORTS says where they live
    from typing import Any

    from qingdan_core.attention import AttentionLevel, SupervisionMode, TaskProfile, TaskSupervision
    from qingdan_core.calendar import WorkCalendar, china
    from qingdan_core.catalogue import Catalogue, ListType
    from qingdan_core.colours import Colour, ColourPolicy
    from qingdan_core.contracts import CommitmentContract
    from qingdan_core.deadlines import (
        Deadline,
        Milestone,
        deadline_after,
        expected_progress,
        lag_points,
        progress_is_provisional,
    )
    from qingdan_core.errors import (
        ArchiveTamperedError,
        CalendarCoverageError,
        ConflictError,
        InvalidTransitionError,
        NotFoundError,
        PermissionDeniedError,
        QingdanError,
        SchemaMismatchError,
        StorageError,
        ValidationError,
    )
    from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
    from qingdan_core.lifecycle import LifecycleEvent, Stage
    from qingdan_core.lists import Checklist, Commitment, ItemStatus, ListItem, ProgressReport
    from qingdan_core.notices import Notice, NoticeKind
    from qingdan_core.organisation import GuidanceGroup, Organisation, Person, Post, Role, Unit
    from qingdan_core.periods import Month, Quarter, Week, Year, parse_period
    from qingdan_core.publicity import DeskCard, PublicBoard
    from qingdan_core.review import MonthEndReview, ReviewPolicy, month_end_review
    from qingdan_core.rhythm import RhythmPolicy, month_schedule
    from qingdan_core.scoring import (
        GradePolicy,
        RollupPolicy,
        ScoreCard,
        ScoringPolicy,
        WeightedPolicy,
        grade,
        rank,
        rollup,
    )
    from qingdan_core.storage import open_store
    from qingdan_core.worklog import LogEntry, WorkLog

_EXPORTS = {
    "ArchiveTamperedError": "qingdan_core.errors",
    "AttentionLevel": "qingdan_core.attention",
    "CalendarCoverageError": "qingdan_core.errors",
    "Catalogue": "qingdan_core.catalogue",
    "Checklist": "qingdan_core.lists",
    "Colour": "qingdan_core.colours",
    "ColourPolicy": "qingdan_core.colours",
    "Commitment": "qingdan_core.lists",
    "CommitmentContract": "qingdan_core.contracts",
    "ConflictError": "qingdan_core.errors",
    "Deadline": "qingdan_core.deadlines",
    "DeskCard": "qingdan_core.publicity",
    "EntryKind": "qingdan_core.ledger",
    "GradePolicy": "qingdan_core.scoring",
    "GuidanceGroup": "qingdan_core.organisation",
    "InvalidTransitionError": "qingdan_core.errors",
    "ItemStatus": "qingdan_core.lists",
    "LedgerEntry": "qingdan_core.ledger",
    "LifecycleEvent": "qingdan_core.lifecycle",
    "ListItem": "qingdan_core.lists",
    "ListType": "qingdan_core.catalogue",
    "LogEntry": "qingdan_core.worklog",
    "Milestone": "qingdan_core.deadlines",
    "Month": "qingdan_core.periods",
    "MonthEndReview": "qingdan_core.review",
    "NotFoundError": "qingdan_core.errors",
    "Notice": "qingdan_core.notices",
    "NoticeKind": "qingdan_core.notices",
    "Organisation": "qingdan_core.organisation",
    "PermissionDeniedError": "qingdan_core.errors",
    "Person": "qingdan_core.organisation",
    "Post": "qingdan_core.organisation",
    "ProgressReport": "qingdan_core.lists",
    "PublicBoard": "qingdan_core.publicity",
    "QingdanError": "qingdan_core.errors",
    "Quarter": "qingdan_core.periods",
    "ReviewPolicy": "qingdan_core.review",
    "RhythmPolicy": "qingdan_core.rhythm",
    "Role": "qingdan_core.organisation",
    "RollupPolicy": "qingdan_core.scoring",
    "SchemaMismatchError": "qingdan_core.errors",
    "ScoreCard": "qingdan_core.scoring",
    "ScoringPolicy": "qingdan_core.scoring",
    "Stage": "qingdan_core.lifecycle",
    "StorageError": "qingdan_core.errors",
    "Subject": "qingdan_core.ledger",
    "SupervisionMode": "qingdan_core.attention",
    "TaskProfile": "qingdan_core.attention",
    "TaskSupervision": "qingdan_core.attention",
    "Unit": "qingdan_core.organisation",
    "ValidationError": "qingdan_core.errors",
    "Week": "qingdan_core.periods",
    "WeightedPolicy": "qingdan_core.scoring",
    "WorkCalendar": "qingdan_core.calendar",
    "WorkLog": "qingdan_core.worklog",
    "Year": "qingdan_core.periods",
    "china": "qingdan_core.calendar",
    "deadline_after": "qingdan_core.deadlines",
    "expected_progress": "qingdan_core.deadlines",
    "grade": "qingdan_core.scoring",
    "lag_points": "qingdan_core.deadlines",
    "month_end_review": "qingdan_core.review",
    "month_schedule": "qingdan_core.rhythm",
    "open_store": "qingdan_core.storage",
    "parse_period": "qingdan_core.periods",
    "progress_is_provisional": "qingdan_core.deadlines",
    "rank": "qingdan_core.scoring",
    "rollup": "qingdan_core.scoring",
}
"""Each re-exported name and the module it lives in."""


def __getattr__(name: str) -> "Any":
    """A re-exported name, loaded from its module on first use; ``__version__``
    from the installed metadata; the exception names before 0.1.0 as deprecated
    aliases (``qd.NotFound``)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name == "__version__":
        value = _version()
    else:
        from qingdan_core.errors import deprecated_alias

        return deprecated_alias(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qingdan-core")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


__all__ = [
    "ArchiveTamperedError",
    "AttentionLevel",
    "CalendarCoverageError",
    "Catalogue",
    "Checklist",
    "Colour",
    "ColourPolicy",
    "Commitment",
    "CommitmentContract",
    "ConflictError",
    "Deadline",
    "DeskCard",
    "EntryKind",
    "GradePolicy",
    "GuidanceGroup",
    "InvalidTransitionError",
    "ItemStatus",
    "LedgerEntry",
    "LifecycleEvent",
    "ListItem",
    "ListType",
    "LogEntry",
    "Milestone",
    "Month",
    "MonthEndReview",
    "NotFoundError",
    "Notice",
    "NoticeKind",
    "Organisation",
    "PermissionDeniedError",
    "Person",
    "Post",
    "ProgressReport",
    "PublicBoard",
    "QingdanError",
    "Quarter",
    "ReviewPolicy",
    "RhythmPolicy",
    "Role",
    "RollupPolicy",
    "SchemaMismatchError",
    "ScoreCard",
    "ScoringPolicy",
    "Stage",
    "StorageError",
    "Subject",
    "SupervisionMode",
    "TaskProfile",
    "TaskSupervision",
    "Unit",
    "ValidationError",
    "Week",
    "WeightedPolicy",
    "WorkCalendar",
    "WorkLog",
    "Year",
    "__version__",
    "china",
    "deadline_after",
    "expected_progress",
    "grade",
    "lag_points",
    "month_end_review",
    "month_schedule",
    "open_store",
    "parse_period",
    "progress_is_provisional",
    "rank",
    "rollup",
]
