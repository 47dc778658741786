"""`make run PORT=…` serves on that port and points the links in mails and feeds there."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def fake_venv():
    """A .venv whose python prints SITE_URL and its arguments instead of running them."""
    path = Path(tempfile.mkdtemp(prefix="portal-make-"))
    python = path / "python"
    python.write_text('#!/bin/sh\necho "$SITE_URL $*"\n')
    python.chmod(0o755)
    stamp = path / "installed"
    stamp.touch()  # newer than the lock file: make installs nothing
    yield path, stamp
    shutil.rmtree(path, ignore_errors=True)


def make_run(fake_venv, *args, **env):
    bin_dir, stamp = fake_venv
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    return subprocess.run(
        ["make", "-s", "run", f"BIN={bin_dir}", f"STAMP={stamp}", *args],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()


def test_make_run_on_another_port_links_to_that_port(fake_venv):
    lines = make_run(fake_venv, "PORT=8123")
    assert lines[-1] == "http://127.0.0.1:8123 manage.py runserver 127.0.0.1:8123"


def test_make_run_keeps_port_8000_and_an_explicit_site_url(fake_venv):
    assert make_run(fake_venv)[-1].endswith("runserver 127.0.0.1:8000")
    lines = make_run(fake_venv, "PORT=8123", SITE_URL="https://community.example")
    assert lines[-1] == "https://community.example manage.py runserver 127.0.0.1:8123"
