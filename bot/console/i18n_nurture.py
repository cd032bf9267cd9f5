"""The console's texts for the analytics page's nurturing section, in English and French
(merged into bot/console/i18n.py's TEXTS)."""

NURTURE_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "nurture": "Nurturing: the follow-up sequences",
        "nurture_note": "Per scenario and step, the steps sent in the period; a reply or an "
        "opt-out counts for the last step before it; moved up: the lead is at a higher stage "
        "now than when the step was sent (docs/nurture.md).",
        "scenario": "Scenario",
        "step": "Step",
        "enrolled": "Enrolled",
        "sends": "Sent",
        "replies": "Replies",
        "opt_outs": "Opt-outs",
        "moved_up": "Moved up",
    },
    "fr": {
        "nurture": "Nurturing : les séquences de relance",
        "nurture_note": "Par scénario et par étape, les envois de la période ; une réponse ou "
        "une désinscription compte pour la dernière étape envoyée avant ; progressé : le lead "
        "est aujourd'hui à une étape supérieure à celle du moment de l'envoi (docs/nurture.md).",
        "scenario": "Scénario",
        "step": "Étape",
        "enrolled": "Inscrits",
        "sends": "Envoyés",
        "replies": "Réponses",
        "opt_outs": "Désinscriptions",
        "moved_up": "Progressé",
    },
}
