"""Needs attention beside polarity (issue 19): what the comment asks of a leader.

``comment_scores.attention`` is complaint / request / praise / other, from the attention model;
``attention_p`` is the model's probability for it; ``vader_compound`` keeps the engine's compound
before the attention correction (``compound`` and ``label`` hold the corrected values, so a calm
complaint counts negative wherever the label or compound is read). Existing rows get 'other' and
NULLs and are rescored (the lexicon version changed with the model). Column checks make the
migration idempotent; SQLite's ADD COLUMN keeps the CHECK.
"""

import sqlite_utils

COLUMNS = {
    "attention": (
        "TEXT NOT NULL DEFAULT 'other' "
        "CHECK (attention IN ('complaint', 'request', 'praise', 'other'))"
    ),
    "attention_p": "REAL CHECK (attention_p BETWEEN 0 AND 1)",
    "vader_compound": "REAL CHECK (vader_compound BETWEEN -1 AND 1)",
}


def migrate(db: sqlite_utils.Database) -> None:
    for table in ("comment_scores", "nomination_scores"):
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name, definition in COLUMNS.items():
            if name not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_comment_scores_attention ON comment_scores(attention)"
    )
