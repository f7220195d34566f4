"""Sealing an open round's responses with a key held outside the data folder.

While a round is open, a response's team, tenure band, job family, day, answers and comment
are stored as one AES-GCM blob (``sealed_responses``, migration m0990) instead of rows of
``responses``/``answers``/``comments``: a copy of the data folder taken during the round shows
that someone answered (``invitations.used``) and an opaque blob per response, nothing that
ties an answer to the team, or the band within a team, where only one or a few have answered.
Publishing the round (``insights.releases.publish``) opens the blobs with the key and inserts
the rows, which it then coarsens as before.

The key is 32 random bytes in ``$VITALS_SEAL_KEY_FILE`` (default
``$XDG_CONFIG_HOME/vitals/seal.key``, else ``~/.config/vitals/seal.key``), created with mode
0600 on the first seal; a key file inside the database's folder is refused, since a copy of
that folder would then carry the key with it. Lose the key and the open rounds' responses
cannot be published: back it up, apart from the data folder (docs/PRIVACY.md).

Opening never creates a key and never deletes anything: a missing or wrong key raises
``SealError`` and leaves every blob where it was.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.connection import StorageError, database_path

KEY_ENV = "VITALS_SEAL_KEY_FILE"
KEY_BYTES = 32
_VERSION = b"\x01"
_NONCE_BYTES = 12
# Every blob one length: 8 KiB holds the longest comment (1000 characters, at most 4 bytes each
# in UTF-8) beside every answer of a full survey. With 256-byte steps, a long comment's blob (an
# emoji's, a flagged one's) had a length of its own, which after publication pointed at the one
# comment of that length (redteam/attack_sealed_blob_sizes.py).
_PAD_TO = 8192


class SealError(StorageError):
    """A blob that cannot be sealed or opened: missing, wrong or misplaced key, or damage."""


def key_path() -> Path:
    """Where the sealing key lives (``$VITALS_SEAL_KEY_FILE``, else the user's config dir)."""
    configured = os.environ.get(KEY_ENV)
    if configured:
        return Path(configured).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config).expanduser() / "vitals" / "seal.key"


def _refuse_inside_data_folder(path: Path, db_path: Path | None) -> None:
    folder = (db_path or database_path()).expanduser().resolve().parent
    resolved = path.expanduser().resolve()
    if resolved == folder or folder in resolved.parents:
        raise SealError(
            f"The sealing key {path} is inside the database's folder {folder}: a copy of the "
            f"folder would carry the key. Set {KEY_ENV} to a file elsewhere."
        )


# Keys already read and checked, by (key file, database): a publication opens every blob of
# a round, and reading and checking the file each time was most of an ``unseal``. The file's
# identity (inode, mtime) is still looked at on every call, so a key removed or replaced is
# noticed at once.
_checked: dict[tuple[Path, Path], tuple[int, int, bytes]] = {}


def load_key(create: bool = False, db_path: Path | None = None) -> bytes:
    """The key; with ``create``, made on first use (mode 0600). Raises ``SealError``."""
    path = key_path()
    where = (path, db_path or database_path())
    try:
        found = path.stat()
    except FileNotFoundError:
        found = None
    known = _checked.get(where)
    if found and known and known[:2] == (found.st_ino, found.st_mtime_ns):
        return known[2]
    _refuse_inside_data_folder(path, db_path)
    if not path.exists():
        if not create:
            raise SealError(
                f"No sealing key at {path} ({KEY_ENV}): the open rounds' responses cannot be "
                "opened without the key they were sealed with. Restore it from its backup; "
                "nothing was changed."
            )
        _create(path)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise SealError(f"The sealing key {path} is not {KEY_BYTES} bytes long.")
    found = path.stat()
    _checked[where] = (found.st_ino, found.st_mtime_ns, key)
    return key


def _create(path: Path) -> None:
    """Write a fresh key atomically: two processes racing both end up with the same key."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)  # fails if another process made the key first: keep theirs
        except FileExistsError:
            pass
    finally:
        temp.unlink(missing_ok=True)


def seal(payload: dict, context: str = "", db_path: Path | None = None) -> bytes:
    """``payload`` (JSON-able) encrypted and authenticated; ``context`` (the row's id and
    round) is bound to the blob, so a blob moved to another row does not open."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = data.encode()
    data += b" " * (-len(data) % _PAD_TO)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    key = load_key(create=True, db_path=db_path)
    return _VERSION + nonce + AESGCM(key).encrypt(nonce, data, context.encode())


def unseal(blob: bytes, context: str = "", db_path: Path | None = None) -> dict:
    """The payload of a blob; ``SealError`` if the key is missing or wrong or the blob damaged."""
    key = load_key(create=False, db_path=db_path)
    blob = bytes(blob)
    if not blob.startswith(_VERSION) or len(blob) < 1 + _NONCE_BYTES + 16:
        raise SealError("A sealed response is damaged (unknown format); nothing was changed.")
    nonce, body = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
    try:
        data = AESGCM(key).decrypt(nonce, body, context.encode())
    except InvalidTag as error:
        raise SealError(
            f"A sealed response does not open with the key at {key_path()}: it is the wrong "
            "key, or the blob was altered. Restore the key it was sealed with; nothing was "
            "changed."
        ) from error
    return json.loads(data)


def check_key_opens_sealed(db) -> None:
    """Before sealing another response: the key must open a blob sealed already, if any.

    ``seal`` makes a key when there is none, so a key file missing mid-round (a server moved
    without it, another ``$HOME`` or ``$VITALS_SEAL_KEY_FILE``) used to start a second key: the
    round's blobs under two keys, it could not be published with either, not even once the
    old key was back. Now the submission raises ``SealError`` (nothing stored, its link stays
    unused) until the key is restored. Opening one blob costs microseconds."""
    row = db.execute("SELECT id, round_id, blob FROM sealed_responses LIMIT 1").fetchone()
    if row is not None:
        unseal(row[2], response_context(row[0], row[1]), db_file(db))


def published_code_hash(code_hash: str, db_path: Path | None = None) -> str:
    """What a reply code's hash becomes when its round is published: keyed with the seal key,
    so a copy taken while the round was open (the plain hash, beside a blob) and a copy taken
    after (this, beside the published response) cannot be matched without the key (red team:
    the unchanged hash bridged a person, named by their used link between two copies, to
    their whole published response)."""
    key = load_key(create=False, db_path=db_path)
    return hmac.new(key, b"reply-code:" + code_hash.encode("ascii"), hashlib.sha256).hexdigest()


def seal_flag(flag_id: str, fields: dict, db_path: Path | None = None) -> str:
    """An open round's red flag (text, categories, note) as sealed hex for ``open_red_flags``.
    In the clear, its text and categories, and later its review note, appeared between two
    copies beside one used link and again beside the published response: a bridge from the
    person to their answers (red team, redteam/attack_sealed_red_flag_bridge.py)."""
    return seal(fields, f"flag:{flag_id}", db_path).hex()


def unseal_flag(flag_id: str, sealed: str, db_path: Path | None = None) -> dict:
    return unseal(bytes.fromhex(sealed), f"flag:{flag_id}", db_path)


def response_context(response_id: str, round_id: int) -> str:
    return f"response:{response_id}:round:{int(round_id)}"


def db_file(db) -> Path | None:
    """The database file of a connection (None in memory)."""
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    return Path(path) if path else None


def stored_responses(db, round_ids: list[int] | None = None) -> int:
    """Responses stored in either form (all rounds, or ``round_ids``): sealed while their
    round is open, rows once it is published. What "stored exactly once" counts."""
    where, params = "", []
    if round_ids is not None:
        where = f" WHERE round_id IN ({','.join('?' * len(round_ids))})"
        params = list(round_ids)
    return db.execute(
        f"SELECT (SELECT count(*) FROM responses{where}) + "
        f"(SELECT count(*) FROM sealed_responses{where})",
        params * 2,
    ).fetchone()[0]
