"""The errors of `channels`: one branch of the app's tree (bot/errors.py).

ProspectError
└── ChannelError    a channel refused an input
    └── Refused     a web socket's first frame does not authenticate it
"""

from bot.errors import ProspectError


class ChannelError(ProspectError):
    """Base of every error a channel raises on purpose."""


class Refused(ChannelError):
    """The first frame is not a valid auth frame: the reason goes in the close frame."""
