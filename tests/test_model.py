"""The domain model: organisation (R3, R5, R15), lists and items (R2, R8, R10, R19),
work logs (R10), commitment contracts (R20), desk cards (R9) and the public board (R11).

Every value round-trips through qingdan_core.codec, and malformed input is a
ValidationError naming the field path.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.catalogue import builtin
from qingdan_core.codec import structure, unstructure
from qingdan_core.contracts import (
    Acceptance,
    CommitmentContract,
    ContractCopy,
    CopyHolder,
    accept_item,
    outstanding,
    two_copies,
    unkept,
)
from qingdan_core.deadlines import Milestone
from qingdan_core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from qingdan_core.ledger import Subject
from qingdan_core.lifecycle import Stage
from qingdan_core.lists import (
    Checklist,
    Commitment,
    ItemStatus,
    ListItem,
    ProgressReport,
    add_item,
    commit,
    report_progress,
)
from qingdan_core.organisation import GuidanceGroup, Organisation, Person, Post, Role, Unit
from qingdan_core.periods import Month, Quarter, Week, Year
from qingdan_core.publicity import DeskCard, PublicBoard, PublicRow, desk_card, public_board
from qingdan_core.worklog import LogEntry, WorkLog

# --------------------------------------------------------------------------- strategies

ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)
storable = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
"""Characters every store holds: no lone surrogate, no NUL (qingdan_core.limits)."""
texts = st.text(storable, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
days = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
shares = st.decimals(0, 1, places=2)
subjects = st.builds(Subject.person, ids) | st.builds(Subject.unit, ids)
periods = st.one_of(
    st.builds(Week, st.integers(2020, 2030), st.integers(1, 52)),
    st.builds(Month, st.integers(2020, 2030), st.integers(1, 12)),
    st.builds(Quarter, st.integers(2020, 2030), st.integers(1, 4)),
    st.builds(Year, st.integers(2020, 2030)),
)
instants = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC))


@st.composite
def items(draw: st.DrawFn, item_id: str | None = None) -> ListItem:
    """A valid list item with optional fields, milestones and reports (R8, R10, R19)."""
    start = draw(days)
    due = start + dt.timedelta(days=draw(st.integers(0, 200)))
    span = (due - start).days
    offsets = sorted(draw(st.sets(st.integers(1, max(span, 1)), max_size=3))) if span else []
    targets = sorted(draw(st.lists(shares, min_size=len(offsets), max_size=len(offsets))))
    milestones = tuple(
        Milestone(start + dt.timedelta(days=o), Decimal(1) if o == span else t)
        for o, t in zip(offsets, targets, strict=True)
    )
    report_days = sorted(draw(st.lists(st.integers(0, span + 30), max_size=3)))
    reports = tuple(
        ProgressReport(
            start + dt.timedelta(days=o), draw(shares), draw(st.text(storable, max_size=5))
        )
        for o in report_days
    )
    optional = st.none() | texts
    return ListItem(
        item_id or draw(ids),
        draw(texts),
        start,
        due,
        clause=draw(optional),
        responsible_person_id=draw(st.none() | ids),
        responsible_post=draw(optional),
        lead_leader_id=draw(st.none() | ids),
        responsible_unit_id=draw(st.none() | ids),
        milestones=milestones,
        weight=draw(st.decimals(Decimal("0.01"), 100, places=2)),
        status=draw(st.sampled_from(ItemStatus)),
        reports=reports,
        commitment=draw(st.none() | st.builds(Commitment, days, texts)),
    )


@st.composite
def checklists(draw: st.DrawFn) -> Checklist:
    """A valid list instance of any stage."""
    n = draw(st.integers(0, 3))
    return Checklist(
        draw(ids),
        draw(st.sampled_from(builtin().codes())),
        draw(subjects),
        draw(periods),
        tuple(draw(items(f"i-{k}")) for k in range(n)),
        draw(st.sampled_from(Stage)),
    )


@st.composite
def contracts(draw: st.DrawFn) -> CommitmentContract:
    """A valid commitment contract with some items accepted (R20)."""
    signed = draw(days)
    contract_items = tuple(draw(items(f"c-{k}")) for k in range(draw(st.integers(1, 3))))
    accepted = draw(st.lists(st.sampled_from([i.item_id for i in contract_items]), unique=True))
    checks = tuple(
        Acceptance(item_id, signed + dt.timedelta(days=k), draw(ids), accepted=True)
        for k, item_id in enumerate(accepted)
    )
    return CommitmentContract(
        draw(ids), draw(ids), draw(texts), signed, contract_items, two_copies(signed),
        acceptances=checks,
    )  # fmt: skip


people = st.builds(
    Person,
    ids,
    texts,
    ids,
    st.builds(Post, texts, st.lists(texts, max_size=3).map(tuple)),
    st.sampled_from([r for r in Role if r is not Role.IN_CHARGE_LEADER]).map(lambda r: (r,)),
    motto=st.text(storable, max_size=6),
)
values = st.one_of(
    st.builds(Unit, ids, texts, st.none() | ids),
    people,
    st.builds(GuidanceGroup, ids, texts, ids, st.lists(ids, max_size=3).map(tuple)),
    items(),
    checklists(),
    contracts(),
    st.builds(WorkLog, ids, days, st.lists(st.builds(LogEntry, texts), min_size=1).map(tuple)),
    st.builds(DeskCard, texts, texts, texts, st.lists(texts, max_size=3).map(tuple)),
    st.builds(
        PublicBoard,
        texts,
        texts,
        texts,
        st.lists(
            st.builds(
                PublicRow,
                texts,
                st.none() | texts,
                texts,
                days,
                shares,
                st.sampled_from(ItemStatus),
            ),
            max_size=3,
        ).map(tuple),
    ),
)


@given(values)
def test_every_model_value_round_trips_through_the_codec(value: Any) -> None:
    """unstructure then structure gives back an equal value (codec contract)."""
    assert structure(unstructure(value), type(value)) == value


@given(checklists())
def test_checklist_codec_output_is_json_ready(checklist: Checklist) -> None:
    """The unstructured form holds only JSON types: dates, decimals and enums as strings."""

    def json_ready(data: object) -> bool:
        if isinstance(data, dict):
            return all(isinstance(k, str) and json_ready(v) for k, v in data.items())
        if isinstance(data, list):
            return all(json_ready(v) for v in data)
        return data is None or isinstance(data, str | int | bool)

    assert json_ready(unstructure(checklist))


def _organisation() -> Organisation:
    return Organisation(
        units=(
            Unit("u-county", "某县"),
            Unit("u-tax", "县税务局", parent_id="u-county"),
            Unit("u-tax-1", "征管科", parent_id="u-tax"),
        ),
        people=(
            Person("p-sec", "县委书记", "u-county", Post("书记"), roles=(Role.PRINCIPAL_LEADER,)),
            Person("p-head", "叶局长", "u-tax", Post("局长"), roles=(Role.PRINCIPAL_LEADER,)),
            Person(
                "p-dep", "沈副局长", "u-tax", Post("副局长", ("分管征管",)),
                roles=(Role.IN_CHARGE_LEADER, Role.STAFF), in_charge_of=(Subject.unit("u-tax-1"),),
            ),
            Person("p-7", "金涛", "u-tax-1", Post("征管员", ("办理申报", "催报催缴")), motto="马上办"),
        ),
        guidance_groups=(GuidanceGroup("g-1", "项目建设指导组", "p-head", ("u-tax",)),),
    )  # fmt: skip


# --------------------------------------------------------------------------- malformed input


@pytest.mark.parametrize(
    ("data", "cls", "path"),
    [
        ({"unit_id": "u", "name": "县", "parent_id": 5}, Unit, "parent_id"),
        ({"unit_id": "u", "name": "  "}, Unit, "name"),
        (
            {"person_id": "p", "name": "甲", "unit_id": "u", "post": {"title": "科员"},
             "roles": ["boss"]},
            Person, "roles[0]",
        ),
        (
            {"item_id": "i", "text": "报", "assigned_on": "2026-11-01", "due": "2026-11-31"},
            ListItem, "due",
        ),
        (
            {"item_id": "i", "text": "报", "assigned_on": "2026-11-01", "due": "2026-11-30",
             "reports": [{"day": "2026-11-02", "progress": "1.5"}]},
            ListItem, "reports[0].progress",
        ),
        (
            {"item_id": "i", "text": "报", "assigned_on": "2026-11-01", "due": "2026-11-30",
             "milestones": [{"due": "2026-12-15", "target": "0.5"}]},
            ListItem, "milestones[0].due",
        ),
        (
            {"list_id": "L", "type_code": "task", "owner": {"kind": "team", "id": "x"},
             "period": {"year": 2026, "month": 11}},
            Checklist, "owner.kind",
        ),
        ({"person_id": "p", "day": "2026-11-16", "entries": []}, WorkLog, "entries"),
        ({"person_id": "p", "day": "2026-11-16", "entries": [{"text": "x", "item": "i"}]},
         WorkLog, "entries[0]"),
    ],
)  # fmt: skip
def test_malformed_input_names_the_field_path(data: object, cls: type, path: str) -> None:
    """Bad payloads raise ValidationError whose first problem names the field path."""
    with pytest.raises(ValidationError) as caught:
        structure(data, cls)
    assert caught.value.path == path


# --------------------------------------------------------------------------- organisation


def test_r3_in_charge_covers_sub_units_and_their_people() -> None:
    """R3: a leader in charge of a unit answers for its people; not for the unit above."""
    org = _organisation()
    assert org.is_in_charge_of("p-dep", Subject.person("p-7"))
    assert org.is_in_charge_of("p-dep", Subject.unit("u-tax-1"))
    assert not org.is_in_charge_of("p-dep", Subject.unit("u-tax"))
    assert not org.is_in_charge_of("p-dep", Subject.person("p-dep"))
    assert not org.is_in_charge_of("p-head", Subject.person("p-7"))


def test_r5_principal_for_walks_up_the_tree() -> None:
    """R5: the principal leader signing for a person is the nearest one up the unit tree."""
    org = _organisation()
    principal = org.principal_for(Subject.person("p-7"))
    assert principal is not None
    assert principal.person_id == "p-head"
    head_signer = org.principal_for(Subject.person("p-head"))
    assert head_signer is not None
    assert head_signer.person_id == "p-sec"
    assert org.principal_for(Subject.unit("u-county")) is None


def test_r22_leadership_team_is_the_units_leaders() -> None:
    """R22: the 纪实台帐 is kept per leadership team: a unit's principal and in-charge leaders."""
    org = _organisation()
    assert [p.person_id for p in org.leadership_team("u-tax")] == ["p-head", "p-dep"]
    assert org.leadership_team("u-tax-1") == ()
    with pytest.raises(NotFoundError):
        org.leadership_team("u-x")


def test_r15_organisation_reports_every_inconsistency() -> None:
    """Unknown parents, units, charges and group leaders are all reported with paths (R15)."""
    with pytest.raises(ValidationError) as caught:
        Organisation(
            units=(Unit("a", "县"), Unit("a", "县")),
            people=(
                Person("p", "甲", "zz", Post("科员"), roles=(Role.IN_CHARGE_LEADER,),
                       in_charge_of=(Subject.person("ghost"),)),
            ),
            guidance_groups=(GuidanceGroup("g", "组", "nobody", ("zz",)),),
        )  # fmt: skip
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "units[1]",
        "people[0].unit_id",
        "people[0].in_charge_of[0]",
        "guidance_groups[0].leader_id",
        "guidance_groups[0].unit_ids[0]",
    ]


def test_unit_tree_cycle_is_refused() -> None:
    """A unit cannot be its own ancestor."""
    with pytest.raises(ValidationError, match="cycle"):
        Organisation(units=(Unit("a", "甲", parent_id="b"), Unit("b", "乙", parent_id="a")))


def test_person_roles_are_checked() -> None:
    """No roles, or a role twice, is a ValidationError on roles."""
    for roles in ((), (Role.STAFF, Role.STAFF)):
        with pytest.raises(ValidationError) as caught:
            Person("p", "甲", "u", Post("科员"), roles=roles)
        assert caught.value.path == "roles"


def test_lookups_raise_not_found() -> None:
    """Unknown ids are NotFoundError, never a KeyError."""
    org = _organisation()
    with pytest.raises(NotFoundError):
        org.person("p-x")
    with pytest.raises(NotFoundError):
        org.lineage("u-x")


# --------------------------------------------------------------------------- lists and items


def _item(**changes: Any) -> ListItem:
    base = ListItem("i-1", "完成用地报批", dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    return attrs.evolve(base, **changes)


def test_r19_item_carries_lead_leader_unit_and_milestones() -> None:
    """R19: a key task names its lead leader and responsible unit and monthly milestones."""
    item = _item(
        lead_leader_id="p-vice",
        responsible_unit_id="u-land",
        milestones=(Milestone(dt.date(2026, 11, 15), Decimal("0.4")),),
    )
    assert (item.lead_leader_id, item.responsible_unit_id) == ("p-vice", "u-land")
    assert item.milestones[0].target == Decimal("0.4")


def test_r19_milestone_on_due_date_must_complete_the_task() -> None:
    """A milestone on the due date must have target 1 (the plan ends done)."""
    with pytest.raises(ValidationError) as caught:
        _item(milestones=(Milestone(dt.date(2026, 11, 30), Decimal("0.8")),))
    assert caught.value.path == "milestones[0].target"


def test_r10_reports_in_date_order_and_after_start() -> None:
    """Progress reports are in date order and not before the item started (R10)."""
    with pytest.raises(ValidationError) as caught:
        _item(reports=(ProgressReport(dt.date(2026, 10, 31), Decimal(0)),))
    assert caught.value.path == "reports[0].day"
    with pytest.raises(ValidationError) as caught:
        _item(
            reports=(
                ProgressReport(dt.date(2026, 11, 5), Decimal("0.1")),
                ProgressReport(dt.date(2026, 11, 4), Decimal("0.2")),
            )
        )
    assert caught.value.path == "reports[1].day"


def test_weight_must_be_positive() -> None:
    """A zero weight is refused."""
    with pytest.raises(ValidationError) as caught:
        _item(weight=Decimal(0))
    assert caught.value.path == "weight"


def _list(stage: Stage, *list_items: ListItem) -> Checklist:
    return Checklist("L-1", "weekly", Subject.person("p-7"), Week(2026, 47), list_items, stage)


def test_r7_items_are_added_only_while_drafted() -> None:
    """R7: 建单 — items are drafted only while the list is a draft."""
    drafted = add_item(_list(Stage.DRAFTED), _item())
    assert [i.item_id for i in drafted.items] == ["i-1"]
    with pytest.raises(InvalidTransitionError) as caught:
        add_item(_list(Stage.PUBLISHED), _item())
    assert caught.value.stage == "published"


def test_r10_progress_and_commitment_while_carried_out() -> None:
    """R10: commitment and progress are recorded while published or in progress."""
    running = _list(Stage.IN_PROGRESS, _item())
    running = commit(running, "i-1", Commitment(dt.date(2026, 11, 2), "本月完成"))
    running = report_progress(running, "i-1", ProgressReport(dt.date(2026, 11, 9), Decimal("0.5")))
    item = running.item("i-1")
    assert item.status is ItemStatus.IN_PROGRESS
    assert item.latest_progress == Decimal("0.5")
    assert item.commitment is not None
    done = report_progress(running, "i-1", ProgressReport(dt.date(2026, 11, 20), Decimal(1)))
    assert done.item("i-1").status is ItemStatus.DONE


@pytest.mark.parametrize("stage", [Stage.DRAFTED, Stage.ASSESSED, Stage.SIGNED, Stage.FILED])
def test_r5_no_progress_outside_doing_stages(stage: Stage) -> None:
    """R5, R7: nothing is reported on a draft, nor once assessed or signed."""
    with pytest.raises(InvalidTransitionError) as caught:
        report_progress(
            _list(stage, _item()), "i-1", ProgressReport(dt.date(2026, 11, 9), Decimal("0.5"))
        )
    assert caught.value.stage == stage.value
    assert ("R5" in caught.value.reason) == stage.is_signed


def test_cancelled_item_takes_no_reports() -> None:
    """A cancelled item is closed to reports."""
    with pytest.raises(ValidationError):
        report_progress(
            _list(Stage.IN_PROGRESS, _item(status=ItemStatus.CANCELLED)),
            "i-1",
            ProgressReport(dt.date(2026, 11, 9), Decimal("0.5")),
        )


def test_duplicate_item_ids_are_refused() -> None:
    """Item ids are unique within a list."""
    with pytest.raises(ValidationError) as caught:
        _list(Stage.DRAFTED, _item(), _item())
    assert caught.value.path == "items[1].item_id"


# --------------------------------------------------------------------------- logs and contracts


def test_r10_work_log_links_entries_to_items() -> None:
    """R10: a daily log's entries may point at the list item they advanced."""
    log = WorkLog(
        "p-7", dt.date(2026, 11, 16), (LogEntry("审核申报", list_id="L-1", item_id="i-1"),)
    )
    assert log.record_id == "log:p-7:2026-11-16"
    with pytest.raises(ValidationError):
        LogEntry("审核申报", item_id="i-1")


def _contract() -> CommitmentContract:
    day = dt.date(2026, 11, 3)
    return CommitmentContract(
        "C-1", "u-land", "调度会", day,
        (_item(item_id="c-1", due=dt.date(2026, 11, 10)), _item(item_id="c-2")),
        two_copies(day),
    )  # fmt: skip


def test_r20_contract_needs_two_copies() -> None:
    """R20: 一式两份 — one copy for the unit, one for the office."""
    day = dt.date(2026, 11, 3)
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(_contract(), copies=(ContractCopy(CopyHolder.UNIT, day),) * 2)
    assert caught.value.path == "copies"


def test_r20_office_accepts_item_by_item() -> None:
    """R20: 逐项验收 — a refused check leaves the item outstanding; accepted twice conflicts."""
    contract = _contract()
    refused = accept_item(
        contract, Acceptance("c-1", dt.date(2026, 11, 9), "p-o", accepted=False, note="缺资料")
    )
    assert [i.item_id for i in outstanding(refused)] == ["c-1", "c-2"]
    assert [i.item_id for i in unkept(refused, dt.date(2026, 11, 11))] == ["c-1"]
    accepted = accept_item(refused, Acceptance("c-1", dt.date(2026, 11, 10), "p-o"))
    assert unkept(accepted, dt.date(2026, 11, 11)) == ()
    accepted = accept_item(accepted, Acceptance("c-2", dt.date(2026, 11, 28), "p-o"))
    assert accepted.complete
    with pytest.raises(ConflictError):
        accept_item(accepted, Acceptance("c-2", dt.date(2026, 11, 29), "p-o"))


def test_r20_acceptance_of_unknown_item_is_refused() -> None:
    """An acceptance names an item of the contract."""
    with pytest.raises(ValidationError) as caught:
        accept_item(_contract(), Acceptance("c-9", dt.date(2026, 11, 9), "p-o"))
    assert caught.value.path == "acceptances[0].item_id"


# --------------------------------------------------------------------------- desk card and board


def test_r9_desk_card_from_post_and_duties() -> None:
    """R9: the desk card shows name, unit, post, duties and motto."""
    card = desk_card(_organisation(), "p-7")
    assert card == DeskCard("金涛", "征管科", "征管员", ("办理申报", "催报催缴"), "马上办")
    assert card.render().splitlines() == [
        "金涛 · 征管科 · 征管员",
        "职责:办理申报;催报催缴",
        "格言:马上办",
    ]


def test_r11_public_board_shows_who_did_what_and_nothing_private() -> None:
    """R11: the board shows text, who, due, progress, status; never ids, notes or commitments."""
    item = _item(
        responsible_person_id="p-7",
        clause="第3条",
        commitment=Commitment(dt.date(2026, 11, 16), "私下承诺"),
        reports=(ProgressReport(dt.date(2026, 11, 18), Decimal("0.3"), "内部备注"),),
    )
    board = public_board(
        attrs.evolve(
            _list(Stage.IN_PROGRESS, item, _item(item_id="i-2", responsible_post="征管岗"))
        ),
        _organisation(),
        builtin(),
    )
    assert board.list_name == "一周工作责任清单"
    assert board.period_label == "2026年第47周"
    assert [(r.responsible, r.progress) for r in board.rows] == [
        ("金涛", Decimal("0.3")),
        ("征管岗", 0),
    ]
    shown = str(unstructure(board))
    for secret in ("p-7", "内部备注", "私下承诺", "i-1", "weight"):
        assert secret not in shown
    assert {f.name for f in attrs.fields(PublicRow)} == {
        "text", "clause", "responsible", "due", "progress", "status",
    }  # fmt: skip


def test_r11_unpublished_types_and_drafts_are_not_posted() -> None:
    """R1, R11: only published list types, and only once published, go on the board."""
    with pytest.raises(InvalidTransitionError):
        public_board(_list(Stage.DRAFTED, _item()), _organisation(), builtin())
    task_list = attrs.evolve(_list(Stage.IN_PROGRESS, _item()), type_code="task")
    with pytest.raises(ValidationError) as caught:
        public_board(task_list, _organisation(), builtin())
    assert caught.value.path == "type_code"
