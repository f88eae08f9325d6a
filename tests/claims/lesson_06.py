"""Lesson 6 (institutional inertia): every number in the prose, recomputed."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from claims_support import Claim, NotClaim
from course_lib.data import load_accession
from course_lib.models import institutions as inst
from course_lib.models import procurement

LESSON = "06_institutional_inertia"
APPLIED = pd.Timestamp("2022-05-18")  # the applications, as in the lesson's first code cell
MU = inst.DEFAULT_MEAN_ASSENT_DAYS


def days_to_join(iso3: str) -> int:
    return int((load_accession().set_index("iso3").loc[iso3, "accession_date"] - APPLIED).days)


def nordic_wait():
    fin, swe = days_to_join("FIN"), days_to_join("SWE")
    months = [d * 12 / 365.25 for d in (fin, swe)]
    return [
        f"About {round(fin, -1):.0f} days for Finland and {round(swe, -1):.0f} for Sweden",
        f"roughly {months[0]:.1f} and {months[1]:.0f} months",
    ]


@lru_cache(maxsize=1)
def enlargement() -> pd.DataFrame:
    return inst.gridlock_along_enlargement(100_000, seed=1949)  # the lesson's own call


def gridlock_ends():
    path = enlargement()
    first, last = path.iloc[0], path.iloc[-1]
    assert (int(first["members"]), int(last["members"])) == (12, 32)
    return [
        f"about {first['probability']:.0%}".replace("%", " %")
        + " of random status quos with NATO's 12",
        f"about {last['probability']:.0%}".replace("%", " %") + " with 32",
    ]


def gridlock_words():
    path = enlargement()
    first, last = path["probability"].iloc[0], path["probability"].iloc[-1]
    assert abs(first - 0.5) < 0.05 and abs(last - 0.75) < 0.05, (
        "about one half, about three quarters"
    )
    assert np.all(np.diff(path["probability"]) > 0), "each enlargement pushes it up"
    per_member = np.diff(path["probability"]) / np.diff(path["members"])
    assert per_member[0] == per_member.max(), "the early ones push hardest"
    centred = inst.gridlock_probability_centred([12])[0]
    assert centred > 0.99, "a centred status quo is locked in almost surely from 12 members"
    return []


def standard_error():
    bound = math.sqrt(0.25 / 100_000)  # p(1 - p) <= 1/4
    assert enlargement()["stderr"].max() <= bound
    return [f"at most {100 * bound:.2f} percentage points"]


def mean_assent():
    fitted = 29 / math.log(30 / 7)
    assert round(fitted) == MU
    return [f"| {MU:.0f} days: fitted"]


def quota():
    return [f"| {inst.DEFAULT_QUOTA:g}:", f"counts {100 * inst.DEFAULT_QUOTA:.0f} %"]


def delays_32():
    unanimity = inst.expected_decision_time(32, "unanimity")
    majority = inst.expected_decision_time(32, "qualified majority")
    lead = inst.expected_decision_time(32, "lead nation")
    assert round(unanimity / MU) == 4 and majority < lead
    sim = inst.simulate_decision_times(32, 100_000, seed=32)
    for rule in inst.RULES:
        assert abs(sim[rule].mean() - inst.expected_decision_time(32, rule)) < 0.5, (
            "a few tenths of a day"
        )
    return [
        f"about {unanimity:.0f} days",
        f"about {majority:.0f} days",
        f"lead nation's {lead:.0f}",
        f"{inst.assents_needed(32, 'qualified majority')}th fastest of 32",
    ]


def shrink_to_12():
    a, b = (
        inst.expected_decision_time(32, "unanimity"),
        inst.expected_decision_time(12, "unanimity"),
    )
    qa, qb = (
        inst.expected_decision_time(32, "qualified majority"),
        inst.expected_decision_time(12, "qualified majority"),
    )
    assert abs(qa - qb) < 1.0, "hardly changes the qualified majority"
    return [f"from about {a:.0f} to {b:.0f} days"]


def last_three():
    frontier = inst.solidarity_frontier(32)
    days = frontier["expected_days"].to_numpy()
    last = days[-1] - days[-2]
    three = days[-1] - days[-4]
    return [
        f"a full $\\mu$, {last:.0f} days",
        f"about {three:.0f} days",
        f"or {100 * three / days[-1]:.0f} %",
    ]


def learning():
    rate = procurement.DEFAULT_LEARNING_RATE
    return [
        f"| {rate:g}: Wright's {100 * rate:.0f} % curve",
        f"| {procurement.learning_exponent(rate):.2f} at",
    ]


def ten_programmes():
    ten = procurement.procurement_outcome(np.ones(10), 10, 0.8)
    two = procurement.procurement_outcome(np.ones(10), 2, 0.8)
    assert abs(ten.interoperability - 0.1) < 1e-12, "one pair in ten"
    assert abs(two.interoperability - 0.5) < 1e-12, "pooling into two: one half"
    assert two.premium < ten.premium / 2, "removes most of the premium"
    assert abs(procurement.equal_split_premium(10, 1.0)) < 1e-12, "no learning, no premium"
    return [f"about {round(100 * ten.premium, -1):.0f} % more"]


def weapon_counts():
    table = procurement.weapon_systems().set_index("equipment")
    words = {1: "one", 2: "two", 4: "four", 6: "six"}
    return [
        f"about {table.loc['All major weapon systems', 'europe_types']} types",
        f"about {table.loc['All major weapon systems', 'us_types']} in the U.S.",
        f"{table.loc['Main battle tanks', 'europe_types']} main battle tank types against "
        f"{words[table.loc['Main battle tanks', 'us_types']]}",
        f"{table.loc['Destroyers and frigates', 'europe_types']} types of destroyers and frigates against "
        f"{words[table.loc['Destroyers and frigates', 'us_types']]}",
        f"{table.loc['Fighter planes', 'europe_types']} fighter types against "
        f"{words[table.loc['Fighter planes', 'us_types']]}",
    ]


def tanks():
    k = int(
        procurement.weapon_systems().set_index("equipment").loc["Main battle tanks", "europe_types"]
    )
    premium = procurement.equal_split_premium(k, 0.8)
    return [f"one time in {k}", f"on {k} lines", f"about {round(100 * premium, -1):.0f} %"]


def three_in_four():
    assert round(4 * enlargement()["probability"].iloc[-1]) == 3
    return []


def nordic_tail():
    members = 30
    expected = inst.expected_decision_time(members, "unanimity", MU)
    p = 1 - (1 - np.exp(-273 / MU)) ** members
    assert p < 1 / 25_000
    return [f"after about {round(expected, -1):.0f} days"]


CLAIMS = [
    Claim(
        "About 320 days for Finland and 660 for Sweden: roughly 10.5 and 22 months after the applications.",
        nordic_wait,
    ),
    Claim(
        "draws | Monte Carlo repetitions | 100,000; the standard error is then at most 0.16 percentage points",
        standard_error,
    ),
    Claim(
        "For a random status quo, the chance that it is locked in rises from about one half with the 12 "
        "founders to about three quarters with 32 members. Each enlargement pushes it up, and the early ones "
        "push hardest.",
        gridlock_words,
    ),
    Claim(
        "| 20 days: fitted to the 2022 ratifications, where 23 of 30 allies finished within 29 days of "
        "signature.",
        mean_assent,
    ),
    Claim("| 0.55: the EU Council's qualified majority counts 55 % of the member states", quota),
    Claim(
        "The formula and 100,000 simulated crises agree to within a few tenths of a day. With 32 members, "
        "unanimity takes about 81 days on average, four times one member's mean. The qualified majority takes "
        "about 16 days, even a little less than the lead nation's 20, because the 18th fastest of 32",
        delays_32,
    ),
    Claim(
        "Cutting the alliance from 32 to 12 shortens unanimity from about 81 to 62 days, but hardly changes "
        "the qualified majority.",
        shrink_to_12,
    ),
    Claim("The last assent alone adds a full $\\mu$, 20 days.", lambda: last_three()[:1]),
    Claim("about 37 days, or 45 % of unanimity's whole delay.", lambda: last_three()[1:]),
    Claim(
        "| 0.8: Wright's 80 % curve for airframe production (Wright 1936) |", lambda: learning()[:1]
    ),
    Claim("| 0.32 at", lambda: learning()[1:]),
    Claim(
        "A learning rate of 0.8 describes assembly of airframes in the 1930s.",
        lambda: [f"{procurement.DEFAULT_LEARNING_RATE:g}"],
    ),
    Claim(
        "With ten equal national programmes only one pair of units in ten shares a platform, and the same "
        "order costs about 110 % more than on one line",
        ten_programmes,
    ),
    Claim(
        "counted about 178 types of major weapon system in use in EU armies against about 30 in the U.S.: "
        "17 main battle tank types against one, 29 types of destroyers and frigates against four, 20 fighter "
        "types against six.",
        weapon_counts,
    ),
    Claim(
        "two tanks picked at random would match one time in 17, and building them on 17 lines instead of one "
        "would cost up to about 150 % more under Wright's curve.",
        tanks,
    ),
    Claim(
        "With 32 members a random status quo is locked in about three times in four", three_in_four
    ),
    Claim(
        "the model expects the last of 30 ratifications after about 80 days, and gives less than one chance "
        "in 25,000 of waiting 273 days",
        nordic_tail,
    ),
    Claim(
        "about 54 % of random status quos with NATO's 12 founders, about 78 % with 32.",
        gridlock_ends,
    ),
]

NOT_CLAIMS: list[NotClaim] = []
