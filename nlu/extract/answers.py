"""Reading a short reply as the answer to the question just asked.

"200" answers "how many people work there?", "March" answers "when do you need it?":
the question supplies the cue the reply leaves out. `answer_for` returns None when the
reply doesn't answer (the caller then treats it as a digression).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from nlu.content.analysis import terms
from nlu.extract.budget import extract_budget
from nlu.extract.company import clean_name, extract_company, opens_no_name
from nlu.extract.email import extract_email
from nlu.extract.job_title import extract_job_title
from nlu.extract.need import Need, about_the_problem, says_no_need
from nlu.extract.numbers import COUNT_WORDS, NUMBER, parse_count
from nlu.extract.person import is_person_name
from nlu.extract.phone import extract_phone
from nlu.extract.timeline import extract_timeline
from nlu.extract.use_cases import use_case_of

_FILLER = re.compile(
    r"(?:it'?s|it is|we'?re|we are|i'?m|i am|c'est|c est|cest|on est|nous sommes|je suis|"
    r"chez|at|for|pour|the company is|(?:the )?compa?n?y is|la société|l'entreprise|"
    r"soci[ée]t[ée]|called|about|environ|around|"
    r"roughly|approximately|maybe|peut-être|plutôt|ok|so|well|euh|hmm|bah)\s+",
    re.IGNORECASE,
)
# "45", "forty", "une vingtaine", "a dozen"
_COUNT = re.compile(
    rf"(?P<num>{NUMBER}|\b(?:{'|'.join(sorted(COUNT_WORDS, key=len, reverse=True))})\b)",
    re.IGNORECASE,
)
# "un", "one" are articles as often as counts: a count when alone or before a person ("une
# seule personne", "one guy"), not in "pas un souci", "one sec".
_ONE_WORDS = frozenset({"un", "une", "one"})
_ONE_PERSON = re.compile(
    r"\s*(?:$|[.!]|seule?s?\b|pers|employ|salari|guy|person|people|full|temps plein)", re.I
)
SELF_EMPLOYED = "(self-employed)"
_ALONE = re.compile(
    r"\b(?:just me|only me|myself|i work alone|solo|freelance|moi seul(?:e)?|juste moi|"
    r"je suis seul(?:e)?|je travaille seul(?:e)?|indépendant(?:e)?)\b",
    re.IGNORECASE,
)


# Words a reply that is not a name starts with: "sometime in the spring", "in 2 months",
# "in charge of marketing", "not sure", "pas encore".
_NOT_A_NAME_START = frozenset(
    """
    in on by at to sometime maybe perhaps probably around about not no yes yeah ok okay sure
    the a an our my we i it this that next soon later never dunno idk depends
    dans en vers avant après apres pas oui non peut-être bientôt plus tard jamais mon ma notre
    d'ici dici je on nous c'est ça ca
    yep yup yea ya correct exactly absolutely indeed right ouais ouaip exact exactement
    nope nan nah bof pass
    absolument effectivement voilà voila d'acc dac daccord d'accord tout
    """.split()
)


_YES_NO_LEAD = re.compile(r"^\W*(?:yes|yeah|yep|no|nope|nah|oui|ouais|non|nan)\b[\s,.!:;-]+", re.I)
# Words a sentence has and a company's name seldom does ("ask my boss", "it is secret").
_NOT_IN_A_NAME = frozenset(
    """
    my your our their his her me you it is are was be do does don't dont not no know idea
    say tell ask rather why what who which how mon ma mes notre votre leur est sais pas dire
    """.split()
)


# Words that describe a business rather than name one ("une pme", "small agency").
_KIND_OF_BUSINESS = frozenset(
    """
    pme tpe eti agence agency startup start-up company cabinet boîte boite société societe
    entreprise firm business logistics logistique web side project small big petite grande
    de d' la le du des saas studio shop consulting conseil
    """.split()
)
_ARTICLES = frozenset("un une a an des les".split())


def _name_shaped(bare: str, *, today: date, lowercase_ok: bool = False) -> bool:
    """A reply that can be a company's name: 1-4 words, not a question, not a date or a
    period, not opening like a sentence, with a capital letter or a single word; in lower
    case too in answer to the company question ("acme robotics"), without a sentence's
    words."""
    words = bare.split()
    if not 0 < len(words) <= 4 or bare.endswith("?") or not any(c.isalpha() for c in bare):
        return False
    if words[0].lower() in _NOT_A_NAME_START or extract_timeline(bare, today=today):
        return False
    if extract_timeline(f"pour {bare}", today=today):
        return False  # "la rentree", "fin mars": when, not who
    lower = [w.lower() for w in words]
    plain = not set(lower) & _NOT_IN_A_NAME and not set(lower) <= _KIND_OF_BUSINESS
    plain = plain and bool(terms(bare))  # "par an bien sur": only a sentence's small words
    if lowercase_ok and plain and lower[0] not in _ARTICLES and not any(c.isdigit() for c in bare):
        return True  # "acme robotics"; not "45 people", "une pme", "small agency"
    return len(words) == 1 or any(w[0].isupper() or "&" in w for w in words)


def _strip_fillers(text: str) -> str:
    text = text.strip().strip(".!")
    start = 0
    while filler := _FILLER.match(text, start):  # one pass, however many fillers
        start = filler.end()
    return text[start:]


def answer_for(slot: str, text: str, *, today: date) -> dict[str, Any] | None:
    """Fields of `nlu.extract.Facts` read from `text` as the answer to the question for
    `slot`, or None."""
    bare = _strip_fillers(text)
    if slot == "company_size":
        if _ALONE.search(bare):
            return {"company_size": 1}
        m = next(
            (
                c
                for c in _COUNT.finditer(bare)
                if c.group("num").lower() not in _ONE_WORDS or _ONE_PERSON.match(bare, c.end())
            ),
            None,
        )
        if m:
            value = parse_count(m.group("num"))
            if re.search(r"\d\s*k\b", bare, re.IGNORECASE):
                value *= 1000
            if 1 <= value <= 5_000_000:
                return {"company_size": round(value)}
        return None
    if slot == "budget":
        budget = extract_budget(f"budget {bare}")
        return {"budget": budget} if budget else None
    if slot == "timeline":
        timeline = extract_timeline(f"in {bare}", today=today) or extract_timeline(
            bare, today=today
        )
        if timeline is None and (season := _WHEN_LEAD.sub("", bare)) != bare:
            # "sometime in the spring", "au printemps": the question makes it the future.
            found = extract_timeline(f"for {season}", today=today)
            timeline = replace(found, text=bare) if found else None
        return {"timeline": timeline} if timeline else None
    if slot == "job_title":
        job = extract_job_title(f"I'm {bare}") or extract_job_title(f"je suis {bare}")
        if job and job.title:
            return {"job": job}
        return None
    if slot == "company":
        return _company_answer(text, _YES_NO_LEAD.sub("", bare), today=today)
    if slot == "email":
        email = extract_email(text)
        return {"email": email} if email else None
    if slot == "need":
        if extract_email(text) or extract_phone(text):
            return None  # "mon mail c est p.dubreuil@… si besoin": contact details, no need
        if len(bare.split()) >= 3 and not bare.endswith("?") and not says_no_need(bare):
            problem = about_the_problem(text.strip())[:240]
            return {"need": Need(text=problem, use_case=use_case_of(text))}
        return None
    return None


def _company_answer(text: str, bare: str, *, today: date) -> dict[str, Any] | None:
    """The company question's answer ("yes, Kestrel Freight" without its "yes")."""
    if _ALONE.search(bare):  # "just me": no company, a team of one
        return {"company": SELF_EMPLOYED, "company_size": 1}
    name = extract_company(text)
    if (
        name is None
        and _name_shaped(bare, today=today, lowercase_ok=True)
        and not opens_no_name(bare)  # "Mgr, Marketing Ops", "USD", "Im her assistant"
    ):
        name = bare.split(",")[0].strip()
        if "," in bare and is_person_name(name.title()):  # "sophie martin, gerante": who
            name = None
    return {"company": name} if name else None


_WHEN_LEAD = re.compile(
    r"^(?:(?:sometime|some time|maybe|probably|around|ideally|hopefully|plutôt|plutot|"
    r"peut-être|sans doute)\s+)*(?:in|during|au|en|vers|pendant)\s+",
    re.IGNORECASE,
)
_CONNECTORS = frozenset({"&", "de", "du", "des", "of", "and", "et", "the", "la", "le"})


def bare_company(text: str, *, today: date) -> str | None:
    """A reply that is nothing but a company's name, in capitals ("Fernhill Analytics"),
    given while another question waits: the company question's answer, ahead of time."""
    bare = text.strip().strip(".!")
    words = bare.split()
    if not _name_shaped(bare, today=today) or extract_job_title(bare) is not None:
        return None
    if not all(w[0].isupper() or w.lower() in _CONNECTORS for w in words):
        return None
    if len(words) == 1 and (len(bare) < 3 or (bare.isupper() and len(bare) <= 4)):
        return None  # "OK", "LOL", "CRM": not a name on their own
    return clean_name(bare)


# "oops, 300 not 30", "150, not 120", "45 pas 40", "300 instead of 30", "3000 a month, not 300"
# A reply that opens with an acknowledgement ("ok", "oui", "d'accord", "alright") and its
# connector ("et", "mais", "and", "but", "so").
_ACK_LEAD = re.compile(
    r"^\W*(?:(?:ok(?:ay|ey)?|oui|ouais|yes|yeah|yep|sure|alright|all right|right|cool|"
    r"d'?accord|dac|bien|super|parfait|great|fine|good|thanks|merci|entendu)\b[\s,.!;:-]*)+"
    r"(?:(?:et|mais|donc|alors|and|but|so|then)\b[\s,]*)*",
    re.IGNORECASE,
)
# Question words, with their chat spellings ("cmb", "pk", "qd").
_ASKING = re.compile(
    r"\b(?:combien|cmb|cbn|cbien|cb|comment|cmt|pourquoi|pq|pk|pkoi|où|quand|qd|"
    r"quel(?:le)?s?|kel(?:le)?s?|quoi|koi|est-ce|how|what|where|when|why|which|who|"
    r"do you|does it|can (?:i|you|it|we)|is (?:it|there)|are (?:you|there)|"
    r"vous \w+-vous|\w+-(?:vous|il|elle|t-il|on))\b",
    re.IGNORECASE,
)


def asks_question(text: str) -> bool:
    """The message asks a content question, even behind a "yes" or an "ok": "ok et ça
    coûte cmb ?", "yes, and do you integrate with HubSpot?". A bare acknowledgement ("ok",
    "oui !", "yes please") or one with a tag ("ok ?", "c'est ça ?") does not."""
    rest = _ACK_LEAD.sub("", text.strip(), count=1)
    if not terms(rest):  # nothing a library could answer
        return False
    return "?" in rest or _ASKING.search(rest) is not None


_ECHOED_TOPIC = re.compile(r"^\W*(?:[\w'-]+\s*){1,2}\?")


_QUESTION_SENTENCE = re.compile(r"[^.!?]*\?")


def statement_part(text: str) -> str:
    """`text` without its questions of three words or more ("budget? no idea. do you have a
    free plan?" -> "budget? no idea."): what it says rather than asks."""
    return _QUESTION_SENTENCE.sub(lambda m: m.group(0) if len(m.group(0).split()) < 3 else "", text)


def asks_something(text: str) -> bool:
    """A question of its own, not the topic asked echoed back ("budget? like 200 a month",
    "budget ? aucune idée franchement"; but "budget? no idea. do you have a free plan?")."""
    echo = _ECHOED_TOPIC.match(text)
    return asks_question(text[echo.end() :] if echo else text)


# A reply that names the question it is about ("budget? no idea yet tbh", "pour le délai, je
# ne sais pas encore"): its decline is that question's, whichever one was asked.
_TOPICS = {
    "budget": r"bud[gj]e?ts?|price range|enveloppe",
    # "date", but not "to date", "à date", "up to date"
    "timeline": r"timeline|timing|deadline|d[ée]lais?|[ée]ch[ée]ance|calendrier|"
    r"(?<!to )(?<!à )(?<!a )date|go-?live|launch date",
    "company_size": r"headcount|effectifs?",
    "company": r"company name|nom de (?:la|ma|notre) "
    r"(?:bo[îi]te|soci[ée]t[ée]|entreprise|structure)",
    "job_title": r"job title|intitul[ée] de poste",
    "email": r"e-?mails?|mail|adresse e-?mail",  # "no thanks i wont give my email"
}
_TOPIC = re.compile(
    "|".join(rf"(?P<{slot}>\b(?:{words})\b)" for slot, words in _TOPICS.items()), re.IGNORECASE
)


def topic_named(text: str, *, held: frozenset[str] = frozenset()) -> str | None:
    """The question `text` names, when it names exactly one that is not answered yet."""
    named = {m.lastgroup for m in _TOPIC.finditer(text)} - held
    return named.pop() if len(named) == 1 else None
