"""Score cards and ledger entries edited outside the archive are found against their signed copies (R5, R22).

The store holds a deduction, a bonus and a month's score card, each also
filed, signed, in the archive. The cases edit the stored records directly in
the database (points, a part score, a deleted row) or rescore a card through
the API after it was signed; ``check_signed_copies`` and ``qingdan
verify-archive`` must report each, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa

from cli._cli import run
from qingdan_core.archive import Filing, RecordKind
from qingdan_core.errors import ArchiveTamperedError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.scoring.card import PartKind, PartLine, ScoreCard
from qingdan_core.scoring.records import MonthRecord
from qingdan_core.storage import open_store
from qingdan_core.storage.kinds import score_card_key
from qingdan_core.storage.signed_copies import SignedCopies, check_signed_copies

AT = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
P7 = Subject.person("p-7")
DEDUCTION = LedgerEntry(
    "L-1",
    P7,
    dt.date(2026, 11, 20),
    EntryKind.DEDUCTION,
    Decimal("-0.5"),
    "督考〔2026〕17号",
    "R21",
    "未按时报送",
)
BONUS = LedgerEntry(
    "L-2",
    P7,
    dt.date(2026, 11, 21),
    EntryKind.BONUS,
    Decimal("1"),
    "风采录〔2026〕3号",
    "R22",
    "抗洪一线",
)
CARD = ScoreCard.compose(
    MonthRecord(P7, 2026, 11),
    policy="county",
    parts=[PartLine("task", PartKind.OBJECTIVE, Decimal("88"), Decimal(1))],
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'signed.db'}"
    else:
        found = request.getfixturevalue("pg_schema_url")
    with open_store(found) as store:
        store.create_schema()
        store.ledger.add_many([DEDUCTION, BONUS])
        store.score_cards.add(CARD)
        store.archive.append_many(
            [
                Filing.of(
                    "u-tax",
                    P7,
                    RecordKind.LEDGER_ENTRY,
                    "L-1",
                    DEDUCTION,
                    signed_by="p-office",
                    filed_at=AT,
                ),
                Filing.of(
                    "u-tax",
                    P7,
                    RecordKind.SHOWCASE,
                    "L-2",
                    BONUS,
                    signed_by="p-office",
                    filed_at=AT,
                ),
                Filing.of(
                    "u-tax",
                    P7,
                    RecordKind.ASSESSMENT_LIST,
                    "考核-p-7-2026-11",
                    CARD,
                    signed_by="p-head",
                    filed_at=AT,
                ),
            ]
        )
    return found


def _db(url: str) -> str:
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url


def test_untouched_records_match_their_signed_copies(url: str) -> None:
    with open_store(url) as store:
        assert check_signed_copies(store) == SignedCopies(ledger_entries=2, score_cards=1)
    status, out, _err = run(["verify-archive", "--db", _db(url)])
    assert status == 0
    assert "2 ledger entries and 1 score cards match their signed copies" in out


CASES = {
    "ledger points edited": (
        "UPDATE qingdan_ledger_entries SET payload = REPLACE(payload, '\"-0.5\"', '\"-0.1\"') WHERE key = 'L-1'",
        "ledger entry L-1 differs",
    ),
    "a ledger entry deleted": (
        "DELETE FROM qingdan_ledger_entries WHERE key = 'L-2'",
        "L-2 filed here is no longer stored",
    ),
    "a score card's part score and totals edited": (
        "UPDATE qingdan_score_cards SET payload = REPLACE(payload, '88', '98')",
        "differs from the copy signed here",
    ),
    "a score card's part score edited, its totals not": (
        "UPDATE qingdan_score_cards SET payload = REPLACE(payload, '\"88\"', '\"98\"')",
        "a stored record cannot be read",
    ),
    "a score card deleted": ("DELETE FROM qingdan_score_cards", "no longer stored"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_r5_an_edited_or_deleted_record_is_found(url: str, case: str) -> None:
    statement, reason = CASES[case]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        assert conn.execute(sa.text(statement)).rowcount == 1
    engine.dispose()
    with open_store(url) as store, pytest.raises(ArchiveTamperedError, match=reason) as caught:
        check_signed_copies(store)
    assert caught.value.file in ("u-tax/person:p-7", "(records)")
    status, out, err = run(["verify-archive", "--db", _db(url)])
    assert (status, out) == (1, "")
    assert reason in err


def test_r5_a_card_rescored_after_signing_is_found(url: str) -> None:
    with open_store(url) as store:
        stored = store.score_cards.get(score_card_key(CARD))
        rescored = attrs.evolve(CARD, notes=("复核后调整",))
        store.score_cards.save(rescored, stored.version)
        with pytest.raises(ArchiveTamperedError, match="edited after signing") as caught:
            check_signed_copies(store)
    assert caught.value.position == 3
