"""Theory tests of path dependence: the two learning rules, allied spending that follows the
belief, and the step-back scenario (a longer history gives a stickier belief and a longer gap)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.models import leadership as L
from course_lib.models import path_dependence as P
from course_lib.models import public_good
from strategies import alliances

EU = L.EUROPE
Q_BAR = EU.optimum().spending


# --------------------------------------------------------------------------- beliefs


@settings(max_examples=60)
@given(
    st.integers(0, 200), st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40), st.floats(0.0, 1.0)
)
def test_counting_rule_is_the_beta_posterior_mean(history, delivered, prior):
    b = P.belief_path(delivered, history=history, rule="count", prior=prior)
    seen = np.concatenate(([0.0], np.cumsum(delivered)[:-1]))
    t = np.arange(len(delivered))
    np.testing.assert_allclose(b, (2 * prior + history + seen) / (2 + history + t), rtol=1e-12)


@settings(max_examples=60)
@given(st.integers(0, 100), st.floats(0.0, 1.0), st.floats(0.01, 1.0), st.integers(1, 40))
def test_adaptive_rule_closes_the_distance_geometrically(history, f, lam, years):
    b = P.belief_path(np.full(years, f), history=history, rule="adaptive", learning_rate=lam)
    b0 = P.seed_belief(history, "adaptive", lam)
    np.testing.assert_allclose(b, f + (b0 - f) * (1 - lam) ** np.arange(years), atol=1e-12)


def test_seeded_beliefs_rise_with_history_towards_one():
    for rule in P.RULES:
        seeds = [P.seed_belief(h, rule, 0.2) for h in range(0, 101, 5)]
        assert np.all(np.diff(seeds) > 0) and seeds[-1] < 1 and seeds[0] == 0.5
    assert P.seed_belief(70, "count") == pytest.approx(71 / 72)


def test_a_learning_rate_of_one_believes_only_last_year():
    b = P.belief_path([1, 0, 0.3, 1], history=70, rule="adaptive", learning_rate=1.0)
    np.testing.assert_allclose(b, [1.0, 1.0, 0.0, 0.3])


@settings(max_examples=40)
@given(
    st.sampled_from(P.RULES),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30),
    st.integers(0, 100),
    st.floats(0.01, 1.0),
)
def test_beliefs_stay_probabilities(rule, delivered, history, lam):
    b = P.belief_path(delivered, history=history, rule=rule, learning_rate=lam)
    assert np.all((b >= 0) & (b <= 1))


# --------------------------------------------------------------------------- allies follow the belief


@settings(max_examples=30)
@given(st.floats(0.0, 1.0))
def test_allies_answer_the_expected_hegemon_spending_with_the_nash_equilibrium(belief):
    q = P.allied_spending_given_belief(EU.incomes, EU.taste, belief, Q_BAR)
    np.testing.assert_allclose(q, L.allied_response(EU.incomes, EU.taste, belief * Q_BAR))


def test_allies_spend_more_the_less_they_trust_the_hegemon():
    totals = [
        P.allied_spending_given_belief(EU.incomes, EU.taste, b, Q_BAR).sum()
        for b in np.linspace(0, 1, 21)
    ]
    assert np.all(np.diff(totals) < 0)


# --------------------------------------------------------------------------- the step back


def test_step_back_path_adds_up():
    r = P.step_back(
        EU.incomes, EU.taste, Q_BAR, EU.threat, cut=0.5, step_year=5, years=40, history=70
    )
    assert r.year.tolist() == list(range(40))
    np.testing.assert_allclose(r.delivered[:5], 1.0)
    np.testing.assert_allclose(r.delivered[5:], 0.5)
    np.testing.assert_allclose(r.hegemon_spending, r.delivered * Q_BAR)
    np.testing.assert_allclose(r.expected_hegemon, r.belief * Q_BAR)
    np.testing.assert_allclose(r.total, r.hegemon_spending + r.allied_spending)
    np.testing.assert_allclose(r.gap, np.maximum(EU.threat - r.total, 0))
    assert np.all(r.gap[:5] == 0)  # no gap while the hegemon shows up
    assert r.gap[5] > 0 and r.largest_gap == r.gap.max() and r.year_of_largest_gap == 5
    assert r.gap_years == pytest.approx(r.gap.sum())
    assert r.long_run_total == pytest.approx(EU.alliance_total(0.5 * Q_BAR))


def test_the_gap_closes_once_beliefs_catch_up_if_the_long_run_total_deters():
    r = P.step_back(
        EU.incomes, EU.taste, Q_BAR, EU.threat, history=70, rule="adaptive", learning_rate=0.3
    )
    assert r.long_run_total > EU.threat
    assert 0 < r.years_to_close < math.inf
    closed = r.step_year + int(r.years_to_close)
    assert np.all(r.gap[closed:] == 0) and r.gap[closed - 1] > 0
    assert r.total[-1] == pytest.approx(r.long_run_total, rel=1e-6)


def test_a_gap_that_the_allies_cannot_fill_never_closes():
    ip = L.INDO_PACIFIC
    r = P.step_back_for(ip, cut=0.5, rule="adaptive", learning_rate=1.0)
    assert r.long_run_total < ip.threat and math.isinf(r.years_to_close)


def test_no_step_back_no_gap():
    r = P.step_back(EU.incomes, EU.taste, Q_BAR, EU.threat, cut=0.0)
    assert r.largest_gap == 0 and r.years_to_close == 0 and r.year_of_largest_gap == -1


@settings(max_examples=25)
@given(st.integers(0, 60), st.integers(1, 60), st.floats(0.2, 0.8))
def test_a_longer_history_gives_a_stickier_belief_and_a_longer_gap(short, extra, cut):
    """Counting: every year's belief is higher, the gap at least as big, and it lasts longer."""
    long = short + extra
    kw = {"cut": cut, "step_year": 5, "years": 80, "rule": "count"}
    a = P.step_back(EU.incomes, EU.taste, Q_BAR, EU.threat, history=short, **kw)
    b = P.step_back(EU.incomes, EU.taste, Q_BAR, EU.threat, history=long, **kw)
    assert np.all(b.belief > a.belief)
    assert np.all(b.gap >= a.gap - 1e-12)
    assert b.years_to_close >= a.years_to_close
    if b.gap_years > 0:  # a gap opens (a small cut may leave none)
        assert b.gap_years > a.gap_years


@settings(max_examples=25)
@given(st.integers(0, 30), st.integers(1, 60), st.floats(0.05, 0.6))
def test_with_adaptive_learning_a_longer_history_still_keeps_the_gap_open_longer(short, extra, lam):
    long = short + extra
    kw = {"cut": 0.5, "step_year": 5, "years": 60, "rule": "adaptive", "learning_rate": lam}
    a = P.step_back(EU.incomes, EU.taste, Q_BAR, EU.threat, history=short, **kw)
    b = P.step_back(EU.incomes, EU.taste, Q_BAR, EU.threat, history=long, **kw)
    assert b.belief[5] > a.belief[5]  # stickier at the step back ...
    assert np.all(b.belief >= a.belief)  # ... and never less sticky (both tend to the new level)
    assert b.years_to_close >= a.years_to_close
    assert b.gap_years >= a.gap_years
    if a.gap_years > 0:
        assert b.gap_years > a.gap_years


def test_seventy_years_of_history_keep_the_gap_open_far_longer_than_ten():
    ten = P.step_back_for(EU, history=10, rule="count")
    seventy = P.step_back_for(EU, history=70, rule="count")
    assert 0 < ten.years_to_close < seventy.years_to_close
    g = P.gap_by_history(EU.incomes, EU.taste, Q_BAR, EU.threat, [0, 10, 20, 70])
    assert np.all(np.diff(g["years_to_close"]) > 0) and np.all(np.diff(g["gap_years"]) > 0)
    assert np.all(np.diff(g["belief_at_step"]) > 0)


@settings(max_examples=20)
@given(st.floats(0.05, 0.5), st.floats(0.05, 0.5))
def test_faster_learners_close_the_gap_sooner(lam1, lam2):
    slow, fast = sorted((lam1, lam2))
    kw = {"history": 70, "rule": "adaptive"}
    a = P.step_back_for(EU, learning_rate=slow, **kw)
    b = P.step_back_for(EU, learning_rate=fast, **kw)
    assert b.years_to_close <= a.years_to_close


# --------------------------------------------------------------------------- fast paths = the plain loops


@settings(max_examples=60)
@given(alliances(max_size=12), st.lists(st.floats(0.0, 200.0), min_size=1, max_size=20))
def test_many_nash_solves_at_once_equal_one_solve_per_outside_spending(alliance, outside):
    incomes, taste = alliance
    many = public_good._nash_many(incomes, np.broadcast_to(taste, incomes.shape), np.array(outside))
    one_by_one = [public_good.nash_contributions(incomes, taste, g) for g in outside]
    np.testing.assert_allclose(many, one_by_one, rtol=1e-13, atol=1e-300)


def _step_back_year_by_year(
    incomes, taste, q_bar, threat, cut, step_year, years, history, rule, lam
):
    """The step back as first written: beliefs counted year by year, one Nash solve per year."""
    delivered = np.ones(years)
    delivered[step_year:] = 1.0 - cut
    beliefs, alpha, beta = [], 1.0 + history, 1.0
    b = P.seed_belief(history, "adaptive", lam)
    for f in delivered:
        beliefs.append(alpha / (alpha + beta) if rule == "count" else b)
        alpha, beta, b = alpha + f, beta + 1.0 - f, b + lam * (f - b)
    allied = [L.allied_response(incomes, taste, x * q_bar).sum() for x in beliefs]
    gap = np.maximum(threat - (delivered * q_bar + np.array(allied)), 0.0)
    open_years = np.flatnonzero(gap[step_year:] > 1e-9)
    if open_years.size == 0:
        to_close = 0.0
    else:
        shut = np.flatnonzero(gap[step_year + open_years[0] :] <= 1e-9)
        to_close = float(open_years[0] + shut[0]) if shut.size else math.inf
    return np.array(beliefs), np.array(allied), gap, to_close


@settings(max_examples=40)
@given(
    alliances(max_size=6, common_taste=True),
    st.floats(0.0, 15.0),
    st.floats(0.0, 40.0),
    st.floats(0.0, 1.0),
    st.integers(0, 8),
    st.integers(1, 80),
    st.sampled_from(P.RULES),
    st.floats(0.01, 1.0),
)
def test_step_back_and_gap_by_history_equal_the_year_by_year_loop(
    alliance, q_bar, threat, cut, step_year, extra, rule, lam
):
    incomes, taste = alliance
    years = step_year + extra
    histories = [0, 3, 10, 70]
    args = (incomes, taste, q_bar, threat, cut, step_year, years)
    summary = P.gap_by_history(
        *args[:4],
        histories,
        rule=rule,
        cut=cut,
        step_year=step_year,
        years=years,
        learning_rate=lam,
    )
    for i, h in enumerate(histories):
        beliefs, allied, gap, to_close = _step_back_year_by_year(*args, h, rule, lam)
        run = P.step_back(*args[:4], cut, step_year, years, h, rule, lam)
        np.testing.assert_allclose(run.belief, beliefs, rtol=1e-12)
        np.testing.assert_allclose(run.allied_spending, allied, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(run.gap, gap, rtol=1e-12, atol=1e-12)
        assert run.years_to_close == to_close == summary["years_to_close"][i]
        assert summary["gap_years"][i] == pytest.approx(gap.sum(), rel=1e-12, abs=1e-12)
        assert summary["largest_gap"][i] == pytest.approx(gap.max(), rel=1e-12, abs=1e-12)
        assert summary["belief_at_step"][i] == pytest.approx(beliefs[step_year], rel=1e-12)


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: P.belief_path([1.0], rule="adaptive", learning_rate=0.0), "learning_rate"),
        (lambda: P.belief_path([1.0], rule="adaptive", learning_rate=1.5), "learning_rate"),
        (lambda: P.seed_belief(70, "adaptive", learning_rate=-0.2), "learning_rate"),
        (lambda: P.belief_path([1.2]), "delivered"),
        (lambda: P.belief_path([-0.1]), "delivered"),
        (lambda: P.belief_path([1.0], history=-1), "history"),
        (lambda: P.belief_path([1.0], history=2.5), "history"),
        (lambda: P.belief_path([1.0], prior=1.1), "prior"),
        (lambda: P.belief_path([1.0], rule="bayes"), "rule"),
        (lambda: P.allied_spending_given_belief(EU.incomes, EU.taste, 1.5, Q_BAR), "belief"),
        (lambda: P.allied_spending_given_belief(EU.incomes, EU.taste, 0.5, -1.0), "usual_spending"),
        (lambda: P.step_back(EU.incomes, EU.taste, -1.0, 5.0), "usual_spending"),
        (lambda: P.step_back(EU.incomes, EU.taste, 4.0, -5.0), "threat"),
        (lambda: P.step_back(EU.incomes, EU.taste, 4.0, 5.0, cut=1.5), "cut"),
        (lambda: P.step_back(EU.incomes, EU.taste, 4.0, 5.0, years=10, step_year=10), "step_year"),
        (
            lambda: P.step_back(EU.incomes, EU.taste, 4.0, 5.0, learning_rate=2.0, rule="adaptive"),
            "learning_rate",
        ),
        (lambda: P.step_back(EU.incomes, 1.5, 4.0, 5.0), "taste"),
        (lambda: P.gap_by_history(EU.incomes, EU.taste, 4.0, 5.0, [1.5]), "histories"),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
