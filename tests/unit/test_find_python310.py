"""The engine's Python 3.10 is found without help, or the user is told what to install."""

import os
import subprocess
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "find-python310.sh"


def test_without_python_310_the_message_says_exactly_what_to_install(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "pyenv")}
    for candidate in ("/usr/bin/python3.10", "/usr/local/bin/python3.10"):
        if os.path.exists(candidate):
            pytest.skip(f"{candidate} exists: the failure path can't be shown here")
    result = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no Python 3.10 interpreter found" in result.stderr
    assert "pyenv install 3.10.13" in result.stderr
    assert "RASA_PYTHON" in result.stderr


def test_rasa_python_points_at_an_interpreter_that_is_then_used(tmp_path: Path) -> None:
    found = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True)
    if found.returncode != 0:
        pytest.skip("no Python 3.10 on this machine")
    interpreter = found.stdout.strip()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "x"),
        "RASA_PYTHON": interpreter,
    }
    again = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)
    assert again.returncode == 0
    assert again.stdout.strip() == interpreter
