"""Who will never buy (DOMAIN.md, the SDR's "No"): a student, a competitor, an investor, a
job seeker, saying so about themselves (French and English).

Only first-person statements count: "I'm a master's student", "je bosse chez un éditeur
concurrent", "I'm an associate at a venture capital fund", "vous recrutez ?". "How do you
compare to your competitors?" or "our investors want a report" are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

Disqualifier = Literal["student", "competitor", "investor", "job_seeker", "customer"]

_PATTERNS: tuple[tuple[Disqualifier, str], ...] = (
    (
        "student",
        r"\b(?:i'?m|i am|im|as) an? (?:[\w']+ ){0,2}student\b|\bmy (?:thesis|dissertation)\b|"
        r"\bfor my (?:research|studies|class|course|homework|assignment|thesis|school|degree)\b|"
        r"\b(?:school|university|uni|college|class) project\b|"
        r"\bje suis (?:un |une )?(?:[\w']+ ){0,2}[ée]tudiante?\b|\b[ée]tudiante? en\b|"
        r"\bmon m[ée]moire\b|\bma th[èe]se\b|\bpour mes [ée]tudes\b|\bc'est pour mes cours\b|"
        r"\bje suis [àa] la fac\b|\bprojet (?:[ée]tudiant|scolaire|d'[ée]cole)\b",
    ),
    (
        "competitor",
        r"\b(?:i|we) (?:work|am working|are working) (?:for|at) (?:a |one of your )?"
        r"compet\w+|\b(?:we'?re|we are|i'?m|i am) (?:a |one of your |your )?competitors?\b|"
        r"\b(?:build|builds|building|sell|sells|selling|make|makes|develop|develops|"
        r"developing) (?:a )?(?:very )?similar (?:product|tool|solution|chat\w*|assistant|"
        r"platform|software)|\bbenchmark(?:ing)? (?:competitors|the competition)\b|"
        r"\b(?:chez|pour) un (?:\w+ ){0,3}concurrent\b|\b(?:éditeur|editeur|acteur) concurrent\b|"
        r"\b(?:on est|nous sommes|je suis) (?:un |vos |votre )?concurrents?\b|"
        r"\b(?:développe|developpe|développons|vend|vendons|édite|éditons|propose|proposons) "
        r"(?:une |un )?(?:solution|outil|produit|logiciel) (?:similaire|concurrent)\b|"
        r"\bveille concurrentielle\b",
    ),
    (
        "investor",
        r"\b(?:venture capital|vc (?:fund|firm)|investment (?:fund|firm)|private equity)\b|"
        r"\b(?:i'?m|i am|we'?re|we are) (?:an? )?(?:angel )?investors?\b|"
        r"\bfonds d'investissement\b|\bcapital[- ]risque\b|\bbusiness angel\b|"
        r"\b(?:je suis|nous sommes|on est) (?:un |une |des )?investisseu(?:r|se|rs)\b",
    ),
    (
        "job_seeker",
        r"\b(?:looking for|searching for|seeking) (?:a |an )?(?:job|internship|position|"
        r"work placement)\b|\bare you hiring\b|\bjob (?:openings?|offers?|vacanc(?:y|ies))\b|"
        r"\bappl(?:y|ying) for (?:a |an |the )?(?:job|position|role|internship)\b|"
        r"\b(?:i'?m|i am) (?:a |an )?job[- ]?(?:seeker|hunter|hunting)\b|"
        r"\b(?:i'?d love|i want|i'?d like) to (?:join your (?:\w+ )?team|work for you)\b|"
        r"\bmy (?:cv|resume|résumé)\b|"
        r"\bje (?:cherche|recherche) (?:un |une )?(?:emploi|travail|job|stage|poste|"
        r"alternance)\b|\b(?:recrutez-vous|vous recrutez|vous embauchez)\b|"
        r"\bcandidature spontan[ée]e\b|\bmon cv\b|\boffres? d'emploi\b",
    ),
)
_PATTERNS += (
    (
        # Already a customer: an account to support, not a lead to sell to ("we're already
        # customers", "on est déjà clients chez vous depuis 1 an", "i already have an
        # account with you"). "we have 300 customers", "our customers" are not.
        "customer",
        r"\b(?:we'?re|we are|i'?m|i am|as)\s+(?:already\s+|an?\s+existing\s+|existing\s+|"
        r"a\s+current\s+|current\s+)(?:a\s+|an\s+)?(?:customers?|clients?|users?)\b|"
        r"\b(?:already|existing|current)\s+(?:an?\s+)?(?:customers?|clients?)\b"
        r"(?!\s+(?:data|base|list))|"
        r"\bi (?:already )?have an account (?:with you|chez vous)\b|\bi already have an account\b|"
        r"\b(?:on est|nous sommes|je suis)\s+(?:d[ée]j[àa]\s+)(?:clients?|clientes?)\b|"
        r"\b(?:d[ée]j[àa]|ancien) clients?\b|\bclients? chez vous depuis\b",
    ),
)
_COMPILED = tuple((reason, re.compile(p, re.IGNORECASE)) for reason, p in _PATTERNS)


# "we're already customers of HubSpot": someone else's.
_SOMEONE_ELSES = re.compile(
    r"\s+(?:of|at|with|de|d'|du|chez)(?!\s*(?:you|vous|orbitly|yours)\b)", re.IGNORECASE
)


def extract_disqualifier(text: str) -> Disqualifier | None:
    """The reason the speaker will never buy, when they say it of themselves, or None."""
    for reason, pattern in _COMPILED:
        found = pattern.search(text)
        if found and not (reason == "customer" and _SOMEONE_ELSES.match(text, found.end())):
            return reason
    return None


# Working for a company the operator named as a competitor (`COMPETITORS`): "I work at
# HubSpot", "I'm from Plezi", "je bosse chez Marketo", "Plezi here", "ma boîte c'est Plezi".
# The name alone is no tell: "do you integrate with HubSpot?", "we use HubSpot" are prospects.
_ROLE = (
    r"\b(?:team|consultant|manager|commercial|sales|rep|marketer|marketing|engineer|dev|"
    r"director|head|lead|analyst|intern|stagiaire|ing[ée]nieur|responsable|charg[ée]|employ|"
    r"salari|bdr|sdr|account|product|designer|cmo|ceo|cto|vp|directeur|directrice|growth)"
)
_WORKS_AT = (
    r"\b(?:(?:i|we)\s+(?:work|am working|are working|worked)|i'?m|im|i am|we'?re|we are|"
    r"working|employed|based)\s+(?:at|for|with|from|in)\s+(?:the\s+)?{name}\b|"
    r"\b(?:i'?m|im|i am|we'?re|we are)\s+{name}\b(?!\s+(?:users?|customers?|clients?))|"
    r"\b(?:my|our) (?:company|employer|firm) (?:is|:)\s*{name}\b|"
    r"^\s*{name}\s+here\b|\b(?:hi|hello|hey),?\s+{name}\s+here\b|"
    r"\b(?:je|j'|on|nous)\s*(?:suis|bosse|travaille|est|sommes|travaillons|bossons)\s+"
    r"(?:chez|pour|[àa])\s+{name}\b|"
    r"\b(?<!devis )(?<!offre )(?<!proposition )de chez\s+{name}\b|"
    r"\b(?:ma|notre) (?:bo[îi]te|soci[ée]t[ée]|entreprise|employeur)\s*(?:c'est|est|:)\s*{name}\b|"
    # "im on the growth team at hubspot", "je suis commercial chez Pardot"
    r"\b(?:i'?m|im|i am|je suis|jsuis|je bosse|on est)\b[^.?!]{{0,30}}?" + _ROLE + r"\w*\b"
    r"[^.?!,;]{{0,20}}?\b(?:at|chez)\s+{name}\b|"
    r"@{name}\.[a-z]{{2,}}\b"  # an address at their domain: "k.lee@hubspot.com"
)


def named_competitor(text: str, competitors: Iterable[str]) -> str | None:
    """The competitor (as the operator spelled it) the speaker says they work for, or None."""
    for name in competitors:
        if not name.strip():
            continue
        pattern = _WORKS_AT.format(name=re.escape(name.strip()))
        if re.search(pattern, text, re.IGNORECASE):
            return name.strip()
    return None
