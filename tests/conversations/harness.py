"""Play the conversations of tests/conversations/*.yml through the real running assistant
(engine + app) as fresh web visitors, read each lead through the admin API, and score it.

    python -m tests.conversations.harness [--url URL --admin-token T] [--json PATH]
                                          [--floor F] [--jobs N] [--transcripts] [files...]

Without --url it starts an assistant of its own (`prospect run` on free ports with a
temporary DATA_DIR, as the integration tier does: tests/assistant.py) and stops it at the end.
The format of the files and the meaning of each check are in README.md beside this module."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from dataclasses import field as default
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from tests.conversations.checks import (
    Conversation,
    Expectation,
    FormatError,
    Observation,
    Turn,
    evaluate,
    load_all,
)

STALE_AFTER_DAYS = 60  # a conversation's relative dates ("next quarter") were meant for then


# --- talking to the assistant --------------------------------------------------------------


class Client:
    """The web widget's API (a visitor named through the admin token, so each conversation
    is a fresh visitor) and the admin API's lead."""

    def __init__(self, url: str, admin_token: str, *, timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self._admin = {"Authorization": f"Bearer {admin_token}"}
        self._http = httpx.Client(base_url=self.url, timeout=timeout, follow_redirects=True)

    def close(self) -> None:
        self._http.close()

    def new_visitor(self, visitor: str) -> str:
        response = self._send("POST", "/api/chat/session", json={"visitor": visitor}, admin=True)
        return str(response.json()["token"])

    def say(self, token: str, text: str, metadata: dict[str, Any]) -> dict[str, Any]:
        response = self._send(
            "POST",
            "/api/chat",
            json={"text": text, "metadata": metadata},
            headers={"X-Visitor-Token": token},
        )
        body: dict[str, Any] = response.json()
        return body

    def lead(self, lead_id: int) -> dict[str, Any]:
        body: dict[str, Any] = self._send("GET", f"/api/leads/{lead_id}", admin=True).json()
        return body

    def _send(
        self, method: str, path: str, *, admin: bool = False, **kwargs: Any
    ) -> httpx.Response:
        headers = {**kwargs.pop("headers", {}), **(self._admin if admin else {})}
        for _ in range(10):  # a shared assistant's rate limits: wait as told, then again
            response = self._http.request(method, path, headers=headers, **kwargs)
            if response.status_code != 429:
                break
            time.sleep(min(float(response.headers.get("Retry-After", "1")), 10))
        if response.is_error:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response


# --- playing one conversation --------------------------------------------------------------


@dataclass
class CheckResult:
    conversation: str
    turn: int | None  # None: the end state
    kind: str
    field: str | None
    expected: Any
    actual: Any
    passed: bool
    said: str | None = None
    replies: list[str] = default(default_factory=list)


@dataclass
class ConversationResult:
    name: str
    description: str
    seconds: float = 0.0
    checks: list[CheckResult] = default(default_factory=list)
    transcript: list[dict[str, Any]] = default(default_factory=list)  # {turn, say, replies}
    lead_id: int | None = None
    final: dict[str, Any] = default(default_factory=dict)  # the lead at the end, in short
    error: str | None = None

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)


def play(
    conversation: Conversation, client: Client, *, run_id: str, today: date | None = None
) -> ConversationResult:
    """One conversation as a new web visitor; every expectation checked once. An error (the
    assistant down, a 500) fails the checks not yet made, with the error as their value."""
    result = ConversationResult(conversation.name, conversation.description)
    started = time.monotonic()
    try:
        _play(conversation, client, result, run_id=run_id, today=today)
    except (httpx.HTTPError, RuntimeError, KeyError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        done = len(result.checks)
        for e in conversation.all_expectations()[done:]:
            turn = conversation.turns[e.turn - 1] if e.turn else None
            result.checks.append(_result(conversation, e, turn, False, f"not run: {result.error}"))
    result.seconds = time.monotonic() - started
    return result


def _play(
    conversation: Conversation,
    client: Client,
    result: ConversationResult,
    *,
    run_id: str,
    today: date | None,
) -> None:
    token = client.new_visitor(f"eval-{conversation.path.stem}-{run_id}")
    metadata = {"language": conversation.language} if conversation.language else {}
    lead: dict[str, Any] = {}
    read_after = 0  # the turn after which `lead` was read
    replies: tuple[str, ...] = ()
    for turn in conversation.turns:
        before = None
        if conversation.needs_lead_before(turn):
            fresh = read_after == turn.number - 1 or result.lead_id is None
            before = lead if fresh else client.lead(result.lead_id or 0)
        body = client.say(token, turn.say, {**metadata, **conversation.metadata, **turn.metadata})
        result.lead_id = int(body["lead_id"])
        replies = tuple(str(m.get("text", "")) for m in body["messages"])
        result.transcript.append({"turn": turn.number, "say": turn.say, "replies": list(replies)})
        if not turn.expectations:
            continue
        lead, read_after = client.lead(result.lead_id), turn.number
        seen = Observation(lead, before, replies, body.get("language"))
        for e in turn.expectations:
            passed, actual = evaluate(e, seen, today=today)
            result.checks.append(_result(conversation, e, turn, passed, actual, replies))
    if read_after != len(conversation.turns):
        lead = client.lead(result.lead_id or 0)
    result.final = {
        **{k: lead.get(k) for k in ("email", "stage", "score", "sdr_ready", "language")},
        "profile": lead.get("profile"),
        "handoffs": [h.get("reason") for h in lead.get("handoffs") or []],
    }
    for e in conversation.expectations:
        passed, actual = evaluate(e, Observation(lead, None, replies), today=today)
        result.checks.append(_result(conversation, e, None, passed, actual))


def _result(
    conversation: Conversation,
    e: Expectation,
    turn: Turn | None,
    passed: bool,
    actual: Any,
    replies: Sequence[str] = (),
) -> CheckResult:
    return CheckResult(
        conversation=conversation.name,
        turn=e.turn,
        kind=e.kind,
        field=e.field,
        expected=e.expected,
        actual=actual,
        passed=passed,
        said=turn.say if turn else None,
        replies=list(replies),
    )


# --- many conversations, and the report ----------------------------------------------------


@dataclass
class Report:
    url: str
    conversations: list[ConversationResult]
    seconds: float

    @property
    def checks(self) -> list[CheckResult]:
        return [c for r in self.conversations for c in r.checks]

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def by_kind(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for c in self.checks:
            counts[c.kind][0] += c.passed
            counts[c.kind][1] += 1
        return {k: (p, t) for k, (p, t) in sorted(counts.items())}

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "seconds": round(self.seconds, 1),
            "overall": {"passed": self.passed, "total": self.total, "rate": self.rate},
            "kinds": {
                k: {"passed": p, "total": t, "rate": p / t} for k, (p, t) in self.by_kind().items()
            },
            "conversations": [asdict(r) for r in self.conversations],
        }


def run(
    conversations: Sequence[Conversation],
    url: str,
    admin_token: str,
    *,
    jobs: int = 2,
    progress: Callable[[str], None] | None = None,
    today: date | None = None,
) -> Report:
    """Play every conversation against the assistant at `url` (`jobs` at a time)."""
    run_id = secrets.token_hex(3)
    started = time.monotonic()
    client = Client(url, admin_token)
    done = 0

    def one(conversation: Conversation) -> ConversationResult:
        nonlocal done
        result = play(conversation, client, run_id=run_id, today=today)
        done += 1
        if progress:
            status = f"ERROR {result.error}" if result.error else ""
            progress(
                f"[{done:>3}/{len(conversations)}] {result.name:<44} "
                f"{result.passed:>3}/{len(result.checks):<3} {result.seconds:5.1f}s {status}"
            )
        return result

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(one, conversations))
    finally:
        client.close()
    return Report(url, results, time.monotonic() - started)


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_report(report: Report, *, transcripts: bool = False) -> str:
    lines = [f"{'check kind':<26}{'passed':>8}{'total':>7}{'rate':>8}"]
    for kind, (p, t) in report.by_kind().items():
        lines.append(f"{kind:<26}{p:>8}{t:>7}{p / t:>8.1%}")
    lines.append(f"{'overall':<26}{report.passed:>8}{report.total:>7}{report.rate:>8.1%}")
    n = len(report.conversations)
    clean = sum(r.passed == len(r.checks) for r in report.conversations)
    lines.append(f"{clean}/{n} conversations pass every check; {report.seconds:.0f}s")
    failed = [c for c in report.checks if not c.passed]
    if failed:
        lines += ["", f"Failed checks ({len(failed)}):"]
    for c in failed:
        where = f"turn {c.turn}" if c.turn else "end"
        what = f"{c.kind}[{c.field}]" if c.field and not c.kind.startswith("profile.") else c.kind
        lines.append(f"- {c.conversation} {where} {what}")
        if c.said is not None:
            lines.append(f"    said:     {_short(c.said)}")
        lines.append(f"    expected: {_short(c.expected)}")
        if c.kind != "turn.reply":
            lines.append(f"    actual:   {_short(c.actual)}")
        if c.replies:
            lines.append(f"    bot:      {_short(' | '.join(c.replies), 500)}")
    errors = [r for r in report.conversations if r.error]
    for r in errors:
        lines.append(f"! {r.name}: {r.error}")
    if transcripts:
        for r in report.conversations:
            if r.passed == len(r.checks):
                continue
            lines += ["", f"== {r.name} (lead {r.lead_id}): {r.description}"]
            for said in r.transcript:
                lines.append(f"  {said['turn']:>2} > {said['say']}")
                lines += [f"     < {reply}" for reply in said["replies"]]
            lines.append(f"  lead: {_short(r.final, 1000)}")
    return "\n".join(lines)


def stale_warnings(conversations: Sequence[Conversation], today: date) -> list[str]:
    return [
        f"warning: {c.name} was written for {c.reference_date}: its relative dates may be stale"
        for c in conversations
        if c.reference_date and abs((today - c.reference_date).days) > STALE_AFTER_DAYS
    ]


# --- an assistant of our own ---------------------------------------------------------------


@contextmanager
def own_assistant(log: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """`prospect run` on free ports with a temporary DATA_DIR: (url, admin token)."""
    from tests.assistant import (
        ADMIN_TOKEN,
        base_env,
        free_port,
        start_assistant,
        stop_assistant,
    )

    data_dir = Path(tempfile.mkdtemp(prefix="prospect-eval-"))
    app_port, engine_port = free_port(), free_port()
    log(f"starting the assistant (prospect run, app :{app_port}, engine :{engine_port})...")
    started = time.monotonic()
    running = start_assistant(base_env(data_dir, app_port, engine_port), data_dir)
    log(f"assistant up in {time.monotonic() - started:.0f}s at {running.url}")
    try:
        yield running.url, ADMIN_TOKEN
    finally:
        try:
            stop_assistant(running)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conversations.harness")
    parser.add_argument("files", nargs="*", help="conversation files or folders (default: all)")
    parser.add_argument("--url", help="a running assistant's app; default: start one")
    parser.add_argument("--admin-token", default=os.environ.get("ADMIN_TOKEN", ""))
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--floor", type=float, help="exit 1 below this overall pass rate (0-1)")
    parser.add_argument("--jobs", type=int, default=2, help="conversations at a time")
    parser.add_argument(
        "--transcripts", action="store_true", help="print the failing conversations' transcripts"
    )
    args = parser.parse_args(argv)
    if args.url and not args.admin_token:
        parser.error("--url needs --admin-token (or ADMIN_TOKEN in the environment)")

    def log(line: str) -> None:
        print(line, flush=True)

    try:
        conversations = load_all(args.files)
    except FormatError as exc:
        print(f"malformed conversation file(s):\n{exc}", file=sys.stderr)
        return 2
    today = date.today()
    for warning in stale_warnings(conversations, today):
        log(warning)
    log(f"{len(conversations)} conversations")
    if args.url:
        report = run(conversations, args.url, args.admin_token, jobs=args.jobs, progress=log)
    else:
        from tests.assistant import StartFailed

        try:
            with own_assistant(log) as (url, token):
                report = run(conversations, url, token, jobs=args.jobs, progress=log)
        except StartFailed as exc:
            print(exc, file=sys.stderr)
            return 2
    log("")
    log(format_report(report, transcripts=args.transcripts))
    if args.json:
        text = json.dumps(report.as_json(), ensure_ascii=False, indent=1, default=str)
        args.json.write_text(text, encoding="utf-8")
        log(f"results written to {args.json}")
    if args.floor is not None and report.rate < args.floor:
        log(f"FAIL: overall pass rate {report.rate:.1%} is below the floor {args.floor:.1%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
