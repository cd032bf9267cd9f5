"""The console's settings (a part of `bot.settings.Settings`, which inherits them): the
sign-in throttles and lock-out, sessions, cookies. Documented in docs/configuration.md."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings


class ConsoleSettings(BaseSettings):
    console_lockout_failures: int = Field(
        default=5,
        ge=1,
        description="console: sign-in attempts on one account from one address within the "
        "window; past them that address is refused for that account, one more attempt "
        "allowed per window/failures (docs/console.md)",
    )
    console_lockout_minutes: float = Field(
        default=15, gt=0, description="console: the window those attempts count in"
    )
    console_account_lockout_failures: int = Field(
        default=50,
        ge=1,
        description="console: attempts on one account from every address within the window "
        "that lock it for everyone until the window ends (`prospect users unlock EMAIL`)",
    )
    console_sign_in_per_minute: float = Field(
        default=10, gt=0, description="console: sign-in attempts per minute from one address"
    )
    console_session_hours: float = Field(
        default=12, gt=0, description="console: a sign-in lasts this long"
    )
    console_live_minutes: float = Field(
        default=30, gt=0, description="console: a conversation with a message this recent is live"
    )
    console_cookie_secure: Literal["auto", "always"] | None = Field(
        default=None,
        description="console: `always` sends the cookies with the Secure flag whatever the "
        "scheme the app sees (behind a TLS proxy); `auto`, only over https. Default: `always` "
        "when ENVIRONMENT=production, else `auto`",
    )
