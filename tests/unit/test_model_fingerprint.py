"""The model is retrained only when config, domain, data, the engine lock or our pipeline
components (engine_runtime/e5_featurizer.py, intent_cues.py) change."""

import shutil
from pathlib import Path

import pytest

from bot.engine.model import COMPONENTS, RasaProject, ensure_model, model_path
from bot.errors import ModelTrainingError
from bot.settings import PROJECT_ROOT


@pytest.fixture
def project(tmp_path: Path) -> RasaProject:
    root = tmp_path / "repo"
    components = [f"engine_runtime/{name}.py" for name in COMPONENTS]
    for rel in ["config.yml", "requirements/engine.lock", *components]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / rel, root / rel)
    for rel in ["bot/domain", "bot/data", "nlu/data"]:
        shutil.copytree(PROJECT_ROOT / rel, root / rel)
    return RasaProject(root=root)


def test_the_model_name_is_stable_while_inputs_are_unchanged(
    project: RasaProject, tmp_path: Path
) -> None:
    assert model_path(project, tmp_path) == model_path(project, tmp_path)


@pytest.mark.parametrize(
    "rel",
    [
        "config.yml",
        "bot/domain/chitchat.yml",
        "nlu/data/greetings.yml",
        "requirements/engine.lock",
        "engine_runtime/e5_featurizer.py",
        "engine_runtime/intent_cues.py",
    ],
)
def test_changing_an_input_changes_the_model_name(
    project: RasaProject, tmp_path: Path, rel: str
) -> None:
    before = model_path(project, tmp_path)
    with (project.root / rel).open("a") as f:
        f.write("\n# changed\n")
    assert model_path(project, tmp_path) != before


def test_a_file_outside_the_inputs_does_not_change_the_model_name(
    project: RasaProject, tmp_path: Path
) -> None:
    before = model_path(project, tmp_path)
    (project.root / "bot" / "notes.py").write_text("x = 1\n")
    assert model_path(project, tmp_path) == before


def test_an_up_to_date_model_is_not_retrained(project: RasaProject, tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    existing = model_path(project, models)
    existing.write_bytes(b"model")
    # The engine venv does not exist here: training would fail, so this proves it was skipped.
    got = ensure_model(rasa_venv=tmp_path / "no-venv", models_dir=models, project=project)
    assert got == existing


def test_training_without_the_engine_says_how_to_install_it(
    project: RasaProject, tmp_path: Path
) -> None:
    with pytest.raises(ModelTrainingError, match="make install"):
        ensure_model(rasa_venv=tmp_path / "no-venv", models_dir=tmp_path / "m", project=project)
