"""The conversation files: loading and validating them (`load`), the matchers (`match`), and
the checks one conversation makes (`Expectation`, `evaluate`). Pure: no HTTP, no engine
(tests/unit/test_conversation_harness.py). The format is described in README.md beside it."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent

# The lead's profile keys (bot/api/schemas/leads.py, actions/profile.py). A key not listed
# here is refused in a conversation file, so that a typo is an error and not a silent pass.
PROFILE_FIELDS = frozenset(
    {
        "need",
        "use_case",
        "job_title",
        "role",
        "seniority",
        "company",
        "company_size",
        "seats",
        "timeline_months",
        "timeline_text",
        "budget",
        "budget_max",
        "budget_currency",
        "declined",
        "undecided",
        "email_kind",
        "phone",
        "call_when",
        "location",
        "industry",
    }
)
# What `absent` may name besides the profile's keys.
LEAD_FIELDS = frozenset({"email"})
# Profile keys that are bookkeeping, not something the prospect told: `stores_nothing`
# ignores them (none yet).
BOOKKEEPING: frozenset[str] = frozenset()

# Lead-level expectations (the end state, or the state after a turn) and their kinds.
LEAD_KEYS = ("profile", "email", "stage", "sdr_ready", "score", "language", "handoff", "absent")
TURN_ONLY_KEYS = (
    "stores_nothing",
    "reply_mentions_any",
    "reply_mentions_all",
    "reply_mentions_none",
    "reply_language",
)
TOP_KEYS = ("description", "language", "reference_date", "tags", "metadata", "turns", "expect")
TURN_KEYS = ("say", "metadata", "expect")

# Matchers: a mapping whose keys are all among one of these sets is a matcher; any other
# mapping is matched key by key (a budget: {min, max, currency, period}).
OPERATORS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # name: (required keys, optional keys)
    "contains": (frozenset({"contains"}), frozenset()),
    "approx": (frozenset({"approx", "within"}), frozenset()),
    "months_until": (frozenset({"months_until"}), frozenset({"within"})),
    "any_of": (frozenset({"any_of"}), frozenset()),
    "not": (frozenset({"not"}), frozenset()),
    "present": (frozenset({"present"}), frozenset()),
    "at_least": (frozenset({"at_least"}), frozenset({"at_most"})),
    "at_most": (frozenset({"at_most"}), frozenset()),
}
OPERATOR_KEYS = frozenset().union(*(req | opt for req, opt in OPERATORS.values()))
DAYS_PER_MONTH = 365.25 / 12


class FormatError(ValueError):
    """A malformed conversation file: the message names the file and the field."""


# --- loading -------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. A prospect who answers `- say: yes` said "yes"."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class Expectation:
    """One check: `kind` names what is checked (profile.company, email, turn.handoff, ...),
    `turn` the 1-based turn after which it is checked (None: at the end)."""

    kind: str
    expected: Any
    turn: int | None = None
    field: str | None = None  # the profile field of turn.profile / absent


@dataclass(frozen=True)
class Turn:
    number: int  # 1-based
    say: str
    metadata: dict[str, Any] = field(default_factory=dict)
    expectations: tuple[Expectation, ...] = ()


@dataclass(frozen=True)
class Conversation:
    path: Path
    description: str
    turns: tuple[Turn, ...]
    expectations: tuple[Expectation, ...]  # at the end
    language: str | None = None
    reference_date: date | None = None
    tags: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def all_expectations(self) -> list[Expectation]:
        return [e for t in self.turns for e in t.expectations] + list(self.expectations)

    def needs_lead_before(self, turn: Turn) -> bool:
        return any(e.kind == "turn.stores_nothing" for e in turn.expectations)


def discover(paths: Iterable[str | Path] = ()) -> list[Path]:
    """The files named (a folder: its *.yml), or every conversation beside this module."""
    found: list[Path] = []
    for p in [Path(p) for p in paths] or [HERE]:
        found += sorted(p.glob("*.yml")) + sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    return found


def load(path: str | Path) -> Conversation:
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise FormatError(f"{path}: not valid YAML: {exc}") from exc
    return parse(data, path)


def load_all(paths: Iterable[str | Path] = ()) -> list[Conversation]:
    """Every conversation, or a FormatError listing every malformed file."""
    conversations, errors = [], []
    for path in discover(paths):
        try:
            conversations.append(load(path))
        except FormatError as exc:
            errors.append(str(exc))
    if errors:
        raise FormatError("\n".join(errors))
    return conversations


def parse(data: Any, path: Path) -> Conversation:
    where = _Where(path)
    top = where.mapping(data, "", TOP_KEYS)
    description = top.get("description")
    if not isinstance(description, str) or not description.strip():
        raise where.error("description", "required: one line saying what the conversation is")
    language = top.get("language")
    if language is not None and not isinstance(language, str):
        raise where.error("language", "must be a language code such as en or fr")
    raw_turns = top.get("turns")
    if not isinstance(raw_turns, list) or not raw_turns:
        raise where.error("turns", "required: a list of turns, each `- say: ...`")
    turns = tuple(_turn(where, i + 1, raw) for i, raw in enumerate(raw_turns))
    end = where.mapping(top.get("expect") or {}, "expect", LEAD_KEYS)
    return Conversation(
        path=path,
        description=description.strip(),
        turns=turns,
        expectations=tuple(_expectations(where, end, "expect", turn=None)),
        language=language,
        reference_date=_date(where, top.get("reference_date"), "reference_date"),
        tags=tuple(_strings(where, top.get("tags") or [], "tags")),
        metadata=dict(where.mapping(top.get("metadata") or {}, "metadata", None)),
    )


def _turn(where: _Where, number: int, raw: Any) -> Turn:
    name = f"turns[{number}]"
    turn = where.mapping(raw, name, TURN_KEYS)
    say = turn.get("say")
    if not isinstance(say, str) or not say.strip():
        raise where.error(
            f"{name}.say", f"required: what the prospect types, as a string (got {say!r}; quote it)"
        )
    expect = where.mapping(turn.get("expect") or {}, f"{name}.expect", LEAD_KEYS + TURN_ONLY_KEYS)
    return Turn(
        number=number,
        say=say,
        metadata=dict(where.mapping(turn.get("metadata") or {}, f"{name}.metadata", None)),
        expectations=tuple(_expectations(where, expect, f"{name}.expect", turn=number)),
    )


def _expectations(
    where: _Where, expect: Mapping[str, Any], name: str, *, turn: int | None
) -> list[Expectation]:
    prefix = "" if turn is None else "turn."
    out: list[Expectation] = []
    for key, value in expect.items():
        at = f"{name}.{key}"
        if key == "profile":
            for fname, matcher in where.mapping(value, at, None).items():
                if fname not in PROFILE_FIELDS:
                    raise where.error(
                        f"{at}.{fname}", f"unknown profile field; known: {sorted(PROFILE_FIELDS)}"
                    )
                check_matcher(matcher, where, f"{at}.{fname}")
                kind = "turn.profile" if turn else f"profile.{fname}"
                out.append(Expectation(kind, matcher, turn, fname))
        elif key == "absent":
            names = _strings(where, value, at)
            for fname in names:
                if fname not in PROFILE_FIELDS | LEAD_FIELDS:
                    raise where.error(at, f"unknown field {fname!r}")
                out.append(Expectation(f"{prefix}absent", None, turn, fname))
        elif key == "handoff":
            if not isinstance(value, bool):
                check_matcher(value, where, at)
            out.append(Expectation(f"{prefix}handoff", value, turn))
        elif key == "stores_nothing":
            if value is not True:
                raise where.error(at, "only `stores_nothing: true` means something")
            out.append(Expectation("turn.stores_nothing", True, turn))
        elif key.startswith("reply_mentions_"):
            words = _strings(where, value, at)
            if not words:
                raise where.error(at, "a non-empty list of words or phrases")
            out.append(Expectation("turn.reply", words, turn, key.removeprefix("reply_")))
        elif key == "reply_language":
            if not isinstance(value, str):
                raise where.error(at, "a language code such as en or fr")
            out.append(Expectation("turn.reply_language", value, turn))
        else:  # email, stage, sdr_ready, score, language
            check_matcher(value, where, at)
            out.append(Expectation(f"{prefix}{key}", value, turn))
    return out


def _strings(where: _Where, value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(name, "must be a list of strings")
    return value


def _date(where: _Where, value: Any, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise where.error(name, f"a date as YYYY-MM-DD (got {value!r})") from None


@dataclass(frozen=True)
class _Where:
    path: Path

    def error(self, name: str, message: str) -> FormatError:
        return FormatError(f"{self.path}: {name or '(top level)'}: {message}")

    def mapping(self, value: Any, name: str, allowed: Iterable[str] | None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(name, f"must be a mapping (got {type(value).__name__})")
        for key in value:
            if not isinstance(key, str):
                raise self.error(name, f"keys must be strings (got {key!r})")
            if allowed is not None and key not in allowed:
                raise self.error(
                    f"{name}.{key}" if name else key, f"unknown key; expected one of {allowed}"
                )
        return value


# --- matchers ------------------------------------------------------------------------------


def operator_of(expected: Any) -> str | None:
    """The matcher a mapping is, or None for a plain mapping (matched key by key)."""
    if not isinstance(expected, dict) or not expected:
        return None
    keys = set(expected)
    if not keys & OPERATOR_KEYS:
        return None
    for name, (required, optional) in OPERATORS.items():
        if required <= keys <= required | optional:
            return name
    return "?"


def check_matcher(expected: Any, where: _Where, name: str) -> None:
    """Raise a FormatError if `expected` is not a valid matcher."""
    op = operator_of(expected)
    if op == "?":
        raise where.error(
            name,
            f"a matcher mixes or lacks keys ({sorted(expected)}); one of: {{contains: s}}, "
            "{approx: n, within: m}, {months_until: YYYY-MM-DD, within: m}, {any_of: [...]}, "
            "{not: m}, {present: true|false}, {at_least: n, at_most: n}",
        )
    if op is None:
        if isinstance(expected, dict):
            for key, sub in expected.items():
                check_matcher(sub, where, f"{name}.{key}")
        elif isinstance(expected, list):
            for i, sub in enumerate(expected):
                check_matcher(sub, where, f"{name}[{i}]")
        elif expected is not None and not isinstance(expected, str | int | float | bool):
            raise where.error(name, f"unsupported value {expected!r}")
        return
    number = (int, float)
    if op == "contains" and not isinstance(expected["contains"], str):
        raise where.error(f"{name}.contains", "must be a string")
    if op == "approx" and not all(
        _is_number(expected[k]) and not isinstance(expected[k], bool) for k in ("approx", "within")
    ):
        raise where.error(name, "approx and within must be numbers")
    if op == "months_until":
        _date(where, expected["months_until"], f"{name}.months_until")
        if not isinstance(expected.get("within", 1), number):
            raise where.error(f"{name}.within", "must be a number")
    if op == "any_of":
        options = expected["any_of"]
        if not isinstance(options, list) or not options:
            raise where.error(f"{name}.any_of", "a non-empty list of matchers")
        for i, sub in enumerate(options):
            check_matcher(sub, where, f"{name}.any_of[{i}]")
    if op == "not":
        check_matcher(expected["not"], where, f"{name}.not")
    if op == "present" and not isinstance(expected["present"], bool):
        raise where.error(f"{name}.present", "true or false")
    if op in ("at_least", "at_most") and not all(_is_number(v) for v in expected.values()):
        raise where.error(name, "bounds must be numbers")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def match(expected: Any, actual: Any, *, today: date | None = None) -> bool:
    """Whether `actual` (a value of the lead's JSON) satisfies `expected` (see README.md)."""
    op = operator_of(expected)
    if op is None:
        return _match_plain(expected, actual, today)
    if op == "contains":
        needle = expected["contains"].casefold()
        if isinstance(actual, str):
            return needle in actual.casefold()
        if isinstance(actual, list):
            return any(isinstance(a, str) and needle in a.casefold() for a in actual)
        return False
    if op == "approx":
        return _is_number(actual) and abs(actual - expected["approx"]) <= expected["within"]
    if op == "months_until":
        target = _as_date(expected["months_until"])
        months = ((target - (today or date.today())).days) / DAYS_PER_MONTH
        return _is_number(actual) and abs(actual - months) <= expected.get("within", 1)
    if op == "any_of":
        return any(match(option, actual, today=today) for option in expected["any_of"])
    if op == "not":
        return not match(expected["not"], actual, today=today)
    if op == "present":
        return (actual not in (None, "", [], {})) is expected["present"]
    if op in ("at_least", "at_most"):
        if not _is_number(actual):
            return False
        low, high = expected.get("at_least", -math.inf), expected.get("at_most", math.inf)
        return bool(low <= actual <= high)
    raise AssertionError(op)  # pragma: no cover - validated at load


def _match_plain(expected: Any, actual: Any, today: date | None) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            match(sub, actual.get(key), today=today) for key, sub in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(match(e, a, today=today) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if _is_number(expected):
        return _is_number(actual) and math.isclose(expected, actual, abs_tol=1e-9)
    return bool(expected == actual)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """What a check looks at: the lead's JSON after the turn (or at the end), the lead before
    the turn (stores_nothing), and the bot's reply to the turn."""

    lead: Mapping[str, Any]
    before: Mapping[str, Any] | None = None
    replies: tuple[str, ...] = ()
    reply_language: str | None = None


def facts(lead: Mapping[str, Any] | None) -> dict[str, Any]:
    """What the prospect has told, as stored: the profile and the email."""
    if not lead:
        return {}
    profile = {k: v for k, v in (lead.get("profile") or {}).items() if k not in BOOKKEEPING}
    return {**profile, "email": lead.get("email")} if lead.get("email") else profile


def effective_budget(profile: Mapping[str, Any]) -> Any:
    """The budget as the lead means it: a budget whose currency the prospect did not name is
    in the profile's `budget_currency` (the product's default currency)."""
    budget = profile.get("budget")
    if isinstance(budget, dict) and budget.get("currency") is None:
        return {**budget, "currency": profile.get("budget_currency")}
    return budget


def evaluate(
    expectation: Expectation, seen: Observation, *, today: date | None = None
) -> tuple[bool, Any]:
    """(passed, the actual value shown when it fails)."""
    kind = expectation.kind.removeprefix("turn.")
    lead, expected = seen.lead, expectation.expected
    profile = lead.get("profile") or {}
    if kind.startswith("profile"):
        name = expectation.field or kind.removeprefix("profile.")
        actual = effective_budget(profile) if name == "budget" else profile.get(name)
        return match(expected, actual, today=today), actual
    if kind == "absent":
        name = expectation.field or ""
        actual = lead.get(name) if name in LEAD_FIELDS else profile.get(name)
        return actual in (None, "", [], {}), actual
    if kind == "handoff":
        reasons = [h.get("reason") for h in lead.get("handoffs") or []]
        if isinstance(expected, bool):
            return bool(reasons) is expected, reasons
        return any(match(expected, r, today=today) for r in reasons), reasons
    if kind == "stores_nothing":
        before, after = facts(seen.before), facts(lead)
        changed = {
            k: {"before": before.get(k), "after": after.get(k)}
            for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)
        }
        return not changed, changed
    if kind == "reply":
        text = "\n".join(seen.replies).casefold()
        hits = [w for w in expected if w.casefold() in text]
        if expectation.field == "mentions_any":
            return bool(hits), list(seen.replies)
        if expectation.field == "mentions_all":
            return len(hits) == len(expected), list(seen.replies)
        return not hits, list(seen.replies)  # mentions_none
    if kind == "reply_language":
        return seen.reply_language == expected, seen.reply_language
    actual = lead.get(kind)  # email, stage, sdr_ready, score, language
    return match(expected, actual, today=today), actual
