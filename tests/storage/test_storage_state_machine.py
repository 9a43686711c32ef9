"""The SQL adapter and the memory adapter agree on any sequence of operations.

A Hypothesis ``RuleBasedStateMachine`` applies the same random operations —
adds, batches, saves with fresh or stale versions, units of work that commit,
fail or conflict, archive appends (R5, R22), queries — to a memory store and
an SQL store (SQLite, PostgreSQL, MariaDB) and asserts every result, every error
and every query agree.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from qingdan_core.archive import Filing, RecordKind
from qingdan_core.errors import ConflictError, NotFoundError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.notices import Notice, NoticeKind, NoticeStatus, Serial
from qingdan_core.organisation import Unit
from qingdan_core.periods import Month
from qingdan_core.storage import RecordStore, open_store

from .conftest import Scratch

AT = dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Any text but NUL (PostgreSQL text cannot hold it) and lone surrogates (not UTF-8).
text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1
).filter(str.strip)
entry_ids = st.sampled_from([f"L-{n}" for n in range(1, 9)])
unit_ids = st.sampled_from(["u-1", "u-2", "u-3", "单位〔甲〕", "'; --"])
days = st.integers(1, 30).map(lambda d: dt.date(2026, 11, d))
entries = st.builds(
    LedgerEntry,
    entry_id=entry_ids,
    subject=unit_ids.map(Subject.unit),
    day=days,
    kind=st.just(EntryKind.DEDUCTION),
    points=st.sampled_from([Decimal("-0.5"), Decimal("-1"), Decimal("-0.25")]),
    source=text,
    rule=st.just("R21"),
    reason=text,
)
units = st.builds(Unit, unit_id=unit_ids, name=text, parent_id=st.none() | unit_ids)
versions = st.integers(1, 4)
items = st.builds(
    ListItem,
    item_id=st.sampled_from(["i-1", "i-2", "i-3", "i-4"]),
    text=text,
    assigned_on=st.just(dt.date(2026, 11, 1)),
    due=st.just(dt.date(2026, 11, 30)),
    responsible_unit_id=st.none() | unit_ids,
    lead_leader_id=st.none() | st.sampled_from(["p-a", "p-b"]),
)


def _notices(status: st.SearchStrategy[NoticeStatus], status_on: st.SearchStrategy[object]) -> Any:
    return st.builds(
        Notice,
        serial=st.integers(1, 4).map(lambda n: Serial("督考", 2026, n)),
        kind=st.just(NoticeKind.DEADLINE_SUPERVISION),
        item_id=st.sampled_from(["i-1", "i-2"]),
        addressee=unit_ids.map(Subject.unit),
        issued_on=st.just(dt.date(2026, 11, 2)),
        respond_by=days.filter(lambda d: d >= dt.date(2026, 11, 2)),
        rule=st.just("R16"),
        reason=text,
        status=status,
        status_on=status_on,
    )


# A notice past "issued" carries the day of that step.
notices = _notices(st.just(NoticeStatus.ISSUED), st.none()) | _notices(
    st.sampled_from([s for s in NoticeStatus if s is not NoticeStatus.ISSUED]),
    days.filter(lambda d: d >= dt.date(2026, 11, 2)),
)
checklists = st.builds(
    Checklist,
    list_id=st.sampled_from(["L-a", "L-b", "L-c"]),
    type_code=st.just("unit_implementation"),
    owner=unit_ids.map(Subject.unit),
    period=st.integers(1, 12).map(lambda m: Month(2026, m)),
    items=st.lists(items, max_size=3, unique_by=lambda i: i.item_id).map(tuple),
)


def _outcome(action: Callable[[RecordStore], Any], store: RecordStore) -> tuple[str, Any]:
    try:
        return ("ok", action(store))
    except (ConflictError, NotFoundError, ValidationError) as exc:
        return (type(exc).__name__, None)


class Agreement(RuleBasedStateMachine):
    """Drives a memory store and an SQL store with the same operations."""

    make_sql: Callable[[], RecordStore]

    def __init__(self) -> None:
        super().__init__()
        self.memory = open_store("memory://")
        self.sql = self.make_sql()

    def both(self, action: Callable[[RecordStore], Any]) -> tuple[str, Any]:
        expected = _outcome(action, self.memory)
        assert _outcome(action, self.sql) == expected
        return expected

    def teardown(self) -> None:
        self.sql.close()

    @rule(entry=entries)
    def add_entry(self, entry: LedgerEntry) -> None:
        self.both(lambda s: s.ledger.add(entry))

    @rule(batch=st.lists(entries, max_size=4))
    def add_entries(self, batch: list[LedgerEntry]) -> None:
        self.both(lambda s: s.ledger.add_many(batch))

    @rule(unit=units)
    def add_unit(self, unit: Unit) -> None:
        self.both(lambda s: s.units.add(unit))

    @rule(unit=units, version=versions)
    def save_unit(self, unit: Unit, version: int) -> None:
        self.both(lambda s: s.units.save(unit, version))

    @rule(checklist=checklists, version=st.none() | versions)
    def add_or_save_checklist(self, checklist: Checklist, version: int | None) -> None:
        if version is None:
            self.both(lambda s: s.checklists.add(checklist))
        else:
            self.both(lambda s: s.checklists.save(checklist, version))

    @rule(notice=notices, version=st.none() | versions, addressee=unit_ids)
    def notice(self, notice: Notice, version: int | None, addressee: str) -> None:
        if version is None:
            self.both(lambda s: s.notices.add(notice))
        else:
            self.both(lambda s: s.notices.save(notice, version))
        self.both(lambda s: s.notices.open())
        self.both(lambda s: s.notices.open(Subject.unit(addressee)))

    @rule(unit=unit_ids, leader=st.sampled_from(["p-a", "p-b"]), owner=unit_ids)
    def query_tasks(self, unit: str, leader: str, owner: str) -> None:
        self.both(lambda s: s.checklists.tasks_by_unit(unit))
        self.both(lambda s: s.checklists.tasks_by_leader(leader))
        self.both(lambda s: s.checklists.tasks_by_id(["i-1", "i-3"]))
        self.both(lambda s: s.checklists.for_owner(Subject.unit(owner), dt.date(2026, 6, 1)))

    @rule(person=st.sampled_from(["p-1", "p-2"]), record=entry_ids)
    def file_record(self, person: str, record: str) -> None:
        filing = Filing.of(
            "u-1",
            Subject.person(person),
            RecordKind.LEDGER_ENTRY,
            record,
            {"id": record},
            signed_by="p-head",
            filed_at=AT,
        )
        self.both(lambda s: s.archive.append(filing))

    @rule(
        batch=st.lists(entries, max_size=3),
        unit=units,
        version=versions,
        fail=st.booleans(),
    )
    def unit_of_work(self, batch: list[LedgerEntry], unit: Unit, version: int, fail: bool) -> None:
        def run(store: RecordStore) -> str:
            try:
                with store.transaction() as tx:
                    tx.ledger.add_many(batch)
                    try:
                        tx.units.save(unit, version)
                    except NotFoundError:
                        tx.units.add(unit)
                    if fail:
                        raise RuntimeError("abandoned")
            except RuntimeError:
                return "rolled back"
            return "committed"

        self.both(run)

    @rule(subject=unit_ids, first=st.none() | days, last=st.none() | days)
    def query_ledger(self, subject: str, first: dt.date | None, last: dt.date | None) -> None:
        self.both(lambda s: s.ledger.for_subject(Subject.unit(subject), first, last))

    @rule(parent=unit_ids, key=entry_ids | unit_ids)
    def query_units(self, parent: str, key: str) -> None:
        self.both(lambda s: s.units.children(parent))
        self.both(lambda s: s.units.get(key))
        self.both(lambda s: s.ledger.get(key))

    @invariant()
    def everything_agrees(self) -> None:
        self.both(lambda s: s.ledger.all())
        self.both(lambda s: s.units.all())
        self.both(lambda s: s.checklists.all())
        self.both(lambda s: s.archive.volume("u-1"))
        self.both(lambda s: s.archive.verify("u-1", Subject.person("p-1")))


_DEFAULT = settings.default
assert _DEFAULT is not None  # a profile is always loaded
SETTINGS = settings(max_examples=min(_DEFAULT.max_examples, 40), stateful_step_count=15)


def test_sqlite_and_memory_agree(tmp_path: Path) -> None:
    """R5, R21, R22: the SQLite adapter behaves exactly like the memory adapter."""

    class OnSqlite(Agreement):
        def make_sql(self) -> RecordStore:
            store = open_store(f"sqlite:///{tmp_path / uuid.uuid4().hex}.db")
            store.create_schema()
            return store

    run_state_machine_as_test(OnSqlite, settings=SETTINGS)


def _agree_on(scratch: Scratch) -> None:
    """Run the state machine with each example's SQL store in a new place on ``scratch``."""

    class OnServer(Agreement):
        def make_sql(self) -> RecordStore:
            self.place, url = scratch.create("sm")
            store = open_store(url)
            store.create_schema()
            return store

        def teardown(self) -> None:
            super().teardown()
            scratch.drop(self.place)

    run_state_machine_as_test(OnServer, settings=SETTINGS)


@pytest.mark.postgres
def test_postgresql_and_memory_agree(pg_scratch: Scratch) -> None:
    """R5, R21, R22: the PostgreSQL adapter behaves exactly like the memory adapter."""
    _agree_on(pg_scratch)


@pytest.mark.mysql
def test_mariadb_and_memory_agree(mysql_scratch: Scratch) -> None:
    """R5, R21, R22: the MariaDB adapter behaves exactly like the memory adapter."""
    _agree_on(mysql_scratch)


def test_the_state_machine_sees_a_disagreement() -> None:
    """The comparison can fail: a store that drops writes is caught."""

    class Forgetful(Agreement):
        def make_sql(self) -> RecordStore:
            return open_store("memory://")

        def add_entry(self, entry: LedgerEntry) -> None:  # the SQL side never gets it
            self.memory.ledger.add(entry)

    machine = Forgetful()
    machine.add_entry(
        LedgerEntry(
            "L-1",
            Subject.unit("u-1"),
            dt.date(2026, 11, 1),
            EntryKind.OPINION,
            Decimal(0),
            "督考",
            "R22",
            "意见",
        )
    )
    with pytest.raises(AssertionError):
        machine.everything_agrees()
    machine.teardown()
