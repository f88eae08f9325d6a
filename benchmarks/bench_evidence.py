"""Lesson 7: the data files, the 1949-2024 correlation series, and the rank tests' old and new ways.

The permutation p-values are counts over fixed pairings (all n! of them up to nine allies, else
100,000 seeded random ones). The old way, kept here as the baseline, built the pairings with one
shuffle of an int16 table and gathered ``b[pairings] @ a`` for every test (and every year of a
period test); the library now shuffles blocks of machine-size integers, keeps a float32 table
per n that makes a test one product, and sums one n x n table per pairing in a period test.
Each pair is timed in the same run and checked to give the same numbers.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
import pandas as pd
from scipy import stats

from benchmarks.timing import median_seconds, ratio, report
from course_lib import data
from course_lib.models import evidence, rank_tests

TARGET_SECONDS = 0.5


def load_everything() -> None:
    data.load_nato()
    data.load_sipri()
    data.load_accession()
    data.load_places()


def cold_series() -> None:
    """The SIPRI series from nothing: files read and checked, panel built, 75 rank tests."""
    clear_all()
    evidence.exploitation_by_year("sipri")


def clear_all() -> None:
    """Forget the panels, tables, pairings and null tables: the state of a fresh kernel."""
    evidence.clear_cache()
    for cached in (rank_tests._all_pairings, rank_tests._random_pairings, rank_tests._null_basis):
        cached.cache_clear()


# ----------------------------------------------------------------------------- the old way
def old_pairings(n: int) -> np.ndarray:
    if n <= rank_tests.EXACT_MAX_N:
        return np.array(list(itertools.permutations(range(n))), dtype=np.int8).reshape(-1, n)
    rng = np.random.default_rng([rank_tests.SEED, n])
    return rng.permuted(np.tile(np.arange(n, dtype=np.int16), (rank_tests.RESAMPLES, 1)), axis=1)


def old_test(x, y, pairings: dict) -> float:
    """The old rank test's p-value (two-sided): the pairings gathered for every test."""
    a = np.rint(2.0 * stats.rankdata(x) - (len(x) + 1)).astype(np.int64)
    b = np.rint(2.0 * stats.rankdata(y) - (len(y) + 1)).astype(np.int64)
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    n = len(a)
    if n not in pairings:
        pairings[n] = old_pairings(n)
    null = b.astype(float)[pairings[n]] @ a.astype(float)
    extreme = np.count_nonzero(np.abs(null) >= abs(float(a @ b)))
    total = len(null)
    return extreme / total if n <= rank_tests.EXACT_MAX_N else (1 + extreme) / (1 + total)


def yearly_sections(source: str) -> list[tuple[np.ndarray, np.ndarray]]:
    table = evidence.exploitation_by_year(source)
    sections = (evidence.cross_section(year, source) for year in table["year"])
    return [(s["gdp_musd"].to_numpy(), s["burden_pct"].to_numpy()) for s in sections]


def old_series(sections, pairings: dict) -> list[float]:
    return [old_test(x, y, pairings) for x, y in sections]


def old_period_test(first: int, last: int, pairings: dict) -> float:
    """The old period test's p-value: one gathered product per year."""
    result = evidence.period_test(first, last)
    panel = evidence.burden_panel("sipri")
    rows = panel[panel["iso3"].isin(result.allies) & panel["year"].between(first, last)]
    n = result.n
    if n not in pairings:
        pairings[n] = old_pairings(n)
    null = np.zeros(len(pairings[n]))
    observed = 0.0
    for _, year in rows.sort_values(["year", "iso3"]).groupby("year"):
        a = 2.0 * stats.rankdata(year["gdp_musd"]) - (n + 1)
        b = 2.0 * stats.rankdata(year["burden_pct"]) - (n + 1)
        scale = 1.0 / (result.years * np.sqrt((a @ a) * (b @ b)))
        null += scale * (b[pairings[n]] @ a)
        observed += scale * (a @ b)
    extreme = np.count_nonzero(np.abs(null) >= abs(observed) * (1 - 1e-12))
    total = len(null)
    return extreme / total if n <= rank_tests.EXACT_MAX_N else (1 + extreme) / (1 + total)


def old_year_state(year: int, source: str = "sipri"):
    rows = evidence._usable(evidence._panel(source), True)
    section = rows[rows["year"] == year].sort_values("gdp_musd", ascending=False)
    tested = evidence.exploitation_by_year(source)
    row = tested[tested["year"] == year].iloc[0]
    return section, (row["correlation"], row["pvalue"])


def compare(label: str, old, new, repeat: int = 5) -> None:
    old_time, new_time = median_seconds(old, repeat=repeat), median_seconds(new, repeat=repeat)
    report(f"{label}: old", old_time)
    report(f"{label}: new", new_time)
    ratio(f"{label}: speed-up", old_time / new_time)


def main() -> None:
    clear_all()
    start = time.perf_counter()
    load_everything()
    series = evidence.exploitation_by_year("sipri")
    first_run = time.perf_counter() - start
    print(
        f"{len(series)} years tested ({series['year'].min()}-{series['year'].max()}), "
        f"{int(series['n'].sum())} member-years"
    )
    report(
        "first run: load + check all files, SIPRI correlation series",
        first_run,
        f"< {TARGET_SECONDS} s",
    )
    report("load and check the four data files", median_seconds(load_everything, repeat=7))
    report(
        "correlation series from cold (files, panel, rank tests)",
        median_seconds(cold_series, repeat=5),
        f"< {TARGET_SECONDS} s",
    )

    sipri_n = sorted(set(series["n"]))
    sections = yearly_sections("sipri")
    pairings = {n: old_pairings(n) for n in sipri_n}
    assert old_series(sections, pairings) == list(series["pvalue"]), "the old way differs"
    for n in sipri_n:
        np.testing.assert_array_equal(old_pairings(n), rank_tests._pairings(n))

    def new_pairings():
        rank_tests._all_pairings.cache_clear()
        rank_tests._random_pairings.cache_clear()
        for n in sipri_n:
            rank_tests._pairings(n)

    compare(
        f"pairings for the series' {len(sipri_n)} sizes",
        lambda: [old_pairings(n) for n in sipri_n],
        new_pairings,
    )

    def new_series_warm_pairings():
        evidence.clear_cache()
        rank_tests._null_basis.cache_clear()
        evidence.exploitation_by_year("sipri")

    compare(
        "75 yearly tests, pairings built",
        lambda: old_series(sections, pairings),
        new_series_warm_pairings,
    )
    compare(
        "SIPRI series as in a fresh kernel (panel cached)",
        lambda: old_series(sections, {}),
        lambda: (
            clear_all(),
            evidence.burden_panel("sipri"),
            evidence.exploitation_by_year("sipri"),
        ),
        repeat=3,
    )
    evidence.exploitation_by_year("sipri")
    for first, last in ((1950, 1966), (1967, 2024)):
        assert old_period_test(first, last, pairings) == evidence.period_test(first, last).pvalue
    compare(
        "period tests 1950-66 and 1967-2024",
        lambda: [old_period_test(f, last, pairings) for f, last in ((1950, 1966), (1967, 2024))],
        lambda: (evidence.period_test(1950, 1966), evidence.period_test(1967, 2024)),
    )
    old_section, old_stat = old_year_state(1964)
    state = evidence.year_state(1964)
    pd.testing.assert_frame_equal(old_section.reset_index(drop=True), state.section)
    assert old_stat == (state.test.correlation, state.test.pvalue)
    compare(
        "explorer states of 75 years (table cached)",
        lambda: [old_year_state(y) for y in range(1950, 2025)],
        lambda: [evidence.year_state(y) for y in range(1950, 2025)],
    )
    report(
        "NATO correlation series, 2% compliance, change vs distance (cached)",
        median_seconds(
            lambda: (
                evidence.exploitation_by_year("nato"),
                evidence.guideline_compliance("nato"),
                evidence.burden_change(),
            ),
            repeat=7,
        ),
    )


if __name__ == "__main__":
    main()
