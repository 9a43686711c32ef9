"""Charts as inline SVG: the attention pyramid, stacked bars per unit, a histogram.

Plain SVG 1.1 text with no scripts, fonts or links to fetch, so an HTML report
embeds it and prints offline. Sizes are in CSS pixels; the ``viewBox`` lets
the chart scale to the printed column.

>>> from qingdan_core.reports.model import Chart, ChartKind, Series
>>> svg = chart_svg(Chart(ChartKind.HISTOGRAM, "得分分布", ("<60", "≥90"),
...                       (Series("人数", "#3b6fb6", (2, 5)),)))
>>> svg.startswith("<svg") and "得分分布" in svg and "http" not in svg.replace(_NS, "")
True
"""

from __future__ import annotations

from html import escape

from qingdan_core.reports.model import Chart, ChartKind

__all__ = ["chart_svg"]

_NS = "http://www.w3.org/2000/svg"
_FONT = 'font-size="12" fill="#222"'


def _clean(text: str) -> str:
    """``text`` escaped for XML, control characters (not allowed in XML 1.0) as spaces."""
    return escape("".join(c if c >= " " else " " for c in text))


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {_FONT} {extra}>'
        f"{_clean(text)}</text>"
    )


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="{_NS}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_clean(title)}">',
        f"<title>{_clean(title)}</title>",
        _text(0, 14, title, extra='font-weight="bold"'),
    ]


def _pyramid(chart: Chart) -> str:
    """Levels from the bottom (the first label) to the top, centred, width by count."""
    width, row = 420, 30
    totals = chart.totals()
    height = 30 + row * len(chart.labels) + 24
    most = max(totals, default=0) or 1
    out = _open(width, height, chart.title)
    for i, (label, count) in enumerate(zip(chart.labels, totals, strict=True)):
        y = 26 + row * (len(chart.labels) - 1 - i)
        bar = 96 + (width - 260) * count / most  # wide enough for "重点关注 12" at 0
        x = (width - bar) / 2
        colour = chart.series[i].colour if i < len(chart.series) else "#888888"
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{bar:.1f}" height="{row - 4}" '
            f'fill="{colour}" rx="3"/>'
        )
        out.append(
            _text(width / 2, y + row / 2 + 2, f"{label} {count}", "middle", 'font-weight="bold"')
        )
    if chart.caption:
        out.append(_text(width / 2, height - 6, chart.caption, "middle", 'fill-opacity="0.7"'))
    out.append("</svg>")
    return "\n".join(out)


def _legend(chart: Chart, y: float) -> list[str]:
    out = []
    x = 0.0
    for series in chart.series:
        out.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{series.colour}"/>'
        )
        out.append(_text(x + 16, y, series.name))
        x += 24 + 13 * len(series.name)
    return out


def _stacked(chart: Chart) -> str:
    """One horizontal bar per label, its segments the series, a legend on top."""
    width, row, left = 640, 18, 120
    totals = chart.totals()
    most = max(totals, default=0) or 1
    height = 44 + row * len(chart.labels) + (18 if chart.caption else 4)
    out = _open(width, height, chart.title)
    out.extend(_legend(chart, 34))
    scale = (width - left - 40) / most
    for i, label in enumerate(chart.labels):
        y = 42 + row * i
        out.append(_text(left - 6, y + row - 5, label, "end"))
        x = float(left)
        for series in chart.series:
            value = series.values[i]
            if value:
                out.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{value * scale:.1f}" '
                    f'height="{row - 4}" fill="{series.colour}"/>'
                )
                x += value * scale
        out.append(_text(x + 4, y + row - 5, str(totals[i])))
    if chart.caption:
        out.append(_text(0, height - 4, chart.caption, extra='fill-opacity="0.7"'))
    out.append("</svg>")
    return "\n".join(out)


def _histogram(chart: Chart) -> str:
    """Vertical bars, one per label, the count above each."""
    width, height, bottom = 320, 200, 30
    totals = chart.totals()
    most = max(totals, default=0) or 1
    slot = (width - 20) / max(len(chart.labels), 1)
    out = _open(width, height, chart.title)
    colour = chart.series[0].colour if chart.series else "#3b6fb6"
    top = 34
    for i, (label, count) in enumerate(zip(chart.labels, totals, strict=True)):
        bar = (height - bottom - top) * count / most
        x = 10 + slot * i + slot * 0.15
        y = height - bottom - bar
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar:.1f}" '
            f'fill="{colour}"/>'
        )
        out.append(_text(x + slot * 0.35, y - 4, str(count), "middle"))
        out.append(_text(x + slot * 0.35, height - bottom + 16, label, "middle"))
    out.append(
        f'<line x1="10" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        f'stroke="#555"/>'
    )
    out.append("</svg>")
    return "\n".join(out)


def chart_svg(chart: Chart) -> str:
    """``chart`` as a standalone ``<svg>`` element (text, UTF-8, no external references)."""
    if chart.kind is ChartKind.PYRAMID:
        return _pyramid(chart)
    if chart.kind is ChartKind.STACKED:
        return _stacked(chart)
    return _histogram(chart)
