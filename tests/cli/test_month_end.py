"""``qingdan month-end`` on a stored county: it reviews, stores the review, and scores the month.

A three-month demo is exported; parts of its last month are left out of the
export and the rest imported into a new store (SQLite, PostgreSQL), so the
month-end must redo them from the store alone (R3, R12, R15, R18, R19).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli._cli import SMALL, run

Export = dict[str, Any]


@pytest.fixture(scope="module")
def three_months(tmp_path_factory: pytest.TempPathFactory) -> Export:
    """The export of a small demo's first three months (reviewed and scored)."""
    path = tmp_path_factory.mktemp("three") / "three.db"
    assert run(["demo", "--db", str(path), *SMALL, "--months", "3"])[0] == 0
    return _export(str(path))


def _export(db: str) -> Export:
    status, out, err = run(["export", "--db", db])
    assert status == 0, err
    data: Export = json.loads(out)
    return data


def _march(row: dict[str, Any]) -> bool:
    """Whether an exported review, card or month record is of 2025-03."""
    if "report" in row:
        return bool(row["report"]["month"] == {"year": 2025, "month": 3})
    return bool((row["year"], row["month"]) == (2025, 3))


def _without(data: Export, drop: Callable[[str, dict[str, Any]], bool]) -> Export:
    return {
        name: [row for row in rows if not drop(name, row)] if isinstance(rows, list) else rows
        for name, rows in data.items()
    }


def _imported(data: Export, db: str, folder: Path) -> None:
    source = folder / f"export-{uuid.uuid4().hex[:8]}.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, _, err = run(["import", "--db", db, str(source)])
    assert status == 0, err


def _sorted(rows: list[Any]) -> list[str]:
    """Rows as sorted JSON texts, the lines of a monthly list sorted too (order-blind)."""
    return sorted(
        json.dumps(
            {**row, "lines": _sorted(row["lines"])} if "lines" in row else row,
            sort_keys=True,
            ensure_ascii=False,
        )
        for row in rows
    )


def _cards(data: Export) -> list[str]:
    return _sorted(data["score_cards"])


def test_r15_r3_month_end_stores_its_review_and_scores_the_month(
    three_months: Export, db: str, tmp_path: Path
) -> None:
    """Without March's review and cards, the month-end redoes both from the store: the same
    findings, levels and two lists as the demo's review (no new notice: they are stored), and
    exactly the demo's score cards from the stored month records; the 专报 then reads it."""
    drop = {"month_end_reviews", "score_cards"}
    _imported(_without(three_months, lambda name, row: name in drop and _march(row)), db, tmp_path)
    status, out, err = run(["month-end", "--db", db, "--month", "2025-03"])
    assert status == 0, err
    scored = sum(1 for c in three_months["score_cards"] if _march(c))
    assert "2025-03 月末督考(2025-03-31):" in out
    assert "新下达 0 份" in out
    assert f"本次写入 {scored} 张" in out
    after = _export(db)
    assert _cards(after) == _cards(three_months)
    for name in set(after) - {"month_end_reviews", "score_cards"}:
        assert after[name] == three_months[name], name
    (original,) = (r for r in three_months["month_end_reviews"] if _march(r))
    redone = after["month_end_reviews"][-1]
    assert redone["day"] == original["day"]
    for part in ("findings", "states", "monthly_lists"):  # the same, maybe in another task order
        assert _sorted(redone[part]) == _sorted(original[part]), part
    assert redone["new_notices"] == []
    status, text, err = run(["report", "--db", db, "--period", "2025-03", "--kind", "special"])
    assert status == 0, err
    assert "2025-03-31 月末督考" in text
    again = run(["month-end", "--db", db, "--month", "2025-03"])
    assert again[0] == 0
    assert "已督考过" in again[1]
    assert _export(db) == after


def test_r3_month_end_without_month_records_reviews_and_says_what_is_missing(
    three_months: Export, tmp_path: Path
) -> None:
    """No month records: the month is reviewed, not scored, and the output says why; one
    person's record missing: that person is named and no card is written (R3, R12)."""
    drop = {"month_end_reviews", "score_cards", "month_records"}
    trimmed = _without(three_months, lambda name, row: name in drop and _march(row))
    db = str(tmp_path / "none.db")
    _imported(trimmed, db, tmp_path)
    status, out, err = run(["month-end", "--db", db, "--month", "2025-03"])
    assert status == 0, err
    assert "月度考评(R3、R12):未计分,缺少 month records (R3, R12) of 2025-03: none stored" in out
    after = _export(db)
    assert not any(_march(c) for c in after["score_cards"])
    assert any(_march(r) for r in after["month_end_reviews"])

    person = next(
        r["subject"]["id"]
        for r in three_months["month_records"]
        if _march(r) and r["subject"]["kind"] == "person"
    )

    def one_missing(name: str, row: dict[str, Any]) -> bool:
        if name == "month_records":
            return _march(row) and row["subject"]["id"] == person
        return name in {"month_end_reviews", "score_cards"} and _march(row)

    db = str(tmp_path / "one.db")
    _imported(_without(three_months, one_missing), db, tmp_path)
    status, out, err = run(["month-end", "--db", db, "--month", "2025-03"])
    assert status == 0, err
    assert f"未计分,缺少 month records (R3, R12) of 2025-03 for person:{person}" in out
    assert not any(_march(c) for c in _export(db)["score_cards"])


def test_a_month_never_reviewed_before_a_reviewed_one_is_refused(
    three_months: Export, tmp_path: Path
) -> None:
    """February's review missing while March's ran: reviewing February now would be out of
    order, so it is refused with the reason and nothing is written (R15, R18)."""
    february = {"year": 2025, "month": 2}
    trimmed = _without(
        three_months,
        lambda name, row: name == "month_end_reviews" and row["report"]["month"] == february,
    )
    db = str(tmp_path / "gap.db")
    _imported(trimmed, db, tmp_path)
    before = _export(db)
    status, _, err = run(["month-end", "--db", db, "--month", "2025-02"])
    assert status == 2
    assert "later month-end already ran on 2025-03-31" in err
    assert _export(db) == before
