"""The seeded county generator: valid, consistent and the same for the same seed (R3, R15, R18, R19)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qingdan_core.attention import AttentionLevel
from qingdan_core.codec import structure, unstructure
from qingdan_core.demo.county import County, generate_county
from qingdan_core.ledger import Subject
from qingdan_core.organisation import Role

_SIZES = st.tuples(st.integers(1, 6), st.integers(0, 20), st.integers(1, 12))


@settings(max_examples=25)
@given(st.integers(0, 2**32), _SIZES)
def test_r19_every_key_task_is_led_by_a_leader_in_charge_of_its_unit(
    seed: int, sizes: tuple[int, int, int]
) -> None:
    """R19, R3: each key task's lead leader is a 副县长 in charge of its responsible unit."""
    units, extra, tasks = sizes
    county = generate_county(seed, 2025, units=units, people=3 * units + extra, tasks=tasks)
    org = county.organisation
    assert len(county.tasks) == tasks
    assert len(county.business_units) == units
    assert sum(
        1 for p in org.people if p.unit_id in {u.unit_id for u in county.business_units}
    ) == (3 * units + extra)
    for task in county.tasks:
        assert task.lead_leader_id is not None
        assert task.responsible_unit_id is not None
        assert org.is_in_charge_of(task.lead_leader_id, Subject.unit(task.responsible_unit_id))
        assert task.assigned_on.year == task.due.year == 2025
        targets = [m.target for m in task.milestones]
        assert targets == sorted(targets)
    for unit in county.business_units:
        team = org.leadership_team(unit.unit_id)
        assert sum(1 for p in team if p.has(Role.PRINCIPAL_LEADER)) == 1
        assert any(p.has(Role.IN_CHARGE_LEADER) for p in team)
    assert [s.item_id for s in county.supervision] == [t.item_id for t in county.tasks]


@settings(max_examples=10)
@given(st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_county(seed: int) -> None:
    """No clock, no global state: a seed fixes the county, and it round-trips the codec."""
    first = generate_county(seed, 2025, units=4, people=20, tasks=8)
    assert generate_county(seed, 2025, units=4, people=20, tasks=8) == first
    assert structure(unstructure(first), County) == first


def test_r18_the_default_county_starts_as_a_pyramid() -> None:
    """R18: the generated profiles place fewer tasks at each higher level."""
    county = generate_county(42, 2025)
    counts = [sum(1 for s in county.supervision if s.level is level) for level in AttentionLevel]
    assert counts == sorted(counts, reverse=True)
    assert len(county.business_units) == 20
    assert len(county.tasks) == 80
    assert 190 <= len(county.organisation.people) <= 210
