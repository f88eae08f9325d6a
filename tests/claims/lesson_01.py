"""Lesson 1, the free-rider dilemma: every number its prose quotes, recomputed."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import optimize

from claims_support import Claim, NotClaim
from course_lib.models import evidence
from course_lib.models import free_rider as fr

LESSON = "01_free_rider"


@lru_cache(maxsize=None)
def _1964():
    table = evidence.cross_section(1964)
    return table, table.gdp_musd.to_numpy() / 1000, int(np.flatnonzero(table.iso3 == "USA")[0])


def sipri_1964(code: str) -> str:
    table = _1964()[0]
    return f"{float(table.loc[table.iso3 == code, 'burden_pct'].iloc[0]):.2f}%"


def nato(code: str, year: int) -> str:
    panel = evidence.burden_panel("nato")
    return f"{float(panel.loc[(panel.iso3 == code) & (panel.year == year), 'burden_pct'].iloc[0]):.2f}%"


def rank_test():
    table = _1964()[0]
    return evidence.exploitation_test(table.gdp_musd, table.burden_pct)


def us(m: float, taste: float = 0.08, **kw):
    _, gdp, usa = _1964()
    return fr.us_calculation(gdp, taste, hegemon=usa, threat_alone=m, **kw)


def check_rank_test():
    test = rank_test()
    assert test.n == 14 and not test.exact and test.correlation > 0
    assert test.n > evidence.EXACT_MAX_N == 9 and evidence.RESAMPLES == 100_000
    assert round(math.factorial(14) / 1e9) == 87
    assert round(100 * test.pvalue) == 2  # "about 2 pairings in 100"
    return test


def check_correlation():
    test = check_rank_test()
    return [f"{test.correlation:.1f}", f"{test.n} allies"]


def check_pvalue():
    test = check_rank_test()
    return [
        f"p ≈ {test.pvalue:.2f}",
        f"more than {evidence.EXACT_MAX_N} members",
        f"{evidence.RESAMPLES:,}",
    ]


def check_1964_calculation():
    calc = us(2.0, collapse_risk=0.5)
    q = fr.nash_contributions(_1964()[1], 0.08)
    assert np.count_nonzero(q > 0) == 1 and q[_1964()[2]] > 0  # only the United States contributes
    assert calc.stays and calc.tolerates  # at an even chance it tolerates
    assert not us(2.0, collapse_risk=calc.breakeven_risk - 1e-6).tolerates
    return calc


def check_breakeven_path():
    at_one = us(1.0)
    assert at_one.cost_of_collapse == 0.0 and at_one.breakeven_risk == 1.0
    grid = np.linspace(1, 4, 61)
    risks = [us(m).breakeven_risk for m in grid]
    assert all(b <= a for a, b in zip(risks, risks[1:]))  # "it falls"
    even = optimize.brentq(lambda m: us(m).breakeven_risk - 0.5, 1.0 + 1e-9, 4.0)
    assert us(1.7).breakeven_risk > 0.5 > us(1.8).breakeven_risk
    return [f"≈ {even:.2f}"]


def check_taste_moves_the_curve():
    low, high = us(2.0).breakeven_risk, us(2.0, taste=0.3).breakeven_risk
    assert high > low and high - low < 0.05  # "hardly moves, and rises a little"
    _, gdp, usa = _1964()
    q = fr.nash_contributions(gdp, 0.3)
    assert np.flatnonzero(q > 0).tolist() == [usa]
    assert gdp[usa] > gdp.sum() - gdp[usa] and gdp.size - 1 == 13
    return [f"{low:.2f} to {high:.2f}"]


def check_frontline():
    incomes = fr.alliance_incomes(32, 1.0)
    front = fr.frontline_allies(32, 0.25)
    before = fr.nash_contributions(incomes, 0.08)
    after = fr.nash_contributions(incomes, fr.threat_shock(0.08, front, 0.1, n=32))
    paying = np.flatnonzero(front & (after > 0))
    assert front.sum() == 8 and paying.size == 1
    assert incomes[paying[0]] == incomes[front].max()  # the largest of them
    assert after[front].sum() > 0.5 * after.sum()  # "most of the alliance's defence"
    assert after.sum() - before.sum() < after[front].sum() - before[front].sum()
    assert after[~front].sum() < before[~front].sum()
    return []


def check_worked_example():
    incomes = np.array([40.0, 35.0, 15.0, 7.0, 3.0])
    return [f"{fr.nash_total(incomes, 0.2):.2f}", f"{fr.pareto_optimal_total(incomes, 0.2):.0f}"]


CLAIMS = [
    Claim(
        "the United States spent **8.05%** of its GDP on its armed forces, the United Kingdom "
        "**6.60%**, West Germany **4.36%** and Luxembourg **1.25%**",
        lambda: [sipri_1964("USA"), sipri_1964("GBR"), sipri_1964("DEU"), sipri_1964("LUX")],
    ),
    Claim("A Spearman correlation of about 0.6 across 14 allies", check_correlation),
    Claim(
        "Here about 2 pairings in 100 do (p ≈ 0.02). With more than 9 members there are too many "
        "pairings to list (14! is about 87 billion), so `exploitation_test` draws 100,000 of them "
        "at random",
        check_pvalue,
    ),
    Claim("spent in 1964 (SIPRI: 8.05% of GDP)", lambda: [sipri_1964("USA")]),
    Claim(
        "their GDPs had a log-spread of about 1.7",
        lambda: [f"{np.log(_1964()[0].gdp_musd).std(ddof=0):.1f}"],
    ),
    Claim(
        "The alliance buys 8.33 units of defence; efficiency calls for 20.", check_worked_example
    ),
    Claim("in 1964 Luxembourg spent 1.25%", lambda: [sipri_1964("LUX")]),
    Claim(
        "The allies' fair share would be worth 21.89 to it",
        lambda: [f"{check_1964_calculation().cost_of_free_riding:.2f}"],
    ),
    Claim(
        "would cost it 27.09, so the breakeven risk is 0.45.",
        lambda: [
            f"{check_1964_calculation().cost_of_collapse:.2f}",
            f"{check_1964_calculation().breakeven_risk:.2f}.",
        ],
    ),
    Claim("were the risk below 0.45, it would press", lambda: [f"{us(2.0).breakeven_risk:.2f}"]),
    Claim(
        "It falls as going alone gets harder, to 0.45 at",
        lambda: [f"{us(2.0).breakeven_risk:.2f} at"] if check_breakeven_path() else [],
    ),
    Claim("and 0.34 at", lambda: [f"{us(3.0).breakeven_risk:.2f} at"]),
    Claim("≈ 1.75: that is the only place", check_breakeven_path),
    Claim("the breakeven risk goes from 0.45 to 0.48", check_taste_moves_the_curve),
    Claim(
        "Only one of the eight frontline allies contributes at all, the largest of them, and it "
        "now pays for most of the alliance's defence.",
        check_frontline,
    ),
    Claim(
        "Poland went from 1.88% in 2014 to 4.12% in 2024, Estonia from 1.93% to 3.43%, Latvia "
        "from 0.94% to 3.15% and Lithuania from 0.88% to 2.85%, while the United States went from "
        "3.71% to 3.38%",
        lambda: [nato(c, y) for c in ("POL", "EST", "LVA", "LTU", "USA") for y in (2014, 2024)],
    ),
]

NOT_CLAIMS = [
    NotClaim(
        "the 2014 pledge to move towards 2%",
        "NATO's guideline, a definition, not a computed number",
    ),
]
