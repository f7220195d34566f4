"""Erlang C: how many agents a phone queue needs for a service level (the M/M/N queue).

Traffic ``A`` in Erlangs is calls per second times the average handle time. With ``N`` agents
(``N > A``) a caller waits with probability

    C(N, A) = N·B / (N − A·(1 − B)),   B = Erlang B(N, A)  (computed by its stable recursion
                                                            B(n) = A·B(n−1) / (n + A·B(n−1)))

and the share answered within ``t`` seconds is ``1 − C·exp(−(N − A)·t / AHT)``; the mean wait
(ASA) is ``C·AHT / (N − A)`` and occupancy ``A / N``. References: A. K. Erlang (1917); G. Koole,
*Call Center Optimization* (2013), ch. 5; the worked example of Call Centre Helper, "Erlang C
formula — made simple" (100 calls in 30 minutes, 180 s handle time, 80 % in 20 s: 14 agents),
which pyworkforce's documentation repeats (tests/workload/test_erlang.py checks both).
"""

from __future__ import annotations

import math

MAX_AGENTS = 10_000


def traffic(calls: float, aht_seconds: float, period_seconds: float) -> float:
    """Offered load in Erlangs: ``calls`` arriving over ``period_seconds``."""
    if period_seconds <= 0:
        raise ValueError("the period must be longer than zero")
    return calls * aht_seconds / period_seconds


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability with ``agents`` servers and no queue."""
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    return b


def erlang_c(agents: int, load: float) -> float:
    """Probability that a caller waits (1 when the agents cannot keep up: ``agents <= load``)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    b = erlang_b(agents, load)
    return agents * b / (agents - load * (1 - b))


def service_level(agents: int, load: float, aht_seconds: float, target_seconds: float) -> float:
    """Share of calls answered within ``target_seconds`` (0..1)."""
    if load <= 0:
        return 1.0
    if agents <= load:
        return 0.0
    wait = erlang_c(agents, load)
    return max(0.0, 1 - wait * math.exp(-(agents - load) * target_seconds / aht_seconds))


def average_speed_of_answer(agents: int, load: float, aht_seconds: float) -> float:
    """Mean wait in seconds (infinite when the agents cannot keep up)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return math.inf
    return erlang_c(agents, load) * aht_seconds / (agents - load)


def occupancy(load: float, agents: float) -> float | None:
    """Share of the agents' time spent handling calls (None without agents)."""
    return None if agents <= 0 else min(1.0, load / agents)


def required_agents(
    load: float,
    aht_seconds: float,
    target_level: float = 0.8,
    target_seconds: float = 20,
    max_occupancy: float = 1.0,
) -> int:
    """The fewest agents that answer ``target_level`` of calls within ``target_seconds`` (and
    keep occupancy at or below ``max_occupancy``)."""
    if load <= 0:
        return 0
    agents = max(1, math.floor(load) + 1, math.ceil(load / max_occupancy))
    while service_level(agents, load, aht_seconds, target_seconds) < target_level:
        agents += 1
        if agents > MAX_AGENTS:
            raise ValueError("the load needs more than 10,000 agents: check the figures")
    return agents
