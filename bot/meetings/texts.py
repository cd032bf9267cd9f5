"""What the bot says about meetings, in French and English (plain text: the widget and
Telegram show it as text, never markup; links are made clickable by the channels)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}  # fmt: skip

TEXTS = {
    "offer": {
        "en": "Here are the next free times for a {minutes}-minute demo with {rep} (times in "
        "{zone}):\n{slots}\nReply with a number, or tell me another time that suits you "
        '(e.g. "Thursday afternoon").',
        "fr": "Voici les prochains créneaux libres pour une démo de {minutes} minutes avec {rep} "
        "(heure de {zone}) :\n{slots}\nRépondez par un numéro, ou proposez-moi un autre "
        "moment (par ex. « jeudi après-midi »).",
    },
    "offer_next": {
        "en": "Nothing is free then, sorry. The next free times (times in {zone}):\n{slots}\n"
        "Which one suits you?",
        "fr": "Rien n'est libre à ce moment-là, désolé. Les prochains créneaux libres (heure de "
        "{zone}) :\n{slots}\nLequel vous convient ?",
    },
    "offer_again": {
        "en": "Here is what is free from then (times in {zone}):\n{slots}\nWhich one suits you?",
        "fr": "Voici ce qui est libre à partir de ce moment-là (heure de {zone}) :\n{slots}\n"
        "Lequel vous convient ?",
    },
    "taken": {
        "en": "Sorry, that time was just taken. The next free ones (times in {zone}):\n{slots}",
        "fr": "Désolé, ce créneau vient d'être pris. Les prochains libres (heure de {zone}) :\n"
        "{slots}",
    },
    "none_free": {
        "en": "I can't find a free time in the next {days} days. {fallback}",
        "fr": "Je ne trouve pas de créneau libre dans les {days} prochains jours. {fallback}",
    },
    "ask_email": {
        "en": "{slot} ({zone}) it is. Which email address should I send the invitation to?",
        "fr": "Va pour {slot} ({zone}). À quelle adresse e-mail dois-je envoyer l'invitation ?",
    },
    "email_again": {
        "en": 'I need an email address for the invitation (like "name@company.com"), or say '
        '"cancel".',
        "fr": "Il me faut une adresse e-mail pour l'invitation (comme « nom@entreprise.fr »), "
        "ou dites « annuler ».",
    },
    "booked": {
        # No e-mail is sent by us: the event is in the rep's calendar with the prospect as
        # attendee ({email}); whether their server e-mails it is the server's. Hence the link.
        "en": "Done! Your demo with {rep} is booked for {slot} ({zone}), in {rep}'s calendar "
        "with {email} as guest. Add it to your calendar from here: {link}",
        "fr": "C'est réservé ! Votre démo avec {rep} aura lieu {slot} ({zone}), dans l'agenda "
        "de {rep} avec {email} comme invité. Ajoutez-la à votre agenda ici : {link}",
    },
    "pending": {
        "en": "I've noted your request for {slot} ({zone}), but I can't reach {rep}'s calendar "
        "right now. {fallback}",
        "fr": "J'ai bien noté votre demande pour {slot} ({zone}), mais je n'arrive pas à joindre "
        "l'agenda de {rep} pour le moment. {fallback}",
    },
    "unavailable": {
        "en": "I can't reach {rep}'s calendar right now to show you free times. {fallback}",
        "fr": "Je n'arrive pas à joindre l'agenda de {rep} pour le moment pour vous proposer "
        "des créneaux. {fallback}",
    },
    "link": {
        "en": "You can pick a time directly here: {link}",
        "fr": "Vous pouvez choisir un créneau directement ici : {link}",
    },
    "promise": {
        "en": "Someone from our team will get back to you here shortly to confirm a time.",
        "fr": "Une personne de notre équipe va revenir vers vous ici très vite pour convenir "
        "d'un moment.",
    },
    "stopped": {
        "en": "No problem. If you'd like to book a demo later, just ask.",
        "fr": "Pas de souci. Si vous souhaitez réserver une démo plus tard, demandez-moi.",
    },
    "cancelled": {
        "en": "Your demo of {slot} ({zone}) is cancelled. If you'd like another time, just ask.",
        "fr": "Votre démo du {slot} ({zone}) est annulée. Si vous souhaitez un autre moment, "
        "dites-le-moi.",
    },
    "moved": {
        "en": " Your previous demo ({old}) is cancelled.",
        "fr": " Votre démo précédente ({old}) est annulée.",
    },
}


def say(key: str, language: str, **values: object) -> str:
    texts = TEXTS[key]
    return texts.get(language, texts["en"]).format(**values)


def slot_label(start: datetime, language: str) -> str:
    """ "Tuesday 8 December, 10:00" / "mardi 8 décembre, 10h00", in `start`'s own zone."""
    lang = language if language in DAYS else "en"
    day, month = DAYS[lang][start.weekday()], MONTHS[lang][start.month - 1]
    clock = f"{start:%H}h{start:%M}" if lang == "fr" else f"{start:%H:%M}"
    return f"{day} {start.day} {month}, {clock}"


def slot_list(slots: Sequence[datetime], language: str) -> str:
    return "\n".join(f"{i}. {slot_label(s, language)}" for i, s in enumerate(slots, 1))


def fallback(language: str, booking_link: str | None) -> str:
    """The rep's booking link when there is one, else the honest promise of a person."""
    if booking_link:
        return say("link", language, link=booking_link)
    return say("promise", language)
