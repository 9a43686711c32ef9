"""The daily work log (每日工作纪实, R10): what a person did on a working day.

Part of the 办单 rhythm: a commitment at month start, a log every day, key
supervision at month end (R10). Each :class:`LogEntry` may point at the list
item it advanced, so an in-charge leader assessing the month (R3) can read
the log against the task list.

>>> import datetime as dt
>>> log = WorkLog("p-7", dt.date(2026, 11, 16), (
...     LogEntry("审核纳税申报 32 户", list_id="L-1", item_id="i-1"),
...     LogEntry("接待纳税人咨询"),
... ))
>>> log.record_id, [e.item_id for e in log.entries]
('log:p-7:2026-11-16', ['i-1', None])
"""

from __future__ import annotations

import datetime as dt

import attrs

from qingdan_core._checks import non_blank, plain_date
from qingdan_core._tuples import optional_non_blank, tuple_of
from qingdan_core.errors import ValidationError

__all__ = ["LogEntry", "WorkLog"]


@attrs.frozen
class LogEntry:
    """One thing done, optionally tied to a list item (``list_id`` and ``item_id``).

    :raises ValidationError: for blank text, or an item id without its list id.

    >>> LogEntry("写月报", item_id="i-1")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: list_id: an item id needs the id of its list
    """

    text: str = attrs.field(validator=non_blank)
    list_id: str | None = attrs.field(default=None, validator=optional_non_blank, kw_only=True)
    item_id: str | None = attrs.field(default=None, validator=optional_non_blank, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.item_id is not None and self.list_id is None:
            raise ValidationError("list_id", "an item id needs the id of its list")


@attrs.frozen
class WorkLog:
    """A person's log for one day (每日工作纪实, R10); at least one entry.

    :raises ValidationError: for a blank person id, a datetime as day, or no entries.

    >>> WorkLog("p-7", dt.date(2026, 11, 16), ())
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: entries: a work log needs at least one entry
    """

    person_id: str = attrs.field(validator=non_blank)
    day: dt.date = attrs.field(validator=plain_date)
    entries: tuple[LogEntry, ...] = attrs.field(validator=tuple_of(LogEntry))

    @entries.validator
    def _check_entries(self, _attribute: object, entries: tuple[LogEntry, ...]) -> None:
        if not entries:
            raise ValidationError("entries", "a work log needs at least one entry")

    @property
    def record_id(self) -> str:
        """A stable id for the log: ``log:<person>:<day>``."""
        return f"log:{self.person_id}:{self.day.isoformat()}"
