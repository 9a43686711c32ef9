"""The codec: one converter, ISO dates, Decimal strings, enums by value, strict input."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject, SubjectKind

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class Colour(enum.Enum):
    RED = "红"
    BLUE = "蓝"


@attrs.frozen
class Stamp:
    at: dt.datetime
    colour: Colour
    tags: tuple[str, ...] = ()
    weights: dict[str, Decimal] = attrs.field(factory=dict)
    note: str | None = None


text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=64
).filter(str.strip)
"""Text every store holds (no NUL, no lone surrogate; short enough for an id: limits)."""


def _few_places(number: Decimal) -> bool:
    exponent = number.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -80


storable_decimals: st.SearchStrategy[Decimal] = st.decimals(
    min_value=-(10**15) + 1, max_value=10**15 - 1, allow_nan=False, allow_infinity=False
).filter(_few_places)
"""Decimals every store holds: under 10**15 in magnitude, at most 80 places (limits)."""
subjects = st.builds(Subject, st.sampled_from(SubjectKind), text)


@st.composite
def ledger_entries(draw: st.DrawFn) -> LedgerEntry:
    kind = draw(st.sampled_from(EntryKind))
    magnitude = draw(st.decimals(min_value=Decimal("0.01"), max_value=100, places=2))
    points = {
        EntryKind.DEDUCTION: -magnitude,
        EntryKind.BONUS: magnitude,
        EntryKind.OPINION: Decimal(0),
        EntryKind.SHOWCASE: magnitude,
    }[kind]
    return LedgerEntry(
        draw(text), draw(subjects), draw(st.dates()), kind, points, draw(text), "R21", draw(text)
    )


@given(ledger_entries())
def test_r22_ledger_entries_round_trip_through_json(entry: LedgerEntry) -> None:
    data = json.loads(json.dumps(unstructure(entry)))
    assert structure(data, LedgerEntry) == entry
    assert isinstance(data["points"], str)


@given(
    st.datetimes(timezones=st.just(SHANGHAI)),
    st.sampled_from(Colour),
    st.lists(text).map(tuple),
    st.dictionaries(text, storable_decimals),
)
def test_aware_datetimes_enums_and_containers_round_trip(
    at: dt.datetime, colour: Colour, tags: tuple[str, ...], weights: dict[str, Decimal]
) -> None:
    stamp = Stamp(at, colour, tags, weights)
    data = unstructure(stamp)
    assert data["at"] == at.isoformat()
    assert data["colour"] == colour.value
    assert structure(json.loads(json.dumps(data)), Stamp) == stamp


GOOD = {"at": "2026-11-27T09:00:00+08:00", "colour": "红", "tags": ["a"], "weights": {}}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"at": "2026-11-27T09:00"}, "at: datetime must carry a UTC offset: '2026-11-27T09:00'"),
        ({"colour": "绿"}, "colour: unknown Colour '绿' (allowed: 红, 蓝)"),
        ({"tags": "abc"}, "tags: expected a list, got str 'abc'"),
        ({"tags": ["a", 5]}, "tags[1]: expected a string, got int 5"),
        (
            {"weights": {"leader": 0.5}},
            "weights['leader']: expected a decimal string, got float 0.5",
        ),
        (
            {"weights": {"leader": "NaN"}},
            "weights['leader']: not a decimal number: 'NaN' (ASCII digits, no spaces)",
        ),
        ({"extra": 1}, "unknown field(s): extra (allowed: at, colour, tags, weights, note)"),
        ({"note": 3}, "note: expected a string, got int 3"),
    ],
)
def test_bad_fields_are_named_by_path(patch: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        structure({**GOOD, **patch}, Stamp)
    assert str(caught.value) == message


def test_a_missing_field_is_named() -> None:
    with pytest.raises(ValidationError, match=r"^at: required field is missing$"):
        structure({"colour": "红"}, Stamp)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        structure({"at": 1, "colour": "x", "tags": [1, 2]}, Stamp)
    assert [p.path for p in caught.value.problems] == ["at", "colour", "tags[0]", "tags[1]"]


def test_values_validate_on_structure_too() -> None:
    data = unstructure(
        LedgerEntry(
            "L-1",
            Subject.unit("u-1"),
            dt.date(2026, 1, 5),
            EntryKind.BONUS,
            Decimal(1),
            "s",
            "R22",
            "r",
        )
    )
    data["points"] = "-1"
    with pytest.raises(ValidationError, match=r"^points: a bonus must be positive, got -1$"):
        structure(data, LedgerEntry)
    with pytest.raises(ValidationError, match=r"^subject.id: must not be blank$"):
        structure({**data, "points": "1", "subject": {"kind": "unit", "id": " "}}, LedgerEntry)


def test_no_type_coercion() -> None:
    with pytest.raises(ValidationError, match="expected an integer, got str '5'"):
        structure("5", int)
    with pytest.raises(ValidationError, match="expected an integer, got bool True"):
        structure(True, int)
    with pytest.raises(ValidationError, match="expected an object for Subject, got list"):
        structure([], Subject)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def malformed_ledger_payloads(draw: st.DrawFn) -> Any:
    data = unstructure(draw(ledger_entries()))
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(json_values)
    key = draw(st.sampled_from(sorted(data)))
    if choice == 1:
        del data[key]
    elif choice == 2:
        data[key] = draw(json_values)
    else:
        data["subject"] = draw(json_values)
    return data


@given(malformed_ledger_payloads())
def test_malformed_payloads_only_ever_raise_validation_error(payload: Any) -> None:
    with contextlib.suppress(ValidationError):  # anything else fails the test
        structure(payload, LedgerEntry)


def test_fixed_length_tuples_check_length_and_every_position() -> None:
    assert structure([1, "x"], tuple[int, str]) == (1, "x")
    with pytest.raises(ValidationError, match=r"^expected a list of 2 items, got 1$"):
        structure([1], tuple[int, str])
    with pytest.raises(ValidationError) as caught:
        structure(["a", 1], tuple[int, str])
    assert [p.path for p in caught.value.problems] == ["[0]", "[1]"]
