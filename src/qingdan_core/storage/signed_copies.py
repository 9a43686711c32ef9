"""Stored score cards and ledger entries checked against their signed copies in the archive (R5, R22).

The archive holds the signed copy of each monthly assessment (a
:class:`~qingdan_core.scoring.card.ScoreCard` filed as an
:attr:`~qingdan_core.archive.RecordKind.ASSESSMENT_LIST`) and of each ledger
entry (a :class:`~qingdan_core.ledger.LedgerEntry` filed as a
:attr:`~qingdan_core.archive.RecordKind.LEDGER_ENTRY` or
:attr:`~qingdan_core.archive.RecordKind.SHOWCASE`). The score cards and the
ledger outside the archive are what the reports and the annual roll-up read
(R6, R14), so an edit there — points changed, an entry deleted, a card
rescored after signing — must not pass unnoticed: :func:`check_signed_copies`
compares each stored record with its latest signed copy.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.archive import Filing, RecordKind
>>> from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
>>> from qingdan_core.storage import open_store
>>> store = open_store("memory://")
>>> entry = LedgerEntry("L-1", Subject.unit("u-1"), dt.date(2026, 11, 20), EntryKind.DEDUCTION,
...                     Decimal("-0.5"), "督考〔2026〕17号", "R21", "未按时报送")
>>> store.ledger.add(entry)
>>> _ = store.archive.append(Filing.of("u-1", Subject.unit("u-1"), RecordKind.LEDGER_ENTRY, "L-1",
...     entry, signed_by="p-office", filed_at=dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)))
>>> check_signed_copies(store)
SignedCopies(ledger_entries=1, score_cards=0)
"""

from __future__ import annotations

from typing import TypeVar

import attrs

from qingdan_core.archive import ArchiveEntry, RecordKind
from qingdan_core.errors import ArchiveTamperedError, ValidationError
from qingdan_core.ledger import LedgerEntry
from qingdan_core.scoring.card import ScoreCard
from qingdan_core.storage.kinds import score_card_key
from qingdan_core.storage.repositories import Repositories

__all__ = ["SignedCopies", "check_signed_copies"]

T = TypeVar("T")

_LEDGER_KINDS = (RecordKind.LEDGER_ENTRY, RecordKind.SHOWCASE)


@attrs.frozen
class SignedCopies:
    """How many stored ledger entries and score cards were checked against a signed copy.

    >>> SignedCopies(2, 1).score_cards
    1
    """

    ledger_entries: int
    score_cards: int


def check_signed_copies(store: Repositories) -> SignedCopies:
    """Check each ledger entry and score card that has a signed copy in the archive (R5, R22).

    The latest copy filed of each (by ledger entry id; by score card key:
    subject, month and policy) must equal the stored record. Records never
    filed are not checked; a filed document that is not a ledger entry or a
    score card is left alone. Run :meth:`~qingdan_core.storage.ArchiveRepository.verify_all`
    first: this trusts the archive's entries.

    :returns: how many of each were checked.
    :raises ArchiveTamperedError: naming the archive file and entry of the signed
        copy whose record is no longer stored, or is stored differently; or
        ``(records)`` when a stored ledger entry or score card cannot be read.
    """
    ledger: dict[str, tuple[ArchiveEntry, LedgerEntry]] = {}
    cards: dict[str, tuple[ArchiveEntry, ScoreCard]] = {}
    for entry in store.archive.entries():
        if entry.kind in _LEDGER_KINDS:
            found = _read(entry, LedgerEntry)
            if found is not None:
                ledger[found.entry_id] = (entry, found)
        elif entry.kind is RecordKind.ASSESSMENT_LIST:
            card = _read(entry, ScoreCard)
            if card is not None:
                cards[score_card_key(card)] = (entry, card)
    try:
        stored_ledger = {e.entry_id: e for e in store.ledger.all()}
        stored_cards = {s.key: s.value for s in store.score_cards.all()}
    except ValidationError as exc:
        raise ArchiveTamperedError(
            "(records)", 0, f"a stored record cannot be read: {exc}"
        ) from exc
    for key, (entry, signed) in ledger.items():
        _compare(entry, "ledger entry", key, signed, stored_ledger.get(key))
    for key, (entry, card) in cards.items():
        _compare(entry, "score card", key, card, stored_cards.get(key))
    return SignedCopies(len(ledger), len(cards))


def _read(entry: ArchiveEntry, cls: type[T]) -> T | None:
    try:
        return entry.record(cls)
    except ValidationError:
        return None


def _compare(entry: ArchiveEntry, what: str, key: str, signed: T, stored: T | None) -> None:
    if stored is None:
        raise ArchiveTamperedError(
            entry.file_label,
            entry.position,
            f"the {what} {key} filed here is no longer stored (deleted)",
        )
    if stored != signed:
        raise ArchiveTamperedError(
            entry.file_label,
            entry.position,
            f"the stored {what} {key} differs from the copy signed here (edited after signing)",
        )
