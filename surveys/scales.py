"""Answer scales: the valid values of each scale and what a respondent sees for them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    labels: dict[int, str]

    @property
    def values(self) -> range:
        return range(min(self.labels), max(self.labels) + 1)

    def is_valid(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value in self.labels


AGREE5 = Scale(
    "agree5",
    {
        1: "Strongly disagree",
        2: "Disagree",
        3: "Neither agree nor disagree",
        4: "Agree",
        5: "Strongly agree",
    },
)
NPS11 = Scale("nps11", {n: str(n) for n in range(11)})
# Vitals' own wording (issue 14): five ordered states of work-related exhaustion, the
# core of burnout, in plain words. Options 3-5 count as burned out (docs/METRICS.md).
BURNOUT5 = Scale(
    "burnout5",
    {
        1: "Energised: I have the energy my work needs.",
        2: "Stretched at times, but I recover and keep going.",
        3: "Worn down: tired and drained on more days than not.",
        4: "Running on empty: the tiredness does not lift, and work follows me home.",
        5: "Completely exhausted: I don't know how much longer I can keep this up.",
    },
)
SCALES: dict[str, Scale] = {s.name: s for s in (AGREE5, NPS11, BURNOUT5)}

FAVOURABLE_AGREE = (4, 5)
PROMOTER = range(9, 11)
DETRACTOR = range(0, 7)
BURNOUT_OPTIONS = (3, 4, 5)
COMMENT_MAX_CHARS = 1000
