"""Whether a lower-case word after "my company is" names the company ("my company is acme,
we sell forklifts", "notre boîte c'est lumen"; the cue is read in nlu/extract/company.py).
Lower case, a name looks like any word, so it is taken only when it is rare in both English
and French (wordfreq's Zipf frequency, from its own word lists, below `RARE`) and does not
read as a description (an ending such as -ed, -ing, -al; a kind of business): "our company
is growing fast", "my company is bootstrapped", "our company is quite small" name nothing.
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


@cache
def is_rare(word: str) -> bool:
    word = word.lower()
    return max(zipf_frequency(word, "en"), zipf_frequency(word, "fr")) < RARE


def could_be_a_name(word: str) -> bool:
    """A lower-case word that can only be a name: a letter first, rare, and no description."""
    word = word.lower()
    return (
        word[:1].isalpha() and word not in _KINDS and not _DESCRIBING.search(word) and is_rare(word)
    )
