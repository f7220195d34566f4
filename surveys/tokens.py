"""One-time personal-link tokens: the person gets the token, the database keeps only its hash.

An invitation may have several links (the first email, the reminder, a links CSV): each adds
a hash, none replaces another (``invitation_tokens``, m0850), so whichever link a person
clicks still opens their pulse. ``invitations.used`` makes all of them single-use together.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlite_utils

TOKEN_BYTES = 24

# The invitation a token hash belongs to: the hash made with the invitation or any added later.
INVITATION_BY_HASH = (
    "i.id IN (SELECT id FROM invitations WHERE token_hash = ? "
    "UNION ALL SELECT invitation_id FROM invitation_tokens WHERE token_hash = ?)"
)


def new_token() -> str:
    """A URL-safe random token with 192 bits of entropy."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 is enough: tokens are long and random, so there is nothing to brute-force."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(db: sqlite_utils.Database, invitation_id: int) -> str:
    """A further link for an invitation; earlier links keep working. Call inside a transaction."""
    token = new_token()
    db.execute(
        "INSERT INTO invitation_tokens (token_hash, invitation_id) VALUES (?, ?)",
        [hash_token(token), invitation_id],
    )
    return token
