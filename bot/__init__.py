"""The assistant: settings, database, conversation service, engine client, app and CLI."""
