"""The console's cookies, signed with HMAC-SHA256 under a key derived from SECRET_KEY.

- `prospect_session`: a session token (`accounts`), signed, so a forged cookie is refused
  before the database is asked.
- `prospect_csrf`: a random nonce, set on the first page. Every form carries
  `csrf = HMAC(nonce + session token)`; a POST without the matching value is refused (403).
  A page of another site can neither read the nonce nor compute the value (and SameSite=Lax
  keeps the session cookie off its cross-site POSTs anyway).

Both are HttpOnly and SameSite=Lax, and Secure when the console is served over https.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SESSION_COOKIE = "prospect_session"
CSRF_COOKIE = "prospect_csrf"
LANGUAGE_COOKIE = "prospect_lang"


class Signer:
    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def _mac(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def sign(self, value: str) -> str:
        return f"{value}.{self._mac(value)}"

    def unsign(self, signed: str | None) -> str | None:
        """The value of a cookie we signed, else None."""
        if not signed or "." not in signed:
            return None
        value, _, mac = signed.rpartition(".")
        return value if hmac.compare_digest(mac, self._mac(value)) else None

    def csrf_token(self, nonce: str, session_token: str | None) -> str:
        return self._mac(f"csrf:{nonce}:{session_token or ''}")

    def csrf_ok(self, nonce: str | None, session_token: str | None, sent: str | None) -> bool:
        if not nonce or not sent:
            return False
        return hmac.compare_digest(self.csrf_token(nonce, session_token), sent)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)
