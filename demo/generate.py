"""Deterministic generator of a fictional multi-site medical group's back office.

The same ``seed``, size and ``today`` always produce the same database content. The default
size is the demo (one site, about 250 people, a year: 52 weekly pulses and the quarterly
engagement survey in each quarter); benchmarks reuse it at thousands of employees by
repeating the site structure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
import uuid
from dataclasses import dataclass

import sqlite_utils

from demo import comment_bank, people
from demo.actions import build_actions
from demo.operations import build_workload
from demo.stories import WeekMood, team_week
from insights.releases import publish_due
from sentiment.store import score_pending
from storage import seal_closed_rounds, write_transaction
from storage.rollups import rollups_deferred
from surveys import bank, rotation, templates
from surveys.answering import round_questions
from surveys.bands import tenure_band
from surveys.bank import DRIVERS
from surveys.cadence import window_for as cadence_window
from surveys.scales import COMMENT_MAX_CHARS
from surveys.tokens import hash_token

ORG_NAME = "Riverbend Medical Group"
DEFAULT_SEED = 7
DEFAULT_EMPLOYEES = 250
DEFAULT_WEEKS = 52
SITE_SIZE = 250

# department -> [(team key, team name, people in a 160-person site)]
STRUCTURE = [
    (
        "Patient Access",
        [
            ("scheduling", "Scheduling", 22),
            ("call_centre", "Call Centre", 28),
            ("front_desk", "Front Desk", 24),
            ("referrals", "Referrals", 10),
        ],
    ),
    (
        "Revenue Cycle",
        [
            ("billing", "Billing", 20),
            ("coding", "Coding", 14),
            ("prior_auth", "Prior Authorisation", 12),
        ],
    ),
    (
        "Health Information",
        [
            ("medical_records", "Medical Records", 14),
            ("release_of_info", "Release of Information", 4),
        ],
    ),
]
SMALL_TEAMS = {"release_of_info"}
# Departures (``_Builder._departures``): weekly chance of deciding to leave at a latent state
# of 0, how fast it grows as the state falls (x e^1.5 per unit), the state's weekly noise, and
# the weeks from deciding to leaving. About 25-30 % a year, typical of healthcare
# back-office and call-centre roles.
WEEKLY_QUIT_HAZARD = 0.0035
QUIT_SLOPE = 1.5
STATE_NOISE = 0.45
NOTICE_WEEKS = (2, 10)
# Answers (``_Builder._answer``): how an engagement item and a driver item move with the
# latent state x, and a driver item with its team's designed offset (``stories``).
ENGAGEMENT_LOADING = 0.85
DRIVER_LOADING = 0.6
OFFSET_LOADING = 0.9
# A team's designed driver problems lower its engagement too: drivers are causes, as
# key-driver analysis assumes. An offset moves engagement as it would if it were a change of
# the latent state behind that driver's answers (OFFSET / DRIVER loading, translated at the
# engagement loading), the driver being one of the eleven equal causes. With offsets that
# moved driver scores only, a designed problem was between-team variance unrelated to
# engagement, and the larger the problem the less important its driver looked.
DRIVER_PULL = OFFSET_LOADING / DRIVER_LOADING * ENGAGEMENT_LOADING / len(DRIVERS)  # 0.116
DEPARTMENT_STAFF = 2  # a director and an operations analyst per department
VALUES = [
    ("Patient first", "Every task ends with a patient who is helped or kept waiting."),
    ("Teamwork", "We cover for each other and share the load."),
    ("Above and beyond", "Doing more than the job asks when it matters."),
    ("Continuous learning", "Keeping up with payers, systems and rules, and teaching others."),
    ("Mentorship", "Helping colleagues, especially new ones, find their feet."),
    ("Accuracy", "Getting it right the first time saves patients and colleagues time."),
]


@dataclass
class Employee:
    id: int
    team_id: int
    team_key: str
    family: str
    start: dt.date
    left: dt.date | None
    latent: float


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def emp_no(builder: _Builder) -> int:
    return len(builder.employees) + 1


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, int(round(value))))


def _pick(rng: random.Random, weights: dict[str, float]) -> str | None:
    items = [(k, w) for k, w in weights.items() if w > 0]
    if not items:
        return None
    return rng.choices([k for k, _ in items], [w for _, w in items])[0]


class _Builder:
    def __init__(
        self, db: sqlite_utils.Database, employees: int, weeks: int, seed: int, today: dt.date
    ):
        self.db = db
        self.rng = random.Random(seed)
        self.seed = seed
        self.target = employees
        self.weeks = weeks
        self.today = today
        self.first_monday = monday_of(today) - dt.timedelta(weeks=weeks - 1)
        self.employees: list[Employee] = []
        self.team_keys: dict[int, str] = {}
        self.names: set[str] = set()
        # Follow-up answers draw from their own stream, so the actions leave every other
        # answer of the demo as it was.
        self.followup_rng = random.Random(seed + 16)
        # So do the quarterly surveys' invitations and answers (``build_quarterly_rounds``).
        self.quarterly_rng = random.Random(f"quarterly-{seed}")

    # --- organisation -------------------------------------------------------------------
    def build_org(self) -> None:
        sites = max(1, math.ceil(self.target / SITE_SIZE))
        per_site = self.target / sites
        base = sum(size for _, teams in STRUCTURE for _, _, size in teams)
        scale = max(0.2, (per_site - DEPARTMENT_STAFF * len(STRUCTURE)) / base)
        emp_rows, team_rows, leader_rows = [], [], []
        for site in range(sites):
            prefix = "" if sites == 1 else f"Site {site + 1:02d} "
            for department, teams in STRUCTURE:
                dept_id = len(team_rows) + 1
                team_rows.append(
                    {
                        "id": dept_id,
                        "name": prefix + department,
                        "parent_id": None,
                        "description": f"{department} department",
                    }
                )
                self.team_keys[dept_id] = "department"
                members = [(dept_id, "department", DEPARTMENT_STAFF)]
                for key, name, size in teams:
                    team_id = len(team_rows) + 1
                    team_rows.append(
                        {
                            "id": team_id,
                            "name": prefix + name,
                            "parent_id": dept_id,
                            "description": f"{name} ({department})",
                        }
                    )
                    self.team_keys[team_id] = key
                    count = size if key in SMALL_TEAMS else max(5, round(size * scale))
                    members.append((team_id, key, count))
                for team_id, key, count in members:
                    for position in range(count):
                        emp = self._new_employee(team_id, key, position, emp_rows)
                        if position == 0:
                            leader_rows.append({"team_id": team_id, "employee_id": emp.id})
        self._departures(emp_rows)
        self._staffing_cut()
        self.db["teams"].insert_all(team_rows)
        self.db["employees"].insert_all(emp_rows, batch_size=2000)
        for emp in self.employees:
            if emp.left:
                self.db.execute(
                    "UPDATE employees SET status = 'left', left_date = ? WHERE id = ?",
                    [emp.left.isoformat(), emp.id],
                )
        self.db["team_leaders"].insert_all(leader_rows)

    def _new_employee(self, team_id: int, key: str, position: int, rows: list) -> Employee:
        rng = self.rng
        level = 2 if position == 0 else (1 if rng.random() < 0.25 else 0)
        roles = people.ROLES[key]
        first, last = rng.choice(people.FIRST_NAMES), rng.choice(people.LAST_NAMES)
        name = f"{first} {last}"
        initials = iter("ABCDEFGHJKLMNPRSTW")
        while name in self.names:
            initial = next(initials, None)
            name = f"{first} {initial}. {last}" if initial else f"{first} {last} {emp_no(self)}"
        self.names.add(name)
        email = name.lower().replace(" ", ".") + "@riverbend.example"
        history_days = self.weeks * 7
        if rng.random() < 0.12:
            start = self.first_monday + dt.timedelta(days=rng.randrange(0, history_days))
        else:
            years = min(20.0, rng.expovariate(1 / 4.0)) + (2.0 if level == 2 else 0.0)
            start = self.first_monday - dt.timedelta(days=int(years * 365) + 1)
        emp = Employee(
            len(self.employees) + 1,
            team_id,
            key,
            people.JOB_FAMILIES[level],
            start,
            None,  # departures are drawn once the whole roster exists (_departures)
            rng.gauss(0, 0.7),
        )
        self.employees.append(emp)
        rows.append(
            {
                "id": emp.id,
                "name": name,
                "email": email,
                "team_id": team_id,
                "job_role": roles[level],
                "job_family": emp.family,
                "start_date": start.isoformat(),
            }
        )
        return emp

    def _departures(self, rows: list) -> None:
        """Who resigns and when: a weekly hazard that grows as a person's latent state (the
        same ``latent`` and team mood that drive their answers) falls, with weekly noise. It
        never reads a survey figure or the retention signal, so the backtest is not circular.
        Leads stay (they lead the demo's teams). A resignation is backfilled 4-8 weeks later,
        as a real team would, so teams keep their size (and the demo its stories)."""
        rng = random.Random(f"leaving-{self.seed}")
        index = 0
        while index < len(self.employees):  # backfills join the list and may resign too
            emp = self.employees[index]
            index += 1
            if emp.family == "Lead":
                continue
            for week in range(self.weeks):
                monday = self.first_monday + dt.timedelta(weeks=week)
                if monday < emp.start:
                    continue
                mood = team_week(emp.team_key, week, self.weeks)
                state = emp.latent + mood.mood + rng.gauss(0, STATE_NOISE)
                if rng.random() < WEEKLY_QUIT_HAZARD * math.exp(-QUIT_SLOPE * state):
                    # Deciding to go, then searching and serving notice (Mobley 1977: intent,
                    # search, quit) takes weeks: people leave a while after they turn away.
                    day = monday + dt.timedelta(weeks=rng.randint(*NOTICE_WEEKS))
                    day = max(day, emp.start + dt.timedelta(days=14))
                    day += dt.timedelta(days=rng.randrange(0, 5))
                    if day < self.today:
                        emp.left = day
                        self._backfill(emp, day + dt.timedelta(weeks=rng.randint(4, 8)), rows)
                    break

    def _backfill(self, leaver: Employee, start: dt.date, rows: list) -> None:
        if start >= self.today:
            return  # the position is still open
        hire = self._new_employee(leaver.team_id, leaver.team_key, 1, rows)
        level = people.JOB_FAMILIES.index(leaver.family)  # the same position, filled again
        hire.start, hire.family = start, leaver.family
        rows[-1].update(
            start_date=start.isoformat(),
            job_family=leaver.family,
            job_role=people.ROLES[leaver.team_key][level],
        )

    def _staffing_cut(self) -> None:
        """Two Billing positions per site are eliminated at the cut week."""
        cut_day = self.first_monday + dt.timedelta(weeks=self.weeks // 2) - dt.timedelta(days=3)
        by_team: dict[int, list[Employee]] = {}
        for emp in self.employees:
            if emp.team_key == "billing" and emp.family != "Lead" and not emp.left:
                by_team.setdefault(emp.team_id, []).append(emp)
        for members in by_team.values():
            for emp in members[-2:]:
                if emp.start < cut_day:
                    emp.left = cut_day

    # --- surveys ------------------------------------------------------------------------
    def build_surveys(self) -> None:
        bank.sync_bank(self.db)
        template_id = (
            self.db["templates"]
            .insert(
                {
                    "name": "Weekly pulse",
                    "kind": "pulse",
                    "description": "Burnout and eNPS every week, two engagement items and three "
                    "drivers in rotation, one optional comment.",
                }
            )
            .last_pk
        )
        questions = list(
            self.db.query("SELECT id, construct, driver FROM questions ORDER BY rowid")
        )
        self.engagement_pool = [q["id"] for q in questions if q["construct"] == "engagement"]
        first_by_driver: dict[str, str] = {}
        for q in questions:
            if q["construct"] == "driver":
                first_by_driver.setdefault(q["driver"], q["id"])
        self.driver_pool = list(first_by_driver.values())
        self.driver_of = {q["id"]: q["driver"] for q in questions}
        pool = ["burnout", "enps", *self.engagement_pool, *self.driver_pool, "comment"]
        self.db["template_questions"].insert_all(
            {"template_id": template_id, "question_id": qid, "position": i, "required": 0}
            for i, qid in enumerate(pool)
        )
        self.template_id = template_id
        builtin = templates.ensure_builtin_templates(self.db)  # quarterly, onboarding, exit
        self.quarterly_id = builtin[templates.QUARTERLY]

    def _insert_round(
        self,
        template_id: int,
        title: str,
        period: str,
        opens: dt.date,
        closes: dt.date,
        question_ids: list[str],
    ) -> int:
        """A round for everyone and the questions it asks, in order."""
        round_id = (
            self.db["rounds"]
            .insert(
                {
                    "template_id": template_id,
                    "title": title,
                    "period": period,
                    "opens_on": opens.isoformat(),
                    "closes_on": closes.isoformat(),
                    "audience": "all",
                }
            )
            .last_pk
        )
        self.db.conn.executemany(
            "INSERT INTO round_questions (round_id, question_id, position, required) "
            "VALUES (?, ?, ?, 0)",
            [(round_id, q, i) for i, q in enumerate(question_ids)],
        )
        return round_id

    def build_rounds(self) -> None:
        response_rows, answer_rows, comment_rows, invitation_rows = [], [], [], []
        for week in range(self.weeks):
            opens = self.first_monday + dt.timedelta(weeks=week)
            closes = opens + dt.timedelta(days=4)
            year, iso_week, _ = opens.isocalendar()
            qids = rotation.pulse_question_ids(
                rotation.week_index(opens), self.engagement_pool, self.driver_pool
            )
            round_id = self._insert_round(
                self.template_id,
                f"Weekly pulse, week of {opens:%d %b %Y}",
                f"{year}-W{iso_week:02d}",
                opens,
                closes,
                qids,
            )
            in_progress = closes >= self.today
            moods: dict[int, WeekMood] = {}
            followups: dict[int, list[str]] = {}
            for emp in self.employees:
                if emp.start > opens or (emp.left and emp.left <= opens):
                    continue
                mood = moods.get(emp.team_id)
                if mood is None:
                    mood = moods[emp.team_id] = team_week(
                        self.team_keys[emp.team_id], week, self.weeks
                    )
                chance = 0.74 + mood.participation + (emp.latent * 0.05)
                chance = max(0.55, min(0.88, chance)) * (0.55 if in_progress else 1.0)
                answered = self.rng.random() < chance
                token = f"demo-{self.rng.getrandbits(96):024x}"
                band = tenure_band(emp.start, opens)  # frozen at invitation
                invitation_rows.append(
                    (round_id, emp.id, emp.team_id, band, emp.family, hash_token(token))
                    + (int(answered),)
                )
                if not answered:
                    continue
                latest = min(closes, self.today)
                day = opens + dt.timedelta(days=self.rng.randrange(0, (latest - opens).days + 1))
                response_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
                response_rows.append(
                    (response_id, round_id, emp.team_id, band, emp.family, day.isoformat())
                )
                x = emp.latent + mood.mood + self.rng.gauss(0, 0.45)
                for qid in qids:
                    value = self._answer(qid, x, mood)
                    if value is not None:
                        answer_rows.append((response_id, qid, value))
                if emp.team_id not in followups:
                    followups[emp.team_id] = [
                        q.id
                        for q in round_questions(self.db, round_id, emp.team_id)
                        if q.id not in qids and not q.is_comment
                    ]
                for qid in followups[emp.team_id]:
                    if self.followup_rng.random() >= 0.03:
                        value = _clip(3.9 + 0.7 * x + self.followup_rng.gauss(0, 0.7), 1, 5)
                        answer_rows.append((response_id, qid, value))
                if self.rng.random() < 0.25:
                    comment_rows.append((response_id, self._comment(x, mood)))
            if len(answer_rows) > 400_000:
                self._flush(invitation_rows, response_rows, answer_rows, comment_rows)
        self._flush(invitation_rows, response_rows, answer_rows, comment_rows)

    def _answer(
        self, qid: str, x: float, mood: WeekMood, rng: random.Random | None = None
    ) -> int | None:
        rng = rng or self.rng
        if qid == "comment":
            return None
        if rng.random() < 0.03:  # a skipped question
            return None
        if qid == "burnout":
            return _clip(1.8 - 0.75 * x + mood.burnout + rng.gauss(0, 0.6), 1, 5)
        if qid == "enps":
            return _clip(7.6 + 1.9 * x + rng.gauss(0, 1.1), 0, 10)
        driver = self.driver_of.get(qid)
        if driver:
            offset = mood.drivers.get(driver, 0.0)
            value = 3.7 + DRIVER_LOADING * x + OFFSET_LOADING * offset
            return _clip(value + rng.gauss(0, 0.7), 1, 5)
        pull = DRIVER_PULL * sum(mood.drivers.values())
        return _clip(3.9 + ENGAGEMENT_LOADING * x + pull + rng.gauss(0, 0.6), 1, 5)

    def _comment(self, x: float, mood: WeekMood, rng: random.Random | None = None) -> str:
        rng = rng or self.rng
        if rng.random() < 0.004:
            return rng.choice(comment_bank.RED_FLAG)
        negative = {k: float(w) for k, w in mood.negative_themes.items()} or {
            k: 1.0 for k in comment_bank.NEGATIVE
        }
        positive = {k: float(w) for k, w in mood.positive_themes.items()} or {
            k: 1.0 for k in comment_bank.POSITIVE
        }
        if x < -0.4:
            neg = rng.choice(comment_bank.NEGATIVE[_pick(rng, negative)])
            if rng.random() < 0.3:
                pos = rng.choice(comment_bank.POSITIVE[_pick(rng, positive)])
                return f"{pos.rstrip('.')} but {neg[0].lower()}{neg[1:]}"
            if rng.random() < 0.4:
                return f"{neg} {rng.choice(comment_bank.NEGATIVE[_pick(rng, negative)])}"
            return neg
        if x > 0.5:
            text = rng.choice(comment_bank.POSITIVE[_pick(rng, positive)])
            if rng.random() < 0.3:
                text += " " + rng.choice(comment_bank.POSITIVE[_pick(rng, positive)])
            return text[:COMMENT_MAX_CHARS]
        if rng.random() < 0.5:
            return rng.choice(comment_bank.NEUTRAL)
        return rng.choice(comment_bank.NEGATIVE[_pick(rng, negative)])

    def build_quarterly_rounds(self) -> None:
        """The quarterly engagement survey (the built-in template: every question of the bank)
        in each quarter of the history, on the window its cadence opens (first Monday of the
        quarter, 14 days). Answers follow the pulses' latent model (person latent + team mood
        + driver offsets of the week answered) but draw from their own stream, so every pulse
        answer, departure and nomination of the demo stays as it was."""
        rng = self.quarterly_rng
        cadence = next(
            self.db.query(
                "SELECT kind, weekday, open_days FROM survey_cadences WHERE template_id = ?",
                [self.quarterly_id],
            )
        )
        qids = [
            row["question_id"]
            for row in self.db.query(
                "SELECT question_id FROM template_questions WHERE template_id = ? "
                "ORDER BY position",
                [self.quarterly_id],
            )
        ]
        windows = []
        first = dt.date(self.first_monday.year, (self.first_monday.month - 1) // 3 * 3 + 1, 1)
        while first <= self.today:
            window = cadence_window(cadence, templates.QUARTERLY, first + dt.timedelta(days=6))
            if window and self.first_monday <= window.opens_on <= self.today:
                windows.append(window)
            first = dt.date(first.year + first.month // 10, (first.month + 2) % 12 + 1, 1)
        rows: tuple[list, list, list, list] = ([], [], [], [])
        invitation_rows, response_rows, answer_rows, comment_rows = rows
        for window in windows:
            round_id = self._insert_round(
                self.quarterly_id,
                window.title,
                window.period,
                window.opens_on,
                window.closes_on,
                qids,
            )
            opens, closes = window.opens_on, window.closes_on
            in_progress = closes >= self.today
            latest = min(closes, self.today)
            for emp in self.employees:
                if emp.start > opens or (emp.left and emp.left <= opens):
                    continue
                opening = team_week(emp.team_key, self._week(opens), self.weeks)
                chance = 0.74 + opening.participation + (emp.latent * 0.05)
                chance = max(0.55, min(0.88, chance)) * (0.55 if in_progress else 1.0)
                answered = rng.random() < chance
                token = f"demo-quarterly-{rng.getrandbits(96):024x}"
                band = tenure_band(emp.start, opens)
                invitation_rows.append(
                    (round_id, emp.id, emp.team_id, band, emp.family, hash_token(token))
                    + (int(answered),)
                )
                if not answered:
                    continue
                day = opens + dt.timedelta(days=rng.randrange(0, (latest - opens).days + 1))
                mood = team_week(emp.team_key, self._week(day), self.weeks)
                response_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                response_rows.append(
                    (response_id, round_id, emp.team_id, band, emp.family, day.isoformat())
                )
                x = emp.latent + mood.mood + rng.gauss(0, 0.45)
                for qid in qids:
                    value = self._answer(qid, x, mood, rng)
                    if value is not None:
                        answer_rows.append((response_id, qid, value))
                if rng.random() < 0.25:
                    comment_rows.append((response_id, self._comment(x, mood, rng)))
        self._flush(*rows)

    def _week(self, day: dt.date) -> int:
        """The history's week (0-based) that ``day`` falls in."""
        return min(self.weeks - 1, max(0, (day - self.first_monday).days // 7))

    def _flush(self, invitations: list, responses: list, answers: list, comments: list) -> None:
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO invitations (round_id, employee_id, team_id, tenure_band, "
            "job_family, token_hash, used) VALUES (?, ?, ?, ?, ?, ?, ?)",
            invitations,
        )
        conn.executemany(
            "INSERT INTO responses (id, round_id, team_id, tenure_band, job_family, "
            "submitted_on) VALUES (?, ?, ?, ?, ?, ?)",
            responses,
        )
        conn.executemany(
            "INSERT INTO answers (response_id, question_id, value) VALUES (?, ?, ?)", answers
        )
        conn.executemany("INSERT INTO comments (response_id, text) VALUES (?, ?)", comments)
        for rows in (invitations, responses, answers, comments):
            rows.clear()

    # --- recognition --------------------------------------------------------------------
    def build_recognition(self) -> None:
        rng = self.rng
        value_ids = {
            name: self.db["org_values"].insert({"name": name, "description": d}).last_pk
            for name, d in VALUES
        }
        nominations, links = [], []
        per_week = max(2, round(len(self.employees) * 0.025))
        for week in range(self.weeks):
            monday = self.first_monday + dt.timedelta(weeks=week)
            active = [
                e for e in self.employees if e.start <= monday and not (e.left and e.left <= monday)
            ]
            if len(active) < 2:
                continue
            moods = {key: team_week(key, week, self.weeks) for key in {e.team_key for e in active}}
            cum_weights = list(
                itertools.accumulate(moods[e.team_key].recognition_weight for e in active)
            )
            by_team: dict[int, list[Employee]] = {}
            for emp in active:
                by_team.setdefault(emp.team_id, []).append(emp)
            for _ in range(per_week):
                nominee = rng.choices(active, cum_weights=cum_weights)[0]
                same_team = [e for e in by_team[nominee.team_id] if e is not nominee]
                pool = same_team if same_team and rng.random() < 0.7 else active
                nominator = rng.choice(pool)
                if nominator is nominee:
                    continue
                day = monday + dt.timedelta(days=rng.randrange(0, 5))
                if day > self.today:
                    continue
                stamp = dt.datetime.combine(day, dt.time(rng.randrange(8, 17), rng.randrange(60)))
                nomination_id = len(nominations) + 1
                nominations.append(
                    {
                        "id": nomination_id,
                        "nominator_id": nominator.id,
                        "nominee_id": nominee.id,
                        "message": rng.choice(comment_bank.NOMINATION_MESSAGES),
                        "visibility": "public" if rng.random() < 0.85 else "private",
                        "created_at": stamp.isoformat(timespec="minutes"),
                    }
                )
                chosen = {"Mentorship"} if nominee.team_key == "medical_records" else set()
                chosen |= set(rng.sample(list(value_ids), rng.choice((1, 1, 2))))
                links += [
                    {"nomination_id": nomination_id, "value_id": value_ids[v]}
                    for v in sorted(chosen)
                ]
        self.db["nominations"].insert_all(nominations)
        self.db["nomination_values"].insert_all(links)

    def build_settings(self) -> None:
        self.db["settings"].upsert_all(
            [
                {"key": "org_name", "value": ORG_NAME},
                {"key": "anonymity_threshold", "value": "5"},
                {
                    "key": "demo_generated",
                    "value": json.dumps(
                        {
                            "employees": len(self.employees),
                            "weeks": self.weeks,
                            "today": self.today.isoformat(),
                        }
                    ),
                },
            ],
            pk="key",
        )


def generate_demo(
    db: sqlite_utils.Database,
    employees: int = DEFAULT_EMPLOYEES,
    weeks: int = DEFAULT_WEEKS,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
) -> None:
    """Fill an empty, migrated database with the demo organisation in one transaction, then
    leave its closed rounds at rest (``seal_closed_rounds``)."""
    if db["employees"].exists() and db["employees"].count:
        raise ValueError("generate_demo needs an empty database; use reset_demo to replace it")
    builder = _Builder(db, employees, weeks, seed, today or dt.date.today())
    db.execute("PRAGMA cache_size = -262144")  # 256 MiB while bulk-loading random keys
    with write_transaction(db):
        builder.build_settings()
        builder.build_org()
        builder.build_surveys()
        build_actions(db, builder.team_keys, builder.first_monday, builder.weeks)
        with rollups_deferred(db):
            builder.build_rounds()
            builder.build_quarterly_rounds()
        builder.build_recognition()
        build_workload(
            db,
            builder.employees,
            builder.team_keys,
            builder.first_monday,
            weeks,
            builder.today,
            seed,
        )
        score_pending(db, batch_size=2000)
        publish_due(db, builder.today)  # closed rounds' results, as the cadence job would
    # Closed rounds at rest (rows in random order), as the cadence job leaves them: left to
    # the first backup, start-up or publication, each copy of the demo paid it again (1 s).
    seal_closed_rounds(db, builder.today)
