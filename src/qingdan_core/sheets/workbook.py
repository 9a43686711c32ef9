"""Reading spreadsheet files into sheets of rows: ``.xlsx`` (openpyxl) and ``.csv`` (UTF-8 or GB18030).

An ``.xlsx`` file gives each of its sheets (the notes sheet ``说明`` is
skipped); a ``.csv`` file gives one sheet, named by the file's stem
(``人员.csv`` is the sheet ``人员``). Row 1 holds the column headers; wholly
empty rows are skipped. Values are kept as read (text, numbers, dates): the
loaders check them cell by cell. A number in a cell formatted as a percentage
is read as the text the cell shows: Excel stores the 60 % a user typed as 0.6,
and it is read as ``"60%"`` (:func:`shown_percent`).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "单位.csv").write_bytes("单位编号,单位名称\\nu-1,县环保局\\n".encode("gb18030"))
>>> sheet = read_sheets([folder / "单位.csv"])["单位"]
>>> sheet.headers, sheet.rows
(('单位编号', '单位名称'), ((2, ('u-1', '县环保局')),))
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from qingdan_core.errors import Problem, ValidationError
from qingdan_core.sheets.templates import NOTES_SHEET

__all__ = ["ENCODINGS", "Sheet", "is_percent_format", "read_sheets", "shown_percent"]

ENCODINGS = ("utf-8-sig", "gb18030")
"""The encodings a ``.csv`` file may be in, tried in this order."""


@attrs.frozen
class Sheet:
    """One sheet as read: its name, its header row and its non-empty rows (row number, values)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(name: str, lines: Iterable[Sequence[object]]) -> Sheet:
    found = iter(lines)
    header = next(found, ())
    headers = tuple("" if _blank(h) else str(h).strip() for h in header)
    while headers and not headers[-1]:
        headers = headers[:-1]
    rows = tuple(
        (number, tuple(values))
        for number, values in enumerate(found, start=2)
        if not all(_blank(v) for v in values)
    )
    return Sheet(name, headers, rows)


_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_percent_format(number_format: str) -> bool:
    """Whether an Excel number format shows its number as a percentage (times 100, with %).

    A ``%`` in quotes or escaped is only a sign: ``0"%"`` shows 60 as ``60%``.

    >>> is_percent_format("0%"), is_percent_format("0.00%"), is_percent_format('0"%"'), is_percent_format("General")
    (True, True, False, False)
    """
    return "%" in _LITERALS.sub("", number_format)


def shown_percent(number: float) -> str:
    """The text of a percentage-formatted cell holding ``number`` (exact, shortest form).

    >>> shown_percent(0.6), shown_percent(1), shown_percent(0.125)
    ('60%', '100%', '12.5%')
    """
    return f"{(Decimal(repr(number)) * 100).normalize():f}%"


def _values(row: Iterable[Any]) -> tuple[object, ...]:
    """The values of a row of openpyxl cells, percentage-formatted numbers as their text."""
    return tuple(
        shown_percent(cell.value)
        if type(cell.value) in (int, float) and is_percent_format(cell.number_format or "")
        else cell.value
        for cell in row
    )


def _rows(sheet: Any) -> Iterator[tuple[object, ...]]:
    return (_values(row) for row in sheet.iter_rows())


def _csv_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(str(path), "不是 UTF-8 或 GB18030 编码的 CSV 文件")


def _xlsx(path: Path) -> list[Sheet]:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - the extra is installed in development
        raise ValidationError(
            str(path), "reading .xlsx needs openpyxl: pip install 'qingdan-core[xlsx]'"
        ) from exc
    from zipfile import BadZipFile

    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError) as exc:
        raise ValidationError(str(path), f"不是可读的 .xlsx 文件 ({exc})") from exc
    try:
        return [
            _sheet(sheet.title, _rows(sheet))
            for sheet in book.worksheets
            if sheet.title != NOTES_SHEET
        ]
    finally:
        book.close()


def read_sheets(paths: Iterable[str | Path]) -> dict[str, Sheet]:
    """The sheets of the files at ``paths``, by sheet name.

    :raises ValidationError: listing every file that is missing, of another
        type, unreadable, or gives a sheet another file gave already.
    """
    sheets: dict[str, Sheet] = {}
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        suffix = path.suffix.lower()
        try:
            if not path.is_file():
                raise ValidationError(str(path), "文件不存在")
            if suffix == ".xlsx":
                found = _xlsx(path)
            elif suffix == ".csv":
                found = [_sheet(path.stem, csv.reader(io.StringIO(_csv_text(path), newline="")))]
            else:
                raise ValidationError(str(path), "只读取 .xlsx 或 .csv 文件")
        except ValidationError as exc:
            problems += exc.problems
            continue
        for sheet in found:
            if sheet.name in sheets:
                problems.append(Problem(str(path), f"表 {sheet.name} 在另一个文件中已经有了"))
            sheets[sheet.name] = sheet
    if problems:
        raise ValidationError.from_problems(problems)
    return sheets
