"""Plain Rasa for `make bench` (benchmarks/load.py): our training data (domain, stories,
rules, NLU) with `rasa init`'s default config.yml, trained once and cached by a fingerprint
of its inputs under benchmarks/results/plain-rasa/, then served by `rasa run` on its REST
channel, with no action server and no gateway.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from benchmarks.chat_latency import free_port
from bot.engine.model import RasaProject, rasa_env, rasa_executable, train_command

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
RASA_VENV = ROOT / ".venv-rasa"
INIT_CONFIG = "rasa/cli/initial_project/config.yml"


def plain_config() -> Path:
    found = sorted(RASA_VENV.glob(f"lib/python3*/site-packages/{INIT_CONFIG}"))
    if not found:
        raise SystemExit(f"no {INIT_CONFIG} in {RASA_VENV}: run `make install` first")
    return found[0]


def plain_model() -> Path:
    """Our training data with `rasa init`'s config.yml, trained once and cached."""
    project = RasaProject(ROOT)
    config = plain_config()
    digest = hashlib.sha256(config.read_bytes())
    for path in project.inputs():
        if path != project.config:
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    folder = RESULTS / "plain-rasa"
    model = folder / f"plain-{digest.hexdigest()[:16]}.tar.gz"
    if model.exists():
        print(f"plain Rasa model: {model.name} (cached)", flush=True)
        return model
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("plain-*.tar.gz"):
        old.unlink()
    print("Training plain Rasa (rasa init's config: DIET, TED; several minutes) ...", flush=True)
    started = time.monotonic()
    name = model.name.removesuffix(".tar.gz")
    cmd = train_command(rasa_executable(RASA_VENV), config, project, folder, name)
    work = Path(folder / "work")
    work.mkdir(exist_ok=True)
    done = subprocess.run(cmd, cwd=work, env=rasa_env(), capture_output=True, text=True)
    if done.returncode != 0 or not model.exists():
        raise SystemExit(f"plain Rasa training failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    print(f"plain Rasa trained in {time.monotonic() - started:.0f} s", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return model


@contextmanager
def running_plain_rasa(model: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    folder = model.parent
    credentials = folder / "credentials.yml"
    credentials.write_text("rest:\n")
    log = (folder / "plain-rasa.log").open("wb")
    cmd = [
        str(rasa_executable(RASA_VENV)),
        "run",
        "--model",
        str(model),
        "--credentials",
        str(credentials),
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        cmd,
        cwd=folder,
        env=rasa_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{url}/webhooks/rest/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("plain Rasa did not start: see " + str(folder / "plain-rasa.log"))
            time.sleep(0.5)
        yield process, url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
