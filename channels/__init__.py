"""Channel adapters, one subpackage per channel. Each converts its framework's
requests to `bot.conversation.InboundMessage` and back, and holds no business logic."""
