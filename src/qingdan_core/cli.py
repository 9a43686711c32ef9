"""The ``qingdan`` command.

Only ``--version`` exists so far; the demo, the month-end run and the
reports arrive with their issue.

>>> main(["--version"])  # doctest: +ELLIPSIS
qingdan ...
0
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from qingdan_core import __version__

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``qingdan`` command."""
    parser = argparse.ArgumentParser(
        prog="qingdan", description="The 清单工作法 (checklist method) library's command."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"qingdan {__version__}")
        return 0
    parser.print_help()
    return 0
