"""What is shown in public: the desk card (职责台卡, R9) and the notice board (公示, R11).

Both are separate value types built from the model, holding only what may be
shown: names, posts, duties, items, due dates, progress and status. Ids,
progress notes, commitments, weights and anything about assessment are not
fields of these types, so they cannot leak onto a card or a board.

>>> from qingdan_core.organisation import Organisation, Person, Post, Unit
>>> org = Organisation(
...     units=(Unit("u-tax", "直属分局"),),
...     people=(Person("p-7", "金涛", "u-tax", Post("征管员", ("办理纳税申报", "催报催缴")),
...                    motto="马上办"),),
... )
>>> print(desk_card(org, "p-7").render())
金涛 · 直属分局 · 征管员
职责:办理纳税申报;催报催缴
格言:马上办
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from qingdan_core._checks import decimal_between, instance_of, non_blank, plain_date
from qingdan_core._tuples import non_blank_strings, optional_non_blank, tuple_of
from qingdan_core.catalogue import Catalogue
from qingdan_core.errors import InvalidTransitionError, ValidationError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.lifecycle import Stage, allowed_transitions
from qingdan_core.lists import Checklist, ItemStatus, ListItem
from qingdan_core.organisation import Organisation

__all__ = ["DeskCard", "PublicBoard", "PublicRow", "desk_card", "public_board"]


@attrs.frozen
class DeskCard:
    """The card on a desk: holder, unit, post, duties and motto (职责台卡, R9).

    >>> DeskCard("金涛", "直属分局", "征管员", ()).render()
    '金涛 · 直属分局 · 征管员'
    """

    name: str = attrs.field(validator=non_blank)
    unit_name: str = attrs.field(validator=non_blank)
    post_title: str = attrs.field(validator=non_blank)
    duties: tuple[str, ...] = attrs.field(validator=non_blank_strings)
    motto: str = attrs.field(default="", validator=instance_of(str))

    def render(self) -> str:
        """The card as text: a header line, then duties and motto when there are any."""
        lines = [f"{self.name} · {self.unit_name} · {self.post_title}"]
        if self.duties:
            lines.append("职责:" + ";".join(self.duties))
        if self.motto.strip():
            lines.append(f"格言:{self.motto}")
        return "\n".join(lines)


def desk_card(org: Organisation, person_id: str) -> DeskCard:
    """The desk card of ``person_id``, rendered from their post and duties (R9).

    :raises NotFoundError: for an unknown person.

    >>> desk_card(Organisation(), "p-9")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.NotFoundError: no person with key 'p-9'
    """
    person = org.person(person_id)
    return DeskCard(
        person.name,
        org.unit(person.unit_id).name,
        person.post.title,
        person.post.duties,
        person.motto,
    )


@attrs.frozen
class PublicRow:
    """One item as the public sees it: what, which clause, who, by when, how far (R11).

    ``responsible`` is a name or a post title, never an id.

    >>> PublicRow("月报", None, "金涛", dt.date(2026, 11, 20), Decimal("0.4"), ItemStatus.IN_PROGRESS).status.label
    '推进中'
    """

    text: str = attrs.field(validator=non_blank)
    clause: str | None = attrs.field(validator=optional_non_blank)
    responsible: str = attrs.field(validator=non_blank)
    due: dt.date = attrs.field(validator=plain_date)
    progress: Decimal = attrs.field(validator=decimal_between(Decimal(0), Decimal(1)))
    status: ItemStatus = attrs.field(validator=instance_of(ItemStatus))


@attrs.frozen
class PublicBoard:
    """A published list as posted on the notice board (上墙公示, R1, R11).

    >>> PublicBoard("一周工作责任清单", "金涛", "2026年第47周", ()).rows
    ()
    """

    list_name: str = attrs.field(validator=non_blank)
    owner_name: str = attrs.field(validator=non_blank)
    period_label: str = attrs.field(validator=non_blank)
    rows: tuple[PublicRow, ...] = attrs.field(validator=tuple_of(PublicRow))


def _name(org: Organisation, subject: Subject) -> str:
    if subject.kind is SubjectKind.PERSON:
        return org.person(subject.id).name
    return org.unit(subject.id).name


def _row(org: Organisation, owner: Subject, item: ListItem) -> PublicRow:
    if item.responsible_person_id is not None:
        responsible = org.person(item.responsible_person_id).name
    elif item.responsible_post is not None:
        responsible = item.responsible_post
    elif item.responsible_unit_id is not None:
        responsible = org.unit(item.responsible_unit_id).name
    else:
        responsible = _name(org, owner)
    return PublicRow(
        item.text, item.clause, responsible, item.due, item.latest_progress, item.status
    )


def public_board(checklist: Checklist, org: Organisation, catalogue: Catalogue) -> PublicBoard:
    """The notice-board view of a published list (公示, R1, R11).

    Each item shows its text, clause, who answers for it (the responsible
    person's name, else the post, else the responsible unit, else the list's
    owner), due date, latest progress (a share 0–1) and status — nothing else.

    :raises ValidationError: when the list's type is not a published type (path ``type_code``).
    :raises InvalidTransitionError: when the list is still a draft.
    :raises NotFoundError: for an unknown list type, person or unit.

    >>> from qingdan_core.catalogue import builtin
    >>> from qingdan_core.periods import Month
    >>> public_board(Checklist("L-1", "task", Subject.person("p-7"), Month(2026, 11)),
    ...              Organisation(), builtin())
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: type_code: 任务清单 (task) is not a published list type (公示, R1, R11)
    """
    list_type = catalogue.get(checklist.type_code)
    if not list_type.published:
        raise ValidationError(
            "type_code",
            f"{list_type.name_zh} ({list_type.code}) is not a published list type (公示, R1, R11)",
        )
    if checklist.stage is Stage.DRAFTED:
        raise InvalidTransitionError(
            checklist.list_id,
            checklist.stage.value,
            "post publicly",
            (t.value for t in allowed_transitions(checklist.stage)),
            "a draft is not posted; publish it first (R7)",
        )
    return PublicBoard(
        list_type.name_zh,
        _name(org, checklist.owner),
        checklist.period.label,
        tuple(_row(org, checklist.owner, item) for item in checklist.items),
    )
