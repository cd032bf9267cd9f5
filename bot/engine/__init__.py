"""The Rasa engine: HTTP client, model training, and the engine process."""
