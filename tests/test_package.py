"""Packaging: version from metadata, the module entry point, a light import, no outside references."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import qingdan_core


def test_version_comes_from_the_installed_metadata() -> None:
    assert qingdan_core.__version__ == version("qingdan-core")


def test_python_dash_m_prints_the_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qingdan_core", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"qingdan {qingdan_core.__version__}"


def test_importing_the_package_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys, qingdan_core, qingdan_core.codec, qingdan_core.errors\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(qingdan_core.__path__, 'qingdan_core.'):\n"
        "    if not m.name.startswith(('qingdan_core.storage.sql', 'qingdan_core.testing')):\n"
        "        importlib.import_module(m.name) if m.name != 'qingdan_core.__main__' else None\n"
        "print('sqlalchemy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_conformance_suite_without_pytest_names_the_extra_to_install() -> None:
    code = (
        "import sys\n"
        "sys.modules['pytest'] = None  # as if pytest were not installed\n"
        "try:\n"
        "    import qingdan_core.testing\n"
        "except ImportError as exc:\n"
        "    print(exc.name, '|', exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "pytest | qingdan_core.testing needs pytest: pip install 'qingdan-core[testing]'"
    )


def _imported_after(code: str) -> set[str]:
    """The heavy modules among those ``code`` leaves imported, in a fresh interpreter."""
    heavy = ("sqlalchemy", "cattrs", "importlib.metadata", "psycopg", "pymysql", "openpyxl")
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_importing_the_package_loads_no_heavy_module() -> None:
    assert _imported_after("import qingdan_core") == set()


def test_the_calendar_path_needs_no_codec_and_no_database() -> None:
    code = (
        "import datetime as dt\n"
        "from qingdan_core import china\n"
        "assert china().add_workdays(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)"
    )
    assert _imported_after(code) == set()


def test_every_public_name_loads_from_the_module_that_documents_it() -> None:
    for name in qingdan_core.__all__:
        value = getattr(qingdan_core, name)
        if name != "__version__":
            module = importlib.import_module(qingdan_core._EXPORTS[name])
            assert value is getattr(module, name), name
    assert set(qingdan_core.__all__) == {*qingdan_core._EXPORTS, "__version__"}
    assert set(qingdan_core.__all__) <= set(dir(qingdan_core))


def test_type_checkers_see_the_same_names_as_the_lazy_loader() -> None:
    """The ``if TYPE_CHECKING:`` imports and ``_EXPORTS`` name the same things, from the same places."""
    tree = ast.parse((ROOT / "src" / "qingdan_core" / "__init__.py").read_text(encoding="utf-8"))
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    imported = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module != "typing"
        for alias in node.names
    }
    assert imported == qingdan_core._EXPORTS


def test_public_names_are_sorted() -> None:
    assert qingdan_core.__all__ == sorted(qingdan_core.__all__)


ROOT = Path(__file__).resolve().parents[1]

OUTSIDE = re.compile(
    r"\bDESIGN\.md|\bRULES\.md|(?i:review\s+(?:findings?|[a-z]?\d)|\bfindings?\s+\d)"
    r"|/work/(?:shared|helpers)"
)
"""References to documents a reader of the repository does not have."""


def _repository_files() -> list[Path]:
    """The repository's files, tracked or new but not ignored; outside git, every file but caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        return [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    skip = {".git", ".venv", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"}
    return [
        p
        for p in ROOT.rglob("*")
        if p.is_file() and not skip.intersection(p.relative_to(ROOT).parts)
    ]


def test_no_file_points_at_a_document_outside_the_repository() -> None:
    """Code, tests and docs cite docs/rules.md and docs/architecture.md, nothing a reader lacks."""
    files = _repository_files()
    assert ROOT / "docs" / "architecture.md" in files
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        if path.is_file() and path != Path(__file__).resolve()  # its examples must match
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_outside_reference_check_would_catch_one() -> None:
    """The pattern matches each kind of outside reference, and not the words in ordinary use."""
    for text in (
        "see DESIGN.md",
        "rules.md and RULES.md",
        "(review finding 15)",
        "Findings 7, 14",
        "Review D2",
    ):
        assert OUTSIDE.search(text), text
    for text in ("docs/rules.md", "review.findings[0]", "the findings, level changes"):
        assert not OUTSIDE.search(text), text
