"""Storing analyses and (re)scoring in batches.

``score_comment`` is cheap enough for the submission path and joins the caller's transaction
(as a savepoint). ``score_pending`` scores every comment that has no score or one from an older
lexicon, a batch per transaction, so an interrupted run loses at most one batch and the next
run carries on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from sentiment.analysis import Analysis, analyse
from sentiment.engine import lexicon_version
from storage import write_transaction

Progress = Callable[[int, int], None]
STALE = "stale"


def save_analysis(db: sqlite_utils.Database, response_id: str, analysis: Analysis) -> None:
    """Replace the stored results of one comment (red flags keep their reviewed mark)."""
    with write_transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO comment_scores (response_id, compound, label, scored, "
            "reason, lexicon_version, attention, attention_p, vader_compound) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                response_id,
                analysis.compound,
                analysis.label,
                int(analysis.scored),
                analysis.reason,
                analysis.lexicon_version,
                *_attention_values(analysis),
            ],
        )
        db.execute("DELETE FROM comment_sentences WHERE response_id = ?", [response_id])
        db.execute("DELETE FROM comment_themes WHERE response_id = ?", [response_id])
        db.conn.executemany(
            "INSERT INTO comment_sentences "
            "(response_id, idx, text_start, text_end, compound, themes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (response_id, index, s.start, s.end, s.compound, " ".join(s.themes))
                for index, s in enumerate(analysis.sentences)
            ],
        )
        db.conn.executemany(
            "INSERT INTO comment_themes (response_id, theme, compound) VALUES (?, ?, ?)",
            [(response_id, theme, compound) for theme, compound in analysis.themes.items()],
        )
        flags = list(analysis.red_flags)
        placeholders = ",".join("?" * len(flags)) or "''"
        db.execute(
            f"DELETE FROM red_flags WHERE response_id = ? AND category NOT IN ({placeholders})",
            [response_id, *flags],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO red_flags (response_id, category) VALUES (?, ?)",
            [(response_id, flag) for flag in flags],
        )


def _attention_values(analysis: Analysis) -> tuple[str, float | None, float | None]:
    """attention, attention_p, vader_compound (NULLs for text that was not scored)."""
    if not analysis.scored:
        return analysis.attention, None, None
    return analysis.attention, analysis.attention_p, analysis.vader_compound


def score_comment(db: sqlite_utils.Database, response_id: str, text: str | None = None) -> Analysis:
    """Analyse one comment and store the result; reads the text when not given."""
    if text is None:
        row = db.execute(
            "SELECT text FROM comments WHERE response_id = ?", [response_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"No comment for response {response_id}")
        text = row[0]
    analysis = analyse(text)
    save_analysis(db, response_id, analysis)
    return analysis


def score_nomination(db: sqlite_utils.Database, nomination_id: int, message: str) -> Analysis:
    """Score a recognition message (no red-flag queue: nominations are not anonymous)."""
    analysis = analyse(message)
    with write_transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO nomination_scores (nomination_id, compound, label, scored, "
            "themes, lexicon_version, attention, attention_p, vader_compound) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                nomination_id,
                analysis.compound,
                analysis.label,
                int(analysis.scored),
                " ".join(analysis.themes),
                analysis.lexicon_version,
                *_attention_values(analysis),
            ],
        )
    return analysis


_PENDING_COMMENTS = """
    FROM comments c LEFT JOIN comment_scores s ON s.response_id = c.response_id
    WHERE s.response_id IS NULL OR s.lexicon_version != :version
"""
_PENDING_NOMINATIONS = """
    FROM nominations n LEFT JOIN nomination_scores s ON s.nomination_id = n.id
    WHERE s.nomination_id IS NULL OR s.lexicon_version != :version
"""


def count_pending(db: sqlite_utils.Database) -> int:
    """Comments and nomination messages without a score from the current lexicon."""
    version = {"version": lexicon_version()}
    comments = db.execute("SELECT count(*)" + _PENDING_COMMENTS, version).fetchone()[0]
    nominations = db.execute("SELECT count(*)" + _PENDING_NOMINATIONS, version).fetchone()[0]
    return comments + nominations


def score_pending(
    db: sqlite_utils.Database,
    batch_size: int = 200,
    progress: Progress | None = None,
    max_batches: int | None = None,
) -> int:
    """Score what is missing or outdated, one transaction per batch; returns how many were scored.

    ``max_batches`` stops early (tests use it to simulate an interruption).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    version = lexicon_version()
    total = count_pending(db)
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = db.execute(
            "SELECT c.response_id, c.text"
            + _PENDING_COMMENTS
            + " ORDER BY c.response_id LIMIT :limit",
            {"version": version, "limit": batch_size},
        ).fetchall()
        kind = "comment"
        if not rows:
            rows = db.execute(
                "SELECT n.id, n.message" + _PENDING_NOMINATIONS + " ORDER BY n.id LIMIT :limit",
                {"version": version, "limit": batch_size},
            ).fetchall()
            kind = "nomination"
        if not rows:
            break
        with write_transaction(db):
            for key, text in rows:
                if kind == "comment":
                    save_analysis(db, key, analyse(text))
                else:
                    score_nomination(db, key, text)
        done += len(rows)
        batches += 1
        if progress is not None:
            progress(done, max(total, done))
    return done


def rescore_all(
    db: sqlite_utils.Database,
    batch_size: int = 200,
    progress: Progress | None = None,
    force: bool = False,
    max_batches: int | None = None,
) -> int:
    """Rescore after a lexicon change; ``force`` also redoes rows of the current version.

    Forcing first marks every stored score stale in one transaction, so an interrupted forced
    run resumes as an ordinary one.
    """
    if force:
        with write_transaction(db):
            db.execute("UPDATE comment_scores SET lexicon_version = ?", [STALE])
            db.execute("UPDATE nomination_scores SET lexicon_version = ?", [STALE])
    return score_pending(db, batch_size=batch_size, progress=progress, max_batches=max_batches)


def comment_view(db: sqlite_utils.Database, response_ids: list[str]) -> list[dict]:
    """What a leader may read of comments the privacy guard already allowed: masked text,
    label, score, needs attention (complaint/request/praise/other; None if not yet scored)
    and theme sentiments. Text is masked here so no caller can forget to."""
    from sentiment.masking import masker, roster_names

    if not response_ids:
        return []
    mask = masker(roster_names(db))
    marks = ",".join("?" * len(response_ids))
    rows = db.execute(
        "SELECT c.response_id, c.text, s.label, s.compound, s.scored, s.attention "
        "FROM comments c "
        "LEFT JOIN comment_scores s ON s.response_id = c.response_id "
        f"WHERE c.response_id IN ({marks}) ORDER BY c.response_id",
        response_ids,
    ).fetchall()
    themes: dict[str, dict[str, float]] = {}
    for response_id, theme, compound in db.execute(
        f"SELECT response_id, theme, compound FROM comment_themes WHERE response_id IN ({marks})",
        response_ids,
    ):
        themes.setdefault(response_id, {})[theme] = compound
    return [
        {
            "response_id": response_id,
            "text": mask(text),
            "label": label,
            "compound": compound,
            "scored": bool(scored) if scored is not None else False,
            "attention": attention,
            "themes": themes.get(response_id, {}),
        }
        for response_id, text, label, compound, scored, attention in rows
    ]
