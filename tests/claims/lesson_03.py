"""Lesson 3, path dependence: every number its prose quotes, recomputed from the model and the data."""

from __future__ import annotations

import inspect
import math
from functools import lru_cache

from claims_support import Claim, NotClaim
from course_lib.data import load_nato, nato_member
from course_lib.models import leadership as L
from course_lib.models import path_dependence as P

LESSON = "03_path_dependence"
EU = L.EUROPE
WORDS = {3: "Three", 4: "four", 7: "seven", 16: "sixteen", 6: "six"}


def at_two_percent() -> dict[int, int]:
    nato = load_nato()
    nato = nato[nato_member(nato.iso3, nato.year)]
    return (
        nato.assign(at=nato.defence_exp_share_real_gdp_pct >= 2)
        .groupby("year")
        .at.sum()
        .astype(int)
        .to_dict()
    )


def pledge_years():
    n = at_two_percent()
    return [
        f"{WORDS[n[2014]]} Allies in 2014",
        f"{WORDS[n[2022]]} in 2022",
        f"{WORDS[n[2022] - n[2014]]} countries",
        f"{WORDS[n[2024] - n[2022]]} more crossed it in two years",
    ]


@lru_cache(maxsize=None)
def closing(history: int, rule: str) -> float:
    years = 300 if rule == "count" else 60
    return P.step_back_for(EU, history=history, rule=rule, years=years).years_to_close


def defaults():
    d = {k: v.default for k, v in inspect.signature(P.step_back_for).parameters.items()}
    return [f"(cut = {d['cut']:g})", f"in year {d['step_year']}", f"follow {d['years']} years"]


def lean_decade():
    count = P.belief_path([0.5] * 11, history=70, rule="count")[-1]
    adaptive = P.belief_path([0.5] * 11, history=70, rule="adaptive", learning_rate=0.2)[-1]
    assert abs(count - 76 / 82) < 1e-12
    return [f"\\approx {count:.3f}", f"\\approx {adaptive:.3f}"]


CLAIMS = [
    Claim(
        "Three Allies in 2014, seven in 2022: eight years of a public pledge, and of steady American pressure, "
        "moved four countries across the line. Then, after Russia's full-scale invasion of Ukraine, sixteen more "
        "crossed it in two years.",
        pledge_years,
    ),
    Claim(
        "the weight of a year's news halves in about three years ($\\ln 0.5 / \\ln 0.8 \\approx 3.1$)",
        lambda: [f"{math.log(0.5) / math.log(0.8):.1f}"],
    ),
    Claim(
        "with the hegemon at its best commitment there, $\\bar q_H \\approx 4.45$, and the threat $T = 5$",
        lambda: [f"{EU.optimum().spending:.2f}", f"T = {EU.threat:g}"],
    ),
    Claim(
        "The step back halves the commitment (cut = 0.5) in year 5; we follow 60 years.", defaults
    ),
    Claim(
        "By counting, the belief after them is $(71 + 10 \\times 0.5)/(72 + 10) = 76/82 \\approx 0.927$. "
        "Adaptive allies get to $0.5 + 0.5 \\times 0.8^{10} \\approx 0.554$",
        lean_decade,
    ),
    Claim(
        "With seventy years of history, counting allies would take about 165 years to change their minds enough "
        "to close the gap; with ten years, 32. Adaptive allies close it in about six years either way.",
        lambda: (
            [
                f"about {closing(70, 'count'):.0f} years",
                f"ten years, {closing(10, 'count'):.0f}",
                f"about {WORDS[int(closing(70, 'adaptive'))]} years",
            ]
            if closing(70, "adaptive") == closing(10, "adaptive")
            else ["adaptive differs with history"]
        ),
    ),
    Claim(
        "(about 165 years after 70 years of leadership in the Europe preset)",
        lambda: [f"about {closing(70, 'count'):.0f} years"],
    ),
    Claim(
        "four allies with a quarter of America's GDP cannot make up for half of its commitment",
        lambda: (
            []
            if abs(L.INDO_PACIFIC.allied_gdp / 100 - 0.25) < 0.03
            and P.step_back_for(L.INDO_PACIFIC, rule="adaptive", learning_rate=1.0).years_to_close
            == math.inf
            else ["not a quarter, or the gap closes"]
        ),
    ),
]

NOT_CLAIMS = [
    NotClaim(
        "to move towards spending 2% of GDP on defence within a decade. How many Allies were at 2% in the "
        "years that followed?",
        "NATO's 2% guideline: a definition",
    ),
    NotClaim(
        "Raise the learning rate from 0.2 to 0.5.", "a slider setting for the student's prediction"
    ),
    NotClaim(
        "Make the cut smaller (0.3) or larger (0.8).",
        "slider settings for the student's prediction",
    ),
]
