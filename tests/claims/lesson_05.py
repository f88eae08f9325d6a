"""Lesson 5 (economic interdependence): every number in the prose, recomputed."""

from __future__ import annotations

import inspect

import numpy as np

from claims_support import Claim, NotClaim
from course_lib.models import interdependence as inter

LESSON = "05_economic_interdependence"


def gas(period_start: str) -> float:
    table = inter.germany_gas()
    row = table[table["period"].str.startswith(period_start)]
    return float(row["russia_share_of_gas_imports"].iloc[0])


def pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f}%"


def alliance():
    return inter.example_alliance()


def member(name: str) -> int:
    return int(np.flatnonzero(alliance()["member"] == name)[0])


def ranges():
    a = alliance()
    return [
        f"from {pct(a.dependence.min(), 1)} to {pct(a.dependence.max(), 1)}",
        f"from {pct(a.stake.min())} to {pct(a.stake.max())}",
    ]


def decouple():
    a = alliance()
    tau = a.dependence.to_numpy().copy()
    before = inter.collective_sanctions(tau, a.stake)
    tau[member("Gas-dependent")] = 0.01
    after = inter.collective_sanctions(tau, a.stake)
    assert after.consensus > before.consensus
    assert a.member[after.setter] == "Trading power"
    return [f"*Trading power*, {pct(after.consensus)}"]


def frontline_dependent():
    a = alliance()
    tau = a.dependence.to_numpy().copy()
    before = inter.collective_sanctions(tau, a.stake)
    tau[member("Frontline A")] = 0.05
    after = inter.collective_sanctions(tau, a.stake)
    assert after.optimal < before.optimal and after.majority < before.majority
    assert after.majority == after.preferred[member("Southern")]
    assert after.consensus == before.consensus and a.member[after.setter] == "Gas-dependent"
    return [
        f"about {pct(after.preferred[member('Frontline A')])}",
        pct(after.majority, 1),
        f"stays at {pct(after.consensus)}",
    ]


def germany_defaults():
    params = inspect.signature(inter.germany_case).parameters
    stake, others = params["stake"].default, params["others"].default
    assert stake > gas("2021"), "a little above the 2021 share"
    return [f"set it to {stake:g}", f"peaks, {others:g}"]


def germany_threshold():
    params = inspect.signature(inter.germany_case).parameters
    stake, others = params["stake"].default, params["others"].default
    threshold = inter.binding_dependence(stake, others)
    case = inter.germany_case(stake, others)
    bound = case[case["setter"] == "Germany"]["period"].tolist()
    assert bound == ["2021 average", "end of April 2022", "end of June 2022"], bound
    assert gas("end of June") > threshold
    return [
        f"others' {others:g}",
        f"$\\theta = {stake:g}$",
        f"**{pct(threshold)}**",
        f"({pct(gas('end of June'))})",
    ]


def clipped_example():
    tau, theta = [3.0, 0.0], [1.0, 1.0]
    peaks = inter.preferred_sanction(tau, theta)
    assert inter.optimal_sanction(tau, theta) == 0.0
    return [
        f"${peaks[0]:g}$ and ${peaks[1]:g}$",
        f"${np.average(peaks, weights=theta):g}$",
        f"${1 - tau[0] / theta[0]:g}$",
    ]


CLAIMS = [
    Claim("put the Russian share at about **55% in 2021**", lambda: [pct(gas("2021"))]),
    Claim(
        "about **35%** by the end of April 2022 and **26%** by the end of June",
        lambda: [pct(gas("end of April")), pct(gas("end of June"))],
    ),
    Claim("Dependences run from 0.3% to 4.5% of GDP and stakes from 4% to 9% of GDP.", ranges),
    Claim(
        "The *Gas-dependent* member cuts its dependence from 4.5%",
        lambda: [f"from {pct(alliance().dependence[member('Gas-dependent')], 1)}"],
    ),
    Claim(
        "The *Frontline A* member's dependence rises from 0.5%",
        lambda: [f"from {pct(alliance().dependence[member('Frontline A')], 1)}"],
    ),
    Claim("peak of the next least willing member (the *Trading power*, 50%)", decouple),
    Claim(
        "When *Frontline A* becomes dependent, its peak drops to about 44%: the optimum falls, and so does "
        "the median, to the *Southern* member's 62.5%, because a member has crossed from above the median "
        "to below it. The consensus level stays at 10%",
        frontline_dependent,
    ),
    Claim(
        "Take two members with $\\theta = (1, 1)$ and $\\tau = (3, 0)$: their peaks are $0$ and $1$, and the "
        "mean of the peaks is $0.5$. Yet any sanction costs the first member three times what it gains the "
        "second, so $s_O = \\max(0, 1 - 3/2) = 0$. The first member's unclipped peak, $-2$,",
        clipped_example,
    ),
    Claim(
        "We set it to 0.6, a little above the 2021 share, so that before the war Germany accepts only token "
        "measures. The other members are summarised by the lowest of their peaks, 0.7.",
        germany_defaults,
    ),
    Claim(
        "its peak $1 - \\tau/\\theta$ is then below the others' 0.7. With $\\theta = 0.6$ that threshold",
        lambda: germany_threshold()[:2],
    ),
    Claim(
        "that threshold is a share of **18%**. Germany was above it in 2021 and still at the end of June 2022 "
        "(26%), so it bound throughout.",
        lambda: germany_threshold()[2:],
    ),
    Claim("is then below the others' 0.7.", lambda: germany_threshold()[:1]),
]

NOT_CLAIMS = [
    NotClaim("to 1% of GDP. Where does", "the move the student is asked to predict, not a result"),
    NotClaim(
        "to 5%. Which of the three levels moves?",
        "the move the student is asked to predict, not a result",
    ),
]
