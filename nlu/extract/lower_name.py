"""A company named in lower case after "my company is" ("my company is acme, we sell
forklifts", "notre boîte c'est lumen"). Lower case, a name looks like any word, so it is
taken only when its first word is rare in both English and French (wordfreq's Zipf
frequency, from its own word lists, below `RARE`) and does not read as a description (an
ending such as -ed, -ing, -al; a kind of business): "our company is growing fast", "my
company is bootstrapped", "our company is quite small" name nothing.
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import zipf_frequency

RARE = 3.5  # "acme" 2.9, "kestrel" 2.5, "lumen" 3.1; "growing" 4.9, "small" 5.5
# Describing endings, English and French ("bootstrapped", "certifiée", "incubée", "cotée").
_DESCRIBING = re.compile(
    r"(?:ed|ing|al|ive|ous|ful|less|able|ible|ish|ic|ly|tech|ware|"
    r"ée?s?|ique|iste|aire|euse|if)$"
)
# Kinds, sizes, states and chat shorthand that are rare words too.
_KINDS = frozenset(
    """
    saas startup start-up scaleup scale-up b2b b2c logistics bootstrapped remote fintech
    insurtech family-run family-owned nonprofit non-profit ngo midsize mid-size ecommerce
    e-commerce sme smb pme tpe eti emea apac dach pre-ipo ipo tbd nda wfh ooo dormant gdpr
    rgpd compliant profitable
    """.split()
)
_CUE = re.compile(
    r"\b(?:(?:our|my|the) (?:company|compny|firm|business|startup|agency|employer)(?:'s| is)|"
    r"(?:notre|ma|la) (?:société|societe|entreprise|boîte|boite|startup|agence|structure)"
    r" (?:est|c'est|c est))\s+",
    re.IGNORECASE,
)
_ENDS = r"and|et|with|we|on|in|for|since|but|mais|avec|depuis|pour|who|qui|based|located|btw"
_WORDS = re.compile(
    rf"(?P<name>[a-zà-ÿ][\w&'’-]{{1,30}}(?:\s+(?!(?:{_ENDS})\b)[a-zà-ÿ0-9][\w&'’-]{{1,30}}){{0,2}})"
    rf"(?=\s*(?:$|[,.;!?)]|\s(?:{_ENDS})\b))"
)


@cache
def is_rare(word: str) -> bool:
    word = word.lower()
    return max(zipf_frequency(word, "en"), zipf_frequency(word, "fr")) < RARE


def lower_case_name(text: str) -> str | None:
    """The lower-case words after a "my company is" cue, ending the clause, when they can
    only be a name; or None."""
    for cue in _CUE.finditer(text):
        m = _WORDS.match(text, cue.end())
        if m is None:
            continue
        first = m.group("name").split()[0].lower()
        if first in _KINDS or _DESCRIBING.search(first) or not is_rare(first):
            continue
        return m.group("name")
    return None
