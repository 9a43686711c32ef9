"""Supervision notices: kinds, serial numbers, lifecycle, escalation and deductions.

The office issues seven kinds of notice, each under its rule: the blue, yellow
and red supervision lists (督办清单, R4), the 限期督办通知单 (R16), the
限期办结通知单 (R20), the 日常督考通知单 with its instant deduction (R21) and
the 追责建议函 to the discipline body (R17). Each has a serial number unique per
issuer and year in the customary form ``督考〔2026〕17号``, an issue date, a
response deadline in working days, an addressee, the task, the rule id and the
reason. Its lifecycle is issued → answered → closed, or issued → escalated.

A notice not answered by its deadline escalates (:func:`escalate_unanswered`):
blue → yellow → red → 追责建议函 (R4, R17); an ignored 限期督办 or 限期办结
notice → 日常督考通知单 with a deduction (R21, "不及时反馈情况"); an ignored
日常督考通知单 → 追责建议函 (R17, "推诿拖沓"). A deduction becomes a
:class:`~qingdan_core.ledger.LedgerEntry` (R22) via :func:`deduction_entry`.

!!! warning "Serial numbers need every notice of the issuer's year"
    New serial numbers continue after the highest number of the issuer's
    year among the notices passed in. :func:`allocate_serials`,
    :func:`escalate_unanswered` and :func:`~qingdan_core.review.month_end_review`
    therefore need **every** notice of that year — answered, closed and
    escalated ones too, not only the open ones — or the highest number
    already used, passed as ``last_serial``. Otherwise a number is given twice.

>>> serial = Serial("督考", 2026, 17)
>>> str(serial), Serial.parse("督考〔2026〕17号") == serial
('督考〔2026〕17号', True)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from qingdan_core._checks import (
    decimal_between,
    instance_of,
    int_between,
    non_blank,
    plain_date,
    require,
    require_int,
)
from qingdan_core._labelled import LabelledEnum
from qingdan_core.calendar import WorkCalendar
from qingdan_core.colours import Colour
from qingdan_core.errors import ConflictError, InvalidTransitionError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.messages import text
from qingdan_core.rounding import exact

__all__ = [
    "Escalation",
    "Notice",
    "NoticeKind",
    "NoticePolicy",
    "NoticeStatus",
    "Serial",
    "allocate_serials",
    "answer",
    "check_unique_serials",
    "close",
    "deduction_entry",
    "escalate_unanswered",
    "issue",
    "successor_kind",
]


class NoticeKind(LabelledEnum):
    """The kinds of notice the supervision office issues, each under one rule.

    Stored by its English code; ``label`` is the notice's Chinese name.

    >>> NoticeKind.DAILY_SUPERVISION.rule, NoticeKind.for_colour(Colour.RED).label
    ('R21', '红色督办清单')
    >>> NoticeKind("red_list") is NoticeKind.RED_LIST
    True
    """

    BLUE_LIST = "blue_list", "蓝色督办清单"
    YELLOW_LIST = "yellow_list", "黄色督办清单"
    RED_LIST = "red_list", "红色督办清单"
    DEADLINE_SUPERVISION = "deadline_supervision", "限期督办通知单"
    DEADLINE_COMPLETION = "deadline_completion", "限期办结通知单"
    DAILY_SUPERVISION = "daily_supervision", "日常督考通知单"
    ACCOUNTABILITY = "accountability", "追责建议函"

    @property
    def rule(self) -> str:
        """The rule id under which this kind of notice is issued."""
        return _RULES[self]

    @property
    def colour(self) -> Colour:
        """The list colour for a 督办清单 kind, ``Colour.NONE`` for other notices."""
        return _COLOURS.get(self, Colour.NONE)

    @classmethod
    def for_colour(cls, colour: Colour) -> NoticeKind:
        """The 督办清单 kind of ``colour`` (R4).

        :raises ValidationError: for ``Colour.NONE``.
        """
        for kind, kind_colour in _COLOURS.items():
            if kind_colour is colour:
                return kind
        raise ValidationError(
            "colour", "no list for colour none (无)", allowed=("blue", "yellow", "red")
        )


_COLOURS = {
    NoticeKind.BLUE_LIST: Colour.BLUE,
    NoticeKind.YELLOW_LIST: Colour.YELLOW,
    NoticeKind.RED_LIST: Colour.RED,
}
_RULES = {
    NoticeKind.BLUE_LIST: "R4",
    NoticeKind.YELLOW_LIST: "R4",
    NoticeKind.RED_LIST: "R4",
    NoticeKind.DEADLINE_SUPERVISION: "R16",
    NoticeKind.DEADLINE_COMPLETION: "R20",
    NoticeKind.DAILY_SUPERVISION: "R21",
    NoticeKind.ACCOUNTABILITY: "R17",
}


class NoticeStatus(LabelledEnum):
    """Where a notice is in its lifecycle: issued → answered → closed, or escalated.

    >>> [(s.value, s.label) for s in NoticeStatus if s.is_open]
    [('issued', '已下达'), ('answered', '已反馈')]
    """

    ISSUED = "issued", "已下达"
    ANSWERED = "answered", "已反馈"
    CLOSED = "closed", "已办结"
    ESCALATED = "escalated", "已升级"

    @property
    def is_open(self) -> bool:
        """True while the notice still asks something of its addressee (issued or answered)."""
        return self in (NoticeStatus.ISSUED, NoticeStatus.ANSWERED)


_SERIAL = re.compile(r"^(?P<issuer>\S+?)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


@attrs.frozen(order=True)
class Serial:
    """A notice's serial number: issuer code, year and number, e.g. 督考〔2026〕17号.

    :raises ValidationError: for a blank issuer, a year outside 2000–2100 or a
        number below 1.

    >>> str(Serial("督考", 2026, 17)), Serial("督考", 2026, 2) < Serial("督考", 2026, 10)
    ('督考〔2026〕17号', True)
    """

    issuer: str = attrs.field(validator=non_blank)
    year: int = attrs.field(validator=int_between(2000, 2100))
    number: int = attrs.field(validator=int_between(1, None))

    def __str__(self) -> str:
        return f"{self.issuer}〔{self.year}〕{self.number}号"

    @classmethod
    def parse(cls, text: str) -> Serial:
        """The serial written as ``text``, e.g. ``"督考〔2026〕17号"``.

        :raises ValidationError: when ``text`` is not in that form.

        >>> Serial.parse("督考[2026]17号")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: serial: not a serial number like 督考〔2026〕17号: '督考[2026]17号'
        """
        found = _SERIAL.match(text) if isinstance(text, str) else None
        if found is None:
            raise ValidationError("serial", f"not a serial number like 督考〔2026〕17号: {text!r}")
        return cls(found["issuer"], int(found["year"]), int(found["number"]))


def allocate_serials(
    taken: Iterable[Serial], issuer: str, year: int, count: int, *, last_serial: int = 0
) -> tuple[Serial, ...]:
    """The next ``count`` serials of ``issuer`` in ``year``, after the highest taken.

    The new numbers follow the highest of ``last_serial`` and the numbers of
    ``issuer`` in ``year`` among ``taken``. **``taken`` must hold every serial
    of that issuer and year** (closed and escalated notices too), or pass the
    highest number used, e.g. from your store, as ``last_serial``: a number
    missing from both may be given again.

    :raises ValidationError: naming the argument of a wrong type, a negative
        ``count`` or ``last_serial``, or an element of ``taken`` that is not a
        :class:`Serial`.

    >>> taken = [Serial("督考", 2026, 3), Serial("督考", 2025, 40), Serial("政督", 2026, 9)]
    >>> [str(s) for s in allocate_serials(taken, "督考", 2026, 2)]
    ['督考〔2026〕4号', '督考〔2026〕5号']
    >>> [str(s) for s in allocate_serials([], "督考", 2026, 1, last_serial=41)]
    ['督考〔2026〕42号']
    >>> allocate_serials([], "督考", 2026, -1)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: count: must be at least 0, got -1
    """
    require("taken", taken, Iterable)
    require("issuer", issuer, str)
    require_int("year", year)
    require_int("count", count, 0)
    require_int("last_serial", last_serial, 0)
    last = last_serial
    for i, serial in enumerate(taken):
        require(f"taken[{i}]", serial, Serial)
        if serial.number > last and serial.issuer == issuer and serial.year == year:
            last = serial.number
    return tuple(Serial(issuer, year, last + i) for i in range(1, count + 1))


def check_unique_serials(notices: Iterable[Notice]) -> None:
    """Raise if two notices share a serial number.

    :raises ConflictError: naming the first repeated serial.

    >>> check_unique_serials([])
    """
    seen: set[Serial] = set()
    for notice in notices:
        if notice.serial in seen:
            raise ConflictError("notice", str(notice.serial), "serial number already used")
        seen.add(notice.serial)


def _check_notice(notice: Notice, _attribute: object, _value: object) -> None:
    _check_parties(notice)
    if notice.rule != notice.kind.rule:
        raise ValidationError(
            "rule", f"a {notice.kind.label} is issued under {notice.kind.rule}, got {notice.rule!r}"
        )
    if notice.respond_by < notice.issued_on:
        raise ValidationError(
            "respond_by", f"{notice.respond_by} is before the issue date {notice.issued_on}"
        )
    daily = notice.kind is NoticeKind.DAILY_SUPERVISION
    if daily and notice.deduction <= 0:
        raise ValidationError("deduction", "a 日常督考通知单 carries a positive instant deduction")
    if not daily and notice.deduction != 0:
        raise ValidationError(
            "deduction", f"only a 日常督考通知单 deducts points, not a {notice.kind.label}"
        )


def _check_parties(notice: Notice) -> None:
    """R17: only a 追责建议函 names whom it concerns; a taken step has its day."""
    letter = notice.kind is NoticeKind.ACCOUNTABILITY
    if letter and notice.concerning is None:
        raise ValidationError("concerning", "a 追责建议函 must name whom it concerns (R17)")
    if not letter and notice.concerning is not None:
        raise ValidationError(
            "concerning", f"only a 追责建议函 names whom it concerns, not a {notice.kind.label}"
        )
    if notice.status is not NoticeStatus.ISSUED and notice.status_on is None:
        raise ValidationError(
            "status_on", f"a notice in status {notice.status.label} needs the day of that step"
        )


@attrs.frozen
class Notice:
    """One notice: serial, kind, task, addressee, dates, rule, reason and status.

    ``deduction`` is the instant deduction in points (positive; 日常督考通知单
    only, R21). ``concerning`` names who a 追责建议函 is about (its addressee
    is the discipline body, R17). ``escalated_from`` / ``escalated_to`` link an
    escalation chain; ``status_on`` is the day of the last lifecycle step.

    :raises ValidationError: when ``rule`` is not the kind's rule, the response
        deadline is before the issue date, the deduction does not fit the kind,
        ``concerning`` is missing on a 追责建议函 or set on another kind, or
        ``status_on`` is missing once the notice is answered, closed or escalated.

    >>> Notice(Serial("督考", 2026, 1), NoticeKind.DEADLINE_SUPERVISION, "t-1",
    ...        Subject.unit("u-1"), dt.date(2026, 3, 2), dt.date(2026, 3, 9), "R4", "落后")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: rule: a 限期督办通知单 is issued under R16, got 'R4'
    """

    serial: Serial = attrs.field(validator=instance_of(Serial))
    kind: NoticeKind = attrs.field(validator=instance_of(NoticeKind))
    item_id: str = attrs.field(validator=non_blank)
    addressee: Subject = attrs.field(validator=instance_of(Subject))
    issued_on: dt.date = attrs.field(validator=plain_date)
    respond_by: dt.date = attrs.field(validator=plain_date)
    rule: str = attrs.field(validator=non_blank)
    reason: str = attrs.field(validator=non_blank)
    deduction: Decimal = attrs.field(
        default=Decimal(0), validator=[decimal_between(Decimal(0), None), _check_notice]
    )
    concerning: Subject | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(Subject))
    )
    escalated_from: Serial | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(Serial))
    )
    status: NoticeStatus = attrs.field(
        default=NoticeStatus.ISSUED, validator=instance_of(NoticeStatus)
    )
    status_on: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(plain_date)
    )
    escalated_to: Serial | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(Serial))
    )


@attrs.frozen
class NoticePolicy:
    """The issuer code, response deadlines (working days) and deduction of notices.

    Defaults (chosen here; the article gives no figures): blue list 5, yellow 3,
    red 2 working days; 限期督办 and 限期办结 5; 日常督考 3 with a 0.5-point
    instant deduction; 追责建议函 10. ``discipline_body`` is the unit id of the
    纪检监察机关 a 追责建议函 goes to (R17).

    >>> NoticePolicy(daily_deduction=Decimal("1")).daily_deduction
    Decimal('1')
    """

    issuer: str = attrs.field(default="督考", validator=non_blank)
    discipline_body: str = attrs.field(default="纪委监委", validator=non_blank)
    blue_days: int = attrs.field(default=5, validator=int_between(1, None))
    yellow_days: int = attrs.field(default=3, validator=int_between(1, None))
    red_days: int = attrs.field(default=2, validator=int_between(1, None))
    supervision_days: int = attrs.field(default=5, validator=int_between(1, None))
    completion_days: int = attrs.field(default=5, validator=int_between(1, None))
    daily_days: int = attrs.field(default=3, validator=int_between(1, None))
    letter_days: int = attrs.field(default=10, validator=int_between(1, None))
    daily_deduction: Decimal = attrs.field(
        default=Decimal("0.5"), validator=decimal_between(Decimal("0.01"), None)
    )

    def response_workdays(self, kind: NoticeKind) -> int:
        """Working days the addressee of a ``kind`` notice has to answer.

        >>> NoticePolicy().response_workdays(NoticeKind.RED_LIST)
        2
        """
        days: int = getattr(self, _DAYS_FIELD[kind])
        return days


_DAYS_FIELD = {
    NoticeKind.BLUE_LIST: "blue_days",
    NoticeKind.YELLOW_LIST: "yellow_days",
    NoticeKind.RED_LIST: "red_days",
    NoticeKind.DEADLINE_SUPERVISION: "supervision_days",
    NoticeKind.DEADLINE_COMPLETION: "completion_days",
    NoticeKind.DAILY_SUPERVISION: "daily_days",
    NoticeKind.ACCOUNTABILITY: "letter_days",
}


def issue(
    kind: NoticeKind,
    serial: Serial,
    item_id: str,
    addressee: Subject,
    day: dt.date,
    reason: str,
    calendar: WorkCalendar,
    policy: NoticePolicy = NoticePolicy(),
    *,
    escalated_from: Serial | None = None,
) -> Notice:
    """A new ``kind`` notice issued on ``day`` under the kind's rule.

    Its response deadline is ``policy.response_workdays(kind)`` working days
    after ``day``; a 日常督考通知单 carries ``policy.daily_deduction`` (R21); a
    追责建议函 goes to ``policy.discipline_body`` naming ``addressee`` (R17).

    :raises CalendarCoverageError: when the deadline falls outside the calendar.
    :raises ValidationError: for a blank reason or task id.

    >>> from qingdan_core.calendar import china
    >>> n = issue(NoticeKind.DEADLINE_SUPERVISION, Serial("督考", 2026, 17), "t-1",
    ...           Subject.unit("u-1"), dt.date(2026, 9, 29), "落后序时进度 12 个百分点", china())
    >>> str(n.serial), n.rule, n.respond_by, n.status.label
    ('督考〔2026〕17号', 'R16', datetime.date(2026, 10, 12), '已下达')
    """
    respond_by = calendar.add_workdays(day, policy.response_workdays(kind))
    concerning = None
    if kind is NoticeKind.ACCOUNTABILITY:
        addressee, concerning = Subject.unit(policy.discipline_body), addressee
    deduction = policy.daily_deduction if kind is NoticeKind.DAILY_SUPERVISION else Decimal(0)
    return Notice(
        serial,
        kind,
        item_id,
        addressee,
        day,
        respond_by,
        kind.rule,
        reason,
        deduction,
        concerning,
        escalated_from,
    )


def _step(notice: Notice, day: dt.date, action: str, allowed_from: NoticeStatus) -> None:
    if notice.status is not allowed_from:
        allowed = {
            NoticeStatus.ISSUED: ("answer", "escalate"),
            NoticeStatus.ANSWERED: ("close",),
        }.get(notice.status, ())
        raise InvalidTransitionError(str(notice.serial), notice.status.value, action, allowed)
    since = notice.status_on or notice.issued_on
    if day < since:
        raise ValidationError("day", f"{day} is before {since}, the last step of {notice.serial}")


def answer(notice: Notice, day: dt.date) -> Notice:
    """The notice answered by its addressee on ``day`` (issued → answered).

    :raises InvalidTransitionError: unless the notice is issued.
    :raises ValidationError: when ``day`` is before its last step.

    >>> from qingdan_core.calendar import china
    >>> n = issue(NoticeKind.YELLOW_LIST, Serial("督考", 2026, 1), "t-1",
    ...           Subject.unit("u-1"), dt.date(2026, 3, 2), "落后序时进度", china())
    >>> answered = answer(n, dt.date(2026, 3, 4))
    >>> answered.status.label, answered.status_on
    ('已反馈', datetime.date(2026, 3, 4))
    """
    _step(notice, day, "answer", NoticeStatus.ISSUED)
    return attrs.evolve(notice, status=NoticeStatus.ANSWERED, status_on=day)


def close(notice: Notice, day: dt.date) -> Notice:
    """The notice closed by the office on ``day`` once checked (answered → closed).

    :raises InvalidTransitionError: unless the notice is answered.
    :raises ValidationError: when ``day`` is before its last step.

    >>> from qingdan_core.calendar import china
    >>> n = issue(NoticeKind.BLUE_LIST, Serial("督考", 2026, 1), "t-1",
    ...           Subject.unit("u-1"), dt.date(2026, 3, 2), "距期限还有 2 个工作日", china())
    >>> close(n, dt.date(2026, 3, 3))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.InvalidTransitionError: cannot close 督考〔2026〕1号 in stage 'issued'; allowed from there: answer, escalate
    >>> close(answer(n, dt.date(2026, 3, 3)), dt.date(2026, 3, 4)).status.label
    '已办结'
    """
    _step(notice, day, "close", NoticeStatus.ANSWERED)
    return attrs.evolve(notice, status=NoticeStatus.CLOSED, status_on=day)


def successor_kind(kind: NoticeKind) -> NoticeKind | None:
    """The kind an unanswered ``kind`` notice escalates to; None for a 追责建议函.

    >>> [successor_kind(k).label for k in (NoticeKind.BLUE_LIST, NoticeKind.RED_LIST,
    ...                                    NoticeKind.DEADLINE_COMPLETION)]
    ['黄色督办清单', '追责建议函', '日常督考通知单']
    """
    if kind.colour is not Colour.NONE:
        colour = kind.colour.step(1)
        return (
            NoticeKind.ACCOUNTABILITY
            if kind.colour is Colour.RED
            else NoticeKind.for_colour(colour)
        )
    if kind in (NoticeKind.DEADLINE_SUPERVISION, NoticeKind.DEADLINE_COMPLETION):
        return NoticeKind.DAILY_SUPERVISION
    if kind is NoticeKind.DAILY_SUPERVISION:
        return NoticeKind.ACCOUNTABILITY
    return None


@attrs.frozen
class Escalation:
    """An unanswered notice marked escalated, and the notice that replaces it.

    Produced by :func:`escalate_unanswered`; ``successor.escalated_from`` is
    ``escalated.serial``.

    >>> from qingdan_core.calendar import china
    >>> red = issue(NoticeKind.RED_LIST, Serial("督考", 2026, 5), "t-1",
    ...             Subject.unit("u-1"), dt.date(2026, 3, 2), "超过期限未办结", china())
    >>> [up] = escalate_unanswered([red], dt.date(2026, 3, 9), china())
    >>> up.successor.kind.label, up.successor.addressee.id, up.successor.concerning.id
    ('追责建议函', '纪委监委', 'u-1')
    """

    escalated: Notice = attrs.field(validator=instance_of(Notice))
    successor: Notice = attrs.field(validator=instance_of(Notice))


def escalate_unanswered(
    notices: Sequence[Notice],
    day: dt.date,
    calendar: WorkCalendar,
    policy: NoticePolicy = NoticePolicy(),
    *,
    last_serial: int = 0,
) -> tuple[Escalation, ...]:
    """Escalate every notice still unanswered after its response deadline, as of ``day``.

    A notice is unanswered when it is still issued and ``day`` is after its
    ``respond_by``. It is marked escalated and replaced by a notice of
    :func:`successor_kind` issued on ``day`` with the next free serial of
    ``policy.issuer`` (R4, R17, R21). Notices that are answered, closed,
    already escalated, or 追责建议函 are left alone, so running this again on
    the updated notices escalates nothing new.

    **``notices`` must hold every notice of the issuer's year** (not only the
    open ones), or pass the highest serial number used as ``last_serial``:
    new serials follow the highest one seen (:func:`allocate_serials`).

    :raises CalendarCoverageError: when a new deadline falls outside the calendar.
    :raises ValidationError: naming the argument or notice of a wrong type.

    >>> from qingdan_core.calendar import china
    >>> blue = issue(NoticeKind.BLUE_LIST, Serial("督考", 2026, 1), "t-1",
    ...              Subject.unit("u-1"), dt.date(2026, 3, 2), "距期限还有 2 个工作日", china())
    >>> [up] = escalate_unanswered([blue], dt.date(2026, 3, 10), china())
    >>> up.escalated.status.label, str(up.successor.serial), up.successor.kind.label
    ('已升级', '督考〔2026〕2号', '黄色督办清单')
    >>> print(up.successor.reason)
    督考〔2026〕1号 蓝色督办清单 逾期未反馈(应于 2026-03-09 前反馈),升级
    """
    require("notices", notices, Sequence)
    for i, notice in enumerate(notices):
        require(f"notices[{i}]", notice, Notice)
    require("day", day, dt.date)
    require("calendar", calendar, WorkCalendar)
    require("policy", policy, NoticePolicy)
    due = [
        n
        for n in notices
        if n.status is NoticeStatus.ISSUED
        and day > n.respond_by
        and successor_kind(n.kind) is not None
    ]
    serials = allocate_serials(
        (n.serial for n in notices), policy.issuer, day.year, len(due), last_serial=last_serial
    )
    out = []
    for old, serial in zip(due, serials, strict=True):
        kind = successor_kind(old.kind)
        assert kind is not None
        reason = text(
            "reason.escalated", serial=str(old.serial), kind=old.kind.label, day=old.respond_by
        )
        new = issue(
            kind,
            serial,
            old.item_id,
            old.addressee,
            day,
            reason,
            calendar,
            policy,
            escalated_from=old.serial,
        )
        marked = attrs.evolve(
            old, status=NoticeStatus.ESCALATED, status_on=day, escalated_to=serial
        )
        out.append(Escalation(marked, new))
    return tuple(out)


def deduction_entry(notice: Notice) -> LedgerEntry:
    """The 纪实台帐 entry for a 日常督考通知单's instant deduction (R21, R22).

    :raises ValidationError: for a notice that carries no deduction.

    >>> from qingdan_core.calendar import china
    >>> n = issue(NoticeKind.DAILY_SUPERVISION, Serial("督考", 2026, 17), "t-1",
    ...           Subject.unit("u-1"), dt.date(2026, 3, 2), "未按时反馈", china())
    >>> entry = deduction_entry(n)
    >>> entry.entry_id, entry.points, entry.rule
    ('扣分-督考〔2026〕17号', Decimal('-0.5'), 'R21')
    """
    require("notice", notice, Notice)
    if notice.kind is not NoticeKind.DAILY_SUPERVISION:
        raise ValidationError("kind", f"a {notice.kind.label} carries no deduction")
    with exact():
        points = -notice.deduction
    return LedgerEntry(
        entry_id=f"扣分-{notice.serial}",
        subject=notice.addressee,
        day=notice.issued_on,
        kind=EntryKind.DEDUCTION,
        points=points,
        source=str(notice.serial),
        rule=notice.rule,
        reason=notice.reason,
    )
