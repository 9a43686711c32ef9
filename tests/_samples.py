"""Sample inputs shared by several test modules."""

from __future__ import annotations

from hypothesis import strategies as st

from qingdan_core.colours import ProgressState

# A made-up notice for 2027, the year after the packaged calendar's coverage.
NEXT_YEAR_NOTICE = """
format = 1
region = "CN"

[[year]]
year = 2027
notices = ["国办发明电〔2026〕1号"]
title = "国务院办公厅关于2027年部分节假日安排的通知"
published = 2026-11-01
source = "an example"

[[year.holiday]]
name = "元旦"
first = 2027-01-01
last = 2027-01-03
makeup_workdays = []

[[year.holiday]]
name = "春节"
first = 2027-02-06
last = 2027-02-13
makeup_workdays = [2027-02-14, 2027-02-20]
"""

shares = st.decimals(min_value=0, max_value=1, places=3)
"""A share of work done or expected, 0–1, to 3 places."""


def progress_states(max_missed: int = 2) -> st.SearchStrategy[ProgressState]:
    """A task's progress state on a review day (R4, R16, R18)."""
    return st.builds(
        ProgressState,
        expected=shares,
        actual=shares,
        workdays_left=st.integers(0, 60),
        overdue=st.booleans(),
        done=st.booleans(),
        missed_reports=st.integers(0, max_missed),
    )
