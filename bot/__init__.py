"""The assistant: the app around the Rasa engine.

Concerns live in packages: `leads/`, `conversations/`, `handoffs/`, `access/` (visitor
tokens, rate limits), `api/` (the only HTTP layer), `db/`, `engine/` (the engine's client,
model and process); `content/library/` is the Markdown the assistant answers from. At the
top level: the app factory (`app`), the CLI (`cli`, `terminal_chat`, `loop_watchdog`),
`settings`, the error tree (`errors`), the channel plugin contract (`plugins`) and the
outbox (`outbox`: every call to Slack, Telegram or the engine's replay, written in the
transaction that causes it and relayed until it succeeds).
"""
