"""Email addresses and whether they are business or personal (free mail, ISP)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Parts bounded by what an address may hold (64-character local part, 63-character labels):
# tried at every word of "a.a.a.a...", an unbounded part would rescan the rest each time.
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,63}\b")

# Free mailboxes and consumer ISPs (France, Belgium, Switzerland, Canada, UK, US).
PERSONAL_DOMAINS = frozenset(
    """
    gmail.com googlemail.com yahoo.com yahoo.fr yahoo.co.uk ymail.com hotmail.com hotmail.fr
    hotmail.co.uk outlook.com outlook.fr live.com live.fr msn.com icloud.com me.com mac.com
    aol.com aol.fr protonmail.com proton.me pm.me gmx.com gmx.fr gmx.net mail.com zoho.com
    yandex.com tutanota.com fastmail.com hey.com
    orange.fr wanadoo.fr free.fr sfr.fr neuf.fr laposte.net bbox.fr numericable.fr club-internet.fr
    skynet.be telenet.be bluewin.ch videotron.ca sympatico.ca btinternet.com sky.com
    virginmedia.com talktalk.net comcast.net verizon.net att.net
    web.de t-online.de freenet.de libero.it virgilio.it tiscali.it wp.pl o2.pl seznam.cz
    """.split()
)
# Free-mail providers under any country's domain: hotmail.be, yahoo.ca, live.ch, gmx.at…
PERSONAL_PROVIDERS = frozenset(
    "gmail googlemail hotmail yahoo ymail live outlook msn aol gmx icloud protonmail".split()
)


@dataclass(frozen=True)
class EmailFact:
    address: str
    kind: Literal["business", "personal"]


def email_kind(address: str) -> Literal["business", "personal"]:
    domain = address.rsplit("@", 1)[-1].lower()
    personal = domain in PERSONAL_DOMAINS or domain.split(".", 1)[0] in PERSONAL_PROVIDERS
    return "personal" if personal else "business"


def business_domain(address: object) -> str | None:
    """The domain of a business address ("sam@kestrelfreight.com" -> "kestrelfreight.com"):
    where the prospect works, unless the address is a personal one (or none)."""
    if not isinstance(address, str) or "@" not in address or email_kind(address) != "business":
        return None
    return address.rsplit("@", 1)[-1].lower()


def extract_email(text: str) -> EmailFact | None:
    """The first email address in `text`, normalised to lower case, with its kind."""
    match = EMAIL.search(text)
    if match is None:
        return None
    address = match.group(0).rstrip(".").lower()
    return EmailFact(address=address, kind=email_kind(address))
