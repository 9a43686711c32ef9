"""The authority rules applied where data is written (issue 14 item 3; R3, R5, R26).

Each case was accepted by the store before: an archive entry signed by its own
subject or by someone who may not sign it, a signed list turned back into a
draft with new text, self-assessment, a leader signing who is not the
principal, scoring by staff or on one's own unit. The oracle is the authority
grid of ``tests/test_authority.py``'s organisation, written out by hand here:
who may do what to whose record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from qingdan_core.archive import Filing, RecordKind
from qingdan_core.errors import PermissionDeniedError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.lifecycle import Stage
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.organisation import Person, Post, Role, Unit
from qingdan_core.periods import Month
from qingdan_core.scoring.card import PartKind, PartLine, ScoreCard
from qingdan_core.scoring.records import MonthRecord
from qingdan_core.storage import RecordStore, Repositories, open_store

UNITS = (
    Unit("u-county", "某县"),
    Unit("u-office", "县督考办", parent_id="u-county"),
    Unit("u-tax", "县税务局", parent_id="u-county"),
    Unit("u-tax-1", "征管科", parent_id="u-tax"),
)
PEOPLE = (
    Person("p-head", "局长", "u-tax", Post("局长"), roles=(Role.PRINCIPAL_LEADER,)),
    Person("p-dep", "副局长", "u-tax", Post("副局长"), roles=(Role.IN_CHARGE_LEADER,),
           in_charge_of=(Subject.unit("u-tax-1"),)),
    Person("p-7", "征管员甲", "u-tax-1", Post("征管员")),
    Person("p-8", "征管员乙", "u-tax-1", Post("征管员")),
    Person("p-office", "督考员", "u-office", Post("督查员"), roles=(Role.SUPERVISION_OFFICE,)),
)  # fmt: skip
P7 = Subject.person("p-7")
AT = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ITEM = ListItem("i-1", "征管月报", dt.date(2026, 11, 1), dt.date(2026, 11, 20))
TASKS = Checklist("L-task", "task", P7, Month(2026, 11), (ITEM,), Stage.IN_PROGRESS)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    if request.param == "memory":
        url = "memory://"
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'rules.db'}"
    else:
        url = request.getfixturevalue("pg_schema_url")
    with open_store(url) as opened:
        opened.create_schema()
        opened.units.add_many(UNITS)
        opened.people.add_many(PEOPLE)
        yield opened


def _filing(
    signer: str, kind: RecordKind = RecordKind.ASSESSMENT_LIST, file: Subject = P7
) -> Filing:
    return Filing.of(
        "u-tax", file, kind, f"考核-{file.id}", {"score": "90"}, signed_by=signer, filed_at=AT
    )


def _entry(subject: Subject) -> LedgerEntry:
    return LedgerEntry(
        "L-1",
        subject,
        dt.date(2026, 11, 20),
        EntryKind.DEDUCTION,
        Decimal("-0.5"),
        "督考〔2026〕17号",
        "R21",
        "未按时报送",
    )


# ------------------------------------------------------------------ rules for everyone (R5, R26)


def test_r26_an_archive_entry_signed_by_its_own_subject_is_refused(store: RecordStore) -> None:
    with pytest.raises(PermissionDeniedError, match=r"own record \(R26\)"):
        store.archive.append(_filing("p-7"))
    assert store.archive.root() is None


def test_r5_a_signed_list_is_never_turned_back_or_rewritten(store: RecordStore) -> None:
    signed = attrs.evolve(TASKS, stage=Stage.SIGNED)
    stored = store.checklists.add(signed)
    draft = attrs.evolve(signed, stage=Stage.DRAFTED, items=(attrs.evolve(ITEM, text="改写"),))
    with pytest.raises(PermissionDeniedError, match=r"signed list is final.*\(R5\)"):
        store.checklists.save(draft, stored.version)
    with pytest.raises(PermissionDeniedError, match="signed list is final"):
        store.checklists.upsert(draft)
    with pytest.raises(PermissionDeniedError, match="signed list is final"):
        store.checklists.save(attrs.evolve(draft, stage=Stage.USED), stored.version)
    assert store.checklists.get("L-task") == stored
    used = store.checklists.save(attrs.evolve(signed, stage=Stage.USED), stored.version)
    filed = store.checklists.save(attrs.evolve(signed, stage=Stage.FILED), used.version)
    assert filed.value.stage is Stage.FILED


def test_a_batch_job_without_an_actor_is_trusted(store: RecordStore) -> None:
    """Without an actor (imports, the demo), only the rules for everyone apply."""
    with store.transaction() as tx:
        stored = tx.checklists.add(TASKS)
        tx.checklists.save(attrs.evolve(TASKS, stage=Stage.ASSESSED), stored.version)
        tx.ledger.add(_entry(Subject.unit("u-office")))
        tx.archive.append(_filing("p-dep"))
    assert store.checklists.get("L-task").value.stage is Stage.ASSESSED


# ------------------------------------------------------------------ with an actor (R3, R5, R26)


def _moves(store: RecordStore, actor: str, stage: Stage, to: Stage) -> None:
    stored = store.checklists.upsert(attrs.evolve(TASKS, stage=stage)).stored
    with store.transaction(actor=actor) as tx:
        tx.checklists.save(attrs.evolve(TASKS, stage=to), stored.version)


@pytest.mark.parametrize(
    ("actor", "stage", "to", "allowed"),
    [
        ("p-7", Stage.IN_PROGRESS, Stage.ASSESSED, False),  # self-assessment (R26)
        ("p-dep", Stage.IN_PROGRESS, Stage.ASSESSED, True),  # the in-charge leader (R3)
        ("p-head", Stage.IN_PROGRESS, Stage.ASSESSED, False),  # not in charge of p-7
        ("p-dep", Stage.ASSESSED, Stage.SIGNED, False),  # only the principal signs (R5)
        ("p-7", Stage.ASSESSED, Stage.SIGNED, False),
        ("p-head", Stage.ASSESSED, Stage.SIGNED, True),
        ("p-head", Stage.IN_PROGRESS, Stage.SIGNED, False),  # not a step of the lifecycle
        ("p-ghost", Stage.IN_PROGRESS, Stage.ASSESSED, False),  # not a person of the county
    ],
)
def test_r3_r5_r26_list_stages_move_only_by_their_party(
    store: RecordStore, actor: str, stage: Stage, to: Stage, allowed: bool
) -> None:
    if allowed:
        _moves(store, actor, stage, to)
        assert store.checklists.get("L-task").value.stage is to
        return
    with pytest.raises(PermissionDeniedError):
        _moves(store, actor, stage, to)
    assert store.checklists.get("L-task").value.stage is stage


@pytest.mark.parametrize(
    ("actor", "subject", "allowed"),
    [
        ("p-office", P7, True),
        ("p-7", Subject.person("p-8"), False),  # staff do not score (R21)
        ("p-head", P7, False),
        ("p-office", Subject.unit("u-office"), False),  # not on their own unit (R26)
    ],
)
def test_r21_r26_only_the_office_scores_and_never_its_own(
    store: RecordStore, actor: str, subject: Subject, allowed: bool
) -> None:
    card = ScoreCard.compose(
        MonthRecord(subject, 2026, 11),
        policy="county",
        parts=[PartLine("task", PartKind.OBJECTIVE, Decimal("90"), Decimal(1))],
    )
    writes: list[Callable[[Repositories], object]] = [
        lambda tx: tx.ledger.add(_entry(subject)),
        lambda tx: tx.score_cards.add(card),
    ]
    for write in writes:
        if allowed:
            with store.transaction(actor=actor) as tx:
                write(tx)
        else:
            with pytest.raises(PermissionDeniedError), store.transaction(actor=actor) as tx:
                write(tx)
    assert len(store.ledger.all()) == len(store.score_cards.all()) == (1 if allowed else 0)


@pytest.mark.parametrize(
    ("signer", "kind", "allowed"),
    [
        ("p-head", RecordKind.ASSESSMENT_LIST, True),  # the principal above p-7 (R5)
        ("p-dep", RecordKind.ASSESSMENT_LIST, False),  # a leader, not the principal
        ("p-ghost", RecordKind.ASSESSMENT_LIST, False),  # an unknown signer
        ("p-office", RecordKind.NOTICE, True),  # the office files its notices
        ("p-8", RecordKind.NOTICE, False),
    ],
)
def test_r5_archive_filings_are_signed_by_their_signer(
    store: RecordStore, signer: str, kind: RecordKind, allowed: bool
) -> None:
    if allowed:
        with store.transaction(actor="p-office") as tx:
            tx.archive.append(_filing(signer, kind))
        assert store.archive.verify_all().entries == 1
        return
    with pytest.raises(PermissionDeniedError), store.transaction(actor="p-office") as tx:
        tx.archive.append(_filing(signer, kind))
    assert store.archive.root() is None
