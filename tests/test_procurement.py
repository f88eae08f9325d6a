"""Theory tests for the procurement model: interoperability, Wright's learning curve, pooling."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.models import procurement as pr

rates = st.floats(0.01, 1.0, allow_nan=False)
rates_above_half = st.floats(0.5, 1.0, allow_nan=False)
positive_units = st.lists(st.floats(0.5, 1e5, allow_nan=False), min_size=1, max_size=30)


def shares_from(units):
    units = np.asarray(units, dtype=float)
    return units / units.sum()


# ----------------------------------------------------------------------------- interoperability


def test_single_platform_is_fully_interoperable():
    assert pr.interoperability([1.0]) == 1.0
    assert pr.interoperability([0.0, 1.0, 0.0]) == 1.0


@given(st.integers(1, 300))
def test_k_equal_platforms_give_one_over_k(k):
    assert math.isclose(pr.interoperability(np.full(k, 1.0 / k)), 1.0 / k, rel_tol=1e-9)


@settings(max_examples=200)
@given(positive_units)
def test_interoperability_lies_between_one_over_k_and_one(units):
    s = shares_from(units)
    value = pr.interoperability(s)
    assert 1.0 / len(s) - 1e-12 <= value <= 1.0 + 1e-12


def test_interoperability_is_a_probability_of_a_match():
    rng = np.random.default_rng(0)
    shares = np.array([0.5, 0.3, 0.2])
    a = rng.choice(3, size=200_000, p=shares)
    b = rng.choice(3, size=200_000, p=shares)
    assert abs((a == b).mean() - pr.interoperability(shares)) < 0.005


# ----------------------------------------------------------------------------- learning curve


@settings(max_examples=100)
@given(rates, st.floats(1.0, 1e4))
def test_each_doubling_cuts_the_average_cost_by_the_learning_rate(rate, units):
    assert math.isclose(
        pr.average_cost(2 * units, rate), rate * pr.average_cost(units, rate), rel_tol=1e-9
    )


def test_wright_curve_values():
    assert pr.total_cost(1, 0.8, first_unit_cost=5.0) == 5.0
    assert math.isclose(pr.learning_exponent(0.8), -math.log2(0.8))
    assert pr.learning_exponent(1.0) == 0.0
    assert math.isclose(pr.total_cost(100, 1.0), 100.0)  # no learning: cost in proportion


@settings(max_examples=200)
@given(positive_units, rates)
def test_pooling_never_costs_more_than_fragmentation(units, rate):
    pooled = pr.total_cost(sum(units), rate)
    fragmented = float(np.sum(pr.total_cost(units, rate)))
    assert pooled <= fragmented * (1 + 1e-9)
    assert pr.fragmentation_premium(shares_from(units), rate) >= 0.0


@settings(max_examples=200)
@given(positive_units, rates, st.floats(0.01, 100.0))
def test_premium_is_the_cost_ratio_and_does_not_depend_on_scale(units, rate, first_unit_cost):
    units = np.asarray(units)
    ratio = np.sum(pr.total_cost(units, rate, first_unit_cost)) / pr.total_cost(
        units.sum(), rate, first_unit_cost
    )
    assert math.isclose(
        pr.fragmentation_premium(shares_from(units), rate), ratio - 1, rel_tol=1e-7, abs_tol=1e-9
    )


@given(st.integers(1, 200), rates)
def test_equal_platforms_carry_k_to_the_b_minus_one(k, rate):
    expected = k ** pr.learning_exponent(rate) - 1
    assert math.isclose(
        pr.fragmentation_premium(np.full(k, 1.0 / k), rate), expected, rel_tol=1e-8, abs_tol=1e-12
    )
    assert math.isclose(pr.equal_split_premium(k, rate), expected, rel_tol=1e-12, abs_tol=1e-12)


@settings(max_examples=200)
@given(positive_units, rates_above_half)
def test_equal_shares_are_the_worst_case_for_k_platforms(units, rate):
    s = shares_from(units)
    assert pr.fragmentation_premium(s, rate) <= pr.equal_split_premium(len(s), rate) + 1e-9


def test_no_premium_without_learning_or_with_one_platform():
    assert pr.fragmentation_premium([0.2, 0.3, 0.5], 1.0) == 0.0
    assert pr.fragmentation_premium([1.0], 0.7) == 0.0


def test_more_learning_means_a_bigger_premium():
    values = [pr.fragmentation_premium([0.25] * 4, r) for r in (0.95, 0.9, 0.8, 0.7)]
    assert np.all(np.diff(values) > 0)


# ----------------------------------------------------------------------------- markets


@settings(max_examples=100)
@given(
    st.lists(st.floats(0.0, 1e4), min_size=1, max_size=28).filter(lambda q: sum(q) > 0), st.data()
)
def test_pooling_orders_keeps_every_unit(orders, data):
    m = data.draw(st.integers(1, len(orders)))
    units = pr.pool_orders(orders, m)
    assert len(units) == m
    assert math.isclose(units.sum(), sum(orders), rel_tol=1e-9, abs_tol=1e-9)


def test_national_and_pooled_extremes():
    orders = pr.zipf_orders(10, 1.0)
    national = pr.procurement_outcome(orders, 10)
    pooled = pr.procurement_outcome(orders, 1)
    assert np.allclose(np.sort(national.units), np.sort(orders))
    assert pooled.premium == 0.0 and pooled.interoperability == 1.0
    assert national.premium > 0 and national.interoperability < 1
    table = pr.outcomes_by_programmes(orders)
    assert list(table["programmes"]) == list(range(1, 11))
    assert table["premium"].iloc[0] == 0.0


def test_zipf_orders():
    assert np.allclose(pr.zipf_orders(4, 0.0, total=100), 25.0)
    orders = pr.zipf_orders(3, 1.0, total=110)
    assert math.isclose(orders.sum(), 110)
    assert math.isclose(orders[0] / orders[1], 2.0) and math.isclose(orders[0] / orders[2], 3.0)


def test_weapon_systems_table_holds_the_published_counts():
    table = pr.weapon_systems().set_index("equipment")
    assert tuple(table.loc["All major weapon systems", ["europe_types", "us_types"]]) == (178, 30)
    assert tuple(table.loc["Main battle tanks", ["europe_types", "us_types"]]) == (17, 1)
    assert tuple(table.loc["Destroyers and frigates", ["europe_types", "us_types"]]) == (29, 4)
    assert tuple(table.loc["Fighter planes", ["europe_types", "us_types"]]) == (20, 6)
    assert (table["europe_types"] > table["us_types"]).all()
    assert table["source"].str.contains("Munich Security Conference").all()


def test_fragmentation_table_bounds():
    table = pr.fragmentation_table(0.8)
    assert "All major weapon systems" not in set(table["equipment"])
    tanks = table.set_index("equipment").loc["Main battle tanks"]
    assert math.isclose(tanks["europe_interoperability_min"], 1 / 17)
    assert tanks["us_interoperability_min"] == 1.0 and tanks["us_premium_max"] == 0.0
    assert math.isclose(tanks["europe_premium_max"], 17 ** pr.learning_exponent(0.8) - 1)
    assert (table["europe_premium_max"] > table["us_premium_max"]).all()


# ----------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: pr.interoperability([0.5, 0.4]), "shares"),
        (lambda: pr.interoperability([0.7, 0.7]), "shares"),
        (lambda: pr.interoperability([1.2, -0.2]), "shares"),
        (lambda: pr.interoperability([]), "shares"),
        (lambda: pr.interoperability([np.nan, 1.0]), "shares"),
        (lambda: pr.fragmentation_premium([0.5, 0.6], 0.8), "shares"),
        (lambda: pr.fragmentation_premium([0.5, 0.5], 0.0), "learning_rate"),
        (lambda: pr.fragmentation_premium([0.5, 0.5], 1.2), "learning_rate"),
        (lambda: pr.fragmentation_premium([0.5, 0.5], -0.3), "learning_rate"),
        (lambda: pr.fragmentation_premium([0.5, 0.5], np.nan), "learning_rate"),
        (lambda: pr.learning_exponent("fast"), "learning_rate"),
        (lambda: pr.total_cost(0, 0.8), "units"),
        (lambda: pr.total_cost(10, 0.8, first_unit_cost=0), "first_unit_cost"),
        (lambda: pr.platform_shares([0, 0]), "units"),
        (lambda: pr.zipf_orders(0), "nations"),
        (lambda: pr.zipf_orders(3, -1), "inequality"),
        (lambda: pr.pool_orders([1, 2, 3], 4), "programmes"),
        (lambda: pr.pool_orders([1, 2, 3], 0), "programmes"),
        (lambda: pr.equal_split_premium(0, 0.8), "platforms"),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
