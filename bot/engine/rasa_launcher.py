"""Start Rasa's command line in the engine's environment (Python 3.10, `rasa` only), with two
fixes that change no result, only the CPU spent on each message:

- the action server's responses are validated against a schema compiled once;
- an event's class is found by its name in a table, not by walking every subclass of
  `Event` for each event read.

The tracker store the engine uses (`type: rasa_tracker_store.CachedSQLTrackerStore` in
endpoints.yml) lives beside this file, which puts its folder on the import path.

Rasa 3.6 checks every custom action's response with `jsonschema.validate(result, spec)`,
and that function validates the *schema itself* against its metaschema on every call:
profiled under load (py-spy, `make bench`), that was 59% of the engine's CPU. Here the
same schema validates the same responses and raises the same `ValidationError`, with the
metaschema check done once.

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


def event_classes_by_name() -> None:
    """`Event.resolve_by_type` walks every subclass of `Event` (`all_subclasses`, with
    `inspect.isabstract` on each) for every event deserialised: 5.6% of the engine's CPU
    under load (py-spy). The same lookup, remembered per name; a name it has not seen
    (or an unknown one, which raises as before) goes through Rasa's own function."""
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    found: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                found[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)


def main() -> None:
    compile_action_result_validation()
    event_classes_by_name()
    sqlite_trackers_in_wal_mode()
    # Imported now, so a broken tracker store stops the engine instead of Rasa quietly
    # falling back to an in-memory one.
    import rasa_tracker_store  # noqa: F401
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
