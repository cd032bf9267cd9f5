"""The prospect's company name: "CTO at Acme", "je travaille chez Dupont & Fils",
"our company is called Brightwave", "Nordlys SAS".

A name counts when a cue says it is the speaker's company (at / chez / work for / our
company is / legal form such as SAS, Ltd, GmbH). Tools they use ("we use HubSpot") and
places ("based in Lyon") are not their company. `ner_orgs` lets a caller add the ORG
entities of a statistical model (spaCy's French pipeline): an ORG counts only when a
company cue comes right before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

from nlu.extract.accents import accent_free
from nlu.extract.lower_name import could_be_a_name
from nlu.extract.person import has_company_word, is_person_name

# A word of a name is at most 40 characters and a name at most 5 words, and a hyphen or
# an ampersand is part of a word: a search tried at every letter of a long run of
# capitals ("AAAA...", "A-A-A-...") then does a bounded amount of work, not a rescan of the
# rest of the text for every split of it.
_WORD = r"[A-ZÀ-ÖØ-Ý0-9][\w&'’.-]{0,40}"
_NAME = rf"(?P<name>{_WORD}(?:(?:\s+|\s*&\s*)(?:{_WORD}|&|et|and|de|du|des|of|the)){{0,4}})"
_LOWER_NAME = r"(?P<name>[a-zà-ÿ0-9][\w&'’.-]{1,30})"

LEGAL_FORMS = (
    r"SAS|SASU|SARL|SA|SCOP|EURL|SNC|Inc\.?|Ltd\.?|LLC|LLP|PLC|GmbH|AG|BV|NV|SRL|SpA|Corp\.?|"
    r"Corporation|Limited|Group|Groupe"
)
# Strong cues: what follows is the speaker's company, even in lower case.
_STRONG = (
    r"(?:i|we) work (?:at|for)|i'?m working (?:at|for)|working (?:at|for)|"
    # "our company is called acme", "my company name is acme"; "our company is Acme" is weak
    # ("our company is growing fast" names nothing)
    r"(?:our|my) (?:company|firm|business|startup|agency|organi[sz]ation|employer)"
    r"(?: name (?:is|'s)| (?:is|'s) (?:called|named))|"
    r"(?:company|firm|organi[sz]ation)(?: name)?\s*[:=]|"
    r"the (?:company|firm|business|agency)(?:'s name| name) is|"
    r"the (?:company|firm|business|agency) is (?:called|named)|"
    r"je travaille (?:chez|pour|à|dans la société|dans l'entreprise)|je bosse chez|"
    r"(?:notre|ma) (?:société|entreprise|boîte|boite|startup|agence|structure) "
    r"(?:s'appelle|se nomme)|"
    r"(?:nom de (?:la|ma|notre) )?(?:boîte|boite|structure|soci[ée]t[ée]|entreprise|boite)\s*[:=]|"
    r"(?:la|une) (?:société|entreprise|boîte|boite|startup|agence|structure) "
    r"(?:s'appelle|appelée|nommée)|(?:société|entreprise)\s*[:=]|"
    r"le nom de (?:la|ma|notre) (?:société|entreprise|boîte|boite|structure) (?:est|c'est)|"
    r"i'?m (?:calling |writing )?from|on behalf of|de la part de|chez"
)
# Weak cues: only with a capitalised name ("at Acme", "pour Acme").
_WEAK = (
    r"(?:(?:(?:co-?)?founder|(?:co-?)?fondat(?:eur|rice)|ceo|cto|cmo|cfo|coo|pdg|dg|drh|daf|dsi|g[ée]rante?|"
    r"pr[ée]sident|owner|directeur|directrice|head of \w+|manager|director|partner|"
    r"vp(?: of)? \w+|(?:directeur|directrice|responsable|chef|chargée?) \w+) "
    r"(?:de|d'|of|du|chez|at)|"
    r"at|@|with|for|pour|"
    # "je suis au cabinet d'avocats Lefort", "je bosse à l'agence Rivage"
    r"(?:au|à|dans)(?=\s+(?:l'|l’|le |la |une |un )?(?:cabinet|agence|studio|"
    r"soci[ée]t[ée]|entreprise|bo[îi]te|startup|start-up|groupe)\b)|"
    r"(?-i:de la société|de l'entreprise|la société|l'entreprise)|"
    r"(?:we are|we're) (?:called|named)|(?:ça|ca) s'appelle|we are|we're|"
    r"nous sommes|on est|it'?s|it is|(?:the )?(?:company|compny|compagny) is|c'est|"
    r"(?:our|my) (?:company|firm|business|startup|agency|organi[sz]ation|employer) is|"
    r"(?:notre|ma) (?:société|entreprise|boîte|boite|startup|agence|structure) (?:est|c'est)|"
    r"(?-i:soci[ée]t[ée]|entreprise))"
)

# A lower-case article is skipped ("chez la Poste"); a capitalised one is the name's ("chez
# La Poste", "chez L'Oréal").
_ARTICLE = r"(?-i:the |la |le |l'|l’)?"
_STRONG_RE = re.compile(rf"\b(?:{_STRONG})\s+{_ARTICLE}", re.IGNORECASE)
_STRONG_PLAIN_RE = accent_free(_STRONG_RE)  # "la societe s'appelle Meca-Precis"
# A lookbehind, not a consumed space: "it's for Harbor & Pine" tries "for" after "it's".
_WEAK_RE = re.compile(rf"(?<![\w'’@.])(?:{_WEAK})\s+{_ARTICLE}", re.IGNORECASE)
# "ask for Helen", "looking for Acme's pricing": not the speaker's company.
_NOT_A_CUE_AFTER = re.compile(
    r"\b(?:ask|asked|asking|look|looking|wait|waiting|thanks|thank you|merci|demandez|"
    r"demander|search|searching|moi,?)\s*$",  # "moi c'est Karim": a person's name
    re.IGNORECASE,
)
# "un devis de chez Plezi", "a quote from Marketo": another vendor's offer, whatever the cue.
_OFFER_BEFORE = re.compile(
    r"\b(?:devis|offre|proposition|quote|proposal|abonnement)(?: de| from)?\s*$", re.I
)
# How far before a cue `_NOT_A_CUE_AFTER` looks: its longest word and the spaces after it.
# A search from the text's start before each cue was quadratic ("at " x 4000 took 12 s).
NOT_A_CUE_WINDOW = 40
_SENTENCE_END = re.compile(r"[.!?\n]")
# "Commercial director, Wexford Partners": a title, then the company's name, and nothing else;
# or a title, the speaker's own name, then the company's ("I'm the COO, Marc Dufresne,
# Dufresne & Associés", "je suis la gérante, Sophie Marchand, Marchand Rénovation").
_PERSON = r"(?-i:[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+){1,2})\s*,\s*"
_TITLE_THEN_NAME_RE = re.compile(
    rf"^[\w' -]{{0,40}}\b(?:director|manager|head of [\w-]+|ceo|cto|cmo|cfo|coo|founder|"
    rf"owner|lead|vp(?: of)? [\w-]+|directeur|directrice|responsable(?: [\w-]+)?|gérant|"
    rf"gérante|fondateur|fondatrice|pdg|dg|patron|patronne|associée?)\s*(?P<sep>[,@:-]|\.(?=\s))"
    rf"\s*(?:{_PERSON})?(?:(?:le |la |l')?(?:cabinet|agence|studio|société|groupe)\s+)?"
    rf"{_NAME}\s*[.!]?\s*$",
    re.IGNORECASE,
)
_CAP_NAME_RE = re.compile(_NAME)
# "Caldera Robotics, 150 employees", "VP Sales, Quillon Software, about 900 employees": a
# capitalised name ahead of a headcount, at the start of the message or after a title.
_NAME_THEN_SIZE_RE = re.compile(
    rf"(?:^|,\s*|\(\s*){_NAME}\s*,\s*(?:about |roughly |around |approx\.? |environ |~)?\d",
    re.IGNORECASE,
)
# "we're a 25 ppl agency, Harbor & Finch Logistics": a name closing a message about the
# company (its kind or its size), after a comma.
_ABOUT_COMPANY_RE = re.compile(
    r"\b(?:agency|company|firm|startup|start-up|business|studio|shop|group|people|person|ppl|"
    r"employees|staff|agence|société|societe|entreprise|boîte|boite|cabinet|personnes|"
    r"salariés|salaries|employés)\b",
    re.IGNORECASE,
)
_NAME_LAST_RE = re.compile(rf",\s*{_NAME}\s*[.!]?\s*$")
# "we're a small agency, ~35 ppl, called Fox & Wren Studio", "une agence qui s'appelle
# Renard & Fils": a kind of company, then "called"/"named" and a capitalised name, in the
# same sentence.
_CALLED_RE = re.compile(
    r"(?i:\b(?:agency|company|co|firm|startup|start-up|business|studio|shop|consultancy|agence|"
    r"société|societe|entreprise|boîte|boite|cabinet|studio)\b[^.?!\n]{0,40}?"
    r"\b(?:called|named|qui s'appelle|qui se nomme|appelée?|nommée?))\s+" + _NAME
)
_LOWER_NAME_RE = re.compile(_LOWER_NAME)
_LEGAL_RE = re.compile(rf"{_NAME}\s+(?:{LEGAL_FORMS})\b")
# A cue right before a model's ORG entity, looked for in the characters just before it.
_CUE_BEFORE_RE = re.compile(rf"(?:{_STRONG}|{_WEAK})\s+{_ARTICLE}$", re.IGNORECASE)
CUE_WINDOW = 80

# Capitalised words that are never a company: time words, places, pronouns, tools.
_NOT_COMPANY = frozenset(
    """
    i we you it the a an this that our my your we're i'm q1 q2 q3 q4 t1 t2 t3 t4 asap
    january february march april may june july august september october november december
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre monday tuesday wednesday thursday friday lundi mardi mercredi jeudi
    vendredi next this the end fin début least most about around environ least
    paris lyon marseille lille toulouse bordeaux nantes london londres berlin montreal
    montréal bruxelles brussels genève geneva quebec québec france europe usa uk
    hubspot salesforce pipedrive marketo pardot mailchimp excel google gmail slack teams zoom
    linkedin shopify wordpress zapier notion orbitly
    budget need needs cto ceo cmo cfo coo vp head director manager directeur directrice
    responsable marketing sales ventes operations opérations engineering product produit growth
    finance demand generation communication acquisition
    un une le la les mon ma notre nos votre vos me moi lui elle ils nous vous personne
    im i’m ive i've i'd her his their jsuis chui
    usd eur gbp chf cad aud euros dollars
    dir sr jr mgr pmm snr vp svp evp avp dg pdg drh daf dsi rssi cdo client cliente
    web seo sea saas b2b b2c digitale
    """.split()
)
_STOP_AFTER = re.compile(
    r"\s+(?:with|and|et|we|on|in|à|a|an|since|depuis|where|où|qui|who|which|that|but|mais|"
    r"for|pour|de|du|des|of)\s*$",
    re.IGNORECASE,
)


def _clean(name: str) -> str | None:
    name = re.split(r"[,;:!?()\n]|\s[-–]\s|\.\s", name)[0].strip(" .'’\"")
    name = re.split(r"\s+(?:and|et)\s+(?:I|I'm|we|je|j'|nous|on)\b", name)[0]
    while True:
        trimmed = _STOP_AFTER.sub("", name)
        if trimmed == name:
            break
        name = trimmed
    # Trailing words that describe rather than name ("Acme here", "Acme team").
    name = re.sub(
        r"\s+(?:here|team|people|company|teams|staff|ici|inc)$", "", name, flags=re.IGNORECASE
    )
    words = name.split()
    named_article = len(words) > 1 and words[0] in ("La", "Le", "Les", "The")  # "La Poste"
    if not words or (words[0].lower() in _NOT_COMPANY and not named_article) or len(name) < 2:
        return None
    if name.isdigit() or re.fullmatch(r"\d[\d\s.,]*(?:k|m)?", name, re.IGNORECASE):
        return None
    if re.fullmatch(r"\d{1,2}(?:[:h.]\d{2})?\s*(?:am|pm|h)?", name, re.IGNORECASE):
        return None  # "at 4pm", "chez 15h30": a time, not a name
    return name


def opens_no_name(text: str) -> bool:
    """`text` opens with a word no company name opens with ("USD", "Mgr", "Im", a month)."""
    words = text.split()
    if len(words) > 1 and words[0] in ("La", "Le", "Les", "The"):  # "La Poste"
        return False
    return bool(words) and words[0].lower().strip(".,;:'’") in _NOT_COMPANY


def clean_name(name: str) -> str | None:
    """A candidate name without what describes rather than names it, or None when it is
    not a company (a month, a tool, a place, a number)."""
    return _clean(name)


# The kind of business between a cue and the name: "gérante de l'agence Lumen", "at the
# studio Fox & Wren", "DG du cabinet Morvan".
_KIND_OF_BUSINESS = re.compile(
    r"(?:une |un )?(?:agence|agency|cabinet|studio|société|societe|entreprise|boîte|boite|startup|"
    r"start-up|firm|company)"
    # what it does, after "de": "cabinet d'avocats Lefort & Associés", "agence de comm Rivage"
    r"(?:\s+(?:de\s+|d'|d’)[a-zà-ÿ-]+)?"
    # and what kind, in a word or two: "cabinet comptable Fiducia", "agence immo Horizon"
    r"(?:\s+(?!(?:de|du|des|d'|qui|que|à|a|en|pour|avec|dans|sur|of|in|at|for|with)\b)"
    r"[a-zà-ÿ-]+){0,2}\s+(?=[A-ZÀ-Ý])"
)


def _after(text: str, end: int, *, lowercase_ok: bool) -> str | None:
    if kind := _KIND_OF_BUSINESS.match(text, end):
        end = kind.end()
    m = _CAP_NAME_RE.match(text, end)  # in place: a copy of the rest per cue is quadratic
    if m is None and lowercase_ok:
        m = _LOWER_NAME_RE.match(text, end)
    return _clean(m.group("name")) if m else None


# A title and its "of" inside a capitalised run: "Sam Ortiz CEO of Baker & Sons Ltd".
_TITLE_OF = re.compile(
    r"^.*\b(?:CEO|CTO|CMO|CFO|COO|CRO|VP|President|Founder|Co-?founder|Owner|Partner|Director|"
    r"Head|Manager|PDG|DG|Directeur|Directrice|Gérant|Gérante|Fondateur|Fondatrice)"
    r"(?:\s+[A-Z][\w&-]*)*\s+(?:of|at|chez|de)\s+",
    re.IGNORECASE,
)


# A title then "at": what follows is the company, even in lower case ("im cmo at payflow").
_TITLE_AT_RE = re.compile(
    r"\b(?:ceo|cto|cmo|cfo|coo|cro|founder|co-?founder|owner|director|manager|head of \w+|"
    r"vp(?: of)? \w+(?: \w+)?|(?:marketing|sales|growth|revenue|product) \w+)\s+(?:at|@)\s+"
    r"(?!(?:an?|the|my|our|this|that|home|work|least|present|night|first|some|one)\b)",
    re.IGNORECASE,
)


_ENDS = r"and|et|with|we|on|in|for|since|but|mais|avec|depuis|pour|who|qui|based|located|btw"
# Up to three lower-case words ending the clause: "at kestrel freight", "at payflow, 400 ppl".
_LOWER_WORDS_RE = re.compile(
    rf"(?P<name>[a-zà-ÿ0-9][\w&'’.-]{{1,30}}(?:\s+(?!(?:{_ENDS})\b)[a-zà-ÿ0-9][\w&'’-]{{1,30}}){{0,2}})"
    rf"(?=\s*(?:$|[,.;!?)]|\s(?:{_ENDS})\b))"
)


# "my company is acme", "notre boîte c'est lumen": lower-case words after it name the company
# only when the first could be nothing else (nlu/extract/lower_name.py).
_MY_COMPANY_IS_RE = re.compile(
    r"\b(?:(?:our|my|the) (?:company|compny|firm|business|startup|agency|employer)(?:'s| is)|"
    r"(?:notre|ma|la) (?:société|societe|entreprise|boîte|boite|startup|agence|structure)"
    r" (?:est|c'est|c est))\s+",
    re.IGNORECASE,
)


def _lower_case_name(text: str) -> str | None:
    for cue in _MY_COMPANY_IS_RE.finditer(text):
        words = _LOWER_WORDS_RE.match(text, cue.end())
        if words and could_be_a_name(words.group("name").split()[0]):
            return words.group("name")
    return None


def extract_company(text: str, ner_orgs: Iterable[tuple[int, int]] = ()) -> str | None:
    """The speaker's company name, or None.

    `ner_orgs` are (start, end) character spans of ORG entities found by a model.
    """
    m = _LEGAL_RE.search(text)
    if m and (name := _clean(_TITLE_OF.sub("", m.group(0)))):
        return name
    for regex in (_STRONG_RE, _STRONG_PLAIN_RE):
        for cue in regex.finditer(text):
            if _OFFER_BEFORE.search(text, max(0, cue.start() - NOT_A_CUE_WINDOW), cue.start()):
                continue  # "un devis de chez Plezi": another vendor's offer
            if name := _after(text, cue.end(), lowercase_ok=True):
                return name
    for start, end in ner_orgs:
        cued = _CUE_BEFORE_RE.search(text, max(0, start - CUE_WINDOW), start)
        if cued and (name := _clean(text[start:end])):
            return name
    in_question = _questions(text)
    for cue in _TITLE_AT_RE.finditer(text):
        if in_question(cue.start()):
            continue
        words = _LOWER_WORDS_RE.match(text, cue.end())
        if name := (_clean(words.group("name")) if words else None) or _after(
            text, cue.end(), lowercase_ok=True
        ):
            return name
    for cue in _WEAK_RE.finditer(text):
        if (
            in_question(cue.start())
            or _not_a_cue(text, cue.start())
            or _OFFER_BEFORE.search(text, max(0, cue.start() - NOT_A_CUE_WINDOW), cue.start())
        ):
            continue  # "do you integrate with Okta?": a tool they ask about
        if (name := _after(text, cue.end(), lowercase_ok=False)) and not is_person_name(name):
            return name  # "it's John Smith": the speaker, not their company
    if (lower := _lower_case_name(text)) and (name := _clean(lower)):
        return name  # "my company is acme, we sell forklifts"
    m = _CALLED_RE.search(text)
    if m and (name := _clean(m.group("name"))):
        return name
    m = _TITLE_THEN_NAME_RE.match(text.strip())
    if (
        m
        and m.group("name")[0].isupper()
        and (name := _clean(m.group("name")))
        and not is_person_name(name)  # "I'm the CEO, John Smith": their own name
        # After a full stop only a business's name ("c'est moi la gérante. Menuiseries
        # Lefort"), not "I'm the CEO. Thanks".
        and (m.group("sep") != "." or has_company_word(name))
    ):
        return name
    for m in _NAME_THEN_SIZE_RE.finditer(text):
        if m.group("name")[0].isupper() and (name := _clean(m.group("name"))):
            return name
    return _name_last(text)


def _name_last(text: str) -> str | None:
    m = _NAME_LAST_RE.search(text)
    if m is None or not _ABOUT_COMPANY_RE.search(text, 0, m.start()):
        return None
    words = m.group("name").split()
    if not all(
        w[0].isupper() or w.lower() in ("&", "de", "du", "des", "of", "and", "et") for w in words
    ):
        return None
    name = _clean(m.group("name"))
    return None if name is None or is_person_name(name) else name


def _not_a_cue(text: str, at: int) -> bool:
    """The words just before `at` make the cue someone else's ("ask for Helen")."""
    return _NOT_A_CUE_AFTER.search(text, max(0, at - NOT_A_CUE_WINDOW), at) is not None


def _questions(text: str) -> Callable[[int], bool]:
    """Whether the sentence around a position asks something (it ends with a question mark).
    The sentence ends are found once per text: a search from each cue to the next end was
    quadratic when there is none ("at " x 33,000 took 6 s)."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]

    def asks(at: int) -> bool:
        i = bisect_left(ends, at)
        return i < len(ends) and text[ends[i]] == "?"

    return asks
