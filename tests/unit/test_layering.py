"""Imports between top-level packages go one way: channels -> bot -> (actions, nlu, scoring).

`engine_runtime` stands apart: it runs in the engine's environment (Python 3.10, Rasa 3.6),
started by path, so it imports none of our packages and none of them imports it; and the
Rasa engine itself (`rasa`, installed only in .venv-rasa) is imported there and nowhere else.
"""

import ast
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

OURS = {"bot", "nlu", "actions", "scoring", "channels", "engine_runtime"}
ALLOWED = {
    "channels": {"bot", "nlu", "scoring", "actions"},
    "bot": {"nlu", "actions", "scoring"},
    "actions": {"nlu", "scoring"},
    "nlu": set(),
    "scoring": set(),
    "engine_runtime": set(),
}
ENGINE_RUNTIME = PROJECT_ROOT / "engine_runtime"


def imported_names(path: Path) -> set[str]:
    """The top-level names of every absolute import in the file (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def imported_packages(path: Path) -> set[str]:
    return imported_names(path) & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_the_layering_allows(package: str) -> None:
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(bad)
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if (bad := imported_packages(path) - ALLOWED[package] - {package})
    }
    assert offenders == {}


def engine_runtime_importers(root: Path, packages: set[str]) -> dict[str, list[str]]:
    """Files of `packages` under `root` that import `engine_runtime`, one of its modules by
    its bare name (the launcher's folder is on the engine's import path), or the Rasa
    engine (`rasa`; `rasa_sdk` is the app's)."""
    modules = {path.stem for path in (root / "engine_runtime").glob("*.py")} - {"__init__"}
    forbidden = {"engine_runtime", "rasa", *modules}
    return {
        str(path.relative_to(root)): sorted(bad)
        for package in sorted(packages)
        for path in (root / package).rglob("*.py")
        if (bad := imported_names(path) & forbidden)
    }


def test_no_package_of_ours_imports_engine_runtime_or_rasa() -> None:
    assert ENGINE_RUNTIME.is_dir(), "the engine-side code lives in engine_runtime/"
    assert engine_runtime_importers(PROJECT_ROOT, OURS - {"engine_runtime"}) == {}


def test_the_check_sees_an_import_of_engine_runtime(tmp_path: Path) -> None:
    (tmp_path / "engine_runtime").mkdir()
    (tmp_path / "engine_runtime" / "rasa_launcher.py").write_text("")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "a.py").write_text("import engine_runtime.rasa_launcher\n")
    (tmp_path / "bot" / "b.py").write_text("def f():\n    import rasa_launcher\n")
    (tmp_path / "bot" / "c.py").write_text("from rasa.core import agent\nimport rasa_sdk\n")
    assert engine_runtime_importers(tmp_path, {"bot"}) == {
        "bot/a.py": ["engine_runtime"],
        "bot/b.py": ["rasa_launcher"],
        "bot/c.py": ["rasa"],
    }


def test_engine_runtime_imports_only_the_standard_library_and_the_engines_lock() -> None:
    """What it imports must exist in .venv-rasa: the standard library, its own modules, and
    the distributions requirements/engine.lock pins (rasa and what rasa is built on)."""
    pinned = {
        line.split("==")[0].strip().lower().replace("-", "_")
        for line in (PROJECT_ROOT / "requirements" / "engine.lock").read_text().splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    }
    own = {path.stem for path in ENGINE_RUNTIME.glob("*.py")}
    allowed = set(sys.stdlib_module_names) | pinned | own | {"__future__"}
    offenders = {
        str(path.relative_to(PROJECT_ROOT)): sorted(bad)
        for path in ENGINE_RUNTIME.rglob("*.py")
        if (bad := {name.lower() for name in imported_names(path)} - allowed)
    }
    assert own, "engine_runtime/ holds the engine-side code"
    assert offenders == {}


# Inside `bot`, only the HTTP layer speaks HTTP: domain code raises domain errors
# (bot/errors.py) and bot/api/ gives them statuses (bot/api/errors.py). The app factory
# (bot/app.py) assembles the routes; channels serve their own routes on top of bot/api/.
HTTP_LAYER = ("bot/api/", "bot/app.py")
HTTP_MODULES = {"fastapi", "starlette"}
HTTP_ERRORS = {"HTTPException", "WebSocketException", "status"}


def _api(module: str) -> bool:
    return module == "bot.api" or module.startswith("bot.api.")


def _http_errors_module(module: str) -> bool:
    parts = module.split(".")
    return parts[0] in HTTP_MODULES and parts[-1] in {"exceptions", "status"}


def http_layer_offenders(root: Path) -> dict[str, list[str]]:
    """Modules of `bot` outside the HTTP layer that import it (`bot.api`) or take HTTP
    errors or statuses from FastAPI or Starlette."""
    offenders = {}
    for path in sorted((root / "bot").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name.startswith(HTTP_LAYER):
            continue
        bad = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                for module in (alias.name for alias in node.names):
                    if _api(module) or _http_errors_module(module):
                        bad.add(module)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                module, names = node.module, {alias.name for alias in node.names}
                if _api(module):
                    bad.add(module)
                elif module == "bot" and "api" in names:
                    bad.add("bot.api")
                elif module.split(".")[0] in HTTP_MODULES:
                    bad |= {f"{module}.{n}" for n in names & HTTP_ERRORS}
        if bad:
            offenders[name] = sorted(bad)
    return offenders


def test_only_the_http_layer_imports_it_or_raises_http_errors() -> None:
    assert http_layer_offenders(PROJECT_ROOT) == {}


def test_the_check_sees_domain_code_speaking_http(tmp_path: Path) -> None:
    (tmp_path / "bot" / "api").mkdir(parents=True)
    files = {
        "bot/lead_facts.py": "from bot.api.events import record_event\n",
        "bot/a.py": "from fastapi import HTTPException, status\nfrom fastapi import FastAPI\n",
        "bot/b.py": "def f():\n    from starlette.exceptions import HTTPException\n",
        "bot/c.py": "import bot.api.deps\nfrom bot import api\n",
        "bot/api/events.py": "from fastapi import HTTPException\n",
        "bot/app.py": "from bot.api import events\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert http_layer_offenders(tmp_path) == {
        "bot/a.py": ["fastapi.HTTPException", "fastapi.status"],
        "bot/b.py": ["starlette.exceptions.HTTPException"],
        "bot/c.py": ["bot.api", "bot.api.deps"],
        "bot/lead_facts.py": ["bot.api.events"],
    }


def undocumented_packages(root: Path) -> list[str]:
    """Folders of `bot` holding Python modules (Alembic's migrations aside) without an
    `__init__.py` whose docstring says what the folder owns."""
    found = []
    for folder in sorted({path.parent for path in (root / "bot").rglob("*.py")}):
        if "migrations" in folder.relative_to(root).parts:
            continue
        init = folder / "__init__.py"
        if not init.is_file() or not ast.get_docstring(ast.parse(init.read_text())):
            found.append(str(folder.relative_to(root)))
    return found


def test_every_package_of_bot_says_what_it_owns() -> None:
    """bot/ is grouped by concern: a newcomer finds a concern's code in one folder and reads
    what the folder owns in its `__init__` docstring."""
    assert undocumented_packages(PROJECT_ROOT) == []


def test_the_check_sees_an_undocumented_package(tmp_path: Path) -> None:
    for folder in ("bot/leads", "bot/bare", "bot/blank", "bot/db/migrations"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "bot" / "__init__.py").write_text('"""The assistant."""\n')
    (tmp_path / "bot" / "leads" / "__init__.py").write_text('"""Leads."""\n')
    (tmp_path / "bot" / "leads" / "merge.py").write_text("")
    (tmp_path / "bot" / "bare" / "x.py").write_text("")
    (tmp_path / "bot" / "blank" / "__init__.py").write_text("")
    (tmp_path / "bot" / "db" / "migrations" / "env.py").write_text("")
    assert undocumented_packages(tmp_path) == ["bot/bare", "bot/blank"]


# The composition root (bot/services.py builds the services, bot/app.py the routes) sits
# on top of `bot`: the HTTP layer, the channels and the plugin hook read it; no domain module
# of `bot` imports it, so the wiring never leaks into what it wires.
ROOT_READERS = (
    "bot/api/",
    "bot/console/",
    "bot/app.py",
    "bot/plugins.py",
    "bot/cli.py",
    "bot/services.py",
)
ROOT_MODULES = {"bot.services", "bot.app"}


def composition_root_importers(root: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted((root / "bot").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name.startswith(ROOT_READERS):
            continue
        bad = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                bad |= {a.name for a in node.names if a.name in ROOT_MODULES}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module in ROOT_MODULES:
                    bad.add(node.module)
                elif node.module == "bot":
                    bad |= {f"bot.{a.name}" for a in node.names} & ROOT_MODULES
        if bad:
            found[name] = sorted(bad)
    return found


def test_no_domain_module_imports_the_composition_root() -> None:
    assert composition_root_importers(PROJECT_ROOT) == {}


def test_the_check_sees_a_domain_module_importing_the_services(tmp_path: Path) -> None:
    (tmp_path / "bot" / "leads").mkdir(parents=True)
    (tmp_path / "bot" / "api").mkdir()
    (tmp_path / "bot" / "leads" / "a.py").write_text("from bot.services import Services\n")
    (tmp_path / "bot" / "leads" / "b.py").write_text("def f():\n    from bot import app\n")
    (tmp_path / "bot" / "api" / "deps.py").write_text("from bot.services import Services\n")
    assert composition_root_importers(tmp_path) == {
        "bot/leads/a.py": ["bot.services"],
        "bot/leads/b.py": ["bot.app"],
    }
