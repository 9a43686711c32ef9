"""The commitment contract (即时承诺契约管理责任书, R20).

For a task assigned at a meeting, the responsible unit fills in and signs a
contract listing what it commits to, in two copies: one kept by the unit to
carry out, one kept by the supervision office (督考办), which checks it item by
item (逐项验收) and archives it. An item past its due date and not accepted is
an unkept commitment, which calls for a deadline completion notice
(限期办结通知单, R20; issued by :mod:`qingdan_core.notices`).

The contract's items are :class:`~qingdan_core.lists.ListItem` values, the
same as any list's.

>>> import datetime as dt
>>> from qingdan_core.lists import ListItem
>>> contract = CommitmentContract(
...     "C-2026-031", "u-land", "县政府第12次常务会议", dt.date(2026, 11, 3),
...     (ListItem("c-1", "完成征地补偿", dt.date(2026, 11, 3), dt.date(2026, 11, 20)),
...      ListItem("c-2", "完成场地平整", dt.date(2026, 11, 3), dt.date(2026, 12, 10))),
...     two_copies(dt.date(2026, 11, 3)),
... )
>>> contract = accept_item(contract, Acceptance("c-1", dt.date(2026, 11, 19), "p-office"))
>>> [i.item_id for i in unkept(contract, dt.date(2026, 12, 11))], contract.complete
(['c-2'], False)
"""

from __future__ import annotations

import datetime as dt

import attrs

from qingdan_core._checks import instance_of, non_blank, plain_date
from qingdan_core._labelled import LabelledEnum
from qingdan_core._tuples import tuple_of
from qingdan_core.errors import ConflictError, Problem, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lists import ListItem

__all__ = [
    "Acceptance",
    "CommitmentContract",
    "ContractCopy",
    "CopyHolder",
    "accept_item",
    "outstanding",
    "two_copies",
    "unkept",
]


class CopyHolder(LabelledEnum):
    """Who keeps a copy of the contract: the responsible unit or the office (R20).

    >>> CopyHolder.OFFICE.label
    '县督考办'
    """

    UNIT = "unit", "责任单位"
    OFFICE = "office", "县督考办"


@attrs.frozen
class ContractCopy:
    """One of the two copies (一式两份): who holds it and since when (R20).

    >>> ContractCopy(CopyHolder.UNIT, dt.date(2026, 11, 3)).holder.label
    '责任单位'
    """

    holder: CopyHolder = attrs.field(validator=instance_of(CopyHolder))
    handed_over: dt.date = attrs.field(validator=plain_date)


def two_copies(day: dt.date) -> tuple[ContractCopy, ContractCopy]:
    """The unit's and the office's copies, both handed over on ``day`` (R20).

    >>> [c.holder.value for c in two_copies(dt.date(2026, 11, 3))]
    ['unit', 'office']
    """
    return (ContractCopy(CopyHolder.UNIT, day), ContractCopy(CopyHolder.OFFICE, day))


@attrs.frozen
class Acceptance:
    """The office's check of one contract item (逐项验收, R20): kept or not, by whom, when.

    >>> Acceptance("c-1", dt.date(2026, 11, 19), "p-office", accepted=False, note="资料不全").accepted
    False
    """

    item_id: str = attrs.field(validator=non_blank)
    day: dt.date = attrs.field(validator=plain_date)
    checked_by: str = attrs.field(validator=non_blank)
    accepted: bool = attrs.field(default=True, validator=instance_of(bool), kw_only=True)
    note: str = attrs.field(default="", validator=instance_of(str), kw_only=True)


@attrs.frozen
class CommitmentContract:
    """A responsible unit's signed commitments for a task assigned at a meeting (R20).

    ``copies`` must be exactly one unit copy and one office copy, handed over
    on or after ``signed_on``. ``acceptances`` are the office's item-by-item
    checks in date order; each names an item of the contract.

    :raises ValidationError: listing every problem with its field path.

    >>> CommitmentContract("C-1", "u-land", "常务会议", dt.date(2026, 11, 3), (),
    ...                    two_copies(dt.date(2026, 11, 3))[:1])
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: 2 problems: items: a contract commits to at least one item; copies: needs exactly one copy for each of unit, office (一式两份)
    """

    contract_id: str = attrs.field(validator=non_blank)
    unit_id: str = attrs.field(validator=non_blank)
    meeting: str = attrs.field(validator=non_blank)
    signed_on: dt.date = attrs.field(validator=plain_date)
    items: tuple[ListItem, ...] = attrs.field(validator=tuple_of(ListItem))
    copies: tuple[ContractCopy, ...] = attrs.field(validator=tuple_of(ContractCopy))
    acceptances: tuple[Acceptance, ...] = attrs.field(
        default=(), validator=tuple_of(Acceptance), kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        if not self.items:
            problems.append(Problem("items", "a contract commits to at least one item"))
        ids = [item.item_id for item in self.items]
        for i, item_id in enumerate(ids):
            if item_id in ids[:i]:
                problems.append(Problem(f"items[{i}].item_id", f"duplicate item id {item_id!r}"))
        holders = sorted(c.holder.value for c in self.copies)
        if holders != sorted(h.value for h in CopyHolder):
            problems.append(
                Problem("copies", "needs exactly one copy for each of unit, office (一式两份)")
            )
        for i, copy in enumerate(self.copies):
            if copy.handed_over < self.signed_on:
                problems.append(
                    Problem(f"copies[{i}].handed_over", "before the contract was signed")
                )
        for i, check in enumerate(self.acceptances):
            if check.item_id not in ids:
                problems.append(Problem(f"acceptances[{i}].item_id", f"no item {check.item_id!r}"))
            if check.day < self.signed_on:
                problems.append(Problem(f"acceptances[{i}].day", "before the contract was signed"))
            if i and check.day < self.acceptances[i - 1].day:
                problems.append(
                    Problem(f"acceptances[{i}].day", "acceptances must be in date order")
                )
        if problems:
            raise ValidationError.from_problems(problems)

    @property
    def owner(self) -> Subject:
        """The responsible unit, as a :class:`~qingdan_core.ledger.Subject`."""
        return Subject.unit(self.unit_id)

    @property
    def accepted_ids(self) -> frozenset[str]:
        """The ids of the items the office has accepted."""
        return frozenset(a.item_id for a in self.acceptances if a.accepted)

    @property
    def complete(self) -> bool:
        """Whether every item is accepted, so the office archives the contract (R20)."""
        return not outstanding(self)


def accept_item(contract: CommitmentContract, acceptance: Acceptance) -> CommitmentContract:
    """``contract`` with the office's check of one item recorded (逐项验收, R20).

    A refused check (``accepted=False``) is recorded too, and the item stays
    outstanding until a later check accepts it.

    :raises ConflictError: when the item is already accepted.
    :raises ValidationError: for an unknown item or a check out of date order.

    >>> c = CommitmentContract("C-1", "u-1", "调度会", dt.date(2026, 11, 3),
    ...     (ListItem("c-1", "开工", dt.date(2026, 11, 3), dt.date(2026, 11, 9)),),
    ...     two_copies(dt.date(2026, 11, 3)))
    >>> c = accept_item(c, Acceptance("c-1", dt.date(2026, 11, 9), "p-o"))
    >>> accept_item(c, Acceptance("c-1", dt.date(2026, 11, 10), "p-o"))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ConflictError: contract item C-1/c-1: already accepted
    """
    if acceptance.item_id in contract.accepted_ids:
        raise ConflictError(
            "contract item", f"{contract.contract_id}/{acceptance.item_id}", "already accepted"
        )
    return attrs.evolve(contract, acceptances=(*contract.acceptances, acceptance))


def outstanding(contract: CommitmentContract) -> tuple[ListItem, ...]:
    """The contract's items the office has not accepted yet, in contract order (R20).

    >>> c = CommitmentContract("C-1", "u-1", "调度会", dt.date(2026, 11, 3),
    ...     (ListItem("c-1", "开工", dt.date(2026, 11, 3), dt.date(2026, 11, 9)),),
    ...     two_copies(dt.date(2026, 11, 3)))
    >>> [i.item_id for i in outstanding(c)]
    ['c-1']
    """
    return tuple(i for i in contract.items if i.item_id not in contract.accepted_ids)


def unkept(contract: CommitmentContract, today: dt.date) -> tuple[ListItem, ...]:
    """Outstanding items whose due date has passed by ``today``: unkept commitments (R20).

    Each calls for a deadline completion notice (限期办结通知单).

    >>> c = CommitmentContract("C-1", "u-1", "调度会", dt.date(2026, 11, 3),
    ...     (ListItem("c-1", "开工", dt.date(2026, 11, 3), dt.date(2026, 11, 9)),),
    ...     two_copies(dt.date(2026, 11, 3)))
    >>> unkept(c, dt.date(2026, 11, 9)), len(unkept(c, dt.date(2026, 11, 10)))
    ((), 1)
    """
    return tuple(i for i in outstanding(contract) if i.due < today)
