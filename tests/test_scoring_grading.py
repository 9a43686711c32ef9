"""Grading: bands, quotas, ties and conditions (R23–R25); consequences (R12, R13)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from qingdan_core.calendar import china
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import SubjectKind
from qingdan_core.scoring import (
    Band,
    ConditionEffect,
    ConsequencePolicy,
    Decision,
    Grade,
    GradeCondition,
    GradePolicy,
    Measure,
    TieRule,
    grade,
    rank,
    recommend,
)

D = Decimal
ROUTINE, ANNUAL = GradePolicy.routine(), GradePolicy.annual()


def test_grade_takes_its_arguments_in_the_order_of_rank_the_old_order_warns() -> None:
    """grade(scores, groups, policy=…) as rank(scores, groups); the old order
    grade(scores, policy, groups, facts, tiebreak) gives the same grades with a
    DeprecationWarning until 0.2.0 (R23, R24)."""
    scores = {"a": D(95), "b": D(93), "c": D(85), "d": D(75), "e": D(50)}
    scores |= {"f": D(91), "g": D(96), "h": D(80), "i": D(70), "j": D(65)}
    groups = {k: "u-1" if k <= "e" else "u-2" for k in scores}
    facts = {"e": ["disciplinary_sanction"]}
    new = grade(scores, groups, policy=ANNUAL, facts=facts)
    assert [(r.group, r.subject_id) for r in new] == [
        (r.group, r.subject_id) for r in rank(scores, groups)
    ]
    # one 优秀 place in each group of 5 (20 %): the best of each group ≥ 90
    assert "".join(r.grade.label[0] for r in new) == "优称称称不优称称称基"
    old_calls: list[tuple[tuple[object, ...], dict[str, object]]] = [
        ((scores, ANNUAL, groups, facts), {}),
        ((scores, ANNUAL, groups), {"facts": facts}),
        ((scores, ANNUAL), {"facts": facts, "groups": groups}),
    ]
    for args, kwargs in old_calls:
        with pytest.warns(DeprecationWarning, match=r"call grade\(scores, groups, policy=policy\)"):
            assert ill_typed(grade)(*args, **kwargs) == new
    with (
        pytest.warns(DeprecationWarning, match="is deprecated"),
        pytest.raises(TypeError, match="multiple values for argument 'groups'"),
    ):
        ill_typed(grade)(scores, ANNUAL, groups, groups=groups)


def grades(scores: list[str], policy: GradePolicy, **kw: Any) -> list[tuple[str, str]]:
    values = {f"p{i}": D(s) for i, s in enumerate(scores, start=1)}
    return [(r.subject_id, r.grade.label) for r in grade(values, policy=policy, **kw)]


# ------------------------------------------------------- small groups (1–5 people)


@pytest.mark.parametrize(
    ("n", "annual_places", "routine_places"),
    [(1, 0, 0), (2, 0, 0), (3, 0, 1), (4, 1, 1), (5, 1, 2)],
)
def test_r24_r25_quota_places_for_groups_of_1_to_5(
    n: int, annual_places: int, routine_places: int
) -> None:
    assert ANNUAL.quota is not None
    assert ROUTINE.quota is not None
    assert ANNUAL.quota.places(n) == annual_places  # 20 % 四舍五入, never over 25 %
    assert ROUTINE.quota.places(n) == routine_places  # 40 %, rounded down
    everyone_top = grade({f"p{i}": D(95) - i for i in range(n)}, policy=ANNUAL)
    assert sum(r.grade is Grade.EXCELLENT for r in everyone_top) == annual_places


def test_r24_group_of_3_the_cap_beats_half_up_rounding() -> None:
    # 20 % of 3 = 0.6 rounds to 1, but 1 of 3 is 33 % > 25 %: nobody
    results = grade({"a": D(99), "b": D(98), "c": D(97)}, policy=ANNUAL)
    assert [r.grade for r in results] == [Grade.COMPETENT] * 3
    assert all(r.decided_by is Decision.QUOTA and r.rule == "R24" for r in results)
    assert "优秀 quota 0 of 3" in results[0].reason


def test_r24_group_of_4_takes_one_excellent() -> None:
    assert grades(["95", "93", "91", "70"], ANNUAL) == [
        ("p1", "优秀"),
        ("p2", "称职"),
        ("p3", "称职"),
        ("p4", "称职"),
    ]


def test_r24_group_of_5_tie_at_the_boundary_drops_both() -> None:
    results = grade({"a": D(95), "b": D(95), "c": D(91), "d": D(80), "e": D(50)}, policy=ANNUAL)
    by_id = {r.subject_id: r for r in results}
    assert by_id["a"].grade is by_id["b"].grade is Grade.COMPETENT
    assert by_id["a"].decided_by is Decision.TIE
    assert "边界并列者均降一等" in by_id["a"].reason
    assert by_id["c"].decided_by is Decision.QUOTA
    assert by_id["e"].grade is Grade.INCOMPETENT


def test_r24_group_of_5_tiebreak_decides_and_still_tied_drop() -> None:
    policy = GradePolicy.annual(tie_rule=TieRule.TIEBREAK)
    scores = {"a": D(95), "b": D(95), "c": D(91), "d": D(80), "e": D(50)}
    by_id = {
        r.subject_id: r
        for r in grade(scores, policy=policy, tiebreak={"a": D(3), "b": D(4), "c": D(9)})
    }
    assert by_id["b"].grade is Grade.EXCELLENT
    assert by_id["a"].grade is Grade.COMPETENT
    still = {
        r.subject_id: r
        for r in grade(scores, policy=policy, tiebreak={"a": D(4), "b": D(4), "c": D(9)})
    }
    assert still["a"].grade is still["b"].grade is Grade.COMPETENT
    with pytest.raises(ValidationError, match="tie-break value for a, b, c"):
        grade(scores, policy=policy)


def test_r25_group_of_2_routine_never_gets_good_and_group_of_5_gets_two() -> None:
    assert grades(["99", "98"], ROUTINE) == [("p1", "较好"), ("p2", "较好")]
    assert grades(["99", "98", "97", "85", "59.99"], ROUTINE) == [
        ("p1", "好"),
        ("p2", "好"),
        ("p3", "较好"),
        ("p4", "较好"),
        ("p5", "较差"),
    ]


def test_r25_bands_by_default_thresholds() -> None:
    assert [ROUTINE.band(D(s)).label for s in ("90", "89.99", "80", "60", "59.99")] == [
        "好",
        "较好",
        "较好",
        "一般",
        "较差",
    ]


def test_r23_sanction_forbids_excellent_and_says_so() -> None:
    results = grade(
        {"a": D(99), "b": D(60), "c": D(70), "d": D(71), "e": D(72)},
        policy=ANNUAL,
        facts={"a": ["disciplinary_sanction"]},
    )
    a = next(r for r in results if r.subject_id == "a")
    assert a.grade is Grade.COMPETENT
    assert a.decided_by is Decision.FORBIDDEN
    assert "受处分的当年不得评为优秀" in a.reason


def test_r23_conditions_can_force_a_grade() -> None:
    force = GradeCondition(
        "absent_without_leave", ConditionEffect.FORCE, Grade.INCOMPETENT, "旷工", "R23"
    )
    policy = GradePolicy.annual(conditions=(force,))
    (r,) = grade({"a": D(99)}, policy=policy, facts={"a": ["absent_without_leave"]})
    assert (r.grade, r.decided_by, r.rule) == (Grade.INCOMPETENT, Decision.FORCED, "R23")


def test_r24_policy_refuses_conditions_that_could_break_the_quota() -> None:
    force_top = GradeCondition("hero", ConditionEffect.FORCE, Grade.EXCELLENT, "英雄", "R23")
    with pytest.raises(ValidationError, match="cannot force the quota-limited grade"):
        GradePolicy.annual(conditions=(force_top,))
    forbid_low = GradeCondition("x", ConditionEffect.FORBID, Grade.INCOMPETENT, "x", "R23")
    with pytest.raises(ValidationError, match="cannot forbid the lowest grade"):
        GradePolicy.annual(conditions=(forbid_low,))
    with pytest.raises(ValidationError, match="minimums must fall"):
        GradePolicy.routine(
            bands=(Band(Grade.GOOD, D(80)), Band(Grade.FAIRLY_GOOD, D(90)), Band(Grade.POOR, None))
        )


ties = st.sampled_from([D(100), D(95), D(92), D(90), D(85), D(60), D(50)])


@given(
    st.lists(st.tuples(ties, st.booleans(), st.sampled_from([D(1), D(2)])), max_size=40),
    st.sampled_from([ROUTINE, ANNUAL]),
    st.sampled_from(TieRule),
    st.randoms(),
)
def test_r24_r25_quota_never_exceeded_for_any_size_and_tie_pattern(
    people: list[tuple[Decimal, bool, Decimal]],
    base: GradePolicy,
    tie_rule: TieRule,
    rnd: random.Random,
) -> None:
    policy = attrs.evolve(base, tie_rule=tie_rule)
    assert policy.quota is not None
    scores = {f"p{i}": s for i, (s, _, _) in enumerate(people)}
    facts = {f"p{i}": ["disciplinary_sanction"] for i, (_, flag, _) in enumerate(people) if flag}
    tiebreak = {f"p{i}": t for i, (_, _, t) in enumerate(people)}
    results = grade(scores, policy=policy, facts=facts, tiebreak=tiebreak)
    top = [r for r in results if r.grade is policy.quota.grade]
    n = len(people)
    assert len(top) <= policy.quota.places(n) <= n * policy.quota.cap
    for r in results:  # a top grade needs the band; equal keys without flags, equal grades
        top_band = policy.bands[0].minimum
        assert top_band is not None  # the top band has a minimum
        assert r.grade is not policy.quota.grade or r.score >= top_band
        assert attrs.evolve(r) == r
    plain = [r for r in results if r.subject_id not in facts]
    key = (
        (lambda r: (r.score,))
        if tie_rule is TieRule.DROP_TIED
        else (lambda r: (r.score, tiebreak[r.subject_id]))
    )
    by_key: dict[object, set[Grade]] = {}
    for r in plain:
        by_key.setdefault(key(r), set()).add(r.grade)
    assert all(len(g) == 1 for g in by_key.values())
    items = list(scores.items())
    rnd.shuffle(items)
    assert grade(dict(items), policy=policy, facts=facts, tiebreak=tiebreak) == results


@given(
    st.dictionaries(st.sampled_from("abcdefghij"), ties, max_size=10),
    st.dictionaries(st.sampled_from("abcdefghij"), st.sampled_from(["u1", "u2"])),
)
def test_r24_quota_applies_within_each_group(
    scores: dict[str, Decimal], raw_groups: dict[str, str]
) -> None:
    groups = {k: raw_groups.get(k, "u1") for k in scores}
    results = grade(scores, groups, policy=ANNUAL)
    assert ANNUAL.quota is not None
    sizes = Counter(groups.values())
    top = Counter(r.group for r in results if r.grade is Grade.EXCELLENT)
    assert all(top[g] <= ANNUAL.quota.places(sizes[g]) for g in sizes)


# ------------------------------------------------------------- consequences


class Weekdays:
    """A fake calendar that skips weekends only."""

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        while n:
            day += dt.timedelta(days=1)
            n -= day.weekday() < 5
        return day


def test_r12_bottom_unit_head_gets_admonition_and_a_working_day_deadline() -> None:
    ranks = rank({"u-1": D(95), "u-2": D(88), "u-3": D(70)})
    recs = recommend(ranks, SubjectKind.UNIT, today=dt.date(2026, 9, 30), calendar=china())
    assert [(r.subject.id, r.measure) for r in recs] == [
        ("u-3", Measure.ADMONITION_TALK),
        ("u-3", Measure.RECTIFY),
    ]
    deadline = recs[1].deadline
    assert deadline is not None
    assert deadline == china().add_workdays(dt.date(2026, 9, 30), 20)
    assert deadline > dt.date(2026, 10, 28)  # 国庆 holidays are not working days
    assert "ranked 3 of 3" in recs[0].reason
    assert recs[0].rule == "R12"


def test_r13_bottom_people_tied_all_get_measures_and_public_rating_suggests_transfer() -> None:
    ranks = rank({"p1": D(95), "p2": D(80), "p3": D(80)})
    recs = recommend(
        ranks,
        SubjectKind.PERSON,
        today=dt.date(2026, 6, 1),
        calendar=Weekdays(),
        public_scores={"p1": D(55)},
    )
    measures = {(r.subject.id, r.measure) for r in recs}
    assert measures == {
        ("p1", Measure.TRANSFER),
        ("p2", Measure.TALK),
        ("p2", Measure.RECTIFY),
        ("p3", Measure.TALK),
        ("p3", Measure.RECTIFY),
    }
    assert all(r.rule == "R13" for r in recs)


def test_r12_small_groups_get_no_bottom_measures_but_serious_failures_do() -> None:
    ranks = rank({"p1": D(95), "p2": D(55)})
    recs = recommend(ranks, SubjectKind.PERSON, today=dt.date(2026, 6, 1), calendar=Weekdays())
    assert [(r.subject.id, r.measure) for r in recs] == [("p2", Measure.ORGANISATIONAL)]
    looser = ConsequencePolicy(min_group_size=1, serious_below=None)
    recs = recommend(
        ranks, SubjectKind.PERSON, today=dt.date(2026, 6, 1), calendar=Weekdays(), policy=looser
    )
    assert [r.measure for r in recs] == [Measure.TALK, Measure.RECTIFY]


def test_r12_an_all_tied_group_has_nobody_at_the_bottom() -> None:
    """R12, R13: three units tied at 95 are all first, so none is at the bottom (no 诫勉谈话, no 限期整改)."""
    ranks = rank({"u-1": D(95), "u-2": D(95), "u-3": D(95)})
    assert (
        recommend(ranks, SubjectKind.UNIT, today=dt.date(2026, 11, 30), calendar=Weekdays()) == ()
    )


def test_r13_serious_failure_of_a_person_cites_r13_and_names_rank_and_period() -> None:
    """R13: 组织处理 for a person cites R13 (not R12, which is for units) and names the rank and period."""
    ranks = rank({"p1": D(95), "p2": D(80), "p3": D(55)})
    recs = recommend(
        ranks,
        SubjectKind.PERSON,
        today=dt.date(2026, 12, 31),
        calendar=Weekdays(),
        period="2026",
        public_scores={"p1": D(50)},
    )
    by_measure = {(r.subject.id, r.measure): r for r in recs}
    serious = by_measure[("p3", Measure.ORGANISATIONAL)]
    assert serious.rule == "R13"
    assert "ranked 3 of 3 in all for 2026" in serious.reason
    assert "score 55 below 60" in serious.reason
    transfer = by_measure[("p1", Measure.TRANSFER)]
    assert "ranked 1 of 3 in all for 2026" in transfer.reason
    assert "ranked 3 of 3 in all for 2026" in by_measure[("p3", Measure.TALK)].reason
    units = recommend(
        rank({"u-1": D(95), "u-2": D(80), "u-3": D(55)}),
        SubjectKind.UNIT,
        today=dt.date(2026, 12, 31),
        calendar=Weekdays(),
    )
    assert {r.rule for r in units} == {"R12"}


@given(
    st.dictionaries(
        st.sampled_from([f"s{i}" for i in range(12)]),
        st.tuples(st.sampled_from(["g1", "g2"]), st.sampled_from([D(95), D(80), D(70), D(55)])),
        max_size=12,
    ),
    st.integers(1, 4),
    st.integers(1, 4),
    st.sampled_from(SubjectKind),
)
def test_r12_r13_bottom_measures_never_reach_rank_1_and_spare_someone(
    data: dict[str, tuple[str, Decimal]], bottom: int, min_size: int, kind: SubjectKind
) -> None:
    """Measures go to at most ``of - 1`` subjects of a group, never to one ranked 1."""
    ranks = rank({k: v[1] for k, v in data.items()}, {k: v[0] for k, v in data.items()})
    policy = ConsequencePolicy(
        bottom_places=bottom, min_group_size=min_size, serious_below=None, public_below=None
    )
    recs = recommend(
        ranks, kind, today=dt.date(2026, 6, 1), calendar=Weekdays(), policy=policy, period="2026-05"
    )
    by_id = {r.subject_id: r for r in ranks}
    hit = {r.subject.id for r in recs}
    assert all(by_id[s].rank > 1 for s in hit)
    for group in {r.group for r in ranks}:
        size = sum(r.group == group for r in ranks)
        assert sum(by_id[s].group == group for s in hit) <= size - 1
    for s in hit:  # and whoever is hit is within the bottom places, counting ties
        r = by_id[s]
        assert r.of >= min_size
        assert r.of - (r.rank + r.tied - 1) < bottom
