"""Console accounts: adding a user, signing in with a lock-out, sessions.

A session is a random token: the browser's cookie holds it (signed, `cookies`), the
`console_sessions` table only its SHA-256, so a copy of the database opens no session.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password
from bot.console.roles import Role
from bot.db.models import ConsoleSession, User
from bot.errors import ProspectError
from bot.leads.scoring import aware


class AccountError(ProspectError, ValueError):
    """An account cannot be created as asked (a taken address, a short password...)."""


class SignInRefused(ProspectError):
    """Wrong address or password, or the account is locked for a while. The message says
    nothing about which, so it tells an attacker nothing about the addresses that exist."""


@dataclass(frozen=True)
class Lockout:
    failures: int  # failed sign-ins within `window` that lock the account
    window: timedelta  # and how long it stays locked


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def add_user(session: AsyncSession, *, email: str, role: str, password: str) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise AccountError(f"not an email address: {email!r}")
    if role not in set(Role):
        raise AccountError(f"role must be one of {', '.join(Role)}, not {role!r}")
    if len(password) < MIN_LENGTH:
        raise AccountError(f"the password must have at least {MIN_LENGTH} characters")
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"a user with the address {email} already exists")
    user = User(email=email, role=role, password_hash=hash_password(password))
    session.add(user)
    await session.flush()
    return user


REFUSED = "wrong email or password, or the account is locked for a while"


def _locked(user: User, now: datetime) -> bool:
    return user.locked_until is not None and aware(user.locked_until) > now


async def _count_attempt(
    session: AsyncSession, user_id: int, now: datetime, lockout: Lockout
) -> int:
    """Count this attempt in the database before the password is checked, in one statement,
    and commit it: parallel attempts each get their own number, so none slips past the limit
    (a count read, checked and written back from memory would let 30 concurrent tries through).
    Returns the attempts within the window, this one included."""
    fresh = or_(User.first_failed_at.is_(None), User.first_failed_at < now - lockout.window)
    counted = (
        update(User)
        .where(User.id == user_id)
        .values(
            failed_sign_ins=case((fresh, 1), else_=User.failed_sign_ins + 1),
            first_failed_at=case((fresh, now), else_=User.first_failed_at),
        )
        .returning(User.failed_sign_ins)
        .execution_options(synchronize_session=False)
    )
    count = int(await session.scalar(counted) or 0)
    await session.commit()
    return count


async def sign_in(
    session: AsyncSession, *, email: str, password: str, now: datetime, lockout: Lockout
) -> User:
    """The user, or `SignInRefused`. Every attempt is counted (and committed) before the
    password is checked; past `lockout.failures` within the window, or while `locked_until`
    holds, even the right password is refused. A success resets the count. A password is
    always verified, even for an unknown address or a locked account, so the time taken
    tells nothing about which addresses exist."""
    user_id = await session.scalar(select(User.id).where(User.email == normalise_email(email)))
    if user_id is None:
        await asyncio.to_thread(verify_password, None, password)  # as long as a real check
        raise SignInRefused(REFUSED)
    count = await _count_attempt(session, user_id, now, lockout)
    user = await session.get(User, user_id, populate_existing=True)
    assert user is not None
    if count > lockout.failures or _locked(user, now):
        await asyncio.to_thread(verify_password, None, password)  # as long as a real check
        raise SignInRefused(REFUSED)
    # argon2 takes tens of milliseconds of CPU: off the event loop.
    if not await asyncio.to_thread(verify_password, user.password_hash, password):
        raise SignInRefused(REFUSED)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_sign_ins, user.first_failed_at, user.locked_until = 0, None, None
    user.last_sign_in_at = now
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(
    session: AsyncSession, user: User, *, now: datetime, lasts: timedelta
) -> str:
    """A new session for `user`; returns its token (for the cookie, never stored)."""
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(user_id=user.id, token_hash=_digest(token), expires_at=now + lasts))
    await session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    return token


async def session_user(session: AsyncSession, token: str, *, now: datetime) -> User | None:
    """The user a live session token belongs to, else None."""
    row = await session.scalar(
        select(ConsoleSession).where(ConsoleSession.token_hash == _digest(token))
    )
    if row is None or aware(row.expires_at) <= now:
        return None
    return await session.get(User, row.user_id)


async def close_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _digest(token)))


async def count_users(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(User)) or 0)


class NoSuchUser(AccountError):
    """No account has this address."""


async def _user(session: AsyncSession, email: str) -> User:
    user = await session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise NoSuchUser(f"no user has the address {normalise_email(email)}")
    return user


async def remove_user(session: AsyncSession, email: str) -> None:
    """Delete the account and its sessions (signed out everywhere at once)."""
    user = await _user(session, email)
    await session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))
    await session.delete(user)


async def unlock_user(session: AsyncSession, email: str) -> None:
    """End the account-wide lock-out and forget its count of attempts."""
    user = await _user(session, email)
    user.failed_sign_ins, user.first_failed_at, user.locked_until = 0, None, None


async def reset_password(session: AsyncSession, email: str, password: str) -> None:
    """A new password; every session of the account ends, and the lock-out with them."""
    if len(password) < MIN_LENGTH:
        raise AccountError(f"the password must have at least {MIN_LENGTH} characters")
    user = await _user(session, email)
    user.password_hash = hash_password(password)
    await unlock_user(session, email)
    await session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))
