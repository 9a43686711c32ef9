"""Notices (R4, R16, R17, R20, R21): serials, lifecycle, escalation and deductions."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from qingdan_core.calendar import china
from qingdan_core.codec import structure, unstructure
from qingdan_core.colours import Colour
from qingdan_core.errors import ConflictError, InvalidTransitionError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.notices import (
    Escalation,
    Notice,
    NoticeKind,
    NoticePolicy,
    NoticeStatus,
    Serial,
    allocate_serials,
    answer,
    check_unique_serials,
    close,
    deduction_entry,
    escalate_unanswered,
    issue,
    successor_kind,
)

CAL = china()
UNIT = Subject.unit("u-fgw")
DAY = dt.date(2026, 3, 2)
kinds = st.sampled_from(NoticeKind)
days = st.dates(dt.date(2025, 1, 1), dt.date(2026, 10, 31))
serials = st.builds(
    Serial, st.sampled_from(["督考", "政督"]), st.integers(2024, 2026), st.integers(1, 500)
)


def _notice(kind: NoticeKind, number: int = 1, day: dt.date = DAY) -> Notice:
    return issue(kind, Serial("督考", day.year, number), "t-1", UNIT, day, "落后序时进度", CAL)


@pytest.mark.parametrize(
    ("kind", "rule", "respond_by"),
    [
        (NoticeKind.BLUE_LIST, "R4", dt.date(2026, 3, 9)),
        (NoticeKind.YELLOW_LIST, "R4", dt.date(2026, 3, 5)),
        (NoticeKind.RED_LIST, "R4", dt.date(2026, 3, 4)),
        (NoticeKind.DEADLINE_SUPERVISION, "R16", dt.date(2026, 3, 9)),
        (NoticeKind.DEADLINE_COMPLETION, "R20", dt.date(2026, 3, 9)),
        (NoticeKind.DAILY_SUPERVISION, "R21", dt.date(2026, 3, 5)),
        (NoticeKind.ACCOUNTABILITY, "R17", dt.date(2026, 3, 16)),
    ],
)
def test_each_notice_kind_carries_its_rule_and_deadline(
    kind: NoticeKind, rule: str, respond_by: dt.date
) -> None:
    """R4/R16/R17/R20/R21: each kind is issued under its rule with a working-day deadline."""
    notice = _notice(kind)
    assert notice.rule == rule
    assert notice.respond_by == respond_by
    assert notice.status is NoticeStatus.ISSUED
    assert str(notice.serial) == "督考〔2026〕1号"


def test_r16_deadline_over_a_holiday() -> None:
    """R16: the response deadline skips the National Day holiday (issued on 2026-09-30)."""
    notice = _notice(NoticeKind.DEADLINE_SUPERVISION, day=dt.date(2026, 9, 30))
    assert notice.respond_by == dt.date(2026, 10, 13)


def test_r21_daily_notice_deducts_into_the_ledger() -> None:
    """R21/R22: a 日常督考通知单 carries an instant deduction that becomes a ledger entry."""
    notice = _notice(NoticeKind.DAILY_SUPERVISION, 17)
    assert notice.deduction == Decimal("0.5")
    entry = deduction_entry(notice)
    assert entry == LedgerEntry(
        "扣分-督考〔2026〕17号",
        UNIT,
        DAY,
        EntryKind.DEDUCTION,
        Decimal("-0.5"),
        "督考〔2026〕17号",
        "R21",
        "落后序时进度",
    )
    with pytest.raises(ValidationError, match="no deduction"):
        deduction_entry(_notice(NoticeKind.RED_LIST))


def test_r21_deduction_is_overridable_and_checked() -> None:
    """R21: the deduction comes from the policy; other kinds never deduct."""
    policy = NoticePolicy(daily_deduction=Decimal(2))
    notice = issue(
        NoticeKind.DAILY_SUPERVISION,
        Serial("督考", 2026, 1),
        "t-1",
        UNIT,
        DAY,
        "未反馈",
        CAL,
        policy,
    )
    assert deduction_entry(notice).points == Decimal(-2)
    with pytest.raises(ValidationError, match="only a 日常督考通知单"):
        attrs.evolve(_notice(NoticeKind.RED_LIST), deduction=Decimal(1))
    with pytest.raises(ValidationError, match="positive instant deduction"):
        attrs.evolve(notice, deduction=Decimal(0))


def test_r17_letter_goes_to_discipline_body_naming_the_unit() -> None:
    """R17: a 追责建议函 is addressed to the discipline body and names those responsible."""
    letter = _notice(NoticeKind.ACCOUNTABILITY)
    assert letter.addressee == Subject.unit("纪委监委")
    assert letter.concerning == UNIT


def test_notice_refuses_wrong_rule_and_backwards_deadline() -> None:
    """Never a notice without its rule: the rule id must be the kind's."""
    notice = _notice(NoticeKind.DEADLINE_SUPERVISION)
    with pytest.raises(ValidationError, match="R16"):
        attrs.evolve(notice, rule="R4")
    with pytest.raises(ValidationError, match="respond_by"):
        attrs.evolve(notice, respond_by=DAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="reason"):
        attrs.evolve(notice, reason=" ")


def test_lifecycle_issued_answered_closed() -> None:
    """Lifecycle: issued → answered → closed; other steps raise InvalidTransitionError."""
    notice = _notice(NoticeKind.YELLOW_LIST)
    answered = answer(notice, dt.date(2026, 3, 3))
    assert (answered.status, answered.status_on) == (NoticeStatus.ANSWERED, dt.date(2026, 3, 3))
    closed = close(answered, dt.date(2026, 3, 4))
    assert closed.status is NoticeStatus.CLOSED
    with pytest.raises(InvalidTransitionError, match="answer"):
        answer(closed, dt.date(2026, 3, 5))
    with pytest.raises(InvalidTransitionError):
        close(notice, dt.date(2026, 3, 5))
    with pytest.raises(ValidationError, match="before"):
        close(answered, dt.date(2026, 3, 2))


def test_serial_parse_and_format() -> None:
    """Serials are written 督考〔2026〕17号 and parsed back; bad forms are refused."""
    assert Serial.parse("政督〔2025〕3号") == Serial("政督", 2025, 3)
    for bad in ("督考〔2026〕0号", "〔2026〕1号", "督考(2026)1号"):
        with pytest.raises(ValidationError):
            Serial.parse(bad)


@given(serials)
def test_serial_text_round_trips(serial: Serial) -> None:
    """Property: parsing a formatted serial gives it back."""
    assert Serial.parse(str(serial)) == serial


@given(st.lists(serials, max_size=20), st.integers(1, 10))
def test_allocated_serials_never_repeat(taken: list[Serial], count: int) -> None:
    """Property: allocated serial numbers are new, consecutive and unique per issuer and year."""
    new = allocate_serials(taken, "督考", 2026, count)
    assert len(new) == count
    assert not set(new) & set(taken)
    assert [s.number for s in new] == list(range(new[0].number, new[0].number + count))


def test_duplicate_serials_are_a_conflict() -> None:
    """Two notices with one serial raise ConflictError."""
    one = _notice(NoticeKind.BLUE_LIST, 7)
    with pytest.raises(ConflictError, match="督考〔2026〕7号"):
        check_unique_serials([one, attrs.evolve(one, item_id="t-2")])


def test_r4_escalation_chain_to_letter() -> None:
    """R4/R17: an ignored blue list becomes yellow, then red, then a 追责建议函."""
    notices = [_notice(NoticeKind.BLUE_LIST)]
    day = DAY
    kinds_seen = []
    for _ in range(4):
        day = CAL.add_workdays(max(n.respond_by for n in notices), 1)
        for up in escalate_unanswered(notices, day, CAL):
            notices = [up.escalated if n.serial == up.escalated.serial else n for n in notices]
            notices.append(up.successor)
            kinds_seen.append(up.successor.kind)
    assert kinds_seen == [NoticeKind.YELLOW_LIST, NoticeKind.RED_LIST, NoticeKind.ACCOUNTABILITY]
    assert [n.status for n in notices[:3]] == [NoticeStatus.ESCALATED] * 3
    assert notices[1].escalated_from == notices[0].serial == Serial("督考", 2026, 1)
    assert notices[0].escalated_to == notices[1].serial
    check_unique_serials(notices)


def test_r21_ignored_deadline_notices_bring_a_deduction() -> None:
    """R16/R20 → R21: an ignored 限期督办/限期办结 notice becomes a 日常督考通知单."""
    for kind in (NoticeKind.DEADLINE_SUPERVISION, NoticeKind.DEADLINE_COMPLETION):
        notice = _notice(kind)
        [up] = escalate_unanswered([notice], CAL.add_workdays(notice.respond_by, 1), CAL)
        assert up.successor.kind is NoticeKind.DAILY_SUPERVISION
        assert up.successor.deduction > 0
        assert str(notice.serial) in up.successor.reason


def test_answered_on_deadline_day_does_not_escalate() -> None:
    """Escalation only after the response deadline, and never for an answered notice."""
    notice = _notice(NoticeKind.RED_LIST)
    assert escalate_unanswered([notice], notice.respond_by, CAL) == ()
    later = notice.respond_by + dt.timedelta(days=7)
    assert escalate_unanswered([answer(notice, notice.respond_by)], later, CAL) == ()
    assert escalate_unanswered([_notice(NoticeKind.ACCOUNTABILITY)], later, CAL) == ()


@given(kinds, st.integers(1, 40))
def test_unanswered_notice_only_escalates(kind: NoticeKind, offset: int) -> None:
    """Property: an unanswered notice only ever moves up (colour) or to 追责/扣分, never down."""
    severity = [*NoticeKind].index
    notice = _notice(kind)
    found = escalate_unanswered([notice], notice.respond_by + dt.timedelta(days=offset), CAL)
    if successor_kind(kind) is None:
        assert found == ()
        return
    [up] = found
    assert up.escalated.status is NoticeStatus.ESCALATED
    new = up.successor.kind
    assert severity(new) > severity(kind)
    if kind.colour is not Colour.NONE and new.colour is not Colour.NONE:
        assert new.colour > kind.colour
    # escalating again the same day issues nothing new
    assert escalate_unanswered([up.escalated, up.successor], up.successor.issued_on, CAL) == ()


@given(kinds, days, serials)
def test_codec_round_trips_notices(kind: NoticeKind, day: dt.date, serial: Serial) -> None:
    """Codec: notices in every state, escalations and policies round-trip."""
    notice = issue(kind, serial, "t-1", UNIT, day, "未按序时进度完成", CAL)
    assert structure(unstructure(notice), Notice) == notice
    answered = answer(notice, day)
    assert structure(unstructure(answered), Notice) == answered
    up = Escalation(attrs.evolve(notice, status=NoticeStatus.ESCALATED, status_on=day), notice)
    assert structure(unstructure(up), Escalation) == up
    assert structure(unstructure(NoticePolicy()), NoticePolicy) == NoticePolicy()


# ------------------------- notice invariants; serial numbers; bad arguments; decimal context


def _letter() -> Notice:
    return _notice(NoticeKind.ACCOUNTABILITY)


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: attrs.evolve(_letter(), concerning=None), "concerning"),
        (lambda: attrs.evolve(_notice(NoticeKind.RED_LIST), concerning=UNIT), "concerning"),
        (
            lambda: attrs.evolve(_notice(NoticeKind.BLUE_LIST), status=NoticeStatus.ANSWERED),
            "status_on",
        ),
        (
            lambda: attrs.evolve(_notice(NoticeKind.BLUE_LIST), status=NoticeStatus.CLOSED),
            "status_on",
        ),
        (
            lambda: attrs.evolve(_notice(NoticeKind.BLUE_LIST), status=NoticeStatus.ESCALATED),
            "status_on",
        ),
    ],
)
def test_r17_notice_invariants(build: Callable[[], object], path: str) -> None:
    """R17: a 追责建议函 names whom it concerns, nothing else does; a step has its day."""
    with pytest.raises(ValidationError) as err:
        build()
    assert err.value.path == path


def test_r17_letter_and_stepped_notices_are_valid() -> None:
    """R17: the notices issue/answer/escalate build satisfy the invariants."""
    assert _letter().concerning == UNIT
    assert answer(_letter(), DAY).status_on == DAY
    with pytest.raises(ValidationError, match="追责建议函"):
        Notice(
            Serial("督考", 2026, 1),
            NoticeKind.ACCOUNTABILITY,
            "t-1",
            Subject.unit("纪委监委"),
            DAY,
            DAY,
            "R17",
            "推诿拖沓",
        )


@given(st.lists(serials, max_size=10), st.integers(0, 600), st.integers(0, 5))
def test_allocation_continues_after_last_serial(
    taken: list[Serial], last_serial: int, count: int
) -> None:
    """Serial numbers follow both the taken serials and the ``last_serial`` from a store."""
    new = allocate_serials(taken, "督考", 2026, count, last_serial=last_serial)
    assert len(new) == count
    assert all(s.number > last_serial for s in new)
    assert not set(new) & set(taken)


def test_escalation_honours_last_serial() -> None:
    """R4, R17: escalating the open notices alone numbers after the store's ``last_serial``."""
    blue = _notice(NoticeKind.BLUE_LIST, 3)
    later = CAL.add_workdays(blue.respond_by, 1)
    [up] = escalate_unanswered([blue], later, CAL, last_serial=57)
    assert up.successor.serial == Serial("督考", 2026, 58)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: ill_typed(allocate_serials)([], "督考", 2026, "2"), "count"),
        (lambda: ill_typed(allocate_serials)([], "督考", 2026, -1), "count"),
        (lambda: ill_typed(allocate_serials)([], "督考", 2026, 1, last_serial=-3), "last_serial"),
        (lambda: ill_typed(allocate_serials)(["督考〔2026〕1号"], "督考", 2026, 1), "taken[0]"),
        (lambda: ill_typed(allocate_serials)(None, "督考", 2026, 1), "taken"),
        (lambda: ill_typed(allocate_serials)([], "督考", "2026", 1), "year"),
        (lambda: ill_typed(escalate_unanswered)([], "2026-03-02", CAL), "day"),
        (lambda: ill_typed(escalate_unanswered)([], DAY, None), "calendar"),
        (lambda: ill_typed(escalate_unanswered)(["n"], DAY, CAL), "notices[0]"),
        (lambda: ill_typed(escalate_unanswered)(None, DAY, CAL), "notices"),
        (lambda: ill_typed(deduction_entry)("n"), "notice"),
    ],
)
def test_bad_argument_is_a_validation_error(call: Callable[[], object], path: str) -> None:
    """Notice functions name a wrong argument in a ValidationError."""
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path


def test_r21_deduction_entry_ignores_the_callers_decimal_context() -> None:
    """R21/R22: the ledger points are exact under a hostile decimal context."""
    notice = issue(
        NoticeKind.DAILY_SUPERVISION,
        Serial("督考", 2026, 1),
        "t-1",
        UNIT,
        DAY,
        "未按时反馈",
        CAL,
        NoticePolicy(daily_deduction=Decimal("12.345")),
    )
    with decimal.localcontext(prec=3, rounding=decimal.ROUND_DOWN):
        assert deduction_entry(notice).points == Decimal("-12.345")
