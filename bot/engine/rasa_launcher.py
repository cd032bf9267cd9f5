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


def main() -> None:
    compile_action_result_validation()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
