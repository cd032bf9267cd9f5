"""Messages that carry no fact whatever they seem to say: markup and script ("<img src=x
onerror=…>"), keyboard mashing ("asdfgh", "qsdfghjk"), nothing but punctuation or emoji.
Nothing is extracted from them, so nothing of them is ever stored on a lead."""

from __future__ import annotations

import re

MARKUP = re.compile(
    r"<\s*/?\s*[a-z!][^<>]{0,200}>|\bjavascript\s*:|\{\{|\$\{|<script|"
    # event handlers, not "onboarding = asap"
    r"\bon(?:error|load|click|dblclick|mouse\w+|focus|blur|key\w+|submit|change|input|"
    r"toggle|begin|end|animation\w+|pointer\w+|drag\w*|drop|wheel|scroll|resize)\s*=",
    re.IGNORECASE,
)
# Bare formatting tags a prospect may paste or type ("<b>we</b> need…"): no attribute, no
# script; read as the words they wrap. Any other markup makes the message noise.
FORMATTING = re.compile(r"<\s*/?\s*(?:b|i|u|em|strong|br|p|s|small|mark)\s*/?\s*>", re.IGNORECASE)
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn")
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöûüù]", re.IGNORECASE)


def _on_a_row(lower: str) -> bool:
    return any(lower in row or lower in row[::-1] for row in KEYBOARD_ROWS)


def _mashed(word: str) -> bool:
    lower = word.lower()
    if len(lower) < 5:
        return False
    if not _VOWEL.search(lower):
        return True
    return _on_a_row(lower)


def _mashed_beside(word: str) -> bool:
    """A short run along a row, next to a long mashed word: "qwertyuiop asdf"."""
    lower = word.lower()
    return _mashed(word) or (len(lower) >= 3 and _on_a_row(lower))


def is_noise(text: str) -> bool:
    """True when `text` is markup, keyboard mashing, or has neither letters nor digits."""
    stripped = text.strip()
    if not stripped or MARKUP.search(stripped):
        return True
    if not any(c.isalnum() for c in stripped):
        return True
    words = _WORD.findall(stripped)
    if not words or any(c.isdigit() for c in stripped):
        return False
    return any(_mashed(w) for w in words) and all(_mashed_beside(w) for w in words)


def is_gibberish(text: str) -> bool:
    """Markup or keyboard mashing: no message at all. Unlike `is_noise`, an emoji or a "?"
    alone is a message ("👍" to a yes/no question)."""
    stripped = text.strip()
    if not stripped or not any(c.isalnum() for c in stripped):
        return False
    return is_noise(stripped)


def without_formatting(text: str) -> str:
    """`text` with its bare formatting tags taken out ("<b>we</b> need" -> "we need")."""
    return " ".join(FORMATTING.sub(" ", text).split()) if FORMATTING.search(text) else text
