"""Shared fixtures: a throwaway PostgreSQL server for the test run.

``pg_url`` is a session-scoped SQLAlchemy URL of a real PostgreSQL server:
``QINGDAN_TEST_PG_URL`` when set, else a server started here with the Debian
``postgresql`` binaries (initdb + pg_ctl, as the ``postgres`` user when we run
as root, data and socket in a temporary directory, listening on loopback only)
and stopped at the end. When ``CI=true`` a server that cannot start fails the
tests that need it with the reason; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


class PostgresUnavailable(RuntimeError):
    """The test PostgreSQL server could not be started."""


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise PostgresUnavailable(
            f"{name} not found on PATH or in /usr/lib/postgresql/*/bin; "
            "install the Debian package 'postgresql' (.ci/run does this)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    """The server refuses to run as root: run it as ``postgres`` then."""
    if os.geteuid() != 0:
        return argv
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable(
            "running as root but there is no 'postgres' user to run the server as"
        ) from None
    return ["runuser", "-u", "postgres", "--", *argv]


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()[-800:]}"
        )


@contextlib.contextmanager
def _throwaway_server() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="qingdan-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chown(sockets, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    try:
        _run(
            _as_server_user(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ]
            )
        )
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} -c fsync=off"
        _run(
            _as_server_user(
                [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
            )
        )
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            _run(_as_server_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The SQLAlchemy URL of a real PostgreSQL server for this test run."""
    given = os.environ.get("QINGDAN_TEST_PG_URL")
    if given:
        yield given
        return
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(_throwaway_server())
        except PostgresUnavailable as exc:
            message = f"PostgreSQL for the tests could not start: {exc}"
            if os.environ.get("CI") == "true":
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        yield url
