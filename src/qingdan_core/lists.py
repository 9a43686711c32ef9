"""Lists and their items: what a list holds and how it is carried out (R2, R8, R10, R19).

A :class:`Checklist` is one instance of a list type from the catalogue: its
type code, owner (a unit or person), period, items and lifecycle stage. A
:class:`ListItem` carries the work itself: text, the clause it implements
(条款, R8), who answers for it (人头 or 岗位), the lead leader and responsible
unit (R19), start and due dates, optional monthly milestones (R19), weight,
status, progress reports and the month-start commitment (R10).

Content changes go through :func:`add_item`, :func:`report_progress` and
:func:`commit`, which check the list's stage (:func:`qingdan_core.lifecycle.require_editable`):
items are drafted while the list is drafted, progress is reported while it
is carried out, and nothing changes once it is assessed or signed.

Progress is a share of the work done, a ``Decimal`` from 0 to 1, as in
:mod:`qingdan_core.deadlines`.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.ledger import Subject
>>> from qingdan_core.periods import Month
>>> item = ListItem("i-1", "完成项目用地报批", dt.date(2026, 11, 1), dt.date(2026, 11, 30),
...                 lead_leader_id="p-vice", responsible_unit_id="u-land")
>>> draft = Checklist("L-1", "unit_implementation", Subject.unit("u-land"), Month(2026, 11))
>>> draft = add_item(draft, item)
>>> from qingdan_core.lifecycle import Stage
>>> running = attrs.evolve(draft, stage=Stage.IN_PROGRESS)
>>> running = report_progress(running, "i-1", ProgressReport(dt.date(2026, 11, 15), Decimal("0.4"), "已报县政府"))
>>> running.item("i-1").latest_progress, running.item("i-1").status.label
(Decimal('0.4'), '推进中')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from qingdan_core._checks import decimal_between, instance_of, non_blank, plain_date
from qingdan_core._labelled import LabelledEnum
from qingdan_core._tuples import optional_non_blank, tuple_of
from qingdan_core.deadlines import Milestone, expected_progress
from qingdan_core.errors import NotFoundError, Problem, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lifecycle import Edit, Stage, require_editable
from qingdan_core.periods import Month, Quarter, Week, Year

__all__ = [
    "Checklist",
    "Commitment",
    "ItemStatus",
    "ListItem",
    "ProgressReport",
    "add_item",
    "commit",
    "report_progress",
]

_SHARE = decimal_between(Decimal(0), Decimal(1))
_FULL = Decimal(1)


class ItemStatus(LabelledEnum):
    """Where one item stands. Values are stable English codes.

    >>> ItemStatus.DONE.label
    '已完成'
    """

    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已撤销"


@attrs.frozen
class ProgressReport:
    """How far an item got on a day: the share done (0–1) and a note (R10, R16).

    :raises ValidationError: for progress outside 0–1 or a datetime as day.

    >>> ProgressReport(dt.date(2026, 11, 15), Decimal("1.2"))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: progress: must be between 0 and 1, got 1.2
    """

    day: dt.date = attrs.field(validator=plain_date)
    progress: Decimal = attrs.field(validator=_SHARE)
    note: str = attrs.field(default="", validator=instance_of(str))


@attrs.frozen
class Commitment:
    """A month-start performance commitment on an item (月初履职承诺, R10).

    >>> Commitment(dt.date(2026, 11, 2), "本月完成用地报批").made_on.month
    11
    """

    made_on: dt.date = attrs.field(validator=plain_date)
    text: str = attrs.field(validator=non_blank)


def _check_milestones(item: ListItem, _attribute: object, milestones: object) -> None:
    tuple_of(Milestone)(item, attrs.fields(ListItem).milestones, milestones)
    assert isinstance(milestones, tuple)
    # The plan's own checks (in order, inside (start, due], 1 on the due date)
    # live with 序时进度 in qingdan_core.deadlines; run them once, here.
    expected_progress(item.assigned_on, item.assigned_on, item.due, milestones=milestones)


def _check_reports(item: ListItem, _attribute: object, reports: object) -> None:
    tuple_of(ProgressReport)(item, attrs.fields(ListItem).reports, reports)
    assert isinstance(reports, tuple)
    for i, report in enumerate(reports):
        if report.day < item.assigned_on:
            raise ValidationError(
                f"reports[{i}].day",
                f"{report.day.isoformat()} is before the item was assigned "
                f"({item.assigned_on.isoformat()})",
            )
        if i and report.day < reports[i - 1].day:
            raise ValidationError(f"reports[{i}].day", "reports must be in date order")


@attrs.frozen
class ListItem:
    """One item of a list: a duty, task or key task and how it is going (R2, R8, R10, R19).

    ``assigned_on`` is when the work starts (交办), ``due`` when it must be
    done. ``clause`` is the clause (条款) it implements; ``responsible_person_id``
    / ``responsible_post`` say who answers for it (人头 / 岗位, R8);
    ``lead_leader_id`` and ``responsible_unit_id`` name the lead county leader
    and the responsible unit of a key task (R19); ``milestones`` are its
    monthly targets (序时进度, R19). ``weight`` (> 0) is its share in scoring.
    ``reports`` are progress reports in date order; ``commitment`` is the
    month-start commitment (R10).

    :raises ValidationError: when due is before the start, a milestone lies
        outside (start, due] or goes backwards, a report predates the start
        or is out of order, or a field has the wrong type.

    >>> ListItem("i-1", "月报", dt.date(2026, 11, 10), dt.date(2026, 11, 1))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: due: 2026-11-01 is before the start 2026-11-10
    """

    item_id: str = attrs.field(validator=non_blank)
    text: str = attrs.field(validator=non_blank)
    assigned_on: dt.date = attrs.field(validator=plain_date)
    due: dt.date = attrs.field(validator=plain_date)
    clause: str | None = attrs.field(default=None, validator=optional_non_blank, kw_only=True)
    responsible_person_id: str | None = attrs.field(
        default=None, validator=optional_non_blank, kw_only=True
    )
    responsible_post: str | None = attrs.field(
        default=None, validator=optional_non_blank, kw_only=True
    )
    lead_leader_id: str | None = attrs.field(
        default=None, validator=optional_non_blank, kw_only=True
    )
    responsible_unit_id: str | None = attrs.field(
        default=None, validator=optional_non_blank, kw_only=True
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(), validator=_check_milestones, kw_only=True
    )
    weight: Decimal = attrs.field(
        default=Decimal(1), validator=decimal_between(Decimal(0), None), kw_only=True
    )
    status: ItemStatus = attrs.field(
        default=ItemStatus.NOT_STARTED, validator=instance_of(ItemStatus), kw_only=True
    )
    reports: tuple[ProgressReport, ...] = attrs.field(
        default=(), validator=_check_reports, kw_only=True
    )
    commitment: Commitment | None = attrs.field(default=None, kw_only=True)

    @due.validator
    def _check_due(self, _attribute: object, due: dt.date) -> None:
        if due < self.assigned_on:
            raise ValidationError(
                "due", f"{due.isoformat()} is before the start {self.assigned_on.isoformat()}"
            )

    @weight.validator
    def _check_weight(self, _attribute: object, weight: Decimal) -> None:
        if weight == 0:
            raise ValidationError("weight", "must be greater than 0")

    @commitment.validator
    def _check_commitment(self, _attribute: object, commitment: object) -> None:
        if commitment is not None and not isinstance(commitment, Commitment):
            raise ValidationError(
                "commitment", f"expected a Commitment or None, got {commitment!r}"
            )

    @property
    def latest_progress(self) -> Decimal:
        """The progress of the latest report, 0 when there is none.

        >>> ListItem("i-1", "月报", dt.date(2026, 11, 1), dt.date(2026, 11, 5)).latest_progress
        Decimal('0')
        """
        return self.reports[-1].progress if self.reports else Decimal(0)


def _unique_items(checklist: Checklist, _attribute: object, items: object) -> None:
    tuple_of(ListItem)(checklist, attrs.fields(Checklist).items, items)
    assert isinstance(items, tuple)
    seen: set[str] = set()
    problems = []
    for i, item in enumerate(items):
        if item.item_id in seen:
            problems.append(Problem(f"items[{i}].item_id", f"duplicate item id {item.item_id!r}"))
        seen.add(item.item_id)
    if problems:
        raise ValidationError.from_problems(problems)


@attrs.frozen
class Checklist:
    """One list instance: a catalogue type, an owner, a period, items and a stage (R1–R11, R19).

    ``type_code`` is a code of :class:`qingdan_core.catalogue.ListType`;
    ``owner`` the unit or person the list belongs to (for a task list, the
    leader or unit it is addressed to); ``stage`` where it is in the four
    steps (R7).

    :raises ValidationError: on duplicate item ids or a wrong type.

    >>> from qingdan_core.periods import Month
    >>> Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11)).last_day
    datetime.date(2026, 11, 30)
    """

    list_id: str = attrs.field(validator=non_blank)
    type_code: str = attrs.field(validator=non_blank)
    owner: Subject = attrs.field(validator=instance_of(Subject))
    period: Week | Month | Quarter | Year = attrs.field(
        validator=instance_of(Week, Month, Quarter, Year)
    )
    items: tuple[ListItem, ...] = attrs.field(default=(), validator=_unique_items)
    stage: Stage = attrs.field(default=Stage.DRAFTED, validator=instance_of(Stage))

    @property
    def last_day(self) -> dt.date:
        """The last day of the list's period."""
        return self.period.end

    def item(self, item_id: str) -> ListItem:
        """The item with id ``item_id``.

        :raises NotFoundError: when the list has no such item.

        >>> from qingdan_core.periods import Month
        >>> Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11)).item("i-9")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.NotFoundError: no item with key 'i-9'
        """
        for item in self.items:
            if item.item_id == item_id:
                return item
        raise NotFoundError("item", item_id)


def add_item(checklist: Checklist, item: ListItem) -> Checklist:
    """``checklist`` with ``item`` appended, while it is drafted (建单, R7, R8).

    :raises InvalidTransitionError: when the list is past drafting.
    :raises ValidationError: when the item id is already used.

    >>> from qingdan_core.periods import Month
    >>> item = ListItem("i-1", "月报", dt.date(2026, 11, 1), dt.date(2026, 11, 5))
    >>> draft = add_item(Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11)), item)
    >>> add_item(draft, item)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: items[1].item_id: duplicate item id 'i-1'
    """
    require_editable(checklist, Edit.DRAFT_ITEMS)
    return attrs.evolve(checklist, items=(*checklist.items, item))


def _replace(checklist: Checklist, item: ListItem) -> Checklist:
    items = tuple(item if i.item_id == item.item_id else i for i in checklist.items)
    return attrs.evolve(checklist, items=items)


def report_progress(checklist: Checklist, item_id: str, report: ProgressReport) -> Checklist:
    """``checklist`` with ``report`` added to one item (办单, R10, R16).

    The item's status follows: a report moves a not-started item to in
    progress, and a share of 1 marks it done. A cancelled item takes no reports.

    :raises InvalidTransitionError: unless the list is published or in progress.
    :raises NotFoundError: for an unknown item.
    :raises ValidationError: when the report predates the item's latest
        report or its start, or the item is cancelled.

    >>> from qingdan_core.periods import Month
    >>> from qingdan_core.lifecycle import Stage
    >>> item = ListItem("i-1", "月报", dt.date(2026, 11, 1), dt.date(2026, 11, 5))
    >>> running = Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11), (item,),
    ...                     stage=Stage.IN_PROGRESS)
    >>> report_progress(running, "i-1", ProgressReport(dt.date(2026, 11, 4), Decimal(1))).items[0].status
    <ItemStatus.DONE: 'done'>
    """
    require_editable(checklist, Edit.REPORT)
    item = checklist.item(item_id)
    if item.status is ItemStatus.CANCELLED:
        raise ValidationError("status", f"item {item_id!r} is cancelled and takes no reports")
    status = ItemStatus.DONE if report.progress >= _FULL else ItemStatus.IN_PROGRESS
    return _replace(checklist, attrs.evolve(item, reports=(*item.reports, report), status=status))


def commit(checklist: Checklist, item_id: str, commitment: Commitment) -> Checklist:
    """``checklist`` with the month-start commitment on one item (月初履职承诺, R10).

    :raises InvalidTransitionError: unless the list is published or in progress.
    :raises NotFoundError: for an unknown item.

    >>> from qingdan_core.periods import Month
    >>> from qingdan_core.lifecycle import Stage
    >>> item = ListItem("i-1", "月报", dt.date(2026, 11, 1), dt.date(2026, 11, 5))
    >>> listed = Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11), (item,),
    ...                    stage=Stage.PUBLISHED)
    >>> commit(listed, "i-1", Commitment(dt.date(2026, 11, 2), "5日前报送")).items[0].commitment.text
    '5日前报送'
    """
    require_editable(checklist, Edit.REPORT)
    return _replace(checklist, attrs.evolve(checklist.item(item_id), commitment=commitment))
