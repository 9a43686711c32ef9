"""Month scoring: the ScoringPolicy protocol and the weighted default (R3, R12, R21, R22, R26)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _scoring_strategies import entries, month_records, scores, subjects
from qingdan_core.errors import PermissionDeniedError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.rounding import exact
from qingdan_core.scoring import (
    AdjustmentCaps,
    AssessorPanel,
    MissingRule,
    MonthRecord,
    PartKind,
    PartLine,
    PartScore,
    Rating,
    ScoreCard,
    ScoringPolicy,
    Weight,
    WeightedPolicy,
    score_months,
)

P1 = Subject.person("p-1")


def record(**parts: str) -> MonthRecord:
    values = {"task": "90", "attendance": "100", "supervision": "80"} | parts
    return MonthRecord(
        P1,
        2026,
        3,
        tuple(PartScore(k, Decimal(v)) for k, v in values.items()),
        (Rating("leaders", "p-9", Decimal(90)), Rating("colleagues", "p-2", Decimal(80))),
    )


def deduction(entry_id: str, points: str, day: int = 5) -> LedgerEntry:
    return LedgerEntry(
        entry_id,
        P1,
        dt.date(2026, 3, day),
        EntryKind.DEDUCTION,
        Decimal(points),
        f"督考〔2026〕{entry_id}号",
        "R21",
        "未按时反馈",
    )


def test_r3_default_weights_score_a_month_and_cite_rules() -> None:
    card = WeightedPolicy().score(record(), [deduction("1", "-1.5")])
    # task 90×.4 + attendance 100×.1 + supervision 80×.2 + performance 86.25×.3 = 87.875
    assert card.base == Decimal("87.875")
    assert card.total == Decimal("86.38")  # 86.375 rounded half up, once, at the end
    assert card.rules == ("R3", "R12", "R21")
    assert [p.kind for p in card.parts].count(PartKind.SUBJECTIVE) == 1


def test_r21_card_explains_each_adjustment_with_its_notice() -> None:
    card = WeightedPolicy().score(record(), [deduction("17", "-0.5")])
    text = card.explain()
    assert "督考〔2026〕17号" in text
    assert "R21" in text
    assert "-0.5" in text
    assert "public: no ratings" in text
    assert card.adjustments[0].entry_id == "17"


@given(st.lists(st.decimals(min_value=0, max_value=1, places=2), min_size=1, max_size=5))
def test_r3_weights_not_summing_to_one_are_refused(weights: list[Decimal]) -> None:
    parts = tuple(Weight(f"k{i}", w) for i, w in enumerate(weights))
    if sum(weights) == 1:
        assert WeightedPolicy(parts=parts, rated=None).parts == parts
        return
    with pytest.raises(ValidationError) as err:
        WeightedPolicy(parts=parts, rated=None)
    assert err.value.path == "parts"
    assert all(f"{w.key}={w.weight}" in str(err.value) for w in parts)


def test_r12_panel_weights_not_summing_to_one_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"leaders=0\.5, public=0\.4 sum to 0\.9"):
        AssessorPanel((Weight("leaders", Decimal("0.5")), Weight("public", Decimal("0.4"))))


def test_r12_missing_group_rule_is_stated_and_applied() -> None:
    ratings = [Rating("leaders", "p-9", Decimal(90)), Rating("colleagues", "p-2", Decimal(80))]
    renorm, _, notes = AssessorPanel().composite(ratings)
    zero, _, zero_notes = AssessorPanel(missing=MissingRule.ZERO).composite(ratings)
    assert renorm == Decimal("86.25")
    assert "re-normalised" in notes[0]
    assert zero == Decimal("69.0")
    assert "counts as 0" in zero_notes[0]
    with pytest.raises(ValidationError, match="nothing on record"):
        AssessorPanel().composite([])
    assert AssessorPanel(missing=MissingRule.ZERO).composite([])[0] == 0


def test_r12_rating_in_unknown_group_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown assessor group 'self'"):
        AssessorPanel().composite([Rating("self", "p-2", Decimal(90))])


def test_r26_no_one_rates_their_own_month() -> None:
    with pytest.raises(PermissionDeniedError, match="R26"):
        MonthRecord(P1, 2026, 3, (), (Rating("colleagues", "p-1", Decimal(100)),))


def test_r3_missing_unknown_and_doubled_parts_are_refused() -> None:
    with pytest.raises(ValidationError, match="no score for part 'supervision'"):
        WeightedPolicy().score(
            MonthRecord(
                P1,
                2026,
                3,
                (PartScore("task", Decimal(1)), PartScore("attendance", Decimal(1))),
                (Rating("leaders", "b", Decimal(1)),),
            ),
            [],
        )
    with pytest.raises(ValidationError, match="unknown part"):
        WeightedPolicy().score(record(bonus="5"), [])
    with pytest.raises(ValidationError, match="both as a score and by ratings"):
        WeightedPolicy().score(record(performance="80"), [])


def test_r21_caps_stop_counting_and_say_so() -> None:
    caps = AdjustmentCaps(deductions=Decimal(3))
    card = WeightedPolicy(caps=caps).score(
        record(), [deduction("2", "-2", 9), deduction("1", "-2", 2)]
    )
    assert [(a.entry_id, a.counted) for a in card.adjustments] == [
        ("1", Decimal(-2)),
        ("2", Decimal(-1)),
    ]
    assert "cap 3 reached" in card.adjustments[1].note
    assert card.adjustment_total == -3


def test_r21_entry_of_another_month_or_subject_is_refused_not_dropped() -> None:
    late = attrs.evolve(deduction("9", "-1"), day=dt.date(2026, 4, 1))
    other = attrs.evolve(deduction("8", "-1"), subject=Subject.person("p-2"))
    with pytest.raises(ValidationError) as err:
        WeightedPolicy().score(record(), [late, other])
    assert "outside 2026-03" in str(err.value)
    assert "not person:p-1" in str(err.value)
    with pytest.raises(ValidationError, match="no record of person:p-2"):
        score_months([record()], [other])


def test_r22_showcase_bonus_cites_r22_and_counts() -> None:
    bonus = LedgerEntry(
        "S-1",
        P1,
        dt.date(2026, 3, 3),
        EntryKind.SHOWCASE,
        Decimal(2),
        "风采录-12",
        "R22",
        "一线干部风采录",
    )
    card = WeightedPolicy().score(record(), [bonus])
    assert "R22" in card.rules
    assert card.adjustment_total == 2


@given(st.data())
def test_r3_order_of_records_entries_and_ratings_never_changes_a_score(data: st.DataObject) -> None:
    people = data.draw(st.lists(subjects, min_size=1, max_size=4, unique=True))
    records = [data.draw(month_records(subject=s)) for s in people]
    ledger = [e for r in records for e in data.draw(entries(r))]
    first = score_months(records, ledger)
    shuffled = score_months(data.draw(st.permutations(records)), data.draw(st.permutations(ledger)))
    assert first == shuffled
    r = records[0]
    reordered = attrs.evolve(r, ratings=tuple(data.draw(st.permutations(r.ratings))))
    assert WeightedPolicy().score(reordered, []).exact == WeightedPolicy().score(r, []).exact


@given(st.data())
def test_r3_raising_any_component_never_lowers_the_total(data: st.DataObject) -> None:
    r = data.draw(month_records())
    ledger = data.draw(entries(r))
    before = WeightedPolicy().score(r, ledger)
    which = data.draw(st.sampled_from(["part", "rating", "entry"]))
    if which == "part":
        i = data.draw(st.integers(0, len(r.parts) - 1))
        part = r.parts[i]
        higher = attrs.evolve(part, score=data.draw(st.decimals(part.score, 100, places=2)))
        r = attrs.evolve(r, parts=(*r.parts[:i], higher, *r.parts[i + 1 :]))
    elif which == "rating":
        i = data.draw(st.integers(0, len(r.ratings) - 1))
        rating = r.ratings[i]
        kinder = attrs.evolve(rating, score=data.draw(st.decimals(rating.score, 100, places=2)))
        r = attrs.evolve(r, ratings=(*r.ratings[:i], kinder, *r.ratings[i + 1 :]))
    elif ledger:
        i = data.draw(st.integers(0, len(ledger) - 1))
        e = ledger[i]
        if e.kind is EntryKind.DEDUCTION:
            ledger[i] = attrs.evolve(
                e, points=data.draw(st.decimals(e.points, Decimal("-0.01"), places=2))
            )
        elif e.kind is not EntryKind.OPINION:
            ledger[i] = attrs.evolve(e, points=data.draw(st.decimals(e.points, 20, places=2)))
    after = WeightedPolicy().score(r, ledger)
    assert after.exact >= before.exact
    assert after.total >= before.total


@given(st.data())
def test_r3_card_arithmetic_is_checked_and_rounded_once(data: st.DataObject) -> None:
    r = data.draw(month_records())
    card = WeightedPolicy().score(r, data.draw(entries(r)))
    with exact():  # the test's own arithmetic must not round either (28 digits would)
        assert card.exact == card.base + card.adjustment_total
    assert card.total == card.exact.quantize(Decimal("0.01"), "ROUND_HALF_UP")
    with pytest.raises(ValidationError, match="total"):
        attrs.evolve(card, total=card.total + Decimal("0.01"))


def test_r3_a_custom_policy_satisfies_the_protocol() -> None:
    @attrs.frozen
    class TasksOnly:
        def score(self, record: MonthRecord, entries: Sequence[LedgerEntry]) -> ScoreCard:
            line = PartLine("task", PartKind.OBJECTIVE, record.part("task"), Decimal(1))
            return ScoreCard.compose(record, policy="tasks-only", parts=[line], rules=["R3"])

    assert isinstance(TasksOnly(), ScoringPolicy)
    assert score_months([record()], [], TasksOnly())[0].total == Decimal("90.00")


def test_r3_compose_refuses_part_weights_not_summing_to_one() -> None:
    line = PartLine("task", PartKind.OBJECTIVE, Decimal(90), Decimal("0.9"))
    with pytest.raises(ValidationError, match=r"task=0\.9 sum to 0\.9"):
        ScoreCard.compose(record(), policy="x", parts=[line])


@given(scores, scores, scores)
def test_r12_exact_half_way_results_round_up_despite_a_mean_of_three(
    a: Decimal, b: Decimal, c: Decimal
) -> None:
    panel = AssessorPanel((Weight("leaders", Decimal(1)),))
    value, _, _ = panel.composite(
        [Rating("leaders", n, s) for n, s in (("x", a), ("y", b), ("z", c))]
    )
    policy = WeightedPolicy(
        parts=(Weight("performance", Decimal("0.45")), Weight("task", Decimal("0.55"))),
        panel=panel,
    )
    rec = MonthRecord(
        P1,
        2026,
        3,
        (PartScore("task", Decimal(0)),),
        tuple(Rating("leaders", n, s) for n, s in (("x", a), ("y", b), ("z", c))),
    )
    # the true total is 0.45 × (a + b + c) / 3 = 0.15 × (a + b + c), a terminating decimal
    true = Decimal("0.15") * (a + b + c)
    assert policy.score(rec, []).total == true.quantize(Decimal("0.01"), "ROUND_HALF_UP")
    assert value * 3 - (a + b + c) < Decimal("1e-50")
