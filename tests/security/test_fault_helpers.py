"""Issue 13, item 9: the fault tests find `prospect run`'s children by their command line;
from a clone at a long path the command line is longer than `ps` prints (80 columns when its
output is not a terminal), and the child was never found."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any, cast

from tests.assistant import Assistant, child_pids
from tests.integration.test_faults import child

LONG_PATH = "/" + "/".join(["a-clone-at-a-long-path"] * 8)  # 183 characters


def test_a_child_is_found_by_its_whole_command_line() -> None:
    # A parent (as `prospect run`) with a child whose command line starts with a long path.
    script = (
        "import subprocess, sys, time; "
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', "
        f"'{LONG_PATH}/.venv/bin/python', '-m', 'bot.cli', 'serve', '--no-migrate']); "
        "time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 10
        while not child_pids(parent.pid):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        found = child(cast(Assistant, _Running(parent)), "bot.cli serve")
        assert found in child_pids(parent.pid)
        assert (
            "bot.cli serve"
            in Path(f"/proc/{found}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        )
    finally:
        for pid in child_pids(parent.pid):
            subprocess.run(["kill", str(pid)])
        parent.kill()
        parent.wait()


class _Running:
    def __init__(self, process: subprocess.Popen[Any]) -> None:
        self.process = process
