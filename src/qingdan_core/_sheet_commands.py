"""The ``qingdan template`` and ``qingdan load`` commands (spreadsheets in, R2, R15, R19).

* ``qingdan template --kind roster|tasks|lists -o FILE.xlsx`` — write an empty
  template with its Chinese headers and notes sheet;
* ``qingdan load --db PATH --kind roster|tasks|lists [--dry-run] FILE...`` —
  load filled-in ``.xlsx``/``.csv`` files; prints ``n added, m updated, k
  unchanged``, or with ``--dry-run`` what would change (writing nothing). A
  file with problems prints one line per problem (sheet, row, column, reason),
  exits 2 and writes nothing. A new SQLite path (or an empty file), or a server
  database without qingdan tables, is made a qingdan database by the first load.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from qingdan_core.errors import ValidationError
from qingdan_core.sheets import Plan, plan_load, write_template
from qingdan_core.sheets.templates import TEMPLATES, TemplateKind

__all__ = ["add_commands"]


def add_commands(sub: Any) -> None:
    """Add ``template`` and ``load`` to the ``qingdan`` subcommands ``sub``."""
    kinds = [kind.value for kind in TemplateKind]
    template = sub.add_parser("template", help="write an empty spreadsheet template (.xlsx)")
    template.add_argument("--kind", required=True, choices=kinds)
    template.add_argument("--output", "-o", required=True, help="the .xlsx file to write")
    template.set_defaults(run=_template)

    load = sub.add_parser("load", help="load a roster, key tasks or task lists from spreadsheets")
    load.add_argument("--db", required=True, help="SQLite path or store URL")
    load.add_argument("--kind", required=True, choices=kinds)
    load.add_argument(
        "--dry-run", action="store_true", help="print what would change, write nothing"
    )
    load.add_argument(
        "files", nargs="+", help=".xlsx or .csv files (a .csv is the sheet its name says)"
    )
    load.set_defaults(run=_load)


def _template(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    kind = TemplateKind(args.kind)
    target = write_template(kind, args.output)
    sheets = "、".join(spec.name for spec in TEMPLATES[kind])
    print(f"wrote the {kind.value} template ({kind.label}: {sheets}, 说明) to {target}", file=out)
    return 0


def _plan(store: Any, kind: TemplateKind, files: list[str], err: TextIO) -> Plan | None:
    """The plan of loading ``files``, or None after printing each problem on its own line."""
    try:
        return plan_load(store, kind, files)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"qingdan: {problem}", file=err)
        print(
            f"qingdan: {len(exc.problems)} problem(s) in {', '.join(files)}; nothing written",
            file=err,
        )
        return None


def _is_new(db: str) -> bool:
    """Whether ``db`` holds no qingdan database yet: an SQLite path with no file or an empty
    one, or a server database without qingdan_core tables (the first load creates them)."""
    from qingdan_core import cli
    from qingdan_core.storage import open_store

    path = cli._sqlite_path(db)
    if path is not None:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    store = open_store(cli._url(db))
    try:
        return getattr(store.backend, "schema_version", None) is None
    finally:
        store.close()


def _load(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core import cli
    from qingdan_core.storage import open_store

    kind = TemplateKind(args.kind)
    new = _is_new(args.db)
    # A database not made yet is checked against an empty store: a refused file creates nothing.
    with open_store("memory://") if new else cli._existing(args.db) as store:
        plan = _plan(store, kind, args.files, err)
        if plan is None:
            return 2
        if args.dry_run:
            for line in plan.lines():
                print(line, file=out)
            print(f"dry run, nothing written: {plan.counts}", file=out)
            return 0
        if not new:
            counts = str(plan.apply(store))
    if new:
        store = cli._fresh(args.db, replace=False)
        try:
            counts = str(plan_load(store, kind, args.files).apply(store))
        finally:
            store.close()
    print(f"{kind.label} loaded into {args.db}: {counts}", file=out)
    return 0
