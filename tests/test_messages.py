"""The message catalogue: Chinese and English for every message, the same fields in both."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from qingdan_core.errors import ValidationError
from qingdan_core.messages import _MESSAGES, LANGUAGES, Message, date_text, keys, text
from qingdan_core.notices import NoticeKind

_ASCII_PUNCTUATION = re.compile(r"[,;:()]")


def _outside_fields(template: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    assert LANGUAGES == ("zh", "en")
    assert len(keys()) == len(set(keys())) == len(_MESSAGES)
    for message in _MESSAGES:
        fields = {n for _, n, _, _ in string.Formatter().parse(message.en) if n}
        assert fields == message.fields, message.key


def test_chinese_wording_uses_full_width_punctuation() -> None:
    """GB/T 15834 in Chinese text: ，；：（） — never their ASCII look-alikes.

    The stored reasons (``reason.*``) keep the punctuation of the reasons
    already in the stores, so old and new records read alike.
    """
    for message in _MESSAGES:
        if message.key.startswith("reason."):
            continue
        literal = _outside_fields(message.zh)
        assert not _ASCII_PUNCTUATION.search(literal), (message.key, literal)


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_each_kind_has_its_title_and_its_rule(kind: NoticeKind) -> None:
    assert text(f"notice.title.{kind.value}") == kind.label
    assert text(f"notice.title.{kind.value}", "en") != kind.label
    assert text(f"rule.{kind.rule}")
    assert text(f"rule.{kind.rule}", "en")


@pytest.mark.parametrize("rule", sorted({kind.rule for kind in NoticeKind}))
def test_a_rule_is_cited_in_the_words_of_the_rules_page(rule: str) -> None:
    """The Chinese wording is the rule's 原文 on docs/rules.md, verbatim (R4, R16, R17, R20, R21)."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    section = page[page.index(f"{{#{rule.lower()}}}") :]
    original = section[: section.index("**The rule.**")]
    assert text(f"rule.{rule}") in original


def test_text_refuses_missing_and_extra_values() -> None:
    with pytest.raises(ValidationError, match=r"takes \['name'\], got \[\]"):
        text("notice.addressee")
    with pytest.raises(ValidationError, match=r"takes \['name'\], got \['name', 'x'\]"):
        text("notice.addressee", name="甲", x=1)
    with pytest.raises(ValidationError, match="en: names the fields"):
        Message("k", "{a}", "{a} {b}")


def test_stored_reasons_come_from_the_catalogue() -> None:
    """R4, R16, R17: the reasons a colour verdict and an escalation store are catalogue text."""
    import datetime as dt
    from decimal import Decimal

    from qingdan_core.calendar import china
    from qingdan_core.colours import ProgressState, colour_for
    from qingdan_core.ledger import Subject
    from qingdan_core.notices import Serial, escalate_unanswered, issue

    behind = ProgressState(expected=Decimal("0.5"), actual=Decimal("0.35"), workdays_left=20)
    assert colour_for(behind).reason == text("reason.yellow", lag=Decimal(15), bound=Decimal(10))
    assert colour_for(behind).reason == "落后序时进度 15 个百分点(≥10)"
    blue = issue(
        NoticeKind.BLUE_LIST, Serial("督考", 2026, 1), "t-1", Subject.unit("u-1"),
        dt.date(2026, 3, 2), "距期限还有 2 个工作日", china(),
    )  # fmt: skip
    [up] = escalate_unanswered([blue], dt.date(2026, 3, 10), china())
    assert (
        up.successor.reason
        == "督考〔2026〕1号 蓝色督办清单 逾期未反馈(应于 2026-03-09 前反馈),升级"
    )
    english = text(
        "reason.escalated", "en", serial="督考〔2026〕1号", kind="blue list", day="2026-03-09"
    )
    assert english == "督考〔2026〕1号 blue list not answered (due by 2026-03-09): escalated"


def test_dates_are_written_in_full_without_leading_zeros() -> None:
    """GB/T 9704-2012 7.3.5.4: Arabic numerals, 年月日 in full, no 01 for 1."""
    import datetime as dt

    assert date_text(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert date_text(dt.date(2026, 12, 31)) == "2026年12月31日"
    assert date_text(dt.date(2026, 1, 5), "en") == "2026-01-05"
