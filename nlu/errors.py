"""The errors of `nlu`, under one root (`NluError`), importable without the app.

NluError
├── ModelMissing    the configured spaCy model is not installed     (also RuntimeError)
└── ContentError    a document of the content library is malformed  (also ValueError)
"""


class NluError(Exception):
    """Base of every error `nlu` raises on purpose."""


class ModelMissing(NluError, RuntimeError):
    """The configured spaCy model is not installed."""


class ContentError(NluError, ValueError):
    """A document of the library is malformed; the message names the file and the field."""
