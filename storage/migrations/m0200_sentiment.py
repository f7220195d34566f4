"""Sentiment results for comments and nomination messages, and the HR red-flag queue.

Every table is keyed by the comment's response id and stored WITHOUT ROWID with no timestamp,
like ``responses``, so neither row order nor a scoring time can reveal when someone answered.
``lexicon_version`` says which lexicon and rules produced a score; rows with an older version
are picked up by ``python -m sentiment rescore``.
"""

import sqlite_utils

SCHEMA = """
CREATE TABLE IF NOT EXISTS comment_scores (
    response_id TEXT PRIMARY KEY REFERENCES comments(response_id) ON DELETE CASCADE,
    compound REAL NOT NULL CHECK (compound BETWEEN -1 AND 1),
    label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive', 'mixed')),
    scored INTEGER NOT NULL CHECK (scored IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    lexicon_version TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_comment_scores_version ON comment_scores(lexicon_version);
CREATE TABLE IF NOT EXISTS comment_sentences (
    response_id TEXT NOT NULL REFERENCES comments(response_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    text_start INTEGER NOT NULL,
    text_end INTEGER NOT NULL,
    compound REAL NOT NULL,
    themes TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comment_themes (
    response_id TEXT NOT NULL REFERENCES comments(response_id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    compound REAL NOT NULL,
    PRIMARY KEY (response_id, theme)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_comment_themes_theme ON comment_themes(theme);
CREATE TABLE IF NOT EXISTS red_flags (
    response_id TEXT NOT NULL REFERENCES comments(response_id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    reviewed INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
    PRIMARY KEY (response_id, category)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nomination_scores (
    nomination_id INTEGER PRIMARY KEY REFERENCES nominations(id) ON DELETE CASCADE,
    compound REAL NOT NULL CHECK (compound BETWEEN -1 AND 1),
    label TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive', 'mixed')),
    scored INTEGER NOT NULL CHECK (scored IN (0, 1)),
    themes TEXT NOT NULL DEFAULT '',
    lexicon_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_nomination_scores_version ON nomination_scores(lexicon_version);
"""


def migrate(db: sqlite_utils.Database) -> None:
    # One statement at a time, as written in 2026 (sqlite-utils 4.x `executescript` keeps the
    # runner's transaction open too). Frozen: a migration is never rewritten.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
