"""When a prospect who asks to be contacted wants it: "call me thursday afternoon",
"rappelez-moi demain matin", "au 06 12 34 56 78, plutôt après 15h", "can we talk next
week?", "can we set up a demo next tuesday?". The words as said (lightly normalised:
"aprem" is "après-midi"), for the rep to read and the reply to say back: a day, a part of
the day, a clock time, this or next week.

These are when to call, not the project's deadline: the timeline is read from the message
without them ("call me next week, we need it live by March" is a timeline of March).
A month, a quarter or a season is never read as a call time.
"""

from __future__ import annotations

import re

# Words of a request to be called ("can you call me?", "pouvez-vous me rappeler ?").
CALL_WORDS = re.compile(r"\b(?:call|ring|phone|appel\w*|rappel\w*|t[ée]l[ée]phon\w*)\b", re.I)
# A request to be called, to talk or for a demo, which makes a time said after it, in the
# same clause, a call time: "call me thursday afternoon", "can we talk tomorrow?",
# "rappelez-moi demain", "une démo jeudi matin". Not "our reps are on the phone all day".
_CONTACT_REQUEST = re.compile(
    r"\b(?:(?:call|ring|phone) (?:me|us)(?: back)?|call ?back|give (?:me|us) a (?:call|ring)|"
    r"(?:talk|speak|chat) (?:to|with) (?:someone|somebody|a person|a human|sales|your team|you)|"
    r"(?:can|could) (?:we|i) (?:talk|speak|chat|have a call|get a call|do a call)|"
    r"(?:a|the) (?:call|demo|d[ée]mo)\b|demo|d[ée]mo|"
    r"(?:être|etre) (?:rappel|appel)[ée]e?s?|rappel (?:possible|svp|stp|please)|"
    r"(?:rappel|appel)(?:ez|er|le|lez)[- ]?(?:moi|nous)|(?:me|nous|m') ?(?:rappeler|appeler|"
    r"joindre|t[ée]l[ée]phoner)|un (?:appel|rappel|[ée]change)|parler (?:à|a|avec) (?:quelqu'un|"
    r"une personne|un commercial|votre [ée]quipe))",
    re.IGNORECASE,
)
# Where the request's clause ends: a full stop, a question mark, or ", we …" / ", on …".
_CLAUSE_END = re.compile(r"[.?!;\n]|,\s*(?:we|our|it|on|nous|notre|il|elle)\b", re.I)
# A short sentence right after the request, not about them ("Any time after 2pm").
_TIME_ALONE = re.compile(
    r"\s*(?!(?:we|our|it|i|on|nous|notre|je|il|the)\b)(?:[^\s.?!;]+\s*){1,5}(?=[.?!;]|$)", re.I
)
# What the prospect may want as soon as possible: the call, not the project.
_SOON = r"(?:asap|as soon as possible|right away|au plus vite|d[eè]s que possible|rapidement)"

_EN_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tues|weds|thurs)"
_FR_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_EN_PART = r"(?:morning|afternoon|evening|lunch(?:time)?|end of (?:the )?day|eod)"
_FR_PART = (
    r"(?:matin(?:[ée]e)?|apr[eè]s[- ]midi|apr[eè]m|soir(?:[ée]e)?|midi"
    r"|fin de (?:journ[ée]e|matin[ée]e|apr[eè]s[- ]midi))"
)
_CLOCK = (
    r"\d{1,2}(?:(?::\d{2})\s*(?:am|pm)?|\s*(?:am|pm)|\s*h\s*(?:\d{2})?)"
    r"(?:\s*(?:-|to|and|et|à|a)\s*\d{1,2}(?::\d{2}|\s*h\s*(?:\d{2})?)?\s*(?:am|pm)?)?"
)
_PARTS = [
    # "next thursday", "thursday afternoon", "jeudi prochain", "demain matin"
    rf"(?:(?:next|this|on)\s+)?(?:{_EN_DAY}|tomorrow|tmrw|tmr|today|tonight)"
    rf"(?:\s+(?:in the\s+)?{_EN_PART})?(?:\s+(?:at\s+)?{_CLOCK})?",
    rf"(?:{_FR_DAY}|demain|aujourd'hui|aujourd’hui)(?:\s+prochain)?"
    rf"(?:\s+(?:en\s+|dans l'|dans la\s+|l'|le\s+)?{_FR_PART})?(?:\s+(?:à\s+|a\s+)?{_CLOCK})?",
    rf"(?:in the|this|early|late|during the|any)\s+{_EN_PART}|{_EN_PART}s",
    rf"(?:en|dans l'|dans la|l'|le|la|ce|cet|cette|plut[oô]t le|plut[oô]t l'|plut[oô]t en)"
    rf"\s*{_FR_PART}",
    r"(?:next|this)\s+week|la semaine prochaine|cette semaine|en d[ée]but de semaine",
    r"(?:in|within|dans|d'ici)\s+(?:\d{1,2}|an?|one|two|a couple of|une?|deux)\s+"
    r"(?:days?|hours?|jours?|heures?)",
    rf"(?:at|after|before|around|from|between|by|à|apr[eè]s|avant|vers|entre|d[eè]s)"
    rf"\s+{_CLOCK}|a\s+\d{{1,2}}\s*h\s*(?:\d{{2}})?",
    # "call me at 10", "around 2", "vers 14 heures", "at noon", "after lunch"
    r"(?:at|around|after|before|à|vers|apr[eè]s|avant)\s+\d{1,2}(?:\s*heures?)?(?![\d%:.,])"
    r"(?!\s*(?:people|ppl|users|seats|employees|personnes|salari|k\b|€|\$|%))",
    r"(?:at|around|after|before|à|vers|apr[eè]s|avant)\s+(?:noon|midday|lunch|midi|le d[ée]jeuner)",
    r"(?:en\s+)?d[ée]but d'apr[eè]s[- ]midi|early afternoon|late morning",
    _SOON,
]
CALL_TIME = re.compile(r"\b(?:" + "|".join(_PARTS) + r")(?![\w'])", re.I)
_SPOKEN = [
    (re.compile(r"\bapr[eè]m\b|\bapres[- ]midi\b|\bapr[eè]s midi\b", re.I), "après-midi"),
    (re.compile(r"\btmrw?\b", re.I), "tomorrow"),
    (re.compile(r"\bdes\b", re.I), "dès"),
]


_BETWEEN = re.compile(r"\s*(?:,|or|ou|and|et|/)?\s*", re.IGNORECASE)


def asks_for_a_call(text: str) -> bool:
    """The words ask for a phone call ("can you call me?", "rappelez-moi")."""
    return CALL_WORDS.search(text) is not None


def call_time_spans(text: str, *, asked: bool = False) -> list[tuple[int, int]]:
    """Where the call time is said in `text`: after a request to be called, to talk or for a
    demo, in its clause ("we go live next week, can you call me?" and "can you call me? we
    need it live next week" have none), or anywhere when the message before asked (`asked`:
    "au 06 12 34 56 78, plutôt l'après-midi")."""
    if asked:
        return [m.span() for m in CALL_TIME.finditer(text)]
    request = _CONTACT_REQUEST.search(text)
    if request is None:
        return []
    end = _CLAUSE_END.search(text, request.end())
    stop = end.start() if end else len(text)
    sentence_end = end is not None and end.group(0) in ".?!;\n"
    if end and sentence_end and (after := _TIME_ALONE.match(text, end.end())):  # "call me? any…"
        stop = after.end()
    return [m.span() for m in CALL_TIME.finditer(text, request.end(), stop)]


def read_call_time(text: str, *, asked: bool = False) -> tuple[str | None, str]:
    """The call time's words, in their order ("thursday afternoon", "demain après 14h"), or
    None; and `text` with them blanked out (same length), for the other extractors."""
    found = call_time_spans(text, asked=asked)
    spans: list[tuple[int, int]] = []
    for a, b in found:
        if spans and _BETWEEN.fullmatch(text[spans[-1][1] : a]):  # "thursday or friday"
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    blanked = text
    for a, b in found:
        blanked = blanked[:a] + " " * (b - a) + blanked[b:]
    if not spans:
        return None, blanked
    said = " ".join(dict.fromkeys(" ".join(text[a:b].split()) for a, b in spans))
    for pattern, written in _SPOKEN:
        said = pattern.sub(written, said)
    return said.lower(), blanked


def extract_call_time(text: str, *, asked: bool = False) -> str | None:
    """The call time's words (`read_call_time`), or None."""
    return read_call_time(text, asked=asked)[0]


# "call me at … about pricing", "rappelez-moi", "pouvez-vous me rappeler": a call asked for.
_CALL_ME = re.compile(
    r"\b(?:call|ring|phone) (?:me|us)\b|\b(?:rappelez|appelez|rappelle|appelle)[- ](?:moi|nous)\b|"
    r"\b(?:me|nous) (?:rappeler|appeler)\b",
    re.IGNORECASE,
)


def asks_a_call(text: str) -> bool:
    """The message asks to be called, in so many words."""
    return _CALL_ME.search(text) is not None
