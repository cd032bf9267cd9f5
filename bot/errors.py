"""The project's exceptions.

ProspectError
├── ConfigurationError   a setting is missing or unsafe
├── EngineUnavailable    the Rasa engine could not be reached or did not answer in time
└── ModelTrainingError   `rasa train` failed
"""


class ProspectError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigurationError(ProspectError):
    """A setting is missing, malformed or unsafe for the environment."""


class EngineUnavailable(ProspectError):
    """The Rasa engine is down, slow or answered with an error."""


class ModelTrainingError(ProspectError):
    """Training the Rasa model failed."""
