"""Referential checks on write (issue 14, item 2): a person's unit exists, no unit is its
own ancestor.

:func:`check_references` runs in the writer's unit of work, before the row is
written, for every adapter (the generic repositories call it). ``pending``
holds the values of the same batch (``add_many``), so a unit may name a parent
added in the same batch.

>>> from qingdan_core.storage.memory import MemoryBackend
>>> from qingdan_core.storage.kinds import UNITS
>>> from qingdan_core.organisation import Unit
>>> with MemoryBackend().unit_of_work() as session:
...     check_references(session, UNITS, Unit("u-1", "县委办", parent_id="u-1"))
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: units['u-1'].parent_id: would make 'u-1' its own ancestor (u-1 → u-1)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qingdan_core.errors import NotFoundError, ValidationError
from qingdan_core.organisation import Person, Unit
from qingdan_core.storage.kinds import PEOPLE, UNITS
from qingdan_core.storage.protocol import Kind, Session

__all__ = ["check_references"]


def _unit(session: Session, unit_id: str, pending: Mapping[str, Any]) -> Unit | None:
    found = pending.get(unit_id)
    if isinstance(found, Unit):
        return found
    try:
        decoded: Unit = UNITS.decode(session.get(UNITS, unit_id))
    except NotFoundError:
        return None
    return decoded


def check_references(
    session: Session, kind: Kind[Any], value: object, pending: Mapping[str, Any] | None = None
) -> None:
    """Refuse ``value`` when it names a unit that is not stored, or would make a unit its
    own ancestor.

    :raises ValidationError: naming the kind, the record and the field.
    """
    batch = pending or {}
    if kind is PEOPLE and isinstance(value, Person) and _unit(session, value.unit_id, {}) is None:
        raise ValidationError(
            f"people[{value.person_id!r}].unit_id", f"no unit {value.unit_id!r} is stored"
        )
    if kind is UNITS and isinstance(value, Unit) and value.parent_id is not None:
        chain = [value.unit_id]
        parent: str | None = value.parent_id
        while parent is not None:
            if parent in chain:
                raise ValidationError(
                    f"units[{value.unit_id!r}].parent_id",
                    f"would make {parent!r} its own ancestor ({' → '.join([*chain, parent])})",
                )
            found = _unit(session, parent, batch)
            if found is None:
                raise ValidationError(
                    f"units[{value.unit_id!r}].parent_id", f"no unit {parent!r} is stored"
                )
            chain.append(parent)
            parent = found.parent_id
