"""Whether a capitalised name is a person's ("John Smith", "Sophie Marchand") rather than a
company's ("Kestrel Freight", "Menuiseries Lefort"): "I'm the CEO, John Smith" names the
speaker, not their company.

A name is a person's when it has two or three words, its first word is a known given name
(the first-name dictionary of `gender-guesser`, about 45,000 names from Europe and beyond),
and no word is a legal form or a word companies are named with ("Nova Analytics",
"Victoria Freight", "Camille Transports").
"""

from __future__ import annotations

import re
from functools import cache

from gender_guesser.detector import Detector

# Words that make a name a business's even after a given name. Lower case, accents kept.
_COMPANY_WORDS = frozenset(
    """
    agency analytics associates associés bank banque bâtiment btp capital cars center centre
    company conseil consulting construction design digital distribution energy énergie
    engineering events finance foods freight group groupe habitat health holding immobilier
    industries industrie informatique insurance labs lab logistics logistique management
    marketing media médias menuiserie menuiseries motors partners pharma productions rénovation
    restaurant robotics santé security services software solutions studio studios systems
    technologies technology tech transports transport travel ventures voyages
    inc ltd llc llp plc gmbh sas sasu sarl sa eurl snc corp corporation limited
    """.split()
)
_WORD = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*\.?")


@cache
def _first_names() -> Detector:
    return Detector(case_sensitive=False)


def is_person_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(_WORD.fullmatch(w) for w in words):
        return False
    if has_company_word(name):
        return False
    return _first_names().get_gender(words[0]) != "unknown"


def has_company_word(name: str) -> bool:
    """A word of the name is a legal form or a word businesses are named with."""
    return any(w.lower().strip(".,") in _COMPANY_WORDS for w in name.split())
