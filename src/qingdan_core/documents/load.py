"""The documents of stored notices: each with its task, the month-end finding and the notice it escalates.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.calendar import china
>>> from qingdan_core.lists import Checklist, ListItem, ProgressReport
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.organisation import Unit
>>> from qingdan_core.periods import Month
>>> from qingdan_core.review import month_end_review
>>> from qingdan_core.storage import open_store
>>> store = open_store("memory://")
>>> _ = store.units.add(Unit("u-fgw", "县发改局"))
>>> task = ListItem("t-1", "产业园标准厂房建设", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
...                 lead_leader_id="p-wang", responsible_unit_id="u-fgw",
...                 reports=(ProgressReport(dt.date(2026, 3, 20), Decimal("0.1")),))
>>> _ = store.checklists.add(Checklist("key", "task", Subject.unit("u-fgw"), Month(2026, 3), (task,)))
>>> review = month_end_review([task], [], [], dt.date(2026, 3, 31), china())
>>> store.month_end_reviews.add(review)
>>> for notice in review.new_notices:
...     _ = store.notices.add(notice)
>>> [(d.serial, d.title, d.addressee) for d in notice_documents(store, month=Month(2026, 3))]
[('督考〔2026〕1号', '黄色督办清单', '县发改局：'), ('督考〔2026〕2号', '限期督办通知单', '县发改局：')]
>>> notice_documents(store, serials=["督考〔2026〕9号"])
Traceback (most recent call last):
...
qingdan_core.errors.NotFoundError: no notices with key '督考〔2026〕9号'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from qingdan_core.calendar import WorkCalendar
from qingdan_core.documents.notice import DEFAULT_OFFICE, NoticeDocument, notice_document
from qingdan_core.errors import NotFoundError, ValidationError
from qingdan_core.notices import Notice, NoticeKind, NoticePolicy, Serial
from qingdan_core.periods import Month
from qingdan_core.review import TaskFinding
from qingdan_core.storage.protocol import Store

__all__ = ["notice_documents"]


def _chosen(
    store: Store, serials: Iterable[str], month: Month | None, kinds: Collection[NoticeKind] | None
) -> list[Notice]:
    picked = [store.notices.get(str(Serial.parse(s))).value for s in serials]
    if month is not None:
        picked.extend(s.value for s in store.notices.issued_between(month.start, month.end))
    if kinds is not None:
        picked = [n for n in picked if n.kind in kinds]
    unique = {n.serial: n for n in picked}
    return sorted(unique.values(), key=lambda n: (n.serial.year, n.serial.issuer, n.serial.number))


def _finding(
    store: Store, notice: Notice, cache: dict[Month, dict[str, TaskFinding]]
) -> TaskFinding | None:
    """The finding about the notice's task in the month-end review that issued it, if any."""
    month = Month.containing(notice.issued_on)
    if month not in cache:
        review = store.month_end_reviews.of_month(month)
        cache[month] = (
            {f.item_id: f for f in review.findings}
            if review is not None and review.day == notice.issued_on
            else {}
        )
    return cache[month].get(notice.item_id)


def notice_documents(
    store: Store,
    *,
    serials: Iterable[str] = (),
    month: Month | None = None,
    kinds: Collection[NoticeKind] | None = None,
    office: str = DEFAULT_OFFICE,
    calendar: WorkCalendar | None = None,
    policy: NoticePolicy | None = None,
    lang: str = "zh",
) -> tuple[NoticeDocument, ...]:
    """The documents of the notices ``serials`` and of those issued in ``month``, by serial.

    ``kinds`` keeps only notices of those kinds. Each notice is written with
    :func:`~qingdan_core.documents.notice.notice_document`: its task from the
    stored lists, the finding of the month-end review held on its issue day
    (the facts), the notice it escalates, and the names of units and people.

    :raises ValidationError: for a serial not in the form 督考〔2026〕17号, or
        when neither ``serials`` nor ``month`` is given.
    :raises NotFoundError: for a serial not stored, or a notice whose task is not stored.
    """
    serials = tuple(serials)
    if not serials and month is None:
        raise ValidationError("serials", "name the notices: give serials, a month, or both")
    notices = _chosen(store, serials, month, kinds)
    tasks = {
        t.item.item_id: t.item for t in store.checklists.tasks_by_id({n.item_id for n in notices})
    }
    names = {u.value.unit_id: u.value.name for u in store.units.all()}
    names.update((p.value.person_id, p.value.name) for p in store.people.all())
    cache: dict[Month, dict[str, TaskFinding]] = {}
    out = []
    for notice in notices:
        task = tasks.get(notice.item_id)
        if task is None:
            raise NotFoundError("task", notice.item_id)
        earlier = (
            None
            if notice.escalated_from is None
            else store.notices.get(str(notice.escalated_from)).value
        )
        out.append(
            notice_document(
                notice,
                task,
                _finding(store, notice, cache),
                earlier=earlier,
                names=names,
                office=office,
                calendar=calendar,
                policy=policy,
                lang=lang,
            )
        )
    return tuple(out)
