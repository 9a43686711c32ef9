"""Every scoring value round-trips through the codec (R3, R12, R14, R21–R25)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _scoring_strategies import entries, month_records, subjects, year_records
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.scoring import (
    AdjustmentCaps,
    AssessorPanel,
    ConsequencePolicy,
    GradePolicy,
    MissingRule,
    MonthRecord,
    PartScore,
    RollupPolicy,
    Rounding,
    ScoreCard,
    WeightedPolicy,
    YearRecord,
    grade,
    rank,
    recommend,
)


class Weekdays:
    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        return day + dt.timedelta(days=n)


def round_trips(value: object) -> None:
    data = unstructure(value)
    assert structure(data, type(value)) == value


@given(st.data())
def test_scoring_values_round_trip(data: st.DataObject) -> None:
    """Inputs, policies, cards, ranks, grades and recommendations survive the codec."""
    record = data.draw(month_records())
    card = WeightedPolicy().score(record, data.draw(entries(record)))
    year = data.draw(year_records())
    annual = RollupPolicy(missing_periods=data.draw(st.sampled_from(MissingRule))).roll(year)
    values = [
        record,
        *record.parts,
        *record.ratings,
        card,
        *card.parts,
        *(g for p in card.parts for g in p.groups),
        *card.adjustments,
        year,
        annual,
        *annual.levels,
    ]
    scores = {"a": card.total, "b": annual.total, "c": Decimal(90)}
    ranks = rank(scores)
    values += [
        *ranks,
        *grade(scores, policy=GradePolicy.annual()),
        *grade(scores, policy=GradePolicy.routine()),
    ]
    values += recommend(
        ranks,
        SubjectKind.UNIT,
        today=dt.date(2026, 1, 5),
        calendar=Weekdays(),
        policy=ConsequencePolicy(min_group_size=1),
    )
    for value in values:
        round_trips(value)


@pytest.mark.parametrize(
    "policy",
    [
        WeightedPolicy(),
        WeightedPolicy(rated=None, panel=AssessorPanel(missing=MissingRule.ZERO)),
        AdjustmentCaps(None, None),
        Rounding(0, "ROUND_DOWN"),
        RollupPolicy(),
        GradePolicy.annual(),
        GradePolicy.routine(),
        ConsequencePolicy(),
    ],
)
def test_scoring_policies_round_trip(policy: object) -> None:
    round_trips(policy)


def test_a_stored_card_that_does_not_add_up_is_refused() -> None:
    keys = ("task", "attendance", "performance", "supervision")
    record = MonthRecord(
        Subject.person("p"), 2026, 1, tuple(PartScore(k, Decimal(80)) for k in keys)
    )
    data = unstructure(WeightedPolicy(rated=None).score(record, []))
    data["total"] = "99.00"
    with pytest.raises(ValidationError, match=r"total: is 99\.00 but follows as 80\.00"):
        structure(data, ScoreCard)


@given(subjects)
def test_subject_of_a_year_round_trips(subject: Subject) -> None:
    round_trips(RollupPolicy().roll(YearRecord(subject, 2026, (Decimal(1),) * 12)))
