"""Lesson 2, the leadership trap: every number its prose quotes, recomputed from the model and the data."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from claims_support import Claim, NotClaim
from course_lib.data import load_nato, load_sipri
from course_lib.models import leadership as L
from course_lib.models.geography import distance_to_km

LESSON = "02_leadership_trap"
EU, IP = L.EUROPE, L.INDO_PACIFIC


@lru_cache(maxsize=None)
def best(theatre=EU):
    return theatre.optimum()


@lru_cache(maxsize=None)
def curve():
    return EU.curve()


@lru_cache(maxsize=None)
def twin(theatre=EU):
    return theatre.twin_challenges()


@lru_cache(maxsize=None)
def game():
    return EU.threat_game(shift=0.5)


def alone(theatre=EU) -> float:
    return theatre.alliance_total(0.0)


def at(target: float) -> int:
    """The grid point of the lesson's curve nearest to ``target`` (as the lesson's code cell picks it)."""
    return int(np.argmin(np.abs(curve().spending - target)))


def half_and_double():
    c, b = curve(), best()
    half, double = at(b.spending / 2), at(2 * b.spending)
    return [
        f"{c.spending_saved[half]:.1f}",
        f"{c.deterrence_lost[half]:.1f}",
        f"{c.influence_lost[half]:.1f}",
        f"{-c.deterrence_lost[double]:.1f}",
        f"{-c.influence_lost[double]:.1f}",
        f"{-c.spending_saved[double]:.1f}",
        f"{c.allied_crowded_out[double]:.1f}",
    ]


def germany_stops_threat() -> float:
    """The smallest threat at which the European optimum leaves no ally contributing."""
    lo, hi = 5.0, 6.5
    assert (
        best(EU.replace(threat=lo)).allied_spending > 0
        and best(EU.replace(threat=hi)).allied_spending == 0
    )
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        if best(EU.replace(threat=mid)).allied_spending > 0:
            lo = mid
        else:
            hi = mid
    return hi


def leap():
    step = EU.threat / 50  # the explorer's threat slider moves in steps of T/50
    assert abs(step - 0.1) < 1e-12
    before, after = (best(EU.replace(threat=t, influence_value=0.0)).spending for t in (5.9, 6.0))
    assert after - before > 0.5  # a jump, not a slide
    return [f"{before:.1f}", f"{after:.1f}"]


def sipri_burden(theatre) -> float:
    s = load_sipri().query("year == 2024").set_index("iso3").loc[list(theatre.allies)]
    gdp = s.milex_musd_current / (s.milex_share_of_gdp_pct / 100)
    return float(s.milex_musd_current.sum() / gdp.sum())


def boundary_taste(theatre) -> float:
    return brentq(lambda a: theatre.twin_boundary([a])[0] - theatre.influence_value, 0.05, 0.9)


def nato2024():
    return load_nato().query("year == 2024").set_index("iso3")


def us_vs_others():
    n = nato2024()
    others = n.drop("USA")
    spend = n.loc["USA", "defence_exp_musd_current"] / others.defence_exp_musd_current.sum()
    gdp = others.gdp_musd_current.sum() / n.loc["USA", "gdp_musd_current"]
    assert 1.7 < spend < 2.0 and 0.85 < gdp < 0.9 and len(others) == 31
    return []


def km(codes, to):
    return [f"{x:,.0f}" for x in distance_to_km(codes, to)]


def japan_alone():
    q = IP.allied_response(0.0)
    assert q[0] > 0 and np.all(q[1:] == 0) and IP.allies[0] == "JPN"
    assert IP.allied_gdp < EU.allied_gdp / 3
    return [f"{alone(IP):.2f}", f"{alone(EU):.2f}"]


CLAIMS = [
    Claim(
        "The United States still spends almost twice as much as the other 31 Allies put together, although "
        "their economies add up to nearly nine tenths of its own.",
        us_vs_others,
    ),
    Claim(
        "is the U.S. defence budget of 2024 (3.38% of GDP in NATO's tables)",
        lambda: [
            f"{nato2024().loc['USA', 'defence_exp_share_real_gdp_pct']:.2f}%",
            f"{L.HEGEMON.spending_2024:.2f}",
        ],
    ),
    Claim(
        "| their GDP, % of U.S. GDP | 87.9 | 27.2 |",
        lambda: [f"{EU.allied_gdp:.1f}", f"{IP.allied_gdp:.1f}"],
    ),
    Claim(
        "| 0.3 | 0.5 | judgement, and the one the regional contrast of §6 rests on",
        lambda: [f"| {EU.taste:g} | {IP.taste:g} |"],
    ),
    Claim(
        "Seoul is 195 km and Tokyo 1,285 km from Pyongyang; Tokyo is 2,092 km from Beijing), while Europe's "
        "largest (Germany, the UK, France) are 1,600 to 2,500 km from Moscow",
        lambda: [
            *km(["KOR", "JPN"], "PRK"),
            *km(["JPN"], "CHN"),
            f"{round(min(distance_to_km(['DEU', 'GBR', 'FRA'], 'RUS')), -2):,.0f} to "
            f"{round(max(distance_to_km(['DEU', 'GBR', 'FRA'], 'RUS')), -2):,.0f} km",
        ],
    ),
    Claim(
        "without the United States the European allies' own equilibrium (5.0) deters with even odds",
        lambda: (
            [f"({alone():.1f})"]
            if abs(L.deterrence_probability(alone(), EU.threat, EU.scale) - 0.5) < 0.01
            else ["not a coin flip"]
        ),
    ),
    Claim(
        "| 0.25 | 0.5 | judgement: 5% of the threat |",
        lambda: [
            f"| {EU.scale:g} | {IP.scale:g} |",
            f"{EU.scale / EU.threat:.0%}",
            f"{IP.scale / IP.threat:.0%}",
        ],
    ),
    Claim(
        "| 1 | 1.425 | the loss-of-strength gradient", lambda: [f"| {EU.cost:g} | {IP.cost:g} |"]
    ),
    Claim(
        "Washington to Beijing is 11,146 km, to Moscow 7,821 km, and 11,146/7,821 = 1.425",
        lambda: [
            *km(["USA"], "CHN"),
            *km(["USA"], "RUS"),
            f"= {distance_to_km(['USA'], 'CHN').iloc[0] / distance_to_km(['USA'], 'RUS').iloc[0]:.3f}",
            f"{IP.cost / EU.cost:.3f}",
        ],
    ),
    Claim("and the total is 5.0.", lambda: [f"{alone():.1f}"]),
    Claim(
        "\\frac{dQ}{dq_H} = \\frac{1}{1 + 7/3 + 7/3} = 0.18:$$ 82 cents of every dollar are cancelled",
        lambda: [f"{EU.crowding_out(0.0):.2f}", f"{100 * (1 - EU.crowding_out(0.0)):.0f} cents"],
    ),
    Claim(
        "Once Britain stops, the slope rises to $1/(1 + 7/3) = 0.3$; past $q_H \\approx 6.9$ Germany stops too",
        lambda: [f"{EU.crowding_out(3.0):.1f}", f"{EU.incomes[0] * EU.taste / (1 - EU.taste):.1f}"],
    ),
    Claim(
        "By then the allies have cut their own spending from 5.0 to 1.7",
        lambda: [f"{alone():.1f}", f"{best().allied_spending:.1f}"],
    ),
    Claim(
        "Leading half as much saves 2.2 units but costs 2.3 in deterrence and 1.9 in influence. Leading twice as "
        "much buys only 0.2 of extra deterrence (it is already near certain) and 1.7 of influence for 4.4 of extra "
        "spending, and it pushes the allies' spending to zero: the 1.7 units they stop paying",
        half_and_double,
    ),
    Claim(
        "By a threat of about 5.8 the European optimum reaches the point where Germany stops",
        lambda: [f"{germany_stops_threat():.1f}"],
    ),
    Claim("move the threat from 5.9 to 6.0; the best commitment leaps from 6.2 to 7.1", leap),
    Claim(
        "with less than a third of Europe's GDP, they field *more* on their own (6.91 against 5.00, all of it "
        "Japan's)",
        japan_alone,
    ),
    Claim(
        "The reason is the preset's taste for security, 0.5 against Europe's 0.3, with the higher cost per unit "
        "($c = 1.425$) on top: the bound is $1.425 \\times 6.91 = 9.85$, well above $\\varphi = 6$, while "
        "Europe's is $1 \\times 5.00$, below it.",
        lambda: (
            [
                f"{IP.taste:g} against Europe's {EU.taste:g}",
                f"$c = {IP.cost:g}$",
                f"{IP.cost:g} \\times {twin(IP).allied_alone:.2f} = {twin(IP).influence_bound:.2f}",
                f"$1 \\times {twin().allied_alone:.2f}$",
                f"\\varphi = {IP.influence_value:g}",
            ]
            if twin().threshold_exists and not twin(IP).threshold_exists
            else ["verdicts changed"]
        ),
    ),
    Claim(
        "Europe's threshold would vanish if its allies were about 20% richer (a factor of 1.20) or had a taste "
        "above 0.35; the Indo-Pacific would have one with any taste below 0.30, Europe's 0.3 included (the bound "
        "would be 5.91).",
        lambda: [
            f"{EU.influence_value / twin().influence_bound - 1:.0%}",
            f"{EU.influence_value / twin().influence_bound:.2f}",
            f"above {boundary_taste(EU):.2f}",
            f"below {boundary_taste(IP):.2f}",
            f"{IP.replace(taste=EU.taste).twin_challenges().influence_bound:.2f}",
        ],
    ),
    Claim(
        "The reason is the preset's taste for security, 0.5 against Europe's 0.3, with the higher cost per unit",
        lambda: [f"{IP.taste:g} against Europe's {EU.taste:g}"],
    ),
    Claim(
        "because of its judged taste for security (0.5), which observed burdens do not confirm",
        lambda: [f"({IP.taste:g})"],
    ),
    Claim("It rests on one judgement: the Indo-Pacific taste of 0.5", lambda: [f"{IP.taste:g}"]),
    Claim(
        "In 2024 the four Indo-Pacific allies spent 1.76% of their combined GDP, NATO's other 31 Allies 1.97%.",
        lambda: [
            f"{sipri_burden(IP):.2%}",
            f"{sipri_burden(EU):.2%}",
            f"other {EU.n_allies} Allies",
        ],
    ),
    Claim(
        "once the allies carried more than 65% of the burden, about two thirds",
        lambda: [f"{twin().threshold_share:.0%}"],
    ),
    Claim(
        "the allies alone field 6.9 against a threat of 10",
        lambda: [f"{alone(IP):.1f}", f"{IP.threat:g}"],
    ),
    Claim(
        "it saves $c$ per unit but loses $\\varphi/Q \\approx 0.98$ per unit in influence",
        lambda: [f"{EU.influence_value / best().total:.2f}"],
    ),
    Claim(
        "exceeds the gap between tolerating and leaving, about 8.5 units",
        lambda: [f"{game().payoffs['status quo'][0] - game().payoffs['collapse'][0]:.1f}"],
    ),
    Claim(
        "($W_{alone}$ is about zero: the hegemon alone would not find deterring a threat of 15 worth its price)",
        lambda: (
            [f"{IP.threat_alone * IP.threat:g}"]
            if abs(IP.threat_game().payoffs["collapse"][0]) < 0.05
            else ["W_alone is not about zero"]
        ),
    ),
    Claim(
        "(in the Europe preset 8.6 units against 0.05 for the demand at stake)",
        lambda: [f"{game().loss_from_collapse:.1f}", f"{game().cost_of_tolerating:.2f}"],
    ),
    Claim(
        "In the Europe preset ($6 > 5.00$) it lies at an allied share of about two thirds; in the Indo-Pacific "
        "preset ($6 < 9.85$) there is none, because of its judged taste for security (0.5)",
        lambda: (
            [
                f"${EU.influence_value:g} > {twin().influence_bound:.2f}$",
                f"${IP.influence_value:g} < {twin(IP).influence_bound:.2f}$",
                f"({IP.taste:g})",
            ]
            + ([] if 0.6 < twin().threshold_share < 0.7 else ["not two thirds"])
        ),
    ),
]

NOT_CLAIMS = [
    NotClaim(
        "The threat rises from 5 to 5.5. Does the hegemon commit more or less? And at 6.5?",
        "slider settings for the student's prediction, not results",
    ),
    NotClaim("The allies become 50% richer (wealth 1.5).", "a slider setting for a prediction"),
    NotClaim("or if both threats grow by 20%?", "a slider setting for a prediction"),
]
