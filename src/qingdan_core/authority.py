"""Who may do what: the one place that decides whether an actor may act on a record (R3, R5, R26).

* Staff fill in their own lists and work logs (R2, R10); a unit's list is
  filled in by people working in the unit.
* The in-charge leader (分管领导) assesses the people and units in their
  charge (R3).
* The principal leader (主要领导) above the record's owner signs it (R5).
* The supervision office (督考办) issues notices and lists, scores (recorded
  in the 纪实台帐 ledger, R22), and sets attention levels (R4, R16, R18, R20,
  R21); the discipline inspection body (纪检监察) receives accountability
  letters (R17).
* Nobody assesses, signs, scores or issues a notice on their own record or
  their own unit's (R26); a signed record is final (R5).

Which role fills in, assesses and signs a list comes from its catalogue type
(:class:`~qingdan_core.catalogue.ListType`) through :class:`Record`.
:func:`decide` returns a :class:`Decision` with its reason;
:func:`require` raises :class:`~qingdan_core.errors.PermissionDeniedError`.

>>> from qingdan_core.organisation import Organisation, Person, Post, Role, Unit
>>> from qingdan_core.ledger import Subject
>>> org = Organisation(
...     units=(Unit("u-tax", "直属分局"),),
...     people=(Person("p-head", "金局长", "u-tax", Post("局长"), roles=(Role.PRINCIPAL_LEADER,)),
...             Person("p-7", "沈莉", "u-tax", Post("征管员"))),
... )
>>> record = Record("L-1", Subject.person("p-7"), Role.STAFF, Role.IN_CHARGE_LEADER,
...                 Role.PRINCIPAL_LEADER)
>>> decide(org, "p-head", Action.SIGN, record).allowed
True
>>> require(org, "p-7", Action.SIGN, record)
Traceback (most recent call last):
...
qingdan_core.errors.PermissionDeniedError: p-7 may not sign L-1: no one assesses, signs, scores or issues a notice on their own record (R26)
"""

from __future__ import annotations

from typing import Any

import attrs

from qingdan_core._checks import instance_of, non_blank
from qingdan_core._labelled import LabelledEnum
from qingdan_core.catalogue import Catalogue
from qingdan_core.contracts import CommitmentContract
from qingdan_core.errors import NotFoundError, PermissionDeniedError, ValidationError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.lifecycle import Transition
from qingdan_core.lists import Checklist
from qingdan_core.organisation import Organisation, Person, Role
from qingdan_core.worklog import WorkLog

__all__ = ["Action", "Decision", "Record", "decide", "require"]


class Action(LabelledEnum):
    """What an actor may try to do to a record. Values are stable English codes.

    The six lifecycle transitions (R7) have actions of the same code and label.

    >>> Action.for_transition(Transition.SIGN), Action.SIGN.label, Action.ISSUE_NOTICE.label
    (<Action.SIGN: 'sign'>, '审核签字', '下发通知单')
    """

    FILL_IN = "fill_in", "填写"
    PUBLISH = Transition.PUBLISH.value, Transition.PUBLISH.label
    START = Transition.START.value, Transition.START.label
    ASSESS = Transition.ASSESS.value, Transition.ASSESS.label
    SIGN = Transition.SIGN.value, Transition.SIGN.label
    USE = Transition.USE.value, Transition.USE.label
    FILE = Transition.FILE.value, Transition.FILE.label
    SCORE = "score", "奖扣分"
    ISSUE_NOTICE = "issue_notice", "下发通知单"
    SET_ATTENTION = "set_attention", "确定关注等级"
    RECEIVE_LETTER = "receive_letter", "接收追责建议函"

    @classmethod
    def for_transition(cls, transition: Transition) -> Action:
        """The action that performs lifecycle ``transition``."""
        return cls(transition.value)


# Actions only one body performs, whatever the record (R4, R16–R18, R20, R21).
_OFFICE_ACTIONS = {
    Action.ISSUE_NOTICE: "R4, R16, R17, R20, R21",
    Action.SET_ATTENTION: "R18",
    Action.SCORE: "R21, R22",
}
# Actions that change a record, refused once it is signed (R5).
_CHANGES = (Action.FILL_IN, Action.PUBLISH, Action.START, Action.ASSESS, Action.SIGN)
# Actions nobody performs on their own record (R26).
_NOT_ON_ONESELF = (Action.ASSESS, Action.SIGN, Action.SCORE, Action.ISSUE_NOTICE)
# Which of the record's parties performs each list action, and the rule saying so.
_PARTY = {
    Action.FILL_IN: ("filled_by", "R2, R10"),
    Action.PUBLISH: ("filled_by", "R7"),
    Action.START: ("filled_by", "R7, R10"),
    Action.ASSESS: ("assessed_by", "R3"),
    Action.SIGN: ("signed_by", "R5"),
    Action.USE: ("signed_by", "R5, R13"),
    Action.FILE: ("signed_by", "R5"),
}


def _optional_role(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Role):
        raise ValidationError(
            attribute.name,
            f"expected a Role or None, got {value!r}",
            allowed=[r.value for r in Role],
        )


@attrs.frozen
class Record:
    """What the authority rules need to know about a record (R3, R5, R26).

    ``subject`` is whom the record is about; ``filled_by``, ``assessed_by`` and
    ``signed_by`` the roles (relative to the subject) that fill it in, assess
    and sign it, None where nobody does; ``signed`` whether it is final.

    >>> Record.about("notice-17", Subject.unit("u-land")).filled_by is None
    True
    """

    record_id: str = attrs.field(validator=non_blank)
    subject: Subject = attrs.field(validator=instance_of(Subject))
    filled_by: Role | None = attrs.field(default=None, validator=_optional_role)
    assessed_by: Role | None = attrs.field(default=None, validator=_optional_role)
    signed_by: Role | None = attrs.field(default=None, validator=_optional_role)
    signed: bool = attrs.field(default=False, validator=instance_of(bool))

    @classmethod
    def of_list(cls, checklist: Checklist, catalogue: Catalogue) -> Record:
        """The record of a list, with the parties its catalogue type names (R1–R5, R8, R19).

        :raises NotFoundError: when the list's type is not in ``catalogue``.

        >>> import datetime as dt
        >>> from qingdan_core.catalogue import builtin
        >>> from qingdan_core.periods import Month
        >>> r = Record.of_list(Checklist("L-1", "assessment", Subject.person("p-7"), Month(2026, 11)),
        ...                    builtin())
        >>> r.filled_by.label, r.signed_by.label
        ('分管领导', '主要领导')
        """
        list_type = catalogue.get(checklist.type_code)
        return cls(
            checklist.list_id,
            checklist.owner,
            list_type.filled_by,
            list_type.assessed_by,
            list_type.signed_by,
            checklist.stage.is_signed,
        )

    @classmethod
    def of_log(cls, log: WorkLog) -> Record:
        """The record of a daily work log: its author fills it in, their leader reads it (R3, R10).

        >>> import datetime as dt
        >>> from qingdan_core.worklog import LogEntry
        >>> Record.of_log(WorkLog("p-7", dt.date(2026, 11, 16), (LogEntry("接待"),))).signed_by is None
        True
        """
        return cls(log.record_id, Subject.person(log.person_id), Role.STAFF, Role.IN_CHARGE_LEADER)

    @classmethod
    def of_contract(cls, contract: CommitmentContract, catalogue: Catalogue) -> Record:
        """The record of a commitment contract; the office's item-by-item check is ``ASSESS`` (R20).

        :raises NotFoundError: when ``catalogue`` has no ``commitment_contract`` type.

        >>> import datetime as dt
        >>> from qingdan_core.catalogue import builtin
        >>> from qingdan_core.contracts import two_copies
        >>> from qingdan_core.lists import ListItem
        >>> c = CommitmentContract("C-1", "u-1", "调度会", dt.date(2026, 11, 3),
        ...     (ListItem("c-1", "开工", dt.date(2026, 11, 3), dt.date(2026, 11, 9)),),
        ...     two_copies(dt.date(2026, 11, 3)))
        >>> Record.of_contract(c, builtin()).assessed_by.label
        '督考办'
        """
        list_type = catalogue.get("commitment_contract")
        return cls(
            contract.contract_id,
            contract.owner,
            list_type.filled_by,
            list_type.assessed_by,
            list_type.signed_by,
        )

    @classmethod
    def about(cls, record_id: str, subject: Subject) -> Record:
        """A record nobody fills in or signs: a notice, a letter, a task, a score (R16–R21).

        >>> Record.about("task-9", Subject.unit("u-land")).subject
        Subject(kind=<SubjectKind.UNIT: 'unit'>, id='u-land')
        """
        return cls(record_id, subject)


@attrs.frozen
class Decision:
    """Whether an action is allowed, and why, citing rule ids.

    >>> Decision(True, "the principal leader signs (R5)").allowed
    True
    """

    allowed: bool = attrs.field(validator=instance_of(bool))
    reason: str = attrs.field(validator=non_blank)


def _is_own(actor: Person, subject: Subject) -> bool:
    if subject.kind is SubjectKind.PERSON:
        return subject.id == actor.person_id
    return subject.id == actor.unit_id


def _acts_as(org: Organisation, actor: Person, role: Role, subject: Subject) -> bool:
    if role is Role.STAFF:
        return _is_own(actor, subject)
    if role is Role.IN_CHARGE_LEADER:
        return org.is_in_charge_of(actor.person_id, subject)
    if role is Role.PRINCIPAL_LEADER:
        principal = org.principal_for(subject)
        return principal is not None and principal.person_id == actor.person_id
    return actor.has(role)


def _party(role: Role, subject: Subject) -> str:
    if role is Role.STAFF:
        return (
            f"{subject} themselves" if subject.kind is SubjectKind.PERSON else f"staff of {subject}"
        )
    if role is Role.IN_CHARGE_LEADER:
        return f"the in-charge leader (分管领导) of {subject}"
    if role is Role.PRINCIPAL_LEADER:
        return f"the principal leader (主要领导) above {subject}"
    return f"the {role.label}"


def decide(org: Organisation, actor_id: str, action: Action, record: Record) -> Decision:
    """Whether ``actor_id`` may perform ``action`` on ``record``, and why (R3, R5, R17, R18, R21, R26).

    Checked in this order: the actor is a person of ``org``; office-only and
    discipline-only actions need that role; a signed record does not change
    (R5); nobody assesses, signs, scores or issues a notice on their own
    record or unit (R26); otherwise the record's party for the action (who
    fills in, assesses or signs) must be the actor.

    :raises NotFoundError: when the record's subject is not in ``org``.

    >>> from qingdan_core.organisation import Organisation, Person, Post, Unit
    >>> org = Organisation(units=(Unit("u", "县"),), people=(Person("p", "甲", "u", Post("科员")),))
    >>> print(decide(org, "p", Action.SET_ATTENTION, Record.about("t-1", Subject.unit("u"))).reason)
    only the supervision office (督考办) may set_attention (R18)
    """
    try:
        actor = org.person(actor_id)
    except NotFoundError:
        return Decision(False, f"{actor_id!r} is not a person of the organisation")
    org.home_unit(record.subject)
    if action in _OFFICE_ACTIONS and not actor.has(Role.SUPERVISION_OFFICE):
        return Decision(
            False,
            f"only the supervision office (督考办) may {action.value} ({_OFFICE_ACTIONS[action]})",
        )
    if action is Action.RECEIVE_LETTER:
        if actor.has(Role.DISCIPLINE_BODY):
            return Decision(True, "the discipline body (纪检监察) receives the letter (R17)")
        return Decision(
            False, "only the discipline body (纪检监察) receives accountability letters (R17)"
        )
    if record.signed and action in _CHANGES:
        return Decision(False, "a signed record is final and does not change (R5)")
    if action in _NOT_ON_ONESELF and _is_own(actor, record.subject):
        return Decision(
            False, "no one assesses, signs, scores or issues a notice on their own record (R26)"
        )
    if action in _OFFICE_ACTIONS:
        return Decision(
            True, f"the supervision office may {action.value} ({_OFFICE_ACTIONS[action]})"
        )
    field, rules = _PARTY[action]
    role: Role | None = getattr(record, field)
    if role is None:
        return Decision(False, f"nobody may {action.value} this kind of record ({rules})")
    party = _party(role, record.subject)
    if _acts_as(org, actor, role, record.subject):
        return Decision(True, f"{action.value} is done by {party} ({rules})")
    return Decision(False, f"{action.value} is done by {party}, not by {actor_id} ({rules})")


def require(org: Organisation, actor_id: str, action: Action, record: Record) -> None:
    """Return None when :func:`decide` allows the action; raise otherwise (R3, R5, R26).

    :raises PermissionDeniedError: naming actor, action, record and the reason.
    :raises NotFoundError: when the record's subject is not in ``org``.

    >>> from qingdan_core.organisation import Organisation, Person, Post, Unit
    >>> org = Organisation(units=(Unit("u", "县"),), people=(Person("p", "甲", "u", Post("科员")),))
    >>> require(org, "p", Action.RECEIVE_LETTER, Record.about("letter-3", Subject.person("p")))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.PermissionDeniedError: p may not receive_letter letter-3: only the discipline body (纪检监察) receives accountability letters (R17)
    """
    decision = decide(org, actor_id, action, record)
    if not decision.allowed:
        raise PermissionDeniedError(actor_id, action.value, record.record_id, decision.reason)
