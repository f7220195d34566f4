"""The Workload page's charts: operations and released survey cells stacked on one time axis,
and Erlang C's required agents against the agents staffed."""

from __future__ import annotations

import altair as alt
import pandas as pd

from insights.charts import GAP
from workload.derive import Baseline


def timeline(frame: pd.DataFrame, baseline: Baseline | None, start, end) -> alt.VConcatChart:
    """One chart per panel, stacked, sharing the week axis from ``start`` to ``end``; lines
    break where a figure is missing (a survey round not shown), as on the Team page."""
    domain = [pd.Timestamp(start).isoformat(), pd.Timestamp(end).isoformat()]
    x = alt.X("week:T", title=None, scale=alt.Scale(domain=domain))
    charts = []
    for panel in dict.fromkeys(frame["panel"]):
        data = frame[frame["panel"] == panel]
        base = alt.Chart(data).encode(
            x=x,
            y=alt.Y("value:Q", title=panel),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["week:T", "series:N", alt.Tooltip("value:Q", format=".1f")],
        )
        layers = [base.mark_line(invalid=GAP), base.mark_point(filled=True, invalid="filter")]
        if panel == "Work volume per FTE" and baseline is not None:
            band = pd.DataFrame(
                {"low": [2 * baseline.median - baseline.threshold], "high": [baseline.threshold]}
            )
            layers.insert(0, alt.Chart(band).mark_rect(opacity=0.12).encode(y="low:Q", y2="high:Q"))
            rule = pd.DataFrame({"baseline": [baseline.median]})
            layers.append(alt.Chart(rule).mark_rule(strokeDash=[4, 4]).encode(y="baseline:Q"))
        charts.append(alt.layer(*layers).properties(height=170, title=panel))
    return alt.vconcat(*charts).resolve_scale(x="shared", color="independent")


def agents(phones: pd.DataFrame) -> alt.Chart:
    """Agents Erlang C requires for the service level against agents staffed, per week."""
    data = phones[["required", "staffed"]].rename(
        columns={"required": "Required (Erlang C)", "staffed": "Staffed"}
    )
    long = (
        data.rename_axis("week").reset_index().melt("week", var_name="series", value_name="agents")
    )
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title=None),
            y=alt.Y("agents:Q", title="Agents on the phones"),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["week:T", "series:N", alt.Tooltip("agents:Q", format=".1f")],
        )
        .properties(height=220)
    )
