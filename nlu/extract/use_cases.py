"""The demo company's use cases (Orbitly, a B2B marketing-automation platform) and which one
a statement of need talks about: the one place to adapt them to another product."""

from __future__ import annotations

import re

# Use case -> keywords (stems, matched case-insensitively at a word start).
USE_CASES: dict[str, tuple[str, ...]] = {
    "lead_scoring": (
        "scor",
        "qualif",
        "prioriti",
        "priorit",
        "hot lead",
        "leads chauds",
        "bad leads",
        "mauvais leads",
        "which leads",
        "quels leads",
        "sdr",
        "mql",
        "bons leads",
        "good leads",
        "time on leads",
        "temps sur des leads",
        "leads froids",
        "cold leads",
    ),
    "lead_capture": (
        "generate",
        "générer",
        "generer",
        "more leads",
        "plus de leads",
        "capt",
        "formulaire",
        "form",
        "landing",
        "traffic",
        "trafic",
        "convert",
        "conver",
        "visitors",
        "visiteurs",
        "inbound",
        "acquisition",
        "pipeline",
        "prospects",
        "leads entrants",
    ),
    "nurturing": (
        "nurtur",
        "email",
        "e-mail",
        "mail",
        "newsletter",
        "follow up",
        "follow-up",
        "follows up",
        "following up",
        "go cold",
        "goes cold",
        "going cold",
        "relanc",
        "séquence",
        "sequence",
        "automat",
        "drip",
        "onboarding",
        "warm",
        "réchauff",
    ),
    "crm_integration": (
        "crm",
        "salesforce",
        "hubspot",
        "pipedrive",
        "dynamics",
        "sync",
        "synchro",
        "integrat",
        "intégr",
        "double saisie",
        "copy",
        "copier",
        "export",
        "silo",
        "spreadsheet",
        "tableur",
        "excel",
        "data entry",
        "saisie",
    ),
    "reporting": (
        "report",
        "dashboard",
        "tableau de bord",
        "tableaux de bord",
        "roi",
        "attribution",
        "visibility",
        "visibilité",
        "analytics",
        "mesur",
        "measur",
        "kpi",
        "track",
        "suivi",
        "suivre",
        "statisti",
    ),
    "sales_alignment": (
        "alignment",
        "alignement",
        "align",
        "handoff",
        "hand off",
        "hand-off",
        "passage de relais",
        "marketing and sales",
        "sales and marketing",
        "marketing et commerciaux",
        "marketing et les ventes",
        "commerciaux ne",
        "sales team ignores",
        "smarketing",
    ),
}
_USE_CASE_RES = {
    name: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")", re.IGNORECASE)
    for name, keys in USE_CASES.items()
}


def use_case_of(text: str) -> str | None:
    """The product use case `text` talks about most, or None; between as many mentions,
    the one said first ("mieux relancer nos prospects… sur excel": nurturing)."""
    best, best_key = None, (0, 0)
    for name, regex in _USE_CASE_RES.items():
        found = [m.start() for m in regex.finditer(text)]
        key = (len(found), -min(found, default=0))
        if found and key > best_key:
            best, best_key = name, key
    return best
