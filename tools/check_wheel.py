"""Build the wheel, install it into a fresh virtualenv, and test the installed package.

``make test`` runs this after the tests of the source tree (``make wheel-check``):
what users install is the wheel, so its doctests and the storage conformance
suite (memory and SQLite) run once more against it, from a directory where the
source tree cannot be imported. The wheel is installed with every extra a user
can ask for (all of ``[project.optional-dependencies]`` but ``dev``); the pytest
options (doctest flags, markers, warnings as errors) are those of
``pyproject.toml``. Run it as ``python tools/check_wheel.py [WORKDIR]``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT / "tests" / "storage" / "test_storage_conformance.py"


def _run(*command: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, check=False, text=True, capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(f"check-wheel: {' '.join(map(str, command))} failed:\n{done.stderr}")
    return done.stdout


def _pytest_ini(project: dict[str, object]) -> str:
    """The pytest options of ``pyproject.toml`` as an ini file for the installed run."""
    options = project["tool"]["pytest"]["ini_options"]  # type: ignore[index]
    markers = "".join(f"\n    {marker}" for marker in options["markers"])
    warnings = "".join(f"\n    {rule}" for rule in options["filterwarnings"])
    return (
        "[pytest]\n"
        f"doctest_optionflags = {options['doctest_optionflags']}\n"
        f"markers ={markers}\n"
        f"filterwarnings ={warnings}\n"
    )


def main(work: Path) -> None:
    work = work.resolve()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = sorted(set(project["project"]["optional-dependencies"]) - {"dev"})
    shutil.rmtree(work, ignore_errors=True)
    (work / "dist").mkdir(parents=True)
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist", ROOT)
    (wheel,) = (work / "dist").glob("qingdan_core-*.whl")
    _run(sys.executable, "-m", "venv", work / "venv")
    python = work / "venv" / "bin" / "python"
    _run(
        python, "-m", "pip", "install", "-q", f"qingdan-core[{','.join(extras)}] @ {wheel.as_uri()}"
    )
    where = _run(python, "-c", "import qingdan_core; print(qingdan_core.__file__)").strip()
    if not where.startswith(str(work / "venv")):
        raise SystemExit(f"check-wheel: qingdan_core was imported from {where}, not the wheel")
    (work / "pytest.ini").write_text(_pytest_ini(project), encoding="utf-8")
    shutil.copy(CONFORMANCE, work / CONFORMANCE.name)
    test = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--strict-markers"]
    test += ["--doctest-modules", "--pyargs", "qingdan_core", CONFORMANCE.name]
    test += ["-m", "not postgres and not mysql"]
    done = subprocess.run([str(part) for part in test], cwd=work, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"check-wheel: the installed {wheel.name} failed its tests")
    print(f"check-wheel: {wheel.name} installed with [{','.join(extras)}] passed")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".venv" / "wheel-check")
