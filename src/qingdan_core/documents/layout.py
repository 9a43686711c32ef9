"""The page of an official document after GB/T 9704-2012 《党政机关公文格式》, and how a notice fits it.

The sizes, with the clause of the standard they come from (see the how-to
*Print and send notices* for where the figures were read):

* A4 paper, 210 mm × 297 mm (5.1); 天头 (top margin) 37 mm, 订口 (left
  margin) 28 mm, 版心 (text block) 156 mm × 225 mm (5.2.1) — so the right
  margin is 26 mm and the bottom 35 mm;
* 3号仿宋 for every element unless said otherwise (5.2.2), 22 lines of 28
  characters filling the text block (5.2.3): a character pitch of 156/28 mm
  and a line pitch of 225/22 mm;
* the 发文机关标志 in red 小标宋, its top 35 mm below the top of the text
  block (7.2.4); the 发文字号 two lines below it, centred (7.2.5); a red
  separator line as wide as the text block 4 mm below the 发文字号 (7.2.7);
* the 标题 in 2号小标宋 two lines below the red line (7.3.1); the 主送机关
  one line below the title, flush left, ending in a full-width colon (7.3.2);
  the 正文 on the next line, each paragraph indented two characters (7.3.3);
* a stamped document: the 成文日期 four characters in from the right, the
  发文机关署名 centred above it (7.3.5.1), the date in Arabic numerals with
  年月日 (7.3.5.4); where the seal and date would not fit, the line spacing
  may be adjusted (7.3.5.5) — :func:`fit` does that when a notice would
  not fit one page on the 22-line grid;
* red ink Y80 % M80 % (6.2), shown on screen as ``#ff3333`` (C0 M80 Y80 K0).

The point sizes of the Chinese 号 are 2号 = 22 pt and 3号 = 16 pt. The size
of the 发文机关标志 is left to the office by the standard ("醒目、美观、庄重");
here it is 小初 (36 pt), smaller for a long name so that it fits one line.

>>> round(LINE_MM, 3), round(CHAR_MM, 3)
(10.227, 5.571)
>>> fit(lines_in_body=3).pitch_mm == LINE_MM
True
>>> round(fit(lines_in_body=9).pitch_mm, 2)
8.49
"""

from __future__ import annotations

import math
import unicodedata

import attrs

from qingdan_core.errors import ValidationError

__all__ = [
    "BODY_PT",
    "CHARS",
    "CHAR_MM",
    "LINES",
    "LINE_MM",
    "MARK_OFFSET_MM",
    "MARK_PT",
    "PAGE_MM",
    "RED",
    "RULE_GAP_MM",
    "RULE_MM",
    "TEXT_MM",
    "TITLE_PT",
    "TOP_LEFT_MM",
    "Fit",
    "fit",
    "lines",
    "mark_pt",
    "title_lines",
    "width",
]

PAGE_MM = (210.0, 297.0)
"""A4 paper, width × height (5.1)."""
TOP_LEFT_MM = (37.0, 28.0)
"""天头 and 订口: the top and left margins (5.2.1)."""
TEXT_MM = (156.0, 225.0)
"""The 版心 (text block), width × height (5.2.1)."""
LINES = 22
"""Lines on a page (5.2.3)."""
CHARS = 28
"""Characters on a line (5.2.3)."""
LINE_MM = TEXT_MM[1] / LINES
"""The line pitch that fills the text block with 22 lines."""
CHAR_MM = TEXT_MM[0] / CHARS
"""The character pitch that fills a line with 28 characters."""
BODY_PT = 16.0
"""3号: the body and most elements (5.2.2)."""
TITLE_PT = 22.0
"""2号: the title (7.3.1)."""
MARK_PT = 36.0
"""小初: the 发文机关标志 (the size is the office's choice, 7.2.4)."""
MARK_OFFSET_MM = 35.0
"""From the top of the text block to the top of the 发文机关标志 (7.2.4)."""
RULE_GAP_MM = 4.0
"""From the 发文字号 down to the red separator line (7.2.7)."""
RULE_MM = 0.5
"""The red line's thickness: the standard gives none; 0.5 mm is this library's choice."""
RED = "#ff3333"
"""The red of the 版头 (6.2: Y80 % M80 %)."""

_PT_MM = 25.4 / 72
_MIN_PITCH_MM = BODY_PT * 1.2 * _PT_MM  # below this, 3号 lines would touch


def width(text: str) -> float:
    """``text``'s width in characters: a Chinese or full-width character is 1, others 0.6.

    Half-width digits and letters take about half a character in 仿宋; 0.6
    errs on the long side, so a line count from it is never too low.

    >>> round(width("督考〔2026〕17号"), 1)
    8.6
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in text)


def lines(text: str, *, indent: int = 0, per_line: float = CHARS) -> int:
    """The lines ``text`` takes with ``indent`` characters before its first line.

    One character of each line is kept in reserve, since a line may not begin
    with closing punctuation and breaks one character early.

    >>> lines("字" * 25, indent=2), lines("字" * 26, indent=2)
    (1, 2)
    """
    return max(1, math.ceil((indent + width(text)) / (per_line - 1)))


def mark_pt(office: str) -> float:
    """The size of the 发文机关标志 ``office``: 36 pt, or less so that it fits one line.

    >>> mark_pt("县督查考核办公室"), round(mark_pt("某某省某某市某某县人民政府督查考核办公室"), 1)
    (36.0, 22.1)
    """
    return min(MARK_PT, TEXT_MM[0] / max(width(office), 1) / _PT_MM)


def title_lines(title: str) -> int:
    """The lines the 2号 title ``title`` takes on the 156 mm line.

    >>> title_lines("限期督办通知单"), title_lines("关于" + "字" * 30 + "的通知")
    (1, 2)
    """
    return lines(title, per_line=TEXT_MM[0] / (TITLE_PT * _PT_MM))


@attrs.frozen
class Fit:
    """How a notice sits on its page: the line pitch and the title's line pitch, in mm.

    ``pitch_mm`` is :data:`LINE_MM` when the notice fits the standard grid,
    less when the line spacing was tightened to keep it on one page (7.3.5.5);
    ``title_pitch_mm`` never goes below 1.15 × the 2号 size.
    """

    pitch_mm: float
    title_pitch_mm: float


def fit(lines_in_body: int, *, title_lines: int = 1, addressee_lines: int = 1) -> Fit:
    """The line pitch that keeps a notice of ``lines_in_body`` body lines on one page.

    From the top of the text block: 35 mm, the mark (1.2 × its size), two
    lines, the 发文字号, 4 mm and the red line, two lines, the title, one
    line, the 主送机关, the body, one line (room for the seal), the 署名 and the
    date. The fixed millimetres stay; the lines take the standard pitch if
    they fit, else all the same closer pitch (7.3.5.5).

    :raises ValidationError: when even lines at 1.2 × the 3号 size would not fit.

    >>> fit(lines_in_body=30)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: lines_in_body: 30 body lines do not fit one A4 page (at most 13)
    """
    fixed = MARK_OFFSET_MM + MARK_PT * 1.2 * _PT_MM + RULE_GAP_MM + RULE_MM
    room = TEXT_MM[1] - fixed
    title_floor = TITLE_PT * 1.15 * _PT_MM
    others = 2 + 1 + 2 + 1 + addressee_lines + lines_in_body + 3

    def title_pitch(pitch: float) -> float:
        return max(pitch, title_floor)

    pitch = min(LINE_MM, room / (others + title_lines))
    if pitch < title_floor:  # the title keeps its floor; the other lines share what is left
        pitch = (room - title_lines * title_floor) / others
    if pitch < _MIN_PITCH_MM:
        most = math.floor((room - title_lines * title_floor) / _MIN_PITCH_MM) - (
            others - lines_in_body
        )
        raise ValidationError(
            "lines_in_body",
            f"{lines_in_body} body lines do not fit one A4 page (at most {most})",
        )
    return Fit(pitch, title_pitch(pitch))
