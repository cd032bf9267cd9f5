"""The engine's launcher keeps Rasa's validation of action responses (compiled once)."""

from __future__ import annotations

import subprocess

import pytest

from bot.engine.model import rasa_env, rasa_python
from bot.engine.process import LAUNCHER
from bot.settings import Settings

pytestmark = pytest.mark.integration

CHECK = f"""
import sys
sys.path.insert(0, {str(LAUNCHER.parent)!r})
import rasa_launcher
rasa_launcher.compile_action_result_validation()
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
action = RemoteAction("action_x", None)
assert action._validate_action_result({{"events": [], "responses": [{{"text": "hi"}}]}})
try:
    action._validate_action_result({{"events": "not a list"}})
except ValidationError as e:
    assert "Failed to validate Action server response" in e.message
    print("refused")
"""


def test_invalid_action_responses_are_still_refused() -> None:
    python = rasa_python(Settings(_env_file=None).rasa_venv)  # type: ignore[call-arg]
    done = subprocess.run([str(python), "-c", CHECK], env=rasa_env(), capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "refused", done.stderr[-2000:]
