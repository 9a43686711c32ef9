"""Scoring, roll-up, ranking and grading: 评单 and 用单 (R3, R6, R12–R14, R21–R25).

* :mod:`~qingdan_core.scoring.policy` — the :class:`ScoringPolicy` protocol and
  the default :class:`WeightedPolicy` that scores a month (R3, R21);
* :mod:`~qingdan_core.scoring.assessors` — several assessor groups (多人多方, R12);
* :mod:`~qingdan_core.scoring.adjustments` — capped deductions and bonuses from the ledger (R21, R22);
* :mod:`~qingdan_core.scoring.card` — score cards that explain themselves;
* :mod:`~qingdan_core.scoring.annual` — month → quarter → year by set ratios (R6, R12, R14);
* :mod:`~qingdan_core.scoring.ranking` — competition ranking 1, 1, 3 within any grouping;
* :mod:`~qingdan_core.scoring.grading` — grades, quotas, ties and conditions (R23–R25);
* :mod:`~qingdan_core.scoring.consequences` — 诫勉谈话, 限期整改, 约谈, 交流调整, 组织处理 (R12, R13);
* :mod:`~qingdan_core.scoring.weights`, :mod:`~qingdan_core.rounding` — weights
  summing to 1, the missing-part rule, exact arithmetic and the one rounding step.

>>> from decimal import Decimal
>>> from qingdan_core.scoring import GradePolicy, grade, rank
>>> [r.rank for r in rank({"a": Decimal(90), "b": Decimal(90), "c": Decimal(80)})]
[1, 1, 3]
"""

from __future__ import annotations

from qingdan_core.rounding import ROUNDING_MODES, Rounding, exact
from qingdan_core.scoring.adjustments import AdjustmentCaps
from qingdan_core.scoring.annual import (
    AnnualCard,
    LevelLine,
    RollupPolicy,
    YearRecord,
    default_ratios,
    rollup,
)
from qingdan_core.scoring.assessors import AssessorPanel, default_groups
from qingdan_core.scoring.card import AppliedAdjustment, GroupLine, PartKind, PartLine, ScoreCard
from qingdan_core.scoring.consequences import (
    ConsequencePolicy,
    Measure,
    Recommendation,
    WorkdayCalendar,
    recommend,
)
from qingdan_core.scoring.grading import (
    Band,
    ConditionEffect,
    Decision,
    Grade,
    GradeCondition,
    GradePolicy,
    GradeResult,
    Quota,
    QuotaRounding,
    TieRule,
    grade,
)
from qingdan_core.scoring.policy import ScoringPolicy, WeightedPolicy, default_parts, score_months
from qingdan_core.scoring.ranking import ALL, Rank, rank
from qingdan_core.scoring.records import MonthRecord, PartScore, Rating
from qingdan_core.scoring.weights import MissingRule, Weight, combine, sum_to_one

__all__ = [
    "ALL",
    "ROUNDING_MODES",
    "AdjustmentCaps",
    "AnnualCard",
    "AppliedAdjustment",
    "AssessorPanel",
    "Band",
    "ConditionEffect",
    "ConsequencePolicy",
    "Decision",
    "Grade",
    "GradeCondition",
    "GradePolicy",
    "GradeResult",
    "GroupLine",
    "LevelLine",
    "Measure",
    "MissingRule",
    "MonthRecord",
    "PartKind",
    "PartLine",
    "PartScore",
    "Quota",
    "QuotaRounding",
    "Rank",
    "Rating",
    "Recommendation",
    "RollupPolicy",
    "Rounding",
    "ScoreCard",
    "ScoringPolicy",
    "TieRule",
    "Weight",
    "WeightedPolicy",
    "WorkdayCalendar",
    "YearRecord",
    "combine",
    "default_groups",
    "default_parts",
    "default_ratios",
    "exact",
    "grade",
    "rank",
    "recommend",
    "rollup",
    "score_months",
    "sum_to_one",
]
