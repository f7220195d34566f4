"""Password hashing with argon2id (argon2-cffi). Clear passwords are never stored or logged.

Production uses argon2-cffi's recommended parameters (RFC 9106 low-memory profile). Setting
``VITALS_FAST_HASHING=1`` (the test suite does) switches to a cheap profile so tests stay quick;
hashes made either way verify either way because parameters are stored inside each hash.
"""

from __future__ import annotations

import functools
import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12


class WeakPassword(ValueError):
    """A new password that does not meet the policy; the message says why."""


def _hasher() -> PasswordHasher:
    if os.environ.get("VITALS_FAST_HASHING") == "1":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    check_policy(password)
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; False for a mismatch or a missing/corrupt hash."""
    if not password_hash or not password:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash(fast: bool) -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def dummy_hash() -> str:
    """A hash of a random password with today's parameters, for logins that do not exist:
    checking against it costs what checking a real account costs, and never matches."""
    return _dummy_hash(os.environ.get("VITALS_FAST_HASHING") == "1")


def rehash(password: str) -> str:
    """A fresh hash with current parameters for a password that just verified (no policy check:
    it may predate the policy)."""
    return _hasher().hash(password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Use at least {MIN_LENGTH} characters.")
    if password.strip() != password:
        raise WeakPassword("A password cannot start or end with spaces.")


def one_time_password() -> str:
    """A random password to hand over once (about 96 bits)."""
    return secrets.token_urlsafe(12)
