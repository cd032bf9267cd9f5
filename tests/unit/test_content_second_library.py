"""The held-out second library (tests/content/second_library, "Ferrovia") and its questions
(tests/content/second.yml) are well formed. No retrieval scores here: `make eval` measures them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import PROJECT_ROOT
from nlu.content.evaluation import DEFAULT_LIBRARY, load_questions
from nlu.content.library import Document, load_library

LIBRARY = PROJECT_ROOT / "tests" / "content" / "second_library"
QUESTIONS = PROJECT_ROOT / "tests" / "content" / "second.yml"


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    found, errors = load_library(LIBRARY)
    assert errors == []
    return found


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    found, library = load_questions(QUESTIONS, DEFAULT_LIBRARY)
    assert library == LIBRARY
    return found


def test_the_library_has_at_least_12_documents_in_both_languages(docs: list[Document]) -> None:
    assert len(docs) >= 12
    assert {d.language for d in docs} == {"en", "fr"}
    assert all(d.passages for d in docs)
    assert {"pricing", "case_study", "faq", "whitepaper", "article"} <= {d.type for d in docs}
    assert any(d.gated for d in docs)


def test_the_question_file_is_held_out_and_big_enough(questions: list[dict[str, Any]]) -> None:
    assert "Held out: never tune retrieval on this file." in QUESTIONS.read_text()
    assert len(questions) >= 45
    assert sum(q["expect"] is None for q in questions) >= 12
    assert {q["lang"] for q in questions} == {"en", "fr"}
    assert all(isinstance(q["q"], str) and q["q"].strip() for q in questions)


def test_every_expected_source_exists(
    docs: list[Document], questions: list[dict[str, Any]]
) -> None:
    ids = {d.id for d in docs}
    missing = [(q["q"], e) for q in questions for e in q["expect"] or [] if e not in ids]
    assert missing == []


def test_a_question_file_without_a_library_key_uses_the_default(tmp_path: Path) -> None:
    path = tmp_path / "q.yml"
    path.write_text(yaml.safe_dump({"questions": [{"q": "Hi", "lang": "en", "expect": None}]}))
    found, library = load_questions(path, DEFAULT_LIBRARY)
    assert library == DEFAULT_LIBRARY
    assert found == [{"q": "Hi", "lang": "en", "expect": None}]
