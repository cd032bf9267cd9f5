"""Recognising "stop" in a prospect's own words, pure: "stop", "STOP!", "arrête", "arretez
svp", "unsubscribe", "plus de messages", "stop sending me messages", "desabonner", and their
typos ("stpo", "unsubscibe", "arrete").

Only a message that is nothing but such a request matches: a sentence that merely contains
the word ("our contract stops in December", "how do I stop losing leads?") does not. The
words are compared without case, accents or punctuation, each within one typo (two for
long words) of the phrase's."""

from __future__ import annotations

import re
import unicodedata

# Each phrase, and the language it says the prospect speaks (None: either).
PHRASES: dict[str, str | None] = {
    "stop": None,
    "stop it": "en",
    "stop messages": "en",
    "stop messaging me": "en",
    "stop sending messages": "en",
    "stop sending me messages": "en",
    "stop contacting me": "en",
    "no more messages": "en",
    "unsubscribe": "en",
    "unsubscribe me": "en",
    "opt out": "en",
    "leave me alone": "en",
    "arrete": "fr",
    "arretez": "fr",
    "arrete de m ecrire": "fr",
    "arretez de m ecrire": "fr",
    "arretez les messages": "fr",
    "arrete les messages": "fr",
    "arretez de m envoyer des messages": "fr",
    "plus de messages": "fr",
    "plus de message": "fr",
    "je ne veux plus de messages": "fr",
    "desabonner": "fr",
    "desabonnez moi": "fr",
    "me desabonner": "fr",
    "desinscrire": "fr",
    "desinscrivez moi": "fr",
}
# Words that may come with the request without changing it.
FILLER_EN = {"please", "pls", "now", "thanks", "thank", "you", "ok", "okay", "just", "the"}
FILLER_FR = {"svp", "stp", "merci", "maintenant", "s", "il", "vous", "te", "plait", "sil", "bon"}
FILLER = FILLER_EN | FILLER_FR
MAX_WORDS = 10
WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> list[str]:
    """Lower-case words without accents or punctuation ("Arrêtez !" -> ["arretez"])."""
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return WORD.findall(plain)


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent swaps, or `limit + 1` once it is over `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _close(word: str, target: str) -> bool:
    """One typo (two in a long word); a four-letter word only swapped or doubled ("stpo",
    "stopp", never "shop" or "step"), a shorter one exactly ("me", "de")."""
    if word == target:
        return True
    if len(target) < 4:
        return False
    if len(target) == 4:
        swapped = sorted(word) == sorted(target)
        doubled = len(word) == 5 and any(word[:i] + word[i + 1 :] == target for i in range(5))
        return (swapped and distance(word, target, 1) <= 1) or doubled
    limit = 2 if len(target) >= 8 else 1
    return distance(word, target, limit) <= limit


def _is(words: list[str], phrase: list[str]) -> bool:
    pairs = zip(words, phrase, strict=False)
    return len(words) == len(phrase) and all(_close(w, p) for w, p in pairs)


def stop_request(text: str) -> tuple[bool, str | None]:
    """(whether `text` asks for no more messages, the language its wording shows or None)."""
    words = normalise(text)
    if not words or len(words) > MAX_WORDS:
        return False, None
    kept = [w for w in words if w not in FILLER] or words
    for phrase, language in PHRASES.items():
        if _is(kept, phrase.split()):
            return True, language or _filler_language(words)
    return False, None


def _filler_language(words: list[str]) -> str | None:
    """ "stop merci" is French, "stop please" English, "stop" either."""
    if any(w in FILLER_FR for w in words):
        return "fr"
    if any(w in FILLER_EN for w in words):
        return "en"
    return None
