"""Hypothesis strategies for the scoring tests (R3, R12, R14, R21–R25)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from qingdan_core.ledger import EntryKind, LedgerEntry, Subject, SubjectKind
from qingdan_core.scoring import MonthRecord, PartScore, Rating, YearRecord

YEAR = 2026
ids = st.text(alphabet="abcdefgh0123456789-", min_size=1, max_size=6).filter(str.strip)
scores = st.decimals(min_value=0, max_value=100, places=2)
subjects = st.builds(Subject, st.sampled_from(SubjectKind), ids)
OBJECTIVE = ("task", "attendance", "supervision")


@st.composite
def ratings(
    draw: st.DrawFn, subject: Subject, groups: tuple[str, ...] = ("leaders", "colleagues", "public")
) -> tuple[Rating, ...]:
    """Ratings by distinct assessors (never the subject, R26) in the given groups."""
    raters = draw(st.lists(st.tuples(st.sampled_from(groups), ids), unique=True, max_size=7))
    return tuple(
        Rating(group, assessor, draw(scores))
        for group, assessor in raters
        if assessor != subject.id
    )


@st.composite
def month_records(
    draw: st.DrawFn, subject: Subject | None = None, month: int | None = None
) -> MonthRecord:
    """A record with every objective part of the default policy and 1+ ratings."""
    subject = subject or draw(subjects)
    month = month or draw(st.integers(1, 12))
    parts = tuple(PartScore(key, draw(scores)) for key in OBJECTIVE)
    rated = draw(ratings(subject))
    if not rated:
        rated = (Rating("leaders", subject.id + "-boss", draw(scores)),)
    return MonthRecord(subject, YEAR, month, parts, rated)


@st.composite
def entries(draw: st.DrawFn, record: MonthRecord, max_size: int = 6) -> list[LedgerEntry]:
    """Ledger entries about ``record``'s subject in its month, with distinct ids."""
    n = draw(st.integers(0, max_size))
    out = []
    for i in range(n):
        kind = draw(st.sampled_from(EntryKind))
        size = draw(st.decimals(min_value=Decimal("0.01"), max_value=8, places=2))
        points = {
            EntryKind.DEDUCTION: -size,
            EntryKind.BONUS: size,
            EntryKind.OPINION: Decimal(0),
            EntryKind.SHOWCASE: size,
        }[kind]
        day = dt.date(record.year, record.month, draw(st.integers(1, 28)))
        out.append(
            LedgerEntry(
                f"L-{record.subject.id}-{record.month}-{i}",
                record.subject,
                day,
                kind,
                points,
                f"督考〔2026〕{i}号",
                "R21",
                "未按时反馈",
            )
        )
    return out


maybe_scores = st.one_of(st.none(), scores)


@st.composite
def year_records(draw: st.DrawFn, subject: Subject | None = None) -> YearRecord:
    """A year with some months, quarters or the annual review possibly missing."""
    months = tuple(draw(maybe_scores) for _ in range(12))
    quarters = tuple(draw(maybe_scores) for _ in range(4))
    annual = draw(maybe_scores)
    if all(m is None for m in months) and all(q is None for q in quarters) and annual is None:
        annual = draw(scores)
    return YearRecord(subject or draw(subjects), YEAR, months, quarters, annual)
