"""The app's exceptions: one module, one root.

Every error the app (`bot`, and `channels` through its own branch) raises on purpose is a
`ProspectError`, so a caller can catch them all and nothing else. Where callers already
caught a built-in class, the error subclasses it too (`LeadNotFound` is a `LookupError`).
Domain code raises these; only the HTTP layer (bot/api/) turns them into statuses, in one
place (bot/api/errors.py) or at the route that knows better.

ProspectError
├── ConfigurationError        a setting is missing or unsafe
├── PageRulesError            PAGE_RULES is unreadable or malformed      (also ValueError)
├── EngineUnavailable         the Rasa engine could not be reached or did not answer in time
├── TrackerStoreUnavailable   the engine's tracker store failed (export, erasure: a 503)
├── ModelTrainingError        `rasa train` failed
├── LeadNotFound              no lead with this id (HTTP 404)            (also LookupError)
├── OriginNotAllowed          a page of a site not in ALLOWED_ORIGINS (HTTP 403)
├── RateLimited               a visitor or an address asks too often (HTTP 429, Retry-After)
├── BadActionCall             an action call the engine would not send (HTTP 400)
│                                                                        (also ValueError)
├── RetryLater                an outside service asked the outbox to wait (its HTTP 429)
├── WebhookRefused            a webhook receiver answered other than 2xx (retried)
├── NotReady                  an outbox row waits for another row or for the engine
├── SessionRefused            the terminal chat could not open a session
├── ThresholdRefused          an SDR-ready threshold that cannot be applied or undone
│                                                                        (also ValueError)
├── MeetingsConfigError       the meetings file is unreadable or malformed (also ValueError)
├── CalendarUnavailable       a rep's CalDAV server is down or refused us (booking link instead)
├── SlotTaken                 the slot was booked by someone else meanwhile
└── channels.errors.ChannelError   a channel refused an input
    └── Refused               a web socket's first frame does not authenticate it

The pure layers have their own root each, importable without the app:

nlu.errors.NluError
├── ModelMissing              the spaCy model is not installed           (also RuntimeError)
└── ContentError              a content file is malformed                (also ValueError)

scoring.ScoringRulesError     the scoring rules are malformed            (a ValueError)
"""


class ProspectError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigurationError(ProspectError):
    """A setting is missing, malformed or unsafe for the environment."""


class PageRulesError(ProspectError, ValueError):
    """A page rules file that cannot be used; the message names the file and the field."""


class EngineUnavailable(ProspectError):
    """The Rasa engine is down, slow or answered with an error."""


class TrackerStoreUnavailable(ProspectError):
    """The engine's tracker store could not be read or written."""


class ModelTrainingError(ProspectError):
    """Training the Rasa model failed."""


class LeadNotFound(ProspectError, LookupError):
    """No lead has this id."""

    def __init__(self, lead_id: int) -> None:
        super().__init__(f"no lead with id {lead_id}")
        self.lead_id = lead_id


class OriginNotAllowed(ProspectError):
    """A browser on a site that may not use the assistant (ALLOWED_ORIGINS)."""


class RateLimited(ProspectError):
    """Too many requests from one visitor or address; `seconds` to wait, at least 1."""

    def __init__(self, what: str, seconds: float) -> None:
        self.seconds = max(1, round(seconds + 0.5))
        super().__init__(f"too many requests from this {what}; try again in {self.seconds} s")


class BadActionCall(ProspectError, ValueError):
    """The action call is not one the engine sends; the message says which field."""


class WebhookRefused(ProspectError):
    """A webhook receiver answered with something other than a 2xx; the outbox retries."""


class RetryLater(ProspectError):
    """The service asked us to wait (HTTP 429 Retry-After): the outbox retries the row in
    `seconds`."""

    def __init__(self, seconds: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.seconds = seconds


class NotReady(ProspectError):
    """The row depends on another that has not been sent yet (e.g. a thread reply before
    its card), or on a service coming back (the engine): try again in `seconds`, without
    counting it as a failure."""

    def __init__(self, message: str = "not ready", seconds: float = 1.0) -> None:
        super().__init__(message)
        self.seconds = seconds


class SessionRefused(ProspectError):
    """The app refused to open a terminal chat session (the message says why)."""


class ThresholdRefused(ProspectError, ValueError):
    """An SDR-ready threshold that cannot be applied (below the MQL threshold, already in
    force) or no applied threshold to undo; the message says which."""


class MeetingsConfigError(ProspectError, ValueError):
    """A meetings file that cannot be used; the message names the file and the field."""


class CalendarUnavailable(ProspectError):
    """A rep's CalDAV server could not be read or written. `booking_link` is the rep's
    fallback (None: promise a call); the request was recorded before this was raised."""

    def __init__(self, rep: str, reason: str, booking_link: str | None = None) -> None:
        super().__init__(f"the calendar of {rep} is unavailable: {reason}")
        self.rep = rep
        self.booking_link = booking_link


class SlotTaken(ProspectError):
    """The slot asked for is no longer free (booked meanwhile, or busy in the calendar)."""
