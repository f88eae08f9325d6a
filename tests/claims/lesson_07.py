"""Lesson 7 (the evidence): every number in the prose, recomputed from the data and the models."""

from __future__ import annotations

import math

from scipy import stats

from claims_support import Claim, NotClaim
from course_lib.models import evidence

LESSON = "07_evidence"


def sipri(iso3: str, year: int) -> float:
    return float(evidence.burden_series([iso3], "sipri").loc[year, iso3])


def nato(iso3: str, year: int) -> float:
    return float(evidence.burden_series([iso3], "nato").loc[year, iso3])


def yearly(source: str = "sipri"):
    return evidence.exploitation_by_year(source).set_index("year")


def compliance():
    return evidence.guideline_compliance("nato").set_index("year")


def change():
    return evidence.burden_change(2014, 2024, "nato", target="RUS").set_index("iso3")


def region(name: str, year: int) -> float:
    table = evidence.regional_burden("sipri")
    return float(table[(table["region"] == name) & (table["year"] == year)]["burden_pct"].iloc[0])


def puzzle_1964():
    return [f"{sipri('USA', 1964):.0f}%", f"{sipri('LUX', 1964):.1f}%"]


def poland_estonia():
    usa, pol, est = sipri("USA", 2024), sipri("POL", 2024), sipri("EST", 2024)
    assert pol > usa > est  # in SIPRI's table Estonia is just below the United States
    return [f"{pol:.2f}%", f"{usa:.2f}%", f"{est:.2f}%"]


def estonia_in_nato():
    usa, est = nato("USA", 2024), nato("EST", 2024)
    assert est > usa  # in NATO's figures Estonia is ahead
    return [f"{est:.2f}%", f"{usa:.2f}%"]


def pvalue_1950():
    section = evidence.cross_section(1950, "sipri")
    n = len(section)
    exact = evidence.exploitation_test(section["gdp_musd"], section["burden_pct"])
    assert exact.exact and n <= evidence.EXACT_MAX_N == 9
    approximate = stats.spearmanr(section["gdp_musd"], section["burden_pct"]).pvalue
    assert evidence.RESAMPLES == 100_000
    return [
        f"{math.factorial(n):,}",
        f"{exact.pvalue:.4f}",
        f"{approximate:.4f}",
        "eight" if n == 8 else str(n),
        "nine",
    ]


def resamples():
    assert evidence.RESAMPLES == 100_000
    return ["100,000"]


def critical_1964():
    n = int(yearly().loc[1964, "n"])
    assert n == 14
    return [f"{evidence.critical_correlation(n):.2f}", "14"]


def early_series():
    s = yearly()
    return [
        f"{s.loc[1950, 'correlation']:+.1f}",
        f"{s.loc[1964, 'correlation']:+.2f}",
        "eight" if s.loc[1950, "n"] == 8 else "?",
        "fourteen" if s.loc[1964, "n"] == 14 else "?",
    ]


def later_series():
    s = yearly()
    assert (s.loc[1967:, "correlation"].iloc[:30] > 0).all()
    assert s.loc[1967:, "correlation"].max() < s.loc[1950:1966, "correlation"].min()
    return []


def about_zero():
    for source in ("sipri", "nato"):
        s = yearly(source)
        assert (s.loc[2019:, "correlation"].abs() < 0.16).all()
        assert (s.loc[2023:2024, "correlation"] < 0).all()
    return []


def sixteen_of_seventeen():
    early = yearly().loc[1950:1966]
    significant = early["pvalue"] < 0.05
    assert list(early.index[~significant]) == [1961]
    return [str(int(significant.sum())), str(len(early))]


def chance_count():
    s = yearly()
    later = s.loc[1967:]
    hits = later.index[later["pvalue"] < 0.05]
    assert list(hits) == [2012]
    return [str(len(later)), f"{0.05 * len(later):.1f}", f"{s.loc[2012, 'pvalue']:.3f}"]


def chance_count_expected():
    return chance_count()[:2]


def chance_count_2012():
    return chance_count()[2:]


def holm_only_1951():
    s = yearly()
    assert list(s.index[s["pvalue_holm"] < 0.05]) == [1951]
    return ["1951"]


def holm():
    holm_only_1951()
    return [str(len(yearly()))]


def period_early():
    early = evidence.period_test(1950, 1966, "sipri")
    assert early.exact
    return [
        "seven" if early.n == 7 else str(early.n),
        str(early.years),
        f"{early.mean_correlation:+.2f}",
        f"{100 * early.pvalue:.2f}%",
        f"{math.factorial(early.n):,}",
        f"{early.pvalue:.4f}",
    ]


def period_later():
    later = evidence.period_test(1967, 2024, "sipri")
    return [
        "fourteen" if later.n == 14 else str(later.n),
        f"{later.mean_correlation:+.2f}",
        f"{later.pvalue:.2f}",
    ]


def summary_periods():
    return [
        f"{evidence.period_test(1950, 1966).pvalue:.4f}",
        f"{evidence.period_test(1967, 2024).pvalue:.2f}",
    ]


def members_range():
    s = yearly()
    assert s.loc[1964:, "n"].min() == 14 and s["n"].max() == 31
    return []


def pledge_counts():
    t = compliance()
    assert list(t.loc[2014, "allies_meeting"]) == ["GBR", "GRC", "USA"]
    return [
        str(t.loc[2022, "meeting"]) if t.loc[2022, "meeting"] != 7 else "seven",
        str(t.loc[2024, "meeting"]),
        str(t.loc[2024, "members"]),
    ]


def thin_line():
    import pandas as pd

    from course_lib.data import load_nato

    raw = load_nato().set_index(["iso3", "year"])
    cases = [("LTU", 2019), ("FRA", 2020), ("SVK", 2024)]
    for case in cases:
        row = raw.loc[case]
        assert row["defence_exp_share_real_gdp_pct"] == 2.0
        ratio = 100 * row["defence_exp_musd_const2015"] / row["gdp_musd_const2015"]
        assert f"{ratio:.2f}" == "1.99", case
    exact_two = raw[raw["defence_exp_share_real_gdp_pct"] == 2.0]
    assert sorted(exact_two.index) == sorted(cases)
    assert isinstance(exact_two, pd.DataFrame)
    return ["2.00%", "1.99%"]


def gradient():
    test = evidence.distance_change_test(evidence.burden_change(2014, 2024, "nato", target="RUS"))
    return [f"−{abs(test.correlation):.1f}"]


def frontline():
    c = change()
    front = c.loc[["POL", "LVA", "LTU", "EST"]]
    assert (front["km_to_threat"] < 1200).all() and (front["km_to_threat"] > 1100).any()
    return [f"{front['change_pp'].min():.1f}", f"{front['change_pp'].max():.1f}"]


def south_and_west():
    c = change()
    for code in ("ESP", "ITA", "CAN"):
        assert abs(c.loc[code, "change_pp"] - 1 / 3) < 0.04, code
    assert abs(c.loc["PRT", "change_pp"] - 0.25) < 0.015
    assert abs(c.loc["HRV", "change_pp"]) < 0.01
    assert c.loc["USA", "change_pp"] < -0.3
    assert (c.drop(index="USA")["change_pp"] > -0.01).all()
    assert c["km_to_threat"].idxmax() == "USA"
    return []


def europe():
    name = "NATO Europe and Canada"
    return [
        f"{region(name, 1964):.1f}%",
        f"{region(name, 2014):.1f}%",
        f"{region(name, 2024):.0f}%",
    ]


def indo_pacific():
    table = evidence.regional_burden("sipri")
    part = table[(table["region"] == "Indo-Pacific allies") & (table["year"] >= 1960)]["burden_pct"]
    return [f"{part.min():.1f}%", f"{part.max():.1f}%"]


def japan():
    jpn = evidence.burden_series(["JPN"], "sipri")["JPN"]
    assert (jpn.loc[1961:2020].between(0.75, 1.05)).all() and abs(jpn.loc[1960] - 1) < 0.1
    assert jpn.loc[2024] > 1.3
    return ["1%"]


def korea():
    kor = evidence.burden_series(["KOR"], "sipri")["KOR"].loc[1970:1989]
    assert kor.min() >= 4 and round(kor.max()) == 6
    return ["4-6%", f"{evidence.burden_series(['KOR'], 'sipri').loc[2024, 'KOR']:.1f}%"]


def summary_gradient():
    return gradient()


def summary_compliance():
    t = compliance()
    return [str(t.loc[2014, "meeting"]), str(t.loc[2024, "meeting"])]


def summary_europe():
    assert 1.95 < region("NATO Europe and Canada", 2024) < 2.0
    assert (
        region("Indo-Pacific allies", 2024) < 2 < evidence.burden_series(["KOR"]).loc[2024, "KOR"]
    )
    return []


def _maths_summary():
    # the summary's maths span: rho ≈ +0.6 (p ≈ 0.02) in 1964
    row = yearly().loc[1964]
    assert f"{row['correlation']:+.1f}" == "+0.6" and f"{row['pvalue']:.2f}" == "0.02"
    assert f"{evidence.distance_change_test(evidence.burden_change()).correlation:+.1f}" == "-0.8"
    return []


CLAIMS = [
    Claim(
        "In 1964 the United States spent about 8% of its GDP on defence and Luxembourg about 1.2% (SIPRI).",
        puzzle_1964,
    ),
    Claim(
        "By 2024 Poland puts a larger share of its economy into defence than the United States does "
        "(4.15% against 3.42% in SIPRI's table), and Estonia comes close behind it at 3.37%.",
        poland_estonia,
    ),
    Claim(
        "In NATO's own figures Estonia is ahead of the United States as well (3.43% against 3.38%)",
        estonia_in_nato,
    ),
    Claim(
        "With eight members, as in 1950, there are 40,320 pairings, and the course counts every one of "
        "them (it does so whenever there are at most nine members), so the p-value is exact: 0.0046 in "
        "1950. Scipy's `spearmanr` reports 0.0020 for the same year.",
        pvalue_1950,
    ),
    Claim("With more members the course draws 100,000 random pairings instead.", resamples),
    Claim("With 14 Allies, as in 1964,", lambda: critical_1964()[1:]),
    Claim("has to pass about 0.54", lambda: critical_1964()[:1]),
    Claim(
        "It starts near +0.9 with eight members in 1950 and is +0.61 with fourteen members in 1964.",
        early_series,
    ),
    Claim(
        "From 1967 on, $\\rho_t$ stays positive but small, and after the Cold War it drifts towards zero.",
        later_series,
    ),
    Claim(
        "From 2019 the correlation is about zero, and in 2023-24 it is slightly negative in both sources.",
        about_zero,
    ),
    Claim(
        "The figure invites a count: 16 of the 17 years from 1950 to 1966 have $p < 0.05$ (all but 1961).",
        sixteen_of_seventeen,
    ),
    Claim(
        "Among the 58 tests from 1967 on, chance alone gives about 2.9 such years.",
        chance_count_expected,
    ),
    Claim("2012 at p = 0.047, is what chance produces, not evidence.", chance_count_2012),
    Claim(
        "Holm's correction (the column `pvalue_holm`) multiplies the smallest of the 75 p-values by 75",
        holm,
    ),
    Claim("After it only 1951 is significant on its own.", holm_only_1951),
    Claim(
        "For 1950-66 the seven Allies with figures in all 17 years give a mean correlation of +0.95. Only "
        "0.24% of their 5,040 pairings do as well (p = 0.0024, exact)",
        period_early,
    ),
    Claim(
        "For 1967-2024 the fourteen Allies present throughout give +0.31 and p = 0.22: no clear link.",
        period_later,
    ),
    Claim(
        "With 14 to 31 Allies a rank correlation needs to be large to be significant.",
        members_range,
    ),
    Claim(
        "Three Allies met the guideline in 2014 (the United Kingdom, Greece and the United States). Eight "
        "years after the pledge, in 2022, there were seven. In NATO's estimate for 2024 there are 23 of the "
        "31 Allies with a figure.",
        pledge_counts,
    ),
    Claim(
        "In three Ally-years (Lithuania 2019, France 2020, Slovakia 2024) NATO publishes exactly 2.00% of "
        "GDP, while spending divided by GDP in the same tables gives 1.99%.",
        thin_line,
    ),
    Claim("The rank correlation between distance and the rise is about −0.8.", gradient),
    Claim(
        "Poland, Latvia, Lithuania and Estonia, all within about 1,200 km of Moscow, added between 1.5 and "
        "2.2 percentage points of GDP.",
        frontline,
    ),
    Claim(
        "Spain, Italy and Canada added about a third of a point and Portugal a quarter. Croatia stayed "
        "where it was, and the United States, farthest away, is the one Ally whose burden clearly fell.",
        south_and_west,
    ),
    Claim(
        "The burden fell from about 4.4% of GDP in 1964 to about 1.5% in 2014, then rose back to about 2% "
        "by 2024.",
        europe,
    ),
    Claim("Taken together they have stayed between about 1.1% and 1.8% since 1960.", indo_pacific),
    Claim("Japan kept its burden near 1% for decades and has raised it only recently.", japan),
    Claim("spent 4-6% in the 1970s and 1980s and still spends about 2.6%.", korea),
    Claim("Zeckhauser predicted: $\\rho \\approx +0.6$ in 1964 ($p \\approx 0.02$", _maths_summary),
    Claim(
        "Asked once for 1950-66, the question gets a clear yes (p = 0.0024); for 1967-2024 it does not "
        "(p = 0.22).",
        summary_periods,
    ),
    Claim("Year by year, after Holm's correction, only 1951 stands on its own.", holm_only_1951),
    Claim(
        "The 2% guideline was met by 3 Allies in 2014 and by 23 in NATO's estimate for 2024.",
        summary_compliance,
    ),
    Claim(
        "Since 2014 the burden rose most near Russia ($\\rho \\approx -0.8$ between distance and rise).",
        _maths_summary,
    ),
    Claim(
        "Europe's burden is back near 2%. The Indo-Pacific allies are below it, except South Korea.",
        summary_europe,
    ),
]

NOT_CLAIMS = [
    NotClaim("NATO's 2% guideline", "the guideline's definition, not a computed number"),
    NotClaim("spending 2% of GDP on defence", "the 2006 guideline itself (a citation)"),
    NotClaim("move towards 2% within a decade", "the Wales pledge itself (a citation)"),
    NotClaim("the dashed 2% line", "the guideline drawn in the figure"),
    NotClaim("The 2% guideline", "the guideline's name (a section title)"),
    NotClaim("national laws that require 2%", "the laws' target (a citation of NATO's file)"),
    NotClaim("each test would still have a 5% chance of", "the definition of the 5% level"),
    NotClaim(
        "keeps the chance of *any* false call below 5%", "the level Holm's correction is set to"
    ),
    NotClaim("meet NATO's 2% guideline", "the guideline"),
    NotClaim("that meet 2%", "the guideline"),
    NotClaim("every Ally spend the same share", "a description of the pledge"),
]
