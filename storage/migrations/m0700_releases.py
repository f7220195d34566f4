"""Published results (insights/releases.py): one immutable release per closed round.

- ``invitations`` gain ``erased_key`` (one random number per erased person, so the guard
  still sees the same person across rounds after erasure) and the tenure band and job family
  as of the invitation, so a response
  records what its invitation recorded (group membership frozen at launch). Existing rows are
  filled from the roster with the band cut-offs of this date (frozen here on purpose).
- ``releases`` holds, per round, when it was published, the threshold and rules it was decided
  under and the team tree it was decided on; ``release_cells`` the cells: a shown cell with its
  figures, a hidden cell with nothing but the fact that it is hidden.
- Triggers refuse any UPDATE or DELETE of either table: a release is never rewritten.
- ``guard_rounds`` (saved live decisions, m0610) is dropped: nothing decides live any more.
"""

import sqlite_utils

from storage.connection import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS releases (
    round_id INTEGER PRIMARY KEY,
    published_on TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    rules TEXT NOT NULL,
    tree TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS release_cells (
    round_id INTEGER NOT NULL REFERENCES releases(round_id),
    group_id INTEGER NOT NULL,
    dimension TEXT NOT NULL DEFAULT '',
    band TEXT NOT NULL DEFAULT '',
    invited INTEGER,
    answered INTEGER,
    figures BLOB,
    PRIMARY KEY (round_id, group_id, dimension, band)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS releases_never_change BEFORE UPDATE ON releases BEGIN
    SELECT RAISE(ABORT, 'a published release never changes');
END;
CREATE TRIGGER IF NOT EXISTS releases_never_deleted BEFORE DELETE ON releases BEGIN
    SELECT RAISE(ABORT, 'a published release never changes');
END;
CREATE TRIGGER IF NOT EXISTS release_cells_never_change BEFORE UPDATE ON release_cells BEGIN
    SELECT RAISE(ABORT, 'a published release never changes');
END;
CREATE TRIGGER IF NOT EXISTS release_cells_never_deleted BEFORE DELETE ON release_cells BEGIN
    SELECT RAISE(ABORT, 'a published release never changes');
END;
DROP TABLE IF EXISTS guard_rounds;
"""

BACKFILL = """
UPDATE invitations SET
    job_family = coalesce((SELECT e.job_family FROM employees e
                           WHERE e.id = invitations.employee_id), ''),
    tenure_band = coalesce((
        SELECT CASE
            WHEN julianday(r.opens_on) - julianday(e.start_date) < 365.25 THEN 'Under 1 year'
            WHEN julianday(r.opens_on) - julianday(e.start_date) < 3 * 365.25 THEN '1-3 years'
            ELSE '3+ years' END
        FROM employees e, rounds r
        WHERE e.id = invitations.employee_id AND r.id = invitations.round_id), '')
WHERE tenure_band = '' AND employee_id IS NOT NULL;
"""


def migrate(db: sqlite_utils.Database) -> None:
    columns = {c.name for c in db["invitations"].columns}
    for name in ("tenure_band", "job_family"):
        if name not in columns:
            db.execute(f"ALTER TABLE invitations ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")
    if "erased_key" not in columns:  # a stable stand-in for an erased person (rule 3)
        db.execute("ALTER TABLE invitations ADD COLUMN erased_key INTEGER")
    db.execute(BACKFILL)
    run_script(db, SCHEMA)
