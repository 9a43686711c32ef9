"""The one cattrs converter that turns every library value to and from JSON-ready data.

Dates and timezone-aware datetimes travel as ISO 8601 strings, ``Decimal`` as
strings (never floats), enums by value; unknown keys are refused, and types are
never coerced (``"5"`` is not an int, a string is not a list). A payload that
does not describe a value raises :class:`~qingdan_core.errors.ValidationError`
naming every bad field path.

>>> import datetime as dt
>>> from decimal import Decimal
>>> import attrs
>>> @attrs.frozen
... class Due:
...     day: dt.date
...     weight: Decimal
>>> unstructure(Due(dt.date(2026, 11, 30), Decimal("0.25")))
{'day': '2026-11-30', 'weight': '0.25'}
>>> structure({"day": "2026-11-30", "weight": "0.25"}, Due)
Due(day=datetime.date(2026, 11, 30), weight=Decimal('0.25'))
>>> structure([{"day": "2026-02-30", "weight": 0.5}], tuple[Due, ...])
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: 2 problems: [0].day: not a date: '2026-02-30'; [0].weight: expected a decimal string, got float 0.5
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from qingdan_core import limits
from qingdan_core.errors import Problem, ValidationError

__all__ = ["converter", "loads", "structure", "unstructure"]

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""The library's converter. Register hooks for your own types on it if you must."""


def unstructure(value: object) -> Any:
    """JSON-ready data (dicts, lists, strings, ints, bools, None) for ``value``.

    >>> unstructure(Decimal("1.50"))
    '1.50'
    """
    return converter.unstructure(value)


def structure(data: object, cls: type[T]) -> T:
    """The value of type ``cls`` that ``data`` describes.

    Raises :class:`~qingdan_core.errors.ValidationError` naming every bad
    field path. Only a programming error (a type the converter cannot handle)
    escapes as itself.

    >>> structure("2026-11-27", dt.date)
    datetime.date(2026, 11, 27)
    >>> structure("27/11/2026", dt.date)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: not a date: '27/11/2026' (write YYYY-MM-DD)
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        raise ValidationError.from_problems(_problems(exc, "")) from exc


def loads(text: str) -> Any:
    """The JSON-ready data of the JSON document ``text``, refusing what JSON parsers disagree
    on: an object with a repeated key, nesting deeper than :data:`~qingdan_core.limits.JSON_DEPTH`,
    an integer of more digits than Python converts (4,300).

    :raises ValidationError: naming the problem and, for a repeated key, the key.

    >>> loads('{"unit_id": "u-1", "name": "县委办"}')
    {'unit_id': 'u-1', 'name': '县委办'}
    >>> loads('{"unit_id": "u-1", "unit_id": "u-2"}')
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: not valid JSON: the key 'unit_id' repeats in one object
    >>> loads("[" * 100_000 + "]" * 100_000)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: not valid JSON: nested deeper than 64 levels
    """
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except ValidationError:
        raise
    except RecursionError:
        raise _json_error(f"nested deeper than {limits.JSON_DEPTH} levels") from None
    except ValueError as exc:
        raise _json_error(str(exc)) from None
    _check_depth(data)
    return data


def _json_error(reason: str) -> ValidationError:
    return ValidationError("", f"not valid JSON: {reason}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _json_error(f"the key {key!r} repeats in one object")
        found[key] = value
    return found


def _check_depth(data: object) -> None:
    level: list[object] = [data]
    for _depth in range(limits.JSON_DEPTH + 1):
        level = [
            child
            for node in level
            if isinstance(node, dict | list)
            for child in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return
    raise _json_error(f"nested deeper than {limits.JSON_DEPTH} levels")


# --------------------------------------------------------------------------- errors


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Flatten a cattrs error tree into problems with field paths."""
    if isinstance(exc, ValidationError):
        return [attrs.evolve(p, path=_join(path, p.path)) for p in exc.problems]
    if isinstance(exc, ClassValidationError):
        named, unnamed = exc.group_exceptions()
        found = [p for e, note in named for p in _problems(e, _join(path, note.name))]
        return found + [p for e in unnamed for p in _problems(e, path)]
    if isinstance(exc, IterableValidationError):
        indexed, unindexed = exc.group_exceptions()
        found = [p for e, note in indexed for p in _problems(e, f"{path}[{note.index!r}]")]
        return found + [p for e in unindexed for p in _problems(e, path)]
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = tuple(a.name for a in attrs.fields(exc.cl)) if attrs.has(exc.cl) else None
        unknown = ", ".join(sorted(exc.extra_fields))
        return [Problem(path, f"unknown field(s): {unknown}", allowed)]
    if isinstance(exc, KeyError):
        return [Problem(path, "required field is missing")]
    if isinstance(exc, ValueError | TypeError) and not isinstance(
        exc, cattrs.errors.StructureHandlerNotFoundError
    ):
        return [Problem(path, str(exc) or type(exc).__name__)]
    raise exc


def _fail(reason: str) -> ValidationError:
    return ValidationError("", reason)


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


# --------------------------------------------------------------------------- scalars


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _fail(f"expected a string, got {_describe(value)}")
    _refuse(limits.text_problem(value))
    return value


def _structure_int(value: object, _: type) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(f"expected an integer, got {_describe(value)}")
    _refuse(limits.integer_problem(value))
    return value


def _refuse(problem: str | None) -> None:
    if problem is not None:
        raise _fail(problem)


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"expected true or false, got {_describe(value)}")
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif not isinstance(value, str):
        raise _fail(f"expected a decimal string, got {_describe(value)}")
    else:
        _refuse(limits.decimal_text_problem(value))
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise _fail(f"not a decimal number: {value!r}") from None
    _refuse(limits.decimal_problem(number))
    return number


def _structure_date(value: object, _: type) -> dt.date:
    if not isinstance(value, str):
        raise _fail(f"expected an ISO 8601 date string, got {_describe(value)}")
    _refuse(limits.date_text_problem(value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"not a date: {value!r}") from None


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if not isinstance(value, str):
        raise _fail(f"expected an ISO 8601 datetime string, got {_describe(value)}")
    _refuse(limits.datetime_text_problem(value))
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _fail(f"not a datetime: {value!r}") from None
    if instant.utcoffset() is None:
        raise _fail(f"datetime must carry a UTC offset: {value!r}")
    return instant


converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.date, dt.date.isoformat)
converter.register_structure_hook(dt.datetime, _structure_datetime)
converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)


# --------------------------------------------------------------------------- enums


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    allowed = tuple(str(member.value) for member in cls)

    def hook(value: object, _: type) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            raise ValidationError(
                "", f"unknown {cls.__name__} {value!r}", allowed=allowed
            ) from None

    return hook


converter.register_structure_hook_factory(
    lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
)


# --------------------------------------------------------------------------- containers


def _each(items: typing.Iterable[tuple[object, object, Any]]) -> list[Any]:
    """Structure each (key, value, type), collecting every problem under ``[key]``."""
    out: list[Any] = []
    problems: list[Problem] = []
    for key, item, kind in items:
        try:
            out.append(converter.structure(item, kind))
        except Exception as exc:
            problems.extend(_problems(exc, f"[{key!r}]"))
    if problems:
        raise ValidationError.from_problems(problems)
    return out


def _is_collection(t: Any) -> bool:
    return get_origin(t) in (tuple, list, frozenset, set)


def _collection_hook(t: Any) -> Callable[[object, type], object]:
    origin, args = get_origin(t), get_args(t)
    fixed = origin is tuple and not (len(args) == 2 and args[1] is Ellipsis)

    def hook(value: object, _: type) -> object:
        if not isinstance(value, list | tuple):
            raise _fail(f"expected a list, got {_describe(value)}")
        if fixed:
            if len(value) != len(args):
                raise _fail(f"expected a list of {len(args)} items, got {len(value)}")
            return tuple(_each(zip(range(len(args)), value, args, strict=True)))
        return origin(_each((i, item, args[0]) for i, item in enumerate(value)))

    return hook


def _is_mapping(t: Any) -> bool:
    return get_origin(t) in (dict, Mapping, typing.Mapping)


def _mapping_hook(t: Any) -> Callable[[object, type], object]:
    key_type, value_type = get_args(t)

    def hook(value: object, _: type) -> object:
        if not isinstance(value, Mapping):
            raise _fail(f"expected an object, got {_describe(value)}")
        keys = _each((k, k, key_type) for k in value)
        values = _each((k, v, value_type) for k, v in value.items())
        return dict(zip(keys, values, strict=True))

    return hook


converter.register_structure_hook_factory(_is_collection, _collection_hook)
converter.register_structure_hook_factory(_is_mapping, _mapping_hook)


# --------------------------------------------------------------------------- attrs classes


def _attrs_hook(cls: type) -> Callable[[object, type], object]:
    generated: Callable[[Mapping[str, Any], Any], object] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )

    ids = tuple(a.name for a in attrs.fields(cls) if limits.is_id_field(a.name))

    def hook(value: object, _: type) -> object:
        if not isinstance(value, Mapping):
            raise _fail(f"expected an object for {cls.__name__}, got {_describe(value)}")
        made = generated(value, cls)
        problems = [p for name in ids for p in limits.id_problems(getattr(made, name), name)]
        if problems:
            raise ValidationError.from_problems(problems)
        return made

    return hook


converter.register_structure_hook_factory(attrs.has, _attrs_hook)
