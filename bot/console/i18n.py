"""The console in French and English: the browser's Accept-Language, or the reader's choice
(`?lang=fr`, kept in a cookie). Prospects' words are shown as they wrote them."""

from __future__ import annotations

LANGUAGES = ("en", "fr")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "app": "Prospect console",
        "skip": "Skip to content",
        "leads": "Leads",
        "conversations": "Conversations",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "email": "Email",
        "password": "Password",
        "refused": "Wrong email or password, or the account is locked for a while.",
        "filters": "Filters",
        "stage": "Stage",
        "score": "Score",
        "score_min": "Score from",
        "score_max": "Score to",
        "channel": "Channel",
        "language": "Language",
        "sdr_ready": "SDR-ready",
        "verdict": "Verdict",
        "created": "Created",
        "created_from": "Created from",
        "created_to": "Created to",
        "sort": "Sort by",
        "apply": "Apply",
        "reset": "Reset",
        "any": "any",
        "yes": "yes",
        "no": "no",
        "maybe": "maybe",
        "none": "none",
        "lead": "Lead",
        "company": "Company",
        "job_title": "Job title",
        "export_csv": "Export CSV",
        "previous": "Previous",
        "next": "Next",
        "page_of": "Page {page} of {pages}, {total} leads",
        "no_leads": "No lead matches these filters.",
        "profile": "Profile",
        "fact": "Fact",
        "value": "Value",
        "from_message": "From the message",
        "no_source": "not found in the transcript",
        "scores": "Score",
        "fit": "Fit",
        "pain": "Pain",
        "total": "Total",
        "signal": "Signal",
        "points": "Points",
        "score_over_time": "Score over time",
        "chart_table": "The same as a table",
        "transcript": "Transcript",
        "handoffs": "Handoffs",
        "status": "Status",
        "reason": "Reason",
        "opened": "Opened",
        "claimed_by": "Claimed by",
        "to_claim": "Time to claim",
        "to_verdict": "Time to verdict",
        "consents": "Consents",
        "purpose": "Purpose",
        "granted": "Granted",
        "wording": "Wording",
        "at": "At",
        "nothing": "Nothing yet.",
        "export_json": "Export (GDPR, JSON)",
        "erase": "Erase this lead",
        "erase_confirm": "Erase lead #{id} and everything about it? This cannot be undone.",
        "erase_warning": "The lead, its conversations, events, scores, handoffs and the "
        "engine's records are deleted, and the app's Slack messages about it too.",
        "erase_do": "Yes, erase it",
        "cancel": "Cancel",
        "erased": "Lead #{id} was erased.",
        "live": "Going on now",
        "live_note": "Conversations with a message in the last {minutes} minutes; "
        "this list refreshes every 5 seconds.",
        "mode": "Mode",
        "handoff": "Handoff",
        "last_message": "Last message",
        "no_live": "No conversation going on now.",
        "forbidden": "Your role does not allow this.",
        "back": "Back",
        "identities": "Identities",
        "updated": "Updated",
        "of_total": "out of",
    },
    "fr": {
        "app": "Console prospects",
        "skip": "Aller au contenu",
        "leads": "Leads",
        "conversations": "Conversations",
        "sign_in": "Se connecter",
        "sign_out": "Se déconnecter",
        "email": "E-mail",
        "password": "Mot de passe",
        "refused": "E-mail ou mot de passe incorrect, ou compte verrouillé pour un moment.",
        "filters": "Filtres",
        "stage": "Étape",
        "score": "Score",
        "score_min": "Score de",
        "score_max": "Score à",
        "channel": "Canal",
        "language": "Langue",
        "sdr_ready": "Prêt pour un SDR",
        "verdict": "Verdict",
        "created": "Créé",
        "created_from": "Créé depuis",
        "created_to": "Créé jusqu'au",
        "sort": "Trier par",
        "apply": "Appliquer",
        "reset": "Effacer",
        "any": "tous",
        "yes": "oui",
        "no": "non",
        "maybe": "peut-être",
        "none": "aucun",
        "lead": "Lead",
        "company": "Entreprise",
        "job_title": "Poste",
        "export_csv": "Exporter en CSV",
        "previous": "Précédente",
        "next": "Suivante",
        "page_of": "Page {page} sur {pages}, {total} leads",
        "no_leads": "Aucun lead ne correspond à ces filtres.",
        "profile": "Profil",
        "fact": "Information",
        "value": "Valeur",
        "from_message": "Message d'origine",
        "no_source": "introuvable dans la conversation",
        "scores": "Score",
        "fit": "Adéquation",
        "pain": "Besoin",
        "total": "Total",
        "signal": "Signal",
        "points": "Points",
        "score_over_time": "Évolution du score",
        "chart_table": "Les mêmes données en tableau",
        "transcript": "Conversation",
        "handoffs": "Transmissions",
        "status": "Statut",
        "reason": "Motif",
        "opened": "Ouverte",
        "claimed_by": "Prise par",
        "to_claim": "Délai de prise",
        "to_verdict": "Délai de verdict",
        "consents": "Consentements",
        "purpose": "Finalité",
        "granted": "Accordé",
        "wording": "Formulation",
        "at": "Le",
        "nothing": "Rien pour l'instant.",
        "export_json": "Exporter (RGPD, JSON)",
        "erase": "Effacer ce lead",
        "erase_confirm": "Effacer le lead n°{id} et tout ce qui le concerne ? C'est définitif.",
        "erase_warning": "Le lead, ses conversations, événements, scores, transmissions et les "
        "données du moteur sont supprimés, ainsi que les messages Slack de l'app à son sujet.",
        "erase_do": "Oui, l'effacer",
        "cancel": "Annuler",
        "erased": "Le lead n°{id} a été effacé.",
        "live": "En cours",
        "live_note": "Conversations avec un message dans les {minutes} dernières minutes ; "
        "la liste se met à jour toutes les 5 secondes.",
        "mode": "Mode",
        "handoff": "Transmission",
        "last_message": "Dernier message",
        "no_live": "Aucune conversation en cours.",
        "forbidden": "Votre rôle ne le permet pas.",
        "back": "Retour",
        "identities": "Identités",
        "updated": "Mis à jour",
        "of_total": "sur",
    },
}


def negotiate(accept_language: str | None) -> str:
    """The first of our languages in an Accept-Language header, by quality; else English."""
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, order, primary))
    return min(ranked)[2] if ranked else "en"


def pick_language(asked: str | None, kept: str | None, accept_language: str | None) -> str:
    for choice in (asked, kept):
        if choice in LANGUAGES:
            return choice
    return negotiate(accept_language)


def translator(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])
