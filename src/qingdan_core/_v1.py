"""Data written under schema version 1, brought to today's form (a private helper).

Version 1 (qingdan-core up to the first stabilisation) stored seven enums by
their Chinese text and called a list item's id ``task_id``. Version 2 stores
every enum by its English code (its Chinese text is the member's ``label``)
and says ``item_id`` everywhere. :func:`upgrade_data` rewrites JSON-ready data
of a value type from the first form to the second, guided by the type's attrs
fields, so it touches only enum-typed fields and renamed keys. Data already in
today's form comes back unchanged: no version-1 text is a code, and no value
type has a ``task_id`` field, so upgrading twice is upgrading once.

The version-1 texts are written out here, frozen, rather than read from the
labels: a label may be reworded later; what version 1 stored never changes.

>>> from qingdan_core.attention import TaskSupervision
>>> old = {"task_id": "t-1", "level": "重点关注", "on_schedule_streak": 0,
...        "last_reviewed": None, "profile": None, "last_colour": "黄"}
>>> new = upgrade_data(old, TaskSupervision)
>>> new["item_id"], new["level"], new["last_colour"]
('t-1', 'key', 'yellow')
>>> upgrade_data(new, TaskSupervision) == new
True
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, get_args, get_origin

import attrs

from qingdan_core.attention import AttentionLevel
from qingdan_core.colours import Colour
from qingdan_core.notices import NoticeKind, NoticeStatus
from qingdan_core.review import MonthlyListKind, SpecialReport
from qingdan_core.scoring.card import PartKind
from qingdan_core.scoring.grading import Grade

__all__ = ["RENAMED", "V1_TEXT", "upgrade_data"]

V1_TEXT: dict[type[enum.Enum], dict[str, enum.Enum]] = {
    NoticeKind: {
        "蓝色督办清单": NoticeKind.BLUE_LIST,
        "黄色督办清单": NoticeKind.YELLOW_LIST,
        "红色督办清单": NoticeKind.RED_LIST,
        "限期督办通知单": NoticeKind.DEADLINE_SUPERVISION,
        "限期办结通知单": NoticeKind.DEADLINE_COMPLETION,
        "日常督考通知单": NoticeKind.DAILY_SUPERVISION,
        "追责建议函": NoticeKind.ACCOUNTABILITY,
    },
    NoticeStatus: {
        "已下达": NoticeStatus.ISSUED,
        "已反馈": NoticeStatus.ANSWERED,
        "已办结": NoticeStatus.CLOSED,
        "已升级": NoticeStatus.ESCALATED,
    },
    AttentionLevel: {
        "一般关注": AttentionLevel.GENERAL,
        "关注": AttentionLevel.ATTENTION,
        "重点关注": AttentionLevel.KEY,
        "特别关注": AttentionLevel.SPECIAL,
    },
    Colour: {"无": Colour.NONE, "蓝": Colour.BLUE, "黄": Colour.YELLOW, "红": Colour.RED},
    Grade: {
        "好": Grade.GOOD,
        "较好": Grade.FAIRLY_GOOD,
        "一般": Grade.AVERAGE,
        "较差": Grade.POOR,
        "优秀": Grade.EXCELLENT,
        "称职": Grade.COMPETENT,
        "基本称职": Grade.BASICALLY_COMPETENT,
        "不称职": Grade.INCOMPETENT,
    },
    PartKind: {"客观": PartKind.OBJECTIVE, "主观": PartKind.SUBJECTIVE},
    MonthlyListKind: {
        "县领导提示清单": MonthlyListKind.LEADER_REMINDER,
        "责任单位落实清单": MonthlyListKind.UNIT_IMPLEMENTATION,
    },
}
"""Each enum version 1 stored by its Chinese text: that text → the member."""

RENAMED = {"item_id": "task_id"}
"""Field names of today → their version-1 names."""

_COUNTS: dict[tuple[type, str], type[enum.Enum]] = {
    (SpecialReport, "by_level"): AttentionLevel,
    (SpecialReport, "by_colour"): Colour,
}
"""``Count`` lists whose ``name`` (a plain string) held an enum's version-1 text."""


def _code(cls: type[enum.Enum], value: Any) -> Any:
    found = V1_TEXT.get(cls, {}).get(value) if isinstance(value, str) else None
    return value if found is None else found.value


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints.get(f.name, f.type)) for f in attrs.fields(cls))


def upgrade_data(data: Any, cls: Any) -> Any:
    """``data`` describing a ``cls`` as version 1 wrote it, in today's form.

    Walks ``cls``'s attrs fields (through tuples, lists, mappings and optional
    values): an enum field's version-1 text becomes its code, a renamed key
    its new name. Anything it does not recognise is returned as it is, for the
    codec to judge.

    >>> from qingdan_core.scoring.grading import Grade
    >>> upgrade_data(["优秀", "good", "?"], tuple[Grade, ...])
    ['excellent', 'good', '?']
    """
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return _code(cls, data)
    origin, args = get_origin(cls), get_args(cls)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        return data if data is None or len(kinds) != 1 else upgrade_data(data, kinds[0])
    if origin in (tuple, list, frozenset, set) and isinstance(data, list):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return [upgrade_data(d, a) for d, a in zip(data, args, strict=False)] + data[
                len(args) :
            ]
        return [upgrade_data(item, args[0]) for item in data]
    if origin in (dict, Mapping, typing.Mapping) and isinstance(data, Mapping):
        return {key: upgrade_data(value, args[1]) for key, value in data.items()}
    if isinstance(cls, type) and attrs.has(cls) and isinstance(data, Mapping):
        return _upgrade_object(data, cls)
    return data


def _upgrade_object(data: Mapping[str, Any], cls: type) -> dict[str, Any]:
    out = dict(data)
    for name, hint in _fields(cls):
        old = RENAMED.get(name)
        if old is not None and old in out and name not in out:
            out[name] = out.pop(old)
        if name not in out:
            continue
        counted = _COUNTS.get((cls, name))
        if counted is not None and isinstance(out[name], list):
            out[name] = [
                {**c, "name": _code(counted, c.get("name"))} if isinstance(c, Mapping) else c
                for c in out[name]
            ]
        else:
            out[name] = upgrade_data(out[name], hint)
    return out
