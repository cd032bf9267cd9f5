"""French / English detection for short chat messages.

Chat messages are short ("ok", "oui", "pricing?"), so general-purpose detectors
trained on long documents guess badly on them. This one scores what short
messages do carry: function words, French elisions (j', l', qu'), accented
letters and a few spelling patterns. It returns None when the message carries
no evidence either way, and `resolve_language` then keeps the conversation's
current language instead of flipping on every "ok".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

Language = str  # "fr" | "en"
SUPPORTED = ("fr", "en")

_FR_WORDS = frozenset(
    """
    le la les un une des du de et est sont je tu il elle nous vous ils elles on ce cet cette ces
    mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs qui que quoi dont où ou mais
    donc car ni pas ne plus très bien avec pour par sur sous dans chez sans entre aussi comme
    bonjour bonsoir salut merci oui non ouais voilà au aux suis es sommes êtes ont avons avez
    fait faire peux peut pouvez voudrais veux aimerais besoin combien comment pourquoi quand
    quel quelle quels quelles c'est n'est d'accord svp stp merci beaucoup bonne journée soirée
    au revoir parler personne humain conseiller commercial vendeur tarif tarifs prix entreprise
    société équipe salariés employés devis rendez-vous démo aide aider savoir voir cela ça
    ici là encore déjà toujours jamais rien tout tous toute toutes autre autres même moi toi
    est-ce qu'est-ce pouvez-vous êtes-vous parlez vraiment exactement parfait super génial
    désolé excusez pardon enchanté coucou utilise utilisons aujourd'hui an année mois
    semaine prochain prochaine nos notre besoin d'ici environ
    bjr slt svp stp mdr jsp chui wesh ptdr bcp tjrs français francais anglais continuer
    """.split()
)
_EN_WORDS = frozenset(
    """
    the a an and is are was were be been i you he she we they it this that these those my your
    his her our their who what which where when why how but so or not no yes yeah yep nope very
    with for by on in at from into about also like hello hi hey thanks thank please can could
    would should will do does did have has had need want know see help talk speak person human
    agent sales rep price pricing cost company team employees quote meeting demo there here
    already always never nothing everything all some any other same me to of just really
    exactly perfect great awesome sorry excuse bye goodbye morning evening afternoon cheers
    sure okay what's i'm you're it's don't can't won't let's probably maybe next year month
    week small people we're our us budget need needs by within around
    """.split()
)
# Words shared by both languages (or too short to mean anything) carry no evidence.
# "hello" and "hey" open French chats as often as English ones: the page's language decides.
_AMBIGUOUS = frozenset(
    "ok okay super top cool a on ce son en pour pas plus demo hello hey".split()
) & (_FR_WORDS | _EN_WORDS)
_FR_ELISION = re.compile(r"\b(?:j|l|d|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’]\w", re.IGNORECASE)
_FR_ACCENTS = re.compile(r"[éèêëàâîïôûùüçœæ]", re.IGNORECASE)
_EN_PATTERNS = re.compile(r"\b\w+(?:n't|'re|'ve|'ll|'m)\b|\b\w{3,}ing\b|\b\w+ly\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


# Common words of other languages that are neither French nor English ("wir sind ein…",
# "somos una empresa…"): a message of them is in neither of ours, whatever accents or "es"
# it shares with French.
_OTHER_WORDS = frozenset(
    """
    wir sind ein eine einen mit und ist nicht ich haben gibt für fur auch oder bitte danke
    wie was können konnen unsere unser sehr hallo guten tag
    somos una tienen con para los las está esta hay gracias hola nosotros ustedes tenemos
    siamo sono della delle abbiamo avete buongiorno grazie
    """.split()
)


@dataclass(frozen=True)
class Detection:
    """The detected language (None when undecided) and the evidence for each side."""

    language: Language | None
    fr: float
    en: float

    @property
    def confidence(self) -> float:
        total = self.fr + self.en
        return 0.0 if total == 0 else max(self.fr, self.en) / total


def _normalise(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower().replace("’", "'"))


def detect(text: str, *, margin: float = 1.0) -> Detection:
    """Score French against English in `text`.

    A language wins when its evidence exceeds the other's by at least `margin`
    points; otherwise the language is None.
    """
    fr = en = 0.0
    words = [_normalise(w) for w in _WORD.findall(text)]
    for word in words:
        if word in _AMBIGUOUS:
            continue
        if word in _FR_WORDS:
            fr += 1.0
        if word in _EN_WORDS:
            en += 1.0
    other = sum(word in _OTHER_WORDS for word in words)
    fr += 1.5 * len(_FR_ELISION.findall(text))
    fr += 0.5 * min(len(_FR_ACCENTS.findall(text)), 4)
    en += 0.5 * min(len(_EN_PATTERNS.findall(text)), 4)
    if other >= 2 and other > max(fr, en):  # German, Spanish...: neither of ours
        return Detection(None, fr, en)
    if fr - en >= margin:
        return Detection("fr", fr, en)
    if en - fr >= margin:
        return Detection("en", fr, en)
    return Detection(None, fr, en)


def normalise_language_tag(tag: object) -> Language | None:
    """Map a browser or Telegram language tag ("fr-CA", "en_GB", "FR") to fr/en, or None."""
    if not isinstance(tag, str) or not tag:
        return None
    base = tag.strip().lower().replace("_", "-").split("-")[0]
    return base if base in SUPPORTED else None


SWITCH_MARGIN = 2.0

# Asked for in so many words ("can we continue in French please?", "tu peux me répondre en
# anglais ?", "english please", "parlez-vous anglais ?"): that language, whatever the
# message is written in. The language word ends the clause: "we write to French
# customers" asks nothing.
_LANGUAGE_WORD = r"(?P<lang>english|anglais|french|fran[çc]ais)"
_CLAUSE_END = (
    r"(?=\s*(?:$|[?!.,;:)]|please|pls|plz|svp|stp|s'il|instead|plut[ôo]t|now|maintenant|"
    r"from now|d[ée]sormais|thanks|thx|merci|actually|en fait|lol|si possible|if possible)\b|"
    r"\s*$|\s*[?!.,;:)])"
)
PLEASE = r"(?:please|pls|plz|svp|stp|s'il vous pla[îi]t|s'il te pla[îi]t)"
_LANGUAGE_ASKED = tuple(
    re.compile(pattern + _CLAUSE_END, re.IGNORECASE)
    for pattern in (
        # the verb as a request: first, or after "can we", "tu peux me"... ("does the
        # assistant answer in French?" asks about the product), with only "me", "to us"...
        # between it and the language ("talk to someone in French" asks for a person)
        r"(?:^|[.!?,]\s*|\b(?:can|could|would|shall) (?:we|you|u)\s+|\blet'?s\s+|\bplease\s+|"
        r"\bpls\s+|\b(?:tu peux|vous pouvez|on peut|on pourrait|pourriez-vous|pouvez-vous|"
        r"peux-tu|pourrais-tu|je pr[ée]f[èe]re|i'?d prefer|i prefer|i'?d rather|je voudrais|"
        r"j'aimerais|i'?d like to|i want to|je veux)\s+(?:to\s+)?(?:me\s+|nous\s+)?)"
        r"(?:switch|continue|go on|carry on|speak|talk|write|chat|answer|reply|respond|"
        r"continu|parl|pass|[ée]cri|discut|r[ée]pond)\w*"
        r"(?:[\s-]+(?:to\s+)?(?:me|us|moi|nous))?\s+(?:in|to|en)\s+" + _LANGUAGE_WORD,
        r"\b(?:do you|can you|can we|could we|vous|tu|you|on peut)\s+"
        r"(?:speak|parlez|parles|parler)\s+" + _LANGUAGE_WORD,
        r"\b(?:parlez|parles)-(?:vous|tu)\s+" + _LANGUAGE_WORD,
        # "could we do this in French instead?", "I'd prefer French", "je préfère l'anglais"
        r"\b(?:do (?:this|it)|this|go on|carry on) in\s+" + _LANGUAGE_WORD,
        r"\b(?:i'?d prefer|i prefer|je pr[ée]f[èe]re(?:rais)?)\s+(?:l'|in\s+|en\s+)?"
        + _LANGUAGE_WORD,
        # "je prefere parler francais", "on peut parler francais en fait ?"
        r"\b(?:je pr[ée]f[èe]re(?:rais)?|j'aimerais|je voudrais|on peut|on pourrait|can we|"
        r"could we|i'?d prefer to|i'?d rather|i'?d like to)\s+(?:parler|speak|talk)\s+"
        r"(?:en\s+|in\s+)?" + _LANGUAGE_WORD,
        rf"^\s*(?:in\s+|en\s+)?{_LANGUAGE_WORD}(?=\s*,?\s*{PLEASE}?\s*[?!.]*\s*$)",
    )
)


def requested_language(text: str) -> Language | None:
    """The language the message asks the conversation to go on in, or None."""
    for pattern in _LANGUAGE_ASKED:
        if m := pattern.search(text):
            return "en" if m.group("lang").lower() in ("english", "anglais") else "fr"
    return None


def resolve_language(
    text: str,
    *,
    current: str | None = None,
    hint: object = None,
    default: Language = "en",
    asked_before: bool = False,
) -> Language:
    """The language a reply to `text` should use.

    A language asked for wins; `current` holds when it was asked for before
    (`asked_before`: "can we continue in French?", then "ok what about SSO"); otherwise clear
    evidence in the message wins, then the conversation keeps its current language; a new
    conversation starts from the channel's hint (page or Telegram language), then from
    `default`.
    """
    if asked := requested_language(text):  # "can we continue in French please?"
        return asked
    if asked_before and current in SUPPORTED:
        return current
    # Leaving the conversation's language takes more than a word or two: "Sales manager",
    # "Head of marketing" are job titles a French prospect gives as they are.
    found = detect(text, margin=SWITCH_MARGIN if current in SUPPORTED else 1.0).language
    if found:
        return found
    if current in SUPPORTED:
        return current
    return normalise_language_tag(hint) or default
