"""The privacy guard's rules, each attacked the way a reader of the pages could attack it.

The attacker sees every figure the guard lets through (group sizes and any statistic, which
are sums over respondents) and combines them with coefficients -1, 0 or +1. An attack wins
when a combination isolates a set of respondents with between 1 and k-1 people.
"""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights.guard import (
    RESPONSES,
    AtomIndex,
    Cell,
    Population,
    Published,
    could_isolate,
    could_isolate_by_sum,
    decide,
    group_sizes,
    shown_cells,
    shown_groups,
)
from org.tree import ROOT, TeamTree

K = 5


def attack(tree: TeamTree, direct: dict[int, int], shown: set[int], k: int = K):
    """Smallest group an attacker can isolate by adding and subtracting shown figures."""
    atoms = [n for n in tree.nodes if direct.get(n, 0)]
    members = {g: set(tree.subtree(g)) for g in shown}
    best = None
    for coefficients in itertools.product((-1, 0, 1), repeat=len(shown)):
        vector = {a: 0 for a in atoms}
        for coefficient, group in zip(coefficients, sorted(shown), strict=True):
            for a in atoms:
                if a in members[group]:
                    vector[a] += coefficient
        if any(v not in (0, 1) for v in vector.values()):
            continue
        size = sum(direct[a] for a, v in vector.items() if v)
        if 0 < size < k and (best is None or size < best):
            best = size
    return best


def department_tree():
    # ROOT -> Revenue Cycle (1) -> Billing (2), Coding (3), Prior Auth (4)
    return TeamTree({1: ROOT, 2: 1, 3: 1, 4: 1}, {1: "Revenue", 2: "Billing", 3: "Coding"})


def test_rule1_small_group_gets_no_figure():
    tree = TeamTree({1: ROOT, 2: 1})
    shown = shown_groups(tree, {2: 4, 1: 6}, K)
    assert 2 not in shown  # four respondents
    assert shown_groups(tree, {2: 5, 1: 6}, K) >= {2}


def test_rule2_attack_parent_minus_children_isolates_the_two_department_staff():
    tree = department_tree()
    direct = {1: 2, 2: 15, 3: 10, 4: 9}  # director and analyst answer at department level
    naive = {g for g, n in group_sizes(tree, direct).items() if n >= K}
    # Without the rule: Revenue (36) - Billing - Coding - Prior Auth = the 2 staff.
    assert attack(tree, direct, naive) == 2
    shown = shown_groups(tree, direct, K)
    assert attack(tree, direct, shown) is None
    # The department is the one hidden (its teams carry the detail); here the organisation
    # is the department plus nobody, so it must also hide its smallest team.
    assert shown == {ROOT, 2, 3}


def test_rule2_root_hides_its_smallest_team_when_its_own_residual_is_small():
    tree = TeamTree({1: ROOT, 2: ROOT})
    direct = {ROOT: 3, 1: 12, 2: 7}  # three people with no team
    naive = {ROOT, 1, 2}
    assert attack(tree, direct, naive) == 3
    shown = shown_groups(tree, direct, K)
    assert shown == {ROOT, 1}  # team 2 (smallest) hidden: ROOT - team 1 = 10 people
    assert attack(tree, direct, shown) is None


def test_rule2_hidden_small_team_cannot_be_recovered_from_its_siblings():
    tree = TeamTree({1: ROOT, 2: 1, 3: 1, 4: 2})  # a sub-team under team 2
    direct = {2: 6, 3: 8, 4: 3, 1: 0}
    shown = shown_groups(tree, direct, K)
    assert 4 not in shown
    assert attack(tree, direct, shown) is None


@pytest.mark.parametrize("seed", range(40))
def test_rule2_random_hierarchies_never_leak(seed):
    import random

    rng = random.Random(seed)
    parent = {}
    for node in range(1, 8):
        parent[node] = rng.choice([ROOT, *range(1, node)])
    tree = TeamTree(parent)
    direct = {n: rng.choice([0, 1, 2, 3, 4, 6, 9]) for n in tree.nodes}
    shown = shown_groups(tree, direct, K)
    sizes = group_sizes(tree, direct)
    assert all(sizes[g] >= K for g in shown)
    assert attack(tree, direct, shown) is None


def test_rule3_attack_team_minus_shown_cells():
    # A team of 14: tenure bands 6, 6 and 2. Showing both 6s lets 14 - 6 - 6 = 2 out.
    cells = {"1-3 years": 6, "3+ years": 6, "Under 1 year": 2}
    tree = TeamTree({1: ROOT, 11: 1, 12: 1, 13: 1})
    direct = {11: 6, 12: 6, 13: 2}
    assert attack(tree, direct, {1, 11, 12}) == 2
    shown = shown_cells(14, cells, K)
    assert shown == {"3+ years"}  # "1-3 years" hidden too (tie broken by name)
    mapping = {"1-3 years": 11, "3+ years": 12, "Under 1 year": 13}
    assert attack(tree, direct, {1} | {mapping[c] for c in shown}) is None


def test_rule3_no_cells_for_a_small_team_and_cells_need_k_each():
    assert shown_cells(4, {"a": 4}, K) == set()
    assert shown_cells(15, {"a": 10, "b": 5}, K) == {"a", "b"}
    assert shown_cells(15, {"a": 11, "b": 4}, K) == set()  # 15 - 11 = 4: both hidden


def people(*ids):
    return frozenset(ids)


def test_rule3_attack_one_joiner_between_two_releases():
    """Six answer in week 1, the same six and a joiner in week 2: week 2 - week 1 = the joiner."""
    week1, week2 = Cell(people(*range(6)), 6), Cell(people(*range(7)), 7)
    assert could_isolate(week2, week1, K)


def test_rule3_sets_that_differ_both_ways_by_fewer_than_k_are_refused_too():
    """One left and one joined: week 2 - week 1 = the joiner's answer minus the leaver's."""
    week1, week2 = Cell(people(*range(8)), 8), Cell(people(*range(1, 9)), 8)
    assert could_isolate(week2, week1, K)


def test_rule3_sets_that_differ_by_k_or_more_are_allowed():
    week1, week2 = Cell(people(*range(10)), 10), Cell(people(*range(5, 15)), 10)
    assert not could_isolate(week2, week1, K)  # 5 left, 5 joined: 10 people either side


def test_rule3_identical_sets_reveal_nothing_unless_someone_may_have_skipped():
    same = people(*range(9))
    assert not could_isolate(Cell(same, 9), Cell(same, 9), K)
    # The same nine answered, but only eight answered this question the second time:
    # the difference is the skipper's answer.
    assert could_isolate(Cell(same, 8), Cell(same, 9), K)


def test_rule3_a_cell_against_a_sum_of_disjoint_cells_of_another_round():
    """After a re-org: department now = Billing then + Coding then + one mover."""
    billing, coding = Cell(people(*range(8)), 8), Cell(people(*range(8, 16)), 8)
    department = Cell(people(*range(17)), 17)
    assert not could_isolate(department, billing, K)  # 9 apart: no single cell is near
    assert could_isolate_by_sum(department, [billing, coding], K)  # but their sum is
    assert could_isolate_by_sum(department, AtomIndex([billing, coding]), K)


def test_decide_hides_the_round_and_then_its_complement():
    """Team A's week 2 equals week 1 plus one person, so A is hidden; then the department
    minus sibling B would give A's week 2, so the department is hidden as well."""
    tree = TeamTree({1: ROOT, 2: 1, 3: 1})
    a1, a2, b2 = people(*range(6)), people(*range(7)), people(*range(100, 110))
    week1 = Population(tree, {2: a1}, {})
    first = decide(week1, [], K)
    assert first.shown[RESPONSES] >= {2}
    earlier = Published(
        atoms={RESPONSES: AtomIndex([Cell(a1, 6)])}, cells={RESPONSES: [Cell(a1, 6)]}
    )
    week2 = Population(tree, {2: a2, 3: b2}, {})
    second = decide(week2, [earlier], K)
    assert 2 not in second.shown[RESPONSES]
    assert 3 in second.shown[RESPONSES]
    assert 1 not in second.shown[RESPONSES] and ROOT not in second.shown[RESPONSES]


def test_threshold_is_never_below_three():
    with pytest.raises(ValueError):
        shown_groups(TeamTree({1: ROOT}), {1: 2}, 2)


@st.composite
def organisations(draw):
    size = draw(st.integers(1, 7))
    parent = {node: draw(st.sampled_from([ROOT, *range(1, node)])) for node in range(1, size + 1)}
    tree = TeamTree(parent)
    direct = {n: draw(st.integers(0, 12)) for n in tree.nodes}
    return tree, direct, draw(st.integers(3, 6))


@settings(max_examples=150, deadline=None)
@given(organisations())
def test_property_no_shown_group_is_small_and_no_subtraction_isolates_one(org):
    tree, direct, k = org
    shown = shown_groups(tree, direct, k)
    sizes = group_sizes(tree, direct)
    assert all(sizes[g] >= k for g in shown)
    assert attack(tree, direct, shown, k) is None


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from("abcde"), st.integers(0, 12), min_size=1), st.integers(3, 6))
def test_property_demographic_cells_never_leave_a_small_remainder(cells, k):
    total = sum(cells.values())
    shown = shown_cells(total, cells, k)
    assert all(cells[c] >= k for c in shown)
    hidden = total - sum(cells[c] for c in shown)
    assert hidden == 0 or hidden >= k or not shown


def test_decide_checks_a_sum_of_this_rounds_bands_against_an_earlier_team_less_bands():
    """Front Desk, found by the second red-team pass: in September the team (18) showed only
    its "Under 1 year" band, so team minus band = 13 people. In October the other two bands
    (1-3 years: 7, 3+ years: 6) sum to 13 people, four of them different: October's two bands
    minus September's remainder would describe four people."""
    tree = TeamTree({1: ROOT})
    september_new, september_rest = people(*range(5)), people(*range(5, 18))
    earlier = Published(
        atoms={RESPONSES: AtomIndex([Cell(september_new, 5), Cell(september_rest, 13)])},
        cells={RESPONSES: [Cell(september_new | september_rest, 18), Cell(september_new, 5)]},
    )
    under_one, one_to_three = people(0, 1, 2, 3, 300), people(*range(5, 10), 100, 101)
    three_plus, unknown = people(*range(10, 16)), people(400, 401, 402)
    bands = {"<1": under_one, "1-3": one_to_three, "3+": three_plus, "?": unknown}
    october = Population(
        tree, {1: frozenset().union(*bands.values())}, {}, bands={(1, "tenure_band"): bands}
    )
    decision = decide(october, [earlier], K)
    assert 1 in decision.shown[RESPONSES]
    shown = {band for _, _, band in decision.bands[RESPONSES]}
    assert shown and not {"1-3", "3+"} <= shown  # their sum is no longer released
