"""Small modules and short functions: a newcomer reads a module in one sitting and a function
on one screen. Outside tests and Alembic's migrations, no module is over 400 lines and no
function (a method, a nested function) over 60."""

import ast
from pathlib import Path

from bot.settings import PROJECT_ROOT

PACKAGES = ("bot", "channels", "actions", "nlu", "scoring", "engine_runtime", "benchmarks")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def sources(root: Path) -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.relative_to(root).parts
    )


def too_long(root: Path) -> list[str]:
    """`path: N lines` for each long module, `path:function: N lines` for each long function."""
    found = []
    for path in sources(root):
        name = path.relative_to(root).as_posix()
        text = path.read_text()
        if (lines := len(text.splitlines())) > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text, name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.name}: {length} lines")
    return sorted(found)


def test_no_module_or_function_is_too_long() -> None:
    assert too_long(PROJECT_ROOT) == []


def test_the_check_sees_a_long_module_and_a_long_nested_function(tmp_path: Path) -> None:
    (tmp_path / "bot" / "db" / "migrations").mkdir(parents=True)
    body = "\n".join(f"        x{i} = {i}" for i in range(60))
    (tmp_path / "bot" / "a.py").write_text(f"def outer():\n    def inner():\n{body}\n")
    (tmp_path / "bot" / "b.py").write_text("x = 1\n" * 401)
    (tmp_path / "bot" / "db" / "migrations" / "0001.py").write_text("x = 1\n" * 500)
    short = "\n".join(f"    x{i} = {i}" for i in range(59))
    (tmp_path / "bot" / "short.py").write_text(f"def f():\n{short}\n")
    assert too_long(tmp_path) == [
        "bot/a.py:inner: 61 lines",
        "bot/a.py:outer: 62 lines",
        "bot/b.py: 401 lines",
    ]
