"""Training the Rasa model only when its inputs change.

The model's name is a fingerprint of everything that goes into it: config.yml,
the domain, the training data and the engine's lock file. `ensure_model`
trains only when no model with the current fingerprint exists.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ModelTrainingError
from bot.settings import PROJECT_ROOT

RASA_SUFFIXES = {".yml", ".yaml", ".md", ".json"}
# Our pipeline components in engine_runtime/ (config.yml names them): part of the model.
COMPONENTS = ("e5_featurizer", "intent_cues")


@dataclass(frozen=True)
class RasaProject:
    """Where the engine's inputs live."""

    root: Path = PROJECT_ROOT

    @property
    def config(self) -> Path:
        return self.root / "config.yml"

    @property
    def domain(self) -> Path:
        return self.root / "bot" / "domain"

    @property
    def data(self) -> list[Path]:
        return [self.root / "bot" / "data", self.root / "nlu" / "data"]

    @property
    def stories_tests(self) -> Path:
        return self.root / "tests" / "stories"

    @property
    def engine_lock(self) -> Path:
        return self.root / "requirements" / "engine.lock"

    @property
    def engine_components(self) -> Path:
        """Our own pipeline components (config.yml names them), on the engine's import path."""
        return self.root / "engine_runtime"

    def inputs(self) -> list[Path]:
        """Every file the model depends on, in a stable order."""
        components = [self.engine_components / f"{name}.py" for name in COMPONENTS]
        files = [self.config, self.engine_lock, *components]
        for folder in [self.domain, *self.data]:
            files.extend(sorted(p for p in folder.rglob("*") if p.suffix in RASA_SUFFIXES))
        return files


def fingerprint(files: Iterable[Path], root: Path) -> str:
    """A short hash of the files' relative paths and contents."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path(project: RasaProject, models_dir: Path) -> Path:
    return models_dir / f"prospect-{fingerprint(project.inputs(), project.root)}.tar.gz"


def rasa_env() -> dict[str, str]:
    """Environment for every rasa subprocess: quiet, no telemetry, no GPU probing."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        CUDA_VISIBLE_DEVICES="",
        PYTHONWARNINGS="ignore",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    # Our pipeline components (engine_runtime/e5_featurizer.py) for `rasa train` and the
    # engine; the launcher's own folder is on its path anyway.
    components = str(RasaProject().engine_components)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [components, env.get("PYTHONPATH")]))
    return env


def rasa_python(rasa_venv: Path) -> Path:
    """The engine environment's interpreter (it runs `engine_runtime/rasa_launcher.py`)."""
    rasa_executable(rasa_venv)  # the same clear error when the engine is not installed
    return rasa_venv / "bin" / "python"


def rasa_executable(rasa_venv: Path) -> Path:
    exe = rasa_venv / "bin" / "rasa"
    if not exe.exists():
        raise ModelTrainingError(
            f"the Rasa engine is not installed ({exe} is missing): run `make install`"
        )
    return exe


def train_command(
    rasa: Path, config: Path, project: RasaProject, out: Path, name: str
) -> list[str]:
    """`rasa train` of the project's domain and data with `config`, to `out`/`name`.tar.gz."""
    return [
        str(rasa),
        "train",
        "--config",
        str(config),
        "--domain",
        str(project.domain),
        "--data",
        *[str(p) for p in project.data],
        "--out",
        str(out),
        "--fixed-model-name",
        name,
    ]


def ensure_model(
    *, rasa_venv: Path, models_dir: Path, project: RasaProject | None = None, force: bool = False
) -> Path:
    """Return the model for the current inputs, training it first if needed."""
    project = project or RasaProject()
    target = model_path(project, models_dir)
    if target.exists() and not force:
        print(f"Model up to date: {target}", flush=True)
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    name = target.name.removesuffix(".tar.gz")
    cmd = train_command(rasa_executable(rasa_venv), project.config, project, models_dir, name)
    print(f"Training the Rasa model (inputs changed) -> {target.name}", flush=True)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=project.root, env=rasa_env(), check=False)
    if proc.returncode != 0 or not target.exists():
        raise ModelTrainingError(f"`rasa train` failed (exit {proc.returncode}); see its output")
    print(f"Model trained in {time.monotonic() - started:.0f} s: {target}", flush=True)
    _prune(models_dir, keep=target)
    return target


def _prune(models_dir: Path, keep: Path, limit: int = 3) -> None:
    """Keep the newest few models so the folder doesn't grow forever."""
    models = sorted(models_dir.glob("prospect-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in [m for m in models if m != keep][: max(0, len(models) - limit)]:
        old.unlink(missing_ok=True)
