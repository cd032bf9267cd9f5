"""The conversation harness without an engine: its matchers, the validation of the YAML
files, the checks, and one conversation played against a scripted client."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conversations.checks import (
    HERE,
    Expectation,
    FormatError,
    Observation,
    evaluate,
    load,
    load_all,
    match,
    operator_of,
)
from tests.conversations.harness import Report, format_report, play

TODAY = date(2026, 12, 3)


# --- matchers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "actual", "passed"),
    [
        (80, 80, True),
        (80, 80.0, True),
        (80, 81, False),
        (80, "80", False),
        (1, True, False),  # a boolean is not a number
        (True, True, True),
        (False, None, False),
        (None, None, True),
        (None, 0, False),
        ("Kestrel Freight", "Kestrel Freight", True),
        ("Kestrel Freight", "kestrel freight", False),  # exact is exact: use contains
        ({"contains": "INBOUND"}, "our SDRs can't keep up with inbound chats", True),
        ({"contains": "inbound"}, None, False),
        ({"contains": "budget"}, ["company_size", "budget"], True),
        ({"contains": "budget"}, ["company_size"], False),
        ({"approx": 4, "within": 1.5}, 3.9, True),
        ({"approx": 4, "within": 1.5}, 5.5, True),
        ({"approx": 4, "within": 1.5}, 5.6, False),
        ({"approx": 4, "within": 1.5}, None, False),
        ({"any_of": ["free", "personal"]}, "personal", True),
        ({"any_of": ["free", {"contains": "mail"}]}, "webmail", True),
        ({"any_of": ["free", "personal"]}, "business", False),
        ({"not": "sdr_ready"}, "lead", True),
        ({"not": "sdr_ready"}, "sdr_ready", False),
        ({"present": True}, "x", True),
        ({"present": True}, "", False),
        ({"present": False}, None, True),
        ({"present": False}, [], True),
        ({"at_least": 50}, 75.0, True),
        ({"at_least": 50}, 49.9, False),
        ({"at_most": 1}, 0.5, True),
        ({"at_least": 1, "at_most": 13}, 14, False),
        ({"at_least": 1}, None, False),
        ([1, {"contains": "b"}], [1, "abc"], True),
        ([1, 2], [1], False),
    ],
)
def test_matchers(expected: Any, actual: Any, passed: bool) -> None:
    assert match(expected, actual) is passed


def test_a_plain_mapping_matches_its_listed_keys_only() -> None:
    budget = {"min": 20000.0, "max": 25000.0, "currency": "EUR", "period": "year"}
    assert operator_of({"min": 1, "max": 2, "currency": "EUR"}) is None
    assert match({"min": 20000, "max": 25000, "currency": "EUR", "period": "year"}, budget)
    assert match({"max": 25000}, budget)
    assert not match({"max": 25000, "period": "month"}, budget)
    assert not match({"max": 25000}, None)
    assert match({"max": {"approx": 24000, "within": 1000}}, budget)


def test_months_until_counts_from_today() -> None:
    end_of_q1 = {"months_until": date(2027, 3, 31), "within": 0.5}
    assert match(end_of_q1, 3.9, today=TODAY)
    assert not match(end_of_q1, 3.0, today=TODAY)
    assert match({"months_until": "2027-03-31"}, 3.0, today=TODAY)  # within 1 by default
    assert not match(end_of_q1, 3.9, today=date(2027, 1, 3))


# --- validation ----------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "conv.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = """\
description: a demo request
language: en
reference_date: 2026-12-03
turns:
  - say: "Hi"
  - say: yes
    expect: {stores_nothing: true}
  - say: "can I book a demo?"
    expect: {handoff: true, reply_mentions_any: [demo], profile: {company: Acme}}
expect:
  profile:
    budget: {min: 20000, max: 25000, currency: EUR, period: year}
    timeline_months: {approx: 4, within: 1.5}
  email: sam@acme.example
  handoff: {any_of: [requested, demo_request]}
  absent: [phone, email]
"""


def test_a_good_file_loads_into_turns_and_checks(tmp_path: Path) -> None:
    conversation = load(write(tmp_path, GOOD))
    assert [t.say for t in conversation.turns] == ["Hi", "yes", "can I book a demo?"]
    assert conversation.reference_date == date(2026, 12, 3)
    assert conversation.language == "en"
    assert [(e.turn, e.kind, e.field) for e in conversation.turns[2].expectations] == [
        (3, "turn.handoff", None),
        (3, "turn.reply", "mentions_any"),
        (3, "turn.profile", "company"),
    ]
    assert [(e.kind, e.field) for e in conversation.expectations] == [
        ("profile.budget", "budget"),
        ("profile.timeline_months", "timeline_months"),
        ("email", None),
        ("handoff", None),
        ("absent", "phone"),
        ("absent", "email"),
    ]
    assert conversation.needs_lead_before(conversation.turns[1])
    assert len(conversation.all_expectations()) == 10


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("description: a demo request\n", ""), "description", "required"),
        (("language: en\n", "langauge: en\n"), "langauge", "unknown key"),
        (('  - say: "Hi"\n', "  - say: 42\n"), "turns[1].say", "string"),
        (('  - say: "Hi"\n', "  - sya: Hi\n"), "turns[1].sya", "unknown key"),
        (("{company: Acme}", "{compnay: Acme}"), "turns[3].expect.profile.compnay", "unknown"),
        (("stores_nothing: true", "stores_nothing: false"), "turns[2].expect.stores_nothing", ""),
        (("handoff: true,", "handof: true,"), "turns[3].expect.handof", "unknown key"),
        (("within: 1.5}", "within: soon}"), "expect.profile.timeline_months", "numbers"),
        (("{approx: 4, within: 1.5}", "{approx: 4}"), "expect.profile.timeline_months", "matcher"),
        (
            ("{approx: 4, within: 1.5}", "{contains: x, approx: 4}"),
            "expect.profile.timeline_months",
            "mixes",
        ),
        (("[requested, demo_request]", "[]"), "expect.handoff.any_of", "non-empty"),
        (("absent: [phone, email]", "absent: [fone]"), "expect.absent", "unknown field"),
        (("absent: [phone, email]", "absent: phone"), "expect.absent", "list of strings"),
        (("reference_date: 2026-12-03", "reference_date: soon"), "reference_date", "date"),
        (("[demo]", "[]"), "turns[3].expect.reply_mentions_any", "non-empty"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_field(
    tmp_path: Path, change: tuple[str, str], field: str, message: str
) -> None:
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1), "broken.yml")
    with pytest.raises(FormatError) as raised:
        load(path)
    assert str(raised.value).startswith(f"{path}: {field}: "), raised.value
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("turns: [\n", "not valid YAML"),
        ("- just a list\n", "(top level): must be a mapping"),
        ("description: x\n", "turns: required"),
        ("description: x\nturns: []\n", "turns: required"),
        ("description: x\nturns: [hello]\n", "turns[1]: must be a mapping"),
    ],
)
def test_files_that_are_not_conversations(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FormatError, match=r"bad\.yml") as raised:
        load(write(tmp_path, text, "bad.yml"))
    assert message in str(raised.value)


def test_load_all_reports_every_malformed_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yml")
    write(tmp_path, "description: x\n", "b.yml")
    write(tmp_path, "turns: [\n", "c.yml")
    with pytest.raises(FormatError) as raised:
        load_all([tmp_path])
    lines = str(raised.value).splitlines()
    assert any("b.yml" in line for line in lines) and any("c.yml" in line for line in lines)
    assert len(load_all([tmp_path / "a.yml"])) == 1


def test_the_shipped_conversations_are_valid() -> None:
    conversations = load_all()
    names = {c.name for c in conversations}
    assert len(conversations) >= 40 and "en_kestrel_freight.yml" in names
    assert {c.language for c in conversations} == {"en", "fr"}
    assert sum(n.startswith("mixed_") for n in names) >= 3
    # Emails are unique: two leads with the same email are merged into one.
    emails = [
        e.expected
        for c in conversations
        for e in c.expectations
        if e.kind == "email" and isinstance(e.expected, str)
    ]
    assert len(emails) == len(set(emails))
    kestrel = load(HERE / "en_kestrel_freight.yml")
    assert [t.say for t in kestrel.turns][-1] == "can I book a demo?"
    assert len(kestrel.turns) == 12


# --- checks --------------------------------------------------------------------------------


LEAD = {
    "email": "sam@acme.example",
    "stage": "sdr_ready",
    "language": "en",
    "profile": {
        "company": "Acme",
        "budget": {"min": 20000.0, "max": 25000.0, "currency": None, "period": "year"},
        "budget_currency": "EUR",
        "declined": ["company_size"],
    },
    "handoffs": [{"reason": "demo_request", "status": "open"}],
}


def check(e: Expectation, seen: Observation | None = None) -> tuple[bool, Any]:
    return evaluate(e, seen or Observation(LEAD), today=TODAY)


def test_profile_email_stage_and_absent_checks() -> None:
    assert check(Expectation("profile.company", "Acme", field="company")) == (True, "Acme")
    assert check(Expectation("turn.profile", {"contains": "acm"}, 2, "company"))[0]
    assert check(Expectation("email", "sam@acme.example"))[0]
    assert not check(Expectation("stage", {"not": "sdr_ready"}))[0]
    assert check(Expectation("absent", None, field="phone")) == (True, None)
    assert check(Expectation("absent", None, field="email")) == (False, "sam@acme.example")
    assert check(Expectation("absent", None, field="declined"))[0] is False


def test_a_budget_without_a_named_currency_is_in_the_default_currency() -> None:
    passed, actual = check(
        Expectation("profile.budget", {"min": 20000, "currency": "EUR"}, field="budget")
    )
    assert passed and actual["currency"] == "EUR"
    assert not check(Expectation("profile.budget", {"currency": "USD"}, field="budget"))[0]


def test_handoff_checks() -> None:
    assert check(Expectation("handoff", True)) == (True, ["demo_request"])
    assert not check(Expectation("handoff", False))[0]
    assert not check(Expectation("handoff", "requested"))[0]
    assert check(Expectation("turn.handoff", {"any_of": ["requested", "demo_request"]}, 1))[0]
    assert check(Expectation("handoff", False), Observation({"handoffs": []}))[0]


def test_stores_nothing_compares_the_profile_and_email_before_and_after() -> None:
    e = Expectation("turn.stores_nothing", True, 2)
    assert check(e, Observation(LEAD, before=LEAD)) == (True, {})
    passed, changed = check(e, Observation(LEAD, before={"profile": {"company": "Acme"}}))
    assert not passed
    assert set(changed) == {"budget", "budget_currency", "declined", "email"}
    assert changed["email"] == {"before": None, "after": "sam@acme.example"}
    assert check(e, Observation({"profile": {}}, before={}))[0]  # the first turn


def test_reply_checks() -> None:
    seen = Observation(LEAD, replies=("Happy to! I've passed your DEMO request.", "Bye"))
    assert check(Expectation("turn.reply", ["demo", "team"], 1, "mentions_any"), seen)[0]
    assert not check(Expectation("turn.reply", ["demo", "team"], 1, "mentions_all"), seen)[0]
    assert not check(Expectation("turn.reply", ["<img", "demo"], 1, "mentions_none"), seen)[0]
    assert check(Expectation("turn.reply", ["<img"], 1, "mentions_none"), seen)[0]
    fr = Observation(LEAD, reply_language="fr")
    assert check(Expectation("turn.reply_language", "fr", 1), fr) == (True, "fr")


# --- one conversation against a scripted client --------------------------------------------


class ScriptedClient:
    """Answers like the assistant would: each turn stores the profile its script says."""

    def __init__(self, profiles: list[dict[str, Any]], fail_at: int | None = None) -> None:
        self.profiles, self.fail_at = profiles, fail_at
        self.turn = 0
        self.reads: list[int] = []

    def new_visitor(self, visitor: str) -> str:
        assert visitor.startswith("eval-conv-")
        return "token"

    def say(self, token: str, text: str, metadata: dict[str, Any]) -> dict[str, Any]:
        self.turn += 1
        if self.turn == self.fail_at:
            raise RuntimeError("POST /api/chat: 500 boom")
        assert metadata == {"language": "en"}
        return {"lead_id": 7, "language": "en", "messages": [{"text": f"reply to {text}"}]}

    def lead(self, lead_id: int) -> dict[str, Any]:
        self.reads.append(self.turn)
        profile = self.profiles[self.turn - 1] if self.turn else {}
        return {"id": lead_id, "email": None, "stage": "lead", "profile": profile, "handoffs": []}


CONVERSATION = """\
description: three turns
language: en
turns:
  - say: "We're 80 people"
  - say: "asdfgh"
    expect: {stores_nothing: true, reply_mentions_any: ["reply to asdfgh"]}
  - say: "oops, 300 not 80"
    expect: {profile: {company_size: 300}}
expect:
  profile: {company_size: 300}
  handoff: false
"""


def test_play_reads_the_lead_before_a_stores_nothing_turn_and_at_the_end(
    tmp_path: Path,
) -> None:
    conversation = load(write(tmp_path, CONVERSATION))
    client = ScriptedClient([{"company_size": 80}, {"company_size": 80}, {"company_size": 300}])
    result = play(conversation, client, run_id="r1")  # type: ignore[arg-type]
    assert result.error is None
    assert [(c.kind, c.passed) for c in result.checks] == [
        ("turn.stores_nothing", True),
        ("turn.reply", True),
        ("turn.profile", True),
        ("profile.company_size", True),
        ("handoff", True),
    ]
    assert client.reads == [1, 2, 3]  # before turn 2, after turns 2 and 3; no extra read
    assert result.final["profile"] == {"company_size": 300}
    assert [t["say"] for t in result.transcript] == [t.say for t in conversation.turns]


def test_an_error_fails_the_checks_not_yet_made(tmp_path: Path) -> None:
    conversation = load(write(tmp_path, CONVERSATION))
    client = ScriptedClient([{"company_size": 80}, {"company_size": 99}], fail_at=3)
    result = play(conversation, client, run_id="r1")  # type: ignore[arg-type]
    assert result.error == "RuntimeError: POST /api/chat: 500 boom"
    assert [(c.kind, c.passed) for c in result.checks] == [
        ("turn.stores_nothing", False),
        ("turn.reply", True),
        ("turn.profile", False),
        ("profile.company_size", False),
        ("handoff", False),
    ]
    assert result.checks[-1].actual.startswith("not run: RuntimeError")

    report = Report("http://x", [result], 1.0)
    assert (report.passed, report.total) == (1, 5)
    assert report.by_kind()["turn.stores_nothing"] == (0, 1)
    text = format_report(report, transcripts=True)
    assert "overall                          1      5   20.0%" in text
    assert "- conv.yml turn 2 turn.stores_nothing" in text
    assert '"company_size": {"before": 80, "after": 99}' in text
    assert "! conv.yml: RuntimeError" in text and "   2 > asdfgh" in text
    assert report.as_json()["kinds"]["turn.reply"] == {"passed": 1, "total": 1, "rate": 1.0}
