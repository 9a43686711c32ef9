"""Bad arguments to the scoring entry points raise ValidationError naming them (R3, R12–R14, R23–R25).

Among them R23's ``grade(facts=…)`` and ``tiebreak``; no public rule function lets a
bare ``TypeError`` or ``AttributeError`` escape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.scoring import (
    AdjustmentCaps,
    AssessorPanel,
    Grade,
    GradePolicy,
    MonthRecord,
    PartKind,
    PartLine,
    PartScore,
    Rating,
    RollupPolicy,
    Rounding,
    ScoreCard,
    TieRule,
    WeightedPolicy,
    YearRecord,
    grade,
    rank,
    recommend,
    rollup,
    score_months,
)

D = Decimal
ANNUAL = GradePolicy.annual()
SCORES = {"p1": D(95), "p2": D(80), "p3": D(80), "p4": D(80), "p5": D(80)}
RECORD = MonthRecord(
    Subject.person("p-1"),
    2026,
    3,
    (PartScore("task", D(90)), PartScore("attendance", D(100)), PartScore("supervision", D(80))),
    (Rating("leaders", "p-9", D(90)),),
)
CARD = WeightedPolicy().score(RECORD, [])
RANKS = rank({"u-1": D(90), "u-2": D(80), "u-3": D(70)})
TODAY = dt.date(2026, 12, 31)


class Weekdays:
    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        return day + dt.timedelta(days=n)


def recommend_with(**changes: object) -> Callable[[], object]:
    args: dict[str, object] = {
        "ranks": RANKS,
        "kind": SubjectKind.UNIT,
        "today": TODAY,
        "calendar": Weekdays(),
    } | changes
    return lambda: recommend(**args)  # type: ignore[arg-type]


A: object = None  # an `Any`-typed stand-in keeps mypy quiet about the deliberate mistakes
BAD: list[tuple[str, Callable[[], object], str]] = [
    # rank (R12–R14)
    ("rank-none", lambda: rank(A), "scores"),  # type: ignore[arg-type]
    ("rank-list", lambda: rank([("a", D(1))]), "scores"),  # type: ignore[arg-type]
    ("rank-float", lambda: rank({"a": 90.0}), "scores['a']"),  # type: ignore[dict-item]
    ("rank-groups-list", lambda: rank({"a": D(1)}, ["x"]), "groups"),  # type: ignore[arg-type]
    # grade (R23–R25)
    ("grade-none", lambda: grade(A, ANNUAL), "scores"),  # type: ignore[arg-type]
    ("grade-policy", lambda: grade(SCORES, "annual"), "policy"),  # type: ignore[arg-type]
    ("grade-groups-list", lambda: grade(SCORES, ANNUAL, groups=["x"]), "groups"),  # type: ignore[arg-type]
    ("grade-facts-list", lambda: grade(SCORES, ANNUAL, facts=["x"]), "facts"),  # type: ignore[arg-type]
    ("grade-tiebreak-list", lambda: grade(SCORES, ANNUAL, tiebreak=[D(1)]), "tiebreak"),  # type: ignore[arg-type]
    # recommend (R12, R13)
    ("recommend-none", recommend_with(ranks=None), "ranks"),
    ("recommend-item", recommend_with(ranks=[RANKS[0], "x"]), "ranks[1]"),
    ("recommend-kind", recommend_with(kind="unit"), "kind"),
    ("recommend-today-str", recommend_with(today="2026-12-31"), "today"),
    ("recommend-today-datetime", recommend_with(today=dt.datetime(2026, 12, 31)), "today"),
    ("recommend-calendar", recommend_with(calendar=None), "calendar"),
    ("recommend-policy", recommend_with(policy="strict"), "policy"),
    ("recommend-public-list", recommend_with(public_scores=["u-1"]), "public_scores"),
    ("recommend-public-float", recommend_with(public_scores={"u-1": 55.0}), "public_scores['u-1']"),
    ("recommend-period", recommend_with(period=2026), "period"),
    # score_months, WeightedPolicy.score, ScoreCard.compose (R3, R21)
    ("months-none", lambda: score_months(A, []), "records"),  # type: ignore[arg-type]
    ("months-item", lambda: score_months([RECORD, "x"], []), "records[1]"),  # type: ignore[list-item]
    ("months-entries", lambda: score_months([RECORD], A), "entries"),  # type: ignore[arg-type]
    ("months-entry", lambda: score_months([RECORD], ["x"]), "entries[0]"),  # type: ignore[list-item]
    ("months-policy", lambda: score_months([RECORD], [], "weighted"), "policy"),  # type: ignore[arg-type]
    ("score-record", lambda: WeightedPolicy().score(A, []), "record"),  # type: ignore[arg-type]
    ("score-entries", lambda: WeightedPolicy().score(RECORD, A), "entries"),  # type: ignore[arg-type]
    ("caps-entry", lambda: AdjustmentCaps().apply([1], RECORD), "entries[0]"),  # type: ignore[list-item]
    ("panel-ratings", lambda: AssessorPanel().composite(A), "ratings"),  # type: ignore[arg-type]
    ("compose-record", lambda: ScoreCard.compose(A, policy="x", parts=()), "record"),  # type: ignore[arg-type]
    ("compose-parts", lambda: ScoreCard.compose(RECORD, policy="x", parts=A), "parts"),  # type: ignore[arg-type]
    (
        "compose-part",
        lambda: ScoreCard.compose(RECORD, policy="x", parts=[("task", D(1))]),  # type: ignore[list-item]
        "parts[0]",
    ),
    # rollup, YearRecord.from_cards (R6, R14)
    ("rollup-none", lambda: rollup(A), "records"),  # type: ignore[arg-type]
    ("rollup-item", lambda: rollup(["x"]), "records[0]"),  # type: ignore[list-item]
    ("rollup-policy", lambda: rollup([], "default"), "policy"),  # type: ignore[arg-type]
    ("roll-record", lambda: RollupPolicy().roll(A), "record"),  # type: ignore[arg-type]
    ("cards-none", lambda: YearRecord.from_cards(A), "cards"),  # type: ignore[arg-type]
    ("cards-item", lambda: YearRecord.from_cards([CARD, "x"]), "cards[1]"),  # type: ignore[list-item]
    ("cards-quarters", lambda: YearRecord.from_cards([CARD], quarters=[None] * 4), "quarters"),  # type: ignore[arg-type]
    ("cards-annual", lambda: YearRecord.from_cards([CARD], annual=90.0), "annual"),  # type: ignore[arg-type]
    # Rounding (the one rounding step, D2)
    ("round-float", lambda: Rounding().apply(0.5), "value"),  # type: ignore[arg-type]
    ("round-none", lambda: Rounding().apply(A), "value"),  # type: ignore[arg-type]
    ("round-nan", lambda: Rounding().apply(D("NaN")), "value"),
    ("round-bool", lambda: Rounding().display(True), "value"),
]


@pytest.mark.parametrize(("call", "path"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_r3_r12_r14_r23_bad_argument_raises_validation_error_naming_it(
    call: Callable[[], object], path: str
) -> None:
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path, str(err.value)


# ------------------------------------------------- grade facts and tiebreak (R23, R24)


def test_r23_a_flag_given_as_a_string_is_refused_not_split_into_characters() -> None:
    with pytest.raises(ValidationError) as err:
        grade(SCORES, ANNUAL, facts={"p1": "disciplinary_sanction"})  # a str is an Iterable[str]!
    assert err.value.path == "facts['p1']"
    assert "not a single string" in str(err.value)
    # given properly, the sanction forbids 优秀
    (p1, *_) = grade(SCORES, ANNUAL, facts={"p1": ["disciplinary_sanction"]})
    assert p1.grade is Grade.COMPETENT


def test_r23_all_bad_facts_and_tiebreaks_are_named_in_one_error() -> None:
    facts: dict[str, Any] = {
        "P1": ["disciplinary_sanction"],  # not a scored id
        "p2": None,
        "p3": [" "],
        "p4": {"disciplinary_sanction": False},
        "p5": [7],
    }
    tiebreak: dict[str, Any] = {"p1": 1.5, "zz": D(1), "p2": D("Infinity")}
    with pytest.raises(ValidationError) as err:
        grade(SCORES, GradePolicy.annual(tie_rule=TieRule.TIEBREAK), facts=facts, tiebreak=tiebreak)
    paths = [p.path for p in err.value.problems]
    assert paths == [
        "facts['P1']",
        "facts['p2']",
        "facts['p3']",
        "facts['p4']",
        "facts['p5']",
        "tiebreak['p1']",
        "tiebreak['zz']",
        "tiebreak['p2']",
    ]
    text = str(err.value)
    assert "'P1' is not a scored id" in text
    assert "'zz' is not a scored id" in text


def test_r23_well_formed_flags_in_any_iterable_are_accepted() -> None:
    for flags in (["disciplinary_sanction"], ("disciplinary_sanction",), {"disciplinary_sanction"}):
        (p1, *_) = grade(SCORES, ANNUAL, facts={"p1": flags})
        assert p1.grade is Grade.COMPETENT
    (p1, *_) = grade(SCORES, ANNUAL, facts={"p1": iter(["disciplinary_sanction"]), "p2": []})
    assert p1.grade is Grade.COMPETENT


def test_r3_good_arguments_still_work_after_the_checks() -> None:
    assert Rounding().apply(Fraction(100, 3)) == D("33.33")
    assert Rounding().apply(7) == D("7.00")
    line = PartLine("task", PartKind.OBJECTIVE, D(90), D(1))
    assert ScoreCard.compose(RECORD, policy="x", parts=iter([line])).total == D("90.00")
    assert YearRecord.from_cards(iter([CARD])).months[2] == CARD.total
