"""qingdan_core: the 清单工作法 (checklist method) as a reusable library.

Lists for civil servants and units, the monthly rhythm of commitments, logs
and assessments, the supervision office's attention levels and notices, and
the weighted scoring, ranking and grading that feed the annual assessment.
The rules it implements are numbered R1–R26 (see the docs page "The rules").

>>> import qingdan_core
>>> isinstance(qingdan_core.__version__, str)
True
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("qingdan-core")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["__version__"]
