"""Actions: plan what to do about a result, keep the team posted, and see whether it helped."""

import datetime as dt

import streamlit as st

from actions import attention, effect, plans, programmes, sharing
from app_pages.common import db, literal, require_page_role
from org.access import AccessDenied
from org.people import active_employees
from surveys import clock

viewer = require_page_role("leader", "admin")
conn = db()
st.title("Actions")
notice = st.session_state.pop("action_notice", None)
if notice:
    st.success(literal(notice))
teams = plans.manageable_teams(conn, viewer)
if not teams:
    st.info("You do not lead any team yet.")
    st.stop()

st.subheader("Teams with low scores and no action")
needing = attention.teams_needing_action(conn, viewer)
if not needing:
    st.caption("None: every team with a low released score has an open action.")
for item in needing:
    cols = st.columns([5, 1])
    cols[0].markdown(f"**{literal(item.team)}**: {literal(', '.join(item.reasons))}")
    cols[1].page_link(
        "app_pages/actions.py", label="Plan", query_params={"team": str(item.team_id)}
    )

st.subheader("Plan an action")
ids = list(teams)
requested = st.query_params.get("team", "")
index = ids.index(int(requested)) if requested.isdigit() and int(requested) in ids else 0
if requested and not (requested.isdigit() and int(requested) in ids):
    st.warning("That team is not one you lead; pick one of yours.")
with st.form("new_action", clear_on_submit=False):
    team = st.selectbox("Team", ids, index=index, format_func=lambda t: teams[t])
    title = st.text_input("Title", max_chars=plans.TITLE_MAX, placeholder="e.g. New phone queue")
    measure = st.selectbox(
        "Addresses", list(plans.MEASURES), format_func=lambda m: plans.MEASURES[m]
    )
    kind = st.selectbox("Kind of programme", list(plans.KINDS), format_func=plans.KINDS.get)
    owner = st.text_input("Owner", max_chars=plans.OWNER_MAX)
    due = st.date_input("Due", value=clock.today() + dt.timedelta(weeks=6))
    plan = st.text_area("Plan", max_chars=plans.PLAN_MAX, height=100)
    shared = st.checkbox("Share with the team", value=True)
    created = st.form_submit_button("Create action", type="primary")
if plans.open_slots(conn, team) == 0:
    st.warning(
        f"{literal(teams[team])} already has {plans.MAX_OPEN_PER_TEAM} open actions; "
        "finish or drop one before adding another."
    )
if created:
    try:
        plans.create_action(conn, viewer, team, title, measure, kind, owner, due, plan, shared)
    except plans.ActionError as error:
        st.error(literal(str(error)))
    else:
        st.success(f"Action created for {literal(teams[team])}.")

st.subheader("Share a round's results with the team")
st.caption(
    "The team reads the headline figures of a closed round on their home page, with their "
    "uncertainty. Only what the round's published results show can be shared."
)
published = sharing.shareable_rounds(conn)
with st.form("share_results"):
    share_team = st.selectbox("Team", list(teams), format_func=lambda t: teams[t], key="share_team")
    share_round = st.selectbox(
        "Round", list(published), format_func=lambda r: published[r], key="share_round"
    )
    if st.form_submit_button("Share with the team") and share_round is not None:
        try:
            sharing.share_round(conn, viewer, share_team, share_round)
        except (sharing.ShareError, AccessDenied) as error:
            st.error(literal(str(error)))
        else:
            st.success(f"Shared with {literal(teams[share_team])}.")


def _on_record(action_id: int) -> None:
    state = st.session_state
    kind = state[f"activity_kind_{action_id}"]
    try:
        programmes.record_activity(
            db(),
            viewer,
            action_id,
            kind,
            state[f"activity_title_{action_id}"],
            state[f"activity_day_{action_id}"],
            state[f"activity_people_{action_id}"],
        )
    except plans.ActionError as error:
        state["activity_problem"] = (action_id, str(error))
    else:
        state["activity_problem"] = (action_id, None)
        state[f"activity_title_{action_id}"] = ""
        state[f"activity_people_{action_id}"] = []
    state["action_open"] = action_id


def show_programme(action: plans.Action) -> None:
    """The action's training sessions and mentorship pairings; administrators record them."""
    held = programmes.activities(conn, viewer, action.id)
    st.markdown("**Programme**")
    if not held:
        st.caption("No training sessions or mentorship pairings recorded.")
    for activity in held:
        who = f": {literal(', '.join(activity.names))}" if activity.names else ""
        st.caption(
            f"{activity.held_on:%d %b %Y} · {activity.kind_label} · {literal(activity.title)} · "
            f"{activity.people} {'person' if activity.people == 1 else 'people'}{who}"
        )
    outcome = st.session_state.get("activity_problem")
    if outcome and outcome[0] == action.id:
        if outcome[1]:
            st.error(literal(outcome[1]))
        else:
            st.success("Activity recorded.")
    if not viewer.is_admin:
        return
    people = {p["id"]: f"{p['name']} ({p['team'] or 'no team'})" for p in active_employees(conn)}
    with st.form(f"activity_{action.id}"):
        cols = st.columns(3)
        cols[0].selectbox(
            "Activity",
            list(programmes.ACTIVITY_KINDS),
            format_func=programmes.ACTIVITY_KINDS.get,
            key=f"activity_kind_{action.id}",
        )
        cols[1].text_input(
            "Title", max_chars=programmes.TITLE_MAX, key=f"activity_title_{action.id}"
        )
        cols[2].date_input("Held on", value=clock.today(), key=f"activity_day_{action.id}")
        st.multiselect(
            "Who took part (an administrator's record; leaders see the count)",
            list(people),
            format_func=people.get,
            key=f"activity_people_{action.id}",
        )
        st.form_submit_button("Record activity", on_click=_on_record, args=(action.id,))


effects: dict[int, effect.Effect] = {}


def effect_of(action_id: int) -> effect.Effect:
    """Each action's before/after once per page run: the Programmes table and the action's
    own section read the same one."""
    if action_id not in effects:
        effects[action_id] = effect.action_effect(conn, viewer, action_id)
    return effects[action_id]


st.subheader("Programmes: training and mentorship, and what moved after")
summary = programmes.programme_summary(conn, viewer)
if not summary:
    st.caption("No training sessions or mentorship pairings recorded yet.")
else:
    rows = []
    for row in summary:
        moved = effect_of(row.action_id)
        change = moved.change
        rows.append(
            {
                "team": row.team,
                "action": row.action,
                "kind": row.kind,
                "training sessions": row.training_sessions,
                "mentorship pairings": row.mentorship_pairings,
                "people": row.people,
                "first": row.first,
                "last": row.last,
                "measure": moved.measure_label,
                "change after (pts)": None if change is None else round(change.estimate, 1),
                "95 % interval": None
                if change is None
                else f"{change.low:+.0f} to {change.high:+.0f}",
            }
        )
    st.dataframe(rows, hide_index=True)
    st.caption(
        "Change after: the addressed measure in the eight weeks after the action was done "
        "against the eight weeks before it started, from released results only; empty where "
        "the data cannot tell yet. Not proof that the programme caused it (see each action)."
    )

st.subheader("Actions of your teams")
mine = plans.actions_for(conn, viewer)
if not mine:
    st.caption("No actions yet.")
for action in mine:
    label = f"{action.team} · {action.title} · {action.status_label} (due {action.due_on})"
    with st.expander(literal(label), expanded=action.id == st.session_state.get("action_open")):
        st.markdown(
            f"**{literal(action.kind_label)}** addressing **{literal(action.measure_label)}**, "
            f"owner {literal(action.owner)}; "
            + ("shared with the team." if action.shared else "leaders only.")
        )
        if action.plan:
            st.markdown(literal(action.plan))
        for update in action.updates:
            st.caption(f"{update.posted_on} · {literal(update.author)}: {literal(update.text)}")
        if action.status != "done":
            with st.form(f"edit_{action.id}"):
                status = st.selectbox(
                    "Status",
                    list(plans.STATUSES),
                    index=list(plans.STATUSES).index(action.status),
                    format_func=plans.STATUSES.get,
                )
                due_on = st.date_input("Due", value=action.due_on)
                share = st.checkbox("Share with the team", value=action.shared)
                note = st.text_input("Post an update (optional)", max_chars=plans.UPDATE_MAX)
                saved = st.form_submit_button("Save")
            if saved:
                st.session_state["action_open"] = action.id
                try:
                    said = plans.update_action(
                        conn, viewer, action.id, update=note, status=status, due_on=due_on,
                        shared=share,
                    )  # fmt: skip
                except plans.ActionError as error:
                    st.error(literal(str(error)))
                else:
                    st.session_state["action_notice"] = said or "Saved."
                    st.rerun()
        found = effect_of(action.id)
        st.markdown("**Did it help?**")
        if found.before and found.after:
            cols = st.columns(3)
            windows = (("Before", found.before), ("After", found.after))
            for col, (name, window) in zip(cols, windows, strict=False):
                low, high = window.interval
                col.metric(
                    f"{name}: {found.measure_label}",
                    f"{window.value:.0f} %",
                    help=f"95 % interval {low:.0f} to {high:.0f} %, "
                    f"{window.rounds:.0f} released rounds",
                )
            cols[2].metric("Change", f"{found.change.estimate:+.0f} pts")
        st.markdown(literal(found.verdict))
        if found.comparison_verdict:
            st.caption(literal(found.comparison_verdict))
        if found.followup_text:
            st.caption("Follow-up question: " + literal(found.followup_text))
        show_programme(action)
