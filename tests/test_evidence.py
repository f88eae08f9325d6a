"""The evidence helpers against the raw files and against scipy, plus properties over random panels."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats

from course_lib import data
from course_lib.models import evidence, geography, rank_tests


@pytest.fixture(scope="module")
def accession():
    return data.accession_years()


def raw_values(source: str) -> pd.DataFrame:
    """GDP and burden for every country-year, straight from the loaders (independently of the model)."""
    if source == "sipri":
        raw = data.load_sipri()
        return raw.assign(
            gdp=raw["milex_musd_current"] / (raw["milex_share_of_gdp_pct"] / 100),
            burden=raw["milex_share_of_gdp_pct"],
        )
    raw = data.load_nato()
    return raw.assign(gdp=raw["gdp_musd_const2015"], burden=raw["defence_exp_share_real_gdp_pct"])


def raw_slice(raw: pd.DataFrame, year: int, accession) -> pd.DataFrame:
    """The members with both values in ``year``."""
    rows = raw[(raw["year"] == year) & (raw["iso3"].map(accession) <= year)]
    return rows.dropna(subset=["gdp", "burden"])


# --------------------------------------------------------------------------- panels and membership
@pytest.mark.parametrize("source", evidence.SOURCES)
def test_panel_columns_and_membership(source, accession):
    panel = evidence.burden_panel(source)
    assert list(panel.columns) == [
        "iso3",
        "country",
        "year",
        "group",
        "member",
        "gdp_musd",
        "spending_musd",
        "burden_pct",
        "estimate",
    ]
    joined = panel["iso3"].map(accession)
    np.testing.assert_array_equal(panel["member"], panel["year"] >= joined)
    assert not panel.loc[panel["group"] == "indo_pacific", "member"].any()


@pytest.mark.parametrize("source", evidence.SOURCES)
def test_no_country_appears_before_its_accession_year(source, accession):
    first, last = evidence.year_range(source)
    for year in range(first, last + 1):
        section = evidence.cross_section(year, source)
        assert (section["iso3"].map(accession) <= year).all(), year
        assert "ISL" not in set(section["iso3"])
        assert not set(section["iso3"]) & set(data.INDO_PACIFIC_ALLIES)


def test_membership_milestones_in_the_cross_sections():
    def codes(year, source="sipri"):
        return set(evidence.cross_section(year, source)["iso3"])

    assert "DEU" not in codes(1954) and "DEU" in codes(1955)
    assert "ESP" not in codes(1981) and "ESP" in codes(1982)
    assert "POL" not in codes(1998) and "POL" in codes(1999)
    assert "FIN" not in codes(2022, "nato") and "FIN" in codes(2023, "nato")
    assert "SWE" not in codes(2023, "nato") and "SWE" in codes(2024, "nato")
    assert "NLD" in codes(1964)


def test_sipri_gdp_is_spending_over_share():
    panel = evidence.burden_panel("sipri").dropna(subset=["gdp_musd"])
    np.testing.assert_allclose(
        panel["gdp_musd"] * panel["burden_pct"] / 100, panel["spending_musd"], rtol=1e-12
    )
    assert (panel["gdp_musd"] > 0).all()


def test_nato_panel_uses_constant_2015_prices():
    panel = evidence.burden_panel("nato").set_index(["iso3", "year"]).sort_index()
    raw = data.load_nato().set_index(["iso3", "year"]).sort_index()
    pd.testing.assert_series_equal(panel["gdp_musd"], raw["gdp_musd_const2015"], check_names=False)
    pd.testing.assert_series_equal(panel["estimate"], raw["is_estimate"], check_names=False)


def test_burden_panel_returns_a_copy():
    panel = evidence.burden_panel("nato")
    panel.loc[:, "burden_pct"] = -1.0
    assert (evidence.burden_panel("nato")["burden_pct"].dropna() >= 0).all()


def test_cross_section_1964_is_the_15_members_minus_iceland():
    section = evidence.cross_section(1964)
    assert len(section) == 14
    assert section["gdp_musd"].is_monotonic_decreasing
    usa = section.set_index("iso3").loc["USA"]
    assert usa["burden_pct"] == pytest.approx(8.051281, abs=1e-6)


@pytest.mark.parametrize("source", evidence.SOURCES)
@pytest.mark.parametrize("members_only", [True, False])
def test_cached_cross_sections_equal_filtering_the_whole_panel(source, members_only):
    """A named source's section is a slice of cached rows; a panel passed in is filtered afresh."""
    panel = evidence.burden_panel(source)
    first, last = evidence.year_range(source)
    for year in range(first, last + 1):
        cached = evidence.cross_section(year, source, members_only=members_only)
        fresh = evidence.cross_section(year, panel, members_only=members_only)
        pd.testing.assert_frame_equal(cached, fresh, check_exact=True)
    section = evidence.cross_section(1964, source="sipri")
    section.loc[0, "burden_pct"] = -1.0  # a caller's copy: the cache is untouched
    assert (evidence.cross_section(1964, "sipri")["burden_pct"] > 0).all()


def test_year_state_carries_the_tables_test_for_every_year():
    table = evidence.exploitation_by_year("sipri").set_index("year")
    for year in table.index:
        test = evidence.year_state(int(year)).test
        row = table.loc[year]
        assert test == (row["correlation"], row["pvalue"], row["n"], row["exact"])


# --------------------------------------------------------------------------- the exploitation test
@pytest.mark.parametrize("source", evidence.SOURCES)
def test_exploitation_by_year_equals_spearmanr_on_the_same_slice(source, accession):
    series = evidence.exploitation_by_year(source)
    first, last = evidence.year_range(source)
    tested = set(series["year"])
    raw = raw_values(source)
    for year in range(first, last + 1):
        rows = raw_slice(raw, year, accession)
        if len(rows) < 3:
            assert year not in tested
            continue
        expected = stats.spearmanr(rows["gdp"], rows["burden"])
        row = series.set_index("year").loc[year]
        assert row["correlation"] == pytest.approx(expected.statistic, abs=1e-12), year
        assert row["n"] == len(rows)
        assert row["exact"] == (len(rows) <= evidence.EXACT_MAX_N)
        # the permutation p-value of the same slice, whatever the order of its rows
        again = evidence.rank_correlation_test(
            rows["gdp"].to_numpy()[::-1], rows["burden"].to_numpy()[::-1]
        )
        assert row["pvalue"] == again.pvalue, year


def test_sipri_series_spans_seven_decades_and_1964_is_positive():
    series = evidence.exploitation_by_year("sipri").set_index("year")
    assert series.index.min() <= 1950 and series.index.max() == 2024
    assert series.loc[1964, "n"] == 14
    assert series.loc[1964, "correlation"] > 0.5 and series.loc[1964, "pvalue"] < 0.05
    assert abs(series.loc[2024, "correlation"]) < 0.2


def test_exploitation_by_year_reuses_the_exploitation_test(monkeypatch):
    evidence.clear_cache()
    calls = []
    original = evidence.exploitation_test

    def spy(gdp, share):
        calls.append(len(gdp))
        return original(gdp, share)

    monkeypatch.setattr(evidence, "exploitation_test", spy)
    series = evidence.exploitation_by_year("nato")
    assert calls == list(series["n"])
    evidence.clear_cache()


def test_members_only_false_adds_the_indo_pacific_allies():
    with_all = evidence.exploitation_by_year("sipri", members_only=False).set_index("year")
    members = evidence.exploitation_by_year("sipri").set_index("year")
    assert (with_all.loc[2024, "n"] - members.loc[2024, "n"]) == 4


def panel_strategy():
    """Random panels: a few years, 0-8 countries each, some missing values."""
    row = st.tuples(
        st.floats(1.0, 1e7, allow_nan=False), st.one_of(st.none(), st.floats(0.0, 20.0))
    )
    year = st.lists(row, min_size=0, max_size=8)
    return st.lists(year, min_size=1, max_size=5)


def make_panel(years) -> pd.DataFrame:
    records = []
    for t, rows in enumerate(years):
        for i, (gdp, burden) in enumerate(rows):
            records.append(
                {
                    "iso3": f"C{i:02d}",
                    "year": 2000 + t,
                    "gdp_musd": gdp,
                    "burden_pct": np.nan if burden is None else burden,
                    "member": True,
                }
            )
    frame = pd.DataFrame(records, columns=["iso3", "year", "gdp_musd", "burden_pct", "member"])
    return frame.astype({"year": "int64", "gdp_musd": float, "burden_pct": float, "member": bool})


@settings(max_examples=60)
@given(panel_strategy())
def test_exploitation_by_year_on_random_panels(years):
    panel = make_panel(years)
    if panel.empty:
        return
    series = evidence.exploitation_by_year(panel).set_index("year")
    for year, group in panel.dropna().groupby("year"):
        varied = group["gdp_musd"].nunique() > 1 and group["burden_pct"].nunique() > 1
        if len(group) < 3 or not varied:
            assert year not in series.index  # skipped, never a NaN row
            continue
        expected = stats.spearmanr(group["gdp_musd"], group["burden_pct"]).statistic
        assert series.loc[year, "correlation"] == pytest.approx(expected, abs=1e-12)
        assert series.loc[year, "n"] == len(group)
    assert series["correlation"].between(-1 - 1e-12, 1 + 1e-12).all()


@settings(max_examples=40)
@given(panel_strategy())
@example(years=[[(1.0, 0.0), (2.0, 0.0), (1.0000000000000002, 1.0)]])  # log1p ties two GDPs
def test_rank_test_ignores_monotone_rescaling_of_gdp(years):
    panel = make_panel(years)
    if panel.empty:
        return
    base = evidence.exploitation_by_year(panel)
    log_gdp = np.log1p(panel["gdp_musd"]) + 1
    logged = evidence.exploitation_by_year(panel.assign(gdp_musd=log_gdp))
    scaled = evidence.exploitation_by_year(panel.assign(gdp_musd=panel["gdp_musd"] * 1e3))
    pd.testing.assert_frame_equal(base, scaled)
    # log1p can merge GDPs that differ in the last bits (1 and 1 + 2**-52 both give log 2),
    # which changes the ranks: compare only when every year keeps its distinct GDPs
    distinct = panel.assign(log_gdp=log_gdp).groupby("year")[["gdp_musd", "log_gdp"]].nunique()
    if (distinct["gdp_musd"] == distinct["log_gdp"]).all():
        np.testing.assert_allclose(base["correlation"], logged["correlation"], atol=1e-9)


def test_reversing_the_burden_order_flips_the_sign():
    gdp = np.array([1.0, 2.0, 5.0, 9.0, 30.0])
    burden = np.array([0.5, 1.5, 1.2, 2.5, 4.0])
    panel = pd.DataFrame(
        {"iso3": list("ABCDE"), "year": 2000, "gdp_musd": gdp, "burden_pct": burden, "member": True}
    )
    up = evidence.exploitation_by_year(panel)["correlation"].iloc[0]
    down = evidence.exploitation_by_year(panel.assign(burden_pct=10 - burden))["correlation"].iloc[
        0
    ]
    assert up == pytest.approx(-down)
    assert up > 0


def test_fewer_than_three_members_are_skipped_and_non_members_ignored():
    panel = pd.DataFrame(
        {
            "iso3": ["A", "B", "C", "A", "B", "C"],
            "year": [1, 1, 1, 2, 2, 2],
            "gdp_musd": [1.0, 2.0, 3.0] * 2,
            "burden_pct": [1.0, 2.0, 3.0] * 2,
            "member": [True, True, False, True, True, True],
        }
    )
    series = evidence.exploitation_by_year(panel)
    assert list(series["year"]) == [2]
    assert series["correlation"].iloc[0] == pytest.approx(1.0)
    assert list(evidence.exploitation_by_year(panel, members_only=False)["year"]) == [1, 2]
    with pytest.raises(ValueError, match="min_members"):
        evidence.exploitation_by_year(panel, min_members=2)


# --------------------------------------------------------------------------- permutation p-values
def brute_force_pvalue(x, y, alternative="two-sided"):
    """Every pairing of x with y, by itertools, with scipy's Spearman (independent of the model)."""
    observed = stats.spearmanr(x, y).statistic
    rx, ry = stats.rankdata(x), stats.rankdata(y)  # permuting y permutes its ranks
    pairings = np.array(list(itertools.permutations(range(len(y)))))
    null = np.array([np.corrcoef(rx, ry[p])[0, 1] for p in pairings])
    tol = 1e-9
    if alternative == "two-sided":
        return np.mean(np.abs(null) >= abs(observed) - tol)
    if alternative == "greater":
        return np.mean(null >= observed - tol)
    return np.mean(null <= observed + tol)


@settings(max_examples=40)
@given(
    st.integers(3, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
        )
    ),
    st.sampled_from(["two-sided", "greater", "less"]),
)
def test_exact_pvalue_equals_brute_force_enumeration(xy, alternative):
    x, y = (np.array(v, dtype=float) for v in xy)  # small integers: many ties
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return
    test = evidence.rank_correlation_test(x, y, alternative=alternative)
    assert test.exact
    assert test.pvalue == pytest.approx(brute_force_pvalue(x, y, alternative), abs=1e-12)
    assert test.correlation == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)


def rho_against(x):
    """Spearman's rho of a (batch of) vector(s) with ``x``, vectorised for scipy's permutation_test."""
    rx = stats.rankdata(np.asarray(x, dtype=float))
    rx = rx - rx.mean()

    def rho(v, axis=-1):
        rv = stats.rankdata(v, axis=axis)
        rv = rv - rv.mean(axis=axis, keepdims=True)
        return (rv @ rx) / np.sqrt((rv * rv).sum(axis=axis) * (rx @ rx))

    return rho


@pytest.mark.parametrize("year, pvalue, exact_count", [(1950, 0.0046, 184), (1951, 0.0004, 16)])
def test_the_issue_s_exact_p_values_for_1950_and_1951(year, pvalue, exact_count):
    section = evidence.cross_section(year, "sipri")
    assert len(section) == 8
    test = evidence.exploitation_test(section["gdp_musd"], section["burden_pct"])
    assert test.exact and round(test.pvalue, 4) == pvalue
    assert test.pvalue * math.factorial(8) == pytest.approx(
        exact_count
    )  # a count of pairings out of 8!
    # scipy's exact permutation test (pairings) agrees; its t-approximation does not
    scipy_exact = stats.permutation_test(
        (section["burden_pct"].to_numpy(),),
        rho_against(section["gdp_musd"]),
        permutation_type="pairings",
        n_resamples=np.inf,
        vectorized=True,
    )
    assert test.pvalue == pytest.approx(scipy_exact.pvalue, rel=1e-12)
    assert stats.spearmanr(section["gdp_musd"], section["burden_pct"]).pvalue < test.pvalue / 2


def test_monte_carlo_pvalue_agrees_with_scipy_permutation_test_for_moderate_n():
    rng = np.random.default_rng(3)
    for n in (12, 20, 31):
        x = rng.lognormal(size=n)
        y = 0.15 * stats.rankdata(x) + rng.normal(scale=n / 6, size=n)
        ours = evidence.rank_correlation_test(x, y)
        theirs = stats.permutation_test(
            (y,),
            rho_against(x),
            permutation_type="pairings",
            n_resamples=20_000,
            vectorized=True,
            rng=np.random.default_rng(n),
        )
        assert not ours.exact
        # two Monte Carlo estimates of the same p-value: within four standard errors of their difference
        se = np.sqrt(ours.pvalue * (1 - ours.pvalue) * (1 / evidence.RESAMPLES + 1 / 20_000)) + 1e-4
        assert abs(ours.pvalue - theirs.pvalue) < 4 * se, n


def test_pvalue_is_deterministic_and_ignores_row_order():
    rng = np.random.default_rng(11)
    x, y = rng.normal(size=15), rng.normal(size=15)
    first = evidence.rank_correlation_test(x, y)
    order = rng.permutation(15)
    assert evidence.rank_correlation_test(x[order], y[order]) == first
    assert evidence.rank_correlation_test(x, y) == first


# --------------------------------------------------------------- the fast null distributions
# The pairings and the null statistics are computed by block-wise shuffles, a cached table and one
# product per test; these tests hold them equal to the straightforward construction.
def straightforward_pairings(n):
    """The seeded random pairings built in one call, as the rank test defines them."""
    rng = np.random.default_rng([rank_tests.SEED, n])
    return rng.permuted(np.tile(np.arange(n), (rank_tests.RESAMPLES, 1)), axis=1)


def straightforward_test(x, y, alternative="two-sided"):
    """The rank test computed directly: canonical order, b[pairings] @ a for every pairing, a count."""
    a = np.rint(2 * stats.rankdata(x) - (len(x) + 1)).astype(np.int64)
    b = np.rint(2 * stats.rankdata(y) - (len(y) + 1)).astype(np.int64)
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    n = len(a)
    if n <= rank_tests.EXACT_MAX_N:
        pairings = np.array(list(itertools.permutations(range(n))))
    else:
        pairings = straightforward_pairings(n)
    null = b[pairings] @ a  # int64: exact
    observed = int(a @ b)
    if alternative == "two-sided":
        extreme = np.count_nonzero(np.abs(null) >= abs(observed))
    elif alternative == "greater":
        extreme = np.count_nonzero(null >= observed)
    else:
        extreme = np.count_nonzero(null <= observed)
    if n <= rank_tests.EXACT_MAX_N:
        return extreme / len(pairings)
    return (1 + extreme) / (1 + len(pairings))


@pytest.mark.parametrize("n", range(1, rank_tests.EXACT_MAX_N + 1))
def test_all_pairings_are_itertools_permutations_in_order(n):
    pairings = rank_tests._all_pairings(n)
    np.testing.assert_array_equal(pairings, np.array(list(itertools.permutations(range(n)))))
    assert not pairings.flags.writeable  # the cache cannot be changed by a caller


@pytest.mark.parametrize("n, block", [(10, None), (14, None), (31, None), (12, 999), (12, 250_000)])
def test_random_pairings_equal_one_seeded_shuffle_of_all_rows(n, block, monkeypatch):
    rank_tests._random_pairings.cache_clear()
    if block is not None:  # blocks that do not divide RESAMPLES, or one block for everything
        monkeypatch.setattr(rank_tests, "_BLOCK_ROWS", block)
    try:
        pairings = rank_tests._random_pairings(n)
        np.testing.assert_array_equal(pairings, straightforward_pairings(n))
        assert not pairings.flags.writeable
    finally:
        rank_tests._random_pairings.cache_clear()


@settings(max_examples=60)
@given(
    st.integers(3, 33).flatmap(
        lambda n: st.tuples(
            st.one_of(  # sizes with ties (the general path) or without (the cached table)
                st.lists(st.integers(0, 3), min_size=n, max_size=n),
                st.permutations(range(n)),
            ),
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
        )
    ),
    st.sampled_from(["two-sided", "greater", "less"]),
)
def test_pvalue_equals_the_straightforward_count(xy, alternative):
    x, y = (np.array(v, dtype=float) for v in xy)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return
    test = evidence.rank_correlation_test(x, y, alternative=alternative)
    assert test.pvalue == straightforward_test(x, y, alternative)  # the same count, exactly


@pytest.mark.parametrize("n", [5, 9, 14, 31])
def test_null_basis_reproduces_every_null_statistic(n):
    rng = np.random.default_rng(n)
    a = rank_tests._canonical_ranks(n)
    for b in (rng.permutation(a), np.rint(2 * stats.rankdata(rng.integers(0, 3, n)) - n - 1)):
        b = b.astype(np.int64)
        expected = b[rank_tests._pairings(n)] @ a
        got = rank_tests._null_statistics(a, b)
        if n <= rank_tests.EXACT_MAX_N:  # all n! pairings: the same statistics, in another order
            expected, got = np.sort(expected), np.sort(got)
        np.testing.assert_array_equal(got, expected)
    assert not rank_tests._null_basis(n).flags.writeable


def straightforward_period_pvalue(first, last, source="sipri"):
    """period_test's p-value with the null summed year by year over the pairings."""
    result = evidence.period_test(first, last, source)
    panel = evidence.burden_panel(source)
    rows = panel[panel["iso3"].isin(result.allies) & panel["year"].between(first, last)]
    rows = rows.sort_values(["year", "iso3"])
    n = result.n
    if n <= rank_tests.EXACT_MAX_N:
        pairings = np.array(list(itertools.permutations(range(n))))
    else:
        pairings = straightforward_pairings(n)
    null = np.zeros(len(pairings))
    observed = 0.0
    for _, year in rows.groupby("year"):
        a = 2 * stats.rankdata(year["gdp_musd"]) - (n + 1)
        b = 2 * stats.rankdata(year["burden_pct"]) - (n + 1)
        scale = 1 / (result.years * np.sqrt((a @ a) * (b @ b)))
        null += scale * (b[pairings] @ a)
        observed += scale * (a @ b)
    extreme = np.count_nonzero(np.abs(null) >= abs(observed) * (1 - 1e-12))
    exact = n <= rank_tests.EXACT_MAX_N
    pvalue = extreme / len(pairings) if exact else (1 + extreme) / (1 + len(pairings))
    return result, observed, pvalue


@pytest.mark.parametrize(
    "first, last, source",
    [(1950, 1966, "sipri"), (1967, 2024, "sipri"), (1990, 2000, "sipri"), (2014, 2024, "nato")],
)
def test_period_test_equals_the_year_by_year_sum(first, last, source):
    result, observed, pvalue = straightforward_period_pvalue(first, last, source)
    assert result.mean_correlation == pytest.approx(observed, rel=1e-12)
    assert result.pvalue == pvalue


def test_one_sided_pvalues_add_up_and_bound_the_two_sided():
    rng = np.random.default_rng(5)
    for n in (6, 9, 14):
        x, y = rng.normal(size=n), rng.normal(size=n)
        two = evidence.rank_correlation_test(x, y).pvalue
        greater = evidence.rank_correlation_test(x, y, alternative="greater").pvalue
        less = evidence.rank_correlation_test(x, y, alternative="less").pvalue
        assert min(greater, less) <= two <= 2 * min(greater, less) + 2 / (evidence.RESAMPLES + 1)
        if n <= evidence.EXACT_MAX_N:  # without ties P(>=) + P(<=) = 1 + P(=)
            assert greater + less >= 1


def test_perfect_agreement_has_the_smallest_possible_exact_pvalue():
    for n in range(3, evidence.EXACT_MAX_N + 1):
        test = evidence.rank_correlation_test(np.arange(n), np.arange(n) ** 2)
        assert test.correlation == pytest.approx(1.0)
        assert test.pvalue == pytest.approx(2 / math.factorial(n))  # the pairing and its reverse


def test_critical_correlation_falls_with_the_number_of_allies():
    values = [evidence.critical_correlation(n) for n in (6, 8, 9, 12, 14, 20, 31)]
    assert all(a > b for a, b in zip(values, values[1:]))
    assert evidence.critical_correlation(8, 0.01) > evidence.critical_correlation(8, 0.05)


@pytest.mark.parametrize("n", [6, 8])
def test_critical_correlation_separates_significant_from_not(n):
    level = 0.05
    critical = evidence.critical_correlation(n, level)
    a = np.arange(n, dtype=float)
    # search the pairings of the null for correlations just at and just below the critical value
    found_at = found_below = False
    rng = np.random.default_rng(n)
    for _ in range(1500):
        b = rng.permutation(n).astype(float)
        rho = stats.spearmanr(a, b).statistic
        if abs(abs(rho) - critical) < 1e-12:
            found_at = True
            assert evidence.rank_correlation_test(a, b).pvalue < level
        elif abs(rho) < critical - 1e-12 and abs(rho) > critical - 0.1:
            found_below = True
            assert evidence.rank_correlation_test(a, b).pvalue >= level
    assert found_at and found_below


def test_holm_adjustment_by_definition_and_against_bonferroni():
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5])
    m = len(p)
    holm = evidence.adjust_pvalues(p, "holm")
    ordered = np.sort(p)
    expected = np.maximum.accumulate(np.minimum(1, (m - np.arange(m)) * ordered))
    np.testing.assert_allclose(np.sort(holm), expected)
    assert (holm >= p).all() and (holm <= np.minimum(1, m * p)).all()  # between raw and Bonferroni
    bh = evidence.adjust_pvalues(p, "bh")
    np.testing.assert_allclose(bh, stats.false_discovery_control(p))
    assert (bh <= holm + 1e-15).all()


@settings(max_examples=50)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_adjusted_pvalues_keep_the_order_and_stay_in_range(p):
    p = np.array(p)
    for method in ("holm", "bh"):
        adjusted = evidence.adjust_pvalues(p, method)
        assert ((adjusted >= p - 1e-15) & (adjusted <= 1)).all()
        order = np.argsort(p, kind="stable")
        assert (np.diff(adjusted[order]) >= -1e-15).all()


def test_yearly_series_read_with_holm():
    series = evidence.exploitation_by_year("sipri").set_index("year")
    np.testing.assert_allclose(series["pvalue_holm"], evidence.adjust_pvalues(series["pvalue"]))
    raw_significant = set(series.index[series["pvalue"] < 0.05])
    held = set(series.index[series["pvalue_holm"] < 0.05])
    assert held < raw_significant
    assert (
        2012 in raw_significant and 2012 not in held
    )  # one small p-value among ~75 tests is chance
    expected_by_chance = 0.05 * (series.index > 1966).sum()
    assert expected_by_chance > 2  # among the 58 later years, chance alone gives about three


def test_period_test_pairs_whole_histories():
    early = evidence.period_test(1950, 1966, "sipri")
    assert early.exact and early.n <= evidence.EXACT_MAX_N and early.years == 17
    panel = evidence.burden_panel("sipri")
    for code in early.allies:  # in every year of the period, with data
        rows = panel[(panel["iso3"] == code) & panel["year"].between(1950, 1966)]
        assert rows["member"].all() and rows["gdp_musd"].notna().all() and len(rows) == 17
    # the statistic is the mean of the yearly rank correlations over those allies
    sub = panel[panel["iso3"].isin(early.allies) & panel["year"].between(1950, 1966)]
    rhos = [
        stats.spearmanr(g["gdp_musd"], g["burden_pct"]).statistic for _, g in sub.groupby("year")
    ]
    assert early.mean_correlation == pytest.approx(np.mean(rhos))
    # by brute force: one permutation of the allies' burden histories, the same in every year
    wide_gdp = sub.pivot(index="year", columns="iso3", values="gdp_musd")
    wide_b = sub.pivot(index="year", columns="iso3", values="burden_pct")
    pairings = np.array(list(itertools.permutations(range(early.n))))
    null = np.zeros(len(pairings))
    for t in wide_gdp.index:
        rx = stats.rankdata(wide_gdp.loc[t]) - (early.n + 1) / 2
        rb = stats.rankdata(wide_b.loc[t]) - (early.n + 1) / 2
        null += (rb[pairings] @ rx) / np.sqrt((rx @ rx) * (rb @ rb)) / len(wide_gdp)
    assert early.pvalue == pytest.approx(
        np.mean(np.abs(null) >= abs(early.mean_correlation) - 1e-9)
    )
    later = evidence.period_test(1967, 2024, "sipri")
    assert early.pvalue < 0.01 < 0.05 < later.pvalue


def test_a_one_year_period_is_that_year_s_test():
    single = evidence.period_test(1950, 1950)
    yearly = evidence.exploitation_by_year("sipri").set_index("year").loc[1950]
    assert single.mean_correlation == pytest.approx(yearly["correlation"])
    assert single.pvalue == pytest.approx(yearly["pvalue"])  # exact in both


# --------------------------------------------------------------------------- the 2% guideline
def test_guideline_counts_from_the_raw_file(accession):
    table = evidence.guideline_compliance("nato").set_index("year")
    raw = data.load_nato()
    for year in range(2014, 2025):
        rows = raw[(raw["year"] == year) & (raw["iso3"].map(accession) <= year)]
        rows = rows.dropna(subset=["defence_exp_share_real_gdp_pct"])
        meeting = sorted(rows.loc[rows["defence_exp_share_real_gdp_pct"] >= 2, "iso3"])
        assert table.loc[year, "members"] == len(rows)
        assert list(table.loc[year, "allies_meeting"]) == meeting
        assert table.loc[year, "meeting"] == len(meeting)
        assert evidence.allies_meeting(year, "nato") == meeting
    assert table.loc[2014, "meeting"] == 3 and table.loc[2024, "meeting"] == 23
    assert table.loc[2024, "estimate"] and not table.loc[2022, "estimate"]
    assert table.loc[2024, "members"] == 31  # Iceland has no figure


def test_published_two_point_zero_counts_as_meeting():
    assert "SVK" in evidence.allies_meeting(2024, "nato")


@settings(max_examples=30)
@given(st.floats(0.5, 5.0), st.floats(0.5, 5.0))
def test_a_higher_threshold_never_adds_allies(low, high):
    low, high = min(low, high), max(low, high)
    a = evidence.guideline_compliance("nato", low)
    b = evidence.guideline_compliance("nato", high)
    assert (b["meeting"] <= a["meeting"]).all()
    for x, y in zip(a["allies_meeting"], b["allies_meeting"]):
        assert set(y) <= set(x)


def test_sipri_compliance_covers_the_whole_period():
    table = evidence.guideline_compliance("sipri")
    assert table["year"].min() <= 1950 and table["year"].max() == 2024
    assert (table["meeting"] <= table["members"]).all()


# --------------------------------------------------------------------------- distance and change
def test_burden_change_matches_the_raw_file_and_geography():
    table = evidence.burden_change(2014, 2024, "nato", target="RUS")
    raw = data.load_nato().set_index(["iso3", "year"])["defence_exp_share_real_gdp_pct"]
    assert len(table) == 31 and "ISL" not in set(table["iso3"])
    for code, change in zip(table["iso3"], table["change_pp"]):
        assert change == pytest.approx(raw[(code, 2024)] - raw[(code, 2014)], abs=1e-12)
    km = geography.distance_to_km(table["iso3"], "RUS")
    np.testing.assert_allclose(table["km_to_threat"], km.to_numpy())
    assert table["change_pp"].is_monotonic_decreasing
    assert table.iloc[0]["iso3"] == "POL"
    assert set(table.loc[~table["member_at_start"], "iso3"]) == {"FIN", "SWE", "MNE", "MKD"}
    assert table["estimate_end"].all()


def test_distance_change_test_equals_spearmanr_and_is_negative():
    table = evidence.burden_change()
    test = evidence.distance_change_test(table)
    expected = stats.spearmanr(table["km_to_threat"], table["change_pp"])
    assert test.correlation == pytest.approx(expected.statistic)
    assert (
        test.pvalue
        == evidence.rank_correlation_test(table["km_to_threat"], table["change_pp"]).pvalue
    )
    # not one of 100,000 random pairings is as far from zero: the smallest Monte Carlo p-value
    assert test.pvalue == pytest.approx(1 / (evidence.RESAMPLES + 1))
    assert test.n == 31 and not test.exact
    assert test.correlation < -0.5


def test_burden_change_members_only_uses_membership_in_the_end_year():
    only = evidence.burden_change(2014, 2022, "nato")
    assert "FIN" not in set(only["iso3"])
    everyone = evidence.burden_change(2014, 2022, "nato", members_only=False)
    assert {"FIN", "SWE"} <= set(everyone["iso3"])


def test_burden_change_other_threat_and_source():
    table = evidence.burden_change(1990, 2024, "sipri", target="CHN", members_only=False)
    assert {"JPN", "KOR"} <= set(table["iso3"])
    km = geography.distance_to_km(["JPN"], "CHN").iloc[0]
    assert table.set_index("iso3").loc["JPN", "km_to_threat"] == pytest.approx(km)


# --------------------------------------------------------------------------- regions
def test_regional_weighted_burden_is_total_spending_over_total_gdp(accession):
    frame = evidence.regional_burden("sipri").set_index(["year", "region"])
    panel = evidence.burden_panel("sipri").dropna(
        subset=["gdp_musd", "spending_musd", "burden_pct"]
    )
    for year in (1964, 1990, 2024):
        rows = panel[panel["year"] == year]
        europe = rows[rows["member"] & (rows["iso3"] != "USA")]
        expected = 100 * europe["spending_musd"].sum() / europe["gdp_musd"].sum()
        assert frame.loc[(year, "NATO Europe and Canada"), "burden_pct"] == pytest.approx(expected)
        assert frame.loc[(year, "NATO Europe and Canada"), "n"] == len(europe)
        usa = rows.set_index("iso3").loc["USA", "burden_pct"]
        assert frame.loc[(year, "United States"), "burden_pct"] == pytest.approx(usa)
        assert frame.loc[(year, "Indo-Pacific allies"), "n"] <= 4
    assert list(evidence.regional_burden()["region"].unique()) == list(evidence.REGIONS)


def test_weighted_burden_lies_between_the_members_extremes():
    weighted = evidence.regional_burden("sipri")
    median = evidence.regional_burden("sipri", statistic="median")
    panel = evidence.burden_panel("sipri")
    europe = panel[panel["member"] & (panel["iso3"] != "USA")].dropna(subset=["burden_pct"])
    bounds = europe.groupby("year")["burden_pct"].agg(["min", "max"])
    for frame in (weighted, median):
        part = frame[frame["region"] == "NATO Europe and Canada"].set_index("year")["burden_pct"]
        assert (part >= bounds.loc[part.index, "min"] - 1e-12).all()
        assert (part <= bounds.loc[part.index, "max"] + 1e-12).all()


def test_burden_series_matches_the_panel():
    wide = evidence.burden_series(["JPN", "KOR"])
    assert list(wide.columns) == ["JPN", "KOR"]
    panel = evidence.burden_panel("sipri").set_index(["iso3", "year"])["burden_pct"]
    assert wide.loc[2024, "JPN"] == pytest.approx(panel[("JPN", 2024)])


# --------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: evidence.burden_panel("world bank"), "source"),
        (lambda: evidence.exploitation_by_year("NATO"), "source"),
        (lambda: evidence.cross_section(1940), "year"),
        (lambda: evidence.cross_section(2010, "nato"), "year"),
        (lambda: evidence.cross_section(1964.5), "year"),
        (lambda: evidence.guideline_compliance("nato", 0.0), "threshold"),
        (lambda: evidence.allies_meeting(2024, "nato", 150), "threshold"),
        (lambda: evidence.burden_change(2024, 2014), "end"),
        (lambda: evidence.burden_change(2014, 2030), "end"),
        (lambda: evidence.burden_change(target="XXX"), "unknown place"),
        (lambda: evidence.regional_burden(statistic="mean"), "statistic"),
        (lambda: evidence.burden_series(["XYZ"]), "codes"),
        (lambda: evidence.distance_change_test(pd.DataFrame({"x": [1]})), "table"),
        (lambda: evidence.exploitation_by_year(pd.DataFrame({"iso3": ["A"]})), "source panel"),
        (
            lambda: evidence.rank_correlation_test([1, 2, 3], [1, 2, 3], alternative="up"),
            "alternative",
        ),
        (lambda: evidence.rank_correlation_test([1, 2], [1, 2]), "x"),
        (lambda: evidence.rank_correlation_test([1, 2, 3], [1, 1, 1]), "y"),
        (lambda: evidence.rank_correlation_test([1, 2, np.nan], [1, 2, 3]), "x"),
        (lambda: evidence.exploitation_test([1, 2, 3], [1, 2]), "gdp"),
        (lambda: evidence.exploitation_test([0, 2, 3], [1, 2, 3]), "gdp"),
        (lambda: evidence.exploitation_test([1, 2, 3], [-1, 2, 3]), "spending_share"),
        (lambda: evidence.adjust_pvalues([0.1, 1.2]), "pvalues"),
        (lambda: evidence.adjust_pvalues([0.1], "bonferroni"), "method"),
        (lambda: evidence.period_test(1966, 1950), "last"),
        (lambda: evidence.critical_correlation(3), "n"),
        (lambda: evidence.critical_correlation(5, 0.001), "level"),
        (lambda: evidence.period_test(1940, 1950), "first"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@given(
    st.lists(
        st.one_of(st.integers(-5, 5).map(float), st.floats(-1e6, 1e6, allow_nan=False)),
        min_size=1,
        max_size=60,
    )
)
def test_mid_ranks_are_scipys_average_ranks(values):
    """Ties included (the integers repeat often): the same ranks as scipy.stats.rankdata."""
    v = np.asarray(values)
    np.testing.assert_array_equal(rank_tests.mid_ranks(v), stats.rankdata(v))


def test_a_lesson_kernel_does_not_import_scipy_stats():
    """scipy.stats costs ~0.3-0.5 s of every kernel start; nothing the lessons import at start
    needs it (it is imported when a Benjamini-Hochberg adjustment is asked for)."""
    import subprocess
    import sys

    code = (
        "import sys, course_lib.apps as a\n"
        "for name in a.EXPLORERS: getattr(a, name)\n"
        "import course_lib.models.evidence, course_lib.models.calibration, course_lib.checks\n"
        "print('scipy.stats' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
