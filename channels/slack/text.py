"""Slack's message text format back to plain text, for a rep's words on the prospect's side.

Slack escapes &, < and > and wraps links, mentions and channels in angle brackets:
`<https://x.example|label>`, `<@U123>`, `<#C123|sales>`, `<!here>`.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"<([^<>]*)>")


def _plain(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return "@" + (label or target[1:].split("^")[0])
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    if label and label != target:
        return f"{label} ({target})"
    return target


def slack_to_plain(text: str) -> str:
    plain = _SPECIAL.sub(_plain, text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
