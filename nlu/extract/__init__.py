"""Pure extractors of profile and BANT facts from one message (French and English)."""

from nlu.extract.budget import Budget, extract_budget
from nlu.extract.company import extract_company
from nlu.extract.company_size import extract_company_size
from nlu.extract.email import EmailFact, extract_email
from nlu.extract.facts import Facts, extract_facts
from nlu.extract.job_title import JobTitle, extract_job_title
from nlu.extract.need import Need, extract_need
from nlu.extract.phone import extract_phone
from nlu.extract.timeline import Timeline, extract_timeline
from nlu.extract.use_cases import use_case_of

__all__ = [
    "Budget",
    "EmailFact",
    "Facts",
    "JobTitle",
    "Need",
    "Timeline",
    "extract_budget",
    "extract_company",
    "extract_company_size",
    "extract_email",
    "extract_facts",
    "extract_job_title",
    "extract_need",
    "extract_phone",
    "extract_timeline",
    "use_case_of",
]
