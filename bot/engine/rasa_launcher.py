"""Start Rasa's command line in the engine's environment (Python 3.10, `rasa` only), with one
fix: the action server's responses are validated against a schema compiled once.

Rasa 3.6 checks every custom action's response with `jsonschema.validate(result, spec)`,
and that function validates the *schema itself* against its metaschema on every call:
profiled under load (py-spy, `make bench`), that was 59% of the engine's CPU. Here the
same schema validates the same responses and raises the same `ValidationError`, with the
metaschema check done once. Nothing else changes.

Run by `prospect run` as `.venv-rasa/bin/python rasa_launcher.py run ...`. This file must
stay importable without the app's packages (it runs in the engine's environment).
"""

import sys
from typing import Any


def compile_action_result_validation() -> None:
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise e

    RemoteAction._validate_action_result = _validate_action_result


def sqlite_trackers_in_wal_mode() -> None:
    """A SQLite tracker store (the embedded profile) in write-ahead-log mode, as the app's
    own database: readers don't block the writer, and a commit writes the log instead of
    a rollback journal plus the database. Durability is unchanged (synchronous stays FULL)."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _wal(dbapi_connection: object, _record: object) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()


def main() -> None:
    compile_action_result_validation()
    sqlite_trackers_in_wal_mode()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
