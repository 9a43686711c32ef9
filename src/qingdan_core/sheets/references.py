"""Resolving what a cell refers to — a unit or a person, by id or by name — with a clear problem.

>>> units = Names("单位", {"u-1": "县环保局", "u-2": "县财政局"})
>>> units.find("县环保局"), units.find("u-2"), units.find("县水利局")
(('u-1', None), ('u-2', None), (None, '县水利局 不在单位表中'))
"""

from __future__ import annotations

from collections.abc import Mapping

from qingdan_core.sheets.cells import Line

__all__ = ["Names"]


class Names:
    """The ids and names of one table (units, people): a cell may give either.

    An id is taken first; a name must belong to one record only. ``former``
    names (those stored, when a file renames a record) are tried last, so a
    file that renames a unit may still refer to it by its stored name.
    """

    def __init__(
        self, table: str, names: Mapping[str, str], former: Mapping[str, str] | None = None
    ) -> None:
        self.table = table
        self._ids = dict(names)
        self._by_name: dict[str, list[str]] = {}
        for key, name in names.items():
            self._by_name.setdefault(name, []).append(key)
        self._former: dict[str, list[str]] = {}
        for key, name in (former or {}).items():
            if name not in self._by_name:
                self._former.setdefault(name, []).append(key)

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def find(self, text: str) -> tuple[str | None, str | None]:
        """The id ``text`` refers to and None, or None and the reason it refers to none."""
        if text in self._ids:
            return text, None
        found = self._by_name.get(text) or self._former.get(text, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, f"{text} 同名的有 {len(found)} 个({'、'.join(found)}),请填编号"
        return None, f"{text} 不在{self.table}表中"

    def resolve(self, line: Line, header: str, text: str | None) -> str | None:
        """The id the cell of ``header`` refers to (None, with a problem, when it refers to none)."""
        if text is None:
            return None
        key, reason = self.find(text)
        if reason is not None:
            line.fail(header, reason)
        return key

    def resolve_many(self, line: Line, header: str) -> tuple[str, ...]:
        """The ids the entries of the cell refer to (each unknown one is a problem)."""
        found = (self.resolve(line, header, text) for text in line.many(header))
        return tuple(key for key in found if key is not None)
