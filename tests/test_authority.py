"""Who may do what (R3, R5, R17, R18, R21, R26): the whole role × action matrix.

The organisation below has one person for each role and relation to the
record's owner; each grid lists, row by actor and column by action, which
actions :func:`decide` allows (``Y``) and refuses (``.``).
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.authority import Action, Decision, Record, decide, require
from qingdan_core.catalogue import builtin
from qingdan_core.codec import structure, unstructure
from qingdan_core.contracts import CommitmentContract, two_copies
from qingdan_core.errors import NotFoundError, PermissionDeniedError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.lifecycle import Stage, Transition
from qingdan_core.lists import Checklist, ListItem
from qingdan_core.organisation import Organisation, Person, Post, Role, Unit
from qingdan_core.periods import Month, Year
from qingdan_core.worklog import LogEntry, WorkLog

ORG = Organisation(
    units=(
        Unit("u-county", "某县"),
        Unit("u-office", "县督考办", parent_id="u-county"),
        Unit("u-disc", "县纪委监委", parent_id="u-county"),
        Unit("u-tax", "县税务局", parent_id="u-county"),
        Unit("u-tax-1", "征管科", parent_id="u-tax"),
        Unit("u-land", "县自然资源局", parent_id="u-county"),
    ),
    people=(
        Person("p-sec", "县委书记", "u-county", Post("书记"), roles=(Role.PRINCIPAL_LEADER,)),
        Person("p-vice", "副县长", "u-county", Post("副县长"), roles=(Role.IN_CHARGE_LEADER,),
               in_charge_of=(Subject.unit("u-tax"),)),
        Person("p-head", "局长", "u-tax", Post("局长"), roles=(Role.PRINCIPAL_LEADER,)),
        Person("p-dep", "副局长", "u-tax", Post("副局长"), roles=(Role.IN_CHARGE_LEADER,),
               in_charge_of=(Subject.unit("u-tax-1"),)),
        Person("p-7", "征管员甲", "u-tax-1", Post("征管员")),
        Person("p-8", "征管员乙", "u-tax-1", Post("征管员")),
        Person("p-land", "资源局长", "u-land", Post("局长"), roles=(Role.PRINCIPAL_LEADER,)),
        Person("p-office", "督考员", "u-office", Post("督查员"), roles=(Role.SUPERVISION_OFFICE,)),
        Person("p-disc", "纪检员", "u-disc", Post("监察员"), roles=(Role.DISCIPLINE_BODY,)),
    ),
)  # fmt: skip
ACTORS = [p.person_id for p in ORG.people]
COLUMNS = [
    Action.FILL_IN, Action.PUBLISH, Action.START, Action.ASSESS, Action.SIGN, Action.USE,
    Action.FILE, Action.SCORE, Action.ISSUE_NOTICE, Action.SET_ATTENTION, Action.RECEIVE_LETTER,
]  # fmt: skip

TASK_LIST = Checklist(
    "L-task", "task", Subject.person("p-7"), Month(2026, 11),
    (ListItem("i-1", "征管月报", dt.date(2026, 11, 1), dt.date(2026, 11, 20)),),
    Stage.IN_PROGRESS,
)  # fmt: skip
UNIT_LIST = Checklist("L-unit", "unit_duties", Subject.unit("u-tax"), Year(2026), TASK_LIST.items)
LOG = WorkLog("p-7", dt.date(2026, 11, 16), (LogEntry("审核申报"),))

#                 fill publish start assess sign use file score notice attention letter
GRIDS = {
    "task list of p-7 (R2, R3, R5)": (
        Record.of_list(TASK_LIST, builtin()),
        """
        p-sec     . . . . . . . . . . .
        p-vice    . . . Y . . . . . . .
        p-head    . . . . Y Y Y . . . .
        p-dep     . . . Y . . . . . . .
        p-7       Y Y Y . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    . . . . . . . . . . .
        p-office  . . . . . . . Y Y Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
    "signed task list of p-7 (R5)": (
        Record.of_list(attrs.evolve(TASK_LIST, stage=Stage.SIGNED), builtin()),
        """
        p-sec     . . . . . . . . . . .
        p-vice    . . . . . . . . . . .
        p-head    . . . . . Y Y . . . .
        p-dep     . . . . . . . . . . .
        p-7       . . . . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    . . . . . . . . . . .
        p-office  . . . . . . . Y Y Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
    "unit duties list of u-tax (R8, R26)": (
        Record.of_list(UNIT_LIST, builtin()),
        """
        p-sec     . . . . Y Y Y . . . .
        p-vice    . . . Y . . . . . . .
        p-head    Y Y Y . . . . . . . .
        p-dep     Y Y Y . . . . . . . .
        p-7       . . . . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    . . . . . . . . . . .
        p-office  . . . . . . . Y Y Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
    "work log of p-7 (R10)": (
        Record.of_log(LOG),
        """
        p-sec     . . . . . . . . . . .
        p-vice    . . . Y . . . . . . .
        p-head    . . . . . . . . . . .
        p-dep     . . . Y . . . . . . .
        p-7       Y Y Y . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    . . . . . . . . . . .
        p-office  . . . . . . . Y Y Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
    "commitment contract of u-land (R20)": (
        Record.of_contract(
            CommitmentContract(
                "C-1",
                "u-land",
                "调度会",
                dt.date(2026, 11, 3),
                TASK_LIST.items,
                two_copies(dt.date(2026, 11, 3)),
            ),
            builtin(),
        ),
        """
        p-sec     . . . . Y Y Y . . . .
        p-vice    . . . . . . . . . . .
        p-head    . . . . . . . . . . .
        p-dep     . . . . . . . . . . .
        p-7       . . . . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    Y Y Y . . . . . . . .
        p-office  . . . Y . . . Y Y Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
    "notice to u-land (R16, R18, R21)": (
        Record.about("notice-17", Subject.unit("u-land")),
        """
        p-sec     . . . . . . . . . . .
        p-vice    . . . . . . . . . . .
        p-head    . . . . . . . . . . .
        p-dep     . . . . . . . . . . .
        p-7       . . . . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    . . . . . . . . . . .
        p-office  . . . . . . . Y Y Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
    "notice to the office itself (R26)": (
        Record.about("notice-18", Subject.unit("u-office")),
        """
        p-sec     . . . . . . . . . . .
        p-vice    . . . . . . . . . . .
        p-head    . . . . . . . . . . .
        p-dep     . . . . . . . . . . .
        p-7       . . . . . . . . . . .
        p-8       . . . . . . . . . . .
        p-land    . . . . . . . . . . .
        p-office  . . . . . . . . . Y .
        p-disc    . . . . . . . . . . Y
        """,
    ),
}


def _cells() -> list[tuple[str, str, Action, bool]]:
    cells = []
    for name, (_, grid) in GRIDS.items():
        rows = [line.split() for line in grid.strip().splitlines()]
        assert [row[0] for row in rows] == ACTORS, name
        for actor, *marks in rows:
            assert len(marks) == len(COLUMNS), (name, actor)
            cells += [
                (name, actor, action, mark == "Y")
                for action, mark in zip(COLUMNS, marks, strict=True)
            ]
    return cells


def test_grids_cover_every_role_and_action() -> None:
    """The matrix covers every action and an actor holding every role."""
    assert set(COLUMNS) == set(Action)
    assert {role for person in ORG.people for role in person.roles} == set(Role)


@pytest.mark.parametrize(("record_name", "actor", "action", "allowed"), _cells())
def test_r3_r5_r26_role_action_matrix(
    record_name: str, actor: str, action: Action, allowed: bool
) -> None:
    """R3, R5, R17, R18, R21, R26: each (actor, action, record) is decided as the grid says."""
    record = GRIDS[record_name][0]
    decision = decide(ORG, actor, action, record)
    assert decision.allowed is allowed, decision.reason
    assert re.search(r"R\d+", decision.reason)
    if allowed:
        require(ORG, actor, action, record)
    else:
        with pytest.raises(PermissionDeniedError) as caught:
            require(ORG, actor, action, record)
        denied = caught.value
        assert (denied.actor, denied.action, denied.record, denied.reason) == (
            actor, action.value, record.record_id, decision.reason,
        )  # fmt: skip


roles = st.none() | st.sampled_from(Role)
subjects = st.sampled_from(
    [Subject.person(p.person_id) for p in ORG.people] + [Subject.unit(u.unit_id) for u in ORG.units]
)
records = st.builds(Record, st.just("R-1"), subjects, roles, roles, roles, st.booleans())


def _own(actor: str, subject: Subject) -> bool:
    if subject.kind is SubjectKind.PERSON:
        return subject.id == actor
    return ORG.person(actor).unit_id == subject.id


@given(st.sampled_from(ACTORS), st.sampled_from(Action), records)
def test_r26_nobody_assesses_signs_scores_or_notices_their_own_record(
    actor: str, action: Action, record: Record
) -> None:
    """R26: whatever the record's parties, no one judges their own record or unit."""
    judging = (Action.ASSESS, Action.SIGN, Action.SCORE, Action.ISSUE_NOTICE)
    if action in judging and _own(actor, record.subject):
        assert not decide(ORG, actor, action, record).allowed


@given(st.sampled_from(ACTORS), st.sampled_from(Action), records)
def test_r5_a_signed_record_does_not_change(actor: str, action: Action, record: Record) -> None:
    """R5: once signed, nobody fills in, publishes, starts, assesses or signs it again."""
    changes = (Action.FILL_IN, Action.PUBLISH, Action.START, Action.ASSESS, Action.SIGN)
    if record.signed and action in changes:
        assert not decide(ORG, actor, action, record).allowed


@given(st.sampled_from(ACTORS), st.sampled_from(Action), records)
def test_r17_r18_r21_office_and_discipline_actions_need_their_role(
    actor: str, action: Action, record: Record
) -> None:
    """R17, R18, R21: only the office scores, issues notices, sets attention; only the
    discipline body receives letters; and each may, unless R26 forbids it."""
    person = ORG.person(actor)
    decision = decide(ORG, actor, action, record)
    if action in (Action.SCORE, Action.ISSUE_NOTICE, Action.SET_ATTENTION):
        expected = person.has(Role.SUPERVISION_OFFICE) and not (
            action is not Action.SET_ATTENTION and _own(actor, record.subject)
        )
        assert decision.allowed is expected
    if action is Action.RECEIVE_LETTER:
        assert decision.allowed is person.has(Role.DISCIPLINE_BODY)


@given(st.sampled_from(ACTORS), st.sampled_from(Action), records)
def test_r3_r5_lifecycle_actions_need_the_records_party(
    actor: str, action: Action, record: Record
) -> None:
    """R3, R5: list actions are allowed only to the role the record names for them."""
    party = {
        Action.FILL_IN: record.filled_by, Action.PUBLISH: record.filled_by,
        Action.START: record.filled_by, Action.ASSESS: record.assessed_by,
        Action.SIGN: record.signed_by, Action.USE: record.signed_by, Action.FILE: record.signed_by,
    }  # fmt: skip
    if action in party and decide(ORG, actor, action, record).allowed:
        role = party[action]
        assert role is not None
        person = ORG.person(actor)
        if role is Role.IN_CHARGE_LEADER:
            assert ORG.is_in_charge_of(actor, record.subject)
        elif role is Role.PRINCIPAL_LEADER:
            principal = ORG.principal_for(record.subject)
            assert principal is not None
            assert principal.person_id == actor
        elif role is Role.STAFF:
            assert _own(actor, record.subject)
        else:
            assert person.has(role)


def test_transitions_map_to_actions() -> None:
    """Every lifecycle transition (R7) has the authority action of the same name."""
    assert {Action.for_transition(t).value for t in Transition} == {t.value for t in Transition}


def test_unknown_actor_is_refused_and_unknown_subject_is_not_found() -> None:
    """An actor outside the organisation is refused; a record about nobody is NotFoundError."""
    record = Record.about("n-1", Subject.unit("u-land"))
    assert decide(ORG, "p-ghost", Action.SCORE, record) == Decision(
        False, "'p-ghost' is not a person of the organisation"
    )
    with pytest.raises(NotFoundError):
        decide(ORG, "p-office", Action.SCORE, Record.about("n-2", Subject.unit("u-ghost")))


@given(records)
def test_record_round_trips_through_the_codec(record: Record) -> None:
    """Record values round-trip through qingdan_core.codec."""
    assert structure(unstructure(record), Record) == record
