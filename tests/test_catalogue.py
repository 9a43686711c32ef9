"""The checklist catalogue (R1–R5, R8, R11, R19, R20): built-in list types and the registry."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.catalogue import Cadence, Catalogue, ListSubject, ListType, builtin
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import NotFoundError, ValidationError
from qingdan_core.organisation import Role

codes = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10)
list_types = st.builds(
    ListType,
    codes,
    st.just("清单"),
    st.just("List"),
    st.sampled_from(ListSubject),
    st.sampled_from(Cadence),
    st.sampled_from(Role),
    st.sampled_from(Role),
    st.sampled_from(Role),
    st.booleans(),
    st.lists(st.sampled_from(["R1", "R8", "R19"]), max_size=2).map(tuple),
)


@pytest.mark.parametrize(
    ("code", "name", "subject", "cadence", "published", "rule"),
    [
        ("power", "权力清单", ListSubject.PERSON, Cadence.YEARLY, True, "R1"),
        ("responsibility", "责任清单", ListSubject.PERSON, Cadence.YEARLY, True, "R1"),
        ("task", "任务清单", ListSubject.PERSON, Cadence.MONTHLY, False, "R2"),
        ("assessment", "考核清单", ListSubject.PERSON, Cadence.MONTHLY, False, "R3"),
        ("supervision", "督办清单", ListSubject.PERSON, Cadence.AD_HOC, False, "R4"),
        ("unit_duties", "单位权责清单", ListSubject.UNIT, Cadence.YEARLY, True, "R8"),
        ("post_duties", "岗位责任清单", ListSubject.PERSON, Cadence.YEARLY, True, "R8"),
        ("problems", "问题责任清单", ListSubject.UNIT, Cadence.AD_HOC, False, "R8"),
        ("party_building", "党建责任清单", ListSubject.UNIT, Cadence.YEARLY, False, "R8"),
        ("clean_governance", "党风廉政建设责任清单", ListSubject.UNIT, Cadence.YEARLY, False, "R8"),
        ("weekly", "一周工作责任清单", ListSubject.PERSON, Cadence.WEEKLY, True, "R11"),
        ("leader_reminder", "县领导提示清单", ListSubject.TASK, Cadence.MONTHLY, False, "R19"),
        ("unit_implementation", "责任单位落实清单", ListSubject.TASK, Cadence.MONTHLY, False, "R19"),
        ("commitment_contract", "即时承诺契约管理责任书", ListSubject.UNIT, Cadence.AD_HOC, False, "R20"),
    ],
)  # fmt: skip
def test_builtin_list_types_follow_the_rules(
    code: str, name: str, subject: ListSubject, cadence: Cadence, published: bool, rule: str
) -> None:
    """R1–R5, R8, R11, R19, R20: each named list exists with its subject, cadence and publicity."""
    list_type = builtin().get(code)
    assert (list_type.name_zh, list_type.subject, list_type.cadence) == (name, subject, cadence)
    assert list_type.published is published
    assert rule in list_type.rules


def test_r3_r5_assessment_list_is_filled_by_in_charge_and_signed_by_principal() -> None:
    """R3: the in-charge leader fills in and assesses; R5: the principal leader signs."""
    assessment = builtin().get("assessment")
    assert assessment.filled_by is Role.IN_CHARGE_LEADER
    assert assessment.assessed_by is Role.IN_CHARGE_LEADER
    assert assessment.signed_by is Role.PRINCIPAL_LEADER


def test_r2_task_list_is_filled_by_the_civil_servant() -> None:
    """R2: each civil servant fills in their own monthly task list."""
    assert builtin().get("task").filled_by is Role.STAFF


def test_r20_contract_is_checked_by_the_office() -> None:
    """R20: the office checks the contract item by item."""
    assert builtin().get("commitment_contract").assessed_by is Role.SUPERVISION_OFFICE


@given(list_types)
def test_register_returns_a_new_catalogue_and_leaves_the_old_one(list_type: ListType) -> None:
    """A county registers its own types without touching the library's catalogue."""
    library = builtin()
    if list_type.code in library:
        with pytest.raises(ValidationError) as caught:
            library.register(list_type)
        assert caught.value.path == "code"
    else:
        county = library.register(list_type)
        assert county.get(list_type.code) == list_type
        assert list_type.code not in library
        assert len(county) == len(library) + 1
        assert county.codes()[:-1] == library.codes()


@given(st.lists(list_types, max_size=5))
def test_catalogue_refuses_duplicate_codes(types: list[ListType]) -> None:
    """Duplicate codes are a ValidationError naming the second occurrence."""
    codes_seen = [t.code for t in types]
    if len(set(codes_seen)) == len(codes_seen):
        assert Catalogue(tuple(types)).codes() == tuple(codes_seen)
    else:
        with pytest.raises(ValidationError) as caught:
            Catalogue(tuple(types))
        first_dup = next(i for i, c in enumerate(codes_seen) if c in codes_seen[:i])
        assert caught.value.path == f"types[{first_dup}].code"


@given(list_types)
def test_list_type_round_trips_through_the_codec(list_type: ListType) -> None:
    """Every list type round-trips through qingdan_core.codec."""
    assert structure(unstructure(list_type), ListType) == list_type


def test_catalogue_round_trips_through_the_codec() -> None:
    """The built-in catalogue round-trips through qingdan_core.codec."""
    assert structure(unstructure(builtin()), Catalogue) == builtin()


def test_malformed_list_type_names_the_field() -> None:
    """An unknown cadence is a ValidationError on that field, listing the allowed values."""
    data = unstructure(builtin().get("task"))
    data["cadence"] = "daily"
    with pytest.raises(ValidationError) as caught:
        structure(data, ListType)
    assert caught.value.path == "cadence"
    assert caught.value.problems[0].allowed == ("yearly", "monthly", "weekly", "ad_hoc")


def test_unknown_code_is_not_found() -> None:
    """Looking up an unknown code raises NotFoundError."""
    with pytest.raises(NotFoundError):
        builtin().get("nope")
