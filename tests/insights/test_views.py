"""The demo organisation's stories through the guarded views, scope checks and empty states."""

import datetime as dt

import pytest

from insights import changes, releases, source, views
from insights.comments import comments_view
from insights.panel import build_panel
from insights.source import rounds_between
from org.access import AccessDenied, Viewer
from org.tree import ROOT
from tests.insights.fixtures import ADMIN, leader_of, team_id

ALL = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


def row(overview, name):
    table = overview.table
    return table[table["team"] == name].iloc[0]


def test_overview_finds_billing_sliding_and_medical_records_recovering(scored_demo):
    ov = views.overview(scored_demo, ADMIN, *ALL)
    billing = row(ov, "Billing")
    assert billing["Burnout rate"] > 40
    assert views.riskiest(ov)[0] == "Billing"  # the highest retention signal
    assert not billing["Retention risk"].startswith("Low")  # a band with its interval
    trend = ov.trend
    billing_burnout = trend[(trend["team"] == "Billing") & (trend["measure"] == "Burnout rate")]
    first, last = billing_burnout["value"].head(6).mean(), billing_burnout["value"].tail(6).mean()
    assert last > first + 20
    records = trend[(trend["team"] == "Medical Records") & (trend["measure"] == "Engagement")]
    assert records["value"].dropna().tail(5).mean() > records["value"].dropna().head(5).mean() + 30


def test_release_of_information_shows_no_number_anywhere(scored_demo):
    roi = team_id(scored_demo, "Release of Information")
    ov = views.overview(scored_demo, ADMIN, *ALL)
    numbers = row(ov, "Release of Information").drop(["team", "group", "note"])
    assert numbers.isna().all()
    assert row(ov, "Release of Information")["note"] == "not shown, to protect confidentiality"
    heat = ov.heatmap[ov.heatmap["team"] == "Release of Information"]
    assert heat["value"].isna().all() and set(heat["label"]) == {"–"}
    assert ov.trend[ov.trend["group"] == roi]["value"].isna().all()
    leader = leader_of(scored_demo, "Release of Information")
    tv = views.team_view(scored_demo, leader, roi, *ALL)
    assert tv.message and tv.figures.rounds_used == 0 and tv.figures.values == {}
    assert tv.trend["value"].isna().all()  # participation too: the Team page draws these
    assert comments_view(scored_demo, leader, roi, *ALL).empty
    assert all(a.group != roi for a in changes.changes(scored_demo, ADMIN, *ALL, "start").alerts)


def test_billing_drill_down_names_burnout_and_its_top_negative_theme(scored_demo):
    billing = team_id(scored_demo, "Billing")
    tv = views.team_view(scored_demo, leader_of(scored_demo, "Billing"), billing, *ALL)
    assert tv.figures.values["burnout"] > 25
    low, high = tv.figures.intervals["burnout"]
    assert low < tv.figures.values["burnout"] < high
    assert views.top_negative_theme(tv.themes) == "Workload and staffing"
    assert tv.drivers.iloc[0]["key"] == "workload"  # the lowest driver score
    assert "workload" in {d for d, _, _ in tv.focus}


def test_call_centre_fights_its_tools(scored_demo):
    call_centre = team_id(scored_demo, "Call Centre")
    tv = views.team_view(scored_demo, ADMIN, call_centre, *ALL)
    assert tv.drivers.iloc[0]["key"] == "tools"
    assert tv.focus[0][0] == "tools"


def test_focus_areas_are_few_and_name_the_designed_problems(scored_demo):
    """Issue 14: with 'score < 60 and r >= 0.3' Call Centre had 10 of 11 drivers as focus
    areas and Billing 9; now a focus area needs a clearly low score, clearly below the
    organisation's, and a supported impact (11 over the demo's 12 groups)."""
    focus = {
        name: [d for d, _, _ in views.team_view(scored_demo, ADMIN, group, *ALL).focus]
        for group, name in scored_demo.execute("SELECT id, name FROM teams").fetchall()
    }
    assert "workload" in focus["Billing"] and "tools" in focus["Call Centre"]
    assert {"workload", "recognition"} <= set(focus["Billing"])
    assert focus["Call Centre"] == ["tools", "workload", "recognition"]
    assert all(len(drivers) <= 3 for drivers in focus.values())
    assert sum(len(drivers) for drivers in focus.values()) <= 12


def test_a_teams_drivers_read_against_the_organisation_and_its_own_past(scored_demo):
    call_centre = team_id(scored_demo, "Call Centre")
    tv = views.team_view(scored_demo, ADMIN, call_centre, *ALL)
    tools = tv.drivers.set_index("key").loc["tools"]
    org = views.team_view(scored_demo, ADMIN, ROOT, *ALL).drivers.set_index("key")
    assert tools["organisation"] == pytest.approx(org.loc["tools", "score"])
    assert tools["vs organisation"] == "clearly below" and tools["focus area"]
    assert set(tv.drivers["vs organisation"]) <= {
        "clearly below",
        "clearly above",
        "within the noise",
    }
    assert set(tv.drivers["latest vs the four rounds before"]) <= {
        "",
        "fell",
        "rose",
        "no clear change",
    }
    assert org["vs organisation"].eq("").all()  # the organisation is its own benchmark


def test_what_changed_shows_billings_slide_and_records_recovery_and_little_else(scored_demo):
    """Issue 14: with the false discovery rate controlled over every team x measure change
    (106 on the scored demo), the designed stories are what is left."""
    moves = changes.changes(scored_demo, ADMIN, *ALL, compare="start")
    assert moves.compared > 50
    found = {(a.team, a.measure, a.worse) for a in moves.alerts}
    assert ("Billing", "enps", True) in found
    assert ("Medical Records", "engagement", False) in found
    # The two stories, and the departments they sit in (a department moves with its team).
    # The organisation holds both (at 250 people its burnout fall is beyond the noise).
    stories = {"Billing", "Medical Records", "Revenue Cycle", "Health Information"}
    stories.add("Whole organisation")
    assert {team for team, _, _ in found} <= stories
    assert len(moves.alerts) <= 12  # of about 110 changes compared on the scored demo
    billing = next(a for a in moves.alerts if a.team == "Billing" and a.measure == "enps")
    assert billing.before > 0 > billing.after and billing.text.startswith("Billing: eNPS +")
    assert all(a.q_value <= 0.05 and abs(a.after - a.before) >= 5 for a in moves.alerts)
    assert [a.importance for a in moves.alerts] == sorted(
        (a.importance for a in moves.alerts), reverse=True
    )


def test_leader_sees_only_their_team(scored_demo):
    leader = leader_of(scored_demo, "Billing")
    ov = views.overview(scored_demo, leader, *ALL)
    assert ov.groups == [team_id(scored_demo, "Billing")]
    with pytest.raises(AccessDenied):
        views.team_view(scored_demo, leader, team_id(scored_demo, "Coding"), *ALL)
    with pytest.raises(AccessDenied):
        comments_view(scored_demo, leader, 0, *ALL)  # the whole organisation
    employee = Viewer(leader.employee_id, "Someone", "employee")
    with pytest.raises(AccessDenied):
        views.overview(scored_demo, employee, *ALL)


def test_every_shown_group_of_the_demo_passes_the_residual_rule(scored_demo):
    panel = build_panel(scored_demo, rounds_between(scored_demo, *ALL))
    kids = panel.tree.children()
    for r in panel.round_ids:
        frozen = releases.load(scored_demo, [r], []).trees.get(r, panel.tree)
        population = source.population(scored_demo, r, frozen)
        sizes = {g: len(p) for g, p in population.group_people().items()}
        for group in panel.shown[r]:
            assert sizes[group] >= panel.k
            below = [c for c in panel.shown[r] if c != group and c in panel.tree.subtree(group)]
            maximal = [
                c for c in below if not any(c in panel.tree.subtree(b) and c != b for b in below)
            ]
            rest = sizes[group] - sum(sizes[c] for c in maximal)
            assert rest == 0 or rest >= panel.k, (r, group, rest)
        assert kids  # the tree is not empty


def test_period_without_rounds_and_archived_team(scored_demo):
    empty = views.overview(scored_demo, ADMIN, dt.date(1990, 1, 1), dt.date(1990, 2, 1))
    assert empty.table.drop(columns=["team", "group", "note"]).isna().all().all()
    assert set(empty.table["note"]) == {"no survey rounds in this period"}
    coding = team_id(scored_demo, "Coding")
    scored_demo.execute("UPDATE teams SET archived = 1 WHERE id = ?", [coding])
    ov = views.overview(scored_demo, ADMIN, *ALL)
    assert "Coding (archived)" in set(ov.table["team"])


def test_deleting_answers_after_publication_rewrites_no_release(scored_demo):
    """Erasure or a rescore applies to rounds that close afterwards, never to a release."""
    before = row(views.overview(scored_demo, ADMIN, *ALL), "Billing")
    last = rounds_between(scored_demo, *ALL)[-4:]
    scored_demo.execute(
        f"DELETE FROM answers WHERE response_id IN (SELECT id FROM responses WHERE round_id IN "
        f"({','.join(str(r.id) for r in last)}))"
    )
    after = row(views.overview(scored_demo, ADMIN, *ALL), "Billing")
    assert after[["Engagement", "eNPS", "Burnout rate"]].tolist() == pytest.approx(
        before[["Engagement", "eNPS", "Burnout rate"]].tolist()
    )


def test_comments_are_masked_sorted_and_carry_no_bands(scored_demo):
    billing = team_id(scored_demo, "Billing")
    table = comments_view(scored_demo, ADMIN, billing, *ALL)
    assert len(table) > 10
    assert list(table.columns) == [
        "round",
        "team",
        "sentiment",
        "score",
        "themes",
        "comment",
        "thread",
    ]
    scores = table["score"].dropna().tolist()
    assert scores == sorted(scores)
    names = [r[0] for r in scored_demo.execute("SELECT name FROM employees")]
    assert not any(name in text for text in table["comment"] for name in names)
    negative = comments_view(scored_demo, ADMIN, billing, *ALL, sentiments=("negative",))
    assert set(negative["sentiment"]) == {"negative"}
    themed = comments_view(scored_demo, ADMIN, billing, *ALL, theme="workload_staffing")
    assert themed["themes"].str.contains("Workload and staffing").all()


def test_team_headline_is_the_latest_rounds_and_shows_medical_records_recovery(scored_demo):
    records = team_id(scored_demo, "Medical Records")
    tv = views.team_view(scored_demo, ADMIN, records, *ALL)
    assert tv.latest.rounds_used <= views.WINDOW_ROUNDS < tv.figures.rounds_used
    assert tv.latest.values["burnout"] < tv.figures.values["burnout"] - 15
    ov = views.overview(scored_demo, ADMIN, *ALL)
    assert row(ov, "Medical Records")["Burnout rate"] == pytest.approx(tv.latest.values["burnout"])


def test_overview_and_team_page_give_the_same_retention_signal(scored_demo):
    """One code path (views.group_signal): the figure cannot differ between the two pages."""
    ov = views.overview(scored_demo, ADMIN, *ALL)
    heat = ov.heatmap[ov.heatmap["key"] == "retention_risk"].set_index("team")["value"]
    for name in ("Billing", "Front Desk", "Call Centre"):
        tv = views.team_view(scored_demo, ADMIN, team_id(scored_demo, name), *ALL)
        assert tv.latest.risk.value == pytest.approx(heat[name])
        assert row(ov, name)["Retention risk"] == tv.latest.risk.text()
