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

_STOP = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being
    it its this that these those there here i you he she we they me my your our their us
    do does did can could would should will may might must have has had not no yes so than
    then what which who whom whose when where why how all any some each more most other
    such only own same too very just about into over under again further once also any
    le la les l un une des du de d et ou mais si a au aux en dans sur sous par pour avec
    sans chez est sont etait etre ete ce cet cette ces c il elle ils elles on nous vous je
    tu me te se mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs qui que quoi
    dont ou quand comment pourquoi quel quelle quels quelles ne pas plus tres bien aussi
    y en est-ce qu ca cela peut peux pouvez puis-je puis faire fait avez avons ai as a-t-il
    t il-y-a do you your vous-meme please svp stp est-il existe-t-il etes sommes suis avez
    avons ont much many beaucoup any tout toute tous toutes there
    difference differences between vs versus compare compared comparison entre comparer
    lequel laquelle lesquels lesquelles one ones
    hello hi hey hiya bonjour bonsoir salut coucou morning afternoon evening good thanks
    thank merci
    ok okay oui ouais yeah yep alors donc bon euh hmm like
    non nope possible possibles help aide aider
    deja encore again already exactement exactly actually
    compliant compliance conforme conformes conformite compatible compatibles
    faut faites veut marche marchent tell dites dis explain expliquer expliquez
    veux voudrais voudrait voulons voulez want wants wanted wanna juste savoir connaitre know
    regarde regarder
    curious curieux curieuse curieuses wondering wonder wondered demandais interested
    thing things stuff truc trucs machin
    look looks ressemble ressemblent
    gerez gerer gere gerons gerent handle handles handled handling
    """.split()
)
# Non-cognate words of the domain mapped to one term (accent-folded, before stemming).
_GLOSSARY = {
    "tarif": "price",
    "tarifs": "price",
    "combien": "price",  # "c'est combien ?"
    "prix": "price",
    "cout": "price",
    "coute": "price",
    "couts": "price",
    "couter": "price",
    "cost": "price",
    "costs": "price",
    "pricing": "price",
    "prices": "price",
    "priced": "price",
    "payer": "pay",
    "paiement": "pay",
    "billing": "pay",
    "essai": "trial",
    "gratuit": "free",
    "gratuite": "free",
    "donnees": "data",
    "hebergement": "host",
    "heberge": "host",
    "hebergees": "host",
    "hebergee": "host",
    "hosted": "host",
    "hosting": "host",
    "stockees": "host",  # "où sont stockées les données ?": where the data is kept
    "stockee": "host",
    "stockage": "host",
    "stored": "host",
    "storage": "host",
    "remise": "discount",
    "reduction": "discount",
    "reduc": "discount",  # "reduc pour les assos ?"
    "horaire": "hours",  # "c'est quoi les horaires du support ?"
    "horaires": "hours",
    "ht": "taxes",  # "c'est HT ou TTC ?": "hors taxes"
    "ttc": "taxes",
    "europeen": "europe",
    "europeenne": "europe",
    "europeens": "europe",
    "europeennes": "europe",
    "european": "europe",
    "ue": "europe",
    "eu": "europe",
    "annuler": "cancel",
    "resilier": "cancel",
    "resiliation": "cancel",
    "resilie": "cancel",
    "langue": "language",
    "langues": "language",
    "entreprise": "company",
    "societe": "company",
    "chiffrement": "encrypt",
    "chiffrees": "encrypt",
    "chiffre": "encrypt",
    "encrypted": "encrypt",
    "encryption": "encrypt",
    "setup": "implementation",  # "how long does setup take?"
    "onboarding": "implementation",
    "deploiement": "implementation",
    "deployer": "implementation",
    "installer": "install",
    "assistance": "support",
    "utilisateur": "user",
    "utilisateurs": "user",
    "mois": "month",
    "monthly": "month",
    "annuel": "year",
    "annuelle": "year",
    "annee": "year",
    "an": "year",
    "yearly": "year",
    "annual": "year",
    "courriel": "email",
    "mail": "email",
    "mails": "email",
    "emails": "email",
    "abonnement": "plan",
    "offre": "plan",
    "offres": "plan",
    "formule": "plan",
    "formules": "plan",
    "sauvegarde": "backup",
    "sauvegardes": "backup",
    "rgpd": "gdpr",
    "connecteur": "connector",
    "compatibilite": "integration",
    "compatibility": "integration",
    "synchroniser": "sync",
    "synchronisation": "sync",
    "synchronise": "sync",
    "synchronisez": "sync",
    "synchronization": "sync",
    "syncs": "sync",
    "webinaire": "webinar",
    "inscription": "signup",
    "inscrire": "signup",
    "register": "signup",
    "clients": "customer",
    "client": "customer",
    "customers": "customer",
    "etude": "study",
    "cas": "case",
    "telephone": "phone",
    "mobile": "phone",
    "application": "app",
    "appli": "app",
    "subscription": "plan",
    "mise": "implementation",
    "prend": "take",
    "prendre": "take",
    "takes": "take",
    "took": "take",
    "duree": "long",
    "temps": "long",
    "delai": "long",
    "semaines": "week",
    "semaine": "week",
    "weeks": "week",
    "importer": "import",
    "contacts": "contact",
    "doublons": "duplicate",
    "duplicates": "duplicate",
    "certification": "certif",
    "certifie": "certif",
    "certifiee": "certif",
    "certified": "certif",
    "authentification": "auth",
    "authentication": "auth",
    "unique": "single",
    "francais": "french",
    "anglais": "english",
    "allemand": "german",
    "espagnol": "spanish",
    "securite": "security",
    "secure": "security",
    "securise": "security",
    "salesforce": "salesforce",
    "hubspot": "hubspot",
    "nurturing": "nurture",
    "relance": "nurture",
    "relances": "nurture",
    "sequence": "nurture",
    "sequences": "nurture",
    "livre": "whitepaper",
    "blanc": "whitepaper",
    "whitepaper": "whitepaper",
    "replay": "recording",
    "enregistrement": "recording",
    "associations": "nonprofit",
    "association": "nonprofit",
    "ecoles": "school",
    "ecole": "school",
    "schools": "school",
}
# Chat spellings of question words, read as the word ("ça coûte cmb ?" = combien): the
# glossary then maps it, or the stop list drops it, instead of it counting as a word the
# library never uses (which lowers the confidence).
_ABBREVIATIONS = {
    "cmb": "combien",
    "cbn": "combien",
    "cbien": "combien",
    "cb": "combien",
    "pq": "pourquoi",
    "pk": "pourquoi",
    "pkoi": "pourquoi",
    "pourkoi": "pourquoi",
    "koi": "quoi",
    "kwa": "quoi",
    "qd": "quand",
    "qand": "quand",
    "cmt": "comment",
    "cmnt": "comment",
    "kel": "quel",
    "kelle": "quelle",
    "kels": "quels",
    "kelles": "quelles",
    "ya": "y",  # "ya quoi comme offres ?"
    "slt": "salut",  # "slt, cb ca coute votre truc ?": a greeting, no subject
    "bjr": "bonjour",
    "asso": "association",  # "vous avez un tarif asso ?"
    "assos": "associations",
    "wat": "what",
    "wats": "what",  # "wats the pricing like"
    "whts": "what",
    "whats": "what",  # "whats ur pricing like?"
    "hows": "how",
    "wheres": "where",
    "whos": "who",
    "wut": "what",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "diff": "difference",  # "whats the diff between starter and growth"
    "btw": "by the way",
    "info": "information",
    "pr": "pour",  # "des tarifs pr les assos ?"
    "ds": "dans",
    "tps": "temps",
}
# Acronyms a prospect types for what a library spells out ("is there SSO?" against "SAML
# single sign-on"): written out before the question is read, whatever their case.
_ACRONYMS = {
    "sso": "single sign-on",
    "2fa": "two-factor authentication",
    "mfa": "multi-factor authentication",
    "sla": "service level agreement",  # "what is your SLA?"
}
_ACRONYM = re.compile(rf"\b(?:{'|'.join(_ACRONYMS)})\b", re.IGNORECASE)


def expand_acronyms(text: str) -> str:
    """`text` with the acronyms of `_ACRONYMS` written out."""
    return _ACRONYM.sub(lambda m: _ACRONYMS[m.group(0).lower()], text)


_SUFFIXES = (
    "ations",
    "ation",
    "ements",
    "ement",
    "ities",
    "ity",
    "ites",
    "ite",
    "ions",
    "ion",
    "ates",
    "ate",
    "ing",
    "ers",
    "er",
    "ez",
    "ons",
    "ent",
    "es",
    "s",
    "e",
    "y",
)
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents; apostrophes split words ("l'intégration")."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).replace("'", " ")


def _strip(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


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


_GLOSSARY_BASES = _by_base(_GLOSSARY)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The index term of one folded word: the glossary's term for the word or another
    inflection of it, otherwise the word's stem."""
    word = _ABBREVIATIONS.get(word, word)
    term = _GLOSSARY.get(word) or _GLOSSARY_BASES.get(_base(word))
    return _strip(term or word)


_CHAT_WORD = re.compile(r"[\w']+")


def expand_chat(text: str) -> str:
    """`text` with its acronyms and the chat spellings of question words written out ("cb ça
    coûte ?" → "combien ça coûte ?"), for the embedding model, which reads the words as written.
    Lower-case words only: "R" or "U" in a question is a name, not "are" or "you"."""
    text = expand_acronyms(text)
    return _CHAT_WORD.sub(lambda m: _ABBREVIATIONS.get(m.group(0), m.group(0)), text)


def terms(text: str) -> list[str]:
    """The index terms of `text`: folded, stop words out, stemmed, glossary applied."""
    words = (_ABBREVIATIONS.get(w, w) for w in _WORD.findall(fold(expand_acronyms(text))))
    return [stem(w) for w in words if w not in _STOP and len(w) > 1]


def char_ngrams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of each folded word (the alternative analyzer, for comparison)."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word in _STOP:
            continue
        padded = f" {word} "
        for n in range(low, high + 1):
            out.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return out


def terms_and_ngrams(text: str) -> list[str]:
    """Stems plus character n-grams (a candidate analyzer, measured against the default)."""
    return terms(text) + char_ngrams(text)
