"""Turning French and English text into comparable terms, so one index serves both
languages and a French question can find an English passage.

Accents are folded, a light stemmer brings cognates together ("intégrations" and
"integrations" both give "integr", "sécurité" and "security" give "secur"), and a small
glossary maps the non-cognate words of our domain to one term ("tarif", "prix", "cost" →
"price"). Chosen over character n-grams, stems + n-grams and spaCy lemmas by measurement
(docs/content.md, `make eval` / `--compare`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nlu.content.vocabulary import ABBREVIATIONS, ACRONYMS, GLOSSARY, STOP

_ACRONYM = re.compile(rf"\b(?:{'|'.join(ACRONYMS)})\b", re.IGNORECASE)


def expand_acronyms(text: str) -> str:
    """`text` with the acronyms of `ACRONYMS` written out."""
    return _ACRONYM.sub(lambda m: ACRONYMS[m.group(0).lower()], text)


# Endings stripped (the first that leaves a stem of 4 letters or more), some rewritten so
# that a French word and its English cognate meet: "logistique"/"logistics" → "logistic",
# "industrie"/"industry"/"industries" → "industri", "industriel"/"industrial" → "industri",
# "included"/"include" → "includ". "-ary" keeps English "salary" ("salar") apart from French
# "salarié" ("salari").
_SUFFIXES = (
    ("ically", "ic"),
    ("ations", ""),
    ("ation", ""),
    ("ements", ""),
    ("ement", ""),
    ("ities", ""),
    ("ity", ""),
    ("ites", ""),
    ("ite", ""),
    ("iques", "ic"),
    ("ique", "ic"),
    ("ics", "ic"),
    ("ielles", "i"),
    ("ielle", "i"),
    ("iels", "i"),
    ("iel", "i"),
    ("iaux", "i"),
    ("ials", "i"),
    ("ial", "i"),
    ("ary", "ar"),
    ("ions", ""),
    ("ion", ""),
    ("ates", ""),
    ("ated", ""),
    ("ate", ""),
    ("ing", ""),
    ("ies", "i"),
    ("ied", "i"),
    ("ers", ""),
    ("er", ""),
    ("ez", ""),
    ("ons", ""),
    ("ent", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
    ("e", ""),
    ("y", "i"),
)
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents; apostrophes split words ("l'intégration")."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).replace("'", " ")


def _strip(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 4:
            stem = word[: -len(suffix)] + replacement
            break
    else:
        # a short plural: "ends", "days", "apps" (not "bus", "this", "pass")
        short = len(word) == 4 and word[-1] == "s" and word[-2] not in "siu"
        stem = word[:-1] if short else word
    if stem.endswith("iqu"):  # "automatiquement" → "automatiqu": "automatic"
        stem = stem[:-3] + "ic"
    if stem.endswith("iz"):  # "personalize", "synchronization": the British spelling
        stem = stem[:-2] + "is"
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou0123456789":
        # "cancelled", "cancelling" and "cancel"; "installing" and "install": one consonant
        stem = stem[:-1]
    return stem


# Endings of gender and number ("hébergé", "hébergées", "entreprises"): a glossary word
# with another of them is the same word. Only these: "résilient" (English "resilient") is
# not "résilier", nor "double" "doublons".
_INFLECTIONS = ("ees", "es", "ee", "s", "e", "x")


def _base(word: str) -> str:
    for ending in _INFLECTIONS:
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _by_base(glossary: dict[str, str]) -> dict[str, str]:
    """The glossary keyed by its words without their gender and number endings, so an
    inflection it does not list finds the same term ("hébergés" as "hébergé"). A base two
    entries would map to different terms is left out."""
    out: dict[str, str] = {}
    clashes: set[str] = set()
    for word, term in glossary.items():
        key = _base(word)
        if out.setdefault(key, term) != term:
            clashes.add(key)
    return {key: term for key, term in out.items() if key not in clashes}


_GLOSSARY_BASES = _by_base(GLOSSARY)


@lru_cache(maxsize=50_000)
def glossary_term(word: str) -> str | None:
    """The glossary's term for a folded word or another inflection of it, if any."""
    return GLOSSARY.get(word) or _GLOSSARY_BASES.get(_base(word))


def stem(word: str) -> str:
    """The index term of one folded word: the glossary's term for the word or another
    inflection of it, otherwise the word's stem."""
    word = ABBREVIATIONS.get(word, word)
    term = glossary_term(word)
    if term:
        return _strip(term)
    stripped = _strip(word)
    # a derived form of a glossary word ("gratuitement" as "gratuit", "costing" as "cost")
    term = GLOSSARY.get(stripped)
    return _strip(term) if term else stripped


_CHAT_WORD = re.compile(r"[\w']+")


def expand_chat(text: str) -> str:
    """`text` with its acronyms and the chat spellings of question words written out ("cb ça
    coûte ?" → "combien ça coûte ?"), for the embedding model, which reads the words as written.
    Lower-case words only: "R" or "U" in a question is a name, not "are" or "you"."""
    text = expand_acronyms(text)
    return _CHAT_WORD.sub(lambda m: ABBREVIATIONS.get(m.group(0), m.group(0)), text)


# Phrases read before the words (on folded text): "combien de temps", "combien de
# contacts" ask a count or a duration, not a price ("combien" alone, "c'est combien ?",
# does); "en place" is set up ("combien de temps pour que ce soit en place ?"); "se base
# sur", "based on" ask what something rests on, and name nothing.
_EFFORT = (
    r"hard|easy|difficult|complicated|complex|tricky|painful|facile|difficile|complique\w*|"
    r"galere"
)
_PHRASES = (
    (re.compile(r"\bcombien(?=\s+d(?:e|es|u)?\b)"), " "),
    (re.compile(r"\b(?:mises? a jour|a jour|maj)\b"), " update "),
    (re.compile(r"\b(?:mise|mettre|mis|est)?\s*en place\b"), " implementation "),
    # "is it hard to set up?", "how hard is the setup?": setting the product up, said without
    # an object ("Set up SPF, DKIM and DMARC" sets up something else)
    (
        re.compile(r"\b(?:the |a |your )?set(?:ting)?[- ]?up\b(?=\s*(?:[?!.,;]|$|with |on our))"),
        " implementation ",
    ),
    # how hard or easy setting up is names no subject ("is it hard to set up?", "how hard is
    # the setup?", "c'est compliqué à mettre en place ?"); elsewhere it may ("hard bounce")
    (re.compile(rf"\b(?:{_EFFORT})\b(?=[^.?!]{{0,30}}\b(?:implementation|install\w*)\b)"), " "),
    (re.compile(rf"(\b(?:implementation|install\w*)\b[^.?!]{{0,20}}?)\b(?:{_EFFORT})\b"), r"\1 "),
    (re.compile(r"\btableaux? de bord\b"), " dashboard "),
    (re.compile(r"\bmots? de passe\b"), " password "),
    (
        re.compile(
            r"\b(?:hors[- ]ligne|sans (?:reseau|connexion)|pas de (?:reseau|connexion)|"
            r"(?:sans|pas d) ?internet|"
            r"(?:no|without|zero) (?:network|signal|reception|bars|connection|coverage|internet))\b"
        ),
        " offline ",
    ),
    (re.compile(r"\b(?:goes|go|went|is|are|being) down\b"), " downtime "),
    (re.compile(r"\b(?:pick(?:s|ing)? up|get back to (?:us|me|you))\b"), " response "),
    (
        re.compile(
            r"\b(?:kick the (?:tyres|tires)|test drive|play (?:around|with)|tinker|bidouiller)\b"
        ),
        " trial ",
    ),
    (re.compile(r"\b(?:for nothing|without paying|sans payer|avant de payer)\b"), " free "),
    (
        re.compile(r"\b(?:if|when|once) (?:we|i) (?:leave|walk away)\b|\bsi (?:on|nous) part"),
        " cancel ",
    ),
    # "can we stop anytime?", "on peut arrêter quand on veut ?": stopping the subscription
    # ("stop" alone is not: pages say "stop a sequence").
    (
        re.compile(
            r"\b(?:stop|leave|quit)(?:ping)? (?:at )?any ?time\b(?!-)|"
            r"\b(?:stop|leave|quit) whenever\b|"
            r"\b(?:stopper|partir) (?:quand (?:on|nous) (?:veut|voulons)|a tout moment)\b"
        ),
        " cancel ",
    ),
    (re.compile(r"\b(?:se\s+)?bas(?:e|ent|ee|ees|es)?\s+sur\b|\bbased\s+on\b"), " "),
)


def _phrases(folded: str) -> str:
    for pattern, replacement in _PHRASES:
        folded = pattern.sub(replacement, folded)
    return folded


def concepts(text: str) -> list[str]:
    """The glossary's terms for the words and phrases of `text` that are not the term
    itself ("are we stuck with u?" → ["cancel"], "kick the tyres" → ["trial"])."""
    folded = fold(expand_acronyms(text))
    phrased = _phrases(folded)
    found = []
    for word in _WORD.findall(phrased):
        word = ABBREVIATIONS.get(word, word)
        term = glossary_term(word)
        if term and term != word and not term.isdigit():
            found.append(term)
    found += sorted(set(_WORD.findall(phrased)) - set(_WORD.findall(folded)))  # phrases
    return list(dict.fromkeys(found))


def glossed(text: str) -> str:
    """`text` with its `concepts` after it, in brackets, for the embedding model: it reads
    "stuck with you" far from "Cancelling"; with "(cancel)" after it, near."""
    found = concepts(text)
    return f"{text} ({', '.join(found)})" if found else text


def terms(text: str) -> list[str]:
    """The index terms of `text`: folded, stop words out, stemmed, glossary applied."""
    folded = _phrases(fold(expand_acronyms(text)))
    words = (
        word
        for w in _WORD.findall(folded)
        if w not in STOP  # "btw" before it is read as "by the way" ("way": "two-way")
        for word in ABBREVIATIONS.get(w, w).split()  # "anytime": "any time", two words
    )
    return [stem(w) for w in words if w not in STOP and (len(w) > 1 or w.isdigit())]


def char_ngrams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of each folded word (the alternative analyzer, for comparison)."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word in STOP:
            continue
        padded = f" {word} "
        for n in range(low, high + 1):
            out.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return out


def terms_and_ngrams(text: str) -> list[str]:
    """Stems plus character n-grams (a candidate analyzer, measured against the default)."""
    return terms(text) + char_ngrams(text)
