r"""The evidence: Olson and Zeckhauser's predictions tested on NATO's and SIPRI's data.

Everything here works on a *burden panel*, one row per country and year, built by
:func:`burden_panel` from one source:

* ``"nato"``: NATO's 2014-2024 tables. Burden :math:`b_{it}` is defence
  spending as % of real GDP; economic size :math:`Y_{it}` is GDP in million US$
  at constant 2015 prices and exchange rates (the basis of NATO's share).
  2023-24 values are NATO estimates.
* ``"sipri"``: SIPRI 1949-2024. Burden is SIPRI's military spending as % of
  GDP. SIPRI publishes no GDP, so economic size is recovered from spending in
  current US$, :math:`M_{it}`, and the share:

  .. math:: Y_{it} = \frac{M_{it}}{b_{it} / 100}
            \quad\text{(million current US\$).}

  Where either is missing (SIPRI's zeros count as missing) there is no size.

Membership: ally ``i`` is a NATO member in year ``t`` iff :math:`t \ge`
its accession year (``course_lib.data.nato_member``). Iceland has no armed
forces and therefore no burden; it drops out of every test.

**The exploitation test** (Olson and Zeckhauser 1966). For year ``t`` take the
:math:`n_t` members with both :math:`Y` and :math:`b` and compute Spearman's rank
correlation, the Pearson correlation of the ranks
:math:`R(Y_{it})` and :math:`R(b_{it})`; without ties

.. math:: \rho_t = 1 - \frac{6 \sum_i d_i^2}{n_t (n_t^2 - 1)},
          \qquad d_i = R(Y_{it}) - R(b_{it}).

The theory predicts :math:`\rho_t > 0`: the large carry a heavier burden than
the small. Computed by :func:`exploitation_test` for each year with at least
three members.
**What the p-value means.** The members of a year are not a sample from a
larger population of allies: they are all of them. So the p-value is a
permutation p-value, about random pairings of sizes with burdens, not about
sampling: exact for small memberships, from seeded random pairings for large
ones (:mod:`course_lib.models.rank_tests`, whose names this module re-exports).
Scipy's default p-value (Student's t with :math:`n_t - 2` degrees of freedom)
is an approximation for large samples; with the eight members of 1950 it gives
0.0020 where the exact answer is 0.0046.

**Many years, one question.** The yearly tests are not independent pieces of
evidence: the same countries, with persistent sizes and burdens, appear year
after year. Among ~75 yearly tests a few p-values below 0.05 are what chance
alone produces. :func:`adjust_pvalues` applies Holm's step-down correction
(valid under any dependence between the years; it controls the chance of
calling *any* year significant by mistake) or Benjamini and Hochberg's false
discovery rate; :func:`exploitation_by_year` reports the Holm-adjusted p-value
of each year within the years of its table. :func:`period_test` asks the
question once for a block of years: it pairs whole burden histories with size
histories at random (one permutation of the allies for every year) and so keeps
the dependence between the years.

**The 2 % guideline**: ally ``i`` meets it in year ``t`` iff :math:`b_{it} \ge 2`.

**Regional burden**: for a group ``R`` of allies, the group's burden as if it
were one economy is :math:`B_{Rt} = 100 \sum_{i \in R} M_{it} / \sum_{i\in R} Y_{it}`
(the GDP-weighted mean of the members' burdens); the typical member's burden is
the median of :math:`b_{it}` over ``R``.

**Threat gradient**: the change in burden :math:`\Delta_i = b_{i,t_1} - b_{i,t_0}`
(percentage points) set against the great-circle distance from ally ``i``'s
capital to the threat (``course_lib.models.geography.distance_to_km``).

Caveats carried over from the sources: NATO's and SIPRI's definitions differ, so
their shares do not match; US figures in SIPRI are fiscal years; SIPRI's
"Germany" before 1990 is the Federal Republic.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from course_lib import data
from course_lib.models import validation as check
from course_lib.models.rank_tests import (
    EXACT_MAX_N,
    RESAMPLES,
    SEED,
    RankCorrelation,
    _doubled_centred_ranks,
    _pairings,
    adjust_pvalues,
    critical_correlation,
    rank_correlation_test,
)

__all__ = [
    "EXACT_MAX_N",
    "LABELS",
    "PRICES",
    "REGIONS",
    "SOURCES",
    "PeriodTest",
    "RESAMPLES",
    "YearState",
    "SEED",
    "RankCorrelation",
    "adjust_pvalues",
    "allies_meeting",
    "critical_correlation",
    "burden_change",
    "burden_panel",
    "burden_series",
    "clear_cache",
    "cross_section",
    "distance_change_test",
    "exploitation_by_year",
    "exploitation_test",
    "guideline_compliance",
    "period_test",
    "rank_correlation_test",
    "regional_burden",
    "year_range",
    "year_state",
]

SOURCES = ("nato", "sipri")
#: The prices of ``gdp_musd`` and ``spending_musd`` in each source's panel.
PRICES = {"nato": "constant 2015 US$", "sipri": "current US$"}
#: How each source is named in figures.
LABELS = {"nato": "NATO", "sipri": "SIPRI"}
#: Regions of :func:`regional_burden`, in plotting order.
REGIONS = ("United States", "NATO Europe and Canada", "Indo-Pacific allies")
_PANEL_COLUMNS = [
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


def exploitation_test(gdp, spending_share, *, alternative: str = "two-sided") -> RankCorrelation:
    """Olson and Zeckhauser's "exploitation of the great by the small" test.

    Spearman's rank correlation between economic size (``gdp`` > 0) and defence
    burden (``spending_share`` >= 0, e.g. % of GDP) with its permutation p-value
    (:func:`rank_correlation_test`: exact for up to :data:`EXACT_MAX_N` allies).
    The theory predicts a positive correlation: the large carry a heavier burden.
    """
    gdp = check.vector(gdp, "gdp", minimum=0.0, strict=True)
    share = check.vector(spending_share, "spending_share", minimum=0.0)
    return rank_correlation_test(
        gdp, share, alternative=alternative, names=("gdp", "spending_share")
    )


def _source_name(source) -> str:
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(
            f"source must be one of {SOURCES} (or a burden panel DataFrame), got {source!r}"
        )
    return source


@lru_cache(maxsize=len(SOURCES))
def _cached_panel(source: str) -> pd.DataFrame:
    accession = data.accession_years()
    if source == "nato":
        raw = data.load_nato()
        panel = pd.DataFrame(
            {
                "iso3": raw["iso3"],
                "country": raw["country"],
                "year": raw["year"],
                "gdp_musd": raw["gdp_musd_const2015"],
                "spending_musd": raw["defence_exp_musd_const2015"],
                "burden_pct": raw["defence_exp_share_real_gdp_pct"],
                "estimate": raw["is_estimate"],
            }
        )
    else:
        raw = data.load_sipri()
        share = raw["milex_share_of_gdp_pct"]
        spending = raw["milex_musd_current"]
        gdp = spending / (share / 100.0)
        gdp = gdp.where(np.isfinite(gdp) & (gdp > 0))
        panel = pd.DataFrame(
            {
                "iso3": raw["iso3"],
                "country": raw["country_sipri"],
                "year": raw["year"],
                "gdp_musd": gdp,
                "spending_musd": spending,
                "burden_pct": share,
                "estimate": raw["share_is_sipri_estimate"] | raw["current_is_sipri_estimate"],
            }
        )
    panel["group"] = np.where(panel["iso3"].isin(data.NATO_ALLIES), "nato", "indo_pacific")
    panel["member"] = data.nato_member(
        panel["iso3"].to_numpy(), panel["year"].to_numpy(), accession
    )
    panel = panel[_PANEL_COLUMNS].sort_values(["year", "iso3"], ignore_index=True)
    panel.attrs["source"] = source
    panel.attrs["prices"] = PRICES[source]
    return panel


def clear_cache() -> None:
    """Forget the panels and yearly tests built so far (the next call reloads the files)."""
    _cached_panel.cache_clear()
    _cached_usable.cache_clear()
    _cached_exploitation.cache_clear()
    _tests_by_year.cache_clear()


def burden_panel(source: str = "sipri") -> pd.DataFrame:
    """One row per country and year: the quantities every test here uses.

    Columns: ``iso3``, ``country``, ``year``, ``group`` ('nato' or
    'indo_pacific'), ``member`` (NATO member that year, from accession years),
    ``gdp_musd`` (economic size :math:`Y`, million US$; constant 2015 for NATO,
    current and derived as :math:`M/(b/100)` for SIPRI), ``spending_musd`` (same
    prices), ``burden_pct`` (:math:`b`, % of GDP) and ``estimate`` (True if NATO
    or SIPRI marks the value as an estimate). Missing values are ``NaN``.

    The panel is built once per source and cached; each call returns a copy.
    """
    return _cached_panel(_source_name(source)).copy()


def _panel(source) -> pd.DataFrame:
    """A source name's cached panel, or a caller's own panel (tests pass synthetic ones)."""
    if isinstance(source, pd.DataFrame):
        needed = {"iso3", "year", "gdp_musd", "burden_pct", "member"}
        missing = sorted(needed - set(source.columns))
        if missing:
            raise ValueError(f"source panel lacks the column(s) {missing}; see burden_panel()")
        panel = source.copy()
        for column, default in (
            ("country", panel["iso3"]),
            ("estimate", False),
            ("group", "nato"),
            ("spending_musd", np.nan),
        ):
            if column not in panel.columns:
                panel[column] = default
        return panel
    return _cached_panel(_source_name(source))


def year_range(source: str = "sipri") -> tuple[int, int]:
    """First and last year of a source's panel (NATO 2014-2024, SIPRI 1949-2024)."""
    panel = _panel(source)
    return int(panel["year"].min()), int(panel["year"].max())


def _year(year, panel: pd.DataFrame, name: str = "year") -> int:
    first, last = int(panel["year"].min()), int(panel["year"].max())
    return check.integer(year, name, minimum=first, maximum=last)


def _usable(panel: pd.DataFrame, members_only: bool) -> pd.DataFrame:
    keep = panel["gdp_musd"].notna() & (panel["gdp_musd"] > 0) & panel["burden_pct"].notna()
    if members_only:
        keep &= panel["member"].astype(bool)
    return panel[keep]


@lru_cache(maxsize=2 * len(SOURCES))
def _cached_usable(source: str, members_only: bool) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`_usable` rows of a source's cached panel and their years (ascending, read-only)."""
    rows = _usable(_cached_panel(source), members_only)
    years = rows["year"].to_numpy(copy=True)
    years.flags.writeable = False
    return rows, years


def cross_section(year: int, source="sipri", *, members_only: bool = True) -> pd.DataFrame:
    """The allies in the rank test for ``year``: members that year with both size and burden.

    Returns the burden-panel rows (see :func:`burden_panel`), largest economy
    first. Iceland and any country-year with a missing value are left out.
    """
    panel = _panel(source)
    year = _year(year, panel)
    if isinstance(source, pd.DataFrame):
        rows = _usable(panel, members_only)
        rows = rows[rows["year"] == year]
    else:  # the cached usable rows, in the panel's order (by year): the year is one slice
        rows, years = _cached_usable(source, bool(members_only))
        rows = rows.iloc[np.searchsorted(years, year) : np.searchsorted(years, year, "right")]
    return rows.sort_values("gdp_musd", ascending=False, ignore_index=True)


def exploitation_by_year(
    source="sipri", *, members_only: bool = True, min_members: int = 3
) -> pd.DataFrame:
    r"""Olson and Zeckhauser's rank test, year by year.

    For each year, Spearman's :math:`\rho_t` between economic size
    :math:`Y_{it}` and burden :math:`b_{it}` over the NATO members of that year
    with data (:func:`cross_section`), with its permutation p-value
    (:func:`exploitation_test`), and the Holm-adjusted p-value over all the years
    of the table (:func:`adjust_pvalues`).

    Parameters
    ----------
    source : {"nato", "sipri"} or DataFrame
        Which data (see the module docstring), or a panel with the columns of
        :func:`burden_panel`.
    members_only : bool
        Only allies that were NATO members that year (default). False uses
        every country in the panel, Indo-Pacific allies included.
    min_members : int, >= 3
        Years with fewer members with data are skipped, as are years where
        size or burden does not vary (no rank correlation exists).

    Returns
    -------
    DataFrame
        Columns ``year``, ``correlation`` (:math:`\rho_t`), ``pvalue`` (two-sided
        permutation p-value), ``exact`` (True if all :math:`n_t!` pairings were
        enumerated), ``pvalue_holm`` (Holm-adjusted over the years in the table:
        a year with ``pvalue_holm < 0.05`` is significant even after allowing for
        the many years tested), ``n`` (members in the test) and ``estimate``
        (True if any value that year is an estimate), one row per year tested.
        For a named source the table is computed once and cached; each call
        returns a copy.
    """
    min_members = check.integer(min_members, "min_members", minimum=3)
    if isinstance(source, pd.DataFrame):
        return _exploitation_by_year(_panel(source), members_only, min_members)
    return _cached_exploitation(_source_name(source), bool(members_only), min_members).copy()


@lru_cache(maxsize=8)
def _cached_exploitation(source: str, members_only: bool, min_members: int) -> pd.DataFrame:
    return _exploitation_by_year(_cached_panel(source), members_only, min_members)


def _exploitation_by_year(
    panel: pd.DataFrame, members_only: bool, min_members: int
) -> pd.DataFrame:
    rows = _usable(panel, members_only).sort_values("year", kind="stable")
    years = rows["year"].to_numpy()
    gdp_all = rows["gdp_musd"].to_numpy(dtype=float)
    burden_all = rows["burden_pct"].to_numpy(dtype=float)
    estimate_all = rows["estimate"].to_numpy(dtype=bool)
    records = []
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]]) if len(years) else []
    for start, stop in zip(starts, [*starts[1:], len(years)]):
        if stop - start < min_members:
            continue
        gdp, burden = gdp_all[start:stop], burden_all[start:stop]
        if np.all(gdp == gdp[0]) or np.all(burden == burden[0]):
            continue
        test = exploitation_test(gdp, burden)
        records.append(
            (
                int(years[start]),
                test.correlation,
                test.pvalue,
                test.exact,
                test.n,
                bool(estimate_all[start:stop].any()),
            )
        )
    table = pd.DataFrame(
        records, columns=["year", "correlation", "pvalue", "exact", "n", "estimate"]
    )
    table = table.astype(
        {
            "year": "int64",
            "correlation": float,
            "pvalue": float,
            "exact": bool,
            "n": "int64",
            "estimate": bool,
        }
    )
    table.insert(4, "pvalue_holm", adjust_pvalues(table["pvalue"]) if len(table) else np.empty(0))
    return table


class PeriodTest(NamedTuple):
    """The rank test pooled over a block of years (see :func:`period_test`)."""

    mean_correlation: float
    pvalue: float
    n: int
    years: int
    exact: bool
    allies: tuple


def period_test(first: int, last: int, source="sipri") -> PeriodTest:
    r"""One test for a block of years: is size paired with burden across the whole period?

    The yearly tests of a period are one piece of evidence, not many: the same
    allies appear every year and their sizes and burdens change slowly. This
    test keeps that dependence. It takes the allies that are members with data
    in *every* year from ``first`` to ``last`` (a balanced panel of :math:`n`
    allies), and the statistic :math:`\bar\rho = \frac{1}{T}\sum_t \rho_t`, the
    mean yearly rank correlation. Under the null hypothesis the allies' burden
    *histories* are paired with their size histories at random: one permutation
    :math:`\pi` of the allies, the same in every year, so
    :math:`\bar\rho(\pi) = \frac1T \sum_t \rho_t(\pi)`, and the p-value is
    :math:`P(|\bar\rho(\pi)| \ge |\bar\rho|)`: all :math:`n!` pairings when
    :math:`n \le` :data:`EXACT_MAX_N`, else :data:`RESAMPLES` seeded random ones
    (:func:`rank_correlation_test`'s rules).

    Returns mean correlation, p-value, ``n`` allies, ``years`` (:math:`T`),
    ``exact`` and ``allies`` (their ISO3 codes). Allies who joined during the
    period, or lack a figure in some year, are left out.
    """
    panel = _panel(source)
    first = _year(first, panel, "first")
    last = _year(last, panel, "last")
    if last < first:
        raise ValueError(f"last must be at least first, got first={first}, last={last}")
    rows = _usable(panel, True)
    rows = rows[(rows["year"] >= first) & (rows["year"] <= last)]
    span = last - first + 1
    counts = rows.groupby("iso3")["year"].nunique()
    allies = tuple(sorted(counts.index[counts == span]))
    if len(allies) < 3:
        raise ValueError(
            f"only {len(allies)} allies have data in every year {first}-{last}; "
            "a rank test needs at least 3 (choose a shorter period)"
        )
    rows = rows[rows["iso3"].isin(allies)].sort_values(["year", "iso3"])
    gdp = rows["gdp_musd"].to_numpy(dtype=float).reshape(span, len(allies))
    burden = rows["burden_pct"].to_numpy(dtype=float).reshape(span, len(allies))
    keep = [t for t in range(span) if np.ptp(gdp[t]) > 0 and np.ptp(burden[t]) > 0]
    if not keep:
        raise ValueError(
            f"size or burden is constant in every year {first}-{last}: no rank correlation"
        )
    a = np.array([_doubled_centred_ranks(gdp[t]) for t in keep], dtype=float)
    b = np.array([_doubled_centred_ranks(burden[t]) for t in keep], dtype=float)
    scale = 1.0 / (len(keep) * np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1)))
    n = len(allies)
    exact = n <= EXACT_MAX_N
    pairings = _pairings(n)
    observed = float(np.sum(scale * (a * b).sum(axis=1)))
    # sum_t scale_t sum_i a_ti b_t,pi(i) = sum_i W[i, pi(i)] with W = sum_t scale_t a_t b_t^T:
    # one look-up per ally and pairing, whatever the number of years
    weights = (scale[:, None] * a).T @ b
    null = weights[np.arange(n), pairings].sum(axis=1)
    extreme = np.count_nonzero(np.abs(null) >= abs(observed) * (1 - 1e-12))
    pvalue = extreme / len(pairings) if exact else (1 + extreme) / (1 + len(pairings))
    return PeriodTest(observed, float(pvalue), n, len(keep), exact, allies)


@lru_cache(maxsize=len(SOURCES))
def _tests_by_year(source: str) -> dict:
    """Year -> :class:`RankCorrelation` of ``exploitation_by_year(source)`` (members, >= 3)."""
    table = _cached_exploitation(source, True, 3)
    return {
        int(year): RankCorrelation(float(r), float(p), int(n), bool(e))
        for year, r, p, n, e in zip(
            table["year"], table["correlation"], table["pvalue"], table["n"], table["exact"]
        )
    }


class YearState(NamedTuple):
    """What the year-by-year explorer shows for one year: its cross-section and rank test."""

    year: int
    source: str
    section: pd.DataFrame  #: :func:`cross_section`
    test: RankCorrelation  #: :func:`exploitation_test`, or ``(nan, nan, n, False)`` below 3 members


def year_state(year: int, source: str = "sipri") -> YearState:
    """The evidence explorer's state for ``year`` in ``source`` ("sipri" or "nato").

    ``test`` is :func:`exploitation_test` (permutation p-value) of the year's
    :func:`cross_section`, or ``RankCorrelation(nan, nan, n, False)`` when fewer than
    three members have data that year (no rank test is possible).
    """
    source = _source_name(source)
    section = cross_section(year, source)
    tested = _tests_by_year(source)  # the same test, run once for every year
    if int(year) in tested:
        test = tested[int(year)]
    elif len(section) >= 3:
        test = exploitation_test(section["gdp_musd"], section["burden_pct"])
    else:
        test = RankCorrelation(float("nan"), float("nan"), len(section), False)
    return YearState(int(year), source, section, test)


# Names that moved to modules of their own concept; this module still answers for them (looked
# up on first use, because those modules import their shared helpers from here).
_MOVED = {
    "course_lib.models.burdens": (
        "_threshold",
        "guideline_compliance",
        "allies_meeting",
        "burden_change",
        "distance_change_test",
        "_region",
        "regional_burden",
        "burden_series",
    ),
}


def __getattr__(name: str):
    import importlib

    for module, names in _MOVED.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
