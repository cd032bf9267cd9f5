"""The words that open a question, in French and English: one list for every place that
asks whether a sentence is a question (content search's question alone,
nlu/content/search.py; the fallback's "rephrase the question", actions/fallback.py)."""

from __future__ import annotations

import re

QUESTION_START_WORDS = (
    "can could do does did is are will would should shall how what whats what's where when "
    "which who whom why "
    "est-ce est\\s+ce comment combien pourquoi où quand quel quelle quels quelles qui quoi "
    "peut-on pouvez-vous avez-vous faites-vous"
).split()
QUESTION_START = re.compile(
    rf"^\W*(?:{'|'.join(QUESTION_START_WORDS)})\b",
    re.IGNORECASE,
)
"""A sentence opening with a question word ("is the data stored in the eu")."""
