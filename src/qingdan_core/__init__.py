"""qingdan_core: the 清单工作法 (checklist method) as a reusable library.

Lists for civil servants and units, the monthly rhythm of commitments, logs
and assessments, the supervision office's attention levels and notices, and
the weighted scoring, ranking and grading that feed the annual assessment.
The rules it implements are numbered R1–R26 (see the docs page "The rules").

The names most callers need are re-exported here; each lives in the module
its docs page names (``qingdan_core.calendar``, ``qingdan_core.scoring`` …),
where the rest of that module's API is.

>>> import datetime as dt
>>> import qingdan_core as qd
>>> isinstance(qd.__version__, str)
True
>>> qd.china().add_workdays(dt.date(2026, 9, 30), 5)  # 10-01..07 off, Saturday 10-10 worked (R16)
datetime.date(2026, 10, 13)
"""

from importlib.metadata import PackageNotFoundError, version

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


def __getattr__(name: str) -> type[QingdanError]:
    """The exception names before 0.1.0, as deprecated aliases (``qd.NotFound``)."""
    from qingdan_core.errors import deprecated_alias

    return deprecated_alias(name)


try:
    __version__ = version("qingdan-core")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

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
