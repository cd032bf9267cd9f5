"""Channel adapters, one subpackage per channel. Each converts its framework's
requests to `bot.conversations.service.InboundMessage` and back, and holds no business logic."""
