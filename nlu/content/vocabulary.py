"""The words of the bilingual analyzer (nlu/content/analysis.py): stop words, the domain's
non-cognate glossary, numbers written as words, chat spellings and acronyms."""

from __future__ import annotations

from nlu.content.concepts import CONCEPTS

STOP = frozenset(
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
    ah oh mouais nice great cool super parfait
    dire donnez donne donner give moi soit
    happen happens happened btw
    sais sait savais even nah
    peuvent pourrait pourriez pourrions pourraient
    policy policies politique politiques
    don doesn didn isn aren wasn weren won wouldn couldn shouldn haven hasn ll ve re
    """.split()
)
# Non-cognate words of the domain mapped to one term (accent-folded, before stemming).
GLOSSARY = {
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
    "cheap": "price",  # "what's the cheapest plan?"
    "cheaper": "price",
    "cheapest": "price",
    "expensive": "price",
    "payer": "pay",
    "paiement": "pay",
    "payant": "pay",  # "ça passe en payant ?": free or paid
    "payante": "pay",
    "paid": "pay",
    "paying": "pay",
    "billing": "pay",
    "essai": "trial",
    "essais": "trial",
    "tester": "trial",  # "je peux tester gratuitement ?": try it out
    "essayer": "trial",
    "try": "trial",
    "gratuit": "free",
    "minimal": "minimum",  # "la facture minimale" / "the minimum invoice"
    "minimaux": "minimum",
    "maximal": "maximum",
    "maximaux": "maximum",
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
    "iphone": "phone",  # "do you have an app for iphone"
    "android": "phone",
    "smartphone": "phone",
    "server": "host",  # "servers in the us?": where the data is hosted
    "servers": "host",
    "serveur": "host",
    "serveurs": "host",
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
GLOSSARY.update(CONCEPTS)
# Numbers written as words, in both languages, read as the digits a library may use
# instead ("dans les deux sens ?" against "two-way"; "14 days" against "fourteen days").
NUMBERS = {
    word: str(n)
    for n, words in enumerate(
        (
            (),
            (),
            ("two", "deux"),
            ("three", "trois"),
            ("four", "quatre"),
            ("five", "cinq"),
            ("six",),
            ("seven", "sept"),
            ("eight", "huit"),
            ("nine",),  # not "neuf": also "new"
            ("ten", "dix"),
            ("eleven", "onze"),
            ("twelve", "douze"),
        )
    )
    for word in words
}
GLOSSARY.update(NUMBERS)
# Chat spellings of question words, read as the word ("ça coûte cmb ?" = combien): the
# glossary then maps it, or the stop list drops it, instead of it counting as a word the
# library never uses (which lowers the confidence).
ABBREVIATIONS = {
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
    "jsp": "je sais pas",  # "jsp combien ça coûte": I don't know (what it costs)
    "chai": "je sais",
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
    "synchro": "synchronisation",  # "vous faites la synchro avec Salesforce ?"
    "synchros": "synchronisation",
    "anytime": "any time",  # "can i cancel anytime?"
    "mini": "minimum",  # "c koi le prix mini"
    "maxi": "maximum",
}
# Acronyms a prospect types for what a library spells out ("is there SSO?" against "SAML
# single sign-on"): written out before the question is read, whatever their case.
ACRONYMS = {
    "sso": "single sign-on",
    "2fa": "two-factor authentication",
    "mfa": "multi-factor authentication",
    "sla": "service level agreement",  # "what is your SLA?"
}
