"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Checked when no account has the address, so a wrong address costs as long as a wrong
# password and the answer's timing does not tell which addresses exist.
_DUMMY = _hasher.hash("no such account: the same work as a real check")
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when `password` matches the hash `stored`; None checks against a dummy hash."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)
