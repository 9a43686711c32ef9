"""The demo county: a seeded generator and a year run through the real rules and store.

* :mod:`~qingdan_core.demo.county` — :func:`generate_county`, a plausible county from a seed;
* :mod:`~qingdan_core.demo.year` — :func:`run_year`, the county's year month by month.

``qingdan demo`` (see :mod:`qingdan_core.cli`) runs both.
"""

from __future__ import annotations

from qingdan_core.demo.county import County, generate_county

__all__ = ["County", "generate_county"]
