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

from _ill_typed import ill_typed
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
    return lambda: ill_typed(recommend)(**args)


BAD: list[tuple[str, Callable[[], object], str]] = [
    # rank (R12–R14)
    ("rank-none", lambda: ill_typed(rank)(None), "scores"),
    ("rank-list", lambda: ill_typed(rank)([("a", D(1))]), "scores"),
    ("rank-float", lambda: ill_typed(rank)({"a": 90.0}), "scores['a']"),
    ("rank-groups-list", lambda: ill_typed(rank)({"a": D(1)}, ["x"]), "groups"),
    # grade (R23–R25)
    ("grade-none", lambda: ill_typed(grade)(None, policy=ANNUAL), "scores"),
    ("grade-policy", lambda: ill_typed(grade)(SCORES, policy="annual"), "policy"),
    ("grade-groups-list", lambda: ill_typed(grade)(SCORES, ["x"], policy=ANNUAL), "groups"),
    ("grade-facts-list", lambda: ill_typed(grade)(SCORES, policy=ANNUAL, facts=["x"]), "facts"),
    (
        "grade-tiebreak-list",
        lambda: ill_typed(grade)(SCORES, policy=ANNUAL, tiebreak=[D(1)]),
        "tiebreak",
    ),
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
    ("months-none", lambda: ill_typed(score_months)(None, []), "records"),
    ("months-item", lambda: ill_typed(score_months)([RECORD, "x"], []), "records[1]"),
    ("months-entries", lambda: ill_typed(score_months)([RECORD], None), "entries"),
    ("months-entry", lambda: ill_typed(score_months)([RECORD], ["x"]), "entries[0]"),
    ("months-policy", lambda: ill_typed(score_months)([RECORD], [], "weighted"), "policy"),
    ("score-record", lambda: ill_typed(WeightedPolicy().score)(None, []), "record"),
    ("score-entries", lambda: ill_typed(WeightedPolicy().score)(RECORD, None), "entries"),
    ("caps-entry", lambda: ill_typed(AdjustmentCaps().apply)([1], RECORD), "entries[0]"),
    ("panel-ratings", lambda: ill_typed(AssessorPanel().composite)(None), "ratings"),
    ("compose-record", lambda: ill_typed(ScoreCard.compose)(None, policy="x", parts=()), "record"),
    (
        "compose-parts",
        lambda: ill_typed(ScoreCard.compose)(RECORD, policy="x", parts=None),
        "parts",
    ),
    (
        "compose-part",
        lambda: ill_typed(ScoreCard.compose)(RECORD, policy="x", parts=[("task", D(1))]),
        "parts[0]",
    ),
    # rollup, YearRecord.from_cards (R6, R14)
    ("rollup-none", lambda: ill_typed(rollup)(None), "records"),
    ("rollup-item", lambda: ill_typed(rollup)(["x"]), "records[0]"),
    ("rollup-policy", lambda: ill_typed(rollup)([], "default"), "policy"),
    ("roll-record", lambda: ill_typed(RollupPolicy().roll)(None), "record"),
    ("cards-none", lambda: ill_typed(YearRecord.from_cards)(None), "cards"),
    ("cards-item", lambda: ill_typed(YearRecord.from_cards)([CARD, "x"]), "cards[1]"),
    (
        "cards-quarters",
        lambda: ill_typed(YearRecord.from_cards)([CARD], quarters=[None] * 4),
        "quarters",
    ),
    ("cards-annual", lambda: ill_typed(YearRecord.from_cards)([CARD], annual=90.0), "annual"),
    # Rounding (the one rounding step, R3, R14)
    ("round-float", lambda: ill_typed(Rounding().apply)(0.5), "value"),
    ("round-none", lambda: ill_typed(Rounding().apply)(None), "value"),
    ("round-nan", lambda: ill_typed(Rounding().apply)(D("NaN")), "value"),
    ("round-bool", lambda: ill_typed(Rounding().display)(True), "value"),
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
        grade(
            SCORES, policy=ANNUAL, facts={"p1": "disciplinary_sanction"}
        )  # a str is an Iterable[str]!
    assert err.value.path == "facts['p1']"
    assert "not a single string" in str(err.value)
    # given properly, the sanction forbids 优秀
    (p1, *_) = grade(SCORES, policy=ANNUAL, facts={"p1": ["disciplinary_sanction"]})
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
        grade(
            SCORES,
            policy=GradePolicy.annual(tie_rule=TieRule.TIEBREAK),
            facts=facts,
            tiebreak=tiebreak,
        )
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
        (p1, *_) = grade(SCORES, policy=ANNUAL, facts={"p1": flags})
        assert p1.grade is Grade.COMPETENT
    (p1, *_) = grade(SCORES, policy=ANNUAL, facts={"p1": iter(["disciplinary_sanction"]), "p2": []})
    assert p1.grade is Grade.COMPETENT


def test_r3_good_arguments_still_work_after_the_checks() -> None:
    assert Rounding().apply(Fraction(100, 3)) == D("33.33")
    assert Rounding().apply(7) == D("7.00")
    line = PartLine("task", PartKind.OBJECTIVE, D(90), D(1))
    assert ScoreCard.compose(RECORD, policy="x", parts=iter([line])).total == D("90.00")
    assert YearRecord.from_cards(iter([CARD])).months[2] == CARD.total
