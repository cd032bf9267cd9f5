"""Compare Rasa config candidates on our data: accuracy, speed, memory.

For each config: train a model on bot/domain + bot/data + nlu/data, start
`rasa run --enable-api` on it, parse every held-out example of
tests/nlu/holdout.yml through /model/parse, and report intent accuracy,
how many nonsense messages were caught by the fallback, parse latency,
training time, load time and the engine's resident memory.

    .venv/bin/python benchmarks/compare_configs.py [config.yml benchmarks/configs/*.yml]

Runs the candidates one after another on the same machine in the same run,
so compare the ratios rather than the absolute times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine.model import RasaProject, rasa_env, train_command  # noqa: E402
from bot.settings import get_settings  # noqa: E402

HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"


def load_holdout() -> list[tuple[str, str]]:
    data = yaml.safe_load(HOLDOUT.read_text())
    pairs = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return sum(int(x) for x in out.split()) / 1024


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


@dataclass
class Parses:
    """What the engine made of the held-out examples, one by one."""

    correct: int = 0
    nonsense: int = 0
    caught: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    real_conf: list[float] = field(default_factory=list)
    nonsense_conf: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, text: str, intent: str, parsed: dict[str, Any], ms: float) -> None:
        """Count one parse of `text` (expected `intent`) that took `ms` milliseconds."""
        self.latencies_ms.append(ms)
        got = parsed["intent"]["name"]
        ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        top = ranking[0]["confidence"] if ranking else parsed["intent"]["confidence"]
        (self.nonsense_conf if intent == "nlu_fallback" else self.real_conf).append(top)
        if intent == "nlu_fallback":
            self.nonsense += 1
            self.caught += got == "nlu_fallback"
        self.correct += got == intent
        if got != intent:
            self.errors.append(f"{text!r}: expected {intent}, got {got} ({top:.2f})")


def train(config: Path, rasa: Path, workdir: Path, out: Path) -> float:
    """Train `out`/m.tar.gz on the project's domain and data with `config`; the seconds
    it took."""
    project = RasaProject()
    started = time.monotonic()
    subprocess.run(
        train_command(rasa, config, project, out, "m"),
        cwd=workdir,
        env=rasa_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def serve(model: Path, rasa: Path, workdir: Path, port: int) -> subprocess.Popen[bytes]:
    """Start `rasa run --enable-api` on `model`, on 127.0.0.1:`port`."""
    return subprocess.Popen(
        [
            str(rasa),
            "run",
            "--enable-api",
            "--model",
            str(model),
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=workdir,
        env=rasa_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(proc: subprocess.Popen[bytes], base: str, config: Path, started: float) -> None:
    """Poll /status until the engine answers; fail if it exits, or is not up 300 s after
    `started`."""
    while True:
        try:
            if httpx.get(f"{base}/status", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() - started > 300:
            raise RuntimeError(f"engine for {config} did not start")
        time.sleep(0.3)


def parse_holdout(base: str, holdout: list[tuple[str, str]]) -> Parses:
    """Parse every held-out example through /model/parse, after a warm-up."""
    parses = Parses()
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(3):  # warm-up
            client.post("/model/parse", json={"text": "hello"})
        for text, intent in holdout:
            t0 = time.perf_counter()
            parsed = client.post("/model/parse", json={"text": text}).json()
            parses.add(text, intent, parsed, (time.perf_counter() - t0) * 1000)
    return parses


def evaluate(config: Path, rasa: Path, workdir: Path, port: int) -> dict[str, object]:
    """Train, serve and measure one config: its row of the comparison."""
    out = workdir / config.stem
    train_s = train(config, rasa, workdir, out)
    started = time.monotonic()
    proc = serve(out / "m.tar.gz", rasa, workdir, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base, config, started)
        load_s = time.monotonic() - started
        holdout = load_holdout()
        parses = parse_holdout(base, holdout)
        return {
            "config": str(config.relative_to(ROOT)),
            "intent_accuracy": round(parses.correct / len(holdout), 3),
            "nonsense_caught": f"{parses.caught}/{parses.nonsense}",
            "real_conf_p5": round(percentile(parses.real_conf, 5), 2),
            "real_conf_min": round(min(parses.real_conf), 2),
            "nonsense_conf_max": round(max(parses.nonsense_conf), 2),
            "parse_p50_ms": round(statistics.median(parses.latencies_ms), 1),
            "parse_p95_ms": round(percentile(parses.latencies_ms, 95), 1),
            "train_s": round(train_s, 1),
            "load_s": round(load_s, 1),
            "rss_mb": round(rss_mb(proc.pid)),
            "errors": parses.errors,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "configs",
        nargs="*",
        type=Path,
        default=[ROOT / "config.yml", *sorted((ROOT / "benchmarks" / "configs").glob("*.yml"))],
    )
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    rasa = get_settings().rasa_venv / "bin" / "rasa"
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in args.configs:
            print(f"== {config.resolve().relative_to(ROOT)}", flush=True)
            result = evaluate(config.resolve(), rasa, Path(tmp), args.port)
            results.append(result)
            for key, value in result.items():
                if key != "errors":
                    print(f"   {key:16} {value}")
            for error in result["errors"]:  # type: ignore[attr-defined]
                print(f"   miss: {error}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
