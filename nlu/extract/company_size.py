"""Company size in employees: "200 people", "une équipe de 45 personnes", "1,200 employees",
"an 80-person company", "~35 ppl", "a dozen of us", "une cinquantaine de salariés",
"35 consultants".

Hard negatives: offices, countries, customers, users, years are not headcounts.
"""

from __future__ import annotations

import re

from nlu.extract.numbers import APPROX_NUMBERS, COUNT, MULTIPLIER, apply_multiplier, parse_count

PEOPLE = (
    r"(?:people|persons?|ppl|folks|employees?|staff|FTEs?|headcount|workers|engineers|developers|"
    r"of us|d'entre nous|"
    # Typed without accents or with a doubled letter ("salaries", "sallariés", "employes").
    r"personnes|sall?ari[ée]e?s?|employ[ée]e?s?|coll?aborateurs?|coll?aboratrices?|ETP|agents|"
    r"commerciaux|développeurs|ingénieurs|"
    # The trade of a firm whose staff is its trade: "35 consultants", "12 avocats".
    r"consultants?|lawyers|attorneys|avocats?|accountants|comptables|techniciens|technicians|"
    # (not the trades a firm often serves: "we sell to 500 dentists" is no headcount)
    r"recruiters|recruteurs|recruteuses|architects|architectes|brokers|courtiers|"
    r"conseill[eè]re?s|"
    # Chat shorthand: "on est 150 pers", "150 emps".
    r"pers|emps|empl)"
)
_NUM = rf"(?P<num>{COUNT})"
# "200 people", "about 1,200 employees", "45 salariés", "2k staff". Optional parts carry their
# own spaces (two `\s*` side by side retry every split of a run of spaces: quadratic).
SIZE_BEFORE = re.compile(
    rf"(?<![\w$€£]){_NUM}(?:\s*(?P<mult>{MULTIPLIER}))?(?:\s*\+)?\s*(?:\w+\s+|d')?{PEOPLE}\b",
    re.IGNORECASE,
)
# "an 80-person company", "a 50-strong team", "200-employee firm"
SIZE_HYPHEN = re.compile(
    rf"(?<![\w$€£]){_NUM}(?:\s*(?P<mult>{MULTIPLIER}))?-(?:person|people|strong|employee|staff)\b",
    re.IGNORECASE,
)
# "headcount of 80", "team of 12", "équipe de 30", "effectif de 250", "une agence de 12",
# "a small shop of 6", "une PME de 45", "une agence web de 20"
_BUSINESS = (
    r"headcount|team|company|équipe|equipe|effectif|entreprise|société|societe|boîte|boite|"
    r"agence|agency|firm|PME|SME|start-?up|cabinet|studio|shop|boutique|business|structure|"
    r"organi[sz]ation"
)
SIZE_AFTER = re.compile(
    rf"\b(?:{_BUSINESS})(?:\s+[^\W\d_]+)?\s+"
    rf"(?:of|de|d'environ|of about|of around)\s+(?:about\s+|environ\s+)?"
    rf"(?!20[2-4]\d\b){_NUM}"  # "la structure de 2025": a year
    rf"(?:\s*(?P<mult>{MULTIPLIER}))?(?!\s*(?:offices?|bureaux|pays|countries|clients|customers|"
    rf"users|utilisateurs|ans|years|mois|months|semaines|weeks|jours|days|%|€|\$|£))",
    re.IGNORECASE,
)


# "on est 12", "we're 40", "we're 70 now": a bare count after "we are" at the end of a
# clause, or before where ("on est une trentaine chez Atelier Corvin", "we're 40 at Acme").
SIZE_WE = re.compile(
    rf"\b(?:on est|nous sommes|we are|we're)\s+"
    rf"(?:(?:about|around|environ|roughly|genre|like|à peu près|a peu pres)\s+)?"
    rf"(?:(?:une|a)\s+(?=(?:{'|'.join(APPROX_NUMBERS)})\b))?{_NUM}"
    rf"(?:\s*(?P<mult>{MULTIPLIER}))?"
    rf"(?=\s*(?:$|[.,;!?)]|(?:and|et|but|mais|chez|at|dans|ds|in|au total|en tout|overall|total|"
    rf"now|today|maintenant|aujourd'hui|already|d[ée]j[àa])\b))",
    re.IGNORECASE,
)


# The people something is for: "the demo would be for 5 people on our side", "pour 4
# personnes" (attendees or users, nlu/extract/seats.py), not the company's headcount.
_DENIED = re.compile(r"\b(?:pas|not|non)\s+(?:de\s+|d'|des\s+|les\s+|the\s+)?$", re.IGNORECASE)
_FOR_SOME = re.compile(
    r"\b(?:d[ée]mo|call|meeting|r[ée]union|visio|presentation|pr[ée]sentation|price|pricing|"
    r"cost|quote|devis|prix|tarifs?|licen[cs]es?|seats?|need it|besoin)\b[^.?!]{0,40}?"
    r"\b(?:for|pour)\s+(?:like\s+|about\s+|around\s+|environ\s+|~\s*)?$",
    re.IGNORECASE,
)


# People hired or worked with are not the headcount: "we hired 2 consultants last year",
# "on travaille avec 3 consultants", "on recrute 5 commerciaux".
_TAKEN_ON = re.compile(
    r"\b(?:hired|hiring|hire|recruit(?:ed|ing|s)?|embauch(?:e|ons|ez|é|ée|és|er)|"
    r"recrut(?:e|ons|ez|é|ée|és|er)|work(?:ing)? with|travaill\w* avec|bosse avec)\s+"
    r"(?:(?:about|around|environ|like|maybe|roughly|~)\s*)?$",
    re.IGNORECASE,
)


# People served are customers, not the headcount: "our platform serves 2000 brokers", "we
# sell to 500 brokers", "nous accompagnons 150 conseillers", "our clients are 40 brokers".
_SERVED = re.compile(
    r"\b(?:serv(?:e|es|ing|ed)|sell(?:s|ing)? to|sold to|help(?:s|ing)?|target(?:s|ing)?|"
    r"(?:clients|customers|users) (?:are|include)|accompagn\w+|vend\w* [àa]|cibl\w+|"
    r"(?:nos|our) clients?,?)\s+(?:(?:about|around|environ|like|maybe|over|"
    r"plus de|more than|~)\s*)?$",
    re.IGNORECASE,
)


def _value(match: re.Match[str]) -> int:
    return round(apply_multiplier(parse_count(match.group("num")), match.group("mult")))


# One department's team is not the company: "l'équipe marketing c'est 6 personnes", "our
# sales team is 8 people" (but "une équipe de 45 personnes", "a team of 12" are the company).
_DEPARTMENT = (
    r"marketing|sales|commerciale?|ventes?|vente|tech|technique|dev|IT|RH|HR|support|growth|"
    r"ops|data|finance|produit|product|SDR|customer success"
)
_TEAM_OF = (
    rf"(?:(?:[ée]quipe|team|service|d[ée]partement)\s+(?:{_DEPARTMENT})|(?:{_DEPARTMENT})\s+"
    rf"(?:team|department))"
)
# The department, then what ties it to the number ("is", "c'est", "de", "has"), before it...
_ONE_TEAM = re.compile(
    rf"{_TEAM_OF}\s+(?:(?:is|are|has|have|of|de|d'|c'est|compte|fait|with|avec|about|around|"
    rf"environ|maybe|like|genre|=|:|\()\s*){{1,3}}$",  # "mon equipe marketing (8 personnes)"
    re.IGNORECASE,
)
# ...or after it: "on est 6 dans l'équipe marketing", "we're 3 in the marketing team".
_IN_ONE_TEAM = re.compile(
    rf"\s*(?:people|personnes)?\s*(?:dans|in)\s+(?:l'|le |la |the |our |notre )?{_TEAM_OF}",
    re.IGNORECASE,
)


def extract_company_size(text: str) -> int | None:
    """Employees of the prospect's company, or None."""
    for pattern in (SIZE_HYPHEN, SIZE_BEFORE, SIZE_AFTER, SIZE_WE):
        for match in pattern.finditer(text):
            start, end = match.start("num"), match.end()
            if _ONE_TEAM.search(text, 0, start) or _IN_ONE_TEAM.match(text, end):
                continue  # the marketing team's size
            if _FOR_SOME.search(text, 0, start):
                continue  # "the demo would be for 5 people": who it is for, not the company
            if _TAKEN_ON.search(text, max(0, start - 30), start):
                continue  # "we hired 2 consultants": not the company's headcount
            if _SERVED.search(text, max(0, start - 30), start):
                continue  # "we sell to 500 brokers": customers
            if _DENIED.search(text, max(0, start - 12), start):
                continue  # "on est 50 utilisateurs, pas 50 salariés": not the size
            size = _value(match)
            if 1 <= size <= 5_000_000:
                return size
    return None
