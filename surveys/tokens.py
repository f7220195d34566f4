"""One-time personal-link tokens: the person gets the token, the database keeps only its hash."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24


def new_token() -> str:
    """A URL-safe random token with 192 bits of entropy."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 is enough: tokens are long and random, so there is nothing to brute-force."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
