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


def lag_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """r by lag with its interval: a point and a bar per lag, zero marked."""
    base = alt.Chart(frame).encode(
        x=alt.X("lag (weeks):O", title="Workload this many weeks earlier")
    )
    bars = base.mark_rule(strokeWidth=2).encode(
        y=alt.Y("low:Q", title="Correlation with burnout (r)", scale=alt.Scale(domain=[-1, 1])),
        y2="high:Q",
    )
    points = base.mark_circle(size=80).encode(
        y="r:Q",
        tooltip=[
            alt.Tooltip("lag (weeks):O", title="Lag (weeks)"),
            alt.Tooltip("r:Q", format=".2f"),
            alt.Tooltip("low:Q", format=".2f", title="Interval low"),
            alt.Tooltip("high:Q", format=".2f", title="Interval high"),
            alt.Tooltip("weeks:Q", title="Team-weeks"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    return alt.layer(bars, points, zero)
