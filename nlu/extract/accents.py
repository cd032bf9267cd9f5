"""French as people type it in a chat, without accents ("gerant", "associee", "societe")
or apostrophes ("c est", "l instant", "s appelle", "d expertise")."""

from __future__ import annotations

import re
import unicodedata


def without_accents(text: str) -> str:
    """The same text without its accents, of the same length (precomposed letters); a
    text whose length would change (combining marks typed as such) is returned as is, so
    positions found in one are positions in the other."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain if len(plain) == len(text) else text


def accent_free(regex: re.Pattern[str]) -> re.Pattern[str]:
    """`regex` for the text typed without accents: its accented letters stripped ("gérant"
    → "gerant"); run both on the text as written."""
    return re.compile(without_accents(regex.pattern), regex.flags)


# An elided French word typed without its apostrophe, before a vowel or a mute h: "c est",
# "l instant", "s appelle", "d ici", "j ai", "n a", "qu on", "jusqu au".
_ELIDED = re.compile(
    r"\b(?P<word>[cdjlmnst]|qu|jusqu|lorsqu|puisqu)\s(?=[aeiouyhàâéèêëîïôûü])",
    re.IGNORECASE,
)


def with_apostrophes(text: str) -> str:
    """French text with its elisions' apostrophes put back: "la societe s appelle Meca" →
    "la societe s'appelle Meca". For French text only: English has "a" and "I" alone, not
    these letters, but a list ("options a, b or c") could have them."""
    return _ELIDED.sub(lambda m: m.group("word") + "'", text)
