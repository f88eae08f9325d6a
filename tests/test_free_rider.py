"""Theory tests of the free-rider model: the Nash property, dynamics, comparative statics, limits."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from course_lib.models import evidence
from course_lib.models import free_rider as fr
from strategies import OUTSIDE, tastes
from strategies import alliances as shared_alliances

taste_st = tastes()
alliances = partial(shared_alliances, outside=OUTSIDE)  # (incomes, taste, outside)


def own_optimum(i, q, incomes, taste, outside):
    """Ally i's best utility against the others' q, by a numerical optimiser (not the formula)."""
    taste = np.broadcast_to(taste, incomes.shape)

    def minus_u(x):
        trial = q.copy()
        trial[i] = x
        return -fr.utility(trial, incomes, taste, outside)[i]

    res = optimize.minimize_scalar(
        minus_u, bounds=(0.0, incomes[i]), method="bounded", options={"xatol": 1e-10}
    )
    best = min(minus_u(0.0), res.fun)  # the corner q_i = 0 is allowed too
    return -best


@settings(max_examples=60)
@given(alliances())
def test_no_ally_gains_by_deviating(alliance):
    incomes, taste, outside = alliance
    q = fr.nash_contributions(incomes, taste, outside)
    u = fr.utility(q, incomes, taste, outside)
    for i in range(incomes.size):
        assert own_optimum(i, q, incomes, taste, outside) <= u[i] * (1 + 1e-7) + 1e-9


@settings(max_examples=60)
@given(alliances())
def test_equilibrium_is_a_fixed_point_of_best_responses(alliance):
    incomes, taste, outside = alliance
    q = fr.nash_contributions(incomes, taste, outside)
    others = outside + q.sum() - q
    np.testing.assert_allclose(
        fr.best_response(others, incomes, taste), q, atol=1e-9 * (1 + incomes.max())
    )


@settings(max_examples=40)
@given(alliances(max_size=12), st.sampled_from(["sequential", "simultaneous"]))
def test_best_response_dynamics_converge_to_closed_form(alliance, mode):
    incomes, taste, outside = alliance
    path = fr.best_response_dynamics(
        incomes, taste, outside, mode=mode, tol=1e-12, max_rounds=200_000
    )
    assert path.shape[1] == incomes.size
    np.testing.assert_allclose(path[0], 0.0)
    np.testing.assert_allclose(
        path[-1], fr.nash_contributions(incomes, taste, outside), atol=1e-6 * (1 + incomes.max())
    )


def test_naive_simultaneous_play_overshoots_in_a_large_alliance():
    """With full steps everybody reacts to the same old total: play jumps between extremes."""
    incomes, taste = np.ones(10), 0.3
    path = fr.best_response_dynamics(incomes, taste, mode="simultaneous", step=1.0, max_rounds=50)
    nash = fr.nash_contributions(incomes, taste)
    assert len(path) == 51  # never settles
    assert np.abs(path[-1] - path[-2]).max() > 0.25  # everybody jumps between 0 and a*I = 0.3
    assert np.abs(path[-1] - nash).max() > 0.9 * nash.max()


@given(st.integers(1, 200), st.floats(0.1, 1e4), taste_st)
def test_equal_incomes_match_symmetric_closed_form(n, income, taste):
    q = fr.nash_contributions(np.full(n, income), taste)
    r = (1 - taste) / taste
    np.testing.assert_allclose(q, income / (1 + n * r), rtol=1e-9)
    assert fr.nash_total(np.full(n, income), taste) == pytest.approx(
        fr.symmetric_nash_total(n, income, taste)
    )


@given(st.floats(0.1, 1e3), taste_st)
def test_pareto_gap_grows_with_alliance_size(income, taste):
    sizes = np.arange(1, 60)
    result = fr.gap_by_size(sizes, income, taste)
    assert np.all(np.diff(result["gap"]) > 0)
    assert np.all(result["nash"] <= result["optimum"] + 1e-12)
    # a single ally is its own optimum: no gap
    assert result["gap"][0] == pytest.approx(0.0, abs=1e-9 * income)
    for n in (1, 5, 40):
        assert fr.pareto_optimal_total(np.full(n, income), taste) == pytest.approx(
            result["optimum"][n - 1]
        )


@settings(max_examples=60)
@given(alliances(min_size=2, common_taste=True))
def test_burden_rises_with_income(alliance):
    """Exploitation of the great by the small: with a common taste, burden is non-decreasing in income."""
    incomes, taste, outside = alliance
    q = fr.nash_contributions(incomes, taste, outside)
    b = fr.burden(q, incomes)
    order = np.argsort(incomes)
    assert np.all(np.diff(b[order]) >= -1e-12)
    # the smallest allies stop contributing first: contributors are the richest
    if np.any(q == 0) and np.any(q > 0):
        assert incomes[q > 0].min() >= incomes[q == 0].max()


@settings(max_examples=60)
@given(alliances(min_size=2), st.floats(0.0, 1.0), st.data())
def test_income_transfers_among_contributors_are_neutral(alliance, fraction, data):
    """Bergstrom-Blume-Varian: a transfer smaller than the donor's contribution leaves Q* unchanged."""
    incomes, taste, outside = alliance
    q = fr.nash_contributions(incomes, taste, outside)
    contributors = np.flatnonzero(q > 1e-9)
    assume(contributors.size >= 2)
    donor, receiver = data.draw(st.permutations(contributors.tolist()))[:2]
    moved = fraction * 0.999 * q[donor]
    after = incomes.copy()
    after[donor] -= moved
    after[receiver] += moved
    assert fr.nash_total(after, taste, outside) == pytest.approx(
        fr.nash_total(incomes, taste, outside), rel=1e-9
    )
    q_after = fr.nash_contributions(after, taste, outside)
    assert q_after[donor] == pytest.approx(q[donor] - moved, abs=1e-8 * (1 + incomes.max()))


@settings(max_examples=40)
@given(alliances())
def test_outside_spending_is_crowded_out_but_not_fully(alliance):
    incomes, taste, outside = alliance
    h = 1e-6 * (1 + incomes.sum())
    q0 = fr.nash_total(incomes, taste, outside)
    q1 = fr.nash_total(incomes, taste, outside + h)
    slope = (q1 - q0) / h
    assert 0 < slope <= 1 + 1e-6
    if np.all(fr.nash_contributions(incomes, taste, outside + h) == 0):
        assert slope == pytest.approx(1.0)


@settings(max_examples=40)
@given(alliances(min_size=2), st.floats(0.05, 0.9), st.data())
def test_threat_shock_raises_frontline_spending_and_total(alliance, shock, data):
    incomes, taste, outside = alliance
    n = incomes.size
    front = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    front = np.array(front)
    after = fr.threat_shock(np.broadcast_to(taste, (n,)), front, shock)
    assert np.all(after[front] > np.broadcast_to(taste, (n,))[front])
    np.testing.assert_array_equal(after[~front], np.broadcast_to(taste, (n,))[~front])
    assert np.all((after > 0) & (after < 1))
    assert fr.nash_total(incomes, after, outside) >= fr.nash_total(incomes, taste, outside) - 1e-9


def test_threat_shock_accepts_indices():
    np.testing.assert_allclose(fr.threat_shock([0.2, 0.2, 0.2], [0, 2], 0.5), [0.6, 0.2, 0.6])


def test_small_example_by_hand():
    # incomes 10, 5, 3, 1 and a = 0.3 (r = 7/3): only the largest contributes, Q = 10/(1+7/3) = 3
    q = fr.nash_contributions([10, 5, 3, 1], 0.3)
    np.testing.assert_allclose(q, [3.0, 0, 0, 0])


@settings(max_examples=40)
@given(
    st.lists(st.floats(1.0, 1e6), min_size=3, max_size=30, unique=True),
    st.lists(st.floats(0.0, 10.0), min_size=3, max_size=30),
)
def test_exploitation_test_is_spearman(gdp, share):
    n = min(len(gdp), len(share))
    gdp, share = np.array(gdp[:n]), np.array(share[:n])
    assume(np.ptp(share) > 0)
    result = fr.exploitation_test(gdp, share)
    expected = stats.spearmanr(gdp, share)
    assert result.correlation == pytest.approx(expected.statistic)
    # the p-value is the course's permutation p-value, not the t-approximation
    assert result.pvalue == evidence.exploitation_test(gdp, share).pvalue
    assert result.n == n


def test_exploitation_test_p_value_counts_pairings():
    # four allies: 4! = 24 pairings; only the two perfect orderings reach |rho| = 1
    result = fr.exploitation_test([1.0, 2.0, 3.0, 4.0], [0.5, 1.0, 2.0, 3.0])
    assert result.correlation == pytest.approx(1.0)
    assert result.pvalue == pytest.approx(2 / 24)


def test_exploitation_test_on_the_model_is_positive():
    incomes = np.geomspace(1, 100, 12)
    q = fr.nash_contributions(incomes, 0.6)
    assert (
        fr.exploitation_test(incomes, fr.burden(q, incomes) + 1e-3 * np.arange(12)).correlation
        > 0.9
    )


@settings(max_examples=60)
@given(alliances(), st.floats(1.0, 10.0), st.floats(0.0, 1.0))
def test_the_hegemon_always_stays_when_alone_is_no_easier(alliance, m, p):
    """Inside, the hegemon could spend what it spends alone and still enjoy the allies' spending."""
    incomes, taste, _ = alliance
    hegemon = int(np.argmax(incomes))
    calc = fr.us_calculation(incomes, taste, hegemon=hegemon, threat_alone=m, collapse_risk=p)
    assert calc.stays
    assert calc.cost_of_collapse >= 0.0 and calc.cost_of_free_riding >= 0.0  # clamped, never -1e-16
    # the proof's step, checked numerically: spending a_H I_H inside beats being alone
    a_h = np.broadcast_to(taste, incomes.shape)[hegemon]
    q = fr.nash_contributions(incomes, taste)
    trial = q.copy()
    trial[hegemon] = a_h * incomes[hegemon]
    assert fr.utility(trial, incomes, taste)[hegemon] >= calc.utility_alone * (1 - 1e-12)
    assert calc.utility_inside >= fr.utility(trial, incomes, taste)[hegemon] * (1 - 1e-12)


@settings(max_examples=60)
@given(
    alliances(min_size=2),
    st.floats(1.0, 4.0),
    st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6),
)
def test_tolerating_is_a_threshold_in_the_collapse_risk(alliance, m, risks):
    incomes, taste, _ = alliance
    calcs = [
        fr.us_calculation(incomes, taste, hegemon=0, threat_alone=m, collapse_risk=p)
        for p in sorted(risks)
    ]
    first = calcs[0]
    assert 0.0 <= first.breakeven_risk <= 1.0
    for calc, p in zip(calcs, sorted(risks)):
        # the fields that do not depend on p do not move with it
        assert calc[:6] == first[:6] and calc.breakeven_risk == first.breakeven_risk
        assert calc.collapse_risk == p
        assert calc.tolerates == (p >= calc.breakeven_risk)
        gamble = (1 - p) * calc.cost_of_free_riding - p * calc.cost_of_collapse
        at_stake = calc.cost_of_free_riding + calc.cost_of_collapse
        if abs(gamble) > 1e-9 * (1 + at_stake):  # away from the tie, the definition itself
            assert calc.tolerates == (gamble < 0)
    # monotone: once tolerated at some risk, tolerated at every higher risk
    flags = [c.tolerates for c in calcs]
    assert flags == sorted(flags)
    if first.cost_of_free_riding + first.cost_of_collapse > 0:
        assert first.breakeven_risk == pytest.approx(
            first.cost_of_free_riding / (first.cost_of_free_riding + first.cost_of_collapse)
        )


@settings(max_examples=40)
@given(alliances(min_size=2), st.floats(1.0, 3.0))
def test_a_harder_world_alone_makes_collapse_costlier(alliance, m):
    incomes, taste, _ = alliance
    calc = fr.us_calculation(incomes, taste, hegemon=0, threat_alone=m)
    harsher = fr.us_calculation(incomes, taste, hegemon=0, threat_alone=m + 1.0)
    assert harsher.cost_of_collapse >= calc.cost_of_collapse
    assert harsher.cost_of_free_riding == calc.cost_of_free_riding  # pressing's prize ignores m
    assert harsher.breakeven_risk <= calc.breakeven_risk
    assert harsher.tolerates >= calc.tolerates


def test_us_calculation_on_problem_set_ones_alliance():
    """The issue's example: leaving costs 3.14, yet at an even collapse risk the hegemon presses."""
    incomes = np.array([30.0, 25.0, 20.0, 10.0, 5.0])
    calc = fr.us_calculation(incomes, 0.3, hegemon=0, threat_alone=1.5)
    # by hand: r = 7/3; allies 0 and 1 contribute (20 / r = 8.57 < Q*), Q* = 55 / (1 + 2r) = 9.71
    q_total = 55 / (1 + 14 / 3)
    inside = (7 / 3 * q_total) ** 0.7 * q_total**0.3  # private consumption r Q*, security Q*
    assert calc.utility_inside == pytest.approx(inside)
    assert (
        round(calc.utility_inside, 2),
        round(calc.utility_alone, 2),
        round(calc.utility_fair_share, 2),
    ) == (17.56, 14.42, 22.47)
    assert calc.utility_alone == pytest.approx(0.7**0.7 * 0.3**0.3 * 30 / 1.5**0.3)
    assert round(calc.cost_of_collapse, 2) == 3.14 and calc.stays
    assert not calc.tolerates and calc.collapse_risk == 0.5
    assert calc.breakeven_risk == pytest.approx(4.905148 / (4.905148 + 3.142695), rel=1e-6)
    assert fr.us_calculation(
        incomes, 0.3, hegemon=0, threat_alone=1.5, collapse_risk=0.61
    ).tolerates
    assert not fr.us_calculation(
        incomes, 0.3, hegemon=0, threat_alone=1.5, collapse_risk=0.60
    ).tolerates


def test_us_calculation_edge_cases():
    alone = fr.us_calculation([5.0], 0.3, threat_alone=1.0)  # one ally: nothing at stake
    assert alone.cost_of_collapse == 0.0 and alone.cost_of_free_riding == 0.0
    assert alone.stays and alone.tolerates and alone.breakeven_risk == 0.0
    # a hegemon that pays for everyone at m = 1 loses nothing by collapse: press unless p = 1
    lone_payer = fr.us_calculation([100.0, 1.0, 1.0], 0.08, hegemon=0, threat_alone=1.0)
    assert lone_payer.cost_of_collapse == 0.0 and lone_payer.cost_of_free_riding > 0
    assert lone_payer.breakeven_risk == 1.0 and not lone_payer.tolerates
    assert fr.us_calculation([100.0, 1.0, 1.0], 0.08, threat_alone=1.0, collapse_risk=1.0).tolerates


@pytest.mark.parametrize("risk", [-0.1, 1.5, np.nan, "high"])
def test_us_calculation_refuses_a_bad_collapse_risk(risk):
    with pytest.raises(ValueError, match="collapse_risk"):
        fr.us_calculation([3.0, 1.0], 0.3, collapse_risk=risk)


@settings(max_examples=80)
@given(alliances(), st.integers(-1010, 1010))
def test_equilibrium_scales_exactly_with_powers_of_two(alliance, k):
    """Homogeneous of degree one: scaling incomes and outside by 2**k scales q* by 2**k, anywhere in range."""
    incomes, taste, outside = alliance
    q = fr.nash_contributions(incomes, taste, outside)
    scaled = fr.nash_contributions(np.ldexp(incomes, k), taste, float(np.ldexp(outside, k)))
    expected = np.ldexp(q, k)
    tiny = np.ldexp(
        1e-12 * incomes.max(), k
    )  # outputs may be subnormal near the bottom of the range
    np.testing.assert_allclose(scaled, expected, rtol=1e-12, atol=tiny)


@settings(max_examples=80)
@given(alliances(), st.floats(-300.0, 300.0))
def test_equilibrium_is_scale_invariant_over_the_float_range(alliance, log10_scale):
    incomes, taste, outside = alliance
    c = 10.0**log10_scale
    q = fr.nash_contributions(incomes, taste, outside)
    scaled = fr.nash_contributions(incomes * c, taste, outside * c)
    np.testing.assert_allclose(scaled / c, q, rtol=1e-9, atol=1e-9 * incomes.max())


def test_the_largest_incomes_do_not_overflow():
    np.testing.assert_allclose(fr.nash_contributions([1e308, 1e308], 0.5), [1e308 / 3, 1e308 / 3])
    top = np.finfo(float).max
    q = fr.nash_contributions([top, top, top], 0.5, outside=top)
    assert np.all(np.isfinite(q)) and np.all(q == 0.0)  # the outside spending already exceeds I/r
    q = fr.nash_contributions([top, top / 2], 0.9)
    np.testing.assert_allclose(q, np.ldexp(fr.nash_contributions([1.0, 0.5], 0.9), 1024))
    assert np.all(fr.nash_contributions([5e-324, 1e-320], 0.5) >= 0)
    # thresholds I_i / r_i beyond the float range (tastes near 1) must still be ordered right:
    # compared as infinities they tie, and the wrong ally is taken as the first contributor
    incomes = np.array([7.96209105e307, 1.62666365e308, 8.92331739e307, 7.71744229e307])
    tastes = np.array([0.7340874, 0.99646804, 0.96416568, 0.62198559])
    np.testing.assert_allclose(
        fr.nash_contributions(incomes, tastes),
        np.ldexp(fr.nash_contributions(np.ldexp(incomes, -1000), tastes), 1000),
        rtol=1e-13,
    )


@pytest.mark.parametrize(
    ("n", "share", "count"),
    [
        (2, 0.5, 1),
        (4, 0.5, 2),
        (6, 0.5, 3),
        (8, 0.5, 4),  # 0.5 of 1, 3, 5, 7 others: halves go up
        (11, 0.35, 4),
        (11, 0.15, 2),
        (11, 0.25, 3),
        (32, 0.25, 8),
        (5, 0.125, 1),
        (5, 0.124, 0),
    ],
)
def test_frontline_share_rounds_half_up(n, share, count):
    mask = fr.frontline_allies(n, share)
    assert fr.frontline_count(n, share) == count
    assert mask.sum() == count and not mask[-1]


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: fr.nash_contributions([1, -2], 0.3), "incomes"),
        (lambda: fr.nash_contributions([1, np.nan], 0.3), "incomes"),
        (lambda: fr.nash_contributions([1, np.inf], 0.3), "incomes"),
        (lambda: fr.nash_contributions([], 0.3), "incomes"),
        (lambda: fr.nash_contributions([1, 2], 1.0), "taste"),
        (lambda: fr.nash_contributions([1, 2], 0.0), "taste"),
        (lambda: fr.nash_contributions([1, 2], [0.3, 0.4, 0.5]), "taste"),
        (lambda: fr.nash_contributions([1, 2], 0.3, outside=-1), "outside"),
        (lambda: fr.nash_contributions("abc", 0.3), "incomes"),
        (lambda: fr.nash_contributions([[1, 2]], 0.3), "incomes"),
        (lambda: fr.best_response(-1.0, 1.0, 0.3), "others_total"),
        (lambda: fr.best_response_dynamics([1, 2], 0.3, mode="random"), "mode"),
        (lambda: fr.best_response_dynamics([1, 2], 0.3, mode="simultaneous", step=1.5), "step"),
        (lambda: fr.best_response_dynamics([1, 2], 0.3, start=[1.0]), "start"),
        (lambda: fr.utility([2, 0], [1, 1], 0.3), "spending"),
        (lambda: fr.utility([1], [1, 1], 0.3), "spending"),
        (lambda: fr.burden([1, 1], [0, 1]), "incomes"),
        (lambda: fr.exploitation_test([1, 2], [1, 2]), "gdp"),
        (lambda: fr.exploitation_test([1, 2, 3], [1, 1, 1]), "spending_share"),
        (lambda: fr.exploitation_test([1, 2, 3], [1, 2]), "gdp"),
        (lambda: fr.threat_shock([0.2, 0.3], [True], 0.5), "frontline"),
        (lambda: fr.threat_shock([0.2, 0.3], [0], 1.0), "shock"),
        (lambda: fr.threat_shock([0.2, 0.3], [5], 0.1), "frontline"),
        (lambda: fr.us_calculation([1, 2], 0.3, hegemon=2), "hegemon"),
        (lambda: fr.us_calculation([1, 2], 0.3, threat_alone=0.5), "threat_alone"),
        (lambda: fr.us_calculation([1, 2], 0.3, collapse_risk=2), "collapse_risk"),
        (lambda: fr.frontline_count(3, -0.1), "share"),
        (lambda: fr.symmetric_nash_total(0, 1.0, 0.3), "n"),
        (lambda: fr.gap_by_size([1.5], 1.0, 0.3), "sizes"),
        (lambda: fr.frontline_allies(10, 1.5), "share"),
        (lambda: fr.frontline_allies(0, 0.5), "n"),
    ],
)
def test_bad_input_raises_clear_error(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=5), st.floats()
)
def test_nash_never_returns_nan(incomes, taste):
    try:
        q = fr.nash_contributions(incomes, taste)
    except ValueError:
        return
    assert np.all(np.isfinite(q)) and np.all(q >= 0)


def test_large_alliance_is_exact():
    rng = np.random.default_rng(1)
    incomes = rng.lognormal(0, 1.5, 100_000)
    taste = rng.uniform(0.05, 0.95, 100_000)
    q = fr.nash_contributions(incomes, taste)
    total = q.sum()
    r = (1 - taste) / taste
    contrib = q > 0
    np.testing.assert_allclose(incomes[contrib] - q[contrib], r[contrib] * total, rtol=1e-9)
    assert np.all(incomes[~contrib] / r[~contrib] <= total * (1 + 1e-12))
