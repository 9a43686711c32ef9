"""Roll-up by set ratios (R6, R12, R14) and competition ranking (R12–R14)."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from _scoring_strategies import ids, scores, subjects, year_records
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.scoring import (
    MissingRule,
    MonthRecord,
    PartScore,
    Rating,
    RollupPolicy,
    ScoreCard,
    Weight,
    WeightedPolicy,
    YearRecord,
    rank,
    rollup,
)

D = Decimal
P1 = Subject.person("p-1")


def year(months: list[str | None], quarters: list[str | None], annual: str | None) -> YearRecord:
    def dec(v: str | None) -> Decimal | None:
        return None if v is None else D(v)

    return YearRecord(P1, 2026, tuple(map(dec, months)), tuple(map(dec, quarters)), dec(annual))


def test_r14_set_ratios_combine_month_quarter_year() -> None:
    card = RollupPolicy().roll(year(["80"] * 12, ["90"] * 4, "100"))
    assert card.total == D("89.00")  # 0.4×80 + 0.3×90 + 0.3×100
    assert card.rules == ("R6", "R12", "R14")
    assert [line.effective for line in card.levels] == [D("0.4"), D("0.3"), D("0.3")]


def test_r14_missing_months_follow_the_stated_rule() -> None:
    months = ["90"] * 9 + [None] * 3
    renorm = RollupPolicy().roll(year(months, ["90"] * 4, "90"))
    zero = RollupPolicy(missing_periods=MissingRule.ZERO).roll(year(months, ["90"] * 4, "90"))
    assert renorm.total == D("90.00")
    assert zero.total == D("81.00")  # 0.4 × (90×9/12 = 67.5) + 0.3 × 90 + 0.3 × 90
    assert renorm.missing_months == (10, 11, 12)
    assert "no record for month 10, 11, 12" in renorm.explain()
    assert "缺项计零" in zero.notes[0]


def test_r14_a_level_with_nothing_on_record_follows_the_level_rule() -> None:
    record = year(["80"] * 12, [None] * 4, "90")
    renorm = RollupPolicy().roll(record)
    assert renorm.exact == D("84.285714285714285714285714285714")  # (32 + 27) / 0.7, 30 places
    assert renorm.total == D("84.29")
    assert renorm.levels[1].mean is None
    assert renorm.levels[1].effective == 0
    zero = RollupPolicy(missing_levels=MissingRule.ZERO).roll(record)
    assert zero.total == D("59.00")
    with pytest.raises(ValidationError, match="nothing on record"):
        RollupPolicy().roll(year([None] * 12, [None] * 4, None))


def test_r14_ratios_must_sum_to_one() -> None:
    bad = (Weight("month", D("0.5")), Weight("quarter", D("0.3")), Weight("year", D("0.3")))
    with pytest.raises(ValidationError, match=r"month=0\.5, quarter=0\.3, year=0\.3 sum to 1\.1"):
        RollupPolicy(ratios=bad)


def _card(subject: Subject, month: int, task: str, year: int = 2026) -> ScoreCard:
    record = MonthRecord(
        subject,
        year,
        month,
        (
            PartScore("task", D(task)),
            PartScore("attendance", D(100)),
            PartScore("supervision", D(90)),
        ),
        (Rating("leaders", "boss", D(90)),),
    )
    return WeightedPolicy().score(record, [])


def test_r6_year_from_monthly_cards_in_any_order() -> None:
    cards = [_card(P1, m, str(80 + m)) for m in (3, 1, 2)]
    record = YearRecord.from_cards(cards, annual=D(90))
    assert record.months[:3] == tuple(c.total for c in sorted(cards, key=lambda c: c.month))
    assert record.months[3:] == (None,) * 9
    with pytest.raises(ValidationError, match="two cards"):
        YearRecord.from_cards([cards[0], cards[0]])


def test_r6_year_records_of_many_subjects_are_grouped_by_subject() -> None:
    """The cards of many subjects, shuffled: one YearRecord each, by kind then id, each
    month in its place and each subject's 季讲评/年总评 its own (R6, R14)."""
    unit, p2 = Subject.unit("u-1"), Subject.person("p-2")
    cards = [
        _card(s, m, str(60 + 3 * m + i)) for i, s in enumerate((P1, p2, unit)) for m in (1, 2, 5)
    ]
    random.Random(7).shuffle(cards)
    quarters = {unit: (D(80), None, None, None)}
    records = YearRecord.per_subject(cards, quarters=quarters, annual={p2: D(77)})
    assert [r.subject for r in records] == [P1, p2, unit]
    for record in records:
        mine = {c.month: c.total for c in cards if c.subject == record.subject}
        assert record.months == tuple(mine.get(m) for m in range(1, 13))
        assert record.year == 2026
    assert [(r.quarters[0], r.annual) for r in records] == [
        (None, None),
        (None, D(77)),
        (D(80), None),
    ]
    with pytest.raises(ValidationError) as caught:
        YearRecord.per_subject(
            [*cards, _card(P1, 1, "70", year=2025)], annual={Subject.person("p-9"): D(1)}
        )
    assert [str(p) for p in caught.value.problems] == [
        "cards: mixes the years 2025, 2026: one year at a time",
        "annual[person:p-9]: no cards of this subject",
    ]
    with pytest.raises(ValidationError, match="two cards for person:p-1 2026-01"):
        YearRecord.per_subject([*cards, _card(P1, 1, "70")])
    with pytest.raises(ValidationError, match=r"^quarters"):
        ill_typed(YearRecord.per_subject)(cards, quarters=[(None,) * 4])


@given(st.lists(year_records(), max_size=6, unique_by=lambda r: r.subject), st.randoms())
def test_r14_order_of_records_never_changes_a_card(
    records: list[YearRecord], rnd: random.Random
) -> None:
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert rollup(records) == rollup(shuffled)


def test_r14_a_year_given_twice_is_refused() -> None:
    record = year(["80"] * 12, [None] * 4, None)
    with pytest.raises(ValidationError, match="given twice"):
        rollup([record, record])


@given(year_records(), st.data(), st.sampled_from(MissingRule), st.sampled_from(MissingRule))
def test_r14_raising_any_score_never_lowers_the_total(
    record: YearRecord, data: st.DataObject, periods: MissingRule, levels: MissingRule
) -> None:
    policy = RollupPolicy(missing_periods=periods, missing_levels=levels)
    slots = [("months", i) for i, v in enumerate(record.months) if v is not None]
    slots += [("quarters", i) for i, v in enumerate(record.quarters) if v is not None]
    slots += [("annual", 0)] if record.annual is not None else []
    field, i = data.draw(st.sampled_from(slots))
    if field == "annual":
        assert record.annual is not None
        raised = attrs.evolve(record, annual=data.draw(st.decimals(record.annual, 100, places=2)))
    else:
        values = list(getattr(record, field))
        values[i] = data.draw(st.decimals(values[i], 100, places=2))
        change: dict[str, Any] = {field: tuple(values)}  # a field named at run time
        raised = attrs.evolve(record, **change)
    assert policy.roll(raised).exact >= policy.roll(record).exact


@given(year_records())
def test_r14_card_built_fast_equals_a_validated_one(record: YearRecord) -> None:
    card = RollupPolicy().roll(record)
    assert attrs.evolve(card) == card
    assert card.total == card.exact.quantize(D("0.01"), "ROUND_HALF_UP")


# ------------------------------------------------------------------ ranking


def test_r12_competition_ranking_1_1_3() -> None:
    ranks = rank({"a": D(90), "b": D(90), "c": D(80), "d": D(95)})
    assert [(r.subject_id, r.rank, r.tied) for r in ranks] == [
        ("d", 1, 1),
        ("a", 2, 2),
        ("b", 2, 2),
        ("c", 4, 1),
    ]


def test_r12_ranking_of_one_and_empty() -> None:
    assert rank({}) == ()
    only = rank({"a": D(50)})[0]
    assert (only.rank, only.of, only.group) == (1, 1, "all")


def test_r12_bad_inputs_are_named() -> None:
    with pytest.raises(ValidationError) as err:
        ill_typed(rank)({"a": 90.0, " ": D(1), "c": D(2)}, {"a": "u", " ": "u"})
    text = str(err.value)
    assert "scores['a']: expected a finite Decimal" in text
    assert "scores[' ']: the id must be a non-blank string" in text
    assert "groups['c']: no group" in text


group_scores = st.dictionaries(
    ids,
    st.tuples(
        st.sampled_from(["u-1", "u-2", "u-3"]),
        st.sampled_from([D(70), D(80), D("80.0"), D(90)]) | scores,
    ),
    max_size=25,
)


@given(group_scores, st.randoms())
def test_r12_ranks_agree_with_a_brute_force_count_in_any_order(
    data: dict[str, tuple[str, Decimal]], rnd: random.Random
) -> None:
    values = {k: v[1] for k, v in data.items()}
    groups = {k: v[0] for k, v in data.items()}
    ranks = rank(values, groups)
    assert len(ranks) == len(values)
    for r in ranks:
        peers = [k for k in values if groups[k] == r.group]
        assert r.rank == 1 + sum(values[k] > r.score for k in peers)
        assert r.tied == sum(values[k] == r.score for k in peers)
        assert r.of == len(peers)
        assert attrs.evolve(r) == r
    items = list(values.items())
    rnd.shuffle(items)
    assert rank(dict(items), groups) == ranks
    assert Counter(r.group for r in ranks) == Counter(groups.values())


@given(subjects)
def test_r12_subjects_strategy_is_sane(subject: Subject) -> None:
    assert subject.id.strip()
