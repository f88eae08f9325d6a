"""Calibration: tastes read off observed spending reproduce it exactly; fits, the spill-in test, counterfactuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.models import calibration as cal
from course_lib.models import evidence
from course_lib.models import free_rider as fr
from course_lib.models import joint_product as jp


@st.composite
def observations(draw, zeros=True):
    """Incomes and observed spending below income; with ``zeros``, some allies spend nothing."""
    n = draw(st.integers(1, 8))
    incomes = np.array(draw(st.lists(st.floats(0.5, 1000.0), min_size=n, max_size=n)))
    burdens = np.array(draw(st.lists(st.floats(0.001, 0.3), min_size=n, max_size=n)))
    if zeros:
        off = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        off[0] = False  # somebody spends
        burdens[off] = 0.0
    outside = draw(st.sampled_from([0.0, 0.0, 5.0]))
    return incomes, burdens * incomes, outside


@settings(max_examples=80)
@given(observations())
def test_pure_tastes_reproduce_observed_spending(obs):
    incomes, spending, outside = obs
    taste = cal.calibrate_tastes(incomes, spending, outside)
    assert np.all((taste > 0) & (taste < 1))
    predicted = fr.nash_contributions(incomes, taste, outside)
    np.testing.assert_allclose(predicted, spending, rtol=1e-9, atol=1e-9 * incomes.max())


@settings(max_examples=60)
@given(observations())
def test_a_zero_spender_gets_the_largest_taste_at_which_it_free_rides(obs):
    incomes, spending, outside = obs
    taste = cal.calibrate_tastes(incomes, spending, outside)
    for i in np.flatnonzero(spending == 0):
        keener = taste.copy()
        keener[i] = taste[i] + 0.01 * (1 - taste[i])
        assert fr.nash_contributions(incomes, keener, outside)[i] > 0


@settings(max_examples=80)
@given(observations(zeros=False), st.floats(0.01, 0.95))
def test_joint_product_tastes_reproduce_observed_spending(obs, share):
    incomes, spending, outside = obs
    taste = cal.calibrate_tastes(incomes, spending, outside, private_share=share)
    assert np.all((taste > 0) & (taste < 1))
    predicted = jp.nash_contributions(incomes, taste, share, outside)
    np.testing.assert_allclose(predicted, spending, rtol=1e-8, atol=1e-10 * incomes.max())


@settings(max_examples=60)
@given(
    st.lists(st.floats(0.5, 100.0), min_size=2, max_size=8),
    st.floats(0.02, 0.5),
    st.floats(0.05, 0.9),
)
def test_calibration_inverts_the_equilibrium(incomes, taste, share):
    incomes = np.array(incomes)
    tastes = np.full(incomes.size, taste)
    q = jp.nash_contributions(incomes, tastes, share)
    np.testing.assert_allclose(
        cal.calibrate_tastes(incomes, q, private_share=share), tastes, rtol=1e-7
    )


def test_real_data_every_nato_year_is_reproduced_exactly():
    for year in range(2014, 2025):
        cs = evidence.cross_section(year, "nato")
        incomes, spending = cs.gdp_musd.to_numpy(), cs.spending_musd.to_numpy()
        pure = cal.calibrate_tastes(incomes, spending)
        np.testing.assert_allclose(fr.nash_contributions(incomes, pure), spending, rtol=1e-9)
        joint = cal.calibrate_tastes(incomes, spending, private_share=0.4)
        np.testing.assert_allclose(jp.nash_contributions(incomes, joint, 0.4), spending, rtol=1e-9)


def test_pure_model_needs_absurd_tastes_for_small_frontline_allies():
    cs = evidence.cross_section(2024, "nato").set_index("iso3")
    pure = pd.Series(cal.calibrate_tastes(cs.gdp_musd, cs.spending_musd), index=cs.index)
    joint = pd.Series(
        cal.calibrate_tastes(cs.gdp_musd, cs.spending_musd, private_share=0.5), index=cs.index
    )
    assert pure["LVA"] > 0.9 > 0.1 > pure["USA"]
    assert joint.max() < 0.2  # with private benefits every taste is a few percent


def test_fit_recovers_the_private_share_that_generated_the_data():
    incomes = fr.alliance_incomes(12, 1.2)
    q = jp.nash_contributions(incomes, 0.06, 0.4)
    fit = cal.fit_private_share(incomes, q)
    assert fit.private_share == pytest.approx(0.4, abs=2e-3)
    assert fit.taste == pytest.approx(0.06, rel=1e-2)
    assert fit.rmse_pp < 1e-2 < fit.pure_rmse_pp


def test_fit_of_pure_data_finds_no_private_share():
    incomes = np.array([10.0, 9.8, 9.6, 9.5])  # equal enough that all contribute
    q = fr.nash_contributions(incomes, 0.3)
    assert np.all(q > 0)
    fit = cal.fit_private_share(incomes, q)
    assert fit.private_share < 0.01
    assert fit.pure_rmse_pp < 1e-4


def test_us_cut_of_zero_changes_nothing_and_pure_replacement_matches_the_closed_form():
    cs = evidence.cross_section(2024, "nato")
    incomes, spending = cs.gdp_musd.to_numpy(), cs.spending_musd.to_numpy()
    us = int(np.flatnonzero(cs.iso3 == "USA")[0])
    none = cal.us_cut(incomes, spending, us, 0.0)
    np.testing.assert_allclose(none.spending_after, spending, rtol=1e-9)
    cf = cal.us_cut(incomes, spending, us, 0.2)
    taste = cal.calibrate_tastes(incomes, spending)
    others = np.arange(incomes.size) != us
    r = (1 - taste[others]) / taste[others]  # everybody contributes before and after the cut
    assert cf.replaced == pytest.approx(1 - 1 / (1 + r.sum()), rel=1e-9)
    assert cf.spending_after[us] == pytest.approx(0.8 * spending[us])


@settings(max_examples=30)
@given(st.floats(0.05, 1.0), st.floats(0.0, 0.9))
def test_a_us_cut_lowers_the_total_and_the_others_make_up_part_of_it(cut, share):
    cs = evidence.cross_section(2022, "nato")
    incomes, spending = cs.gdp_musd.to_numpy(), cs.spending_musd.to_numpy()
    us = int(np.flatnonzero(cs.iso3 == "USA")[0])
    cf = cal.us_cut(incomes, spending, us, cut, share)
    assert cf.total_after < cf.total_before
    assert 0 < cf.replaced < 1
    others = np.arange(incomes.size) != us
    assert np.all(cf.spending_after[others] >= spending[others] * (1 - 1e-12))


def test_pure_model_replaces_more_of_a_us_cut_than_joint_products():
    cs = evidence.cross_section(2024, "nato")
    args = (
        cs.gdp_musd.to_numpy(),
        cs.spending_musd.to_numpy(),
        int(np.flatnonzero(cs.iso3 == "USA")[0]),
        0.3,
    )
    replaced = [cal.us_cut(*args, s).replaced for s in (0.0, 0.2, 0.5, 0.8)]
    assert np.all(np.diff(replaced) < 0)


def _synthetic_panel(share, noise, seed=1):
    """Years of a model alliance with random income growth, spending from the model plus noise."""
    rng = np.random.default_rng(seed)
    base = np.array([100.0, 60.0, 40.0, 30.0, 20.0])
    rows = []
    for year in range(30):
        incomes = base * np.exp(rng.normal(0.0, 0.15, base.size))
        q = jp.nash_contributions(incomes, 0.3, share) * (1 + noise * rng.normal(size=base.size))
        rows += [
            {
                "iso3": f"A{i}",
                "year": year,
                "gdp_musd": incomes[i],
                "spending_musd": q[i],
                "member": True,
            }
            for i in range(base.size)
        ]
    return pd.DataFrame(rows)


def test_spill_in_test_accepts_the_pure_model_and_rejects_joint_products():
    pure = cal.spill_in_test(_synthetic_panel(0.0, 1e-4))
    assert np.all(pure["p_restriction"] > 0.001)
    np.testing.assert_allclose(pure["restriction"], 0.0, atol=0.02)
    assert np.all(pure["spill_in_coef"] < 0)
    joint = cal.spill_in_test(_synthetic_panel(0.7, 1e-4))
    assert np.all(joint["p_restriction"] < 0.001)
    assert np.all(joint["restriction"] > 0.1)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cal.calibrate_tastes([1.0, 2.0], [0.5]), "spending"),
        (lambda: cal.calibrate_tastes([1.0, 2.0], [1.0, 0.1]), "spending"),
        (lambda: cal.calibrate_tastes([1.0, 0.0], [0.1, 0.0]), "incomes"),
        (lambda: cal.calibrate_tastes([1.0, 2.0], [0.0, 0.0]), "spending"),
        (lambda: cal.calibrate_tastes([1.0, 2.0], [0.1, 0.0], private_share=0.3), "spending"),
        (lambda: cal.calibrate_tastes([1.0, 2.0], [0.1, 0.2], private_share=1.0), "private_share"),
        (lambda: cal.calibrate_tastes([1.0, 2.0], [0.1, 0.2], outside=-1), "outside"),
        (lambda: cal.us_cut([1.0, 2.0], [0.1, 0.2], 0, 1.5), "cut"),
        (lambda: cal.us_cut([1.0, 2.0], [0.1, 0.2], 2, 0.5), "hegemon"),
        (lambda: cal.spill_in_test(pd.DataFrame({"iso3": ["A"], "year": [1]})), "panel"),
        (
            lambda: cal.calibrated_panel(evidence.burden_panel("nato"), private_share=2),
            "private_share",
        ),
    ],
)
def test_bad_inputs_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_calibrated_panel_covers_every_member_year():
    panel = cal.calibrated_panel(evidence.burden_panel("nato"), private_share=0.3)
    assert set(panel["year"]) == set(range(2014, 2025))
    assert panel["taste"].between(0, 1, inclusive="neither").all()
    assert len(panel[panel["year"] == 2024]) == 31  # every Ally but Iceland


def reference_best_taste(incomes, spending, share, outside=0.0):
    """The straightforward computation: every grid taste solved alone by the public model, then
    bounded Brent (what best_common_taste computes with its fast solve)."""
    from scipy.optimize import minimize_scalar

    def error(a):
        return cal.burden_fit(incomes, spending, a, share, outside)

    errors = [error(a) for a in cal.TASTE_GRID]
    k = int(np.argmin(errors))
    lo, hi = cal.TASTE_GRID[max(k - 1, 0)], cal.TASTE_GRID[min(k + 1, cal.TASTE_GRID.size - 1)]
    res = minimize_scalar(error, bounds=(lo, hi), method="bounded", options={"xatol": 1e-7})
    return (res.x, res.fun) if res.fun <= errors[k] else (cal.TASTE_GRID[k], errors[k])


def reference_fit(incomes, spending, outside=0.0):
    """The nested search the fit replaced: the best taste for every grid share, then bounded
    Brent over the share around the best one (each step a full best-taste search)."""
    from scipy.optimize import minimize_scalar

    fits = [reference_best_taste(incomes, spending, s, outside) for s in cal.SHARE_GRID]
    k = int(np.argmin([f[1] for f in fits]))
    lo, hi = cal.SHARE_GRID[max(k - 1, 0)], cal.SHARE_GRID[min(k + 1, cal.SHARE_GRID.size - 1)]
    res = minimize_scalar(
        lambda s: reference_best_taste(incomes, spending, s, outside)[1],
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-5},
    )
    share, (taste, rmse) = cal.SHARE_GRID[k], fits[k]
    if res.fun < rmse:
        share = res.x
        taste, rmse = reference_best_taste(incomes, spending, share, outside)
    return share, taste, rmse, fits[0]


def nato(year):
    cs = evidence.cross_section(year, "nato")
    return cs.gdp_musd.to_numpy(), cs.spending_musd.to_numpy()


@pytest.mark.parametrize("share", [0.0, 0.05, 0.3, 0.7])
def test_best_common_taste_equals_the_straightforward_search(share):
    incomes, spending = nato(2024)
    taste, rmse = cal.best_common_taste(incomes, spending, share)
    ref_taste, ref_rmse = reference_best_taste(incomes, spending, share)
    assert taste == pytest.approx(ref_taste, rel=1e-9)
    assert rmse == pytest.approx(ref_rmse, rel=1e-12)


@pytest.mark.parametrize("year", [2014, 2022, 2024])
def test_fit_is_at_least_as_good_as_the_nested_search_and_lands_on_its_optimum(year):
    """The two-dimensional refinement finds the optimum the nested 1-D searches approximate
    (to their tolerances: 1e-5 in the share, 1e-7 in the taste), never a worse one."""
    incomes, spending = nato(year)
    fit = cal.fit_private_share(incomes, spending)
    share, taste, rmse, (pure_taste, pure_rmse) = reference_fit(incomes, spending)
    assert fit.rmse_pp <= rmse * (1 + 1e-12)
    assert fit.rmse_pp == pytest.approx(rmse, rel=1e-9)
    assert fit.private_share == pytest.approx(share, abs=2e-5)
    assert fit.taste == pytest.approx(taste, rel=1e-5)
    assert fit.pure_taste == pytest.approx(pure_taste, rel=1e-9)
    assert fit.pure_rmse_pp == pytest.approx(pure_rmse, rel=1e-12)
    # the reported error is the model's, and no nearby point does better
    assert fit.rmse_pp == pytest.approx(
        cal.burden_fit(incomes, spending, fit.taste, fit.private_share), rel=1e-12
    )
    for da in (-1e-6, 0.0, 1e-6):
        for ds in (-1e-5, 0.0, 1e-5):
            near = cal.burden_fit(incomes, spending, fit.taste + da, fit.private_share + ds)
            assert near >= fit.rmse_pp * (1 - 1e-13)


@settings(max_examples=25)
@given(observations(zeros=False))
def test_fit_beats_every_grid_point_and_the_pure_fit(obs):
    incomes, spending, outside = obs
    fit = cal.fit_private_share(incomes, spending, outside)
    assert 0.0 <= fit.private_share <= cal.SHARE_GRID[-1]
    assert cal.TASTE_GRID[0] <= fit.taste <= cal.TASTE_GRID[-1]
    assert fit.rmse_pp <= fit.pure_rmse_pp * (1 + 1e-12)
    assert fit.rmse_pp == pytest.approx(
        cal.burden_fit(incomes, spending, fit.taste, fit.private_share, outside),
        rel=1e-9,
        abs=1e-12,
    )
    grid = min(
        cal.burden_fit(incomes, spending, a, s, outside)
        for s in cal.SHARE_GRID[::3]
        for a in cal.TASTE_GRID[::3]
    )
    assert fit.rmse_pp <= grid * (1 + 1e-9) + 1e-12


def test_calibration_state_reads_the_year_once_and_matches_the_model():
    state = cal.calibration_state(2021, 0.35, 0.1)
    again = cal.calibration_state(2021, 0.35, 0.1)
    np.testing.assert_array_equal(state.predicted, again.predicted)
    incomes, spending = nato(2021)
    np.testing.assert_array_equal(state.gdp, incomes)
    taste, _ = cal.best_common_taste(incomes, spending, 0.35)
    assert state.taste == taste
    np.testing.assert_allclose(
        state.predicted, cal.predicted_burdens(incomes, taste, 0.35), rtol=1e-13
    )
    assert not state.gdp.flags.writeable  # the cached year cannot be changed by a caller
