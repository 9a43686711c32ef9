"""四级关注 (R18): classification, review, supervision plans and the pyramid check."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from _samples import progress_states, shares
from qingdan_core.attention import (
    COUNTY,
    AttentionLevel,
    AttentionPolicy,
    Classification,
    ClassificationPolicy,
    InspectionFrequency,
    LevelChange,
    PyramidViolation,
    SupervisionMode,
    SupervisionPlan,
    TaskProfile,
    TaskSupervision,
    check_pyramid,
    classify,
    plan_inspections,
    review_level,
)
from qingdan_core.calendar import china
from qingdan_core.codec import structure, unstructure
from qingdan_core.colours import Colour, ProgressState, colour_for
from qingdan_core.errors import ValidationError

CAL = china()
DAY = dt.date(2026, 3, 31)
scores = st.integers(1, 5)
profiles = st.builds(TaskProfile, scores, scores, scores, scores)
levels = st.sampled_from(AttentionLevel)
states = progress_states(2)
supervisions = st.builds(
    TaskSupervision,
    item_id=st.just("t-1"),
    level=levels,
    on_schedule_streak=st.integers(0, 3),
    last_reviewed=st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2026, 3, 30)),
    profile=st.none() | profiles,
    last_colour=st.sampled_from(Colour),
)


def _progress(lag: int, *, overdue: bool = False, missed: int = 0) -> ProgressState:
    return ProgressState(
        expected=Decimal("0.6"),
        actual=Decimal(60 - lag) / 100,
        workdays_left=30,
        overdue=overdue,
        missed_reports=missed,
    )


def _review(
    level: AttentionLevel, progress: ProgressState, streak: int = 0, day: dt.date = DAY
) -> tuple[TaskSupervision, LevelChange | None]:
    state = TaskSupervision("t-1", level, on_schedule_streak=streak)
    return review_level(state, progress, colour_for(progress), day)


def test_r18_levels_are_ordered_and_paired_with_modes() -> None:
    """R18: 一般关注 < 关注 < 重点关注 < 特别关注, with 报送/随机/挂账/驻点督考."""
    assert sorted(AttentionLevel, reverse=True)[0] is AttentionLevel.SPECIAL
    assert [level.mode for level in AttentionLevel] == list(SupervisionMode)
    assert (AttentionLevel.KEY.value, AttentionLevel.KEY.label) == ("key", "重点关注")
    assert AttentionLevel.SPECIAL.mode.value == "驻点督考"


@pytest.mark.parametrize(
    ("profile", "level"),
    [
        (TaskProfile(1, 1, 1, 1), AttentionLevel.GENERAL),
        (TaskProfile(3, 2, 2, 3), AttentionLevel.ATTENTION),  # 2.5 exactly
        (TaskProfile(4, 3, 4, 3), AttentionLevel.KEY),  # 3.5 exactly
        (TaskProfile(5, 5, 3, 4), AttentionLevel.SPECIAL),  # 4.5 exactly
    ],
)
def test_r18_classification_edges(profile: TaskProfile, level: AttentionLevel) -> None:
    """R18: each default threshold starts its level."""
    found = classify(profile)
    assert found.level is level
    assert found.rule == "R18"


def test_r18_classification_policy_is_overridable() -> None:
    """R18: a county may weigh only urgency."""
    policy = ClassificationPolicy(
        urgency=Decimal(1), importance=Decimal(0), workload=Decimal(0), difficulty=Decimal(0)
    )
    assert classify(TaskProfile(5, 1, 1, 1), policy).level is AttentionLevel.SPECIAL


def test_r18_classification_policy_validation() -> None:
    """R18: decreasing thresholds or all-zero weights are refused."""
    with pytest.raises(ValidationError, match="must not decrease"):
        ClassificationPolicy(key_from=Decimal(4), special_from=Decimal(3))
    with pytest.raises(ValidationError, match="weight"):
        ClassificationPolicy(
            urgency=Decimal(0), importance=Decimal(0), workload=Decimal(0), difficulty=Decimal(0)
        )


@given(profiles, st.sampled_from(["urgency", "importance", "workload", "difficulty"]))
def test_r18_higher_factor_never_lower_level(profile: TaskProfile, factor: str) -> None:
    """R18 property: raising any one factor never lowers the level."""
    higher = attrs.evolve(profile, **{factor: min(5, getattr(profile, factor) + 1)})
    assert classify(higher).level >= classify(profile).level


def test_r18_yellow_escalates_one_level_with_reason() -> None:
    """R18: lag at the yellow threshold (10 pp) raises the level one step."""
    state, change = _review(AttentionLevel.GENERAL, _progress(10))
    assert state.level is AttentionLevel.ATTENTION
    assert change is not None
    assert change.rule == "R18"
    assert "黄色督办清单" in change.reason


def test_r18_yellow_stops_below_special() -> None:
    """R18: yellow alone never reaches 特别关注 (capped at 重点关注)."""
    state, change = _review(AttentionLevel.KEY, _progress(30))
    assert state.level is AttentionLevel.KEY
    assert change is None


def test_r18_red_or_overdue_goes_to_special() -> None:
    """R18: red (lag > 30 pp) or overdue → 特别关注."""
    assert _review(AttentionLevel.GENERAL, _progress(31))[0].level is AttentionLevel.SPECIAL
    state, change = _review(AttentionLevel.ATTENTION, _progress(0, overdue=True))
    assert state.level is AttentionLevel.SPECIAL
    assert change is not None
    assert "超过期限" in change.reason


def test_r18_missed_reports_escalate() -> None:
    """R18: missed progress reports raise the level one step."""
    state, change = _review(AttentionLevel.GENERAL, _progress(0, missed=1))
    assert state.level is AttentionLevel.ATTENTION
    assert change is not None
    assert "漏报" in change.reason


def test_r18_deescalate_after_two_calm_reviews() -> None:
    """R18: one level down only after two consecutive on-schedule reviews."""
    state = TaskSupervision("t-1", AttentionLevel.KEY)
    calm = _progress(0)
    state, first = review_level(state, calm, colour_for(calm), dt.date(2026, 1, 30))
    assert first is None
    assert state.on_schedule_streak == 1
    state, second = review_level(state, calm, colour_for(calm), dt.date(2026, 2, 27))
    assert second is not None
    assert (second.before, second.after) == (AttentionLevel.KEY, AttentionLevel.ATTENTION)
    assert state.on_schedule_streak == 0


def test_r18_lag_resets_calm_streak() -> None:
    """R18: a review behind schedule resets the on-schedule count."""
    state, _ = _review(AttentionLevel.SPECIAL, _progress(15), streak=1)
    assert state.on_schedule_streak == 0


def test_r18_same_day_review_is_idempotent_and_past_day_refused() -> None:
    """R18: a second review the same day changes nothing; an earlier day is refused."""
    state, _ = _review(AttentionLevel.GENERAL, _progress(40))
    again, change = review_level(state, _progress(0), colour_for(_progress(0)), DAY)
    assert (again, change) == (state, None)
    with pytest.raises(ValidationError, match="before the last review"):
        review_level(state, _progress(0), colour_for(_progress(0)), DAY - dt.timedelta(days=1))


@given(supervisions, states, shares)
def test_r18_more_lag_never_lower_level(
    state: TaskSupervision, progress: ProgressState, extra: Decimal
) -> None:
    """R18 property: on the same task and history, more lag never gives a lower level."""
    worse = attrs.evolve(progress, actual=max(Decimal(0), progress.actual - extra))
    after_less, _ = review_level(state, progress, colour_for(progress), DAY)
    after_more, _ = review_level(state, worse, colour_for(worse), DAY)
    assert after_more.level >= after_less.level


@given(supervisions, states)
def test_r18_every_change_explains_itself(state: TaskSupervision, progress: ProgressState) -> None:
    """R18: a level change always carries its reason and rule id, and matches the new state."""
    after, change = review_level(state, progress, colour_for(progress), DAY)
    if change is not None:
        assert change.rule == "R18"
        assert change.reason.strip()
        assert change.after is after.level != change.before
    else:
        assert after.level is state.level


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        # 2026-04-30 is a Thursday before the 劳动节 holiday (May 1–5).
        (AttentionLevel.SPECIAL, ["2026-05-06", "2026-05-07", "2026-05-08"]),
        (AttentionLevel.KEY, ["2026-05-07", "2026-05-14", "2026-05-21"]),
        (AttentionLevel.ATTENTION, ["2026-05-14", "2026-05-28", "2026-06-11"]),
        (AttentionLevel.GENERAL, ["2026-06-01", "2026-06-30", "2026-07-30"]),
    ],
)
def test_r18_plan_dates_on_working_days(level: AttentionLevel, expected: list[str]) -> None:
    """R18: each level's frequency, on the official working-day calendar."""
    plan = plan_inspections("t-1", level, dt.date(2026, 4, 30), CAL)
    assert [d.isoformat() for d in plan.next_dates] == expected
    assert all(CAL.is_workday(d) for d in plan.next_dates)
    assert plan.mode is level.mode
    assert plan.frequency is AttentionPolicy().frequency(level)


@given(levels, st.dates(dt.date(2025, 1, 1), dt.date(2026, 5, 31)), st.integers(1, 6))
def test_r18_plan_dates_increase_and_are_workdays(
    level: AttentionLevel, after: dt.date, count: int
) -> None:
    """R18 property: plan dates are working days, strictly after ``after`` and increasing."""
    dates = plan_inspections("t-1", level, after, CAL, count).next_dates
    assert len(dates) == count
    assert all(CAL.is_workday(d) for d in dates)
    assert list(dates) == sorted(set(dates))
    assert dates[0] > after


def test_r18_plan_frequency_override_and_count_check() -> None:
    """R18: a county may inspect 重点关注 daily; a count below 1 is refused."""
    policy = AttentionPolicy(
        frequencies=(
            InspectionFrequency.MONTHLY,
            InspectionFrequency.WEEKLY,
            InspectionFrequency.DAILY,
            InspectionFrequency.DAILY,
        )
    )
    plan = plan_inspections("t-1", AttentionLevel.KEY, dt.date(2026, 3, 2), CAL, 2, policy)
    assert plan.next_dates == (dt.date(2026, 3, 3), dt.date(2026, 3, 4))
    with pytest.raises(ValidationError, match="count"):
        plan_inspections("t-1", AttentionLevel.KEY, dt.date(2026, 3, 2), CAL, 0)
    with pytest.raises(ValidationError, match="frequencies"):
        AttentionPolicy(frequencies=(InspectionFrequency.DAILY,))


def _brute_force(
    placements: list[tuple[str, AttentionLevel]], per_unit: bool
) -> set[tuple[str, str, int, int]]:
    found = set()
    units = {f"unit:{u}": [p for p in placements if p[0] == u] for u, _ in placements}
    scopes = {COUNTY: placements} | (units if per_unit else {})
    order = list(AttentionLevel)
    for scope, members in scopes.items():
        for i in range(1, 4):
            high = sum(1 for _, lv in members if lv == order[i])
            low = sum(1 for _, lv in members if lv == order[i - 1])
            if high > low:
                found.add((scope, order[i].value, high, low))
    return found


@given(
    st.lists(st.tuples(st.sampled_from(["u-1", "u-2", "u-3"]), levels), max_size=30),
    st.booleans(),
)
def test_r18_pyramid_agrees_with_brute_force(
    placements: list[tuple[str, AttentionLevel]], per_unit: bool
) -> None:
    """R18 property: the pyramid check reports exactly what a brute-force count finds."""
    found = check_pyramid(placements, AttentionPolicy(unit_pyramids=per_unit))
    assert {(v.scope, v.higher.value, v.higher_count, v.lower_count) for v in found} == (
        _brute_force(placements, per_unit)
    )
    assert all(v.rule == "R18" and v.lower.rank == v.higher.rank - 1 for v in found)


def test_r18_pyramid_example() -> None:
    """R18: a proper pyramid passes; with the per-unit switch a top-heavy unit is named."""
    good = [("u-1", AttentionLevel.GENERAL)] * 3 + [("u-1", AttentionLevel.ATTENTION)]
    assert check_pyramid(good) == ()
    heavy = [*good, ("u-2", AttentionLevel.SPECIAL), ("u-2", AttentionLevel.SPECIAL)]
    scopes = [v.scope for v in check_pyramid(heavy, AttentionPolicy(unit_pyramids=True))]
    assert scopes == [COUNTY, "unit:u-2"]
    assert Counter(scopes)["unit:u-2"] == 1


def test_r18_pyramid_is_county_wide_by_default() -> None:
    """R18: a small unit's own shape is not a violation unless asked for.

    u-1 has one 关注 task and no 一般关注 task, but the county as a whole is a
    pyramid: the default check reports nothing.
    """
    county = [("u-2", AttentionLevel.GENERAL)] * 3 + [("u-1", AttentionLevel.ATTENTION)]
    assert AttentionPolicy().unit_pyramids is False
    assert check_pyramid(county) == ()
    [unit] = check_pyramid(county, AttentionPolicy(unit_pyramids=True))
    assert (unit.scope, unit.higher, unit.higher_count, unit.lower_count) == (
        "unit:u-1",
        AttentionLevel.ATTENTION,
        1,
        0,
    )


@given(profiles, levels, supervisions)
def test_codec_round_trips_attention_values(
    profile: TaskProfile, level: AttentionLevel, state: TaskSupervision
) -> None:
    """Codec: profiles, classifications, states, changes, plans and violations round-trip."""
    found = classify(profile)
    assert structure(unstructure(found), Classification) == found
    assert structure(unstructure(state), TaskSupervision) == state
    change = LevelChange("t-1", DAY, level, AttentionLevel.SPECIAL, "超过期限未办结")
    assert structure(unstructure(change), LevelChange) == change
    plan = plan_inspections("t-1", level, DAY, CAL)
    assert structure(unstructure(plan), SupervisionPlan) == plan
    for violation in check_pyramid([("u-1", level), ("u-1", AttentionLevel.SPECIAL)]):
        assert structure(unstructure(violation), PyramidViolation) == violation
    policy = AttentionPolicy(calm_reviews=3)
    assert structure(unstructure(policy), AttentionPolicy) == policy
    assert structure(unstructure(ClassificationPolicy()), ClassificationPolicy) == (
        ClassificationPolicy()
    )


# ------------------------------------ urgency and the level; crossing into yellow; bad arguments


def test_r18_r4_urgency_raises_the_list_not_the_level() -> None:
    """R18/R4: an 11 pp lag on an urgent task is a red list but one level up only."""
    behind = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.39"), workdays_left=40)
    verdict = colour_for(behind, urgency=5)
    assert (verdict.colour, verdict.lag_colour, verdict.urgent) == (Colour.RED, Colour.YELLOW, True)
    state, change = review_level(TaskSupervision("t", AttentionLevel.GENERAL), behind, verdict, DAY)
    assert state.level is AttentionLevel.ATTENTION
    assert change is not None
    assert change.reason == "黄色督办清单:落后序时进度 11 个百分点(≥10)"
    assert state.last_colour is Colour.YELLOW


def test_r18_red_only_on_lag_above_red_or_overdue_whatever_the_urgency() -> None:
    """R18: 特别关注 comes from lag > 30 pp or overdue, never from urgency alone."""
    for lag, urgency in ((31, None), (31, 5)):
        progress = _progress(lag)
        state, _ = review_level(
            TaskSupervision("t", AttentionLevel.GENERAL),
            progress,
            colour_for(progress, urgency=urgency),
            DAY,
        )
        assert state.level is AttentionLevel.SPECIAL
    blue = ProgressState(expected=Decimal("0.9"), actual=Decimal("0.9"), workdays_left=1)
    assert colour_for(blue, urgency=5).colour is Colour.YELLOW
    state, change = review_level(
        TaskSupervision("t", AttentionLevel.KEY), blue, colour_for(blue, urgency=5), DAY
    )
    assert (state.level, change, state.on_schedule_streak) == (AttentionLevel.KEY, None, 1)


def test_r18_escalates_when_lag_crosses_yellow_not_at_every_yellow_review() -> None:
    """R18: one level up when the lag *crosses* into yellow, not again.

    Three monthly reviews at 15, 12 and 11 pp: 一般关注 → 关注 once, then it
    stays; a red review then a yellow one stays at 特别关注; back on schedule
    and yellow again, it crosses again and goes up again.
    """
    state = TaskSupervision("t-1", AttentionLevel.GENERAL)
    levels_seen = []
    days = [dt.date(2026, m, 28) for m in range(1, 10)]
    lags = [15, 12, 11, 0, 0, 12, 40, 20, 20]
    for day, lag in zip(days, lags, strict=True):
        progress = _progress(lag)
        state, _ = review_level(state, progress, colour_for(progress), day)
        levels_seen.append(state.level)
    g, a, s = AttentionLevel.GENERAL, AttentionLevel.ATTENTION, AttentionLevel.SPECIAL
    assert levels_seen == [a, a, a, a, g, a, s, s, s]


def test_r18_missed_reports_escalate_at_each_review_even_while_yellow() -> None:
    """R18: a missed report is a fresh failure each period and raises the level each time."""
    state = TaskSupervision("t-1", AttentionLevel.GENERAL, last_colour=Colour.YELLOW)
    progress = _progress(15, missed=1)
    state, change = review_level(state, progress, colour_for(progress), DAY)
    assert state.level is AttentionLevel.ATTENTION
    assert change is not None
    assert change.reason == "本期漏报进度 1 次"


@given(supervisions, states)
def test_r18_level_moves_at_most_one_step_unless_red(
    state: TaskSupervision, progress: ProgressState
) -> None:
    """R18 property: only red (lag > 30 pp or overdue) moves a level more than one step,
    and a lag staying in the yellow band never raises it without a missed report."""
    verdict = colour_for(progress, urgency=5)
    after, _ = review_level(state, progress, verdict, DAY)
    if verdict.lag_colour is not Colour.RED:
        assert abs(after.level.rank - state.level.rank) <= 1
    stays = verdict.lag_colour is Colour.YELLOW and state.last_colour >= Colour.YELLOW
    if stays and not progress.missed_reports and state.last_reviewed != DAY:
        assert after.level is state.level


_PROGRESS = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.4"), workdays_left=9)
_STATE = TaskSupervision("t-1", AttentionLevel.GENERAL)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (
            lambda: ill_typed(review_level)(_STATE, _PROGRESS, colour_for(_PROGRESS), "2026-03-31"),
            "day",
        ),
        (lambda: ill_typed(review_level)(_STATE, _PROGRESS, None, DAY), "verdict"),
        (lambda: ill_typed(review_level)("t-1", _PROGRESS, colour_for(_PROGRESS), DAY), "state"),
        (
            lambda: ill_typed(review_level)(_STATE, _PROGRESS, colour_for(_PROGRESS), DAY, {}),
            "policy",
        ),
        (lambda: ill_typed(plan_inspections)("t-1", AttentionLevel.KEY, DAY, CAL, "3"), "count"),
        (lambda: ill_typed(plan_inspections)("t-1", AttentionLevel.KEY, DAY, CAL, True), "count"),
        (
            lambda: ill_typed(plan_inspections)(
                "t-1", AttentionLevel.KEY, dt.datetime(2026, 3, 2), CAL
            ),
            "after",
        ),
        (lambda: ill_typed(plan_inspections)("t-1", "重点关注", DAY, CAL), "level"),
        (lambda: ill_typed(plan_inspections)("t-1", AttentionLevel.KEY, DAY, None), "calendar"),
        (lambda: ill_typed(check_pyramid)([("u", "重点关注")]), "placements[0]"),
        (lambda: ill_typed(check_pyramid)([("u", AttentionLevel.KEY), "u"]), "placements[1]"),
        (lambda: ill_typed(check_pyramid)(None), "placements"),
        (lambda: ill_typed(classify)("profile"), "profile"),
    ],
)
def test_r18_bad_argument_is_a_validation_error(call: Callable[[], object], path: str) -> None:
    """R18: a wrong argument type raises ValidationError naming the argument."""
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path
