"""Lesson 4 (divergent threat perceptions): every number in the prose, recomputed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from claims_support import Claim, NotClaim
from course_lib.data import data_path
from course_lib.models import geography, threats

LESSON = "04_threat_perceptions"


def share(iso3: str, year: int) -> float:
    """Defence spending as % of GDP in NATO's table (the one the lesson prints)."""
    nato = pd.read_csv(data_path("nato_defence_expenditure_2014_2024.csv"))
    row = nato[(nato.iso3 == iso3) & (nato.year == year)]
    return float(row["defence_exp_share_real_gdp_pct"].iloc[0])


def growth(iso3: str) -> str:
    return f"×{share(iso3, 2024) / share(iso3, 2014):.2f}"


def km(ally: str, threat: str) -> float:
    return float(geography.distance_to_km([ally], threat).iloc[0])


def hundreds(x: float) -> str:
    return f"{round(x, -2):,.0f}"


def baltic_range():
    values = [share(c, 2024) for c in ("EST", "LVA", "LTU")]
    return [f"{min(values):.2f}%", f"{max(values):.2f}%"]


def tripled_doubled():
    assert share("LVA", 2024) > 3 * share("LVA", 2014) and share("LTU", 2024) > 3 * share(
        "LTU", 2014
    )
    assert 2 * share("POL", 2014) < share("POL", 2024) < 3 * share("POL", 2014)
    assert share("EST", 2014) > max(share(c, 2014) for c in ("LVA", "LTU", "POL")), (
        "Tallinn started higher"
    )
    ratio = share("EST", 2024) / share("EST", 2014)
    assert abs(ratio - 1.8) < 0.05, "about four fifths more"
    return [
        growth("LVA"),
        growth("LTU"),
        growth("POL"),
        growth("EST"),
        growth("ESP"),
        growth("ITA"),
    ]


def capitals():
    assert max(km(c, "RUS") for c in ("EST", "LVA", "LTU")) < 900
    assert km("ESP", "RUS") > 3400
    return [hundreds(km("ESP", "SAH"))]


def capabilities():
    c = threats.threat_sources().set_index("code")["capability"]
    basis = threats.threat_sources().set_index("code")["basis"]
    assert "314" in basis["CHN"] and "149" in basis["RUS"], "the SIPRI figures behind the index"
    return [f"China {c['CHN']:g}", f"North Korea {c['PRK']:g}", f"Sahel {c['SAH']:g}"]


def reaches():
    return [
        f"{threats.DEFAULT_REACH_KM:,.0f} km",
        f"{threats.GLOBAL_REACH_KM:,.0f} km",
        f"{geography.EARTH_RADIUS_KM:,.0f} km",
    ]


def italy():
    return [
        hundreds(km("ITA", "SAH")),
        hundreds(km("ITA", "RUS")),
        f"{threats.crossover_reach('ITA', 'RUS', 'SAH'):,.0f} km",
    ]


def china_everywhere():
    regional = threats.first_place_reach("CHN").drop(index=["USA", "JPN", "KOR", "AUS", "NZL"])
    first, last = regional["from_km"].idxmin(), regional["from_km"].idxmax()
    assert (first, last) == ("CAN", "POL")
    return [
        f"{regional['from_km'].min():,.0f} km (Canada)",
        f"{regional['from_km'].max():,.0f} km (Poland)",
    ]


def us_spread():
    us = threats.threat_priorities(["USA"]).loc["USA"]
    assert us.max() < 0.5
    top = threats.top_threat(threats.threat_priorities(threats.case_allies()))
    assert list(top[["POL", "EST", "LVA", "LTU"]]) == ["RUS"] * 4
    assert list(top[["ESP", "ITA"]]) == ["SAH"] * 2 and list(top[["JPN", "KOR"]]) == ["CHN"] * 2
    return []


def us_regional():
    us = threats.threat_priorities(["USA"], global_reach=threats.DEFAULT_REACH_KM).loc["USA"]
    assert us.idxmax() == "RUS"
    return [f"{threats.DEFAULT_REACH_KM:,.0f} km"]


def even_split():
    m = len(threats.threat_sources())
    return [f"{100 / m:.0f}%"]


def europe_beijing():
    europe = [
        c
        for c in threats.threat_priorities().index
        if c not in ("USA", "CAN", "JPN", "KOR", "AUS", "NZL")
    ]
    d = geography.distance_to_km(europe, "CHN")
    return [f"{hundreds(d.min())} to {hundreds(d.max())} km"]


def consensus_counts():
    prio = threats.threat_priorities()
    ideal = threats.ideal_allocation(prio)
    even = np.full(4, 25.0)
    splits = np.random.default_rng(4).dirichlet(np.ones(4), 100_000) * 100
    europe = [c for c in ideal.index if c not in ("USA", "CAN", "JPN", "KOR", "AUS", "NZL")]
    europe_share = threats.acceptable_to_all(ideal.loc[europe], even, splits).mean()
    all_share = threats.acceptable_to_all(ideal, even, splits).mean()
    assert europe_share > 0.05 and all_share < 1e-3, (
        "Europe could agree on plenty, all 36 on almost nothing"
    )
    assert not threats.consensus_possible(ideal, ideal.mean().to_numpy()), (
        "the average ideal cannot move"
    )
    return []


CLAIMS = [
    Claim("In 2024 Poland spent about **4.1%** of its GDP", lambda: [f"{share('POL', 2024):.1f}%"]),
    Claim("the three Baltic states between **2.85% and 3.43%**", baltic_range),
    Claim(
        "Spain spent about **1.3%** and Italy about **1.5%**",
        lambda: [f"{share('ESP', 2024):.1f}%", f"{share('ITA', 2024):.1f}%"],
    ),
    Claim(
        "Between 2014 and 2024 Riga and Vilnius more than tripled their effort (×3.36 and ×3.24), "
        "Warsaw more than doubled it (×2.20), and Tallinn, which started higher, raised it by about "
        "four fifths (×1.78). Madrid and Rome moved much less (×1.39 and ×1.31).",
        tripled_doubled,
    ),
    Claim(
        "The Baltic capitals are under 900 km from Moscow, and Madrid is more than 3,400 km away but "
        "only about 2,200 km from the Sahel corridor.",
        capitals,
    ),
    Claim(
        "China 2 (SIPRI's 2024 estimates: about USD 314 bn against Russia's USD 149 bn); North Korea 0.6 "
        "and North Africa / Sahel 0.6",
        capabilities,
    ),
    Claim("1,000 km for regional allies", lambda: [reaches()[0]]),
    Claim("20,000 km (half the Earth's circumference)", lambda: [reaches()[1]]),
    Claim("haversine on a sphere of radius 6,371 km", lambda: [reaches()[2]]),
    Claim(
        "Italy, about 1,700 km from the Sahel point and 2,400 km from Moscow, switches to Russia once the "
        "reach passes about 1,398 km.",
        italy,
    ),
    Claim(
        "Between about 4,751 km (Canada) and 8,354 km (Poland) China, the most capable threat, climbs to "
        "the top of one list after another.",
        china_everywhere,
    ),
    Claim(
        "With a 1,000 km reach the United States would behave like a European power: Moscow is its nearest "
        "threat.",
        us_regional,
    ),
    Claim(
        "the United States spreads its attention across all four threats with no single one above half.",
        us_spread,
    ),
    Claim("Start from an even split, 25% for each threat.", even_split),
    Claim("Europe alone could agree on plenty", consensus_counts),
    Claim("predicts for capitals 6,300 to 9,700 km from Beijing.", europe_beijing),
]

NOT_CLAIMS = [
    NotClaim("signed up to the same 2% guideline", "NATO's guideline, a definition"),
]
