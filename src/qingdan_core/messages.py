"""The message catalogue: the wording people read, Chinese by default, English on request.

Every sentence a cadre or a leader reads that the library writes — today the
wording of the notices as documents (:mod:`qingdan_core.documents`), the
rules they cite, and the reasons stored with colour verdicts and notices
(``reason.*``: R4, R16, R20, R21) — is one :class:`Message` here, with a Chinese and an English
template, looked up by key with :func:`text`. Stored data keeps its English
codes; only what is shown comes from here, so a county changes a sentence in
one place and both languages keep the same placeholders (checked on import).

The rule citations (``rule.R4`` …) quote the source article in Chinese — the
原文 of each rule on *The rules* page (``docs/rules.md``, checked by the
tests) — and the rule's English summary, after the same page.

>>> text("notice.title.accountability")
'追责建议函'
>>> text("notice.respond", "en", day="2026-04-08", days=5, office="the office")
'Report the measures taken and the progress in writing to the office by 2026-04-08 (within 5 working days).'
>>> text("notice.title.nothing")
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: key: no message 'notice.title.nothing' in the catalogue
"""

from __future__ import annotations

import datetime as dt
import string

import attrs

from qingdan_core._checks import non_blank
from qingdan_core.errors import ValidationError

__all__ = ["LANGUAGES", "Message", "date_text", "keys", "text"]

LANGUAGES = ("zh", "en")
"""The languages every message has: Chinese (the default) and English."""


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@attrs.frozen
class Message:
    """One message: its key and its Chinese and English templates (``str.format`` fields).

    :raises ValidationError: when the two templates do not name the same fields.

    >>> Message("x", "{a}号", "No. {b}")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: en: names the fields ['b'], the Chinese names ['a']
    """

    key: str = attrs.field(validator=non_blank)
    zh: str = attrs.field(validator=non_blank)
    en: str = attrs.field(validator=non_blank)

    def __attrs_post_init__(self) -> None:
        if _fields(self.zh) != _fields(self.en):
            raise ValidationError(
                "en",
                f"names the fields {sorted(_fields(self.en))}, "
                f"the Chinese names {sorted(_fields(self.zh))}",
            )

    @property
    def fields(self) -> frozenset[str]:
        """The names of the values the message needs."""
        return _fields(self.zh)


_MESSAGES = (
    # -- the kinds of notice, as document titles (R4, R16, R17, R20, R21)
    Message("notice.title.blue_list", "蓝色督办清单", "Blue supervision list"),
    Message("notice.title.yellow_list", "黄色督办清单", "Yellow supervision list"),
    Message("notice.title.red_list", "红色督办清单", "Red supervision list"),
    Message("notice.title.deadline_supervision", "限期督办通知单", "Deadline supervision notice"),
    Message("notice.title.deadline_completion", "限期办结通知单", "Deadline completion notice"),
    Message("notice.title.daily_supervision", "日常督考通知单", "Daily supervision notice"),
    Message("notice.title.accountability", "追责建议函", "Accountability recommendation letter"),
    # -- who and what is spoken of: the addressee itself, or the unit a letter concerns
    Message("notice.you.unit", "你单位", "your unit"),
    Message("notice.you.person", "你", "you"),
    Message("notice.addressee", "{name}：", "To: {name}"),
    Message("notice.subject", "{who}承担的“{task}”", "“{task}” of {who}"),
    Message("notice.subject.again", "该项任务", "the task"),
    # -- the facts
    Message(
        "notice.facts.escalated",
        "{subject}经{serial}{kind}（{day}）督办，要求于{respond_by}前反馈，{who}逾期未反馈。",
        "{subject} was the subject of {serial}, a {kind} of {day}, asking for an answer "
        "by {respond_by}; {who} sent none.",
    ),
    Message(
        "notice.facts.behind",
        "截至{day}，{subject}（完成时限{due}）序时进度应为{expected}%，"
        "实际完成{actual}%，落后{lag}个百分点。",
        "As of {day}, {subject} (due {due}) should be {expected}% done by the expected "
        "pro-rata progress; it is {actual}% done, {lag} percentage points behind.",
    ),
    Message(
        "notice.facts.overdue",
        "截至{day}，{subject}已超过完成时限（{due}）仍未办结，实际完成{actual}%。",
        "As of {day}, {subject} is past its due date ({due}) and not done: it is {actual}% done.",
    ),
    Message(
        "notice.facts.due_soon",
        "截至{day}，{subject}距完成时限（{due}）仅剩{left}个工作日，实际完成{actual}%。",
        "As of {day}, {subject} is due in {left} working days ({due}) and is {actual}% done.",
    ),
    Message(
        "notice.facts.on_schedule",
        "截至{day}，{subject}（完成时限{due}）序时进度应为{expected}%，实际完成{actual}%。",
        "As of {day}, {subject} (due {due}) should be {expected}% done by the expected "
        "pro-rata progress; it is {actual}% done.",
    ),
    Message(
        "notice.facts.missed_report",
        "{who}本月未按要求报送该项任务进度。",
        "This month {who} sent no progress report on it.",
    ),
    Message(
        "notice.facts.recorded",
        "{subject}（完成时限{due}）：{reason}。",
        "{subject} (due {due}): {reason}.",
    ),
    # -- the rule and what the office does under it
    Message(
        "notice.rule",
        "根据“{wording}”的要求（{rule}），{action}。",
        "Under the rule “{wording}” ({rule}), {action}.",
    ),
    Message(
        "notice.action.list",
        "现将该项任务列入{kind}",
        "the task is placed on the {kind}",
    ),
    Message(
        "notice.action.supervise",
        "现予限期督办",
        "the office sets a deadline to catch up",
    ),
    Message(
        "notice.action.complete",
        "现予限期办结",
        "the office sets a deadline to complete it",
    ),
    Message(
        "notice.action.deduct",
        "现即时扣减{who}考核得分{points}分",
        "{points} points are deducted from the score of {who} at once",
    ),
    Message(
        "notice.action.accountability",
        "建议对{who}相关责任人追究问责",
        "the office recommends holding those responsible in {who} to account",
    ),
    # -- the answer asked for, and what follows when it does not come
    Message(
        "notice.respond",
        "请于{day}前（{days}个工作日内）将整改措施和进展情况书面报送{office}。",
        "Report the measures taken and the progress in writing to {office} by {day} "
        "(within {days} working days).",
    ),
    Message(
        "notice.provisional",
        "该期限暂按法定节假日推算，待国务院办公厅通知。",
        "The deadline is counted on the statutory holidays alone, pending the State Council's notice.",
    ),
    Message(
        "notice.respond.letter",
        "请于{day}前（{days}个工作日内）将处理意见函告{office}。",
        "Please tell {office} what is decided by {day} (within {days} working days).",
    ),
    Message(
        "notice.ignored.list",
        "逾期未反馈的，将升级为{kind}。",
        "Without an answer by then it escalates to a {kind}.",
    ),
    Message(
        "notice.ignored.daily",
        "逾期未反馈的，将下达日常督考通知单，即时扣减考核得分{points}分。",
        "Without an answer by then a daily supervision notice follows, deducting {points} "
        "points at once.",
    ),
    Message(
        "notice.ignored.accountability",
        "逾期未反馈的，将向纪检监察机关发出追责建议函。",
        "Without an answer by then an accountability letter goes to the discipline "
        "inspection body.",
    ),
    # -- the rules the notices cite: the 原文 and the English of docs/rules.md
    Message(
        "rule.R4",
        "对工作完成不力的，根据事态紧急程度，分别签发红、黄、蓝三色督办清单，压实责任",
        "where work is done poorly, a supervision list is issued in red, yellow or blue "
        "according to how urgent the matter is",
    ),
    Message(
        "rule.R16",
        "对未按序时进度完成县委、县政府交办工作任务的责任单位及责任人，下发《限期督办通知单》",
        "a unit or person behind the expected pro-rata progress of an assigned task gets "
        "a deadline supervision notice",
    ),
    Message(
        "rule.R17",
        "对落实上级和县委、县政府重大决策不力，以及在工作中存在作风懈怠、推诿拖沓、弄虚作假等"
        "影响全县大局的责任人，向纪检监察机关发出《追责建议函》，建议对相关责任人追究问责",
        "poor implementation of major decisions, slackness, shirking or falsification "
        "lead to an accountability recommendation letter to the discipline inspection "
        "body, naming those responsible",
    ),
    Message(
        "rule.R20",
        "对未履行“契约责任”、不及时办理承办事项的，由县督考办下达《限期办结通知单》督促办结",
        "an unkept commitment gets a deadline completion notice",
    ),
    Message(
        "rule.R21",
        "对不按要求落实督查事项，不及时反馈情况的单位和个人，下达《日常督考通知单》进行即时扣分，"
        "计入年度考核得分",
        "a unit or person who does not carry out a supervision item or does not report "
        "back gets a daily supervision notice with an instant deduction that counts "
        "into the annual score",
    ),
    # -- the reasons stored with colour verdicts and notices (R4, R16, R20, R21). They are
    # stored text: they keep the punctuation of the reasons already stored, so that a
    # reason written today reads like one written before (see test_messages).
    Message("reason.done", "已办结", "done"),
    Message("reason.on_schedule", "按序时进度推进", "on schedule"),
    Message("reason.overdue", "超过期限未办结", "past its due date and not done"),
    Message(
        "reason.red",
        "落后序时进度 {lag} 个百分点(>{bound})",
        "{lag} percentage points behind the expected progress (>{bound})",
    ),
    Message(
        "reason.yellow",
        "落后序时进度 {lag} 个百分点(≥{bound})",
        "{lag} percentage points behind the expected progress (≥{bound})",
    ),
    Message(
        "reason.blue",
        "距期限还有 {left} 个工作日(≤{within}),尚未办结",
        "due in {left} working days (≤{within}) and not done",
    ),
    Message("reason.urgent", ";事态紧急,升一级", "; urgent, one colour up"),
    Message("reason.lag.more_than", "超过 {bound}", "more than {bound}"),
    Message("reason.lag.at_least", "不少于 {bound}", "at least {bound}"),
    Message(
        "reason.completion",
        "超过期限未办结,限期办结",
        "past its due date and not done: a deadline to complete it",
    ),
    Message(
        "reason.behind",
        "未按序时进度完成:序时进度 {expected}%,实际 {actual}%,落后 {lag} 个百分点",
        "behind the expected progress: expected {expected}%, actual {actual}%, "
        "{lag} percentage points behind",
    ),
    Message(
        "reason.missed_report",
        "本月未按要求报送进度,即时扣分",
        "no progress report this month: an instant deduction",
    ),
    Message(
        "reason.escalated",
        "{serial} {kind} 逾期未反馈(应于 {day} 前反馈),升级",
        "{serial} {kind} not answered (due by {day}): escalated",
    ),
    # -- dates (成文日期, GB/T 9704-2012 7.3.5.4: Arabic numerals, 年月日 in full)
    Message("date", "{year}年{month}月{day}日", "{year}-{month:02d}-{day:02d}"),
)

_CATALOGUE = {m.key: m for m in _MESSAGES}
assert len(_CATALOGUE) == len(_MESSAGES), "duplicate message keys"


def keys() -> tuple[str, ...]:
    """Every key in the catalogue, in catalogue order.

    >>> "rule.R16" in keys()
    True
    """
    return tuple(_CATALOGUE)


def text(key: str, lang: str = "zh", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (``"zh"`` or ``"en"``) with ``values`` filled in.

    :raises ValidationError: for an unknown key or language, or a missing or
        extra value (naming the fields the message takes).

    >>> text("notice.addressee", name="县发改局")
    '县发改局：'
    >>> text("notice.addressee", "fr", name="x")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: lang: unknown language 'fr' (allowed: zh, en)
    """
    message = _CATALOGUE.get(key)
    if message is None:
        raise ValidationError("key", f"no message {key!r} in the catalogue")
    if lang not in LANGUAGES:
        raise ValidationError("lang", f"unknown language {lang!r}", allowed=LANGUAGES)
    if set(values) != message.fields:
        raise ValidationError(
            "values",
            f"message {key!r} takes {sorted(message.fields)}, got {sorted(values)}",
        )
    template: str = getattr(message, lang)
    return template.format(**values)


def date_text(day: dt.date, lang: str = "zh") -> str:
    """``day`` as a document writes it: ``2026年4月8日`` (GB/T 9704-2012 7.3.5.4), or ISO in English.

    >>> date_text(dt.date(2026, 4, 8)), date_text(dt.date(2026, 4, 8), "en")
    ('2026年4月8日', '2026-04-08')
    """
    return text("date", lang, year=day.year, month=day.month, day=day.day)
