"""Lesson 4 model: Boulding's loss-of-strength gradient, priorities, divergence, consensus over budgets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib.models import geography
from course_lib.models import threats as model

FINITE = {"allow_nan": False, "allow_infinity": False}


def alliance(draw_n=None):
    """Strategy: (distances n x m, capabilities m, reach) for a random alliance."""

    @st.composite
    def build(draw):
        n = draw(st.integers(1, 8)) if draw_n is None else draw_n
        m = draw(st.integers(2, 5))
        d = draw(arrays(float, (n, m), elements=st.floats(0.0, 20000.0, **FINITE)))
        c = draw(arrays(float, m, elements=st.floats(0.05, 5.0, **FINITE)))
        r = draw(st.floats(50.0, 30000.0, **FINITE))
        return d, c, r

    return build()


# --------------------------------------------------------------------------- data
def test_threat_table_has_a_capability_for_every_threat_source():
    table = model.threat_sources()
    assert set(table["code"]) == {"RUS", "CHN", "PRK", "SAH"}
    assert (table["capability"] > 0).all()
    assert table[["lat", "lon"]].notna().all().all()
    assert table.set_index("code").loc["RUS", "capability"] == 1.0  # the reference threat


def test_places_cover_every_nato_member_and_the_indo_pacific_allies():
    allies = geography.places("ally")
    assert (allies["group"] == "nato").sum() == 32
    assert {"JPN", "KOR", "AUS", "POL", "EST", "LVA", "LTU", "ESP", "ITA", "USA"} <= set(
        allies["code"]
    )


# --------------------------------------------------------------------------- distances
@pytest.mark.parametrize(
    "a, b, km",
    [
        ("POL", "RUS", 1150),
        ("ESP", "SAH", 2233),
        ("KOR", "PRK", 195),
        ("JPN", "CHN", 2092),
    ],
)
def test_distances_to_threats_match_the_map(a, b, km):
    assert geography.distance_to_km([a], b).iloc[0] == pytest.approx(km, abs=5)


def test_great_circle_known_city_pairs():
    # London-Paris about 344 km, Washington-Moscow about 7,820 km, Tokyo-Beijing about 2,100 km
    assert geography.great_circle_km(51.51, -0.13, 48.86, 2.35) == pytest.approx(344, rel=0.01)
    assert geography.great_circle_km(38.91, -77.04, 55.76, 37.62) == pytest.approx(7820, rel=0.01)
    assert geography.great_circle_km(35.68, 139.69, 39.90, 116.41) == pytest.approx(2095, rel=0.01)


# --------------------------------------------------------------------------- the gradient
def test_weight_formula():
    w = model.loss_of_strength([[500.0, 0.0]], [2.0, 1.0], 1000.0)
    assert w[0] == pytest.approx([2 * np.exp(-0.5), 1.0])


@settings(max_examples=60)
@given(alliance(), st.floats(1.0, 5000.0, **FINITE))
def test_weights_decrease_with_distance_and_rise_with_reach(case, extra):
    d, c, r = case
    w = model.loss_of_strength(d, c, r)
    assert np.all(model.loss_of_strength(d + extra, c, r) <= w)
    assert np.all(model.loss_of_strength(d, c, r * 2) >= w)


@settings(max_examples=80)
@given(alliance())
def test_priorities_sum_to_one_and_match_normalised_weights(case):
    d, c, r = case
    p = model.priorities(d, c, r)
    assert p.shape == d.shape
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.all(p >= 0)
    w = model.loss_of_strength(d, c, r)
    ok = w.sum(axis=1) > 1e-250  # where the weights themselves do not underflow
    assert np.allclose(p[ok], (w / w.sum(axis=1, keepdims=True))[ok])


@settings(max_examples=60)
@given(alliance(draw_n=1))
def test_nearer_threat_of_equal_capability_gets_higher_priority(case):
    d, c, r = case
    c = np.ones_like(c)
    p = model.priorities(d, c, r)[0]
    order = np.argsort(d[0])
    assert np.all(np.diff(p[order]) <= 1e-12)


def test_tiny_reach_picks_the_nearest_threat_without_nans():
    p = model.priorities([[9000.0, 12000.0, 15000.0]], [1.0, 5.0, 5.0], 1.0)
    assert np.all(np.isfinite(p)) and p[0, 0] == pytest.approx(1.0)


def test_endless_reach_gives_capability_shares():
    c = np.array([1.0, 2.0, 0.6, 0.6])
    p = model.priorities([[1000.0, 7000.0, 7500.0, 3000.0]], c, 1e12)
    assert p[0] == pytest.approx(c / c.sum(), abs=1e-6)


# --------------------------------------------------------------------------- the lesson's case
def test_the_case_comes_out_as_the_source_says():
    prio = model.threat_priorities()
    top = model.top_threat(prio)
    for ally in ("POL", "EST", "LVA", "LTU"):
        assert top[ally] == "RUS"
    for ally in ("ESP", "ITA"):
        assert top[ally] == "SAH"
    for ally in ("JPN", "KOR"):
        assert top[ally] in ("CHN", "PRK")
        assert prio.loc[ally, ["CHN", "PRK"]].sum() > 0.95
    us = prio.loc["USA"]
    assert us.max() < 0.5 and us.min() > 0.1, "the United States spreads across all threats"


def test_a_regional_reach_makes_the_united_states_a_european_power():
    us = model.threat_priorities(["USA"], global_reach=model.DEFAULT_REACH_KM).loc["USA"]
    assert us.idxmax() == "RUS" and us.max() > 0.5


def test_long_reach_unites_the_allies_on_the_most_capable_threat():
    top = model.top_threat(model.threat_priorities(reach=20000.0))
    assert (top == "CHN").all()


def test_italy_switches_to_russia_where_a_root_finder_says():
    from scipy import optimize

    def gap(reach):
        p = model.threat_priorities(["ITA"], reach=reach).loc["ITA"]
        return p["RUS"] - p["SAH"]

    root = optimize.brentq(gap, 500.0, 5000.0, xtol=1e-9)
    assert model.crossover_reach("ITA", "RUS", "SAH") == pytest.approx(root, rel=1e-9)
    assert model.crossover_reach("ITA", "SAH", "RUS") == pytest.approx(root, rel=1e-9)
    assert 1390.0 < root < 1400.0, "not the 1,350 km the lesson once said"
    assert gap(root * 0.999) < 0 < gap(root * 1.001)


def test_crossover_is_infinite_when_the_nearer_threat_is_also_stronger():
    # Moscow is nearer to Warsaw than Pyongyang and more capable: North Korea never catches up.
    assert model.crossover_reach("POL", "PRK", "RUS") == float("inf")
    with pytest.raises(ValueError, match="rival"):
        model.crossover_reach("POL", "RUS", "MARS")
    with pytest.raises(ValueError, match="different"):
        model.crossover_reach("POL", "RUS", "RUS")


@pytest.mark.parametrize("threat", ["RUS", "CHN", "PRK", "SAH"])
def test_first_place_interval_matches_the_priorities_at_every_reach(threat):
    table = model.first_place_reach(threat)
    for reach in np.geomspace(100.0, 30000.0, 60):
        top = model.top_threat(model.threat_priorities(reach=reach, global_reach=reach))
        inside = (table["from_km"] < reach) & (reach < table["to_km"])
        near_edge = (np.abs(table["from_km"] - reach) < 1e-6 * reach) | (
            np.abs(table["to_km"] - reach) < 1e-6 * reach
        )
        assert ((top == threat) == inside)[~near_edge].all(), f"{threat} at {reach:.0f} km"


def test_the_case_pattern_holds_between_the_two_crossovers():
    low = model.first_place_reach("CHN", ["JPN", "KOR"])[
        "from_km"
    ].max()  # Japan and Korea pass to China
    high = model.crossover_reach("ITA", "RUS", "SAH")  # Italy passes to Russia
    assert 600.0 < low < model.DEFAULT_REACH_KM < high
    expected = {
        "POL": "RUS",
        "EST": "RUS",
        "LVA": "RUS",
        "LTU": "RUS",
        "ESP": "SAH",
        "ITA": "SAH",
        "JPN": "CHN",
        "KOR": "CHN",
    }
    for reach, holds in [
        (low * 1.001, True),
        (high * 0.999, True),
        (low * 0.999, False),
        (high * 1.001, False),
    ]:
        top = model.top_threat(model.threat_priorities(list(expected), reach=reach))
        assert (top.to_dict() == expected) == holds, reach


def test_sources_state_the_reach_range_the_model_gives():
    import re
    from importlib import resources

    text = resources.files("course_lib.data").joinpath("SOURCES.md").read_text()
    sentence = re.search(
        r"This holds for any regional reach between about ([\d,]+) km.*?about ([\d,]+) km", text
    )
    assert sentence, "SOURCES.md states the range of reach over which the case pattern holds"
    low = model.first_place_reach("CHN", ["JPN", "KOR"])["from_km"].max()
    high = model.crossover_reach("ITA", "RUS", "SAH")
    assert sentence.group(1) == f"{low:,.0f}" and sentence.group(2) == f"{high:,.0f}"


def test_divergence_measures():
    prio = model.threat_priorities(model.case_allies())
    dist = model.priority_distance(prio)
    assert np.allclose(dist.to_numpy(), dist.to_numpy().T)
    assert np.allclose(np.diag(dist.to_numpy()), 0.0)
    assert dist.loc["POL", "ESP"] > 0.4 > dist.loc["POL", "EST"]
    assert dist.loc["POL", "JPN"] > 0.9
    euclid = model.priority_distance(prio.to_numpy(), metric="euclidean")
    assert euclid.shape == (9, 9)
    shares = model.first_choice_shares(model.threat_priorities())
    assert shares.sum() == pytest.approx(1.0) and shares.idxmax() == "RUS"
    alloc = model.ideal_allocation(prio, 250.0)
    assert np.allclose(alloc.sum(axis=1), 250.0)


@settings(max_examples=60)
@given(alliance())
def test_distance_is_a_metric_on_random_alliances(case):
    d, c, r = case
    p = model.priorities(d, c, r)
    tv = model.priority_distance(p)
    assert np.all(tv >= -1e-12) and np.all(tv <= 1 + 1e-12)
    n = len(p)
    for i in range(n):
        for j in range(n):
            assert np.all(tv[i, j] <= tv[i, :] + tv[:, j] + 1e-9)  # triangle inequality
    shares = model.first_choice_shares(p)
    assert shares.sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- consensus over budgets
@settings(max_examples=60)
@given(
    st.integers(1, 8),
    st.integers(1, 5),
    st.integers(0, 60),
    st.integers(0, 2**32 - 1),
)
def test_acceptable_to_all_member_by_member_equals_the_whole_distance_table(n, k, c, seed):
    rng = np.random.default_rng(seed)
    ideals, sq = rng.normal(size=(n, k)), rng.normal(size=k)
    cands = np.vstack([rng.normal(size=(c, k)), ideals, sq, 2 * sq - ideals[:1]])  # ties too
    radius = np.sum((sq[None, :] - ideals) ** 2, axis=1)
    dist = np.sum((cands[:, None, :] - ideals[None, :, :]) ** 2, axis=2)  # (c, n), as first written
    table = np.all(dist < radius[None, :] - 1e-12 * max(1.0, radius.max()), axis=1)
    np.testing.assert_array_equal(model.acceptable_to_all(ideals, sq, cands), table)


def test_acceptable_to_all_is_the_intersection_of_balls():
    ideals = np.array([[0.0, 0.0], [2.0, 0.0]])
    sq = np.array([1.0, 2.0])
    cands = np.array([[1.0, 0.5], [1.0, 2.5], [3.0, 0.0], [1.0, 2.0]])
    assert model.acceptable_to_all(ideals, sq, cands).tolist() == [True, False, False, False]


def test_status_quo_inside_the_hull_is_gridlocked():
    ideals = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    assert not model.consensus_possible(ideals, [1.0, 1.0])
    assert model.improving_allocation(ideals, [1.0, 1.0]) is None
    assert not model.consensus_possible(ideals, [0.0, 0.0])  # a member's own ideal
    assert not model.consensus_possible(ideals, [2.0, 0.0])  # on an edge
    assert model.consensus_possible(ideals, [5.0, 5.0])


@settings(max_examples=80)
@given(st.integers(1, 6), st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_consensus_possible_iff_a_witness_exists(n, k, seed):
    rng = np.random.default_rng(seed)
    ideals = rng.normal(size=(n, k))
    sq = rng.normal(scale=1.5, size=k)
    witness = model.improving_allocation(ideals, sq)
    assert model.consensus_possible(ideals, sq) == (witness is not None)
    if witness is not None:
        assert model.acceptable_to_all(ideals, sq, witness)[0]
    else:  # inside the hull: no random candidate may beat it for everyone
        cands = sq + rng.normal(scale=0.5, size=(2000, k))
        assert not model.acceptable_to_all(ideals, sq, cands).any()


def test_budget_witness_is_an_allocation_everybody_prefers():
    prio = model.threat_priorities()
    ideal = model.ideal_allocation(prio)
    europe = [c for c in ideal.index if c not in ("USA", "CAN", "JPN", "KOR", "AUS", "NZL")]
    even = np.full(4, 25.0)
    y = model.improving_allocation(ideal.loc[europe], even, budget=100.0)
    assert y is not None and y.sum() == pytest.approx(100.0) and np.all(y >= 0)
    assert model.acceptable_to_all(ideal.loc[europe], even, y)[0]
    assert not model.consensus_possible(ideal, ideal.mean().to_numpy())


# --------------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"reach": 0.0}, "reach"),
        ({"reach": -5.0}, "reach"),
        ({"global_reach": 0.0}, "global_reach"),
        ({"allies": ["POL", "XXX"]}, "allies"),
        ({"capability": {"MARS": 1.0}}, "capability"),
        ({"capability": [1.0, -2.0, 1.0, 1.0]}, "capability"),
    ],
)
def test_bad_inputs_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        model.threat_priorities(**kwargs)


def test_bad_coordinates_and_arrays_raise():
    with pytest.raises(ValueError, match="lat1"):
        geography.great_circle_km(95.0, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError, match="unknown place code"):
        geography.distance_to_km(["POL"], "ATLANTIS")
    with pytest.raises(ValueError, match="distance"):
        model.priorities([[-1.0, 2.0]], [1.0, 1.0])
    with pytest.raises(ValueError, match="capability"):
        model.priorities([[1.0, 2.0]], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="reach"):
        model.loss_of_strength([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0], [100.0, 0.0])
    with pytest.raises(ValueError, match="priorities"):
        model.priority_distance([[0.5, 0.6]])
    with pytest.raises(ValueError, match="metric"):
        model.priority_distance([[0.5, 0.5]], metric="cosine")
    with pytest.raises(ValueError, match="budget"):
        model.ideal_allocation([[0.5, 0.5]], budget=0)
    with pytest.raises(ValueError, match="status_quo"):
        model.consensus_possible([[0.0, 0.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="candidates"):
        model.acceptable_to_all([[0.0, 0.0]], [1.0, 1.0], [[1.0, 2.0, 3.0]])
