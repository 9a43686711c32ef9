"""The storage conformance suite: the tests every storage adapter must pass.

Subclass :class:`StoreConformance` in one of your test modules, name the
subclass ``Test…`` so pytest collects it, and say how to make a fresh, empty
store with its schema created (:meth:`StoreConformance.make_store`). Every
check then runs on your adapter: duplicate inserts refused, atomic batches and
units of work, stale versions refused with
:class:`~qingdan_core.errors.ConflictError`, ordering guarantees, odd strings
kept verbatim, the month-end reviews one per month (R15, R19), and the archive
append-only, chained onto each file's last entry and verifiable (R5, R22). The
memory, SQLite and PostgreSQL adapters of this library run the same suite.

Needs pytest, which the extra ``testing`` installs (``pip install
'qingdan-core[testing]'``); without it the import fails with an
:class:`ImportError` that says so. The suite uses a fixture called ``store``;
override it instead of :meth:`~StoreConformance.make_store` when making a store
needs other fixtures.

>>> from qingdan_core.storage import open_store
>>> class TestMemoryStore(StoreConformance):
...     def make_store(self):
...         return open_store("memory://")
>>> "test_stale_version_is_refused_and_writes_nothing" in dir(TestMemoryStore)
True
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

try:
    import pytest
except ImportError as exc:  # pragma: no cover - tested in a subprocess without pytest
    raise ImportError(
        "qingdan_core.testing needs pytest: pip install 'qingdan-core[testing]'",
        name="pytest",
    ) from exc

from qingdan_core.archive import GENESIS, Filing, RecordKind
from qingdan_core.attention import AttentionLevel, LevelChange, TaskSupervision
from qingdan_core.calendar import china
from qingdan_core.contracts import CommitmentContract, two_copies
from qingdan_core.errors import ConflictError, NotFoundError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.lifecycle import Stage, Transition, publish, start
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.notices import Notice, NoticeKind, Serial, answer, close
from qingdan_core.organisation import GuidanceGroup, Person, Post, Unit
from qingdan_core.periods import Month
from qingdan_core.review import month_end_review
from qingdan_core.scoring.card import PartKind, PartLine, ScoreCard
from qingdan_core.scoring.records import MonthRecord
from qingdan_core.storage.protocol import Store
from qingdan_core.worklog import LogEntry, WorkLog

__all__ = ["ODD_STRINGS", "StoreConformance", "check_store"]

ODD_STRINGS = (
    'O\'Brien "quoted" `back`',
    "'; DROP TABLE qingdan_units; --",
    "%s %(name)s ? :name $1 \\ \\n",
    "督考〔2026〕17号：全角标点，。！？（）【】",
    "ＦＵＬＬＷＩＤＴＨ　ｓｐａｃｅ",
    "emoji 🎯 and combining é",
    "  leading and trailing spaces  ",
    "line\nbreak\ttab\r\n",
)
"""Strings every adapter must store and return verbatim (quotes, SQL, full-width …).

NUL characters are left out: PostgreSQL text cannot hold them.
"""

_AT = dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _entry(
    number: int, subject: str = "u-1", day: int = 1, reason: str = "未按时报送"
) -> LedgerEntry:
    return LedgerEntry(
        f"L-{number}",
        Subject.unit(subject),
        dt.date(2026, 11, day),
        EntryKind.DEDUCTION,
        Decimal("-0.5"),
        f"督考〔2026〕{number}号",
        "R21",
        reason,
    )


def _item(item_id: str, unit: str, leader: str) -> ListItem:
    return ListItem(
        item_id,
        f"任务 {item_id}",
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
        responsible_unit_id=unit,
        lead_leader_id=leader,
    )


def _checklist(list_id: str, owner: str, month: int, *items: ListItem) -> Checklist:
    return Checklist(list_id, "unit_implementation", Subject.unit(owner), Month(2026, month), items)


def _contract(contract_id: str, unit: str, day: int) -> CommitmentContract:
    signed = dt.date(2026, 11, day)
    items = (ListItem(f"{contract_id}-1", "完成征地补偿", signed, dt.date(2026, 12, 20)),)
    return CommitmentContract(
        contract_id, unit, "县政府常务会议", signed, items, two_copies(signed)
    )


def _notice(number: int, unit: str, task: str, issued: int, respond: int) -> Notice:
    return Notice(
        Serial("督考", 2026, number),
        NoticeKind.DEADLINE_SUPERVISION,
        task,
        Subject.unit(unit),
        dt.date(2026, 11, issued),
        dt.date(2026, 11, respond),
        "R16",
        "进度落后序时进度",
    )


def _card(unit: str, month: int, score: int) -> ScoreCard:
    return ScoreCard.compose(
        MonthRecord(Subject.unit(unit), 2026, month),
        policy="county",
        parts=[PartLine("task", PartKind.OBJECTIVE, Decimal(score), Decimal(1))],
    )


def _filing(record_id: str, person: str = "p-1") -> Filing:
    return Filing.of(
        "u-1",
        Subject.person(person),
        RecordKind.LEDGER_ENTRY,
        record_id,
        _entry(1),
        signed_by="p-head",
        filed_at=_AT,
    )


class StoreConformance:
    """The checks every :class:`~qingdan_core.storage.protocol.Store` must pass.

    Subclass it as ``class TestMyAdapter(StoreConformance)`` and implement
    :meth:`make_store`; override :meth:`close_store` to clean up more.
    """

    def make_store(self) -> Store:
        """A fresh, empty store with its schema created (override this)."""
        raise NotImplementedError("implement make_store() to return a fresh, empty store")

    def close_store(self, store: Store) -> None:
        """Release ``store`` after a test (default: ``store.close()``)."""
        store.close()

    @pytest.fixture
    def store(self) -> Iterator[Store]:
        """A fresh store per test, closed afterwards."""
        store = self.make_store()
        try:
            yield store
        finally:
            self.close_store(store)

    # ------------------------------------------------------------------ adding and reading

    def test_added_values_read_back_equal(self, store: Store) -> None:
        """A value comes back equal, with version 1 for a versioned kind."""
        store.ledger.add(_entry(1))
        assert store.ledger.get("L-1") == _entry(1)
        stored = store.units.add(Unit("u-1", "县委办"))
        assert store.units.get("u-1") == stored
        assert stored.version == 1

    def test_missing_key_raises_not_found(self, store: Store) -> None:
        """Reading or saving a key that is not stored raises NotFoundError."""
        with pytest.raises(NotFoundError):
            store.ledger.get("L-404")
        with pytest.raises(NotFoundError):
            store.units.get("u-404")
        with pytest.raises(NotFoundError):
            store.units.save(Unit("u-404", "无此单位"), version=1)

    def test_a_value_of_another_type_is_refused(self, store: Store) -> None:
        """A repository refuses values of another kind with a ValidationError."""
        with pytest.raises(ValidationError):
            store.ledger.add(Unit("u-1", "县委办"))  # type: ignore[arg-type]
        assert store.ledger.all() == ()

    def test_odd_strings_are_kept_verbatim(self, store: Store) -> None:
        """Quotes, SQL fragments and full-width characters round-trip unchanged."""
        for number, text in enumerate(ODD_STRINGS, start=1):
            store.ledger.add(_entry(number, subject=text, reason=text))
            store.units.add_many([Unit(text, text), Unit(f"{text}/下级", text, parent_id=text)])
        for number, text in enumerate(ODD_STRINGS, start=1):
            assert store.ledger.get(f"L-{number}").reason == text
            assert store.ledger.for_subject(Subject.unit(text)) == (
                _entry(number, subject=text, reason=text),
            )
            assert store.units.get(text).value == Unit(text, text)
            assert [s.key for s in store.units.children(text)] == [f"{text}/下级"]

    def test_keys_differing_in_case_spaces_width_or_accents_are_distinct(
        self, store: Store
    ) -> None:
        """Keys compare exactly: no case folding, no trailing-space padding, no width or
        accent folding (a database collation must not merge them)."""
        keys = ("u-a", "U-A", "u-a ", "ｕ-ａ", "u-á", "u-a\t")
        store.units.add_many(Unit(key, key) for key in keys)
        store.units.add_many(Unit(f"{key}/下级", key, parent_id=key) for key in keys)
        for key in keys:
            assert store.units.get(key).value.name == key
            assert [s.key for s in store.units.children(key)] == [f"{key}/下级"]

    # ------------------------------------------------------------------ duplicates and batches

    def test_duplicate_insert_is_refused(self, store: Store) -> None:
        """Adding a key twice raises ConflictError naming it; the first value stays."""
        store.ledger.add(_entry(1))
        with pytest.raises(ConflictError) as caught:
            store.ledger.add(_entry(1, reason="另一个原因"))
        assert caught.value.kind == "ledger_entries"
        assert "L-1" in caught.value.key
        assert store.ledger.get("L-1").reason == "未按时报送"
        store.units.add(Unit("u-1", "县委办"))
        with pytest.raises(ConflictError):
            store.units.add(Unit("u-1", "县政府办"))
        assert store.units.get("u-1").value.name == "县委办"

    def test_a_batch_with_a_stored_key_adds_nothing(self, store: Store) -> None:
        """add_many is all or nothing when one key is already stored."""
        store.ledger.add(_entry(3))
        with pytest.raises(ConflictError):
            store.ledger.add_many([_entry(1), _entry(2), _entry(3), _entry(4)])
        assert [e.entry_id for e in store.ledger.all()] == ["L-3"]

    def test_a_batch_repeating_a_key_adds_nothing(self, store: Store) -> None:
        """add_many is all or nothing when a key repeats inside the batch."""
        with pytest.raises(ConflictError):
            store.ledger.add_many([_entry(1), _entry(2), _entry(1)])
        assert store.ledger.all() == ()
        assert store.ledger.add_many([]) == 0

    def test_a_unit_of_work_commits_everything_together(self, store: Store) -> None:
        """Writes inside a transaction are seen inside it and all committed at its end."""
        with store.transaction() as tx:
            assert tx.ledger.add_many([_entry(1), _entry(2)]) == 2
            tx.units.add(Unit("u-1", "县委办"))
            assert len(tx.ledger.all()) == 2
        assert len(store.ledger.all()) == 2
        assert store.units.get("u-1").version == 1

    def test_an_exception_in_a_unit_of_work_leaves_nothing(self, store: Store) -> None:
        """An exception raised inside a transaction rolls every write of it back."""
        first = store.units.add(Unit("u-1", "县委办"))

        def abandoned() -> None:
            with store.transaction() as tx:
                tx.ledger.add_many([_entry(1), _entry(2)])
                tx.units.save(Unit("u-1", "县委办公室"), version=first.version)
                tx.units.add(Unit("u-2", "县政府办"))
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError, match="boom"):
            abandoned()
        assert store.ledger.all() == ()
        assert store.units.all() == (first,)

    def test_a_conflict_dooms_the_unit_of_work(self, store: Store) -> None:
        """After a ConflictError, even if caught, the transaction commits nothing."""
        store.ledger.add(_entry(1))
        refused: list[str] = []

        def caught_and_carried_on() -> None:
            with store.transaction() as tx:
                tx.ledger.add(_entry(2))
                for number in (1, 3):  # the duplicate, then a new key: both refused
                    try:
                        tx.ledger.add(_entry(number))
                    except ConflictError:
                        refused.append(f"L-{number}")

        with pytest.raises(ConflictError):
            caught_and_carried_on()
        assert refused == ["L-1", "L-3"]
        assert [e.entry_id for e in store.ledger.all()] == ["L-1"]

    # ------------------------------------------------------------------ versions

    def test_save_moves_to_the_next_version(self, store: Store) -> None:
        """Saving with the stored version stores the value at version + 1."""
        first = store.units.add(Unit("u-1", "县委办"))
        second = store.units.save(Unit("u-1", "县委办公室"), version=first.version)
        assert second.version == 2
        assert store.units.get("u-1") == second

    def test_stale_version_is_refused_and_writes_nothing(self, store: Store) -> None:
        """Saving with a version that is no longer stored raises ConflictError."""
        first = store.units.add(Unit("u-1", "县委办"))
        store.units.save(Unit("u-1", "县委办公室"), version=first.version)
        with pytest.raises(ConflictError) as caught:
            store.units.save(Unit("u-1", "旧名"), version=first.version)
        assert (caught.value.kind, caught.value.key) == ("units", "u-1")
        stored = store.units.get("u-1")
        assert (stored.version, stored.value.name) == (2, "县委办公室")

    def test_upsert_adds_then_updates_then_leaves_an_equal_value_alone(self, store: Store) -> None:
        """upsert adds a new key, saves a different value at the next version, and
        leaves an equal value at its version (loading the same data twice changes nothing)."""
        seen = [
            store.units.upsert(Unit("u-1", name))
            for name in ("县委办", "县委办", "县委办公室", "县委办公室")
        ]
        assert [(u.outcome.value, u.stored.version) for u in seen] == [
            ("added", 1),
            ("unchanged", 1),
            ("updated", 2),
            ("unchanged", 2),
        ]
        assert store.units.get("u-1") == seen[-1].stored

    def test_upsert_with_a_stale_expected_version_writes_nothing(self, store: Store) -> None:
        """An upsert based on an older read (``expected``) is a ConflictError, never an
        overwrite; expecting nothing stored (0) refuses a record someone added meanwhile."""
        first = store.units.add(Unit("u-1", "县委办"))
        store.units.save(Unit("u-1", "县委办公室"), version=first.version)
        with pytest.raises(ConflictError) as caught:
            store.units.upsert(Unit("u-1", "旧名"), expected=first.version)
        assert (caught.value.kind, caught.value.key) == ("units", "u-1")
        with pytest.raises(ConflictError):
            store.units.upsert(Unit("u-1", "县委办公室"), expected=0)
        with pytest.raises(ConflictError):
            store.people.upsert(Person("p-1", "金涛", "u-1", Post("科员")), expected=1)
        stored = store.units.get("u-1")
        assert (stored.version, stored.value.name) == (2, "县委办公室")
        assert store.people.all() == ()
        assert store.units.upsert(Unit("u-1", "县委办"), expected=2).stored.version == 3

    # ------------------------------------------------------------------ ordering

    def test_all_keeps_insertion_order(self, store: Store) -> None:
        """all() returns records in the order they were first added, saves included."""
        numbers = [5, 3, 9, 1, 7]
        store.ledger.add_many(_entry(n) for n in numbers)
        assert [e.entry_id for e in store.ledger.all()] == [f"L-{n}" for n in numbers]
        for unit_id in ("u-b", "u-a", "u-c"):
            store.units.add(Unit(unit_id, unit_id))
        store.units.save(Unit("u-b", "renamed"), version=1)
        assert [s.key for s in store.units.all()] == ["u-b", "u-a", "u-c"]

    def test_queries_order_by_day_then_insertion(self, store: Store) -> None:
        """for_subject filters by subject and inclusive day range, sorted by day then insertion."""
        days = {1: 20, 2: 3, 3: 20, 4: 15, 5: 3, 6: 28}
        store.ledger.add_many(_entry(n, day=d) for n, d in days.items())
        store.ledger.add(_entry(7, subject="u-2", day=3))
        found = store.ledger.for_subject(Subject.unit("u-1"))
        assert [e.entry_id for e in found] == ["L-2", "L-5", "L-4", "L-1", "L-3", "L-6"]
        window = store.ledger.for_subject(
            Subject.unit("u-1"), dt.date(2026, 11, 3), dt.date(2026, 11, 20)
        )
        assert [e.entry_id for e in window] == ["L-2", "L-5", "L-4", "L-1", "L-3"]
        everyone = store.ledger.between(dt.date(2026, 11, 3), dt.date(2026, 11, 3))
        assert [e.entry_id for e in everyone] == ["L-2", "L-5", "L-7"]

    # ------------------------------------------------------------------ typed queries

    def test_people_and_guidance_groups_by_unit_and_leader(self, store: Store) -> None:
        """people.in_unit, guidance_groups.covering and led_by select by real columns (R15)."""
        store.units.add_many([Unit("u-1", "县委办"), Unit("u-2", "县政府办")])
        for person_id, unit in (("p-1", "u-1"), ("p-2", "u-2"), ("p-3", "u-1")):
            store.people.add(Person(person_id, person_id, unit, Post("科员")))
        assert [s.key for s in store.people.in_unit("u-1")] == ["p-1", "p-3"]
        store.guidance_groups.add(GuidanceGroup("g-1", "第一组", "p-9", ("u-1", "u-2")))
        store.guidance_groups.add(GuidanceGroup("g-2", "第二组", "p-8", ("u-2", "u-3")))
        assert [s.key for s in store.guidance_groups.covering("u-2")] == ["g-1", "g-2"]
        assert [s.key for s in store.guidance_groups.covering("u-3")] == ["g-2"]
        assert [s.key for s in store.guidance_groups.led_by("p-9")] == ["g-1"]
        moved = GuidanceGroup("g-2", "第二组", "p-8", ("u-4",))
        store.guidance_groups.save(moved, version=1)
        assert [s.key for s in store.guidance_groups.covering("u-3")] == []
        assert [s.value for s in store.guidance_groups.covering("u-4")] == [moved]

    def test_tasks_by_unit_leader_and_id(self, store: Store) -> None:
        """Tasks (list items) by responsible unit, lead leader and id; saves re-index them (R19)."""
        first = _checklist("L-1", "u-1", 11, _item("i-1", "u-1", "p-a"), _item("i-2", "u-2", "p-b"))
        second = _checklist("L-2", "u-2", 11, _item("i-3", "u-2", "p-a"))
        store.checklists.add_many([first, second])
        by_unit = store.checklists.tasks_by_unit("u-2")
        assert [(t.checklist.key, t.item.item_id) for t in by_unit] == [
            ("L-1", "i-2"),
            ("L-2", "i-3"),
        ]
        by_leader = store.checklists.tasks_by_leader("p-a")
        assert [t.item.item_id for t in by_leader] == ["i-1", "i-3"]
        assert [t.item.item_id for t in store.checklists.tasks_by_id(["i-3", "i-1", "i-9"])] == [
            "i-1",
            "i-3",
        ]
        task = by_unit[0]
        moved = attrs.evolve(task.checklist.value, items=(_item("i-1", "u-1", "p-a"),))
        store.checklists.save(moved, version=task.checklist.version)
        assert [t.item.item_id for t in store.checklists.tasks_by_unit("u-2")] == ["i-3"]
        assert store.checklists.tasks_by_leader("p-b") == ()

    def test_lists_of_an_owner_by_period(self, store: Store) -> None:
        """checklists.for_owner filters by owner and period start, sorted by period start."""
        store.checklists.add_many(
            [
                _checklist("L-dec", "u-1", 12),
                _checklist("L-oct", "u-1", 10),
                _checklist("L-nov", "u-1", 11),
                _checklist("L-other", "u-2", 11),
            ]
        )
        owner = Subject.unit("u-1")
        assert [s.key for s in store.checklists.for_owner(owner)] == ["L-oct", "L-nov", "L-dec"]
        november = store.checklists.for_owner(owner, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        assert [s.key for s in november] == ["L-nov"]

    def test_lifecycle_events_come_back_in_order(self, store: Store) -> None:
        """lifecycle.for_list returns a list's events in insertion order, ready to replay (R7)."""
        draft = _checklist("L-1", "u-1", 11, _item("i-1", "u-1", "p-a"))
        published, opened = publish(draft, actor_id="p-1", now=_AT, reason="月初公开")
        running, started = start(
            published, actor_id="p-1", now=_AT + dt.timedelta(hours=1), reason="开始办理"
        )
        store.lifecycle.add(opened)
        store.lifecycle.add(started)
        assert store.lifecycle.for_list("L-1") == (opened, started)
        assert (opened.transition, started.to_stage) == (Transition.PUBLISH, running.stage)
        assert running.stage is Stage.IN_PROGRESS
        with pytest.raises(ConflictError):
            store.lifecycle.add(opened)

    def test_contracts_and_work_logs_by_unit_person_and_day(self, store: Store) -> None:
        """contracts by unit and signing day (R20); work logs by person and day (R10)."""
        store.contracts.add_many([_contract("C-2", "u-1", 20), _contract("C-1", "u-1", 3)])
        store.contracts.add(_contract("C-3", "u-2", 10))
        assert [s.key for s in store.contracts.for_unit("u-1")] == ["C-1", "C-2"]
        window = store.contracts.signed_between(dt.date(2026, 11, 3), dt.date(2026, 11, 10))
        assert [s.key for s in window] == ["C-1", "C-3"]
        for day in (17, 16, 18):
            store.work_logs.add(WorkLog("p-7", dt.date(2026, 11, day), (LogEntry("审核申报"),)))
        logs = store.work_logs.for_person("p-7", dt.date(2026, 11, 16), dt.date(2026, 11, 17))
        assert [s.value.day.day for s in logs] == [16, 17]

    def test_open_notices_by_deadline_and_notices_by_task(self, store: Store) -> None:
        """notices.open lists issued or answered notices by deadline; closed ones drop out (R16)."""
        store.notices.add_many(
            [
                _notice(1, "u-1", "t-1", issued=2, respond=9),
                _notice(2, "u-2", "t-2", issued=3, respond=6),
                _notice(3, "u-1", "t-1", issued=10, respond=13),
            ]
        )
        assert [str(s.value.serial) for s in store.notices.open()] == [
            "督考〔2026〕2号",
            "督考〔2026〕1号",
            "督考〔2026〕3号",
        ]
        stored = store.notices.get("督考〔2026〕2号")
        store.notices.save(
            close(answer(stored.value, dt.date(2026, 11, 5)), dt.date(2026, 11, 6)), 1
        )
        assert [s.key for s in store.notices.open()] == ["督考〔2026〕1号", "督考〔2026〕3号"]
        assert [s.key for s in store.notices.open(Subject.unit("u-2"))] == []
        assert [s.key for s in store.notices.for_task("t-1")] == [
            "督考〔2026〕1号",
            "督考〔2026〕3号",
        ]
        assert [s.key for s in store.notices.for_addressee(Subject.unit("u-2"))] == [
            "督考〔2026〕2号"
        ]
        window = store.notices.issued_between(dt.date(2026, 11, 3), dt.date(2026, 11, 10))
        assert [s.key for s in window] == ["督考〔2026〕2号", "督考〔2026〕3号"]

    def test_tasks_by_attention_level(self, store: Store) -> None:
        """supervision.at_level selects by level, re-indexed on save; level changes by task (R18)."""
        store.supervision.add_many(
            [
                TaskSupervision("i-1", AttentionLevel.KEY),
                TaskSupervision("i-2", AttentionLevel.GENERAL),
                TaskSupervision("i-3", AttentionLevel.KEY),
            ]
        )
        assert [s.key for s in store.supervision.at_level(AttentionLevel.KEY)] == ["i-1", "i-3"]
        store.supervision.save(TaskSupervision("i-1", AttentionLevel.SPECIAL), version=1)
        assert [s.key for s in store.supervision.at_level(AttentionLevel.KEY)] == ["i-3"]
        store.checklists.add(_checklist("L-1", "u-1", 11, _item("i-3", "u-1", "p-a")))
        ids = [s.key for s in store.supervision.at_level(AttentionLevel.KEY)]
        assert [t.item.item_id for t in store.checklists.tasks_by_id(ids)] == ["i-3"]
        up = LevelChange(
            "i-1", dt.date(2026, 11, 20), AttentionLevel.KEY, AttentionLevel.SPECIAL, "逾期"
        )
        earlier = LevelChange(
            "i-1", dt.date(2026, 11, 5), AttentionLevel.ATTENTION, AttentionLevel.KEY, "滞后"
        )
        store.level_changes.add_many([up, earlier])
        assert store.level_changes.for_task("i-1") == (earlier, up)
        assert store.level_changes.between(dt.date(2026, 11, 6), dt.date(2026, 11, 30)) == (up,)

    def test_scores_by_month_group_and_subject(self, store: Store) -> None:
        """score_cards and month_records.for_month select a month, optionally a group's subjects."""
        store.score_cards.add_many(
            [_card("u-1", 11, 90), _card("u-2", 11, 80), _card("u-3", 11, 70), _card("u-1", 10, 85)]
        )
        november = store.score_cards.for_month(2026, 11)
        assert [s.value.subject.id for s in november] == ["u-1", "u-2", "u-3"]
        group = store.score_cards.for_month(2026, 11, [Subject.unit("u-3"), Subject.unit("u-1")])
        assert [s.value.total for s in group] == [Decimal("90.00"), Decimal("70.00")]
        history = store.score_cards.for_subject(Subject.unit("u-1"))
        assert [s.value.month for s in history] == [10, 11]
        with pytest.raises(ConflictError):
            store.score_cards.add(_card("u-1", 11, 95))
        store.month_records.add_many(MonthRecord(Subject.unit(u), 2026, 11) for u in ("u-2", "u-1"))
        inputs = store.month_records.for_month(2026, 11, [Subject.unit("u-1")])
        assert [s.value.subject.id for s in inputs] == ["u-1"]

    def test_month_end_reviews_by_month(self, store: Store) -> None:
        """One review per month (R15, R19), read back equal, by month; a second one is refused."""
        reviews = [
            month_end_review([_item("i-1", "u-1", "p-9")], [], [], day, china())
            for day in (dt.date(2026, 11, 30), dt.date(2026, 9, 30), dt.date(2026, 10, 30))
        ]
        for review in reviews:
            store.month_end_reviews.add(review)
        assert store.month_end_reviews.of_month(Month(2026, 11)) == reviews[0]
        assert store.month_end_reviews.of_month(Month(2026, 12)) is None
        found = store.month_end_reviews.between(dt.date(2026, 10, 1), dt.date(2026, 12, 1))
        assert [r.day.month for r in found] == [10, 11]
        assert [r.day.month for r in store.month_end_reviews.between()] == [9, 10, 11]
        with pytest.raises(ConflictError):
            store.month_end_reviews.add(reviews[1])

    # ------------------------------------------------------------------ the archive

    def test_archive_chains_entries_per_file(self, store: Store) -> None:
        """Each file of a volume is its own chain, positions from 1 (R5, R22)."""
        first = store.archive.append(_filing("L-1"))
        second = store.archive.append(_filing("L-2"))
        other = store.archive.append(_filing("L-3", person="p-2"))
        assert (first.position, second.position, other.position) == (1, 2, 1)
        assert first.previous == GENESIS == other.previous
        assert second.previous == first.digest
        assert store.archive.file("u-1", Subject.person("p-1")) == (first, second)
        assert store.archive.volume("u-1") == (first, second, other)
        assert store.archive.verify("u-1", Subject.person("p-1")) == second.digest
        assert store.archive.verify("u-1", Subject.person("p-2"), head=other.digest)

    def test_archive_appends_chain_onto_the_last_entry_of_a_long_file(self, store: Store) -> None:
        """An append reads the file's last entry (its highest position), however many the file
        holds and whatever else was filed in between (R5, R22)."""
        appended = []
        with store.transaction() as tx:
            for n in range(12):
                appended.append(tx.archive.append(_filing(f"L-{n}")))
                tx.archive.append(_filing(f"M-{n}", person="p-2"))
        appended.append(store.archive.append(_filing("L-last")))
        assert [e.position for e in appended] == list(range(1, 14))
        assert all(b.previous == a.digest for a, b in itertools.pairwise(appended))
        assert store.archive.verify("u-1", Subject.person("p-1")) == appended[-1].digest
        assert store.archive.verify("u-1", Subject.person("p-2"))

    def test_archive_keeps_a_head_per_file_and_one_root(self, store: Store) -> None:
        """Each append moves its file's head and the root in the same unit of work; a batch
        ends where the same appends one by one would (R5, R22)."""
        assert store.archive.root() is None
        first = store.archive.append(_filing("L-1"))
        root = store.archive.root()
        assert root is not None
        assert (root.files, root.entries) == (1, 1)
        more = store.archive.append_many(
            [_filing("L-2"), _filing("L-3", person="p-2"), _filing("L-4")]
        )
        assert [e.position for e in more] == [2, 1, 3]
        assert more[0].previous == first.digest
        summary = store.archive.verify_all()
        root = store.archive.root()
        assert root is not None
        assert (summary.files, summary.entries, summary.root) == (2, 4, root.seal)
        with store.transaction() as tx:
            tx.archive.append(_filing("L-5", person="p-2"))
            tx.archive.append(_filing("L-6", person="p-2"))
        assert store.archive.verify_all().entries == 6
        assert (
            store.archive.verify("u-1", Subject.person("p-2"))
            == store.archive.file("u-1", Subject.person("p-2"))[-1].digest
        )

    def test_archive_is_append_only(self, store: Store) -> None:
        """The archive repository offers no way to change or remove an entry (R5)."""
        for name in ("save", "update", "delete", "remove", "replace", "add", "add_many"):
            assert not hasattr(store.archive, name)

    def test_archive_appends_in_a_failed_unit_of_work_leave_nothing(self, store: Store) -> None:
        """An archive append rolled back with its unit of work leaves the file as it was."""
        kept = store.archive.append(_filing("L-1"))

        def abandoned() -> None:
            with store.transaction() as tx:
                tx.archive.append(_filing("L-2"))
                raise RuntimeError("not signed after all")

        with pytest.raises(RuntimeError):
            abandoned()
        assert store.archive.file("u-1", Subject.person("p-1")) == (kept,)
        assert store.archive.append(_filing("L-2")).previous == kept.digest


_CHECK_MODULE = """
import uuid

import pytest

from qingdan_core.storage import drop_namespace, open_store
from qingdan_core.testing import StoreConformance


class TestYourStore(StoreConformance):
    @pytest.fixture
    def store(self, qingdan_check_url):
        namespace = "chk" + uuid.uuid4().hex[:9]
        store = open_store(qingdan_check_url, namespace=namespace)
        store.create_schema()
        try:
            yield store
        finally:
            store.close()
            drop_namespace(qingdan_check_url, namespace)
"""


class _CheckedUrl:
    """A pytest plugin giving the suite the URL under check."""

    def __init__(self, url: str) -> None:
        self.url = url

    @pytest.fixture
    def qingdan_check_url(self) -> str:
        return self.url


def check_store(url: str, *, pytest_args: Sequence[str] = ("-q",)) -> int:
    """Run this suite on the database at ``url``; pytest's exit status (0: every check passed).

    Each check runs in a namespace of its own (``chk`` and 9 random hex digits,
    :mod:`qingdan_core.storage.namespaces`) that is dropped afterwards, so the
    database's own stores are neither read nor changed. ``qingdan check-store
    URL`` calls this. ``url`` is an SQL URL as :func:`~qingdan_core.storage.open_store`
    takes it. It runs pytest in this process; from a shell, prefer the command::

        qingdan check-store postgresql+psycopg://qingdan@db.example/county
    """
    with tempfile.TemporaryDirectory(prefix="qingdan-check-") as folder:
        suite = Path(folder) / "test_your_store.py"
        suite.write_text(_CHECK_MODULE, encoding="utf-8")
        (Path(folder) / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        args = [str(suite), "--rootdir", folder, "-p", "no:cacheprovider", *pytest_args]
        return int(pytest.main(args, plugins=[_CheckedUrl(url)]))
