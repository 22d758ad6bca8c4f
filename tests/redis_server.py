"""A throwaway redis-server for the tests, on a free loopback port in a temporary folder.

Nothing is saved to disk and the server is stopped when the test session ends. Without
Debian's redis-server the tests that need it skip, or fail under CI=true (tests.tools).
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator

import pytest

from bench.server import ServerExitedError, free_port, running, wait_until
from tests.tools import require_tool


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``redis://127.0.0.1:PORT/0`` of a redis-server started for this test session."""
    binary = require_tool("redis-server")
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no", "--dir", str(folder)]
    log = folder / "redis.log"
    command += ["--logfile", str(log)]
    with running(
        command, stop_within=10, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    ) as server:
        try:
            wait_until(lambda: _pongs(port), limit=20, process=server, interval=0.1)
        except ServerExitedError:
            pytest.fail(f"redis-server exited: {log.read_text(errors='replace')[-2000:]}")
        except TimeoutError:
            pytest.fail("redis-server did not answer PING within 20 s")
        yield f"redis://127.0.0.1:{port}/0"


def _pongs(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
        connection.sendall(b"PING\r\n")
        return connection.recv(16).startswith(b"+PONG")
