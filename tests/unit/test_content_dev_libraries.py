"""The dev libraries tuned on (tests/content/third_library "Paylune", fourth_library
"Veltria", fifth_library "Quillon") and their questions are well formed. `make eval`
measures them."""

from __future__ import annotations

import pytest

from bot.settings import PROJECT_ROOT
from nlu.content.evaluation import DEFAULT_LIBRARY, load_questions
from nlu.content.library import load_library

CONTENT = PROJECT_ROOT / "tests" / "content"


@pytest.mark.parametrize("name", ["third", "fourth", "fifth"])
def test_a_dev_library_loads_and_every_expected_source_exists(name: str) -> None:
    questions, library = load_questions(CONTENT / f"{name}.yml", DEFAULT_LIBRARY)
    assert library == CONTENT / f"{name}_library"
    docs, errors = load_library(library)
    assert errors == [] and {d.language for d in docs} == {"en", "fr"}
    assert "dev set" in (CONTENT / f"{name}.yml").read_text().lower()
    ids = {d.id for d in docs}
    assert [(q["q"], e) for q in questions for e in q["expect"] or [] if e not in ids] == []
    assert sum(q["expect"] is None for q in questions) >= 12
