"""Shared fixtures: a throwaway PostgreSQL server and a throwaway MariaDB server for the test run.

``pg_url`` is a session-scoped SQLAlchemy URL of a real PostgreSQL server:
``QINGDAN_TEST_PG_URL`` when set, else a server started here with the Debian
``postgresql`` binaries (initdb + pg_ctl, as the ``postgres`` user when we run
as root, data and socket in a temporary directory, listening on loopback only)
and stopped at the end.

``db`` is a place for a new store, once an SQLite path and once (marked
``postgres``) the URL of a new PostgreSQL database on ``pg_url``.

``mysql_url`` is the same for the MySQL family: ``QINGDAN_TEST_MYSQL_URL`` when
set, else a MariaDB server started here with the Debian ``mariadb-server``
binaries (``mariadb-install-db`` + ``mariadbd``, as the ``mysql`` user when we
run as root, data and socket in a temporary directory, loopback only).

When ``CI=true`` a server that cannot start fails the tests that need it with
the reason; elsewhere they are skipped with the reason.
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
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


class ServerUnavailable(RuntimeError):
    """A test database server could not be started."""


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise ServerUnavailable(
            f"{name} not found on PATH or in /usr/lib/postgresql/*/bin; "
            "install the Debian package 'postgresql' (.ci/run does this)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str], user: str = "postgres") -> list[str]:
    """The servers refuse to run as root: run them as ``user`` then."""
    if os.geteuid() != 0:
        return argv
    try:
        pwd.getpwnam(user)
    except KeyError:
        raise ServerUnavailable(
            f"running as root but there is no {user!r} user to run the server as"
        ) from None
    return ["runuser", "-u", user, "--", *argv]


def _own(user: str, *paths: Path) -> None:
    """Give ``paths`` to the server's ``user`` when we run as root."""
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        for path in paths:
            os.chown(path, entry.pw_uid, entry.pw_gid)


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise ServerUnavailable(
            f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()[-800:]}"
        )


@contextlib.contextmanager
def _throwaway_server() -> Iterator[str]:
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="qingdan-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    _own("postgres", root, sockets)
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


def _mariadb_bin(name: str) -> str:
    found = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None
    )
    if found is None:
        raise ServerUnavailable(
            f"{name} not found on PATH or in /usr/sbin; "
            "install the Debian package 'mariadb-server' (.ci/run does this)"
        )
    return found


def _wait_for_socket(path: Path, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise ServerUnavailable(f"mariadbd did not start ({server.returncode}): {tail}")
        time.sleep(0.05)


@contextlib.contextmanager
def throwaway_mariadb() -> Iterator[str]:
    """A MariaDB server in a temporary directory (in memory where /dev/shm exists) on a
    loopback port; its root URL.

    A test server: commits are not flushed to disk (the SIGKILL test kills a
    client, never the server).
    """
    install, server_bin = _mariadb_bin("mariadb-install-db"), _mariadb_bin("mariadbd")
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # DDL is 10x faster there
    root = Path(tempfile.mkdtemp(prefix="qingdan-mariadb-", dir=memory))
    data, sock, log = root / "data", root / "mysqld.sock", root / "error.log"
    data.mkdir()
    _own("mysql", root, data)
    port = _free_port()
    try:
        _run(
            _as_server_user(
                [
                    install,
                    "--no-defaults",
                    f"--datadir={data}",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ],
                "mysql",
            )
        )
        options = [
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={sock}",
            f"--pid-file={root / 'mysqld.pid'}",
            f"--log-error={log}",
            "--bind-address=127.0.0.1",
            f"--port={port}",
            "--innodb-flush-log-at-trx-commit=0",
        ]
        server = subprocess.Popen(
            _as_server_user([server_bin, *options], "mysql"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_socket(sock, server, log)
            yield f"mysql+pymysql://root@127.0.0.1:{port}/?charset=utf8mb4"
        finally:
            server.terminate()
            server.wait(timeout=60)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _server_url(variable: str, name: str, start: Callable[[], Any]) -> Iterator[str]:
    """The URL in ``variable``, else of a server ``start`` brings up for the session."""
    given = os.environ.get(variable)
    if given:
        yield given
        return
    with contextlib.ExitStack() as stack:
        try:
            url: str = stack.enter_context(start())
        except ServerUnavailable as exc:
            message = f"{name} for the tests could not start: {exc}"
            if os.environ.get("CI") == "true":
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        yield url


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The SQLAlchemy URL of a real PostgreSQL server for this test run."""
    yield from _server_url("QINGDAN_TEST_PG_URL", "PostgreSQL", _throwaway_server)


@pytest.fixture(scope="session")
def mysql_url() -> Iterator[str]:
    """The SQLAlchemy URL of a real MariaDB (or MySQL) server for this test run, no database
    selected."""
    yield from _server_url("QINGDAN_TEST_MYSQL_URL", "MariaDB", throwaway_mariadb)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A place for a new store: an SQLite path, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    sa = pytest.importorskip("sqlalchemy")
    pg_url: str = request.getfixturevalue("pg_url")
    name = f"qingdan_me_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
