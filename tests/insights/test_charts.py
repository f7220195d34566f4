"""Charts: hidden values stay gaps, every mark has a tooltip, exports are real files."""

import pandas as pd

from insights import charts


def trend_frame():
    return pd.DataFrame(
        {
            "round": ["W1", "W2", "W3"],
            "opens_on": pd.to_datetime(["2026-01-05", "2026-01-12", "2026-01-19"]),
            "team": ["Billing"] * 3,
            "group": [7] * 3,
            "measure": ["Burnout rate"] * 3,
            "value": [20.0, None, 40.0],
            "responses": [12, None, 11],
            "note": ["", "fewer than 5 responses", ""],
        }
    )


def test_trend_breaks_the_line_at_hidden_rounds_and_has_tooltips():
    spec = charts.trend(trend_frame()).to_dict()
    line, points = spec["layer"]
    assert line["mark"]["invalid"] == "break-paths-filter-domains"
    assert points["mark"]["invalid"] == "filter"
    assert {t["field"] for t in line["encoding"]["tooltip"]} >= {"team", "value", "responses"}


def test_heatmap_cells_of_hidden_groups_are_dashes_not_zeros():
    frame = pd.DataFrame(
        [
            {
                "group": 7,
                "team": "Billing",
                "key": "burnout",
                "measure": "Burnout rate",
                "value": 54.0,
                "label": "54",
                "interval": "95 % interval 41-66 %",
                "note": "",
            },
            {
                "group": 12,
                "team": "Release of Information",
                "key": "burnout",
                "measure": "Burnout rate",
                "value": None,
                "label": "–",
                "interval": "",
                "note": "not shown, to protect confidentiality",
            },
        ]
    )
    chart = charts.heatmap(frame)
    data = chart.to_dict()["datasets"]
    rows = next(iter(data.values()))
    hidden = next(r for r in rows if r["team"] == "Release of Information")
    assert hidden["concern"] is None and hidden["label"] == "–"
    shown = next(r for r in rows if r["team"] == "Billing")
    assert shown["concern"] == 54.0  # a burnout rate: higher is worse as it stands


def test_png_and_csv_exports():
    chart = charts.trend(trend_frame())
    png = charts.to_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
    csv = charts.to_csv(trend_frame()).decode()
    assert csv.splitlines()[0].startswith("round,opens_on,team")
    assert ",,fewer than 5 responses" in csv  # hidden value is an empty cell, not 0
