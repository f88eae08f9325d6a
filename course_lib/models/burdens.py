"""Lesson 7's burdens: the 2% guideline, the change since 2014 against distance, regional burdens.

Read from the panels of :mod:`course_lib.models.evidence` (NATO's and SIPRI's tables).
"""

from __future__ import annotations

import pandas as pd

from course_lib.models import geography
from course_lib.models import validation as check
from course_lib.models.evidence import REGIONS, _panel, _year
from course_lib.models.rank_tests import (
    RankCorrelation,
    rank_correlation_test,
)


def _threshold(threshold) -> float:
    return check.scalar(threshold, "threshold", minimum=0.0, strict=True, maximum=100.0)


def guideline_compliance(source="nato", threshold: float = 2.0) -> pd.DataFrame:
    """How many NATO members meet the spending guideline (burden >= ``threshold`` % of GDP) each year.

    Returns a DataFrame with columns ``year``, ``members`` (members that year with
    a burden figure; Iceland never has one), ``meeting`` (how many are at or
    above the threshold), ``share_meeting_pct`` and ``allies_meeting`` (a tuple
    of their ISO3 codes, alphabetical), plus ``estimate``. The comparison uses
    the unrounded share, so a published 2.00 counts as meeting it.
    """
    threshold = _threshold(threshold)
    panel = _panel(source)
    rows = panel[panel["member"].astype(bool) & panel["burden_pct"].notna()]
    records = []
    for year, group in rows.groupby("year", sort=True):
        meets = group[group["burden_pct"] >= threshold]
        records.append(
            (
                int(year),
                len(group),
                len(meets),
                100.0 * len(meets) / len(group),
                tuple(sorted(meets["iso3"])),
                bool(group["estimate"].astype(bool).any()),
            )
        )
    return pd.DataFrame(
        records,
        columns=["year", "members", "meeting", "share_meeting_pct", "allies_meeting", "estimate"],
    )


def allies_meeting(year: int, source="nato", threshold: float = 2.0) -> list[str]:
    """ISO3 codes (alphabetical) of the members whose burden in ``year`` is at least ``threshold`` %."""
    threshold = _threshold(threshold)
    panel = _panel(source)
    year = _year(year, panel)
    rows = panel[
        (panel["year"] == year) & panel["member"].astype(bool) & (panel["burden_pct"] >= threshold)
    ]
    return sorted(rows["iso3"])


def burden_change(
    start: int = 2014,
    end: int = 2024,
    source="nato",
    *,
    target: str = "RUS",
    members_only: bool = True,
) -> pd.DataFrame:
    r"""Each ally's change in burden between two years, beside its distance from the threat.

    :math:`\Delta_i = b_{i,\text{end}} - b_{i,\text{start}}` in percentage points.
    With ``members_only`` the allies are the NATO members in ``end`` (Finland
    and Sweden count in 2024, with their pre-accession 2014 figures), otherwise
    every country with both figures. Allies without both figures (Iceland)
    are left out.

    Returns
    -------
    DataFrame
        ``iso3``, ``country``, ``burden_start``, ``burden_end``, ``change_pp``,
        ``km_to_threat`` (great-circle km from the capital to ``target``, e.g.
        'RUS' = Moscow, 'CHN' = Beijing), ``member_at_start`` and
        ``estimate_end``; largest increase first.
    """
    panel = _panel(source)
    start = _year(start, panel, "start")
    end = _year(end, panel, "end")
    if end <= start:
        raise ValueError(f"end must be after start, got start={start}, end={end}")
    first = panel[panel["year"] == start].set_index("iso3")
    last = panel[panel["year"] == end].set_index("iso3")
    if members_only:
        last = last[last["member"].astype(bool)]
    codes = [
        c
        for c in last.index
        if c in first.index
        and pd.notna(first.at[c, "burden_pct"])
        and pd.notna(last.at[c, "burden_pct"])
    ]
    table = pd.DataFrame(
        {
            "iso3": codes,
            "country": [last.at[c, "country"] for c in codes],
            "burden_start": [float(first.at[c, "burden_pct"]) for c in codes],
            "burden_end": [float(last.at[c, "burden_pct"]) for c in codes],
        }
    )
    table["change_pp"] = table["burden_end"] - table["burden_start"]
    table["km_to_threat"] = geography.distance_to_km(codes, target).to_numpy() if codes else []
    table["member_at_start"] = [bool(first.at[c, "member"]) for c in codes]
    table["estimate_end"] = [bool(last.at[c, "estimate"]) for c in codes]
    table.attrs.update(start=start, end=end, target=target)
    return table.sort_values("change_pp", ascending=False, ignore_index=True)


def distance_change_test(table: pd.DataFrame) -> RankCorrelation:
    """Spearman's rank correlation between distance from the threat and the change in burden.

    ``table`` is :func:`burden_change`'s result. The threat-perception lesson
    predicts a negative correlation: the nearer the threat, the larger the rise.
    The p-value is the permutation p-value of :func:`rank_correlation_test`.
    """
    missing = sorted({"km_to_threat", "change_pp"} - set(table.columns))
    if missing:
        raise ValueError(f"table lacks the column(s) {missing}; pass burden_change()'s result")
    km = check.vector(table["km_to_threat"], "km_to_threat", minimum=0.0)
    change = check.vector(table["change_pp"], "change_pp")
    if km.size < 3:
        raise ValueError(f"table must have at least 3 allies for a rank test, got {km.size}")
    return rank_correlation_test(km, change, names=("km_to_threat", "change_pp"))


def _region(panel: pd.DataFrame) -> pd.Series:
    region = pd.Series(REGIONS[1], index=panel.index, dtype=object)
    region[panel["iso3"] == "USA"] = REGIONS[0]
    region[panel["group"] == "indo_pacific"] = REGIONS[2]
    return region


def regional_burden(source="sipri", statistic: str = "weighted") -> pd.DataFrame:
    r"""Burden by region and year: the United States, NATO Europe and Canada, the Indo-Pacific allies.

    NATO Europe and Canada counts only the Allies that were members that year;
    the Indo-Pacific allies (Japan, South Korea, Australia, New Zealand) are
    counted in every year with data.

    Parameters
    ----------
    statistic : {"weighted", "median"}
        ``"weighted"``: the region as one economy,
        :math:`100 \sum M_i / \sum Y_i` (countries with both values).
        ``"median"``: the typical member's burden.

    Returns
    -------
    DataFrame
        ``year``, ``region``, ``burden_pct``, ``n`` (countries counted).
    """
    if statistic not in ("weighted", "median"):
        raise ValueError(f"statistic must be 'weighted' or 'median', got {statistic!r}")
    panel = _panel(source)
    rows = panel[
        panel["burden_pct"].notna()
        & (panel["member"].astype(bool) | (panel["group"] == "indo_pacific"))
    ].copy()
    if statistic == "weighted":
        rows = rows[rows["gdp_musd"].notna() & rows["spending_musd"].notna()]
    rows["region"] = _region(rows)
    grouped = rows.groupby(["year", "region"], sort=True)
    if statistic == "weighted":
        sums = grouped[["spending_musd", "gdp_musd"]].sum()
        burden = 100.0 * sums["spending_musd"] / sums["gdp_musd"]
    else:
        burden = grouped["burden_pct"].median()
    out = pd.DataFrame({"burden_pct": burden, "n": grouped.size()}).reset_index()
    out["region"] = pd.Categorical(out["region"], categories=list(REGIONS), ordered=True)
    out = out.sort_values(["region", "year"], ignore_index=True)
    out["region"] = out["region"].astype(str)
    return out[["year", "region", "burden_pct", "n"]]


def burden_series(codes, source="sipri") -> pd.DataFrame:
    """Burden (% of GDP) over time for the given ISO3 codes: one column per code, indexed by year."""
    panel = _panel(source)
    codes = list(codes)
    known = set(panel["iso3"])
    unknown = [c for c in codes if c not in known]
    if not codes or unknown:
        raise ValueError(
            f"codes must be ISO3 codes in the {panel.attrs.get('source', 'given')} data; "
            f"unknown: {unknown or 'none given'}; known: {sorted(known)}"
        )
    rows = panel[panel["iso3"].isin(codes)]
    wide = rows.pivot(index="year", columns="iso3", values="burden_pct")
    return wide[codes]
