"""Headless Chromium for the tests that render HTML and print it to PDF.

Chromium comes from the Debian package ``chromium`` (``.ci/run`` installs it);
with ``CI=true`` a missing browser fails the test, elsewhere it is skipped
with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest


def chromium() -> str:
    """The path of headless Chromium; fails (under CI) or skips the test without it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "headless Chromium not found: install the Debian package 'chromium'"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def run(browser: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless ``browser`` with ``args`` in a throw-away profile, offline."""
    profile = tempfile.mkdtemp(prefix="qingdan-chromium-")
    try:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
