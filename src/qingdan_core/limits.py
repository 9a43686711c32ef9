"""What every store can hold: the limits on text, ids, numbers and dates, stated once.

The codec refuses data beyond these limits when it reads (an import file, a
stored payload), and every store refuses a value beyond them before it writes
(:meth:`~qingdan_core.storage.protocol.Kind.row`), so the memory, SQLite,
PostgreSQL and MariaDB adapters accept and refuse exactly the same records.
Each check returns the reason a value is refused, or ``None`` when it is fine.

* **text** (every string): no NUL character (PostgreSQL text cannot hold one),
  no lone surrogate (not encodable in UTF-8), at most :data:`TEXT_LENGTH` characters;
* **ids** (fields named ``id``, ``…_id`` or ``…_ids``): at most :data:`ID_LENGTH`
  characters; a record's key and every queried column at most :data:`COLUMN_LENGTH`
  (what a MariaDB index column holds);
* **decimals** (points, scores, weights, progress): finite, fewer than
  :data:`DECIMAL_INTEGER_DIGITS` digits before the point and at most
  :data:`DECIMAL_PLACES` after it; written as ASCII digits with an optional
  ``-``, a point and an exponent (what ``str(Decimal)`` writes), no padding;
* **integers**: within a signed 64-bit column (:data:`INTEGER_RANGE`);
* **dates** ``YYYY-MM-DD``, **instants** ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]±HH:MM``:
  ASCII digits only, no week dates (``2025-W01-1``) or compact forms (``20250101``);
* **JSON documents**: no object with a repeated key, nested at most
  :data:`JSON_DEPTH` deep.

>>> text_problem("县委办"), text_problem("a\\x00b")
(None, 'contains a NUL character at 1')
>>> decimal_problem(Decimal("1e999999"))
'1E+999999 is out of range: at most 15 digits before the point'
>>> decimal_text_problem("１２")
"not a decimal number: '１２' (ASCII digits, no spaces)"
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from decimal import Decimal

import attrs

from qingdan_core.errors import Problem

__all__ = [
    "COLUMN_LENGTH",
    "DECIMAL_INTEGER_DIGITS",
    "DECIMAL_PLACES",
    "ID_LENGTH",
    "INTEGER_RANGE",
    "JSON_DEPTH",
    "TEXT_LENGTH",
    "date_text_problem",
    "datetime_text_problem",
    "decimal_problem",
    "decimal_text_problem",
    "id_problem",
    "id_problems",
    "integer_problem",
    "is_id_field",
    "text_problem",
    "value_problems",
]

TEXT_LENGTH = 1_000_000
"""The most characters one string may have (an archived document is the longest)."""

ID_LENGTH = 64
"""The most characters an id may have (``unit_id``, ``person_id``, ``list_id`` …)."""

COLUMN_LENGTH = 255
"""The most characters of a record's key or a queried column (an indexed ``VARCHAR(255)``)."""

DECIMAL_INTEGER_DIGITS = 15
"""A decimal has fewer than 10**15 in magnitude: at most 15 digits before the point."""

DECIMAL_PLACES = 80
"""The most digits after the point (the exact arithmetic carries 60 significant digits)."""

INTEGER_RANGE = (-(2**63), 2**63 - 1)
"""The integers a store holds: a signed 64-bit column."""

JSON_DEPTH = 64
"""The deepest nesting of arrays and objects a JSON document may have."""

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{6})?)?)?",
    re.ASCII,
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None.

    >>> text_problem("\\ud800"), text_problem("x" * (TEXT_LENGTH + 1))
    ('contains a lone surrogate U+D800 at 0', '1000001 characters; at most 1000000')
    """
    nul = text.find("\x00")
    if nul >= 0:
        return f"contains a NUL character at {nul}"
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        return f"contains a lone surrogate U+{ord(surrogate.group()):04X} at {surrogate.start()}"
    if len(text) > TEXT_LENGTH:
        return f"{len(text)} characters; at most {TEXT_LENGTH}"
    return None


def is_id_field(name: str) -> bool:
    """Whether a field called ``name`` holds ids (``id``, ``…_id``, ``…_ids``).

    >>> is_id_field("unit_id"), is_id_field("item_ids"), is_id_field("name")
    (True, True, False)
    """
    return name == "id" or name.endswith(("_id", "_ids"))


def id_problem(value: str, limit: int = ID_LENGTH) -> str | None:
    """Why ``value`` cannot be an id (or, with ``limit``, a key or column), or None.

    >>> id_problem("u-1"), id_problem("u" * 65)
    (None, '65 characters; an id has at most 64')
    """
    if len(value) > limit:
        what = "an id" if limit == ID_LENGTH else "a key or queried column"
        return f"{len(value)} characters; {what} has at most {limit}"
    return None


def decimal_problem(value: Decimal) -> str | None:
    """Why the Decimal ``value`` cannot be stored, or None.

    >>> decimal_problem(Decimal("89.995")), decimal_problem(Decimal("1e-81"))
    (None, '1E-81 has 81 places; at most 80')
    """
    if not value.is_finite():
        return f"{value} is not a finite number"
    if value and value.adjusted() >= DECIMAL_INTEGER_DIGITS:
        return f"{value} is out of range: at most {DECIMAL_INTEGER_DIGITS} digits before the point"
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if -exponent > DECIMAL_PLACES:
        return f"{value} has {-exponent} places; at most {DECIMAL_PLACES}"
    return None


def decimal_text_problem(text: str) -> str | None:
    """Why ``text`` is not a decimal number as the codec writes one, or None.

    >>> decimal_text_problem("-0.5"), decimal_text_problem(" 1 ")
    (None, "not a decimal number: ' 1 ' (ASCII digits, no spaces)")
    """
    if len(text) > DECIMAL_INTEGER_DIGITS + DECIMAL_PLACES + 16 or not _DECIMAL.fullmatch(text):
        shown = text if len(text) <= 40 else f"{text[:40]}… ({len(text)} characters)"
        return f"not a decimal number: {shown!r} (ASCII digits, no spaces)"
    return None


def integer_problem(value: int) -> str | None:
    """Why the integer ``value`` cannot be stored, or None.

    >>> integer_problem(2**63)
    'out of range: a stored integer is between -9223372036854775808 and 9223372036854775807'
    """
    low, high = INTEGER_RANGE
    if not low <= value <= high:
        return f"out of range: a stored integer is between {low} and {high}"
    return None


def date_text_problem(text: str) -> str | None:
    """Why ``text`` is not written ``YYYY-MM-DD``, or None (the date itself is checked after).

    >>> date_text_problem("2025-W01-1")
    "not a date: '2025-W01-1' (write YYYY-MM-DD)"
    """
    if not _DATE.fullmatch(text):
        return f"not a date: {text[:40]!r} (write YYYY-MM-DD)"
    return None


def datetime_text_problem(text: str) -> str | None:
    """Why ``text`` is not an ISO 8601 instant ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]``, or None
    (the codec then requires its UTC offset).

    >>> datetime_text_problem("2026-11-01T09:00:00+08:00"), datetime_text_problem("2026-W44-7T09:00")
    (None, "not a datetime: '2026-W44-7T09:00' (write YYYY-MM-DDTHH:MM:SS+HH:MM)")
    """
    if not _DATETIME.fullmatch(text):
        return f"not a datetime: {text[:40]!r} (write YYYY-MM-DDTHH:MM:SS+HH:MM)"
    return None


def id_problems(value: object, name: str) -> list[Problem]:
    """The problems of the id field ``name`` holding ``value`` (an id, a tuple of ids, None).

    >>> [str(p) for p in id_problems(("u-1", "u" * 70), "unit_ids")]
    ['unit_ids[1]: 70 characters; an id has at most 64']
    """
    if isinstance(value, str):
        reason = id_problem(value)
        return [] if reason is None else [Problem(name, reason)]
    if isinstance(value, tuple | list | frozenset):
        return [p for i, item in enumerate(value) for p in id_problems(item, f"{name}[{i}]")]
    return []


def value_problems(value: object) -> list[Problem]:
    """Every field of ``value`` (an attrs value, through its fields, tuples and mappings)
    beyond the limits, each with its field path. What every store checks before it writes.

    >>> @attrs.frozen
    ... class Draft:  # no validators of its own, unlike the library's values
    ...     unit_id: str
    ...     points: Decimal
    >>> [str(p) for p in value_problems(Draft("u" * 65, Decimal("1e999999")))]
    ['unit_id: 65 characters; an id has at most 64', 'points: 1E+999999 is out of range: at most 15 digits before the point']
    """
    problems: list[Problem] = []
    _walk(value, "", "", problems)
    return problems


def _reason(value: object, name: str) -> str | None:
    if isinstance(value, enum.Enum | bool):
        return None
    if isinstance(value, str):
        return text_problem(value) or (id_problem(value) if is_id_field(name) else None)
    if isinstance(value, int):
        return integer_problem(value)
    if isinstance(value, Decimal):
        return decimal_problem(value)
    return None


def _walk(value: object, path: str, name: str, problems: list[Problem]) -> None:
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            inner = f"{path}.{field.name}" if path else field.name
            _walk(getattr(value, field.name), inner, field.name, problems)
    elif isinstance(value, tuple | list | frozenset | set):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", name, problems)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk(key, f"{path}[{key!r}]", "", problems)
            _walk(item, f"{path}[{key!r}]", name, problems)
    else:
        reason = _reason(value, name)
        if reason is not None:
            problems.append(Problem(path, reason))
