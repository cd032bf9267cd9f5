"""Answering a question from the library: the best passage, its source, a confidence.

The answer is the passage itself (no generated text). A passage in the question's language
is preferred when it is nearly as good; when the best one is in the other language the
answer says so. Below `threshold` the question is unanswered, and the caller says so.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from nlu.content.analysis import expand_chat
from nlu.content.asking import COMPARING, asked_part, question_alone
from nlu.content.cases import CASE_QUESTION
from nlu.content.covering import also_on_the_page, named_sections
from nlu.content.embedding import SHARED_CACHE, Embedder, EmbeddingCache, load_embedder
from nlu.content.hybrid import HybridIndex
from nlu.content.index import Hit, PassageIndex
from nlu.content.library import ContentError, Document, fingerprint, load_library
from nlu.content.several import questions_in
from nlu.language import detect

log = logging.getLogger(__name__)
DEFAULT_THRESHOLD = 0.5  # measured: docs/content.md
# The asker's language wins a near tie. 1.25 was measured best on dev (1.15-1.5) before
# translation twins (hybrid.py: a twin scores at least 0.9 of its twin's score, so any
# bonus over 1/0.9 lets the asker's version win); with them 1.2 keeps dev and third and
# ranks one more cross-language question of fourth first; 1.1 loses twins (dev 0.84).
SAME_LANGUAGE_BONUS = 1.2
# A question about price is answered with prices: among the passages found, one stating
# amounts wins over one that only talks about discounts or billing.
PRICE_QUESTION = re.compile(
    r"\b(?:how much(?! time\b)|cost|costs|price|prices|pricing|priced|cheap|cheaper|cheapest|"
    r"expensive|moins cher|moins ch[eè]re|"
    r"combien(?!\s+d(?:e|es|u)?\b|\s*d['’])|tarifs?|prix|co[uû]te?)\b",
    re.IGNORECASE,
)
AMOUNT = re.compile(r"[€$£]\s?\d|\d\s?[€$£]|\d\s?(?:EUR|USD|GBP|CHF)\b", re.IGNORECASE)
PRICE_BONUS = 1.5
CASE_BONUS = 2.0  # a case study for a question asking for a customer's example (cases.py)
# When the best-ranked passage is under the threshold, one of the next (among the first
# CLEAR_AMONG) whose confidence is at least CLEAR_CONFIDENCE (nearly all the question's
# words are in its document) and whose rank is at least CLEAR_RANK × the best's answers
# instead. Measured on dev.yml / third.yml: the same gains for 2-5 passages, 0.5-0.9 of the
# rank and 0.8-1.0 of confidence; at 0.5 confidence it answered two questions wrongly.
CLEAR_AMONG = 3
CLEAR_CONFIDENCE = 0.8
CLEAR_RANK = 0.5
# A bare price question ("how much is it?", "c'est combien ?") has no subject but the price:
# it asks ours. BM25 and the embeddings find the pricing page first but with little
# confidence (one or two words to go on), so it is answered from the best passage stating
# amounts, when one was found. A question naming anything else ("how much is a Tesla?") is
# not bare and keeps the threshold.
BARE_PRICE_WORDS = frozenset(
    """how much is are it does do that this the what whats what's s cost costs price prices pricing
    your you for a per month year user users plan plans it's would be roughly about
    combien ça ca c cest c'est coûte coute coûtent coutent ce que quel quels est sont le la
    les l prix tarif tarifs vos votre de du par mois an utilisateur utilisateurs offre
    offres alors et donc ok okay so and please svp stp truc outil produit logiciel solution
    plateforme service abonnement thing tool product software platform subscription
    service solution btw by way then anyway again actually also exactly great cool nice
    sinon au fait finalement
    people persons ppl personnes like team équipe equipe seats seat licences licenses users
    utilisateurs postes sièges une quinzaine dizaine vingtaine trentaine cinquantaine centaine
    of pour just juste i im i'm was were curious wondering curieux curieuse know savoir
    tell me give show dites donnez moi quoi
    minimum maximum min max cheapest lowest cheaper cheap starting entry level moins cher chère
    plus bas basse partir à from
    je sais pas sait can could even or nah not""".split()
)
WORD = re.compile(r"[\w']+")
PRICE_WORDS = "price pricing prix tarifs"
EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
OTHER_LANGUAGE_NOTE = {
    "fr": "(Cette réponse vient de notre documentation en anglais.)",
    "en": "(This answer comes from our French documentation.)",
}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    score: float


@dataclass(frozen=True)
class Answer:
    answered: bool
    answer: str
    sources: list[Source] = field(default_factory=list)
    language: str | None = None
    confidence: float = 0.0
    document: Document | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "answer": self.answer,
            "sources": [
                {"id": s.id, "title": s.title, "url": s.url, "score": s.score} for s in self.sources
            ],
        }


class Searchable(Protocol):
    def search(self, question: str, *, limit: int = 5) -> list[Hit]: ...

    def knows(self, text: str) -> bool: ...


# A name inside a sentence: "How much does DocuSign cost?", "do you work with Pipedrive?"
# (a capital after a word, then a lower-case letter: not an acronym, "ISO or SOC 2?").
NAME = re.compile(r"(?<=[\w,;] )[A-Z][\w'-]*[a-z][\w'-]*")


def unknown_names(index: Searchable, question: str) -> tuple[list[str], bool]:
    """The names in the question the library never mentions, and whether it names one it
    does. Only unknown names ("How much does DocuSign cost per user?"): whatever passage is
    found, it is not about them. With a known one ("we use Pipedrive at Kestrel, do u
    integrate with it?"), the unknown ones are who asks, and would count against the answer
    as words it lacks."""
    names = NAME.findall(question)
    unknown = [name for name in names if not index.knows(name)]
    return unknown, len(unknown) < len(names)


def without_names_unknown(index: Searchable, question: str) -> str:
    """The question without the names the library never mentions, when it names one it
    does; otherwise the question."""
    unknown, knows_one = unknown_names(index, question)
    if not knows_one:
        return question
    for name in unknown:
        question = re.sub(rf"\b{re.escape(name)}\b", " ", question)
    return question


def answer_question(
    index: Searchable, question: str, *, language: str | None, threshold: float
) -> Answer:
    """The better of the answers to the whole message and to its asked part, when they
    differ: a preamble may dilute the question ("Before I answer anything: do you integrate
    with Salesforce?") or carry its subject ("We use HubSpot. Do you integrate?")."""
    texts = (
        question,
        asked_part(question),
        question_alone(question),
        without_names_unknown(index, question),
    )
    answers = []
    for text in dict.fromkeys(texts):
        answer = answer_from(
            search(index, text), language=language, threshold=threshold, question=text
        )
        unknown, knows_one = unknown_names(index, text)
        answers.append(unsure(answer, unknown=bool(unknown) and not knows_one))
    if CASE_QUESTION.search(question):  # "a customer story in logistics?": the subject's words
        subject = CASE_QUESTION.sub(" ", question)  # decide; a case study answers
        case = answer_from(
            search(index, subject), language=language, threshold=threshold, question=question
        )
        if case.document is not None and case.document.type == "case_study":
            answers.append(case)
    return max(answers, key=lambda a: (a.answered, a.confidence))


def unsure(answer: Answer, *, unknown: bool) -> Answer:
    """`answer`, unanswered when the question names something the library never mentions
    (its sources stay: the closest document may still be named)."""
    if not unknown or not answer.answered:
        return answer
    return Answer(False, "", answer.sources, answer.language, answer.confidence)


def search(index: Searchable, question: str) -> list[Hit]:
    """The index's hits; a bare price question that finds nothing (only stop words for BM25:
    "how much is it?") is searched again with the price words."""
    hits = index.search(question, limit=8)
    if not hits and is_bare_price_question(question):
        hits = index.search(f"{question} {PRICE_WORDS}", limit=8)
    return hits


def plain(markdown: str) -> str:
    """A passage as the prospect reads it: the library's **bold** and _emphasis_ markers
    out (the widget shows text, never markup; Telegram's plain messages too)."""
    return EMPHASIS.sub(r"\2", markdown)


def is_bare_price_question(question: str) -> bool:
    """The question asks a price and names nothing else ("how much is it?")."""
    if PRICE_QUESTION.search(question) is None:
        return False  # "is it ok?", "what about your plans?": bare, but not about price
    # chat spellings read as the word: "c koi le prix mini" is "c quoi le prix minimum"
    words = [w.strip("'") for w in WORD.findall(expand_chat(question.lower()))]
    # "for like 40 people": the users it is for are no other subject
    return all(w in BARE_PRICE_WORDS or not w or w.isdigit() for w in words)


def best_section(best: Hit, ranked: list[Hit], *, comparing: bool = False) -> Hit:
    """The passage of the answering document that holds the most of the question's words
    (the best-ranked among those): "are you gdpr compliant?" is answered from the GDPR
    section, not from the single sign-on section the model ranked first. The document, and
    so the confidence and the sources, stay. For a comparison, of the passages holding as
    many, the longest: it describes the things compared, not only names them."""
    same = [h for h in ranked if h.document.id == best.document.id]  # best is among them
    return max(same, key=lambda h: (h.passage_words, len(h.passage.text) if comparing else 0))


def answer_from(
    hits: list[Hit],
    *,
    language: str | None,
    threshold: float,
    question: str = "",
) -> Answer:
    if not hits:
        return Answer(answered=False, answer="", language=language)
    about_price = PRICE_QUESTION.search(question) is not None
    about_cases = CASE_QUESTION.search(question) is not None

    def rank(h: Hit) -> float:
        same = SAME_LANGUAGE_BONUS if h.document.language == language else 1.0
        priced = PRICE_BONUS if about_price and AMOUNT.search(h.passage.text) else 1.0
        cased = CASE_BONUS if about_cases and h.document.type == "case_study" else 1.0
        return h.score * same * priced * cased

    ranked = sorted(hits, key=lambda h: (-rank(h), h.passage.doc_id))
    best = ranked[0]
    bare = about_price and is_bare_price_question(question) and AMOUNT.search(best.passage.text)
    if best.confidence < threshold and not bare:
        # "do you have an api": the model's first pick (a FAQ "do you offer a mobile app?")
        # shares no word with the question, the next contains them all: the clear one
        # answers, when it ranks nearly as well.
        clear = next(
            (
                h
                for h in ranked[1:CLEAR_AMONG]
                if h.confidence >= CLEAR_CONFIDENCE and rank(h) >= CLEAR_RANK * rank(best)
            ),
            None,
        )
        if clear is not None:
            best = clear
            ranked = [clear, *(h for h in ranked if h is not clear)]
    best = best_section(best, ranked, comparing=COMPARING.search(question) is not None)
    sources, seen = [], set()
    for h in ranked:
        if h.document.id not in seen:
            seen.add(h.document.id)
            sources.append(
                Source(h.document.id, h.document.title, h.document.url, round(h.confidence, 3))
            )
    if bare:
        pass  # ours is the only price it can mean
    elif best.confidence < threshold:
        return Answer(False, "", sources[:3], language, best.confidence)
    more = named_sections(best.document, best.passage, question)  # "hubspot and salesforce?"
    text = "\n\n".join(plain(p.text) for p in (best.passage, *more))
    if not about_price and not more:  # "what integrations do you have?": the page's headings
        also = also_on_the_page(best.document, best.passage, question, language or "en")
        text = f"{text}\n\n{also}" if also else text
    if language and best.document.language != language:
        text = f"{text}\n\n{OTHER_LANGUAGE_NOTE[language]}"
    return Answer(True, text, sources[:3], language, best.confidence, best.document)


class ContentSearch:
    """The library's index, rebuilt when a file changes (checked at most every
    `check_every` seconds), without restarting anything. BM25 + embeddings when the
    embedding model loads (`nlu.content.embedding`), BM25 alone otherwise."""

    def __init__(
        self,
        folder: Path,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        check_every: float = 2.0,
        embedder: Embedder | Literal["default"] | None = "default",
        cache: EmbeddingCache = SHARED_CACHE,
    ) -> None:
        self.folder = folder
        self.threshold = threshold
        self._check_every = check_every
        self._embedder = load_embedder() if embedder == "default" else embedder
        self._cache = cache
        self._lock = threading.Lock()
        self._checked = 0.0
        self._fingerprint = ""
        self.errors: list[ContentError] = []
        self._index: PassageIndex | HybridIndex = PassageIndex([])
        self.refresh(force=True)

    @property
    def hybrid(self) -> bool:
        """True when answers use the embeddings as well as BM25."""
        return isinstance(self._index, HybridIndex)

    @property
    def documents(self) -> dict[str, Document]:
        return self._index.documents

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild the index if the library changed; True when it did."""
        now = time.monotonic()
        if not force and now - self._checked < self._check_every:
            return False
        with self._lock:
            self._checked = now
            current = fingerprint(self.folder)
            if current == self._fingerprint and not force:
                return False
            docs, self.errors = load_library(self.folder)
            self._index = self._build(docs)
            self._fingerprint = current
            return True

    def _build(self, docs: list[Document]) -> PassageIndex | HybridIndex:
        lexical = PassageIndex(docs)
        if self._embedder is None:
            return lexical
        try:
            return HybridIndex(docs, embedder=self._embedder, cache=self._cache, lexical=lexical)
        except (OSError, RuntimeError, ValueError) as exc:
            log.warning("content search: embedding the library failed (%s); BM25 only", exc)
            self._embedder = None
            return lexical

    def ask(self, question: str, *, language: str | None = None) -> Answer:
        self.refresh()
        lang = language if language in ("fr", "en") else detect(question).language
        return answer_question(self._index, question, language=lang, threshold=self.threshold)

    def ask_each(self, question: str, *, language: str | None = None) -> list[Answer]:
        """One answer per question when the message asks several ("do you integrate with
        salesforce? also whats your gdpr situation") and each is answered from a passage of
        its own; otherwise the answer to the whole message, alone."""
        parts = questions_in(question)
        if len(parts) > 1:
            answers = [self.ask(part, language=language) for part in parts]
            if all(a.answered for a in answers) and len({a.answer for a in answers}) > 1:
                return list({a.answer: a for a in answers}.values())  # one passage once
        return [self.ask(question, language=language)]

    def overview(self, language: str | None) -> Answer | None:
        """What the product is ("what does your product do?", "c'est quoi votre outil ?"):
        the library's overview (`overview_answer`); None when the library has none."""
        self.refresh()
        return overview_answer(self.documents.values(), language)


OVERVIEW_TOPIC = "overview"


def overview_answer(documents: Iterable[Document], language: str | None) -> Answer | None:
    """The first section of the library's overview document (one with the topic
    `overview`, not gated), in the asker's language when there is one. A question about the
    product as a whole names nothing a search could match with confidence, and among the
    overview's own sections the search could not tell "what does it do?" from "how do
    teams use it?" (measured on the default library): its summary comes first."""
    found = [d for d in documents if OVERVIEW_TOPIC in d.topics and not d.gated and d.passages]
    if not found:
        return None
    doc = min(found, key=lambda d: (d.language != language, d.id))
    passage = doc.passages[0]
    text = plain(passage.text)
    if doc.language != language and language in OTHER_LANGUAGE_NOTE:
        text = f"{text}\n\n{OTHER_LANGUAGE_NOTE[language]}"
    return Answer(
        answered=True,
        answer=text,
        sources=[Source(doc.id, doc.title, doc.url, 1.0)],
        language=language,
        confidence=1.0,
        document=doc,
    )
