"""The engine's launcher keeps Rasa's validation of action responses (compiled once)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from bot.engine.model import rasa_env, rasa_python
from bot.engine.process import LAUNCHER
from bot.settings import PROJECT_ROOT, Settings

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
    done = subprocess.run(
        [str(python), "-c", CHECK], env=rasa_env(), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip() == "refused", done.stderr[-2000:]


SAME_RESULTS = """
import asyncio, json, logging, sys
logging.disable(logging.WARNING)
sys.path.insert(0, {launcher_dir!r})
import rasa_launcher
from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

texts = {texts!r}
dialogues = [
    [("greet", None)],
    [("state_need", None)],
    [("greet", None), ("bot_capabilities", None), ("affirm", None)],
    [("inform", "company_size"), ("ask_why", None)],
    [("ask_content", None)],
    [("gibberish_intent_nobody_knows", None)],
]

async def results(agent):
    parsed = [await agent.parse_message(text) for text in texts]
    predicted = []
    for turns in dialogues:
        tracker = DialogueStateTracker("check", agent.domain.slots)
        tracker.update(ActionExecuted("action_listen"))
        for intent, slot in turns:
            tracker.update(UserUttered("...", {{"name": intent, "confidence": 0.9}}))
            if slot:
                tracker.update(SlotSet(slot, 200))
            prediction = agent.processor.predict_next_with_tracker(tracker)
            predicted.append({{k: v for k, v in prediction.items() if k != "tracker"}})
            tracker.update(ActionExecuted(agent.domain.action_names_or_texts[
                max(range(len(prediction["scores"])),
                    key=lambda i: prediction["scores"][i]["score"])]))
            tracker.update(ActionExecuted("action_listen"))
    return json.dumps([parsed, predicted], sort_keys=True, default=str)

plain = asyncio.run(results(Agent.load({model!r})))
rasa_launcher.graphs_run_in_order()
rasa_launcher.classifier_input_without_empty_blocks()
fixed_agent = Agent.load({model!r})
assert type(fixed_agent.processor.graph_runner).__name__ == "OrderedGraphRunner"
fixed = asyncio.run(results(fixed_agent))
if plain != fixed:
    a, b = json.loads(plain), json.loads(fixed)
    for kind, x, y in (("parse", a[0], b[0]), ("prediction", a[1], b[1])):
        for i, (one, two) in enumerate(zip(x, y)):
            assert one == two, f"the launcher's fixes changed a {{kind}} ({{i}}): {{one}} {{two}}"
print("same", len(texts))
"""


def test_the_launchers_fixes_change_no_parse_and_no_prediction(model: Path) -> None:
    holdout = yaml.safe_load((PROJECT_ROOT / "tests" / "nlu" / "holdout.yml").read_text())
    texts = [
        line[2:].strip()
        for block in holdout["nlu"]
        for line in block["examples"].splitlines()
        if line.startswith("- ")
    ]
    script = SAME_RESULTS.format(launcher_dir=str(LAUNCHER.parent), texts=texts, model=str(model))
    python = rasa_python(Settings(_env_file=None).rasa_venv)  # type: ignore[call-arg]
    done = subprocess.run(
        [str(python), "-c", script], env=rasa_env(), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == f"same {len(texts)}"
