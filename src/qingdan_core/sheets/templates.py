"""The spreadsheet templates: each kind's sheets, their Chinese column headers and notes.

A template is a workbook with one sheet per table and a notes sheet
(``说明``) explaining every column and its allowed values. The loaders read
these sheets by header (column order is free); :func:`write_template` writes
an empty one (openpyxl, the ``xlsx`` extra).

>>> [sheet.name for sheet in TEMPLATES[TemplateKind.ROSTER]]
['单位', '人员', '指导组']
>>> TEMPLATES[TemplateKind.TASKS][0].column("牵头领导").required
True
"""

from __future__ import annotations

from pathlib import Path

import attrs

from qingdan_core._labelled import LabelledEnum
from qingdan_core.attention import AttentionLevel
from qingdan_core.errors import ValidationError
from qingdan_core.organisation import Role

__all__ = ["NOTES_SHEET", "TEMPLATES", "Column", "SheetSpec", "TemplateKind", "write_template"]

NOTES_SHEET = "说明"
"""The name of a template's notes sheet (the loaders skip it)."""


class TemplateKind(LabelledEnum):
    """The three spreadsheet templates (R2, R15, R19).

    >>> TemplateKind("roster").label
    '花名册'
    """

    ROSTER = "roster", "花名册"
    TASKS = "tasks", "重点任务"
    LISTS = "lists", "月度任务清单"


@attrs.frozen
class Column:
    """One column of a sheet: its header, whether a row must fill it, and what it holds."""

    header: str
    note: str
    required: bool = False


@attrs.frozen
class SheetSpec:
    """One sheet of a template: its name, what one row is, and its columns."""

    name: str
    note: str
    columns: tuple[Column, ...]

    def column(self, header: str) -> Column:
        """The column headed ``header``.

        :raises ValidationError: naming the sheet's headers when there is none.
        """
        for column in self.columns:
            if column.header == header:
                return column
        raise ValidationError(
            f"{self.name}.{header}", "no such column", allowed=(c.header for c in self.columns)
        )

    @property
    def headers(self) -> tuple[str, ...]:
        """The column headers, in template order."""
        return tuple(c.header for c in self.columns)


def label(member: object) -> str:
    """The Chinese label of an enum member (its value when it has no label).

    >>> label(Role.STAFF)
    '工作人员'
    """
    return str(getattr(member, "label", getattr(member, "value", member)))


ROLE_LABELS = "、".join(label(r) for r in Role)
LEVEL_LABELS = "、".join(label(level) for level in AttentionLevel)
_UNIT_REF = "单位编号或单位名称(须在单位表中或已入库)"
_SEP = "多项以“、”分隔"
_DATE = "日期,如 2025-03-31(Excel 日期单元格亦可)"

TEMPLATES: dict[TemplateKind, tuple[SheetSpec, ...]] = {
    TemplateKind.ROSTER: (
        SheetSpec(
            "单位",
            "每行一个单位(部门);上级单位留空的是全县最上级单位",
            (
                Column("单位编号", "唯一的编号,如 u-hbj;入库后不要改", True),
                Column("单位名称", "单位全称,如 县环保局", True),
                Column("上级单位", f"{_UNIT_REF};留空:最上级", False),
            ),
        ),
        SheetSpec(
            "人员",
            "每行一名干部:所在单位、岗位、角色;督考办的工作人员填角色“督考办”",
            (
                Column("人员编号", "唯一的编号,如 p-0001;入库后不要改", True),
                Column("姓名", "姓名", True),
                Column("所在单位", _UNIT_REF, True),
                Column("岗位", "岗位名称,如 科员、局长", True),
                Column("岗位职责", "分解到岗位的职责(R8、R9),多项以“;”分隔"),
                Column("角色", f"{ROLE_LABELS} 之一或多项,{_SEP};留空:工作人员"),
                Column("分管单位", f"分管领导分管的单位,{_UNIT_REF},{_SEP}"),
                Column("分管人员", f"分管领导分管的人员,人员编号,{_SEP}"),
                Column("人生格言", "座牌上的人生格言(R9),可留空"),
            ),
        ),
        SheetSpec(
            "指导组",
            "督考办的业务指导组(R15):每行一个组",
            (
                Column("指导组编号", "唯一的编号,如 g-1", True),
                Column("指导组名称", "如 项目建设指导组", True),
                Column("组长", "人员编号(须在人员表中或已入库)", True),
                Column("成员单位", f"{_UNIT_REF},{_SEP}"),
            ),
        ),
    ),
    TemplateKind.TASKS: (
        SheetSpec(
            "重点任务",
            "每行一项重点任务(R19),按开始日期所在年份归入当年的责任单位落实清单",
            (
                Column("任务编号", "唯一的编号,如 t-001;入库后不要改", True),
                Column("任务内容", "任务的内容", True),
                Column("牵头领导", "牵头县领导的人员编号(须已入库或在花名册中)", True),
                Column("责任单位", _UNIT_REF, True),
                Column("开始日期", _DATE, True),
                Column("完成时限", f"{_DATE},不早于开始日期", True),
                Column("权重", "大于 0 的数,留空:1"),
                Column(
                    "初始关注等级",
                    f"{LEVEL_LABELS} 之一;留空:{label(AttentionLevel.GENERAL)}。"
                    "只在任务第一次入库时使用,以后由督考办按规则调整(R18)",
                ),
                Column("条款", "任务落实的条款,可留空"),
            ),
        ),
        SheetSpec(
            "月度节点",
            "每行一个任务某月末应达到的进度(序时进度,R19);同一任务的目标进度逐月不降",
            (
                Column("任务编号", "重点任务表中的任务编号", True),
                Column("月份", "YYYY-MM,节点日为该月最后一天(完成时限所在月为完成时限)", True),
                Column(
                    "目标进度",
                    "0–100 的百分数,如 60 或 60%;设成百分比格式的单元格按显示的读"
                    "(显示 60% 即 60%);完成时限所在月须为 100",
                    True,
                ),
            ),
        ),
    ),
    TemplateKind.LISTS: (
        SheetSpec(
            "任务清单",
            "每行一个事项:某人某月任务清单(R2)的一项;同一人同一月的事项组成一份清单",
            (
                Column("人员", "人员编号(须已入库)", True),
                Column("月份", "YYYY-MM", True),
                Column("事项编号", "在这份清单中唯一,如 i-1", True),
                Column("事项内容", "要做的事", True),
                Column("开始日期", f"{_DATE};留空:月初"),
                Column("完成时限", f"{_DATE};留空:月末"),
                Column("权重", "大于 0 的数,留空:1"),
                Column("条款", "事项落实的条款,可留空"),
            ),
        ),
    ),
}
"""Each template's sheets, in the order a workbook holds them."""


def write_template(kind: TemplateKind, path: str | Path) -> Path:
    """Write the empty template of ``kind`` to ``path`` (an ``.xlsx`` file) and return the path.

    Each sheet has its header row (required columns in bold) and the notes
    sheet lists every column with what it holds and its allowed values.

    :raises ValidationError: when ``path`` does not end in ``.xlsx``.

    >>> import tempfile, openpyxl
    >>> target = write_template(TemplateKind.ROSTER, Path(tempfile.mkdtemp()) / "roster.xlsx")
    >>> book = openpyxl.load_workbook(target)
    >>> book.sheetnames, [c.value for c in book["单位"][1]]
    (['单位', '人员', '指导组', '说明'], ['单位编号', '单位名称', '上级单位'])
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError("path", f"{target}: a template is an .xlsx file")
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    for sheet in book.worksheets:
        book.remove(sheet)
    bold = Font(bold=True)
    notes = [("表", "列", "必填", "说明")]
    for spec in TEMPLATES[kind]:
        sheet = book.create_sheet(spec.name)
        sheet.append(list(spec.headers))
        for cell, column in zip(sheet[1], spec.columns, strict=True):
            if column.required:
                cell.font = bold
            sheet.column_dimensions[cell.column_letter].width = max(12, 3 * len(column.header))
        sheet.freeze_panes = "A2"
        notes.append((spec.name, "", "", spec.note))
        notes += [(spec.name, c.header, "是" if c.required else "", c.note) for c in spec.columns]
    sheet = book.create_sheet(NOTES_SHEET)
    for row in notes:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = bold
    for letter, width in zip("ABCD", (10, 14, 6, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target
