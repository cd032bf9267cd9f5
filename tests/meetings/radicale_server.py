"""A real CalDAV server for the meetings tests: Radicale (a dev dependency) in a subprocess
on a free 127.0.0.1 port, its storage in a temporary folder, one htpasswd user."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import caldav

USER = "alice"
PASSWORD = "not-a-real-secret"
START_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Radicale:
    base_url: str
    process: subprocess.Popen[bytes]

    def new_calendar(self) -> str:
        """A new empty calendar of the user's; its URL."""
        cal_id = uuid.uuid4().hex
        with caldav.DAVClient(
            url=f"{self.base_url}/{USER}/", username=USER, password=PASSWORD
        ) as client:
            calendar = client.principal().make_calendar(name=cal_id, cal_id=cal_id)
        return str(calendar.url)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)  # polling a readiness, not synchronising tests
    raise RuntimeError(f"radicale did not listen on port {port}")


@contextmanager
def radicale(folder: Path) -> Iterator[Radicale]:
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    command = [
        sys.executable, "-m", "radicale", "--config", "",
        "--server-hosts", f"127.0.0.1:{port}",
        "--storage-filesystem-folder", str(folder / "collections"),
        "--auth-type", "htpasswd",
        "--auth-htpasswd-filename", str(users),
        "--auth-htpasswd-encryption", "plain",
        "--auth-delay", "0",
        "--rights-type", "owner_only",
    ]  # fmt: skip
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(port, process)
        yield Radicale(base_url=f"http://127.0.0.1:{port}", process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
