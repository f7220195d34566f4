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
BURNOUT5 = Scale(
    "burnout5",
    {
        1: "I enjoy my work. I have no symptoms of burnout.",
        2: "Occasionally I am under stress and don't always have as much energy as I once "
        "did, but I don't feel burned out.",
        3: "I am definitely burning out and have one or more symptoms of burnout, such as "
        "physical and emotional exhaustion.",
        4: "The symptoms of burnout that I'm experiencing won't go away. I think about "
        "frustrations at work a lot.",
        5: "I feel completely burned out and often wonder if I can go on. I am at the point "
        "where I may need some changes or may need to seek some sort of help.",
    },
)
SCALES: dict[str, Scale] = {s.name: s for s in (AGREE5, NPS11, BURNOUT5)}

FAVOURABLE_AGREE = (4, 5)
PROMOTER = range(9, 11)
DETRACTOR = range(0, 7)
BURNOUT_OPTIONS = (3, 4, 5)
COMMENT_MAX_CHARS = 1000
