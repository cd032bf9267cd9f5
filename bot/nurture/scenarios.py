"""Nurture scenarios: one YAML file each in a folder (NURTURE_DIR, the shipped `nurture/` by
default), read and validated when the app starts. An error names the file and the field; the
app refuses to start on one (docs/nurture.md has the format).

    trigger:     one of  event: whitepaper_download   (a behavioural event, POST /api/events;
                                                       `properties` it must carry, optional)
                         stage: mql                   (the lead reached this stage)
                         question: unanswered         (a content question the library missed)
                         silence: 2d                  (quiet this long after `after_event` or
                                                       a question answered by `after_documents`)
    conditions:  stages, score_min, score_max, profile (fact: value), missing (BANT facts)
    steps:       - wait: 3d
                 - message: {en: ..., fr: ...}
                 - content: {en: en/case-study-northwind, fr: fr/etude-de-cas-maison-lenoir}
                   text: {en: ..., fr: ...}
                 - question: timeline
                   text: {en: ..., fr: ...}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigurationError

LANGUAGES = ("en", "fr")
STAGES = ("visitor", "lead", "mql", "sdr_ready")
# The BANT facts a question step asks, and the profile field each fills.
FACTS = {"budget": "budget_max", "authority": "role", "need": "need", "timeline": "timeline_months"}
TRIGGERS = ("event", "stage", "question", "silence")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
EVENT = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_TEXT = 1000


class NurtureConfigError(ConfigurationError, ValueError):
    """A scenario file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Trigger:
    kind: str  # event | stage | question | silence
    value: str  # the event type, the stage, "unanswered", or the silence as written
    silence: timedelta | None = None
    after_event: str | None = None
    after_documents: tuple[str, ...] = ()
    properties: Mapping[str, Any] = field(default_factory=dict)  # an event's, to match

    def describe(self) -> str:
        if self.kind == "silence":
            after = self.after_event or ", ".join(self.after_documents)
            return f"silence {self.value} after {after}"
        return f"{self.kind} {self.value}"


@dataclass(frozen=True)
class Conditions:
    stages: tuple[str, ...] = ()
    score_min: float | None = None
    score_max: float | None = None
    profile: Mapping[str, Any] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # BANT facts the lead must not have given yet


@dataclass(frozen=True)
class Step:
    kind: str  # wait | message | content | question
    texts: Mapping[str, str] = field(default_factory=dict)  # language -> text
    wait: timedelta = timedelta(0)
    documents: Mapping[str, str] = field(default_factory=dict)  # language -> library id
    fact: str | None = None  # the BANT fact a question fills

    def text(self, language: str) -> str:
        return self.texts.get(language) or self.texts["en"]


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str
    trigger: Trigger
    steps: tuple[Step, ...]
    conditions: Conditions = Conditions()
    description: str = ""


def _fail(where: str, problem: str) -> NurtureConfigError:
    return NurtureConfigError(f"{where}: {problem}")


def duration(value: Any, where: str) -> timedelta:
    """`3d`, `12h`, `30m`, `45s` or a number of seconds."""
    match = DURATION.match(str(value)) if not isinstance(value, bool) else None
    if match is None:
        raise _fail(where, f"expected a duration like 3d, 12h, 30m or 45s (got {value!r})")
    seconds = float(match.group(1)) * UNITS[match.group(2)]
    if seconds > 365 * 86400:
        raise _fail(where, f"at most a year (got {value!r})")
    return timedelta(seconds=seconds)


def _texts(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise _fail(where, "expected texts by language: {en: ..., fr: ...}")
    texts = {}
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise _fail(f"{where}.{language}", "required text (every step speaks en and fr)")
        if len(text) > MAX_TEXT:
            raise _fail(f"{where}.{language}", f"at most {MAX_TEXT} characters")
        texts[language] = text.strip()
    if unknown := sorted(set(value) - set(LANGUAGES)):
        raise _fail(f"{where}.{unknown[0]}", f"not a language of the assistant ({LANGUAGES})")
    return texts


def _step(entry: Any, where: str) -> Step:
    if not isinstance(entry, dict):
        raise _fail(where, "expected a mapping: wait, message, content or question")
    kinds = [k for k in ("wait", "message", "content", "question") if k in entry]
    if len(kinds) != 1:
        raise _fail(where, "exactly one of wait, message, content, question")
    kind = kinds[0]
    allowed = {kind} | ({"text"} if kind in ("content", "question") else set())
    if unknown := sorted(set(entry) - allowed):
        raise _fail(f"{where}.{unknown[0]}", f"unknown field (a {kind} step has {sorted(allowed)})")
    if kind == "wait":
        return Step(kind, wait=duration(entry["wait"], f"{where}.wait"))
    if kind == "message":
        return Step(kind, texts=_texts(entry["message"], f"{where}.message"))
    texts = _texts(entry.get("text"), f"{where}.text")
    if kind == "question":
        fact = entry["question"]
        if fact not in FACTS:
            raise _fail(f"{where}.question", f"one of {', '.join(FACTS)} (got {fact!r})")
        return Step(kind, texts=texts, fact=fact)
    documents = entry["content"]
    if not isinstance(documents, dict) or set(documents) != set(LANGUAGES):
        raise _fail(f"{where}.content", "a library document by language: {en: ..., fr: ...}")
    return Step(kind, texts=texts, documents={k: str(v) for k, v in documents.items()})


def _trigger(data: Any, where: str) -> Trigger:
    if not isinstance(data, dict):
        raise _fail(where, f"expected a mapping with one of {', '.join(TRIGGERS)}")
    kinds = [k for k in TRIGGERS if k in data]
    if len(kinds) != 1:
        raise _fail(where, f"exactly one of {', '.join(TRIGGERS)}")
    kind, value = kinds[0], data[kinds[0]]
    more = {"silence": {"after_event", "after_documents"}, "event": {"properties"}}
    extra = set(data) - {kind} - more.get(kind, set())
    if extra:
        raise _fail(f"{where}.{sorted(extra)[0]}", "unknown field")
    if kind == "event" and not (isinstance(value, str) and EVENT.match(value)):
        raise _fail(f"{where}.event", f"an event type in snake_case (got {value!r})")
    if kind == "stage" and value not in STAGES:
        raise _fail(f"{where}.stage", f"one of {', '.join(STAGES)} (got {value!r})")
    if kind == "question" and value != "unanswered":
        raise _fail(f"{where}.question", f"only 'unanswered' (got {value!r})")
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        raise _fail(f"{where}.properties", "expected a mapping of property: value")
    if kind != "silence":
        return Trigger(kind, str(value), properties=dict(properties))
    after_event = data.get("after_event")
    documents = data.get("after_documents") or []
    if after_event is not None and not (isinstance(after_event, str) and EVENT.match(after_event)):
        raise _fail(f"{where}.after_event", f"an event type in snake_case (got {after_event!r})")
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise _fail(f"{where}.after_documents", "a list of library document ids")
    if after_event is None and not documents:
        raise _fail(where, "a silence follows after_event or after_documents (a question)")
    return Trigger(
        kind,
        str(value),
        silence=duration(value, f"{where}.silence"),
        after_event=after_event,
        after_documents=tuple(documents),
    )


def _number(data: dict[str, Any], key: str, where: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"{where}.{key}", f"expected a number (got {value!r})")
    return float(value)


def _conditions(data: Any, where: str) -> Conditions:
    if data is None:
        return Conditions()
    if not isinstance(data, dict):
        raise _fail(where, "expected a mapping: stages, score_min, score_max, profile, missing")
    if unknown := sorted(set(data) - {"stages", "score_min", "score_max", "profile", "missing"}):
        raise _fail(f"{where}.{unknown[0]}", "unknown field")
    stages = data.get("stages") or []
    if not isinstance(stages, list) or any(s not in STAGES for s in stages):
        raise _fail(f"{where}.stages", f"a list of {', '.join(STAGES)}")
    missing = data.get("missing") or []
    if not isinstance(missing, list) or any(m not in FACTS for m in missing):
        raise _fail(f"{where}.missing", f"a list of {', '.join(FACTS)}")
    profile = data.get("profile") or {}
    if not isinstance(profile, dict):
        raise _fail(f"{where}.profile", "expected a mapping of fact: value")
    return Conditions(
        stages=tuple(stages),
        score_min=_number(data, "score_min", where),
        score_max=_number(data, "score_max", where),
        profile=dict(profile),
        missing=tuple(missing),
    )


def parse_scenario(data: Any, source: str, default_name: str) -> Scenario:
    if not isinstance(data, dict):
        raise _fail(source, "expected a mapping with trigger and steps")
    known = {"name", "description", "trigger", "conditions", "steps"}
    if unknown := sorted(set(data) - known):
        raise _fail(f"{source}: {unknown[0]}", f"unknown field (one of {sorted(known)})")
    name = data.get("name", default_name)
    if not isinstance(name, str) or not NAME.match(name):
        raise _fail(f"{source}: name", "lower-case letters, digits, - or _ (at most 64)")
    trigger = _trigger(data.get("trigger"), f"{source}: trigger")
    conditions = _conditions(data.get("conditions"), f"{source}: conditions")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _fail(f"{source}: steps", "expected a non-empty list")
    parsed = tuple(_step(s, f"{source}: steps[{i}]") for i, s in enumerate(steps))
    if all(step.kind == "wait" for step in parsed):
        raise _fail(f"{source}: steps", "at least one step that says something")
    return Scenario(
        name=name,
        source=source,
        trigger=trigger,
        steps=parsed,
        conditions=conditions,
        description=str(data.get("description") or "").strip(),
    )


def load_scenarios(folder: Path) -> tuple[Scenario, ...]:
    """Every `*.yml` / `*.yaml` of `folder`, in name order; names are unique."""
    if not folder.is_dir():
        raise NurtureConfigError(f"{folder}: not a folder of scenario files (NURTURE_DIR)")
    found: list[Scenario] = []
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise NurtureConfigError(f"{path}: cannot be read: {exc}") from exc
        scenario = parse_scenario(data, str(path), path.stem)
        if any(s.name == scenario.name for s in found):
            raise _fail(f"{path}: name", f"{scenario.name!r} is the name of another scenario")
        found.append(scenario)
    return tuple(found)


def check_documents(scenarios: Iterable[Scenario], library: Iterable[str]) -> None:
    """Every content step names a document of the library (ids like `en/pricing`)."""
    known = set(library)
    for scenario in scenarios:
        for i, step in enumerate(scenario.steps):
            for language, doc in step.documents.items():
                if doc not in known:
                    raise _fail(
                        f"{scenario.source}: steps[{i}].content.{language}",
                        f"no document {doc!r} in the content library",
                    )
