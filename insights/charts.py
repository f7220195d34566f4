"""Altair charts of guarded tables (tooltips on every mark) and their PNG export.

Hidden values are nulls: lines break at them (``break-paths-filter-domains``) and heatmap
cells show a dash, so nothing hidden is ever drawn as a zero.
"""

from __future__ import annotations

import io

import altair as alt
import pandas as pd

from insights.measures import measure
from org.spreadsheet import csv_text

GAP = "break-paths-filter-domains"
HIDDEN_GREY = "#e6e6e6"


def _concern(row) -> float | None:
    """0-100, higher is worse, so one colour scale fits every measure of the heatmap."""
    value = row["value"]
    if value is None or pd.isna(value):
        return None
    return measure(row["key"]).concern(value)


def heatmap(frame: pd.DataFrame) -> alt.Chart:
    data = frame.copy()
    data["concern"] = data.apply(_concern, axis=1) if len(data) else []
    base = alt.Chart(data).encode(
        x=alt.X(
            "measure:N",
            sort=None,
            title=None,
            # Slanted headers: side by side they overlapped once a phone squeezed the columns.
            axis=alt.Axis(
                orient="top", labelAngle=-50, labelAlign="left", labelLimit=140, labelOverlap=False
            ),
        ),
        y=alt.Y("team:N", sort=list(dict.fromkeys(data["team"])), title=None),
        tooltip=[
            alt.Tooltip("team:N", title="Team"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("label:N", title="Value"),
            alt.Tooltip("interval:N", title="Uncertainty"),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    cells = (
        base.transform_filter("isValid(datum.concern)")
        .mark_rect(stroke="white")
        .encode(
            color=alt.Color(
                "concern:Q",
                scale=alt.Scale(scheme="redyellowgreen", reverse=True, domain=[0, 100]),
                legend=alt.Legend(title="Concern (0 good, 100 bad)", orient="bottom"),
            )
        )
    )
    hidden = base.transform_filter("!isValid(datum.concern)").mark_rect(
        stroke="white", color=HIDDEN_GREY
    )
    text = base.mark_text(fontSize=12).encode(text="label:N")
    return (hidden + cells + text).properties(height=alt.Step(28))


def trend(frame: pd.DataFrame, title: str = "", y_title: str = "") -> alt.Chart:
    """Lines per team, broken where the guard hid a round; points mark each shown round."""
    base = alt.Chart(frame).encode(
        x=alt.X("opens_on:T", title="Round"),
        y=alt.Y("value:Q", title=y_title or "Value"),
        color=alt.Color("team:N", title="Team"),
        tooltip=[
            alt.Tooltip("team:N", title="Team"),
            alt.Tooltip("round:N", title="Round"),
            alt.Tooltip("value:Q", title="Value", format=".1f"),
            alt.Tooltip("responses:Q", title="Responses"),
        ],
    )
    chart = base.mark_line(invalid=GAP) + base.mark_point(filled=True, invalid="filter")
    return chart.properties(title=title, height=260)


def driver_heatmap(frame: pd.DataFrame) -> alt.Chart:
    base = alt.Chart(frame).encode(
        x=alt.X("yearmonthdate(opens_on):O", title="Round"),
        y=alt.Y("driver:N", title=None),
        tooltip=[
            alt.Tooltip("driver:N", title="Driver"),
            alt.Tooltip("round:N", title="Round"),
            alt.Tooltip("value:Q", title="Favourable %", format=".0f"),
            alt.Tooltip("answers:Q", title="Answers"),
        ],
    )
    return base.mark_rect(invalid="filter").encode(
        color=alt.Color(
            "value:Q",
            scale=alt.Scale(scheme="redyellowgreen", domain=[0, 100]),
            title="Favourable %",
        )
    )


def focus_chart(drivers: pd.DataFrame) -> alt.Chart:
    data = drivers.dropna(subset=["score", "impact"])
    return (
        alt.Chart(data)
        .mark_circle(size=120)
        .encode(
            x=alt.X(
                "score:Q", title="Driver score (favourable %)", scale=alt.Scale(domain=[0, 100])
            ),
            y=alt.Y(
                "impact:Q", title="Impact on engagement (r)", scale=alt.Scale(domain=[-0.2, 1])
            ),
            color=alt.Color(
                "focus area:N",
                title=None,
                scale=alt.Scale(domain=[True, False], range=["#d62728", "#9e9e9e"]),
                legend=alt.Legend(labelExpr="datum.value ? 'Focus area' : 'Other drivers'"),
            ),
            tooltip=[
                alt.Tooltip("driver:N", title="Driver"),
                alt.Tooltip("score:Q", format=".0f", title="Score"),
                alt.Tooltip("impact:Q", format=".2f", title="Impact"),
                alt.Tooltip("answers:Q", title="Answers"),
                alt.Tooltip("organisation:Q", format=".0f", title="Organisation"),
                alt.Tooltip("vs organisation:N", title="Against the organisation"),
            ],
        )
        .properties(height=300)
    )


def bar(frame: pd.DataFrame, x: str, y: str, color: str | None = None, title: str = ""):
    enc = {
        "x": alt.X(f"{x}:Q"),
        "y": alt.Y(f"{y}:N", sort="-x", title=None),
        "tooltip": [alt.Tooltip(f"{c}", title=c) for c in frame.columns if c != "key"],
    }
    if color:
        enc["color"] = alt.Color(
            f"{color}:Q", scale=alt.Scale(scheme="redyellowgreen", reverse=True, domain=[0, 100])
        )
    return alt.Chart(frame).mark_bar().encode(**enc).properties(title=title)


def to_png(chart: alt.Chart) -> bytes:
    """PNG of a chart for a board report (vl-convert, offline)."""
    buffer = io.BytesIO()
    chart.save(buffer, format="png", scale_factor=2)
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """The table as spreadsheet-safe CSV: text cells that look like formulas stay text."""
    cells = frame.astype(object).where(frame.notna(), None)
    return csv_text(list(frame.columns), cells.itertuples(index=False, name=None)).encode("utf-8")
