"""A notice as an official document: its parts, written from the notice, its task and the rule.

:func:`notice_document` turns a stored :class:`~qingdan_core.notices.Notice`
into a :class:`NoticeDocument` — the parts of a GB/T 9704-2012 document as
plain text: the issuing office (版头 and 署名), the serial (发文字号), the
title (the kind of notice), the addressee (主送机关) and the body: the facts of
the task (序时进度 against actual progress, the lag, the due date, or the
ignored notice it escalates), the rule it is issued under with that rule's
wording, the response deadline in working days and what follows if it is
ignored (R4, R16, R17, R20, R21). Every sentence comes from the message
catalogue (:mod:`qingdan_core.messages`), never typed per case; the renderers
(:func:`~qingdan_core.documents.render_notice_html`,
:func:`~qingdan_core.documents.render_notice_docx`) only lay the parts out.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.calendar import china
>>> from qingdan_core.lists import ListItem, ProgressReport
>>> from qingdan_core.review import month_end_review
>>> task = ListItem("t-1", "产业园标准厂房建设", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
...                 lead_leader_id="p-wang", responsible_unit_id="u-fgw",
...                 reports=(ProgressReport(dt.date(2026, 3, 20), Decimal("0.1")),))
>>> review = month_end_review([task], [], [], dt.date(2026, 3, 31), china())
>>> notice = review.new_notices[1]
>>> doc = notice_document(notice, task, review.findings[0], names={"u-fgw": "县发改局"})
>>> doc.title, doc.serial, doc.addressee, doc.date
('限期督办通知单', '督考〔2026〕2号', '县发改局：', '2026年3月31日')
>>> print(doc.paragraphs[0])
截至2026年3月31日，你单位承担的“产业园标准厂房建设”（完成时限2026年12月31日）序时进度应为24.45%，实际完成10%，落后14.45个百分点。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import attrs

from qingdan_core._checks import instance_of, non_blank
from qingdan_core._tuples import non_blank_strings
from qingdan_core.calendar import WorkCalendar, china
from qingdan_core.colours import Colour, display_points
from qingdan_core.documents import layout
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject, SubjectKind
from qingdan_core.lists import ListItem
from qingdan_core.messages import LANGUAGES, date_text, text
from qingdan_core.notices import Notice, NoticeKind, NoticePolicy, successor_kind
from qingdan_core.review import TaskFinding
from qingdan_core.rounding import exact

__all__ = ["DEFAULT_OFFICE", "NoticeDocument", "notice_document"]

DEFAULT_OFFICE = "县督查考核办公室"
"""The issuing office: the county's merged supervision and assessment office (R15;
the source article: 成立县督查考核办公室)."""

_HUNDRED = Decimal(100)


@attrs.frozen
class NoticeDocument:
    """The parts of one notice as a document, as plain text (GB/T 9704-2012 elements).

    ``office`` is the 发文机关标志 and the 署名; ``serial`` the 发文字号;
    ``addressee`` the 主送机关 line with its colon; ``paragraphs`` the 正文;
    ``date`` the 成文日期 as written; ``kind`` and ``rule`` say what it is.
    """

    kind: NoticeKind = attrs.field(validator=instance_of(NoticeKind))
    rule: str = attrs.field(validator=non_blank)
    lang: str = attrs.field(validator=attrs.validators.in_(LANGUAGES))
    office: str = attrs.field(validator=non_blank)
    serial: str = attrs.field(validator=non_blank)
    title: str = attrs.field(validator=non_blank)
    addressee: str = attrs.field(validator=non_blank)
    paragraphs: tuple[str, ...] = attrs.field(validator=non_blank_strings)
    date: str = attrs.field(validator=non_blank)

    def page_fit(self) -> layout.Fit:
        """The line pitch that keeps this notice on one A4 page (:func:`~qingdan_core.documents.layout.fit`).

        :raises ValidationError: naming the serial, when the notice is too long for one page.
        """
        try:
            return layout.fit(
                sum(layout.lines(p, indent=2) for p in self.paragraphs),
                title_lines=layout.title_lines(self.title),
                addressee_lines=layout.lines(self.addressee),
            )
        except ValidationError as exc:
            raise ValidationError("document", f"{self.serial}: {exc.problems[0].reason}") from exc

    def text(self) -> str:
        """Every part, one per line, in the order printed."""
        return "\n".join(
            (
                self.office,
                self.serial,
                self.title,
                self.addressee,
                *self.paragraphs,
                self.office,
                self.date,
            )
        )


def _percent(share: Decimal) -> Decimal:
    with exact():
        return display_points(share * _HUNDRED)


def _facts(
    notice: Notice,
    task: ListItem,
    finding: TaskFinding | None,
    earlier: Notice | None,
    who: str,
    lang: str,
) -> str:
    """The facts: the ignored notice escalated, the task's progress on the day, a missed report."""
    subject = text("notice.subject", lang, who=who, task=task.text)
    due = date_text(task.due, lang)
    parts = []
    if earlier is not None:
        parts.append(
            text(
                "notice.facts.escalated",
                lang,
                subject=subject,
                serial=str(earlier.serial),
                kind=text(f"notice.title.{earlier.kind.value}", lang),
                day=date_text(earlier.issued_on, lang),
                respond_by=date_text(earlier.respond_by, lang),
                who=who,
            )
        )
        subject = text("notice.subject.again", lang)
    if finding is None:
        if earlier is None:
            parts.append(
                text("notice.facts.recorded", lang, subject=subject, due=due, reason=notice.reason)
            )
        return _join(parts, lang)
    state = finding.state
    common = {"day": date_text(notice.issued_on, lang), "subject": subject, "due": due}
    actual = _percent(state.actual)
    if state.overdue:
        parts.append(text("notice.facts.overdue", lang, actual=actual, **common))
    elif finding.lag > 0:
        parts.append(
            text(
                "notice.facts.behind",
                lang,
                expected=_percent(state.expected),
                actual=actual,
                lag=finding.lag,
                **common,
            )
        )
    elif notice.kind is NoticeKind.BLUE_LIST:
        parts.append(
            text("notice.facts.due_soon", lang, left=state.workdays_left, actual=actual, **common)
        )
    else:
        parts.append(
            text(
                "notice.facts.on_schedule",
                lang,
                expected=_percent(state.expected),
                actual=actual,
                **common,
            )
        )
    if notice.kind is NoticeKind.DAILY_SUPERVISION and earlier is None and state.missed_reports:
        parts.append(text("notice.facts.missed_report", lang, who=who))
    return _join(parts, lang)


def _join(sentences: list[str], lang: str) -> str:
    """Sentences run on in Chinese, with a space between them in English."""
    return ("" if lang == "zh" else " ").join(sentences)


def _action(notice: Notice, who: str, concerned: str, lang: str) -> str:
    kind = notice.kind
    if kind.colour is not Colour.NONE:
        return text("notice.action.list", lang, kind=text(f"notice.title.{kind.value}", lang))
    if kind is NoticeKind.DEADLINE_SUPERVISION:
        return text("notice.action.supervise", lang)
    if kind is NoticeKind.DEADLINE_COMPLETION:
        return text("notice.action.complete", lang)
    if kind is NoticeKind.DAILY_SUPERVISION:
        return text("notice.action.deduct", lang, who=who, points=display_points(notice.deduction))
    return text("notice.action.accountability", lang, who=concerned)


def _response(
    notice: Notice, days: int, provisional: bool, office: str, policy: NoticePolicy, lang: str
) -> str:
    day = date_text(notice.respond_by, lang)
    # a deadline counted across a day after the last holiday notice says so (R16, issue 13)
    caveat = [text("notice.provisional", lang)] if provisional else []
    if notice.kind is NoticeKind.ACCOUNTABILITY:
        asked = text("notice.respond.letter", lang, day=day, days=days, office=office)
        return _join([asked, *caveat], lang)
    asked = text("notice.respond", lang, day=day, days=days, office=office)
    after = successor_kind(notice.kind)
    if after is NoticeKind.ACCOUNTABILITY:
        ignored = text("notice.ignored.accountability", lang)
    elif after is NoticeKind.DAILY_SUPERVISION:
        ignored = text("notice.ignored.daily", lang, points=display_points(policy.daily_deduction))
    else:
        assert after is not None  # only a 追责建议函 has no successor
        ignored = text("notice.ignored.list", lang, kind=text(f"notice.title.{after.value}", lang))
    return _join([asked, *caveat, ignored], lang)


def _you(subject: Subject, lang: str) -> str:
    return text(
        "notice.you.unit" if subject.kind is SubjectKind.UNIT else "notice.you.person", lang
    )


def notice_document(
    notice: Notice,
    task: ListItem,
    finding: TaskFinding | None = None,
    *,
    earlier: Notice | None = None,
    names: Mapping[str, str] | None = None,
    office: str = DEFAULT_OFFICE,
    calendar: WorkCalendar | None = None,
    policy: NoticePolicy | None = None,
    lang: str = "zh",
) -> NoticeDocument:
    """The document of ``notice`` about ``task`` (R4, R16, R17, R20, R21).

    ``finding`` is the task's finding in the month-end review that issued the
    notice (:attr:`~qingdan_core.review.MonthEndReview.findings`): it gives
    the facts (序时进度, progress, lag, working days left). Without it the
    facts are the notice's recorded reason. ``earlier`` is the notice this one
    escalates (``notice.escalated_from``). ``names`` maps unit and person ids
    to names (an id without a name is shown as it is). The response deadline
    is counted in working days on ``calendar`` (default
    :func:`~qingdan_core.calendar.china`); ``policy`` (default :class:`NoticePolicy`) gives the deduction an
    ignored notice leads to (R21). ``lang`` is ``"zh"`` (default) or ``"en"``.

    :raises ValidationError: when ``task``, ``finding`` or ``earlier`` is not
        the notice's (naming the field), or for an unknown ``lang``.
    :raises CalendarCoverageError: when the response deadline lies outside the calendar.

    >>> import datetime as dt
    >>> from qingdan_core.notices import Serial, issue
    >>> task = ListItem("t-1", "修路", dt.date(2026, 1, 5), dt.date(2026, 6, 30))
    >>> n = issue(NoticeKind.RED_LIST, Serial("督考", 2026, 5), "t-1", Subject.unit("u-1"),
    ...           dt.date(2026, 3, 31), "超过期限未办结", china())
    >>> notice_document(n, ListItem("t-2", "建桥", dt.date(2026, 1, 5), dt.date(2026, 6, 30)))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: task: is 't-2', the notice is about 't-1'
    """
    if lang not in LANGUAGES:
        raise ValidationError("lang", f"unknown language {lang!r}", allowed=LANGUAGES)
    for field, value in (("task", task), ("finding", finding)):
        if value is not None and value.item_id != notice.item_id:
            raise ValidationError(
                field, f"is {value.item_id!r}, the notice is about {notice.item_id!r}"
            )
    if earlier is not None and earlier.serial != notice.escalated_from:
        raise ValidationError(
            "earlier", f"is {earlier.serial}, the notice escalates {notice.escalated_from}"
        )
    named = dict(names or {})
    concerned = notice.concerning or notice.addressee
    concerned_name = named.get(concerned.id, concerned.id)
    who = concerned_name if notice.concerning is not None else _you(notice.addressee, lang)
    calendar = calendar or china()
    policy = policy or NoticePolicy()
    days = calendar.count_workdays(notice.issued_on + dt.timedelta(days=1), notice.respond_by)
    rule = text(
        "notice.rule",
        lang,
        wording=text(f"rule.{notice.rule}", lang),
        rule=notice.rule,
        action=_action(notice, who, concerned_name, lang),
    )
    return NoticeDocument(
        kind=notice.kind,
        rule=notice.rule,
        lang=lang,
        office=office,
        serial=str(notice.serial),
        title=text(f"notice.title.{notice.kind.value}", lang),
        addressee=text(
            "notice.addressee", lang, name=named.get(notice.addressee.id, notice.addressee.id)
        ),
        paragraphs=(
            _facts(notice, task, finding, earlier, who, lang),
            rule,
            _response(
                notice, days, calendar.is_provisional(notice.respond_by), office, policy, lang
            ),
        ),
        date=date_text(notice.issued_on, lang),
    )
