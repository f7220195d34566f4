"""The data folder at rest: the pairing and ordering attacks of issue 13, run on real copies.

* **Pairing**: read the WAL frame by frame; in each commit, the invitation index entry that
  turned ``used = 1`` (it holds the employee id) and the response id that appeared are the
  same person's.
* **Ordering**: walk the ``responses`` b-tree and the invitations index in a copy of the
  database file; within a page, a lower cell offset means a later insert, which orders the
  responses and the people who answered. Concordance with the true order is 1.0 when the
  attack works and about 0.5 when the order is random.

Both must fail after a round closes and on backups; while a round is open only the
submissions since its last mix (``VITALS_MIX_MINUTES``) are ordered, and none are paired
once the submission's checkpoint has run.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import struct
import uuid
from itertools import combinations
from pathlib import Path

import pytest

from accounts.backup import backup_database
from insights.releases import publish_due
from storage import at_rest, connect, seal_closed_rounds
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates

MONDAY, WEDNESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 25)
PEOPLE = 30
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INDEX = "idx_invitations_round_used_employee"
SEALED = "sealed_responses"  # an open round's responses (storage/seal.py)


# --- the attacker's tools: SQLite's file format, read by hand --------------------------------


def varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")


def record(data: bytes, at: int) -> list:
    """Decode a record's integer and text fields (enough for the tables attacked here)."""
    header_size, pos = varint(data, at)
    types, end = [], at + header_size
    while pos < end:
        serial, pos = varint(data, pos)
        types.append(serial)
    values, body = [], end
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    for serial in types:
        if serial in (8, 9):
            values.append(serial - 8)
        elif serial in sizes:
            n = sizes[serial]
            values.append(int.from_bytes(data[body : body + n], "big", signed=True) if n else None)
            body += n
        else:
            n = (serial - 12) // 2 if serial >= 12 else 0
            values.append(data[body : body + n])
            body += n
    return values


def cells(page: bytes, first_page: bool = False) -> tuple[int, list[int]]:
    """(page type, cell offsets in pointer-array order) of one b-tree page."""
    head = 100 if first_page else 0
    kind = page[head]
    count = struct.unpack(">H", page[head + 3 : head + 5])[0]
    array = head + (12 if kind in (2, 5) else 8)
    return kind, [
        struct.unpack(">H", page[array + 2 * i : array + 2 * i + 2])[0] for i in range(count)
    ]


def leaf_pages(data: bytes, page_size: int, root: int) -> list[tuple[int, bytes]]:
    """The leaf pages of one b-tree, walking from its root page."""
    pages, stack = [], [root]
    while stack:
        number = stack.pop()
        page = data[(number - 1) * page_size : number * page_size]
        kind, offsets = cells(page, number == 1)
        if kind in (10, 13):
            pages.append((number, page))
            continue
        head = 100 if number == 1 else 0
        stack.append(struct.unpack(">I", page[head + 8 : head + 12])[0])
        stack.extend(struct.unpack(">I", page[o : o + 4])[0] for o in offsets)
    return pages


def roots(path: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0"))
    finally:
        conn.close()


def offset_order(path: Path, table: str = SEALED) -> tuple[list[list[str]], list[list[int]]]:
    """What the ordering attack infers from one database file: per page, response ids (of
    ``table``: an open round's sealed blobs, or the published responses) and the employees
    who used their invitation, oldest insert first."""
    data = path.read_bytes()
    page_size = struct.unpack(">H", data[16:18])[0] or 65536
    tree = roots(path)
    responses = []
    root = tree.get(table) or tree[f"sqlite_autoindex_{table}_1"]
    for _, page in leaf_pages(data, page_size, root):
        found = [(o, UUID.search(page, o, o + 64)) for o in cells(page)[1]]
        responses.append([m.group().decode() for o, m in sorted(found, reverse=True) if m])
    people = []
    for number, page in leaf_pages(data, page_size, tree[INDEX]):
        entries = []
        for offset in cells(page, number == 1)[1]:
            _, start = varint(page, offset)
            round_id, used, employee, *_ = record(page, start)
            if used == 1:
                entries.append((offset, employee))
        people.append([e for _, e in sorted(entries, reverse=True)])
    return responses, people


def concordance(pages: list[list], truth: list) -> float:
    """Share of same-page pairs the attacker orders as they really happened (1.0 = exact)."""
    rank = {item: i for i, item in enumerate(truth)}
    pairs = [
        (rank[a], rank[b])
        for page in pages
        for a, b in combinations([x for x in page if x in rank], 2)
    ]
    assert len(pairs) >= 40, "too few pairs for the attack to say anything"
    return sum(a < b for a, b in pairs) / len(pairs)


def wal_pairs(path: Path, round_id: int) -> list[tuple[int, str]]:
    """The pairing attack: (employee, response id) for each WAL commit that adds exactly one
    used invitation and one response. Starts from what the database file already holds."""
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size < 32:
        return []
    data = path.read_bytes()
    seen_ids = set(UUID.findall(data))
    seen_people = {e for page in offset_order(path)[1] for e in page}
    log = wal.read_bytes()
    page_size = struct.unpack(">I", log[8:12])[0]
    salts = log[16:24]
    pairs, frames, at = [], [], 32
    while at + 24 + page_size <= len(log):
        header, page = log[at : at + 24], log[at + 24 : at + 24 + page_size]
        at += 24 + page_size
        if header[8:16] != salts:
            break
        frames.append(page)
        if struct.unpack(">I", header[4:8])[0] == 0:
            continue  # not a commit frame yet
        ids = {i for p in frames for i in UUID.findall(p)} - seen_ids
        people = set()
        for page_image in frames:
            try:
                kind, offsets = cells(page_image)
            except struct.error:  # not a b-tree page (a sealed blob's overflow page)
                continue
            if kind != 10:
                continue
            for offset in offsets:
                try:
                    _, start = varint(page_image, offset)
                    values = record(page_image, start)
                except (IndexError, struct.error):
                    continue
                if len(values) == 5 and values[:2] == [round_id, 1] and isinstance(values[2], int):
                    people.add(values[2])
        people -= seen_people
        if len(ids) == 1 and len(people) == 1:
            pairs.append((next(iter(people)), next(iter(ids)).decode()))
        seen_ids |= ids
        seen_people |= people
        frames = []
    return pairs


# --- the organisation and its round -----------------------------------------------------------


@pytest.fixture
def org(db):
    templates = ensure_builtin_templates(db)
    db["teams"].insert({"id": 1, "name": "Billing", "parent_id": None})
    db["employees"].insert_all(
        [
            {
                "id": i,
                "name": f"Person {i}",
                "email": f"p{i}@x.example",
                "team_id": 1,
                "job_family": "Staff",
                "start_date": "2020-01-06",
            }
            for i in range(1, PEOPLE + 1)
        ]
    )
    round_id = create_round(
        db, templates["Weekly pulse"], MONDAY, MONDAY + dt.timedelta(days=4), actor="test"
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the round was set up before anyone answered
    return db, round_id


ORDER = random.Random(13).sample(range(1, PEOPLE + 1), PEOPLE)  # who answers when


def answer(db, round_id: int, people: list[int]) -> list[str]:
    return [
        submit_as_employee(db, e, round_id, {"enps": e % 11}, f"fine week {e}", today=WEDNESDAY)
        for e in people
    ]


def copy_folder(source: Path, target: Path) -> Path:
    """A plain file copy of the database and its WAL, as a backup tool or snapshot takes it."""
    target.mkdir()
    for path in source.parent.iterdir():
        if path.name.startswith(source.name) and not path.name.endswith("writelock"):
            shutil.copy(path, target / path.name)
    return target / source.name


def plaintext_rows(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sum(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("responses", "answers", "comments")
        )
    finally:
        conn.close()


def test_the_attacks_work_on_the_old_storage(org, isolated_database, tmp_path, monkeypatch):
    """Without the at-rest measures both attacks pair and order every response: they are
    real attacks, so their failing below means something."""
    db, round_id = org
    monkeypatch.setattr(at_rest, "after_submission", lambda *a, **k: None)
    monkeypatch.setattr("surveys.answering.after_submission", lambda *a, **k: None)
    ids = answer(db, round_id, ORDER)
    copy = copy_folder(isolated_database, tmp_path / "copy")
    pairs = wal_pairs(copy, round_id)  # each used invitation beside its sealed blob's id
    assert len(pairs) >= PEOPLE - 1
    assert all(ids[ORDER.index(employee)] == response for employee, response in pairs)
    # Plaintext responses inserted one by one, as submissions stored them before sealing
    # (and as the demo generator and test builders still do).
    plain = [str(uuid.uuid4()) for _ in ORDER]
    for response_id in plain:
        db.execute(
            "INSERT INTO responses (id, round_id, team_id, tenure_band, job_family, "
            "submitted_on) VALUES (?, ?, 1, '', '', ?)",
            [response_id, round_id, WEDNESDAY.isoformat()],
        )
        db.conn.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = copy_folder(isolated_database, tmp_path / "after-checkpoint")
    responses, _ = offset_order(copy, "responses")
    assert concordance(responses, plain) == 1.0
    # (The invitation index is often defragmented into key order once its page fills, so
    # ordering people from it works only on young databases; it is checked below anyway.)


def test_while_open_nothing_is_in_the_clear_and_nothing_pairs(org, isolated_database, tmp_path):
    db, round_id = org
    answer(db, round_id, ORDER[:15])
    # MIX_MINUTES pass: the next submission mixes everything since the last mix.
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=at_rest.MIX_MINUTES + 1)).isoformat()
    db.execute("UPDATE round_at_rest SET mixed_at = ? WHERE round_id = ?", [past, round_id])
    db.conn.commit()
    answer(db, round_id, ORDER[15:])
    copy = copy_folder(isolated_database, tmp_path / "open")
    assert wal_pairs(copy, round_id) == []
    assert Path(f"{copy}-wal").stat().st_size == 0
    # The responses are sealed blobs (storage/seal.py): no rows to order or to join. The
    # blobs' own ids change when the round is published.
    assert plaintext_rows(copy) == 0
    _, people = offset_order(copy)
    assert 0.2 < concordance(people, ORDER[:16]) < 0.8


def test_after_close_and_in_backups_nothing_pairs_or_orders(org, isolated_database, tmp_path):
    db, round_id = org
    sealed_ids = answer(db, round_id, ORDER)
    # A backup while the round is still open orders nothing either.
    backup = backup_database(isolated_database, tmp_path / "open-backup.db", today=WEDNESDAY)
    _, people = offset_order(backup)
    assert plaintext_rows(backup) == 0
    assert 0.2 < concordance(people, ORDER) < 0.8
    assert not Path(f"{backup}-wal").exists()
    versions = db.execute("SELECT * FROM round_versions").fetchall()
    rollups = db.execute("SELECT * FROM response_counts ORDER BY 1, 2, 3, 4").fetchall()
    closed_on = MONDAY + dt.timedelta(days=5)
    assert seal_closed_rounds(db, closed_on) == [round_id]
    copy = copy_folder(isolated_database, tmp_path / "closed")
    assert wal_pairs(copy, round_id) == []
    _, people = offset_order(copy)
    assert 0.2 < concordance(people, ORDER) < 0.8
    # Mixing moved bytes only: rollups and change counters untouched.
    assert db.execute("SELECT * FROM round_versions").fetchall() == versions
    assert db.execute("SELECT * FROM response_counts ORDER BY 1, 2, 3, 4").fetchall() == rollups
    # Published: the rows go in in a random order under fresh ids, with every answer and score.
    assert publish_due(db, closed_on) == [round_id]
    copy = copy_folder(isolated_database, tmp_path / "published")
    assert wal_pairs(copy, round_id) == []
    by_comment = dict(db.execute("SELECT text, response_id FROM comments").fetchall())
    ids = [by_comment[f"fine week {e}"] for e in ORDER]  # in the order they were submitted
    assert not set(ids) & set(sealed_ids)
    assert 0.2 < concordance(offset_order(copy, "responses")[0], ids) < 0.8
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == PEOPLE
    assert db.execute("SELECT count(*) FROM comment_scores").fetchone()[0] == PEOPLE
    assert db.execute("SELECT count(*) FROM sealed_responses").fetchone()[0] == 0
    assert seal_closed_rounds(db, MONDAY + dt.timedelta(days=6)) == []  # once only
    closed = backup_database(isolated_database, tmp_path / "closed-backup.db")
    assert 0.2 < concordance(offset_order(closed, "responses")[0], ids) < 0.8
    reopened = connect(closed)
    assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened.close()


# --- joining: a response's team against the used invitations of that team ------------------


def candidate(team: int, label: int, shown: set[int], way_up: list[int]) -> bool:
    """Could a response carrying ``label`` be this used invitation's? A shown label stands
    for everyone whose first shown group on the way up it is; any other label for its own
    team's members (and 0, the organisation, for those with no shown group at all)."""
    first_shown = next((g for g in way_up if g in shown), None)
    if label in shown:
        return first_shown == label
    return team == label or (label == 0 and first_shown is None)


def joinable_sets(db, k: int) -> dict[tuple[int, int | None], int]:
    """For every (round, team on the response) of a published round: how many people a copy
    holder can narrow its responses down to. Computed from the tables alone: the people who
    used an invitation of that round in a team at or under the response's team, less those
    in teams under a shown subgroup (their responses would carry the subgroup)."""
    out = {}
    for (round_id,) in db.execute("SELECT round_id FROM releases"):
        parent = dict(
            db.execute(
                "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                "FROM releases, json_each(releases.tree) WHERE round_id = ?",
                [round_id],
            )
        )
        shown = {
            g
            for (g,) in db.execute(
                "SELECT group_id FROM release_cells WHERE round_id = ? AND dimension = '' "
                "AND figures IS NOT NULL",
                [round_id],
            )
        }

        def chain(team, parent=parent):
            while team:
                yield team
                team = parent.get(team, 0)
            yield 0

        used = db.execute(
            "SELECT coalesce(team_id, 0) FROM invitations WHERE round_id = ? AND used = 1",
            [round_id],
        ).fetchall()
        labels = {
            r[0] or 0
            for r in db.execute("SELECT team_id FROM responses WHERE round_id = ?", [round_id])
        }
        for label in labels:
            out[(round_id, label)] = sum(
                1 for (team,) in used if candidate(team, label, shown, list(chain(team)))
            )
    return out


def test_published_responses_join_to_at_least_k_people(demo_db):
    """Issue 12: a copy of the data folder joined ``responses.team_id`` to the used
    invitations of the same round and team and named the author of every response of a
    team where one person answered (46 demo responses). Once published, a response carries
    only the group its comments are listed under, so the join narrows it to k or more."""
    sizes = joinable_sets(demo_db, k=5)
    assert len(sizes) > 100  # every published round, several groups each
    assert min(sizes.values()) >= 5
    # The per-team counters were recounted at the same level: sums of rows above, no more.
    for table in ("measure_counts", "response_counts"):
        labels = set(
            demo_db.execute(f"SELECT round_id, team_id FROM {table} JOIN releases USING (round_id)")
        )
        assert labels and labels <= set(sizes)
    assert (
        demo_db.execute(
            "SELECT count(*) FROM response_counts JOIN releases USING (round_id) "
            "WHERE tenure_band <> '' OR job_family <> ''"
        ).fetchone()[0]
        == 0
    )


# --- what a published round keeps (red team, issue 12) --------------------------------------


def test_a_round_fewer_than_k_answered_keeps_nothing_but_red_flags_once_published(db):
    """Red team: a new starter's 30-day check-in invites one person; joined by round alone,
    the sealed response was theirs. A round fewer than k answered is shown in no form, so
    once published its responses go, but for a comment awaiting the red-flag queue."""
    from insights.releases import publish_due
    from tests.insights.builders import add_people, add_round, add_team, answer

    team = add_team(db, "Billing")
    people = add_people(db, team, 8)
    round_id = add_round(db, 0)
    answer(db, round_id, people[0], {"burnout": 5}, comment="My manager ignores me.")
    flagged = answer(db, round_id, people[1], {"burnout": 4}, comment="He threatened me.")
    db.execute("INSERT INTO red_flags (response_id, category) VALUES (?, 'threats')", [flagged])
    day_after = dt.date.fromisoformat(
        db.execute("SELECT closes_on FROM rounds WHERE id = ?", [round_id]).fetchone()[0]
    ) + dt.timedelta(days=1)
    assert publish_due(db, day_after) == [round_id]
    kept = db.execute("SELECT id FROM responses WHERE round_id = ?", [round_id]).fetchall()
    assert kept == [(flagged,)]
    assert db.execute("SELECT text FROM comments").fetchall() == [("He threatened me.",)]
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0
    # Participation still counts both (who, not what).
    used = db.execute("SELECT sum(used) FROM invitations WHERE round_id = ?", [round_id])
    assert used.fetchone()[0] == 2


def test_published_responses_keep_the_rounds_opening_day_only(demo_db):
    """Red team: the day of answering against the audit log's sign-in times named the one
    person who answered on a quiet day."""
    late = demo_db.execute(
        "SELECT count(*) FROM responses r JOIN rounds d ON d.id = r.round_id "
        "JOIN releases USING (round_id) WHERE r.submitted_on <> d.opens_on"
    ).fetchone()[0]
    assert late == 0
    open_days = demo_db.execute(
        "SELECT count(DISTINCT r.submitted_on) FROM responses r "
        "WHERE r.round_id NOT IN (SELECT round_id FROM releases)"
    ).fetchone()[0]
    assert open_days > 1  # the open round keeps its days until it is published


def test_a_follow_up_answer_of_a_hidden_team_goes_once_published(db):
    """Red team: an action's follow-up is asked of one team only, so in a copy it told which
    team a response came from, whatever group publishing gave it (one coder answered)."""
    from actions.plans import create_action, update_action
    from insights.releases import publish_due
    from org.access import viewer_for_employee
    from surveys.answering import open_pulses, submit_as_employee
    from surveys.rounds import create_round
    from surveys.templates import ensure_builtin_templates
    from tests.insights.builders import add_people, add_team

    templates = ensure_builtin_templates(db)
    db.execute("UPDATE survey_cadences SET active = 0")
    department = add_team(db, "Revenue Cycle")
    coding, billing = add_team(db, "Coding", department), add_team(db, "Billing", department)
    coders, billers = add_people(db, coding, 6), add_people(db, billing, 12)
    db["team_leaders"].insert({"team_id": coding, "employee_id": coders[0]})
    leader = viewer_for_employee(db, coders[0])
    done = dt.date(2026, 11, 13)
    action = create_action(
        db, leader, coding, "Second screens", "engagement", "automation", "Lead", done,
        today=dt.date(2026, 11, 2),
    )  # fmt: skip
    update_action(db, leader, action, today=done, status="done")
    monday = dt.date(2026, 11, 16)
    round_id = create_round(
        db, templates["Weekly pulse"], monday, monday + dt.timedelta(days=4), actor="t"
    )
    pulse = next(p for p in open_pulses(db, coders[3], today=monday) if p.round_id == round_id)
    followup = next(q.id for q in pulse.rated if q.id.startswith("followup_"))
    submit_as_employee(db, coders[3], round_id, {followup: 1, "burnout": 5}, today=monday)
    for person in billers:
        submit_as_employee(db, person, round_id, {"burnout": 3}, today=monday)
    assert db.execute("SELECT count(*) FROM answers WHERE question_id = ?", [followup]).fetchone()
    publish_due(db, monday + dt.timedelta(days=5))
    assert (
        db.execute("SELECT count(*) FROM answers WHERE question_id = ?", [followup]).fetchone()[0]
        == 0
    )
    assert (
        db.execute("SELECT count(*) FROM answers WHERE question_id = 'burnout'").fetchone()[0] == 13
    )  # the rest of the round is kept


def test_a_checkpoint_kept_back_by_a_reader_finishes_once_it_lets_go(
    org, isolated_database, tmp_path, monkeypatch
):
    """Red team (redteam/attack_wal_checkpoint_behind_reader.py): a reader of an older
    snapshot (a heavy page, a backup of a large database) made the submission's checkpoint
    give up, and the WAL paired the person with their blob until the next write, all night
    after the evening's last submission. The checkpoint is now retried until it finishes."""
    import sqlite3
    import time

    monkeypatch.setattr(at_rest, "CHECKPOINT_WAIT_MS", 100)
    monkeypatch.setattr(at_rest, "RETRY_SECONDS", 0.05)
    db, round_id = org
    answer(db, round_id, ORDER[:3])
    reader = sqlite3.connect(isolated_database)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM invitations").fetchone()
    answer(db, round_id, ORDER[3:4])
    assert Path(f"{isolated_database}-wal").stat().st_size > 0  # the reader holds it back
    reader.rollback()
    reader.close()
    for _ in range(100):
        if Path(f"{isolated_database}-wal").stat().st_size == 0:
            break
        time.sleep(0.05)
    copy = copy_folder(isolated_database, tmp_path / "night")
    assert wal_pairs(copy, round_id) == []
    assert Path(f"{copy}-wal").stat().st_size == 0
