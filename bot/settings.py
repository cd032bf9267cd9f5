"""Settings, read only from the environment (and an optional `.env` file)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from bot.console.settings import ConsoleSettings
from bot.errors import ConfigurationError, PageRulesError
from bot.leads.page_rules import PageRules, load_page_rules
from bot.meetings.settings import MeetingsSettings
from bot.nurture.settings import NurtureSettings
from nlu.content.search import ContentSearch
from nlu.errors import ContentError
from scoring import ScoringRules, ScoringRulesError, load_rules
from scoring.calibration import Policy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "admin", "password", "token"}


def _require_random(name: str, value: SecretStr, length: int, also: str = "") -> None:
    """A production secret must be set, not a placeholder, and long enough."""
    secret = value.get_secret_value()
    if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < length:
        raise ConfigurationError(
            f"{name} must be set to a random value of at least {length} characters in "
            f"production{also} (for example: python -c 'import secrets; "
            f"print(secrets.token_urlsafe({length + 16}))')"
        )


class Settings(ConsoleSettings, NurtureSettings, MeetingsSettings):
    """Every knob of the app. Names map to upper-case environment variables."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; defaults to SQLite in DATA_DIR/prospect.db",
    )
    admin_token: SecretStr = SecretStr("")
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="signs visitor tokens and derives the engine's action token; "
        "in development one is generated once and kept in DATA_DIR (docs/security.md)",
    )

    app_host: str = "127.0.0.1"
    app_port: int = 8000
    app_workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes")
    engine_workers: int = Field(
        default=1,
        ge=1,
        le=16,
        description="Sanic workers of the engine (SANIC_WORKERS); "
        "more than one needs REDIS_URL (Rasa's Redis lock store)",
    )
    redis_url: str = Field(
        default="",
        description="Redis for the production profile: the engine's lock store and live "
        "messages between app workers",
    )

    rasa_url: str = "http://127.0.0.1:5005"
    engine_port: int = 5005
    engine_timeout: float = Field(default=10.0, gt=0)
    engine_backlog_handoff_minutes: float = Field(
        default=10,
        gt=0,
        description="messages the engine could not answer for this long are handed to a "
        "person (Slack); they are still answered when the engine is back",
    )
    rasa_venv: Path = PROJECT_ROOT / ".venv-rasa"
    models_dir: Path = PROJECT_ROOT / "models"
    engine_start_timeout: float = 180.0
    engine_tracker_url: str = Field(
        default="",
        description="database of the engine's conversation trackers (Rasa's SQL tracker "
        "store); defaults to SQLite in DATA_DIR/engine/trackers.db",
    )
    engine_tracker_cache_size: int = Field(
        default=1000,
        ge=0,
        le=100_000,
        description="conversations the engine keeps in memory between their messages "
        "(0 = read every tracker back from the database, as plain Rasa does)",
    )
    engine_tracker_cache_ttl_seconds: int = Field(
        default=600, ge=1, description="an idle conversation leaves the engine's memory after"
    )
    retention_days_anonymous: int = Field(
        default=90, ge=0, description="delete never-identified leads idle this long; 0 = never"
    )

    scoring_rules: Path | None = Field(
        default=None, description="YAML scoring rules; the shipped defaults when unset"
    )
    sdr_ready_threshold: float | None = Field(
        default=None, description="overrides the rules file's stages.sdr_ready_threshold"
    )
    # Calibration (docs/console.md#calibration): the threshold applied from it is read again
    # by each worker after THRESHOLD_CACHE_SECONDS; DOMAIN.md's levels are the defaults.
    threshold_cache_seconds: float = Field(default=5, ge=0, description="applied threshold's age")
    calibration_target_low: float = Field(default=0.10, gt=0, lt=1, description="should buy")
    calibration_target_high: float = Field(default=0.15, gt=0, lt=1, description="at most")
    calibration_no_alert: float = Field(default=0.05, ge=0, le=1, description="'no' verdicts")
    calibration_min_sample: int = Field(default=30, ge=1, description="else: no recommendation")
    max_events_per_batch: int = Field(default=1000, gt=0)

    spacy_fr_model: str = Field(
        default="none",
        description="spaCy pipeline whose ORG entities help find French company names "
        "(e.g. fr_core_news_md); 'none' = rules only (measured: no gain, docs/extraction.md)",
    )

    content_dir: Path = Field(
        default=PROJECT_ROOT / "bot" / "content" / "library",
        description="Markdown library the assistant answers from (docs/content.md)",
    )
    content_threshold: float = Field(
        default=0.5, ge=0, le=1, description="below this confidence a question is unanswered"
    )

    slack_bot_token: SecretStr = SecretStr("")
    slack_signing_secret: SecretStr = SecretStr("")
    slack_app_token: SecretStr = Field(default=SecretStr(""), description="Socket Mode")
    slack_handoff_channel: str = ""
    slack_api_url: str = "https://slack.com/api/"
    slack_claim_reminder_minutes: float = Field(default=15, gt=0)
    handoff_verdict_sla_hours: float = Field(default=48, gt=0)
    telegram_bot_token: SecretStr = SecretStr("")
    telegram_api_url: str = Field(
        default="https://api.telegram.org", description="Bot API base URL (tests: a fake)"
    )
    telegram_webhook_url: str = Field(
        default="",
        description="public https URL of /telegram/webhook; unset = long polling",
    )
    telegram_webhook_secret: SecretStr = Field(
        default=SecretStr(""), description="secret token Telegram sends; derived when unset"
    )
    public_url: str = Field(default="", description="the app's public base URL, for links")
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_max_backoff_seconds: float = Field(
        default=600, gt=0, description="longest wait between two attempts of a failing row"
    )
    outbox_lease_seconds: float = Field(
        default=60, gt=0, description="a crashed worker's rows are taken over after this"
    )

    webhook_urls: str = Field(
        default="", description="comma-separated URLs that receive signed events (docs/crm.md)"
    )
    webhook_secret: SecretStr = Field(
        default=SecretStr(""), description="signs every webhook; needed with WEBHOOK_URLS"
    )
    webhook_events: str = Field(
        default="", description="comma-separated event types to send; unset = all of them"
    )
    webhook_max_attempts: int = Field(
        default=20, ge=1, description="a webhook still failing after this many goes dead"
    )
    webhook_update_delay_seconds: float = Field(
        default=30, ge=0, description="lead.updated waits this long, gathering later changes"
    )
    webhook_timeout_seconds: float = Field(default=10, gt=0)
    hubspot_token: SecretStr = Field(
        default=SecretStr(""), description="a HubSpot private app's token (docs/crm.md)"
    )
    hubspot_api_url: str = Field(default="https://api.hubapi.com", description="tests: a fake")
    hubspot_pipeline: str = Field(default="default", description="the pipeline of new deals")
    hubspot_deal_stage: str = Field(
        default="appointmentscheduled", description="the stage of a deal a 'yes' verdict creates"
    )

    max_message_chars: int = Field(default=2000, gt=0)
    max_body_bytes: int = Field(default=1_000_000, gt=0, description="larger requests get 413")

    allowed_origins: str = Field(
        default="",
        description="comma-separated origins of the sites that embed the widget "
        "(https://www.example.com); the app's own origin is always allowed; * allows any",
    )
    rate_limit_visitor_per_minute: float = Field(default=30, gt=0)
    rate_limit_visitor_burst: int = Field(default=20, ge=1)
    rate_limit_ip_per_minute: float = Field(default=300, gt=0)
    rate_limit_ip_burst: int = Field(default=60, ge=1)
    rate_limit_session_per_minute: float = Field(
        default=10, gt=0, description="new widget visitors (POST /api/chat/session) per IP"
    )
    rate_limit_session_burst: int = Field(default=30, ge=1)
    visitor_socket_auth_seconds: float = Field(
        default=5.0, gt=0, le=60, description="the widget's socket proves its visitor within this"
    )
    page_rules: Path | None = Field(
        default=None, description="YAML: which page paths mean something (docs/widget.md)"
    )
    demo_site: bool = Field(default=True, description="serve the demo company's site at /")
    default_language: Literal["fr", "en"] = "en"
    log_level: str = "info"
    api_docs: bool | None = Field(
        default=None,
        description="serve /docs, /redoc and /openapi.json; default: on, except when "
        "ENVIRONMENT=production",
    )
    watchdog_seconds: float = Field(
        default=30,
        ge=0,
        description="`prospect run` restarts the app or the engine when it has not answered "
        "its health check for this long (0 = never)",
    )

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'prospect.db'}"
        if not self.engine_tracker_url:
            if self.database_url.startswith("postgres"):  # the engine's table is `events`
                self.engine_tracker_url = self.database_url
            else:
                self.engine_tracker_url = f"sqlite:///{self.data_dir / 'engine' / 'trackers.db'}"
        if (self.app_workers > 1 or self.engine_workers > 1) and not self.redis_url:
            raise ConfigurationError(
                "APP_WORKERS or ENGINE_WORKERS above 1 need REDIS_URL (live messages between "
                "workers, the engine's lock store): see docs/production.md"
            )
        if self.app_workers > 1 and self.database_url.startswith("sqlite"):
            raise ConfigurationError(
                "APP_WORKERS above 1 need PostgreSQL (DATABASE_URL=postgresql+psycopg://...)"
            )
        if (
            self.app_workers > 1
            and self.telegram_bot_token.get_secret_value()
            and not self.telegram_webhook_url
        ):
            raise ConfigurationError(
                "with several app workers Telegram needs webhook mode (TELEGRAM_WEBHOOK_URL): "
                "long polling allows one poller per bot"
            )
        secret = self.webhook_secret.get_secret_value()
        if self.webhook_urls.strip() and (
            secret.lower() in PLACEHOLDER_SECRETS or len(secret) < 24
        ):
            raise ConfigurationError(
                "WEBHOOK_URLS needs WEBHOOK_SECRET, a random value of at least 24 characters "
                "that the receivers use to check each webhook's signature (docs/crm.md)"
            )
        if self.calibration_target_low > self.calibration_target_high:
            raise ConfigurationError(
                "CALIBRATION_TARGET_LOW must not be above CALIBRATION_TARGET_HIGH"
            )
        if self.environment == "production":
            _require_random("SECRET_KEY", self.secret_key, 32, ", the same for every worker")
            _require_random("ADMIN_TOKEN", self.admin_token, 16)
        return self

    @property
    def origins(self) -> frozenset[str]:
        """The allowed widget origins, normalised (no trailing slash, lower case)."""
        listed = {o.strip().rstrip("/").lower() for o in self.allowed_origins.split(",")}
        if self.public_url:
            listed.add(self.public_url.rstrip("/").lower())
        return frozenset(o for o in listed if o)

    @property
    def docs_enabled(self) -> bool:
        """Whether the interactive API documentation and the schema are served."""
        return self.api_docs if self.api_docs is not None else self.environment != "production"

    @property
    def console_cookies_always_secure(self) -> bool:
        """CONSOLE_COOKIE_SECURE, or its default: `always` in production, else `auto`."""
        chosen = self.console_cookie_secure or (
            "always" if self.environment == "production" else "auto"
        )
        return chosen == "always"

    @property
    def app_url(self) -> str:
        return f"http://{self.app_host}:{self.app_port}"

    @property
    def link_base(self) -> str:
        return (self.public_url or self.app_url).rstrip("/")

    @property
    def action_endpoint_url(self) -> str:
        """Where the engine calls our custom actions."""
        return f"{self.app_url}/webhook"

    def load_scoring_rules(self) -> ScoringRules:
        """The scoring rules, validated; a bad file is a ConfigurationError naming the field."""
        try:
            rules = load_rules(self.scoring_rules)
        except ScoringRulesError as exc:
            raise ConfigurationError(f"SCORING_RULES: {exc}") from exc
        if self.sdr_ready_threshold is not None:
            if self.sdr_ready_threshold < rules.mql_threshold:
                raise ConfigurationError(
                    f"SDR_READY_THRESHOLD ({self.sdr_ready_threshold}) is below the rules' "
                    f"mql_threshold ({rules.mql_threshold})"
                )
            rules = replace(rules, sdr_ready_threshold=self.sdr_ready_threshold)
        return rules

    def calibration_policy(self) -> Policy:
        """The calibration's target, "no" alert level and minimum sample."""
        low, high = self.calibration_target_low, self.calibration_target_high
        return Policy(low, high, self.calibration_no_alert, self.calibration_min_sample)

    def load_page_rules(self) -> PageRules:
        try:
            return load_page_rules(self.page_rules)
        except PageRulesError as exc:
            raise ConfigurationError(f"PAGE_RULES: {exc}") from exc

    def content_search(self) -> ContentSearch:
        """The content index; a missing folder is a ConfigurationError, bad documents are
        logged by the caller and skipped."""
        try:
            return ContentSearch(self.content_dir, threshold=self.content_threshold)
        except ContentError as exc:
            raise ConfigurationError(f"CONTENT_DIR: {exc}") from exc

    def resolved_admin_token(self) -> str:
        """The admin token; in development one is generated once and kept in DATA_DIR."""
        return self._kept_secret(self.admin_token, "admin-token", 24)

    def resolved_secret_key(self) -> str:
        """The server's signing key; in development one is generated once and kept in
        DATA_DIR, so every worker and every restart share it."""
        return self._kept_secret(self.secret_key, "secret-key", 48)

    def derived_secret(self, purpose: str) -> str:
        """A secret for one purpose (the engine's action token, ...), derived from the
        signing key: knowing one reveals neither the key nor the others."""
        key = self.resolved_secret_key().encode()
        return hmac.new(key, f"prospect:{purpose}".encode(), hashlib.sha256).hexdigest()

    def _kept_secret(self, configured: SecretStr, filename: str, size: int) -> str:
        value = configured.get_secret_value()
        if value:
            return value
        path = self.data_dir / filename
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole and private under a temporary name, then linked into place: a second
        # worker starting at once never reads a half-written (empty) file, and the first
        # link wins, so every worker keeps the same value.
        draft = path.with_name(f".{filename}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(size) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
        return path.read_text().strip()
        path = self.data_dir / filename
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(size)
        # Created private, and never overwritten by a second worker starting at once.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(value + "\n")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
