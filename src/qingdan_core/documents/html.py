"""Notices as print-ready HTML: one A4 page per notice, laid out after GB/T 9704-2012.

The page is set by CSS ``@page`` (A4, the 版心 156 mm × 225 mm at 37 mm from
the top and 28 mm from the left) and every notice is one ``<section>`` exactly
the size of the text block (the 35 mm above the 发文机关标志 is its padding: a
margin at the top of a printed page would be dropped), so printing (a browser's *Print*, or headless
Chromium's ``--print-to-pdf``) gives one page per notice. The file is
self-contained: no script, no external font or style sheet; the fonts are
the office's own 仿宋 and 小标宋, with Noto Serif CJK (Debian
``fonts-noto-cjk``) or any serif as the fallback.

>>> from qingdan_core.documents.notice import NoticeDocument
>>> from qingdan_core.notices import NoticeKind
>>> doc = NoticeDocument(NoticeKind.DEADLINE_SUPERVISION, "R16", "zh", "县督查考核办公室",
...                      "督考〔2026〕2号", "限期督办通知单", "县发改局：", ("正文。",), "2026年3月31日")
>>> page = render_notice_html([doc])
>>> page.startswith("<!DOCTYPE html>"), page.count('<section class="notice"'), "<script" in page
(True, 1, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qingdan_core.documents import layout
from qingdan_core.documents.notice import NoticeDocument
from qingdan_core.errors import ValidationError

__all__ = ["BODY_FONTS", "TITLE_FONTS", "render_notice_html"]

BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "serif")
"""The 仿宋 of the body, most wanted first (5.2.2), then fallbacks."""
TITLE_FONTS = (
    "方正小标宋简体",
    "FZXiaoBiaoSong-B05S",
    "华文中宋",
    "STZhongsong",
    "Noto Serif CJK SC",
    "serif",
)
"""The 小标宋 of the 发文机关标志 and the title (7.2.4, 7.3.1), then fallbacks."""


def _family(names: Sequence[str]) -> str:
    return ", ".join(n if n == "serif" else f'"{n}"' for n in names)


def _mm(value: float) -> str:
    return f"{value:.3f}mm"


_STYLE = f"""
@page {{ size: A4; margin: {_mm(layout.TOP_LEFT_MM[0])} \
{_mm(layout.PAGE_MM[0] - layout.TOP_LEFT_MM[1] - layout.TEXT_MM[0])} \
{_mm(layout.PAGE_MM[1] - layout.TOP_LEFT_MM[0] - layout.TEXT_MM[1])} {_mm(layout.TOP_LEFT_MM[1])}; }}
html, body {{ margin: 0; padding: 0; background: #fff; color: #000; }}
.notice {{
  width: {_mm(layout.TEXT_MM[0])}; height: {_mm(layout.TEXT_MM[1] - layout.MARK_OFFSET_MM - 0.5)};
  padding-top: {_mm(layout.MARK_OFFSET_MM)};
  break-after: page; break-inside: avoid;
  font-family: {_family(BODY_FONTS)}; font-size: {layout.BODY_PT}pt;
  letter-spacing: calc(({_mm(layout.TEXT_MM[0])} - 0.3mm) / {layout.CHARS} - {layout.BODY_PT}pt);
  font-kerning: none; line-break: strict;
}}
@media screen {{
  body {{ background: #e5e5e5; }}
  .notice {{ margin: 12mm auto; background: #fff; box-shadow: 0 0 3mm #999;
    border: solid #fff; border-width: {_mm(layout.TOP_LEFT_MM[0])} \
{_mm(layout.PAGE_MM[0] - layout.TOP_LEFT_MM[1] - layout.TEXT_MM[0])} \
{_mm(layout.PAGE_MM[1] - layout.TOP_LEFT_MM[0] - layout.TEXT_MM[1])} {_mm(layout.TOP_LEFT_MM[1])}; }}
}}
.notice:last-child {{ break-after: auto; }}
.notice p {{ margin: 0; }}
.mark {{ margin-top: 0; text-align: center; color: {layout.RED};
  font-family: {_family(TITLE_FONTS)}; font-weight: bold; letter-spacing: 0.1em;
  white-space: nowrap; }}
.serial {{ text-align: center; }}
.rule {{ margin-top: {_mm(layout.RULE_GAP_MM)}; border-top: {_mm(layout.RULE_MM)} solid {layout.RED}; }}
.title {{ text-align: center; font-family: {_family(TITLE_FONTS)}; font-size: {layout.TITLE_PT}pt;
  letter-spacing: 0; margin-bottom: 0; font-weight: normal; }}
.body {{ text-indent: {_mm(2 * layout.CHAR_MM)}; text-align: justify; }}
.sign {{ display: flex; justify-content: flex-end; padding-right: {_mm(4 * layout.CHAR_MM)}; }}
.sign > div {{ display: flex; flex-direction: column; align-items: center; white-space: nowrap; }}
""".strip()


def _page(document: NoticeDocument) -> str:
    fit = document.page_fit()
    line = fit.pitch_mm
    pitch = f"line-height: {_mm(line)}"
    mark = layout.mark_pt(document.office)
    paragraphs = "\n".join(
        f'<p class="body" style="{pitch}">{escape(p)}</p>' for p in document.paragraphs
    )
    return f"""<section class="notice" lang="{"zh-CN" if document.lang == "zh" else "en"}" \
data-serial="{escape(document.serial)}" data-kind="{document.kind.value}">
<p class="mark" style="font-size: {mark:.1f}pt; line-height: {_mm(mark * 1.2 * 25.4 / 72)}">\
{escape(document.office)}</p>
<p class="serial" style="{pitch}; margin-top: {_mm(2 * line)}">{escape(document.serial)}</p>
<div class="rule"></div>
<h1 class="title" style="line-height: {_mm(fit.title_pitch_mm)}; margin-top: \
{_mm(2 * line - layout.RULE_MM)}">{escape(document.title)}</h1>
<p class="addressee" style="{pitch}; margin-top: {_mm(line)}">{escape(document.addressee)}</p>
{paragraphs}
<div class="sign" style="{pitch}; margin-top: {_mm(line)}"><div>
<span>{escape(document.office)}</span><span>{escape(document.date)}</span>
</div></div>
</section>"""


def render_notice_html(documents: Sequence[NoticeDocument], *, title: str | None = None) -> str:
    """One HTML file with ``documents``, one A4 page each, in order.

    ``title`` is the file's ``<title>`` (default: the first serial, and how
    many follow).

    :raises ValidationError: when there is no document, or one is too long for one page.
    """
    if not documents:
        raise ValidationError("documents", "no notice to render")
    heading = title or (
        documents[0].serial + (f" 等 {len(documents)} 份" if len(documents) > 1 else "")
    )
    pages = "\n".join(_page(d) for d in documents)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{escape(heading)}</title>
<style>
{_STYLE}
</style>
</head>
<body>
{pages}
</body>
</html>
"""
