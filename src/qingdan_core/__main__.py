"""``python -m qingdan_core``: the same as the ``qingdan`` command."""

from qingdan_core.cli import main

raise SystemExit(main())
