"""Read a :class:`~qingdan_core.reports.source.ReportSource` back from a store (R5, R22).

A store holds the units and people, the lists (among them the weekly lists
posted on the board, R11), the notices, the 纪实台帐 ledger (R22), the
monthly score cards and the month-end reviews (R15, R19). From these come the
public board, the ledger report, the rankings, the 专报 and the two lists.

>>> from qingdan_core.storage import open_store
>>> from qingdan_core.organisation import Unit
>>> store = open_store("memory://")
>>> _ = store.units.add(Unit("u-1", "县发改局"))
>>> source = source_from_store(store)
>>> source.name("u-1"), source.units
('县发改局', ('u-1',))
"""

from __future__ import annotations

from collections import defaultdict

from qingdan_core.catalogue import builtin
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.organisation import Organisation
from qingdan_core.periods import Month, Quarter, Year
from qingdan_core.publicity import PublicBoard, public_board
from qingdan_core.reports.source import PostedBoard, ReportSource
from qingdan_core.storage.protocol import Store

__all__ = ["source_from_store"]


def source_from_store(store: Store, period: Month | Quarter | Year | None = None) -> ReportSource:
    """The report source a store can give: names, boards, ledger, notices, monthly cards,
    month-end reviews and the archive's root (as stored; ``qingdan verify-archive`` checks it).

    Units and people with score cards are the assessed ones. The board of a
    month is the weekly lists (type ``weekly``) of its last week. The reviews
    are those of ``period`` and of the month before it (whose review printed
    the period's first two lists, R19), or all of them when ``period`` is None.

    :raises ValidationError: when a stored record is not the value its kind says.
    """
    units = [stored.value for stored in store.units.all()]
    people = [stored.value for stored in store.people.all()]
    cards = [stored.value for stored in store.score_cards.all()]
    unit_cards = [c for c in cards if c.subject.kind is SubjectKind.UNIT]
    person_cards = [c for c in cards if c.subject.kind is SubjectKind.PERSON]
    carded = {c.subject.id for c in person_cards}
    unit_of = {p.person_id: p.unit_id for p in people if p.person_id in carded}
    assessed = list(dict.fromkeys(c.subject.id for c in unit_cards))
    notices = [stored.value for stored in store.notices.all()]
    return ReportSource(
        names=(*((u.unit_id, u.name) for u in units), *((p.person_id, p.name) for p in people)),
        unit_of=tuple(unit_of.items()),
        units=tuple(assessed) if assessed else tuple(u.unit_id for u in units),
        reviews=(
            store.month_end_reviews.between()
            if period is None
            else store.month_end_reviews.between(
                Month.containing(period.start).previous().start, period.end
            )
        ),
        notices=tuple(sorted(notices, key=lambda n: (n.issued_on, n.serial.number))),
        ledger=store.ledger.all(),
        unit_cards=tuple(unit_cards),
        person_cards=tuple(person_cards),
        boards=_boards(store, Organisation(tuple(units), tuple(people)), unit_of),
        archive_root=store.archive.root(),
    )


def _boards(store: Store, org: Organisation, unit_of: dict[str, str]) -> tuple[PostedBoard, ...]:
    """The posted weekly lists (R11) of the assessed people, per month and unit."""
    catalogue = builtin()
    found: dict[tuple[Month, str], list[PublicBoard]] = defaultdict(list)
    for person_id, unit_id in unit_of.items():
        for stored in store.checklists.for_owner(Subject.person(person_id)):
            checklist = stored.value
            if checklist.type_code == "weekly":
                month = Month.containing(checklist.period.start)
                found[(month, unit_id)].append(public_board(checklist, org, catalogue))
    return tuple(
        PostedBoard(month, unit_id, tuple(boards))
        for (month, unit_id), boards in sorted(
            found.items(), key=lambda kv: (kv[0][0].start, kv[0][1])
        )
    )
