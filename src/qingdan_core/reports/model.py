"""What a printable report holds: a title, key facts, charts and tables (R11, R15, R19, R22).

A :class:`Report` is plain data — strings and counts — so every renderer
(Markdown, HTML, CSV, JSON) shows the same content and the JSON form
round-trips through the codec. Builders in :mod:`qingdan_core.reports.build`
make reports from the library's values; :mod:`qingdan_core.reports.render`
turns them into text.

>>> table = Table(("单位", "得分"), (("县发改局", "91.50"),))
>>> report = Report(ReportKind.RANKINGS, "排名", "2025年3月", ("R14",), ("20 个单位",), (),
...                 (Section("单位排名", table),))
>>> report.sections[0].table.rows[0][1]
'91.50'
>>> ReportKind.SPECIAL.label
'月末专报'
"""

from __future__ import annotations

import enum

import attrs

from qingdan_core._checks import instance_of, non_blank
from qingdan_core._tuples import non_blank_strings, tuple_of
from qingdan_core.errors import ValidationError

__all__ = ["Chart", "ChartKind", "Report", "ReportKind", "Section", "Series", "Table"]


class ReportKind(enum.Enum):
    """The reports the ``qingdan report`` command prints. Values are the ``--kind`` codes."""

    SPECIAL = "special"
    LISTS = "lists"
    BOARD = "board"
    LEDGER = "ledger"
    RANKINGS = "rankings"

    @property
    def label(self) -> str:
        """The Chinese title of the kind."""
        return _KIND_LABELS[self][0]

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule ids the kind implements.

        >>> ReportKind.LISTS.rules
        ('R19',)
        """
        return _KIND_LABELS[self][1]


_KIND_LABELS = {
    ReportKind.SPECIAL: ("月末专报", ("R15", "R18", "R4")),
    ReportKind.LISTS: ("两个清单", ("R19",)),
    ReportKind.BOARD: ("工作责任清单公示", ("R11",)),
    ReportKind.LEDGER: ("纪实台帐", ("R22", "R21")),
    ReportKind.RANKINGS: ("排名与等次", ("R12", "R14", "R23", "R24", "R25")),
}


class ChartKind(enum.Enum):
    """How a chart is drawn: a pyramid of levels, stacked bars per row, or a histogram."""

    PYRAMID = "pyramid"
    STACKED = "stacked"
    HISTOGRAM = "histogram"


@attrs.frozen
class Series:
    """One series of counts, with its legend name and colour (``#rrggbb``).

    >>> Series("红", "#d9363e", (1, -2))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: values[1]: counts must be whole numbers ≥ 0, got -2
    """

    name: str = attrs.field(validator=non_blank)
    colour: str = attrs.field(validator=non_blank)
    values: tuple[int, ...] = attrs.field(validator=tuple_of(int))

    @values.validator
    def _check_values(self, _attribute: object, values: tuple[int, ...]) -> None:
        for i, value in enumerate(values):
            if isinstance(value, bool) or value < 0:
                raise ValidationError(
                    f"values[{i}]", f"counts must be whole numbers ≥ 0, got {value!r}"
                )


@attrs.frozen
class Chart:
    """A chart: its kind, title, category labels and one or more series of counts.

    Every series has one count per label.

    :raises ValidationError: when a series' length differs from the labels'.

    >>> Chart(ChartKind.HISTOGRAM, "得分分布", ("<60", "60–70"), (Series("人数", "#3b82f6", (1,)),))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: series[0].values: has 1 counts for 2 labels
    """

    kind: ChartKind = attrs.field(validator=instance_of(ChartKind))
    title: str = attrs.field(validator=non_blank)
    labels: tuple[str, ...] = attrs.field(validator=non_blank_strings)
    series: tuple[Series, ...] = attrs.field(validator=tuple_of(Series))
    caption: str = attrs.field(default="", validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        for i, series in enumerate(self.series):
            if len(series.values) != len(self.labels):
                raise ValidationError(
                    f"series[{i}].values",
                    f"has {len(series.values)} counts for {len(self.labels)} labels",
                )

    def totals(self) -> tuple[int, ...]:
        """The sum of the series for each label.

        >>> Chart(ChartKind.STACKED, "t", ("a", "b"),
        ...       (Series("x", "#000000", (1, 2)), Series("y", "#ffffff", (3, 0)))).totals()
        (4, 2)
        """
        return tuple(sum(s.values[i] for s in self.series) for i in range(len(self.labels)))


@attrs.frozen
class Table:
    """A table of text: column headings and rows, each row one cell per column.

    :raises ValidationError: when a row has the wrong number of cells.

    >>> Table(("a", "b"), (("1",),))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: rows[0]: has 1 cells for 2 columns
    """

    columns: tuple[str, ...] = attrs.field(validator=non_blank_strings)
    rows: tuple[tuple[str, ...], ...] = attrs.field(validator=tuple_of(tuple))

    def __attrs_post_init__(self) -> None:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValidationError(
                    f"rows[{i}]", f"has {len(row)} cells for {len(self.columns)} columns"
                )
            for j, cell in enumerate(row):
                if not isinstance(cell, str):
                    raise ValidationError(f"rows[{i}][{j}]", f"expected text, got {cell!r}")


@attrs.frozen
class Section:
    """A headed table, with notes printed under it."""

    heading: str = attrs.field(validator=non_blank)
    table: Table = attrs.field(validator=instance_of(Table))
    notes: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))


@attrs.frozen
class Report:
    """A printable report: kind, title, period, rule ids, key facts, charts and sections.

    ``facts`` are short lines shown at the top ("80 项重点任务 …"); ``notes``
    are warnings every format shows prominently next to them, e.g. that a
    deadline lies on a provisional day (暂按法定节假日推算, issue 13).
    """

    kind: ReportKind = attrs.field(validator=instance_of(ReportKind))
    title: str = attrs.field(validator=non_blank)
    period: str = attrs.field(validator=non_blank)
    rules: tuple[str, ...] = attrs.field(validator=non_blank_strings)
    facts: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    charts: tuple[Chart, ...] = attrs.field(validator=tuple_of(Chart))
    sections: tuple[Section, ...] = attrs.field(validator=tuple_of(Section))
    notes: tuple[str, ...] = attrs.field(default=(), validator=tuple_of(str))
