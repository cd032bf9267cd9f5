"""Job title → seniority → role in the buying process (French and English).

"I'm the CTO", "je suis directrice marketing chez Acme", "Head of Sales at Acme": a title
counts only when it is the speaker's own (a self-reference before it, the title opening the
message, or the title followed by "at/chez <company>"); "my director makes the final call"
names someone else's title and makes the speaker an influencer.

Seniority: c_level > director > manager > individual > student. Role: c_level, director →
decision_maker; manager → influencer; individual, student → end_user.
Authority statements override the title ("I'm head of marketing but our CEO signs off").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from nlu.extract.accents import accent_free, without_accents
from nlu.extract.authority import DECIDES, DECIDES_PLAIN, DEFERS, DEFERS_PLAIN

Seniority = Literal["c_level", "director", "manager", "individual", "student"]
Role = Literal["decision_maker", "influencer", "end_user"]

ROLE_BY_SENIORITY: dict[Seniority, Role] = {
    "c_level": "decision_maker",
    "director": "decision_maker",
    "manager": "influencer",
    "individual": "end_user",
    "student": "end_user",
}

# Functional areas that complete a title: "directeur marketing", "head of sales".
_AREA = (
    r"(?:(?:sales|marketing|revenue|growth|mktg) op(?:eration)?s|ops|mktg|comms|"
    r"marketing(?: digital| opérationnel| produit)?|digital marketing|product marketing|"
    r"field marketing|growth|acquisition|demand gen(?:eration)?|sales|ventes|commercial(?:e)?|"
    r"business development|développement commercial|biz ?dev|revenue|rev ?ops|operations|"
    r"opérations|technique|technical|tech(?:nology)?|it|informatique|engineering|ingénierie|"
    r"systèmes d'information|si|data|digital|numérique|communication|brand|marque|content|"
    r"contenu|produit|product|projet|project|finance|financier|financière|financial|"
    r"administratif et financier|administrative et financière|rh|hr|ressources humaines|"
    r"human resources|people|customer success|relation client|support|service client|"
    r"e-commerce|innovation|stratégie|strategy|partenariats|partnerships|achats|procurement|"
    r"purchasing|r&d|security|sécurité|cybersécurité|information security|crm|seo|"
    r"inbound|outbound|web|transformation digitale|digital transformation|experience|"
    r"expérience client|customer experience|client)"
)
_ART = r"(?:du |de la |de l'|des |de |d'|of |of the )?"
_PREP = r"(?:chez|pour|dans|[àa]|au|de|du|des|en|sur|avec|at|for|in)"  # "chargée de X chez"
# (pattern, seniority), most specific first. Titles are matched case-insensitively, except
# short acronyms, which must be written in capitals ("CEO", "DG") or as a whole message.
_TITLES: list[tuple[str, Seniority]] = [
    (r"chief \w+(?: \w+)? officer", "c_level"),
    (
        r"(?:co-?)?founder(?: (?:and|&) (?:ceo|cto))?|owner|business owner|president|"
        r"managing director|general manager|managing partner",
        "c_level",
    ),
    (
        r"(?:co-?)?fondat(?:eur|rice)|président(?:e)?(?: directeur général| directrice générale)?|"
        r"direct(?:eur|rice) généra(?:l|le)(?: adjoint(?:e)?)?|gérant(?:e)?|dirigeant(?:e)?|"
        r"chef d'entreprise|associé(?:e)? fondat(?:eur|rice)|associé(?:e)?|co-?g[ée]rant(?:e)?",
        "c_level",
    ),
    (r"(?:senior |sr\.? )?(?:vice[- ]president|vp)(?: of)? " + _AREA, "director"),
    (r"trésori(?:er|ère)|tresori(?:er|ere)|treasurer|secrétaire général(?:e)?", "director"),
    (r"head of " + _AREA, "director"),
    (
        r"(?:senior |sr\.? )?(?:director|dir\.?) of " + _AREA + r"|" + _AREA + r" director",
        "director",
    ),
    (r"dir\.? " + _AREA, "director"),  # "dir marketing", "dir. commercial"
    (r"direct(?:eur|rice)(?: adjoint(?:e)?)? " + _ART + _AREA, "director"),
    (r"direct(?:eur|rice)", "director"),
    (r"(?:senior |sr\.? )?" + _AREA + r" (?:manager|mgr|mngr|lead|team lead)", "manager"),
    (r"responsable " + _ART + _AREA + r"|responsable|resp\.? " + _ART + _AREA, "manager"),
    (
        r"expert(?:e)?[- ]comptable|conduct(?:eur|rice) de travaux|chef de chantier|"
        r"office manager|responsable administratif|assistante? de direction",
        "manager",
    ),
    (
        r"chef(?:fe)? (?:de|du) (?:projet|produit|service|équipe|marché)(?: " + _AREA + ")?",
        "manager",
    ),
    (r"product owner|project manager|product manager|team lead|manager", "manager"),
    (rf"chargé(?:e)? (?:de |d')\w+(?: (?!{_PREP}\b)\w+)?", "individual"),  # not "… chez Acme"
    (
        r"(?:senior |junior )?(?:" + _AREA + r" )?(?:analyst|engineer|developer|specialist|"
        r"consultant|designer|coordinator|executive|associate|assistant|marketer)",
        "individual",
    ),
    (
        r"(?:account executive|sales rep(?:resentative)?|sdr|bdr|business developer|"
        r"growth hacker|freelance|freelancer)",
        "individual",
    ),
    (
        r"(?:ingénieur(?:e)?|développeu(?:r|se)|analyste|consultant(?:e)?|assistant(?:e)?|"
        r"technicien(?:ne)?|comptable|commercial(?:e)?|acheteu(?:r|se)|juriste|graphiste|"
        r"coordinat(?:eur|rice)(?: b[ée]n[ée]vole)?|b[ée]n[ée]vole|"
        r"community manager|traffic manager)(?: " + _AREA + r")?",
        "individual",
    ),
    (
        r"(?:(?:master'?s?|phd|mba|undergrad(?:uate)?|grad(?:uate)?|college|university|"
        r"business school) )?student|intern|trainee|apprentice|étudiant(?:e)?|stagiaire|"
        r"alternant(?:e)?|"
        r"apprenti(?:e)?",
        "student",
    ),
]
_ACRONYMS: dict[str, Seniority] = {
    "CEO": "c_level",
    "CTO": "c_level",
    "CMO": "c_level",
    "CFO": "c_level",
    "COO": "c_level",
    "CIO": "c_level",
    "CRO": "c_level",
    "CPO": "c_level",
    "CISO": "c_level",
    "CDO": "c_level",
    "PDG": "c_level",
    "DG": "c_level",
    "DGA": "c_level",
    "DSI": "director",
    "DAF": "director",
    "DRH": "director",
    "RSSI": "director",  # the French CISO
    "DPO": "manager",
    "PMM": "individual",
    "VP": "director",
    "SVP": "director",
    "EVP": "director",
    "CSM": "individual",
    "SDR": "individual",
    "BDR": "individual",
    "AE": "individual",
}

_TITLE_RE = re.compile(
    r"\b(?P<title>" + "|".join(f"(?:{p})" for p, _ in _TITLES) + r")\b", re.IGNORECASE
)
_TITLE_RE_PLAIN = accent_free(_TITLE_RE)  # "je suis gerant", "associee"
_SAFE_LOWERCASE = {
    *("CEO", "CTO", "CMO", "CFO", "COO", "CRO", "CISO", "PDG", "DG", "DGA", "DSI", "DAF", "DRH"),
    "VP",
}
_ACRONYM_RE = re.compile(
    r"\b(?P<title>(?:" + "|".join(_ACRONYMS) + r")(?:[ -](?:of )?(?i:" + _AREA + r"))?)\b"
)
_ACRONYM_LOWER_RE = re.compile(
    r"\b(?P<title>(?:" + "|".join(_SAFE_LOWERCASE) + r")(?:[ -](?:of )?" + _AREA + r")?)\b",
    re.IGNORECASE,
)

# The title is the speaker's own when one of these comes right before it.
_SELF = re.compile(
    r"(?:\b(?:i'?m|i am|i work as|i'm working as|working as|as|my (?:role|title|position|job) "
    r"(?:is|:)|je suis|j'suis|jsuis|jsui|chui|chuis|moi c'est|c'est moi|c est moi|"
    r"je travaille comme|"
    r"je travaille en tant que|en tant que|"
    r"mon (?:poste|rôle|titre|métier) (?:est|:|c'est)|mon poste de|"
    r"i'm currently|i am currently|je suis actuellement|actuellement|comme|me ?:|moi ?:)"
    r"(?:\s+(?:a|an|the|un|une|le|la|l'|notre|our|their|leur|just|only|simple|"
    r"currently|actuellement|actually|really|en fait|plut[ôo]t))*\s*)$",
    re.IGNORECASE,
)
# ...and not when it belongs to someone else.
_OTHER = re.compile(
    r"\b(?:my|our|the|their|your|his|her|mon|ma|notre|nos|leur|votre|le|la|son|sa|"
    r"with|avec|to|à|l)\s+(?:\w+\s+)?$|\bl['’]$",  # "est-ce que l assistant de chat…"
    re.IGNORECASE,
)
_AT_COMPANY_AFTER = re.compile(r"\s*(?:at|@|chez|for|with|in|of|de|pour|dans)\s+\S", re.I)
_MESSAGE_START = re.compile(  # "hi,", "ok,", "Me:": what a reply opens with before a title
    r"\s*(?:(?:hi|hello|bonjour|salut|hey|ok|okay|oui|yes|yeah|so|well|bon|alors|euh|fine|sure|"
    r"alright|d'accord|ouais)\b[\s,!.]*){0,3}"
    r"(?:(?:me|moi|role|rôle|poste|title)\s*[:=-]\s*)?",
    re.IGNORECASE,
)
# What is read before a title to know whose it is: the words just before it, not the whole
# text before it again for every title (quadratic on a long text full of titles).
BEFORE_WINDOW = 120

# Words of titles, to put right what people type in a hurry ("markting manger").
_VOCABULARY = tuple(
    """
    marketing manager director directeur directrice responsable operations commercial
    business development founder fondateur fondatrice product engineer ingénieur developer
    analyst consultant assistant executive president président communication acquisition
    technical technique project projet revenue officer chief student étudiant étudiante
    commerciale ingénieure présidente consultante assistante responsables
    """.split()
)
_VOCABULARY_SET = frozenset(_VOCABULARY)
_REAL_WORDS = frozenset(  # close to a title word, but words of their own
    """
    manage managed manages managing market markets marketer direct directs direction
    directed projects products produits produire engineers develop consult assist assists
    founded officers student students revenues business communicate president office offices
    """.split()
)


@lru_cache(maxsize=2048)
def _respelt(word: str) -> str:
    lower = word.lower()
    if len(lower) < 5 or lower in _VOCABULARY_SET or lower in _REAL_WORDS:
        return word
    close = difflib.get_close_matches(lower, _VOCABULARY, n=1, cutoff=0.85)
    return close[0] if close else word


def respell(text: str) -> str:
    """Title words one typo away put right: "markting manger" → "marketing manager"."""
    return re.sub(r"[^\W\d_]{5,}", lambda m: _respelt(m.group(0)), text)


# "I run growth there", "I lead sales", "I'm in charge of marketing", "je gère le marketing",
# "je m'occupe des ventes": an area the speaker is responsible for stands for a title. Only
# an area word, then the end of the clause: "I manage 5 people", "I run data pipelines" are
# not titles.
_LEADS_AREA = re.compile(
    r"\b(?:i (?:run|lead|head(?: up)?|own|oversee|manage)|i'?m (?:in charge of|responsible for|"
    r"heading|leading|running)|i am (?:in charge of|responsible for)|"
    r"je (?:gère|gere|dirige|pilote|m'occupe|suis (?:en charge|responsable)))"
    r"\s+(?:(?:of|the|our|de la|de l'|du|des|de|d'|le|la|l'|les)\s*)*"
    r"(?P<area>" + _AREA + r")(?:\s+(?:team|department|dept|function|équipe|service|pôle))?"
    r"(?=\s*(?:$|[.,;!?)]|\s(?:there|here|at|for|in|and|but|btw|too|now|currently|chez|"
    r"pour|dans|et|mais|ici|là|la-bas|aussi|maintenant)\b))",
    re.IGNORECASE,
)


# "je dirige une agence immobilière", "I run a small agency", "j'ai monté ma boîte": the
# speaker runs the company.
_RUNS_THE_COMPANY = re.compile(
    r"\b(?:(?P<fr>je dirige|je g[èe]re|j'ai (?:cr[ée]{2}|fond[ée]|mont[ée]|lanc[ée]))|"
    r"i (?:run|own|founded|started))\s+(?:une?|la|le|l'|notre|ma|mon|an?|my|our|the)\s*"
    r"(?:(?:petite|small|little|tiny)\s+)?(?:agence|entreprise|bo[iî]te|soci[ée]t[ée]|cabinet|"
    r"pme|tpe|startup|start-up|agency|company|firm|business|studio|shop|practice)\b"
    r"(?![\s-]+(?:mail|blog|page|site|web|compte|account|newsletter|crm|e-mail|email)\b)",
    re.IGNORECASE,
)


_OWNS_IT = re.compile(r"\bi (?:own|founded|started) it\b", re.IGNORECASE)


def _title_from_area(text: str) -> str | None:
    """ "I run growth" → "head of growth"; "je gère le marketing" → "responsable marketing";
    "I manage marketing" → "marketing manager"; "je dirige une agence" → "dirigeant"."""
    if runs := _RUNS_THE_COMPANY.search(text):
        return "dirigeant" if runs.group("fr") else "owner"
    if _OWNS_IT.search(text):  # "a 12 person bakery supplier, i own it": not IT
        return "owner"
    m = _LEADS_AREA.search(text)
    if m is None:
        return None
    area = " ".join(m.group("area").lower().split())
    verb = m.group(0)[: m.start("area") - m.start()].lower()
    if verb.startswith("je"):
        return f"responsable {area}"
    if " manage" in f" {verb}":
        return f"{area} manager"
    return f"head of {area}"


@dataclass(frozen=True)
class JobTitle:
    title: str | None
    seniority: Seniority | None
    role: Role


def _seniority_of(title: str) -> Seniority:
    first = title.split()[0].split("-")[0]
    if first.upper() in _ACRONYMS and (first.isupper() or first.upper() in _SAFE_LOWERCASE):
        return _ACRONYMS[first.upper()]
    plain = without_accents(title)  # "gerant", "associee": typed without accents
    for pattern, seniority in _TITLES:
        if re.fullmatch(pattern, title, re.IGNORECASE) or re.fullmatch(
            without_accents(pattern), plain, re.IGNORECASE
        ):
            return seniority
    return "individual"


# A title put right: "sorry I meant head of sales, not CFO", "je voulais dire directeur
# commercial, pas DAF" (the title closes its clause: "I meant our CEO wants it" is not one).
_MEANT = re.compile(r"\b(?:i meant|je voulais dire)\s+$", re.IGNORECASE)
# "sorry not cmo, vp marketing": the title after the one taken back (a short message).
_NOT_THAT_TITLE = re.compile(
    r"^\W*(?:(?:sorry|oops|oups|pardon|d[ée]sol[ée]e?|actually|en fait)\W+)?(?:not|pas)\s+"
    r"(?:(?:a|an|the|un|une|le|la)\s+)?[\w'-]+(?:\s+[\w'-]+)?\s*,\s*$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"\s*(?:$|[,.;!?]|\b(?:not|pas|plut[ôo]t)\b)", re.IGNORECASE)


# A title word that qualifies the noun before it: "cabinet d'expertise comptable", "le service
# commercial", "un logiciel comptable" name no one's job.
_QUALIFIES = re.compile(
    r"\b(?:expertise|cabinet|service|pôle|pole|logiciel|outil|suivi|gestion|plan|process(?:us)?|"
    r"direction|cycle|pipeline|fichier|action|force|réseau|reseau|activité|"
    r"assistance|démarche|demarche|frais|coûts?|couts?)s?\s+$",
    re.IGNORECASE,
)


# French titles that are adjectives too: "un logiciel comptable", "le service commercial".
_ADJECTIVE_TITLES = frozenset({"comptable", "commercial", "commerciale", "technique"})


def _is_speakers(text: str, start: int, end: int, message_start: int) -> bool:
    """`message_start`: where the text after its greeting begins (a title there opens it)."""
    window = max(0, start - BEFORE_WINDOW)
    if text[start:end].lower() in _ADJECTIVE_TITLES and _QUALIFIES.search(text, window, start):
        return False
    if start <= message_start or _SELF.search(text, window, start):
        return True
    if _MEANT.search(text, window, start) and _CLAUSE_END.match(text, end):
        return True
    if _NOT_THAT_TITLE.search(text, window, start) and _CLAUSE_END.match(text, end):
        return True  # "sorry not cmo, vp marketing", "pas DAF, directeur commercial"
    return not _OTHER.search(text, window, start) and bool(_AT_COMPANY_AFTER.match(text, end))


def _speaker_title(text: str) -> str | None:
    message_start = _MESSAGE_START.match(text).end()  # type: ignore[union-attr]
    candidates: list[tuple[int, int, str]] = []
    for regex in (_ACRONYM_RE, _ACRONYM_LOWER_RE, _TITLE_RE, _TITLE_RE_PLAIN):
        for m in regex.finditer(text):
            candidates.append((m.start(), m.end(), m.group("title")))
    # Longest first at each position: "directrice marketing" over "directrice".
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    for start, end, title in candidates:
        if _is_speakers(text, start, end, message_start):
            return " ".join(title.split())
    whole = text.strip(" .!").upper()
    if whole in _ACRONYMS:  # a bare answer: "CTO"
        return whole
    return None


def extract_job_title(text: str) -> JobTitle | None:
    """The speaker's job title, seniority and buying role, or None when nothing says."""
    text = respell(text)
    title = _speaker_title(text) or _title_from_area(text)
    plain = without_accents(text)  # "c'est mon boss qui decide"
    defers = bool(DEFERS.search(text) or DEFERS_PLAIN.search(plain))
    decides = bool(DECIDES.search(text) or DECIDES_PLAIN.search(plain)) and not defers
    if title is None and not (defers or decides):
        return None
    seniority = _seniority_of(title) if title else None
    role: Role = ROLE_BY_SENIORITY[seniority] if seniority else "end_user"
    if defers:
        role = "influencer"
    elif decides:
        role = "decision_maker"
    return JobTitle(title=title, seniority=seniority, role=role)
