"""Reading the cells of one sheet by header, every problem kept with its place.

:class:`SheetReader` checks a sheet's header row against its template and
yields a :class:`Line` per row; a line reads its cells as text, dates,
months, numbers and percentages. A bad cell is not an exception: its problem
(``人员!C14 所在单位: 县环保局 不在单位表中``) joins the shared list and the
cell reads as ``None``, so one pass finds every problem of a file.

>>> from qingdan_core.sheets.templates import TEMPLATES, TemplateKind
>>> from qingdan_core.sheets.workbook import Sheet
>>> spec = TEMPLATES[TemplateKind.TASKS][1]
>>> sheet = Sheet("月度节点", ("任务编号", "月份", "目标进度"), ((2, ("t-1", "2025-13", "60%")),))
>>> problems = []
>>> [(line.text("任务编号"), line.month("月份"), line.share("目标进度")) for line in SheetReader({"月度节点": sheet}, spec, problems)]
[('t-1', None, Decimal('0.6'))]
>>> [str(p) for p in problems]
['月度节点!B2 月份: 2025-13 不是有效的月份(YYYY-MM)']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from qingdan_core.errors import Problem
from qingdan_core.periods import Month
from qingdan_core.sheets.templates import SheetSpec
from qingdan_core.sheets.workbook import Sheet

__all__ = ["Line", "SheetReader", "column_letter"]

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_SEPARATORS = re.compile(r"[、,，;；\n]")
_HUNDRED = Decimal(100)


def column_letter(index: int) -> str:
    """The spreadsheet letter of the column at 0-based ``index``.

    >>> column_letter(0), column_letter(25), column_letter(27)
    ('A', 'Z', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class SheetReader:
    """The rows of one sheet read against its template; header problems go to ``problems``.

    A missing sheet, a missing required column and a column the template does
    not have are problems (the sheet reads as empty when it is missing or
    lacks a required column).
    """

    def __init__(
        self,
        sheets: Mapping[str, Sheet],
        spec: SheetSpec,
        problems: list[Problem],
        *,
        required: bool = True,
    ) -> None:
        self.spec = spec
        self.problems = problems
        sheet = sheets.get(spec.name)
        self._rows: tuple[tuple[int, tuple[object, ...]], ...] = ()
        self._index: dict[str, int] = {}
        if sheet is None:
            if required:
                problems.append(Problem(spec.name, "缺少这张表", allowed=tuple(sheets) or None))
            return
        for i, header in enumerate(sheet.headers):
            place = f"{spec.name}!{column_letter(i)}1"
            if header not in spec.headers:
                problems.append(Problem(place, f"未知的列 {header!r}", allowed=spec.headers))
            elif header in self._index:
                problems.append(Problem(place, f"列 {header} 重复"))
            else:
                self._index[header] = i
        absent = [c.header for c in spec.columns if c.required and c.header not in self._index]
        for header in absent:
            problems.append(Problem(f"{spec.name}!1", f"缺少列 {header}"))
        if not absent:
            self._rows = sheet.rows

    def __iter__(self) -> Iterator[Line]:
        for number, values in self._rows:
            yield Line(self, number, values)


class Line:
    """One row of a sheet: its cells by header, each read once and checked."""

    def __init__(self, reader: SheetReader, number: int, values: tuple[object, ...]) -> None:
        self._reader = reader
        self.number = number
        self._values = values

    def place(self, header: str) -> str:
        """Where the cell of ``header`` is: ``人员!C14 所在单位``."""
        index = self._reader._index.get(header)
        letter = column_letter(index) if index is not None else "?"
        return f"{self._reader.spec.name}!{letter}{self.number} {header}"

    def fail(self, header: str, reason: str, allowed: tuple[str, ...] | None = None) -> None:
        """Record a problem with the cell of ``header``."""
        self._reader.problems.append(Problem(self.place(header), reason, allowed=allowed))

    def fail_row(self, reason: str) -> None:
        """Record a problem with the row as a whole (``人员!14``)."""
        self._reader.problems.append(Problem(f"{self._reader.spec.name}!{self.number}", reason))

    def raw(self, header: str) -> object:
        """The value as read (None for a blank cell or a column the sheet lacks)."""
        index = self._reader._index.get(header)
        if index is None or index >= len(self._values):
            return None
        value = self._values[index]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, header: str) -> str | None:
        """The cell as text (None when blank; a problem when blank and required)."""
        value = self.raw(header)
        if value is None:
            if self._reader.spec.column(header).required:
                self.fail(header, "必填,不能为空")
            return None
        return _shown(value)

    def many(self, header: str) -> tuple[str, ...]:
        """The cell's entries, separated by 、 , ; or line breaks (empty when blank)."""
        text = self.text(header)
        if text is None:
            return ()
        return tuple(part.strip() for part in _SEPARATORS.split(text) if part.strip())

    def date(self, header: str) -> dt.date | None:
        """The cell as a date: an Excel date, or text such as 2025-03-31, 2025/3/31, 2025年3月31日."""
        value = self.raw(header)
        if isinstance(value, dt.datetime):
            if value.time() != dt.time():
                self.fail(header, f"{value} 带有时刻,只填日期")
                return None
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = self.text(header)
        if text is None:
            return None
        found = _DATE.match(text)
        if found is None:
            self.fail(header, f"{text} 不是日期(如 2025-03-31)")
            return None
        try:
            return dt.date(*map(int, found.groups()))
        except ValueError:
            self.fail(header, f"{text} 这一天不存在")
            return None

    def month(self, header: str) -> Month | None:
        """The cell as a month: text YYYY-MM (or 2025年3月), or an Excel date on a month's 1st."""
        value = self.raw(header)
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            value = value.date()
        if type(value) is dt.date and value.day == 1:
            return Month(value.year, value.month)
        text = self.text(header)
        if text is None:
            return None
        found = _MONTH.match(text)
        if found is None or not 1 <= int(found.group(2)) <= 12:
            self.fail(header, f"{text} 不是有效的月份(YYYY-MM)")
            return None
        return Month(int(found.group(1)), int(found.group(2)))

    def decimal(self, header: str) -> Decimal | None:
        """The cell as a decimal number (None when blank)."""
        text = self.text(header)
        if text is None:
            return None
        try:
            number = Decimal(text.rstrip("%").strip())
        except InvalidOperation:
            self.fail(header, f"{text} 不是数")
            return None
        if not number.is_finite():
            self.fail(header, f"{text} 不是数")
            return None
        return number

    def weight(self, header: str = "权重") -> Decimal | None:
        """The cell as an item's weight: a number above 0, 1 when blank (None: a problem)."""
        number = self.decimal(header)
        if number is None:
            return None if self.raw(header) is not None else Decimal(1)
        if number <= 0:
            self.fail(header, f"{_shown(self.raw(header))} 须大于 0")
            return None
        return number

    def share(self, header: str) -> Decimal | None:
        """The cell as a percentage 0–100 (``60`` or ``60%``), returned as a share 0–1."""
        number = self.decimal(header)
        if number is None:
            return None
        if not 0 <= number <= _HUNDRED:
            self.fail(header, f"{_shown(self.raw(header))} 不在 0–100 之间")
            return None
        return number / _HUNDRED
