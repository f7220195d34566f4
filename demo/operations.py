"""The demo organisation's weekly operational figures (workload/), consistent with its roster
and its stories:

- Billing: a new clinic's claims arrive five weeks before the staffing cut, then two billers
  go at the cut; claims per biller rise by a tenth, then by about a quarter, ahead of the
  survey's burnout slide, with overtime, two frozen vacancies and a rising denial rate.
- Call Centre: staffed each week for its calls (the agents answer 92 % within 20 s before the
  trouble, whatever the centre's size: ``phone_capacity``); the phone system's trouble from
  the fifth week lengthens handle time, so the agents on the phones fall short of what
  Erlang C requires; service level drops below 80 % in
  20 s and abandonment climbs past 5 %.
- Every other team: plausible, steady figures with week-to-week noise.

A random generator of its own keeps the rest of the demo exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

import sqlite_utils

from workload import erlang

FTE_PER_HEAD = 0.94  # some part-timers
PHONE_HOURS = 50.0  # 10 hours a day, five days
PHONE_SHARE = 0.5  # of the call centre's FTE on the phones at any open hour (shrinkage)
# team key -> (volume metric, per FTE per week)
VOLUME = {
    "scheduling": ("appointments_booked", 170.0),
    "call_centre": ("calls_offered", 200.0),
    "front_desk": ("patient_checkins", 190.0),
    "referrals": ("referrals_processed", 55.0),
    "billing": ("claims_submitted", 110.0),
    "coding": ("charts_coded", 160.0),
    "prior_auth": ("auths_requested", 65.0),
    "medical_records": ("records_requests", 40.0),
    "release_of_info": ("records_requests", 55.0),
}


def _ramp(weeks_since: float, weeks_to_full: float) -> float:
    return max(0.0, min(1.0, weeks_since / weeks_to_full))


def build_workload(
    db: sqlite_utils.Database,
    employees: Iterable,
    team_keys: dict[int, str],
    first_monday: dt.date,
    weeks: int,
    today: dt.date,
    seed: int,
) -> None:
    """Insert one row per team, complete week and metric (weeks that ended before ``today``)."""
    rng = random.Random(f"workload-{seed}")
    members: dict[int, list] = {}
    for emp in employees:
        members.setdefault(emp.team_id, []).append(emp)
    rows: list[tuple] = []
    for team_id in sorted(members):
        key = team_keys.get(team_id)
        if key not in VOLUME:
            continue  # departments: their people lead, the work is in the teams
        people = members[team_id]
        start_fte = FTE_PER_HEAD * len([e for e in people if _active(e, first_monday)])
        level = rng.uniform(0.95, 1.05)  # this site's team is a little busier or quieter
        vacancies = rng.choice((0, 0, 1))
        for week in range(weeks):
            monday = first_monday + dt.timedelta(weeks=week)
            if monday + dt.timedelta(days=6) >= today:
                break  # the current week is not complete
            heads = len([e for e in people if _active(e, monday)])
            demand_fte = start_fte
            if key == "call_centre":  # staffed for its calls before the trouble, at any size
                demand_fte = phone_capacity(PHONE_SHARE * FTE_PER_HEAD * heads) / VOLUME[key][1]
            figures = _week(rng, key, week, weeks, heads, demand_fte * level, vacancies)
            rows += [(team_id, monday.isoformat(), m, v) for m, v in figures.items()]
    db.conn.executemany(
        "INSERT INTO workload_figures (team_id, week, metric, value) VALUES (?, ?, ?, ?)", rows
    )


def phone_capacity(agents: float, aht: float = 300.0, level: float = 0.92) -> float:
    """Weekly calls that ``agents`` answer at ``level`` within 20 s: the call centre's demand
    before the phone trouble. Set per agent instead (calls per FTE), a larger centre would
    have the slack of a larger pool (Erlang C) and absorb the trouble its story is about."""
    low, high = 0.0, float(agents)
    for _ in range(40):
        load = (low + high) / 2
        if erlang.service_level(int(agents), load, aht, 20) >= level:
            low = load
        else:
            high = load
    return low * PHONE_HOURS * 3600 / aht


def _active(emp, monday: dt.date) -> bool:
    return emp.start <= monday and not (emp.left and emp.left <= monday)


def _week(
    rng: random.Random,
    key: str,
    week: int,
    weeks: int,
    heads: int,
    demand_fte: float,
    vacancies: int,
) -> dict[str, float]:
    metric, per_fte = VOLUME[key]
    fte = round(heads * FTE_PER_HEAD + rng.uniform(-0.3, 0.3), 1)
    demand = demand_fte * per_fte * rng.gauss(1.0, 0.025)
    overtime_per_fte = max(0.0, rng.gauss(1.0, 0.3))
    out: dict[str, float] = {"fte": max(fte, 0.5), "vacancies": float(vacancies)}
    if key == "billing":
        cut = weeks // 2
        demand *= 1.0 + 0.16 * _ramp(week - (cut - 6), 2)  # a new clinic's claims
        after = week >= cut
        out["vacancies"] = 2.0 if after else 0.0  # the two positions, frozen
        overtime_per_fte += 3.2 * _ramp(week - cut + 1, 3)
        per_biller = demand / out["fte"]
        out["claim_denial_rate"] = round(
            6.5 + 0.05 * max(0.0, per_biller - 110) + rng.gauss(0, 0.4), 1
        )
    if key == "call_centre":
        trouble = _ramp(week - 4, 4)
        aht = 300.0 + 70.0 * trouble + rng.gauss(0, 8)
        agents = round(out["fte"] * PHONE_SHARE, 1)
        calls = round(demand)
        load = erlang.traffic(calls, aht, PHONE_HOURS * 3600)
        level = erlang.service_level(int(agents), load, aht, 20)
        abandoned = round(calls * (0.02 + 0.14 * (1 - level)) * rng.gauss(1.0, 0.05))
        out |= {
            "phone_hours": PHONE_HOURS,
            "agents_staffed": agents,
            "avg_handle_time": round(aht),
            "calls_abandoned": float(abandoned),
            "service_level": round(100 * level, 1),
            "appointments_booked": float(round(0.45 * (calls - abandoned))),
        }
    if key == "prior_auth":
        out["auth_backlog"] = float(max(0, round(rng.gauss(34, 4))))
        out["auth_turnaround"] = round(rng.gauss(2.4, 0.2), 1)
    out[metric] = float(round(demand))
    out["overtime_hours"] = round(overtime_per_fte * out["fte"], 1)
    return out
