"""The engine side: code that runs inside the Rasa engine's own process and environment.

It owns the engine's launcher (`rasa_launcher.py`: Rasa's command line with fixes that
change no result, only the CPU spent per message) and its tracker store
(`rasa_tracker_store.py`: Rasa's SQL tracker store with the conversations being served held
in memory).

It runs under Python 3.10 in .venv-rasa (rasa==3.6.21, requirements/engine.lock), not in
the app's environment: it imports only the standard library and Rasa (with what Rasa is
built on), and nothing of ours. Nobody in the app imports it either; `prospect run`
(bot/engine/process.py) starts the launcher by its path with the engine's interpreter, so
this folder is the engine's import path and endpoints.yml names the tracker store
`rasa_tracker_store.CachedSQLTrackerStore`. tests/unit/test_layering.py keeps both
directions true.
"""
