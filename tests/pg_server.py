"""A real PostgreSQL server for the tests: the Debian package's binaries, a cluster initialised
in a temporary directory, started on a free port on 127.0.0.1 — as a non-root user, since
postgres refuses to run as root — and stopped and removed however the test ends. Skips (with
the reason) only where no server can be started."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

#: the throwaway user a root test runs the server as when the package made none
USER = "perfscore-pg"


def _bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    preferred = [p for p in found if p.parent.parent.name == "15"]
    chosen = (preferred or found or [None])[0]
    return chosen.parent if chosen is not None else None


def _user() -> str | None:
    """Who runs the server: ourselves, unless root — then `postgres` (the Debian package's
    user) or a throwaway system user created for it."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", USER):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/bin/false", USER],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    return USER


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def postgres_url() -> Iterator[str]:
    """A running server's URL (database `postgres`, user `perfscore`, no password)."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found (apt-get install postgresql)")
    user = _user()
    run_as = ["runuser", "-u", user, "--"] if user else []
    root = Path(tempfile.mkdtemp(prefix="perfscore-pg-"))
    data = root / "data"
    if user:
        shutil.chown(root, user)
    port = _free_port()

    def pg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*run_as, *args], capture_output=True, text=True, timeout=120)

    try:
        done = pg(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "perfscore",
                  "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"PostgreSQL cannot initialise a cluster here: {done.stderr.strip()}")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        done = pg(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o",
                  options, "-w", "-t", "60", "start")  # fmt: skip
        if done.returncode != 0:
            log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
            pytest.skip(f"PostgreSQL cannot start here: {done.stderr.strip()} {log[-500:]}")
        try:
            yield f"postgresql://perfscore@127.0.0.1:{port}/postgres"
        finally:
            pg(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
