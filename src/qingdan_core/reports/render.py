"""Renderers: a :class:`~qingdan_core.reports.model.Report` as Markdown, HTML, CSV or JSON.

* **md** — headings, the key facts as a list, each chart as a small table of
  counts, each section as a Markdown table;
* **html** — one self-contained file: inline CSS laid out for A4 paper
  (these lists are printed and posted on walls, R11), the charts as inline
  SVG, no scripts and nothing fetched from the network;
* **csv** — each section as a block: a row with its heading, the column row,
  the data rows, then an empty row (UTF-8 with a byte-order mark, so
  spreadsheet programs read the Chinese text);
* **json** — the report through the codec, so another system can read it
  back with ``structure(data, Report)``.

>>> from qingdan_core.reports.model import Report, ReportKind, Section, Table
>>> report = Report(ReportKind.LEDGER, "纪实台帐", "2025年3月", ("R22",), ("1 条记录",), (),
...                 (Section("台帐", Table(("对象", "分值"), (("县发改局", "-0.5"),))),))
>>> print(render(report, "md"))
# 纪实台帐
<BLANKLINE>
期间:2025年3月 · 规则:R22
<BLANKLINE>
- 1 条记录
<BLANKLINE>
## 台帐
<BLANKLINE>
| 对象 | 分值 |
| --- | --- |
| 县发改局 | -0.5 |
<BLANKLINE>
>>> render(report, "pdf")
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: format: unknown format 'pdf' (allowed: md, html, csv, json)
"""

from __future__ import annotations

import csv
import io
import json
from html import escape

from qingdan_core.codec import unstructure
from qingdan_core.errors import ValidationError
from qingdan_core.reports.model import Chart, Report, Table
from qingdan_core.reports.svg import chart_svg

__all__ = ["FORMATS", "render", "render_csv", "render_html", "render_json", "render_markdown"]

FORMATS = ("md", "html", "csv", "json")
"""The formats :func:`render` knows."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(c) for c in table.columns) + " |"]
    lines.append("| " + " | ".join("---" for _ in table.columns) + " |")
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows)
    return lines


def _chart_table(chart: Chart) -> Table:
    columns = ("", *(s.name for s in chart.series)) if len(chart.series) > 1 else ("", "数量")
    rows = tuple(
        (label, *(str(s.values[i]) for s in chart.series))
        if len(chart.series) > 1
        else (label, str(chart.totals()[i]))
        for i, label in enumerate(chart.labels)
    )
    return Table(tuple(c or "项目" for c in columns), rows)


def render_markdown(report: Report) -> str:
    """The report as Markdown text."""
    lines = [f"# {report.title}", "", f"期间:{report.period} · 规则:{'、'.join(report.rules)}", ""]
    lines.extend(f"- {fact}" for fact in report.facts)
    lines.append("")
    for note in report.notes:
        lines.extend((f"> **注意**:{note}", ""))
    for chart in report.charts:
        lines.extend((f"## {chart.title}", ""))
        lines.extend(_md_table(_chart_table(chart)))
        if chart.caption:
            lines.extend(("", chart.caption))
        lines.append("")
    for section in report.sections:
        lines.extend((f"## {section.heading}", ""))
        if section.table.rows:
            lines.extend(_md_table(section.table))
        else:
            lines.append("(无)")
        lines.extend(f"\n> {note}" for note in section.notes)
        lines.append("")
    return "\n".join(lines)


def render_csv(report: Report) -> str:
    """The report's sections as CSV blocks (heading row, column row, data rows, empty row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([report.title, report.period])
    for note in report.notes:
        writer.writerow(["注意", note])
    writer.writerow([])
    for section in report.sections:
        writer.writerow([section.heading])
        writer.writerow(section.table.columns)
        writer.writerows(section.table.rows)
        writer.writerow([])
    return "\ufeff" + buffer.getvalue()


def render_json(report: Report) -> str:
    """The report as JSON (through the codec), indented, Chinese text kept as is."""
    return json.dumps(unstructure(report), ensure_ascii=False, indent=2) + "\n"


_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
       "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
       font-size: 10.5pt; color: #1f2328; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
header { border-bottom: 3px solid #b4232a; margin-bottom: 4mm; padding-bottom: 2mm; }
h1 { font-size: 18pt; margin: 0 0 1mm 0; color: #b4232a; letter-spacing: 0.05em; }
.meta { color: #555; font-size: 9.5pt; }
ul.facts { margin: 2mm 0 4mm 0; padding-left: 5mm; }
ul.facts li { margin: 0.6mm 0; }
.charts { display: flex; flex-wrap: wrap; gap: 4mm 6mm; align-items: flex-start; margin-bottom: 3mm; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; max-width: 100%; }
figure svg { max-width: 100%; height: auto; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm 0; padding-left: 2mm; border-left: 4px solid #b4232a;
     break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin-bottom: 2mm; }
thead { display: table-header-group; }
th, td { border: 0.6pt solid #8c959f; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
p.empty { color: #777; margin: 0 0 2mm 0; }
p.note { color: #555; font-size: 9pt; margin: 0 0 2mm 0; }
.caution { border: 1.2pt solid #b4232a; background: #fff4e5; color: #7a1c14; font-weight: 600;
           padding: 1.5mm 2.5mm; margin: 0 0 3mm 0; break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 6mm; color: #777; font-size: 8.5pt; border-top: 1px solid #ccc; padding-top: 1.5mm; }
@media print { body { padding: 0; max-width: none; } }
"""


def _numeric(text: str) -> bool:
    stripped = text.replace("%", "").replace("/", "").replace("-", "", 1).replace(".", "", 1)
    return stripped.isdigit()


def _html_table(table: Table) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if _numeric(c) else f"<td>{escape(c)}</td>"
            for c in row
        )
        + "</tr>"
        for row in table.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page for A4 paper, charts as inline SVG."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(report.title)}</h1>",
        f'<div class="meta">期间:{escape(report.period)} · 规则:{escape("、".join(report.rules))}</div>',
        "</header>",
    ]
    if report.facts:
        parts.append('<ul class="facts">')
        parts.extend(f"<li>{escape(fact)}</li>" for fact in report.facts)
        parts.append("</ul>")
    parts.extend(f'<p class="caution" role="note">注意:{escape(note)}</p>' for note in report.notes)
    if report.charts:
        parts.append('<div class="charts">')
        parts.extend(f"<figure>{chart_svg(chart)}</figure>" for chart in report.charts)
        parts.append("</div>")
    for section in report.sections:
        parts.append(f"<section>\n<h2>{escape(section.heading)}</h2>")
        if section.table.rows:
            parts.append(_html_table(section.table))
        else:
            parts.append('<p class="empty">(无)</p>')
        parts.extend(f'<p class="note">{escape(note)}</p>' for note in section.notes)
        parts.append("</section>")
    parts.append(f"<footer>{escape(report.kind.label)} · qingdan_core</footer>")
    parts.extend(("</body>", "</html>", ""))
    return "\n".join(parts)


def render(report: Report, fmt: str) -> str:
    """``report`` in format ``fmt`` (one of :data:`FORMATS`).

    :raises ValidationError: for an unknown format, naming the allowed ones.
    """
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    raise ValidationError("format", f"unknown format {fmt!r}", allowed=FORMATS)
