"""Questions that ask for a customer's example: a case study (front matter `type:
case_study`) answers them, in either language (nlu/content/search.py)."""

from __future__ import annotations

import re

# A question asking for a customer's example ("do you have a customer story in
# furniture?", "un exemple de client dans le chauffage ?", "any proof it helped a firm
# like ours?") is answered by a case study: the front matter says which documents are.
CASE_QUESTION = re.compile(
    r"\b(?:customer|client|success)\s+(?:stor(?:y|ies)|examples?|references?|cases?)"
    r"|\bcase[\s-]+stud(?:y|ies)\b|\btestimonials?\b|\bproof\b(?!\s+of\s+concept)"
    r"|\bexamples?\s+of\s+(?:a\s+)?(?:customers?|clients?|compan(?:y|ies)|firms?)\b"
    r"|\b(?:customers?|clients?|compan(?:y|ies))\s+like\s+(?:us|ours?)\b"
    r"|\b(?:have|any|got)\s+(?:\w+\s+)?(?:customers?|clients?|compan(?:y|ies))\s+(?:in|from)\b"
    r"|[ée]tudes?\s+de\s+cas|t[ée]moignages?|retours?\s+d['’\s]?exp[ée]riences?"
    r"|\bexemples?\s+(?:de\s+|d['’]\s?)(?:clients?|entreprises?|soci[ée]t[ée]s?)"
    r"|\bclients?\s+(?:comme\s+nous|dans\s+(?:le|la|les|l['’\s])|du\s+(?:secteur|m[êe]tier))"
    r"|\bcas\s+clients?\b|\br[ée]f[ée]rences?\s+clients?\b",
    re.IGNORECASE,
)
