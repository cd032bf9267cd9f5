"""Page rules: which page views mean something (pricing, demo, documentation).

Pure: `PageRules.classify(path)` gives the event type a page view counts as. The file format
is in `bot/leads/page_rules.yml`, the shipped default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.errors import PageRulesError

DEFAULT_PAGE_RULES = Path(__file__).with_name("page_rules.yml")
PAGE_VIEW = "page_view"
EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """`**` matches anything, `*` anything within one path segment, `?` one character."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        out.append("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass(frozen=True)
class PageRule:
    pattern: str
    event: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class PageRules:
    rules: tuple[PageRule, ...]

    def classify(self, path: str) -> str:
        """The event type a view of `path` counts as; `page_view` when no rule matches."""
        clean = (urlsplit(path).path or "/").lower()
        for rule in self.rules:
            if rule.regex.match(clean):
                return rule.event
        return PAGE_VIEW


def parse_rules(data: Any, source: str = "<rules>") -> PageRules:
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        raise PageRulesError(f"{source}: expected a mapping with a list under 'pages'")
    rules = []
    for i, item in enumerate(data["pages"]):
        where = f"{source}: pages[{i}]"
        if not isinstance(item, dict):
            raise PageRulesError(f"{where}: expected {{path: ..., event: ...}}")
        pattern, event = item.get("path"), item.get("event")
        if not isinstance(pattern, str) or not pattern.startswith(("/", "*")):
            raise PageRulesError(f"{where}.path: a pattern starting with / (got {pattern!r})")
        if not isinstance(event, str) or not EVENT_TYPE.match(event):
            raise PageRulesError(f"{where}.event: a snake_case event type (got {event!r})")
        rules.append(PageRule(pattern.lower(), event, compile_pattern(pattern.lower())))
    return PageRules(tuple(rules))


def load_page_rules(path: Path | None = None) -> PageRules:
    path = path or DEFAULT_PAGE_RULES
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PageRulesError(f"{path}: cannot read it ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise PageRulesError(f"{path}: not valid YAML ({exc})") from exc
    return parse_rules(data, str(path))
