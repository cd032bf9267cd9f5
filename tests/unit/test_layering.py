"""Imports between top-level packages go one way: channels -> bot -> (actions, nlu, scoring)."""

import ast
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

OURS = {"bot", "nlu", "actions", "scoring", "channels"}
ALLOWED = {
    "channels": {"bot", "nlu", "scoring", "actions"},
    "bot": {"nlu", "actions", "scoring"},
    "actions": {"nlu", "scoring"},
    "nlu": set(),
    "scoring": set(),
}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_the_layering_allows(package: str) -> None:
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(bad)
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if (bad := imported_packages(path) - ALLOWED[package] - {package})
    }
    assert offenders == {}
