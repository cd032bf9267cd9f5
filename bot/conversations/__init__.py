"""Conversations: the path every prospect message takes, whatever the channel.

- `service`: `ConversationService`, message in -> lead -> stored message -> engine -> replies.
- `messages`: what adapters hand over (`InboundMessage`) and get back (`ChatResult`,
  `OutboundMessage`), and how a stored message is shown.
- `replies`: what the app itself says (engine away, handed over), per language.
- `backlog`: messages the engine could not answer when they arrived, replayed when it is back.
- `live`: tells the widget's socket that a conversation has news, after the commit
  (in-process); `live_redis`: the same across app workers, over Redis pub/sub.
"""
