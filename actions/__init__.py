"""Custom actions the Rasa engine calls through the app's /webhook route (rasa-sdk).

One module per concern; rasa-sdk's ActionExecutor registers every Action
subclass found in this package.
"""

from actions.language import ActionDetectLanguage

__all__ = ["ActionDetectLanguage"]
