"""The need: the pain the prospect states, and which use case of the product it maps to.

A need is a statement of a problem or a goal ("we waste hours qualifying leads by hand",
"on cherche à automatiser nos relances"), not a question to the bot ("what do you need?"),
a deadline ("we need it by March") or a refusal ("we don't need anything"). Its use case:
nlu/extract/use_cases.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nlu.extract.accents import accent_free, without_accents
from nlu.extract.budget import extract_budget
from nlu.extract.company import extract_company
from nlu.extract.company_size import extract_company_size
from nlu.extract.email import EMAIL
from nlu.extract.job_title import extract_job_title
from nlu.extract.timeline import extract_timeline
from nlu.extract.use_cases import use_case_of

# A statement of need or pain, in either language.
_CUES = re.compile(
    r"\b(?:"
    r"(?:we|i) (?:really |urgently |badly )?(?:need|want|would like|'d like|wish|have to|must)"
    r"|(?:we're|we are|i'm|i am) (?:looking|searching) for|looking for a (?:way|tool|solution)"
    r"|(?:we|i) (?:struggle|are struggling|'re struggling|have trouble|have a hard time|"
    r"can't|cannot|don't manage|fail|keep losing|lose|are losing|'re losing|waste|are wasting|"
    r"spend too much|miss|are missing)"
    r"|(?:our|my|the) (?:main |biggest |real )?(?:problem|issue|pain|challenge|goal|priority|"
    r"objective|bottleneck) (?:is|right now is|today is)|it'?s hard to|too much time|"
    r"too many|no visibility|no way to|help us|our goal|"
    r"(?:nobody|no one|no-one) (?:ever |really |actually |properly )?\w+s\b|"
    r"personne ne \w+|personne n'\w+|"
    r"(?:nous avons|on a|j'ai|nous aurions|on aurait) (?:vraiment |surtout )?besoin"
    r"|il (?:nous|me) (?:faut|faudrait)|besoin (?:d'|de )|(?:nous|on|je) (?:cherch|recherch)\w*|"
    r"(?:nous voulons|on veut|je veux|nous voudrions|on voudrait|je voudrais|nous aimerions|"
    r"on aimerait|j'aimerais|nous souhaitons|on souhaite|je souhaite)"
    r"|(?:nous perdons|on perd|je perds|on gaspille|nous gaspillons|on passe trop|"
    r"nous passons trop|on n'arrive pas|nous n'arrivons pas|je n'arrive pas|on galère|"
    r"nous galérons|on a du mal|nous avons du mal|j'ai du mal|difficile de|trop de temps|"
    r"pas de visibilité|aucune visibilité|manque de|on manque|nous manquons|"
    r"on (?:rate|loupe|laisse (?:passer|filer|tomber)|croule)(?!\s+(?:pas|jamais|rien|plus)\b)|"
    r"on oublie (?:de|d'|des|souvent|parfois|toujours)|"
    r"nous (?:ratons|loupons|laissons (?:passer|filer|tomber)|croulons)"
    r"(?!\s+(?:pas|jamais|rien|plus)\b)|nous oublions (?:de|d'|des|souvent|parfois)|"
    r"(?:on est|nous sommes) débordés?)"
    r"|(?:nos|les|mes) (?:commerciaux|équipes?|vendeurs|sales|sdrs?|bdrs?|conseillers) (?:(?:ne"
    r" |n')\w+ (?:pas|jamais|plus)|perdent|ratent|loupent|oublient|laissent (?:passer|filer|"
    r"tomber)|galèrent|croulent|passent trop|ont du mal|n'arrivent pas)|our (?:sales ?(?:team|"
    r"reps|people)?|marketing ?(?:team|people)?|reps|team|SDRs?|BDRs?|salespeople) (?:don't|"
    r"doesn't|never|ignore|can't|cannot|are drowning|struggle|has no idea|have no idea|lose|"
    r"are losing|keeps? losing|miss|are missing|forget|waste|spend too much)"
    r"|(?:notre|mon) (?:principal |plus gros |vrai )?(?:problème|souci|défi|enjeu|objectif|"
    r"difficulté|priorité|point de douleur)"
    r")",
    re.IGNORECASE,
)
# Not a need: a deadline, a refusal, a question back to the bot, small talk.
_NOT_NEED = re.compile(
    r"\b(?:need(?:ed)? (?:it|this|that|them|something|a solution|the tool)? ?(?:by|in|before|"
    r"within|for) (?:\w+ )?(?:\d|next|march|april|may|june|july|q[1-4]|the end|end|"
    r"january|february|august|september|october|november|december|a |one |two |three |six )|"
    r"en avoir besoin (?:pour|d'ici|avant|en)|"
    r"(?:don't|do not|doesn't|no) (?:really )?need|n'avons besoin de rien|"
    r"pas besoin|aucun besoin|"
    r"(?:do|what|why) (?:do )?you need|what do you want|de quoi avez-vous besoin|"
    r"(?:i|we) (?:want|would like|'d like) to (?:talk|speak|know|see|ask|understand|"
    r"book a demo|get a demo)|je (?:voudrais|veux|souhaite|aimerais) (?:parler|savoir|"
    r"connaître|connaitre|voir|demander|comprendre)|"
    r"(?:need|have) to (?:check|validate|run it by|ask|talk to|discuss)|"
    # "I need help", not "we need help with lead scoring"
    r"need (?:help(?!\s+(?:with|on|for|to|qualifying|scoring)\b)|a person|a human|someone)|"
    r"besoin d'aide(?!\s+(?:pour|sur|avec)\b)|besoin (?:de parler|d'un humain)|"
    r"(?:i|we) want (?:your|the) (?:pricing|price)|would like (?:your|the) (?:pricing|price)|"
    # When, not what: "we want it live before end of Q1", "on le veut en place avant l'été".
    r"(?:want|need|like|'d like) (?:it|this|that|the tool|the solution) (?:to be )?"
    r"(?:live|ready|running|up and running|in place|deployed|operational|rolled out|done)\b|"
    r"(?:le|la|l') ?(?:veut|voulons|voudrait|voudrions|faut|faudrait)\s+(?:\w+\s+)?"
    r"(?:en place|opérationnel(?:le)?|operationnel(?:le)?|prête?|pret|déployée?|deployee?|"
    r"en production|en prod)\b|(?:veux|voudrais|aimerais|souhaite|want|'d like|would like) "
    r"(?:(?:être|etre|to be) )?(?:rappel|recontact|called|contacted|a call))",
    re.IGNORECASE,
)

_ANY_DAY = date(2000, 1, 1)  # only the deadline's words matter here, not its date
_CONTENT_WORD = re.compile(
    r"\b(?!(?:it|this|that|a|an|the|la|le|les|une|un|solution|tool|outil|one|ça|cela|ca|"
    # When to begin says no problem: "we want to start next month", "on voudrait lancer ça".
    r"to|be|live|running|ready|up|start|starting|begin|launch|go|get|started|project|"
    r"projet|commencer|démarrer|demarrer|lancer|en|place|de|d|"
    # nor when to sign: "on veut signer avant fin juin", "we want to buy before Q2"
    r"sign|signer|signing|buy|acheter|decide|décider|decider|choose|choisir|purchase)\b)"
    r"[^\W\d_]{2,}",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
MAX_NEED_CHARS = 240


@dataclass(frozen=True)
class Need:
    text: str
    use_case: str | None


_CUES_PLAIN = accent_free(_CUES)
_NOT_NEED_PLAIN = accent_free(_NOT_NEED)


# Apostrophes people leave out: "our SDRs cant keep up", "we dont have time".
_NO_APOSTROPHE = re.compile(r"\b(can|don|doesn|won|isn|aren|didn)t\b", re.IGNORECASE)


def says_no_need(text: str) -> bool:
    """`text` is a deadline, a refusal or a question back, worded as a need ("we want it
    live before end of Q1", "we don't need anything")."""
    plain = _NO_APOSTROPHE.sub(r"\1't", text)
    if _NOT_NEED.search(plain) or _NOT_NEED_PLAIN.search(without_accents(plain)):
        return True
    deadline = extract_timeline(text, today=_ANY_DAY)  # "on veut signer avant fin juin"
    rest = _CUES.sub(" ", text.replace(deadline.text, " ")) if deadline else ""
    return deadline is not None and len(_CONTENT_WORD.findall(rest)) < 2


def extract_need(text: str) -> Need | None:
    """The first sentence that states a need or pain, with its use case."""
    # An address is no sentence: "sam.ortiz@kestrelfreight.com here, we need…" is one.
    text = _CONTACT_DETAIL.sub(" ", text)
    for sentence in _SENTENCE.finditer(_NO_APOSTROPHE.sub(r"\1't", text)):
        clause = sentence.group(0).strip()
        if not clause or clause.endswith("?"):
            continue
        plain = without_accents(clause)  # "on galere a relancer": typed without accents
        cue = _CUES.search(clause) or _CUES_PLAIN.search(plain)
        if cue is None or says_no_need(clause):
            continue
        use_case = use_case_of(clause)
        # A need cue with nothing after it ("we need it", "il nous faut la solution d'ici
        # six mois": a deadline) says nothing of the problem.
        rest = clause[cue.end() :]
        if (deadline := extract_timeline(rest, today=_ANY_DAY)) is not None:
            rest = rest.replace(deadline.text, " ")
        if use_case is None and len(_CONTENT_WORD.findall(rest)) < 2:
            continue
        problem = _without_deadline_clauses(about_the_problem(clause))
        return Need(text=problem[:MAX_NEED_CHARS], use_case=use_case)
    return None


_BUDGET_CLAUSE = re.compile(r"(?:budget|budjet|bugdet|enveloppe)\b", re.IGNORECASE)


def _without_deadline_clauses(text: str) -> str:
    """The need without a clause that only says when or how much ("our leads go cold, we
    need it early next year", "…, budget 3000 eur/mois": the timeline's and the budget's)."""
    clauses = re.split(r"(?<=\S),\s+", text)
    if len(clauses) < 2:
        return text
    kept = []
    for clause in clauses:
        deadline = extract_timeline(clause, today=_ANY_DAY)
        rest = _CUES.sub(" ", clause.replace(deadline.text, " ")) if deadline else clause
        money = _BUDGET_CLAUSE.match(clause) and extract_budget(clause) is not None
        if not money and (deadline is None or len(_CONTENT_WORD.findall(rest)) >= 2):
            kept.append(clause)
    return ", ".join(kept) if kept else text


# ", and" is one break: the need does not start with "and".
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;]\s*(?:(?:and|et|but|mais)\b)?|\b(?:and|et|but|mais)\b)\s*", re.IGNORECASE
)
MIN_PROBLEM_WORDS = 4
MAX_WHO_WORDS = 8  # "perso je suis DAF chez Transports Gauthier": longer says more than who
# A headcount's clause may also say the trade: "on est une PME de 60 personnes dans le BTP".
MAX_SIZE_WORDS = 12
# An address or a phone number is no part of a need (and is kept only with consent).
_CONTACT_DETAIL = re.compile(rf"{EMAIL.pattern}|\+?\d[\d .()-]{{7,}}\d")
# "hi, here, we need…" (an address taken out): a greeting or filler, no problem yet.
_HELLO = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hi there|bonjour|bonsoir|salut|slt|bjr|coucou|yo|ok|okay|so|"
    r"well|alors|bon|here|ici)\W*)+$",
    re.IGNORECASE,
)
# "we're a recruiting agency", "on est une agence web": what kind of company they are.
_KIND_OF_COMPANY = re.compile(
    r"^\W*(?:\w+[.!]\s+)?(?:(?:bon|ben|ok|okay|so|well|alors|donc|euh|hi|hello|hey|bonjour|salut|"
    r"slt|bjr)\W+)?(?:we'?re|were|we are|on est|nous sommes)\s+(?:an?|une?)\s+"
    r"(?:[\w'-]+\s+){0,3}(?:agency|company|firm|startup|start-up|business|team|studio|shop|"
    r"saas|agence|cabinet|pme|tpe|eti|société|entreprise|boîte|boite|startup|groupe|group)"
    r"(?:\s+[\w'-]+){0,4}$",
    re.IGNORECASE,
)


# A sentence that says what the business does: "we sell industrial pumps", "on fabrique des
# meubles", "nous vendons du vin".
_WHAT_WE_DO = re.compile(
    r"^\W*(?:(?:hi|hello|hey|bonjour|salut|slt|bjr|ok|so|bon|alors)\W+)?"
    r"(?:we|on|nous)\s+(?:sell|make|build|run|manufacture|distribute|do|provide|offer|"
    r"vend\w*|fabriqu\w*|fait|faisons|distribu\w*|propos\w*|g[èe]r\w*)\b",
    re.IGNORECASE,
)


_AND = re.compile(r"\b(?:and|but|et|mais|so|donc)\b", re.IGNORECASE)


def _without_who_sentences(text: str) -> str:
    """`text` without its leading sentences that only say who the prospect is or what the
    business does ("we sell industrial pumps, ~60 ppl. our sales guys waste half their
    day…"), when a sentence of at least MIN_PROBLEM_WORDS words follows."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(text)]
    while len(sentences) > 1 and len(sentences[1].split()) >= MIN_PROBLEM_WORDS:
        first = sentences[0]
        # "I am the CEO and our reps waste hours…": a clause after "and" may be the problem
        if (
            _CUES.search(first)
            or _AND.search(first)
            or not (
                _WHAT_WE_DO.match(first)
                or _HELLO.fullmatch(first)
                or extract_company_size(first)
                or extract_job_title(first)
                or extract_company(first)
            )
        ):
            break
        sentences.pop(0)
    return " ".join(sentences)


def about_the_problem(text: str) -> str:
    """`text` without its leading clauses that only say who the prospect is: "perso je suis
    DAF chez Transports Gauthier et on a du mal à suivre les demandes" -> "on a du mal à
    suivre les demandes" (their title, company and size are facts of their own). An address
    is no part of the problem."""
    text = " ".join(_CONTACT_DETAIL.sub(" ", text).split())
    text = _without_who_sentences(text)
    start = 0
    for brk in _CLAUSE_BREAK.finditer(text):
        clause, rest = text[start : brk.start()], text[brk.end() :]
        size = extract_company_size(clause)
        who = (
            _HELLO.match(clause)
            or extract_job_title(clause)
            or extract_company(clause)
            or size
            or _KIND_OF_COMPANY.match(clause)
            or extract_budget(clause)  # "budjet 8000 euros par an": a fact of its own
        )
        if (
            not who
            or _CUES.search(clause)
            or len(clause.split()) > (MAX_SIZE_WORDS if size else MAX_WHO_WORDS)
            or len(rest.split()) < MIN_PROBLEM_WORDS
        ):
            break
        start = brk.end()
    return text[start:].strip()


def has_need_cue(text: str) -> bool:
    """A cue of a stated need or pain, with or without accents ("on galere a relancer")."""
    return bool(_CUES.search(text) or _CUES_PLAIN.search(without_accents(text)))


def without_contact_details(text: str) -> str:
    return _CONTACT_DETAIL.sub(" ", text)
