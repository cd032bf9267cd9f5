"""Pure extractors of profile and BANT facts from one message (French and English)."""

from nlu.extract.budget import Budget, extract_budget
from nlu.extract.company_size import extract_company_size
from nlu.extract.email import EmailFact, extract_email
from nlu.extract.timeline import Timeline, extract_timeline

__all__ = [
    "Budget",
    "EmailFact",
    "Timeline",
    "extract_budget",
    "extract_company_size",
    "extract_email",
    "extract_timeline",
]
