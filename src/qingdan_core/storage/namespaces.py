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

A namespace name is 1 to 12 lowercase ASCII letters and digits, in words
joined by single underscores: room for the 12-digit 统计用区划代码 or a 6-digit
行政区划代码 (``330521``) or a pinyin name (``deqing``), and short enough that
every table and index name stays within the 63 characters PostgreSQL and the
MySQL family allow.

>>> check_namespace("330521")
'330521'
>>> check_namespace("德清县")
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: namespace: '德清县' is not a namespace name: 1 to 12 lowercase ASCII letters and digits, words joined by single underscores (e.g. 330521, deqing, hz_deqing)
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

_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
PREFIX = "qingdan_"
"""The prefix of every table of the default store."""


def is_namespace(name: object) -> TypeGuard[str]:
    """Whether ``name`` is a valid namespace name.

    >>> is_namespace("hz_deqing"), is_namespace("hz__deqing"), is_namespace("public")
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
            f"{name!r} is not a namespace name: 1 to {MAX_NAMESPACE_LENGTH} lowercase ASCII "
            "letters and digits, words joined by single underscores "
            "(e.g. 330521, deqing, hz_deqing)",
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
