"""An answer not decided yet, and what it is about: "no budget set yet, depends on price",
"aucune idée du délai", "no deadline really" (not asked again, not a refusal), as against a
refusal ("no thanks i wont give my email") or a decided answer ("budget is not a problem")."""

from __future__ import annotations

import re

from nlu.extract.answers import topic_named

# "no budget set yet, depends on price", "pas encore de budget", "we haven't set a deadline":
# the answer is not decided yet, whatever the classifier makes of the words.
_NOT_YET = re.compile(
    r"\b(?:no|not|none|haven'?t|havent|hasn'?t|don'?t|dont|didn'?t|pas|aucune?|rien|idk|"
    r"unsure|tbd|undecided|ind[ée]cis)\b",
    re.IGNORECASE,
)
_PRICE_FIRST = re.compile(
    r"\b(?:depends on (?:the |your )?(?:price|pricing|cost)|"
    r"[çc]a d[ée]pend (?:du|des|de vos) (?:prix|tarifs?|co[uû]ts?))\b",
    re.IGNORECASE,
)


# "budget is not a problem", "pas de souci pour le budget", "yes we have budget": decided.
_NO_PROBLEM = re.compile(
    r"\b(?:problem|issue|souci|probl[eè]me|worr(?:y|ies)|approved|valid[ée]e?|fine|ok|okay|"
    r"(?:we|i) (?:have|got)|on a (?:un |le |du |notre )?budget|nous avons)\b",
    re.IGNORECASE,
)


# What says "not yet" rather than "I won't say": "no budget set yet", "idk", "aucune idée",
# "ça dépend du prix"; "no thanks i wont give my email" is a refusal.
_YET = re.compile(
    r"\b(?:yet|encore|idea|id[ée]e|idk|unsure|not sure|pas s[uû]re?|tbd|undecided|ind[ée]cise?|"
    r"know|sais|depends?|d[ée]pend|decided|d[ée]cid[ée]e?s?|set|fix[ée]e?|d[ée]fini|"
    r"clue|really|vraiment|still|toujours|figur\w*|work\w* (?:on|out)|r[ée]fl[ée]chi\w*|"
    r"pour l'instant|pour le moment|for now|at the moment|so far|[àa] ce stade)\b",
    re.IGNORECASE,
)


def not_decided_yet(text: str) -> bool:
    """The statement says its answer is not decided yet, not that it won't be given."""
    return _YET.search(text) is not None or _PRICE_FIRST.search(text) is not None


def undecided(text: str, *, held: frozenset[str] = frozenset()) -> str | None:
    """The question a statement says is not decided yet ("no budget set yet", "aucune idée
    du délai", "depends on the price" for the budget), when it names one not answered yet."""
    if _NO_PROBLEM.search(text):
        return None
    topic = topic_named(text, held=held)
    if _PRICE_FIRST.search(text) and "budget" not in held and topic in (None, "budget"):
        return "budget"
    return topic if _NOT_YET.search(text) else None
