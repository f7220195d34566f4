"""Erlang C against published worked examples and the textbook formula."""

import math
from fractions import Fraction

import pytest

from workload import erlang


def erlang_c_by_factorials(agents: int, load: int) -> float:
    """The textbook form, in exact rationals: (A^N/N!) / (A^N/N! + (1 - A/N)·Σ_{k<N} A^k/k!)."""
    a = Fraction(load)
    top = a**agents / math.factorial(agents)
    rest = sum(a**k / math.factorial(k) for k in range(agents))
    return float(top / (top + (1 - a / agents) * rest))


def test_call_centre_helper_example_needs_fourteen_agents():
    # Call Centre Helper, "Erlang C formula - made simple" (also pyworkforce's README):
    # 100 calls in 30 minutes, 180 s handle time, 80 % answered in 20 s.
    load = erlang.traffic(100, 180, 30 * 60)
    assert load == 10.0
    # With 11 agents the probability of waiting is 68.21 %.
    assert erlang.erlang_c(11, load) == pytest.approx(0.6821, abs=1e-4)  # published to 4 places
    assert erlang.required_agents(load, 180, 0.8, 20) == 14
    # pyworkforce README for 14 raw positions: service level 0.8883, occupancy 0.7143,
    # waiting probability 0.1741.
    assert erlang.service_level(14, load, 180, 20) == pytest.approx(
        0.8883, abs=1e-4
    )  # published to 4 places
    assert erlang.occupancy(load, 14) == pytest.approx(0.7143, abs=1e-4)  # published to 4 places
    assert erlang.erlang_c(14, load) == pytest.approx(0.1741, abs=1e-4)  # published to 4 places
    # 13 agents fall just short of the target.
    assert erlang.service_level(13, load, 180, 20) < 0.8


@pytest.mark.parametrize("agents,load", [(11, 10), (14, 10), (55, 48), (120, 100), (3, 1)])
def test_stable_recursion_equals_the_factorial_formula(agents, load):
    assert erlang.erlang_c(agents, load) == pytest.approx(erlang_c_by_factorials(agents, load))


def test_average_speed_of_answer_follows_the_waiting_probability():
    load = erlang.traffic(360, 240, 30 * 60)  # 48 Erlangs
    wait = erlang.erlang_c(55, load)
    assert erlang.average_speed_of_answer(55, load, 240) == pytest.approx(wait * 240 / 7)


@pytest.mark.parametrize("agents", [5, 10])
def test_too_few_agents_never_meet_any_level(agents):
    assert erlang.erlang_c(agents, 10.0) == 1.0
    assert erlang.service_level(agents, 10.0, 180, 20) == 0.0
    assert erlang.average_speed_of_answer(agents, 10.0, 180) == math.inf


def test_no_calls_need_no_agents_and_an_occupancy_cap_adds_agents():
    assert erlang.required_agents(0.0, 180) == 0
    # At 10 Erlangs, 85 % occupancy needs at least ceil(10 / 0.85) = 12 agents; the service
    # level already needs 14. At 50 % it is the cap that binds.
    assert erlang.required_agents(10.0, 180, max_occupancy=0.85) == 14
    assert erlang.required_agents(10.0, 180, max_occupancy=0.5) == 20


def test_service_level_rises_with_every_agent():
    levels = [erlang.service_level(n, 10.0, 180, 20) for n in range(11, 25)]
    assert levels == sorted(levels) and levels[-1] > 0.999
