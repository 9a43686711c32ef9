"""Packaging: version from metadata, the module entry point, a light import."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

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


def test_public_names_are_sorted() -> None:
    assert qingdan_core.__all__ == sorted(qingdan_core.__all__)
