"""What a load would change in a store, shown before it is written, and written in one go.

A loader compares the values a spreadsheet asks for with the stored ones
and returns a :class:`Plan`: one :class:`Change` per record (added, updated
or unchanged) with the version it read. :meth:`Plan.lines` says what would
change (``--dry-run``); :meth:`Plan.apply` writes the added and updated
records in one unit of work, each with ``upsert(value, expected=version)``,
so a record someone changed since the plan was made is a
:class:`~qingdan_core.errors.ConflictError` and nothing is written.

>>> from qingdan_core.organisation import Unit
>>> from qingdan_core.storage import open_store
>>> store = open_store("memory://")
>>> planner = Planner(store)
>>> plan = Plan((planner.change("units", Unit("u-1", "县环保局")),))
>>> plan.lines(), str(plan.counts)
(['would add units u-1'], '1 added, 0 updated, 0 unchanged')
>>> print(plan.apply(store))
1 added, 0 updated, 0 unchanged
>>> print(Plan((Planner(store).change("units", Unit("u-1", "县环保局")),)).counts)
0 added, 0 updated, 1 unchanged
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from qingdan_core.storage.generic import Changes, Outcome
from qingdan_core.storage.protocol import Store, Stored

__all__ = ["Change", "Plan", "Planner"]


@attrs.frozen
class Change:
    """One record of a load: which repository, its key, what the load does, the version read."""

    repository: str
    key: str
    outcome: Outcome
    expected: int
    value: Any

    def __str__(self) -> str:
        verb = {Outcome.ADDED: "add", Outcome.UPDATED: "update"}.get(self.outcome, "keep")
        return f"{verb} {self.repository} {self.key}"


@attrs.frozen
class Plan:
    """What a load would do, record by record (nothing is written until :meth:`apply`)."""

    changes: tuple[Change, ...]

    @property
    def counts(self) -> Changes:
        """How many records the load adds, updates and leaves unchanged."""
        return Changes.of([c.outcome for c in self.changes])

    def lines(self) -> list[str]:
        """What the load would write: one line per record it would add or update."""
        return [f"would {c}" for c in self.changes if c.outcome is not Outcome.UNCHANGED]

    def apply(self, store: Store) -> Changes:
        """Write the added and updated records in one unit of work (R5: all or nothing).

        :returns: the counts.
        :raises ConflictError: when a record changed since the plan was made
            (nothing is written: make the plan again).
        """
        added: dict[str, list[Any]] = {}
        for change in self.changes:
            if change.outcome is Outcome.ADDED:
                added.setdefault(change.repository, []).append(change.value)
        with store.transaction() as tx:
            # New records in one write per repository: a key stored since the plan is a conflict.
            for repository, values in added.items():
                getattr(tx, repository).add_many(values)
            for change in self.changes:
                if change.outcome is Outcome.UPDATED:
                    getattr(tx, change.repository).upsert(change.value, expected=change.expected)
        return self.counts


class Planner:
    """Compares wanted values with the stored ones, reading each repository once."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stored: dict[str, dict[str, Stored[Any]]] = {}

    def stored(self, repository: str) -> dict[str, Stored[Any]]:
        """Every stored record of ``repository`` (``"units"``, ``"people"`` …), by key."""
        if repository not in self._stored:
            found = getattr(self._store, repository).all()
            self._stored[repository] = {s.key: s for s in found}
        return self._stored[repository]

    def change(
        self,
        repository: str,
        value: Any,
        merge: Callable[[Any, Any], Any] | None = None,
    ) -> Change:
        """The change that stores ``value`` in ``repository``.

        ``merge(stored, value)`` gives the value to store over a stored one (to
        keep what the spreadsheet does not hold, such as progress reports);
        without it the stored value is replaced by ``value``.
        """
        kind = getattr(self._store, repository).kind
        key = kind.key(value)
        before = self.stored(repository).get(key)
        if before is None:
            return Change(repository, key, Outcome.ADDED, 0, value)
        wanted = value if merge is None else merge(before.value, value)
        outcome = Outcome.UNCHANGED if wanted == before.value else Outcome.UPDATED
        return Change(repository, key, outcome, before.version, wanted)
