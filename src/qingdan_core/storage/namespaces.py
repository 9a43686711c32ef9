"""Namespaces: many counties in one database, each seeing only its own records.

A city or province platform keeps every county's store in one database and
opens each through its namespace, ``open_store(url, namespace="330521")``.
On PostgreSQL a namespace is a schema of that name (created with the store's
tables by ``create_schema()``); on SQLite and the MySQL family, where a
database has no schemas to spare, it is a table prefix, ``qingdan_330521__``.
Either way the store's tables, keys, versions, schema version and archive are
the namespace's own: a key may exist in two namespaces, and nothing read or
written through one reaches another. A store opened without a namespace is
the database's default store (tables ``qingdan_…`` where the connection puts
them).

A namespace name is the county's name or code: 1 to 12 characters, each a
Chinese character (CJK unified ideographs, with extension A), a lowercase
ASCII letter or a digit, in words joined by single underscores. That takes
``德清县``, the 6-digit 行政区划代码 ``330521``, the 12-digit 统计用区划代码,
or a pinyin name ``deqing``, and keeps every table and index name within the
63 characters that PostgreSQL and the MySQL family allow (on PostgreSQL the
name is a schema's, at most 36 bytes).

>>> check_namespace("德清县"), check_namespace("330521")
('德清县', '330521')
>>> check_namespace("Deqing County")
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: namespace: 'Deqing County' is not a namespace name: 1 to 12 Chinese characters, lowercase ASCII letters and digits, words joined by single underscores (e.g. 德清县, 330521, hz_deqing)
"""

from __future__ import annotations

import re
from typing import TypeGuard

from qingdan_core.errors import ValidationError

__all__ = [
    "MAX_NAMESPACE_LENGTH",
    "PREFIX",
    "check_namespace",
    "is_namespace",
    "namespace_of_table",
    "table_prefix",
]

MAX_NAMESPACE_LENGTH = 12
"""The longest namespace name, in characters."""

_WORD = "[a-z0-9\u3400-\u4dbf\u4e00-\u9fff]+"
_NAME = re.compile(f"{_WORD}(?:_{_WORD})*")
PREFIX = "qingdan_"
"""The prefix of every table of the default store."""


def is_namespace(name: object) -> TypeGuard[str]:
    """Whether ``name`` is a valid namespace name.

    >>> is_namespace("hz_deqing"), is_namespace("hz__deqing"), is_namespace("德清县")
    (True, False, True)
    """
    return (
        isinstance(name, str)
        and len(name) <= MAX_NAMESPACE_LENGTH
        and _NAME.fullmatch(name) is not None
    )


def check_namespace(name: object) -> str:
    """``name`` if it is a valid namespace name.

    :raises ValidationError: naming the rule, for anything else.
    """
    if not is_namespace(name):
        raise ValidationError(
            "namespace",
            f"{name!r} is not a namespace name: 1 to {MAX_NAMESPACE_LENGTH} Chinese "
            "characters, lowercase ASCII letters and digits, words joined by single "
            "underscores (e.g. 德清县, 330521, hz_deqing)",
        )
    return name


def table_prefix(namespace: str | None) -> str:
    """The table prefix of a namespace kept by prefix (SQLite, the MySQL family).

    >>> table_prefix(None), table_prefix("deqing")
    ('qingdan_', 'qingdan_deqing__')
    """
    return PREFIX if namespace is None else f"{PREFIX}{check_namespace(namespace)}__"


def namespace_of_table(name: str) -> str | None:
    """The namespace whose schema-version table is called ``name``, if it is one.

    >>> namespace_of_table("qingdan_deqing__schema"), namespace_of_table("qingdan_schema")
    ('deqing', None)
    """
    if not (name.startswith(PREFIX) and name.endswith("__schema")):
        return None
    candidate = name[len(PREFIX) : -len("__schema")]
    return candidate if is_namespace(candidate) else None
