"""Made-up prospects for `prospect demo-data`: who they are, what they say and do, drawn
from a seeded random generator (the same seed, the same people). Pure: no database."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FIRST = [
    "Camille",
    "Léa",
    "Hugo",
    "Lucas",
    "Chloé",
    "Manon",
    "Louis",
    "Emma",
    "Nathan",
    "Sarah",
    "James",
    "Olivia",
    "Noah",
    "Ava",
    "Liam",
    "Mia",
    "Ethan",
    "Grace",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Davies",
]
COMPANIES = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Massive",
    "Wonka",
    "Nakatomi",
    "Gringotts",
    "Monarch",
    "Oscorp",
    "Pied Piper",
    "Dunder",
]
TITLES = {
    "fr": [
        "directeur marketing",
        "directrice commerciale",
        "responsable marketing",
        "chargé de marketing",
        "CEO",
        "responsable growth",
        "assistante marketing",
    ],
    "en": [
        "marketing director",
        "head of sales",
        "marketing manager",
        "VP marketing",
        "CEO",
        "growth lead",
        "marketing assistant",
    ],
}
NEEDS = {
    "fr": [
        "on cherche à automatiser la qualification de nos leads",
        "on veut répondre plus vite aux prospects du site",
        "on a besoin de mieux suivre nos leads entrants",
    ],
    "en": [
        "we want to automate lead qualification",
        "we need to answer website prospects faster",
        "we need better tracking of our inbound leads",
    ],
}
SAY: dict[str, dict[str, str]] = {
    "fr": {
        "hello": "Bonjour !",
        "title": "Je suis {title} chez {company}.",
        "size": "On est {size} personnes.",
        "timeline": "Il nous faudrait une solution d'ici {months} mois.",
        "budget": "Notre budget est d'environ {k} 000 € par an.",
        "email": "Mon e-mail : {email}",
    },
    "en": {
        "hello": "Hi there!",
        "title": "I'm the {title} at {company}.",
        "size": "We are {size} people.",
        "timeline": "We need something within {months} months.",
        "budget": "Our budget is around {k}k EUR a year.",
        "email": "My email is {email}",
    },
}
BOT = {
    "fr": [
        "Bonjour ! Je suis l'assistant d'Orbitly. Comment puis-je vous aider ?",
        "Merci ! Quel est votre rôle ?",
        "C'est noté.",
        "Merci, un conseiller vous recontacte très vite.",
    ],
    "en": [
        "Hi! I'm Orbitly's assistant. How can I help?",
        "Thanks! What's your role?",
        "Got it.",
        "Thanks, a sales rep will be in touch shortly.",
    ],
}
EVENTS = [
    "pricing_page_view",
    "knowledge_base_view",
    "webinar_signup",
    "whitepaper_download",
    "demo_request",
    "contact_form",
    "product_signup",
]
FREE_MAIL = ["gmail.com", "yahoo.fr", "outlook.com"]


@dataclass
class Story:
    """One made-up prospect: when they came, where, what they said and did."""

    index: int
    language: str
    channel: str
    started: datetime
    first_name: str
    last_name: str
    company: str
    email: str | None
    messages: list[tuple[datetime, str, str]] = field(default_factory=list)  # at, author, text
    events: list[tuple[datetime, str]] = field(default_factory=list)
    intent: float = 0.0  # 0..1: how ready to buy; drives what they say and do


def _email(rng: random.Random, first: str, last: str, company: str) -> str:
    local = f"{first}.{last}".lower().encode("ascii", "ignore").decode()
    if rng.random() < 0.75:
        return f"{local}@{company.lower().replace(' ', '')}.example"
    return f"{local}{rng.randint(1, 99)}@{rng.choice(FREE_MAIL)}"


def _reply(n: int, of: int) -> int:
    """Which of BOT's replies answers the prospect's n-th line of `of`."""
    return 0 if n == 0 else 3 if n == of - 1 else 1 if n == 1 else 2


def _conversation(rng: random.Random, s: Story) -> None:
    say = SAY[s.language]
    lines = [say["hello"]]
    if rng.random() < 0.3 + 0.7 * s.intent:
        lines.append(rng.choice(NEEDS[s.language]))
    if rng.random() < 0.4 + 0.6 * s.intent:
        title = TITLES[s.language][min(6, int(rng.random() * (7 - 5 * s.intent)))]
        lines.append(say["title"].format(title=title, company=s.company))
    if rng.random() < 0.3 + 0.6 * s.intent:
        lines.append(say["size"].format(size=rng.choice([5, 12, 30, 50, 120, 300, 2000])))
    if rng.random() < 0.2 + 0.7 * s.intent:
        lines.append(say["timeline"].format(months=rng.choice([1, 2, 3, 6, 9, 12])))
    if rng.random() < 0.1 + 0.6 * s.intent:
        lines.append(say["budget"].format(k=rng.choice([5, 10, 20, 40, 60, 100])))
    if s.email:
        lines.append(say["email"].format(email=s.email))
    at = s.started
    for n, line in enumerate(lines):
        s.messages.append((at, "prospect", line))
        at += timedelta(seconds=rng.randint(3, 9))
        s.messages.append((at, "bot", BOT[s.language][_reply(n, len(lines))]))
        at += timedelta(seconds=rng.randint(15, 120))


def draw_story(rng: random.Random, index: int, *, now: datetime, days: int) -> Story:
    language = "fr" if rng.random() < 0.55 else "en"
    first, last, company = rng.choice(FIRST), rng.choice(LAST), rng.choice(COMPANIES)
    intent = rng.betavariate(1.6, 2.4)
    started = now - timedelta(days=rng.random() * days, minutes=60)
    if rng.random() < 0.01:  # a few talking now, for the live conversations page
        started = now - timedelta(minutes=rng.uniform(16, 28))
    identified = rng.random() < 0.45 + 0.5 * intent
    story = Story(
        index=index,
        language=language,
        channel="telegram" if rng.random() < 0.25 else "web",
        started=started,
        first_name=first,
        last_name=last,
        company=company,
        email=_email(rng, first, last, company) if identified else None,
        intent=intent,
    )
    _conversation(rng, story)
    for kind in EVENTS:
        if rng.random() < 0.1 + 0.5 * intent * (0.5 if kind == "product_signup" else 1):
            story.events.append((started + timedelta(hours=rng.random() * 72), kind))
    story.events.sort()
    return story
