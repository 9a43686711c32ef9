"""Report builders: the 专报, the two lists, the public board, the ledger and the rankings.

Each builder turns a :class:`~qingdan_core.reports.source.ReportSource` and a
period into a :class:`~qingdan_core.reports.model.Report`:

* :func:`special_report` — the month-end 专报 to the leadership meeting (R15):
  tasks by attention level (the pyramid, R18) and colour (R4), colours by
  unit, overdue tasks, the units most behind, the month's notices and level changes;
* :func:`monthly_lists` — the 县领导提示清单 and 责任单位落实清单 (R19);
* :func:`public_board` — the weekly responsibility lists as posted (R11),
  names and progress only, no ids or personal fields;
* :func:`ledger_report` — the 纪实台帐 of bonuses and deductions (R21, R22);
* :func:`rankings` — ranks and grades with the score distribution (R12, R14, R23–R25).

:func:`build` picks the builder by :class:`~qingdan_core.reports.model.ReportKind`.

>>> from qingdan_core.periods import Month
>>> report = build(ReportSource(), ReportKind.LEDGER, Month(2025, 3))
>>> report.title, report.facts
('纪实台帐 · 2025年3月', ('0 条记录:扣分 0 条,共 0 分;加分与风采录 0 条,共 0 分',))
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from qingdan_core._statutory import PROVISIONAL
from qingdan_core.attention import AttentionLevel
from qingdan_core.calendar import WorkCalendar, china
from qingdan_core.colours import Colour
from qingdan_core.errors import NotFoundError, ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, SubjectKind
from qingdan_core.periods import Month, Quarter, Year
from qingdan_core.reports.model import Chart, ChartKind, Report, ReportKind, Section, Series, Table
from qingdan_core.reports.source import ReportSource, standing
from qingdan_core.review import MonthEndReview, MonthlyListKind

__all__ = [
    "COLOURS",
    "LEVEL_COLOURS",
    "PROVISIONAL_MARK",
    "build",
    "ledger_report",
    "monthly_lists",
    "public_board",
    "rankings",
    "special_report",
]

Period = Month | Quarter | Year

COLOURS = {
    Colour.RED: "#d9363e",
    Colour.YELLOW: "#e8a317",
    Colour.BLUE: "#2f6fde",
    Colour.NONE: "#b9c2cc",
}
"""The colour each list colour is drawn in (R4)."""

LEVEL_COLOURS = {
    AttentionLevel.GENERAL: "#7fb77e",
    AttentionLevel.ATTENTION: "#4f9dbc",
    AttentionLevel.KEY: "#e39b3b",
    AttentionLevel.SPECIAL: "#c2403a",
}
"""The colour each attention level is drawn in (R18)."""

_BINS = (
    ("<60", Decimal(0)),
    ("60–70", Decimal(60)),
    ("70–80", Decimal(70)),
    ("80–90", Decimal(80)),
    ("≥90", Decimal(90)),
)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))}%"


def _reviews_in(source: ReportSource, period: Period) -> list[MonthEndReview]:
    found = [r for r in source.reviews if r.report.month.start in period]
    if not found:
        raise NotFoundError("month-end review", str(period))
    return found


def _scope(scope: str, names: dict[str, str]) -> str:
    """A pyramid check's scope for people: 全县, or the unit's name."""
    kind, _, key = scope.partition(":")
    return names.get(key, key) if key else "全县" if kind == "county" else kind


PROVISIONAL_MARK = "※"
"""The mark after a date counted across a provisional day (issue 13)."""


class _Dates:
    """Dates as report text, marked when they lie after ``calendar``'s last notice."""

    def __init__(self, calendar: WorkCalendar | None) -> None:
        self.last = (calendar or china()).official_coverage[1]
        self.marked = 0

    def __call__(self, day: dt.date) -> str:
        if day <= self.last:
            return day.isoformat()
        self.marked += 1
        return f"{day.isoformat()}{PROVISIONAL_MARK}"

    def notes(self) -> tuple[str, ...]:
        """The note a report with marked dates prints, or none."""
        if not self.marked:
            return ()
        return (
            f"标 {PROVISIONAL_MARK} 的日期在 {self.last.isoformat()} 之后,{PROVISIONAL}"
            f"(国务院办公厅通知公布后加入并重算)",
        )


def _title(kind: ReportKind, period: Period) -> str:
    return f"{kind.label} · {period.label}"


def _pyramid(review: MonthEndReview) -> Chart:
    counts = {c.name: c.count for c in review.report.by_level}
    levels = list(AttentionLevel)
    return Chart(
        ChartKind.PYRAMID,
        "四级关注金字塔",
        tuple(level.label for level in levels),
        tuple(
            Series(
                level.label,
                LEVEL_COLOURS[level],
                tuple(counts.get(level.value, 0) if other is level else 0 for other in levels),
            )
            for level in levels
        ),
        "每级任务数不多于其下一级(R18)",
    )


def _colours_by_unit(review: MonthEndReview, names: dict[str, str]) -> Chart:
    per_unit: dict[str, Counter[Colour]] = defaultdict(Counter)
    for finding in review.findings:
        per_unit[finding.unit_id][finding.colour] += 1
    units = sorted(
        per_unit,
        key=lambda u: (
            -per_unit[u][Colour.RED],
            -per_unit[u][Colour.YELLOW],
            -per_unit[u][Colour.BLUE],
            u,
        ),
    )
    order = (Colour.RED, Colour.YELLOW, Colour.BLUE, Colour.NONE)
    return Chart(
        ChartKind.STACKED,
        "各单位红黄蓝督办分布",
        tuple(names.get(u, u) for u in units),
        tuple(
            Series(
                "按序时推进" if colour is Colour.NONE else f"{colour.label}色",
                COLOURS[colour],
                tuple(per_unit[u][colour] for u in units),
            )
            for colour in order
        ),
        "红:落后超过 30 个百分点或逾期;黄:落后 10–30 个百分点;蓝:临近期限(R4)",
    )


def _archive_fact(source: ReportSource) -> tuple[str, ...]:
    """The line that prints the archive's root digest (R5), when the source has a root."""
    root = source.archive_root
    if root is None:
        return ()
    return (
        f"档案根摘要 {root.seal}({root.files} 份档案、{root.entries} 条记录,{root.scheme.label});"
        "此后任何改动都会使 qingdan verify-archive --root 该摘要 报错(R5)",
    )


def special_report(
    source: ReportSource, period: Period, calendar: WorkCalendar | None = None
) -> Report:
    """The month-end 专报 (R15) for ``period``: its last month in detail, every month at a glance.

    The review day and notice deadlines after the last notice of ``calendar``
    (default :func:`~qingdan_core.calendar.china`) are marked
    :data:`PROVISIONAL_MARK`, with a note (暂按法定节假日推算).

    Its facts end with the archive's root digest when the source has one (R5): a
    printed 专报 then proves whether the archive was changed later.

    :raises NotFoundError: when the source holds no month-end review in ``period``.
    """
    dates = _Dates(calendar)
    reviews = _reviews_in(source, period)
    review = reviews[-1]
    names = source.name_map()
    texts = {f.item_id: f for f in review.findings}
    report = review.report
    colours = {c.name: c.count for c in report.by_colour}
    facts = (
        f"{dates(report.day)} 月末督考:重点任务 {report.tasks} 项,"
        f"已办结 {sum(1 for f in review.findings if f.state.done)} 项,逾期 {len(report.overdue)} 项",
        f"红色 {colours.get(Colour.RED.value, 0)} 项、黄色 {colours.get(Colour.YELLOW.value, 0)} 项、"
        f"蓝色 {colours.get(Colour.BLUE.value, 0)} 项",
        f"新下达通知 {report.new_notices} 份,升级 {report.escalations} 份,即时扣分 {report.deducted} 分",
        *_archive_fact(source),
    )
    sections = []
    if len(reviews) > 1:
        sections.append(
            Section(
                "各月概况",
                Table(
                    ("月份", "任务", "红", "黄", "蓝", "逾期", "新通知", "升级", "扣分"),
                    tuple(
                        (
                            r.report.month.label,
                            str(r.report.tasks),
                            *(
                                str({c.name: c.count for c in r.report.by_colour}.get(k.value, 0))
                                for k in (Colour.RED, Colour.YELLOW, Colour.BLUE)
                            ),
                            str(len(r.report.overdue)),
                            str(r.report.new_notices),
                            str(r.report.escalations),
                            str(r.report.deducted),
                        )
                        for r in reviews
                    ),
                ),
            )
        )
    sections.append(
        Section(
            "四级关注(R18)",
            Table(
                ("关注等级", "督考方式", "任务数"),
                tuple(
                    (
                        level.label,
                        level.mode.value,
                        str({c.name: c.count for c in report.by_level}.get(level.value, 0)),
                    )
                    for level in AttentionLevel
                ),
            ),
            tuple(
                f"{_scope(v.scope, names)}:{v.higher.label} {v.higher_count} 项,"
                f"多于{v.lower.label} {v.lower_count} 项(金字塔倒挂,R18)"
                for v in report.pyramid
            ),
        )
    )
    task_text = {t.item_id: t for t in review.findings}
    line_text = {line.item_id: line.task.text for lst in review.monthly_lists for line in lst.lines}
    sections.append(
        Section(
            "逾期任务",
            Table(
                ("任务", "责任单位", "进度", "序时进度"),
                tuple(
                    (
                        line_text.get(item_id, item_id),
                        names.get(texts[item_id].unit_id, texts[item_id].unit_id),
                        _percent(texts[item_id].state.actual),
                        _percent(texts[item_id].state.expected),
                    )
                    for item_id in report.overdue
                    if item_id in task_text
                ),
            ),
        )
    )
    sections.append(
        Section(
            "进度最滞后的单位",
            Table(
                ("单位", "任务数", "黄色及以上", "平均落后(个百分点)"),
                tuple(
                    (names.get(s.unit_id, s.unit_id), str(s.tasks), str(s.behind), str(s.mean_lag))
                    for s in report.units_most_behind
                ),
            ),
        )
    )
    sections.append(
        Section(
            "本月下达的通知",
            Table(
                ("文号", "类别", "对象", "规则", "事由", "反馈期限"),
                tuple(
                    (
                        str(n.serial),
                        n.kind.label,
                        names.get(
                            (n.concerning or n.addressee).id, (n.concerning or n.addressee).id
                        ),
                        n.rule,
                        n.reason,
                        dates(n.respond_by),
                    )
                    for n in review.new_notices
                ),
            ),
        )
    )
    sections.append(
        Section(
            "关注等级调整",
            Table(
                ("任务", "调整", "原因", "规则"),
                tuple(
                    (
                        line_text.get(c.item_id, c.item_id),
                        f"{c.before.label} → {c.after.label}",
                        c.reason,
                        c.rule,
                    )
                    for c in review.level_changes
                ),
            ),
        )
    )
    return Report(
        ReportKind.SPECIAL,
        _title(ReportKind.SPECIAL, period),
        period.label,
        ReportKind.SPECIAL.rules,
        facts,
        (_pyramid(review), _colours_by_unit(review, names)),
        tuple(sections),
        dates.notes(),
    )


def monthly_lists(source: ReportSource, period: Period) -> Report:
    """The two lists printed at the start of the month ``period`` (R19).

    They come from the review at the end of the month before.

    :raises ValidationError: when ``period`` is not a month (the lists are monthly).
    :raises NotFoundError: when the source holds no review of the month before.
    """
    if not isinstance(period, Month):
        raise ValidationError("period", "the two lists are monthly: give a month, e.g. 2025-03")
    names = source.name_map()
    lists = [lst for r in source.reviews for lst in r.monthly_lists if lst.month == period]
    if not lists:
        raise NotFoundError("two lists (R19) for", str(period))
    sections = []
    for kind, owner_title in (
        (MonthlyListKind.LEADER_REMINDER, "县领导"),
        (MonthlyListKind.UNIT_IMPLEMENTATION, "责任单位"),
    ):
        for lst in (x for x in lists if x.kind is kind):
            sections.append(
                Section(
                    f"{kind.label} · {owner_title}:{names.get(lst.owner.id, lst.owner.id)}",
                    Table(
                        (
                            "任务",
                            "本月节点",
                            "节点目标",
                            "完成时限",
                            "牵头县领导",
                            "责任单位",
                            "关注等级",
                            "督考方式",
                        ),
                        tuple(
                            (
                                line.task.text,
                                line.milestone.due.isoformat(),
                                _percent(line.milestone.target),
                                line.task.due.isoformat(),
                                names.get(line.lead_leader_id, line.lead_leader_id),
                                names.get(line.responsible_unit_id, line.responsible_unit_id),
                                line.level.label,
                                line.mode.value,
                            )
                            for line in lst.lines
                        ),
                    ),
                )
            )
    leaders = sum(1 for x in lists if x.kind is MonthlyListKind.LEADER_REMINDER)
    tasks = {line.item_id for x in lists for line in x.lines}
    return Report(
        ReportKind.LISTS,
        _title(ReportKind.LISTS, period),
        period.label,
        ReportKind.LISTS.rules,
        (f"{len(tasks)} 项重点任务,{leaders} 位牵头县领导,{len(lists) - leaders} 个责任单位",),
        (),
        tuple(sections),
    )


def public_board(source: ReportSource, period: Period) -> Report:
    """The weekly responsibility lists as posted on the wall (上墙公示, R11).

    For a quarter or a year, the boards of its last month with any. Only what
    the public may see: names, items, due dates, progress and status.

    :raises NotFoundError: when the source holds no board in ``period``.
    """
    posted = [b for b in source.boards if b.month.start in period]
    if not posted:
        raise NotFoundError("public board", str(period))
    last = max(b.month for b in posted)
    names = source.name_map()
    sections = []
    rows = 0
    for unit_board in (b for b in posted if b.month == last):
        cells = tuple(
            (
                board.owner_name,
                row.text,
                row.due.isoformat(),
                _percent(row.progress),
                row.status.label,
            )
            for board in unit_board.boards
            for row in board.rows
        )
        rows += len(cells)
        week = unit_board.boards[0].period_label if unit_board.boards else last.label
        sections.append(
            Section(
                f"{names.get(unit_board.unit_id, unit_board.unit_id)} · {week}",
                Table(("责任人", "工作事项", "完成时限", "进度", "状态"), cells),
            )
        )
    return Report(
        ReportKind.BOARD,
        _title(ReportKind.BOARD, period),
        last.label,
        ReportKind.BOARD.rules,
        (f"{len(sections)} 个单位,{rows} 项工作事项,每周上墙公示", "接受群众监督"),
        (),
        tuple(sections),
    )


def _ledger_rows(
    entries: Iterable[LedgerEntry], names: dict[str, str]
) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            e.day.isoformat(),
            names.get(e.subject.id, e.subject.id),
            e.kind.label,
            str(e.points),
            e.source,
            e.rule,
            e.reason,
        )
        for e in entries
    )


def ledger_report(source: ReportSource, period: Period) -> Report:
    """The 纪实台帐 of ``period``: every bonus and deduction with its source (R21, R22)."""
    names = source.name_map()
    entries = sorted(
        (e for e in source.ledger if e.day in period), key=lambda e: (e.day, e.entry_id)
    )
    deductions = [e for e in entries if e.kind is EntryKind.DEDUCTION]
    bonuses = [e for e in entries if e.kind in (EntryKind.BONUS, EntryKind.SHOWCASE)]
    facts = (
        f"{len(entries)} 条记录:扣分 {len(deductions)} 条,"
        f"共 {sum((-e.points for e in deductions), Decimal(0))} 分;"
        f"加分与风采录 {len(bonuses)} 条,共 {sum((e.points for e in bonuses), Decimal(0))} 分",
    )
    columns = ("日期", "对象", "类别", "分值", "依据", "规则", "事由")
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for e in entries:
        totals[e.subject.id] += e.points
    sections = (
        Section(
            "领导班子与单位台帐",
            Table(
                columns,
                _ledger_rows((e for e in entries if e.subject.kind is SubjectKind.UNIT), names),
            ),
        ),
        Section(
            "干部个人台帐与一线干部风采录",
            Table(
                columns,
                _ledger_rows((e for e in entries if e.subject.kind is SubjectKind.PERSON), names),
            ),
        ),
        Section(
            "合计",
            Table(
                ("对象", "合计分值"),
                tuple(
                    (names.get(k, k), str(v))
                    for k, v in sorted(totals.items(), key=lambda kv: (kv[1], kv[0]))
                ),
            ),
        ),
    )
    return Report(
        ReportKind.LEDGER,
        _title(ReportKind.LEDGER, period),
        period.label,
        ReportKind.LEDGER.rules,
        facts,
        (),
        sections,
    )


def _distribution(title: str, scores: Sequence[Decimal]) -> Chart:
    counts = [0] * len(_BINS)
    for score in scores:
        index = max(i for i, (_, low) in enumerate(_BINS) if score >= low)
        counts[index] += 1
    return Chart(
        ChartKind.HISTOGRAM,
        title,
        tuple(label for label, _ in _BINS),
        (Series("人数", "#3b6fb6", tuple(counts)),),
    )


def rankings(source: ReportSource, period: Period, calendar: WorkCalendar | None = None) -> Report:
    """Ranks and grades of units and people over ``period`` (R12, R14, R23–R25), with consequences for a year.

    限期整改 deadlines after the last notice of ``calendar`` are marked
    :data:`PROVISIONAL_MARK`, with a note (暂按法定节假日推算).

    :raises NotFoundError: when the source holds no score card in ``period``.
    """
    dates = _Dates(calendar)
    result = standing(source, period, calendar)
    if not result.unit_ranks and not result.person_ranks:
        raise NotFoundError("score cards for", str(period))
    names = source.name_map()
    unit_grade = {g.subject_id: g for g in result.unit_grades}
    person_grade = {g.subject_id: g for g in result.person_grades}
    grades = Counter(g.grade.label for g in result.person_grades)
    yearly = isinstance(period, Year)
    facts = (
        f"{len(result.unit_ranks)} 个单位、{len(result.person_ranks)} 名干部参加排名",
        ("年度考核等次:" if yearly else "平时考核等次:")
        + "、".join(f"{k} {v} 人" for k, v in grades.items()),
    )
    sections = [
        Section(
            "单位排名",
            Table(
                ("名次", "单位", "得分", "等次", "依据"),
                tuple(
                    (
                        str(r.rank),
                        names.get(r.subject_id, r.subject_id),
                        str(r.score),
                        unit_grade[r.subject_id].grade.label,
                        unit_grade[r.subject_id].rule,
                    )
                    for r in result.unit_ranks
                ),
            ),
        ),
        Section(
            "干部排名(按单位)",
            Table(
                ("单位", "名次", "姓名", "得分", "等次", "依据"),
                tuple(
                    (
                        names.get(r.group, r.group),
                        f"{r.rank}/{r.of}",
                        names.get(r.subject_id, r.subject_id),
                        str(r.score),
                        person_grade[r.subject_id].grade.label,
                        f"{person_grade[r.subject_id].decided_by.value} {person_grade[r.subject_id].rule}",
                    )
                    for r in result.person_ranks
                ),
            ),
            (
                "名额:年度优秀一般不超过 20%,最多不超过 25%(R24)"
                if yearly
                else "名额:好等次不超过 40%(R25)",
            ),
        ),
    ]
    if result.recommendations:
        sections.append(
            Section(
                "结果运用(R12、R13)",
                Table(
                    ("对象", "措施", "期限", "规则", "理由"),
                    tuple(
                        (
                            names.get(r.subject.id, r.subject.id),
                            r.measure.value,
                            dates(r.deadline) if isinstance(r.deadline, dt.date) else "",
                            r.rule,
                            r.reason,
                        )
                        for r in result.recommendations
                    ),
                ),
            )
        )
    charts = (
        _distribution("干部得分分布", [r.score for r in result.person_ranks]),
        _distribution("单位得分分布", [r.score for r in result.unit_ranks]),
    )
    return Report(
        ReportKind.RANKINGS,
        _title(ReportKind.RANKINGS, period),
        period.label,
        ReportKind.RANKINGS.rules,
        facts,
        charts,
        tuple(sections),
        dates.notes(),
    )


def build(
    source: ReportSource, kind: ReportKind, period: Period, calendar: WorkCalendar | None = None
) -> Report:
    """The report of ``kind`` for ``period`` from ``source``.

    :raises NotFoundError: when the source holds nothing for the report in ``period``.
    :raises ValidationError: for the two lists with a period that is not a month.
    """
    if kind is ReportKind.SPECIAL:
        return special_report(source, period, calendar)
    if kind is ReportKind.LISTS:
        return monthly_lists(source, period)
    if kind is ReportKind.BOARD:
        return public_board(source, period)
    if kind is ReportKind.LEDGER:
        return ledger_report(source, period)
    return rankings(source, period, calendar)
