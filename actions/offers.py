"""Next-best content: after an answer, at most one piece to read next, chosen by the topics
in play and the lead's stage, never one already offered, and none that shares no topic
with the answer (an unrelated piece is not offered: nothing is). Pure."""

from __future__ import annotations

from collections.abc import Iterable

from nlu.content.library import Document

# Which funnel stages suit a lead at each scoring stage, best first.
STAGES_FOR_LEAD = {
    "visitor": ("awareness", "consideration"),
    "lead": ("consideration", "awareness"),
    "mql": ("consideration", "decision"),
    "sdr_ready": ("decision", "consideration"),
}
OFFERABLE_TYPES = frozenset({"guide", "article", "case_study", "whitepaper", "webinar"})


def next_offer(
    documents: Iterable[Document],
    *,
    lead_stage: str | None,
    topics: Iterable[str],
    language: str | None,
    exclude: Iterable[str],
) -> Document | None:
    """The best piece to offer next, or None when nothing new fits."""
    wanted_stages = STAGES_FOR_LEAD.get(lead_stage or "visitor", STAGES_FOR_LEAD["visitor"])
    wanted_topics = set(topics)
    excluded = set(exclude)
    best: tuple[tuple[int, int, str], Document] | None = None
    for doc in documents:
        if doc.id in excluded or doc.type not in OFFERABLE_TYPES:
            continue
        if language and doc.language != language:
            continue  # a French case study is no help in an English chat: none rather
        shared = len(wanted_topics & set(doc.topics))  # topics first, then the stage
        if not shared:
            continue
        stage_rank = wanted_stages.index(doc.stage) if doc.stage in wanted_stages else 9
        key = (-shared, stage_rank, doc.id)
        if best is None or key < best[0]:
            best = (key, doc)
    return best[1] if best else None
