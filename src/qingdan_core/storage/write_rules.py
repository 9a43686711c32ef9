"""The authority rules applied where data is written (R3, R5, R26).

A unit of work may name the person acting (``store.transaction(actor="p-7")``);
then each write below is checked with :mod:`qingdan_core.authority` against
the organisation as stored in the same unit of work (its units and people),
and a write the actor may not make raises
:class:`~qingdan_core.errors.PermissionDeniedError` and writes nothing. Some
rules hold for everyone, actor or not, since nobody may break them (R5, R26).
Writes without an actor are for trusted batch jobs (imports, the demo, the
month-end run), which check authority themselves.

| Write | For everyone, actor or not | With an actor |
|---|---|---|
| `checklists.add`, `add_many` | — | the actor fills it in (its type's `filled_by`, R2, R3) |
| `checklists.save`, `upsert` | a signed list only moves on to used and filed; nothing else of it changes (R5) | a stage change is its transition's action (publish, start, assess, sign, use, file) by that action's party; any other change is filling it in (R3, R5, R7, R26) |
| `archive.append`, `append_many` | not signed by the person whose file it goes in (R26) | the signer is a person of the organisation; an assessment list is signed by the principal leader above the file's owner, other records by the supervision office (R5) |
| `ledger.add`, `add_many` | — | the actor scores: the supervision office, never on their own record or unit (R21, R22, R26) |
| `score_cards.add`, `add_many`, `save`, `upsert` | — | as `ledger.add` (R12, R26) |

A filed archive entry never changes for anyone: the archive repository has
no way to change one (R5).

>>> from qingdan_core.storage import open_store
>>> from qingdan_core.organisation import Person, Post, Unit
>>> store = open_store("memory://")
>>> _ = store.units.add(Unit("u-tax", "县税务局"))
>>> _ = store.people.add(Person("p-7", "沈莉", "u-tax", Post("征管员")))
>>> from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
>>> import datetime as dt
>>> from decimal import Decimal
>>> with store.transaction(actor="p-7") as tx:
...     tx.ledger.add(LedgerEntry("L-1", Subject.unit("u-tax"), dt.date(2026, 11, 20),
...         EntryKind.BONUS, Decimal(1), "自评", "R22", "自己给自己加分"))
Traceback (most recent call last):
...
qingdan_core.errors.PermissionDeniedError: p-7 may not score L-1: only the supervision office (督考办) may score (R21, R22)
>>> store.ledger.all()
()
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from qingdan_core.archive import Filing, RecordKind
from qingdan_core.authority import Action, Record, require
from qingdan_core.catalogue import Catalogue, builtin
from qingdan_core.errors import NotFoundError, PermissionDeniedError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.lifecycle import Stage
from qingdan_core.lists import Checklist
from qingdan_core.organisation import Organisation, Role

__all__ = ["WriteRules"]

_AFTER_SIGNING = {Stage.SIGNED: Stage.USED, Stage.USED: Stage.FILED}
_TRANSITIONS = {
    (Stage.DRAFTED, Stage.PUBLISHED): Action.PUBLISH,
    (Stage.PUBLISHED, Stage.IN_PROGRESS): Action.START,
    (Stage.IN_PROGRESS, Stage.ASSESSED): Action.ASSESS,
    (Stage.ASSESSED, Stage.SIGNED): Action.SIGN,
    (Stage.SIGNED, Stage.USED): Action.USE,
    (Stage.USED, Stage.FILED): Action.FILE,
}


@attrs.define
class WriteRules:
    """The rules a unit of work applies to its writes; ``actor`` is None for a batch job.

    ``organisation`` is read from the store on first need (call :meth:`bind`).
    """

    actor: str | None = None
    catalogue: Catalogue = attrs.field(factory=builtin)
    _load: Callable[[], Organisation] | None = attrs.field(default=None, alias="load")
    _org: Organisation | None = attrs.field(default=None, init=False)

    def bind(self, load: Callable[[], Organisation]) -> WriteRules:
        """These rules, reading the organisation with ``load`` when an actor's write needs it."""
        return attrs.evolve(self, load=load)

    def _organisation(self) -> Organisation:
        if self._org is None:
            if self._load is None:
                raise NotFoundError("organisation", "(no store to read it from)")
            self._org = self._load()
        return self._org

    def _require(self, actor: str, action: Action, record: Record) -> None:
        try:
            require(self._organisation(), actor, action, record)
        except NotFoundError as exc:
            raise PermissionDeniedError(
                actor, action.value, record.record_id, f"{record.subject} is not stored ({exc})"
            ) from exc

    def list_added(self, checklist: Checklist) -> None:
        """Check adding ``checklist``: with an actor, they fill it in (R2, R3)."""
        if self.actor is not None:
            self._require(self.actor, Action.FILL_IN, Record.of_list(checklist, self.catalogue))

    def list_saved(self, before: Checklist, after: Checklist) -> None:
        """Check saving ``after`` over ``before`` (R3, R5, R7, R26).

        :raises PermissionDeniedError: when a signed list would change other than
            moving on to used or filed (for anyone), or the actor may not make the change.
        """
        moved = before.stage is not after.stage
        if before.stage.is_signed and (
            _AFTER_SIGNING.get(before.stage) is not after.stage
            or attrs.evolve(before, stage=after.stage) != after
        ):
            raise PermissionDeniedError(
                self.actor or "(batch)",
                "save",
                before.list_id,
                f"the list is {before.stage.label}: a signed list is final and only moves on "
                "to used and filed (R5)",
            )
        if self.actor is None or (not moved and before == after):
            return
        action = _TRANSITIONS.get((before.stage, after.stage)) if moved else Action.FILL_IN
        if action is None:
            raise PermissionDeniedError(
                self.actor,
                "save",
                before.list_id,
                f"{before.stage.label} → {after.stage.label} is not a step of the lifecycle (R7)",
            )
        self._require(self.actor, action, Record.of_list(before, self.catalogue))

    def filed(self, filings: Iterable[Filing]) -> None:
        """Check archive filings (R5, R26).

        :raises PermissionDeniedError: when a filing is signed by the person whose
            file it goes in (for anyone); with an actor, when the signer is not a
            person of the organisation, or an assessment list is not signed by the
            principal leader above the file's owner.
        """
        for filing in filings:
            own = filing.file.kind is SubjectKind.PERSON and filing.file.id == filing.signed_by
            if own:
                raise PermissionDeniedError(
                    filing.signed_by,
                    Action.SIGN.value,
                    filing.record_id,
                    "no one assesses, signs, scores or issues a notice on their own record (R26)",
                )
            if self.actor is None:
                continue
            record = Record(
                filing.record_id,
                filing.file,
                signed_by=Role.PRINCIPAL_LEADER
                if filing.kind is RecordKind.ASSESSMENT_LIST
                else Role.SUPERVISION_OFFICE,
            )
            self._require(filing.signed_by, Action.SIGN, record)

    def scored(self, record_id: str, subject: Subject) -> None:
        """Check a score or ledger entry about ``subject``: the actor is the office, not its
        subject (R21, R22, R26)."""
        if self.actor is not None:
            self._require(self.actor, Action.SCORE, Record.about(record_id, subject))
