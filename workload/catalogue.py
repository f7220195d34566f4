"""The metric catalogue: one reviewed record per operational metric (``metrics.csv``).

Every other module derives from it: importer checks (known key, upper bound), labels and units
on pages, which way is good, which are work volume (divided by FTE) and which roles they fit.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

CATALOGUE = Path(__file__).with_name("metrics.csv")
Kind = Literal["staffing", "volume", "outcome"]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    kind: Kind
    good: Literal["up", "down", ""]  # "" for neither (FTE, volumes: context, not a target)
    max: float  # above this a value is absurd and refused on import
    fits: tuple[str, ...]  # team roles it suits ("all" for every team)
    source: str

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


@cache
def metrics() -> dict[str, Metric]:
    """The catalogue by key, in file order."""
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, Metric] = {}
    for row in rows:
        kind = row["kind"]
        if kind not in ("staffing", "volume", "outcome") or row["good"] not in ("up", "down", ""):
            raise ValueError(f"metrics.csv: bad kind or direction for {row['key']}")
        out[row["key"]] = Metric(
            row["key"],
            row["label"],
            row["unit"],
            kind,  # type: ignore[arg-type]
            row["good"],  # type: ignore[arg-type]
            float(row["max"]),
            tuple(row["fits"].split(";")),
            row["source"],
        )
    return out


def volume_keys() -> list[str]:
    """Work-volume metrics, in catalogue order (the first one a team has is its main volume)."""
    return [k for k, m in metrics().items() if m.kind == "volume"]


def label(key: str) -> str:
    metric = metrics().get(key)
    return metric.label if metric else key
