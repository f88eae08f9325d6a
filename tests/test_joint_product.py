"""Theory tests of the joint-product model: the Nash property, the pure limit, comparative statics."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import optimize

from course_lib.models import free_rider as fr
from course_lib.models import joint_product as jp
from strategies import alliances as shared_alliances
from strategies import tastes, vectors

taste_st = tastes(0.02, 0.9)
share_st = st.floats(0.01, 0.99)


@st.composite
def alliances(draw, min_size=1, max_size=7, per_ally_share=True):
    """A free-rider alliance (one taste per ally) with a private share, per ally or common."""
    incomes, taste = draw(shared_alliances(min_size, max_size, tastes=(0.02, 0.9)))
    share = draw(vectors(len(incomes), 0.01, 0.99)) if per_ally_share else draw(share_st)
    outside = draw(st.sampled_from([0.0, 0.0, 2.0, 40.0]))
    return incomes, taste, share, outside


def own_optimum(i, q, incomes, taste, share, outside):
    """Ally i's best utility against the others' q, by a numerical optimiser (not the formula)."""

    def minus_u(x):
        trial = q.copy()
        trial[i] = x
        return -jp.utility(trial, incomes, taste, share, outside)[i]

    res = optimize.minimize_scalar(
        minus_u, bounds=(0.0, incomes[i]), method="bounded", options={"xatol": 1e-12}
    )
    return -min(res.fun, minus_u(0.0), minus_u(incomes[i]))


@settings(max_examples=60)
@given(alliances())
def test_no_ally_gains_by_deviating(alliance):
    incomes, taste, share, outside = alliance
    q = jp.nash_contributions(incomes, taste, share, outside)
    u = jp.utility(q, incomes, taste, share, outside)
    for i in range(incomes.size):
        assert own_optimum(i, q, incomes, taste, share, outside) <= u[i] * (1 + 1e-8) + 1e-12


@settings(max_examples=60)
@given(alliances())
def test_equilibrium_is_a_fixed_point_of_best_responses_and_adds_up(alliance):
    incomes, taste, share, outside = alliance
    q = jp.nash_contributions(incomes, taste, share, outside)
    total = jp.nash_total(incomes, taste, share, outside)
    assert total == pytest.approx(outside + q.sum(), rel=1e-12)
    others = outside + q.sum() - q
    np.testing.assert_allclose(
        jp.best_response(others, incomes, taste, share), q, rtol=1e-8, atol=1e-12
    )


@settings(max_examples=60)
@given(alliances())
def test_with_a_private_share_every_ally_spends_something(alliance):
    incomes, taste, share, outside = alliance
    q = jp.nash_contributions(incomes, taste, share, outside)
    assert np.all(q > 0)
    assert np.all(q < incomes)


@settings(max_examples=40)
@given(alliances())
def test_private_share_zero_is_the_pure_model_exactly(alliance):
    incomes, taste, _, outside = alliance
    np.testing.assert_array_equal(
        jp.nash_contributions(incomes, taste, 0.0, outside),
        fr.nash_contributions(incomes, taste, outside),
    )
    np.testing.assert_array_equal(
        jp.utility(fr.nash_contributions(incomes, taste, outside), incomes, taste, 0.0, outside),
        fr.utility(fr.nash_contributions(incomes, taste, outside), incomes, taste, outside),
    )
    others = np.linspace(0.0, 50.0, incomes.size)
    np.testing.assert_allclose(
        jp.best_response(others, incomes, taste, 0.0),
        fr.best_response(others, incomes, taste),
        atol=1e-12,
    )


@settings(max_examples=40)
@given(alliances())
@example(
    alliance=(
        np.array([1.0, 1.0, 1.0, 35.5, 44.0]),  # ally 4 sits on the contributor boundary
        np.array([0.5, 0.5, 0.5, 0.515625, 0.859375]),
        np.full(5, 0.5),
        0.0,
    )
)
def test_the_limit_of_a_vanishing_private_share_is_the_pure_equilibrium(alliance):
    incomes, taste, _, outside = alliance
    pure = fr.nash_contributions(incomes, taste, outside)
    scale = incomes.sum() + outside
    errors = []
    for s in (1e-4, 1e-6, 1e-8):
        joint = jp.nash_contributions(incomes, taste, s, outside)  # the solver, not the closed form
        errors.append(np.max(np.abs(joint - pure)))
        # O(s) for allies strictly inside or outside the contributor set, but O(sqrt(s)) for an ally
        # on its boundary (I_i / r_i = Q*): its spending solves a quadratic whose constant term is O(s)
        assert errors[-1] <= 5 * np.sqrt(s) * scale + 1e-9
    assert errors[-1] <= errors[0] + 1e-12


@settings(max_examples=40)
@given(alliances(min_size=1))
def test_a_purely_private_good_is_bought_as_if_alone(alliance):
    incomes, taste, _, outside = alliance
    np.testing.assert_allclose(
        jp.nash_contributions(incomes, taste, 1.0, outside), taste * incomes, rtol=1e-9
    )


@settings(max_examples=50)
@given(alliances(min_size=2, per_ally_share=False), st.floats(0.0, 0.98), st.floats(0.005, 0.5))
def test_total_rises_with_the_private_share(alliance, s1, step):
    """A larger private share raises each replacement function, so the equilibrium total rises."""
    incomes, taste, _, outside = alliance
    s2 = min(s1 + step, 1.0)
    low = jp.nash_total(incomes, taste, s1, outside)
    high = jp.nash_total(incomes, taste, s2, outside)
    assert high > low * (1 - 1e-12)


@settings(max_examples=50)
@given(alliances(min_size=2, per_ally_share=False), taste_st)
def test_the_great_still_carry_the_heavier_burden(alliance, taste):
    """With a common taste and share, burden rises with income (the great are exploited less
    than in the pure model, but still): q_i(Q)/I_i rises with I_i at every total."""
    incomes, _, share, outside = alliance
    burden = jp.nash_contributions(incomes, taste, share, outside) / incomes
    order = np.argsort(incomes)
    assert np.all(np.diff(burden[order]) >= -1e-12)


@settings(max_examples=50)
@given(alliances())
def test_replacement_function_decreases_in_the_total(alliance):
    incomes, taste, share, _ = alliance
    totals = np.geomspace(1e-3, 1e3, 25)
    q = np.array([jp.replacement(t, incomes, taste, share) for t in totals])
    assert np.all(np.diff(q, axis=0) <= 1e-12)


def test_worked_example_against_the_first_order_condition():
    incomes = np.array([40.0, 35.0, 15.0, 7.0, 3.0])
    q = jp.nash_contributions(incomes, 0.2, 0.3)
    total = q.sum()
    lhs = 0.8 / (incomes - q)
    rhs = 0.2 * 0.7 / total + 0.2 * 0.3 / q
    np.testing.assert_allclose(lhs, rhs, rtol=1e-10)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"private_share": -0.1}, "private_share"),
        ({"private_share": 1.5}, "private_share"),
        ({"private_share": [0.1, 0.2]}, "private_share"),
        ({"private_share": "lots"}, "private_share"),
        ({"taste": 0.0}, "taste"),
        ({"taste": 1.0}, "taste"),
        ({"incomes": [1.0, -2.0, 3.0]}, "incomes"),
        ({"incomes": [1.0, np.nan, 3.0]}, "incomes"),
        ({"outside": -1.0}, "outside"),
    ],
)
def test_bad_inputs_name_the_argument(kwargs, name):
    args = {"incomes": [1.0, 2.0, 3.0], "taste": 0.2, "private_share": 0.3, "outside": 0.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        jp.nash_contributions(**args)


def test_utility_refuses_spending_above_income():
    with pytest.raises(ValueError, match="spending"):
        jp.utility([2.0, 1.0], [1.0, 1.0], 0.2, 0.5)
    with pytest.raises(ValueError, match="total"):
        jp.replacement(0.0, [1.0], 0.2, 0.5)


def brent_total(incomes, taste, share, outside):
    """The equilibrium total by Brent's method on F(Q) = G + sum q_i(Q) - Q (the old solve)."""

    def excess(total):
        return outside + jp._replacement(total, incomes, taste, share).sum() - total

    high = outside + incomes.sum()
    if excess(high) >= 0:
        return high
    return optimize.brentq(excess, high * 1e-300, high, xtol=1e-300, rtol=4 * np.finfo(float).eps)


@settings(max_examples=80)
@given(alliances(), st.sampled_from([1e-20, 1.0, 1e20]))
def test_newton_total_equals_brent_at_every_scale(alliance, scale):
    incomes, taste, share, outside = alliance
    incomes, outside = incomes * scale, outside * scale
    expected = brent_total(incomes, taste, share, outside)
    assert jp.nash_total(incomes, taste, share, outside) == pytest.approx(expected, rel=1e-13)


@settings(max_examples=40)
@given(
    alliances(min_size=2),
    st.lists(st.tuples(st.floats(0.001, 0.999), st.floats(0.0, 1.0)), min_size=1, max_size=6),
)
def test_many_games_at_once_equal_each_game_alone(alliance, games):
    """``_totals`` on a stack of (taste, share) games, cold or warm-started, equals each game's
    own solve (the closed form for a zero share) to round-off: F is summed from terms as large
    as the incomes, so its noise, and the total's, is a few eps of G + sum(I)."""
    incomes, _, _, outside = alliance
    taste = np.array([[a] for a, _ in games])
    share = np.array([[s] for _, s in games])
    together = jp._totals(incomes, taste, share, outside)
    alone = [jp.nash_total(incomes, a, s, outside) for a, s in games]
    noise = 1e-14 * (outside + incomes.sum())
    np.testing.assert_allclose(together, alone, rtol=1e-13, atol=noise)
    guess = together * np.linspace(0.5, 2, len(games))
    warm = jp._totals(incomes, taste, share, outside, guess=guess)
    np.testing.assert_allclose(warm, alone, rtol=1e-13, atol=noise)


@settings(max_examples=50)
@given(alliances(), st.floats(0.01, 100.0))
def test_replacement_slope_is_the_derivative(alliance, total):
    incomes, taste, share, _ = alliance
    q, slope, _ = jp._replacement_slope(total, incomes, taste, share)
    np.testing.assert_array_equal(q, jp.replacement(total, incomes, taste, share))
    h = 1e-6 * total
    numeric = (
        jp.replacement(total + h, incomes, taste, share)
        - jp.replacement(total - h, incomes, taste, share)
    ) / (2 * h)
    np.testing.assert_allclose(slope, numeric, rtol=1e-5, atol=1e-7)
