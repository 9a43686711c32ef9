"""Calls that are wrong on purpose: bad-input tests pass what a signature forbids."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def ill_typed(function: Callable[..., T]) -> Callable[..., T]:
    """``function`` itself, its parameters hidden from the type checker only.

    The bad-input tests hand the library what its types forbid (a string for a
    date, ``None`` for a calendar) to see the runtime checks name it; mypy still
    checks the function's name and its result.

    >>> ill_typed(int)("7")
    7
    """
    return function
