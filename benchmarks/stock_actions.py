"""The fair baseline's action server (benchmarks/stock_rasa.py): our `actions/` served by
rasa-sdk's own server (`rasa_sdk.endpoint.create_app`, the Sanic app `python -m rasa_sdk`
runs), not by the app's /webhook route.

`python -m rasa_sdk --actions actions` cannot serve them as they are: it instantiates every
`Action` subclass without arguments, and ours are handed the app's lead store and content
library (`actions.create_executor`), as rasa-sdk's documentation recommends for shared
resources. So this builds the executor exactly as the app does (`build_services`: the same
settings from the environment, the same database, scoring rules and content library) and
gives it to rasa-sdk's server, one process, port from `--port`.

    .venv/bin/python -m benchmarks.stock_actions --port 5055
"""

from __future__ import annotations

import argparse
import logging

from rasa_sdk.endpoint import create_app

from bot.services import build_services
from bot.settings import get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    library = settings.content_search()
    services = build_services(
        settings,
        rules=settings.load_scoring_rules(),
        page_rules=settings.load_page_rules(),
        library=library,
        channel_names=[],
    )
    app = create_app(services.action_executor)
    app.run(host="127.0.0.1", port=args.port, single_process=True, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
