"""Lesson 5 model: preferred sanctions, consensus / majority / optimum, decoupling, Germany's gas."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import optimize

from course_lib.models import interdependence as model

FINITE = {"allow_nan": False, "allow_infinity": False}


@st.composite
def alliances(draw):
    """Random alliances: dependence >= 0 and stake > 0, one per member."""
    n = draw(st.integers(1, 32))
    tau = draw(arrays(float, n, elements=st.floats(0.0, 0.2, **FINITE)))
    theta = draw(arrays(float, n, elements=st.floats(0.005, 0.2, **FINITE)))
    return tau, theta


def test_preferred_sanction_formula_and_clipping():
    s = model.preferred_sanction([0.0, 0.02, 0.05, 0.09], 0.05)
    assert s == pytest.approx([1.0, 0.6, 0.0, 0.0])


@settings(max_examples=60)
@given(st.floats(0.0, 0.2, **FINITE), st.floats(0.005, 0.2, **FINITE))
def test_preferred_sanction_maximises_the_payoff(tau, theta):
    peak = model.preferred_sanction([tau], [theta])[0]
    grid = np.linspace(0.0, 1.0, 2001)
    values = theta * (grid - grid**2 / 2) - tau * grid  # the payoff on a fine grid
    assert model.sanction_payoff(0.3, [tau], [theta])[0] == pytest.approx(theta * 0.255 - tau * 0.3)
    assert model.sanction_payoff(peak, [tau], [theta])[0] >= values.max() - 1e-12


@settings(max_examples=60)
@given(alliances(), st.floats(0.0, 0.1, **FINITE))
def test_preferred_sanction_falls_as_dependence_rises(case, extra):
    tau, theta = case
    assert np.all(
        model.preferred_sanction(tau + extra, theta) <= model.preferred_sanction(tau, theta)
    )


@settings(max_examples=150)
@given(alliances())
def test_consensus_is_the_minimum_and_never_above_majority_or_optimum(case):
    tau, theta = case
    peaks = model.preferred_sanction(tau, theta)
    result = model.collective_sanctions(tau, theta)
    assert result.consensus == pytest.approx(peaks.min())
    assert result.consensus == model.consensus_sanction(tau, theta)
    assert result.consensus <= result.majority + 1e-12
    assert result.consensus <= result.optimal + 1e-12
    assert result.watered_down >= -1e-12
    assert peaks[result.setter] == pytest.approx(result.consensus)
    assert result.majority == pytest.approx(np.median(peaks))
    assert result.costs == pytest.approx(tau * result.consensus)


@settings(max_examples=60)
@given(alliances())
def test_optimal_level_maximises_the_summed_payoff(case):
    tau, theta = case
    best = optimize.minimize_scalar(
        lambda s: -model.sanction_payoff(s, tau, theta).sum(),
        bounds=(0.0, 1.0),
        method="bounded",
        options={"xatol": 1e-10},
    )
    s_opt = model.optimal_sanction(tau, theta)
    assert model.sanction_payoff(s_opt, tau, theta).sum() >= -best.fun - 1e-9


@settings(max_examples=100)
@given(alliances())
def test_optimum_is_the_clipped_weighted_mean_of_the_unclipped_peaks(case):
    tau, theta = case
    unclipped = 1.0 - tau / theta
    weighted = float(np.sum(theta * unclipped) / np.sum(theta))
    s_opt = model.optimal_sanction(tau, theta)
    assert s_opt == pytest.approx(min(1.0, max(0.0, weighted)), abs=1e-12)
    best = optimize.minimize_scalar(
        lambda s: -model.sanction_payoff(s, tau, theta).sum(),
        bounds=(0.0, 1.0),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert model.sanction_payoff(s_opt, tau, theta).sum() >= -best.fun - 1e-12, (
        "scipy found a better level"
    )
    assert model.consensus_sanction(tau, theta) <= s_opt + 1e-12


def test_optimum_is_not_the_mean_of_the_clipped_peaks():
    tau, theta = [3.0, 0.0], [1.0, 1.0]
    peaks = model.preferred_sanction(tau, theta)
    assert list(peaks) == [0.0, 1.0] and np.average(peaks, weights=theta) == 0.5
    assert model.optimal_sanction(tau, theta) == 0.0  # 1 - 3/2 < 0, clipped
    grid = np.linspace(0.0, 1.0, 1001)
    summed = [model.sanction_payoff(s, tau, theta).sum() for s in grid]
    assert grid[int(np.argmax(summed))] == 0.0, (
        "any sanction costs the first member more than it gives the second"
    )


@settings(max_examples=60)
@given(st.floats(0.05, 1.5, **FINITE), st.floats(0.0, 1.0, **FINITE))
def test_binding_dependence_is_where_the_peak_meets_the_others(stake, others):
    tau_star = model.binding_dependence(stake, others)
    gap = lambda tau: model.preferred_sanction([tau], stake)[0] - others  # noqa: E731
    if 0.0 < others < 1.0:
        root = optimize.brentq(gap, 0.0, stake, xtol=1e-14)
        assert tau_star == pytest.approx(root, abs=1e-10)
    assert model.preferred_sanction([tau_star * 1.001 + 1e-9], stake)[0] < others or others == 0.0
    assert model.preferred_sanction([tau_star * 0.999], stake)[0] >= others


def test_germany_binds_exactly_above_eighteen_percent():
    threshold = model.binding_dependence(0.6, 0.7)
    assert threshold == pytest.approx(0.18)
    for tau, who in [(threshold + 0.01, "Germany"), (threshold - 0.01, "others")]:
        peak = model.preferred_sanction([tau], 0.6)[0]
        assert ("Germany" if peak < 0.7 else "others") == who
    case = model.germany_case(0.6, 0.7)
    assert list(case["setter"] == "Germany") == list(case["dependence"] > threshold)


def test_one_dependent_member_waters_the_sanctions_down():
    alliance = model.example_alliance()
    r = model.collective_sanctions(alliance.dependence, alliance.stake)
    assert alliance.member[r.setter] == "Gas-dependent"
    assert r.consensus == pytest.approx(0.1)
    assert r.majority > 0.8 and r.optimal > 0.7
    tau = alliance.dependence.to_numpy().copy()
    tau[r.setter] = 0.0  # the dependent member decouples
    after = model.collective_sanctions(tau, alliance.stake)
    assert after.consensus > r.consensus and alliance.member[after.setter] == "Trading power"


@settings(max_examples=100)
@given(alliances(), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_decoupling_never_lowers_the_consensus_level(case, periods, seed):
    tau, theta = case
    rng = np.random.default_rng(seed)
    cuts = rng.uniform(0.0, 0.03, (periods - 1, tau.size))
    path = np.maximum(np.vstack([tau, tau - np.cumsum(cuts, axis=0)]), 0.0)
    levels = model.decoupling_path(path, theta)
    assert levels.shape == (periods,)
    assert np.all(np.diff(levels) >= -1e-12)
    assert np.all(np.diff(model.decoupling_path(path, theta, rule="majority")) >= -1e-12)
    assert np.all(np.diff(model.decoupling_path(path, theta, rule="optimal")) >= -1e-12)


def test_germany_case_follows_the_sourced_gas_shares():
    gas = model.germany_gas()
    shares = gas["russia_share_of_gas_imports"].to_numpy()
    assert shares[0] == pytest.approx(0.55) and shares[-1] == 0.0
    assert np.all(np.diff(shares) <= 0)
    assert gas["source"].str.len().min() > 20, "every figure names its source"
    case = model.germany_case(stake=0.6, others=0.7)
    assert list(case["setter"]) == ["Germany", "Germany", "Germany", "others"]
    assert case["consensus"].iloc[0] == pytest.approx(1 - 0.55 / 0.6)
    assert case["consensus"].iloc[-1] == pytest.approx(0.7)
    assert np.all(np.diff(case["consensus"]) >= 0)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: model.preferred_sanction([-0.01, 0.02], 0.05), "dependence"),
        (lambda: model.preferred_sanction([0.01, 0.02], 0.0), "stake"),
        (lambda: model.preferred_sanction([0.01, 0.02], [0.05]), "stake"),
        (lambda: model.consensus_sanction([np.nan], 0.05), "dependence"),
        (lambda: model.sanction_payoff(1.5, [0.01], 0.05), "level"),
        (lambda: model.sanction_costs(-0.1, [0.01]), "level"),
        (lambda: model.decoupling_path([[0.1, -0.2]], 0.05), "dependence_path"),
        (lambda: model.decoupling_path([0.1, 0.2], 0.05), "dependence_path"),
        (lambda: model.decoupling_path([[0.1, 0.2]], 0.05, rule="dictator"), "rule"),
        (lambda: model.germany_case(stake=-1.0), "stake"),
        (lambda: model.germany_case(others=2.0), "others"),
        (lambda: model.binding_dependence(0.0, 0.7), "stake"),
        (lambda: model.binding_dependence(0.6, -0.1), "others"),
    ],
)
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
