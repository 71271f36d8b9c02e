"""A real ``geonews serve`` for the tests: the command itself, in a subprocess, on a free
port of 127.0.0.1, with its own collection file; clients talk to it with httpx."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = next((REPO / "seeds").glob("*.txt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    db: str
    log: Path
    token: str | None = None

    def client(self, **kw):
        import httpx

        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(kw.pop("headers", {}))
        return httpx.Client(base_url=self.url, timeout=120, headers=headers, **kw)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def start_server(directory: Path, *args: str, db: str | None = None, token: str | None = None,
                 env: dict | None = None) -> Server:
    """Start ``geonews serve`` and wait until it answers (the gazetteer loads first)."""
    import httpx

    port = free_port()
    db = db or str(directory / "collection.sqlite")
    log = directory / f"serve-{port}.log"
    full_env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep +
                os.environ.get("PYTHONPATH", ""), **(env or {})}
    cmd = [sys.executable, "-m", "geonews", "serve", "--port", str(port), "--db", db, *args]
    if token:
        cmd += ["--token", token]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(log, "wb"),
                            env=full_env, cwd=directory)
    server = Server(f"http://127.0.0.1:{port}", port, proc, db, log, token)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"geonews serve exited: {log.read_text()[-2000:]}")
        try:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            if httpx.get(server.url + "/health", timeout=2, headers=headers).status_code in (
                    200, 401):
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.stop()
    raise AssertionError(f"geonews serve did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One server for the API and browser tests (its collection grows as they run)."""
    s = start_server(tmp_path_factory.mktemp("serve"))
    yield s
    s.stop()


@pytest.fixture
def client(server):
    with server.client() as c:
        yield c


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
