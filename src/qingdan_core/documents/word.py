"""Notices as Word documents (.docx) the office edits in WPS or Word, after GB/T 9704-2012.

Needs the extra ``docx`` (python-docx): ``pip install 'qingdan-core[docx]'``.
The section is A4 with the margins of the 版心 (37 mm top, 28 mm left, 156 mm ×
225 mm text), 28 characters a line by the runs' character spacing and the
line pitch of :func:`~qingdan_core.documents.layout.fit` (5.2.3, 7.3.5.5), and the
elements in the order and spacing of :mod:`~qingdan_core.documents.layout`:
the red 发文机关标志, the 发文字号 over the red separator line (a paragraph
border), the 2号 title, the 主送机关, the 3号仿宋 body, the 署名 centred over
the 成文日期. The text is the :class:`~qingdan_core.documents.NoticeDocument`'s,
as plain runs, so the office can change any word before printing.

>>> from qingdan_core.documents.notice import NoticeDocument
>>> from qingdan_core.notices import NoticeKind
>>> doc = NoticeDocument(NoticeKind.DEADLINE_SUPERVISION, "R16", "zh", "县督查考核办公室",
...                      "督考〔2026〕2号", "限期督办通知单", "县发改局：", ("正文。",), "2026年3月31日")
>>> data = render_notice_docx(doc)
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Any

from qingdan_core.documents import layout
from qingdan_core.documents.notice import NoticeDocument
from qingdan_core.errors import ValidationError

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

__all__ = ["BODY_FONT", "TITLE_FONT", "render_notice_docx"]

BODY_FONT = "仿宋"
"""The body's 仿宋 (5.2.2), as Windows and WPS name it."""
TITLE_FONT = "方正小标宋简体"
"""The 小标宋 of the 发文机关标志 and the title (7.2.4, 7.3.1); Word substitutes where it is missing."""

_TWIPS_PER_MM = 1440 / 25.4
# What may follow w:spacing in a w:rPr (ECMA-376 CT_RPr): the spacing goes before them.
_AFTER_SPACING = tuple(
    f"w:{tag}"
    for tag in ["w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
                "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish"]
)  # fmt: skip
# What may follow w:pBdr in a w:pPr (ECMA-376 CT_PPrBase): the border goes before them.
_AFTER_BORDERS = tuple(
    f"w:{tag}"
    for tag in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ValidationError(
            "format", "docx needs python-docx: pip install 'qingdan-core[docx]'"
        ) from exc
    return docx


def _font(paragraph: Paragraph, name: str, size_pt: float, *, red: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for run in paragraph.runs:
        run.font.name = name
        run.font.size = Pt(size_pt)
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
        if red:
            run.font.color.rgb = RGBColor.from_string(layout.RED.lstrip("#").upper())


def _spacing(paragraph: Paragraph, pitch_mm: float, before_mm: float = 0.0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Mm

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Mm(pitch_mm)
    fmt.space_before = Mm(before_mm)
    fmt.space_after = Mm(0)


def _red_line_below(paragraph: Paragraph) -> None:
    """The red separator line 4 mm under the 发文字号, as the paragraph's bottom border (7.2.7)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(round(layout.RULE_MM / 25.4 * 72 * 8)))  # eighths of a point
    bottom.set(qn("w:space"), str(round(layout.RULE_GAP_MM / 25.4 * 72)))  # points
    bottom.set(qn("w:color"), layout.RED.lstrip("#").upper())
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDERS)


def _no_grid(section: Any) -> None:
    """No document grid: the 22 × 28 grid (5.2.3) comes from the exact line spacing and
    the runs' character spacing. Word's character grid would put a 3号 character, a
    little wider than 156/28 mm, in two cells in LibreOffice (two pages, 14 a line)."""
    from docx.oxml.ns import qn

    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        for name in ("w:type", "w:charSpace"):
            grid.attrib.pop(qn(name), None)
        grid.set(qn("w:linePitch"), str(round(layout.LINE_MM * _TWIPS_PER_MM)))


def _condensed(paragraph: Paragraph) -> None:
    """Set 3号 characters 156/28 mm apart (rounded down to 1/20 pt) so 28 fill a line (5.2.3)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pitch_pt = layout.CHAR_MM / 25.4 * 72
    twentieths = math.floor((pitch_pt - layout.BODY_PT) * 20)
    for run in paragraph.runs:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(twentieths))
        run._element.get_or_add_rPr().insert_element_before(spacing, *_AFTER_SPACING)


def render_notice_docx(document: NoticeDocument) -> bytes:
    """``document`` as a .docx file (its bytes): one A4 page after GB/T 9704-2012.

    :raises ValidationError: when python-docx is not installed (the extra
        ``docx``), or the notice is too long for one page.
    """
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    fit = document.page_fit()
    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(layout.PAGE_MM[0]), Mm(layout.PAGE_MM[1])
    top, left = layout.TOP_LEFT_MM
    section.top_margin, section.left_margin = Mm(top), Mm(left)
    section.right_margin = Mm(layout.PAGE_MM[0] - left - layout.TEXT_MM[0])
    section.bottom_margin = Mm(layout.PAGE_MM[1] - top - layout.TEXT_MM[1])
    section.header_distance = section.footer_distance = Mm(10)
    _no_grid(section)
    normal = out.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(layout.BODY_PT)
    out.core_properties.title = f"{document.serial} {document.title}"
    out.core_properties.author = document.office

    mark_pt = layout.mark_pt(document.office)
    mark = out.add_paragraph(document.office)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(mark, mark_pt * 1.2 * 25.4 / 72, layout.MARK_OFFSET_MM)
    _font(mark, TITLE_FONT, mark_pt, red=True)

    serial = out.add_paragraph(document.serial)
    serial.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(serial, fit.pitch_mm, 2 * fit.pitch_mm)
    _font(serial, BODY_FONT, layout.BODY_PT)
    _condensed(serial)
    _red_line_below(serial)

    title = out.add_paragraph(document.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(title, fit.title_pitch_mm, 2 * fit.pitch_mm)
    _font(title, TITLE_FONT, layout.TITLE_PT)

    addressee = out.add_paragraph(document.addressee)
    _spacing(addressee, fit.pitch_mm, fit.pitch_mm)
    _font(addressee, BODY_FONT, layout.BODY_PT)
    _condensed(addressee)

    for text in document.paragraphs:
        paragraph = out.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(2 * layout.CHAR_MM)
        _spacing(paragraph, fit.pitch_mm)
        _font(paragraph, BODY_FONT, layout.BODY_PT)
        _condensed(paragraph)

    # 7.3.5.1: the date four characters in from the right, the 署名 centred above it
    date_width = layout.width(document.date)
    office_width = layout.width(document.office)
    signature = out.add_paragraph(document.office)
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.right_indent = Mm(
        max(4 + (date_width - office_width) / 2, 0) * layout.CHAR_MM
    )
    _spacing(signature, fit.pitch_mm, fit.pitch_mm)
    _font(signature, BODY_FONT, layout.BODY_PT)
    _condensed(signature)
    date = out.add_paragraph(document.date)
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.paragraph_format.right_indent = Mm(4 * layout.CHAR_MM)
    _spacing(date, fit.pitch_mm)
    _font(date, BODY_FONT, layout.BODY_PT)
    _condensed(date)

    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
