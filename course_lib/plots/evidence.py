"""Figures for lesson 7, the evidence: NATO's and SIPRI's data against the theory.

Like the other lessons' figures, each comes as ``<name>_figure(...)`` (a titled
figure, a ``go.FigureWidget`` with ``widget=True``) and, where an explorer
redraws it, ``draw_<name>(fig, ...)`` to write new results in place. They draw
what :mod:`course_lib.models.evidence` returned and compute nothing but titles.
Estimated values (NATO's 2023-24 figures, SIPRI's estimates) are drawn with open
markers or dotted lines, so the flag stays visible.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, SERIES, finish, live, wrap_title

__all__ = [
    "BURDEN_AXIS",
    "GDP_AXIS",
    "burden_lines_figure",
    "compliance_figure",
    "correlation_figure",
    "draw_correlation_marker",
    "draw_evidence_explorer",
    "draw_size_burden",
    "regional_figure",
    "scatter_title",
    "size_burden_figure",
    "threat_distance_figure",
]

BURDEN_AXIS = "defence spending (% of GDP)"
GDP_AXIS = "GDP (million US$, log scale)"
_SIGNIFICANCE = 0.05
_REGION_COLOURS = {
    "United States": PALETTE["blue"],
    "NATO Europe and Canada": PALETTE["orange"],
    "Indo-Pacific allies": PALETTE["green"],
}


def _p(pvalue: float) -> str:
    """A p-value as a reader wants it: three decimals, or '< 0.001'."""
    return "p < 0.001" if pvalue < 0.001 else f"p = {pvalue:.3f}"


def _signed(value: float) -> str:
    """+0.61 / −0.08, with a true minus sign."""
    return f"{value:+.2f}".replace("-", "−")


def _guideline(fig: go.Figure, level: float = 2.0) -> None:
    fig.add_hline(
        y=level,
        line={"color": PALETTE["black"], "width": 1, "dash": "dash"},
        annotation_text=f"{level:g}% guideline",
        annotation_position="top left",
        annotation_font_size=11,
    )


# --------------------------------------------------------------------------- size vs burden
def scatter_title(year: int, correlation: float, pvalue: float, n: int) -> str:
    """The finding of one year's rank test, in words, with Spearman's rho, the p-value and n."""
    if not np.isfinite(correlation):
        return f"{year}: too few Allies with data for a rank test ({n})"
    stats = f"Spearman ρ = {_signed(correlation)}, {_p(pvalue)}, {n} Allies"
    if pvalue < _SIGNIFICANCE and correlation > 0:
        finding = "the larger the economy, the heavier the burden"
    elif pvalue < _SIGNIFICANCE:
        finding = "the smaller economies carried the heavier burdens"
    else:
        finding = "no clear link between economic size and burden"
    return f"{year}: {finding} ({stats})"


def size_burden_figure(
    section: pd.DataFrame,
    year: int,
    test,
    *,
    prices: str = "current US$",
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Burden against GDP (log scale) for one year's members, each labelled with its ISO3 code.

    ``section`` is ``evidence.cross_section(year, ...)`` and ``test`` its
    ``exploitation_test`` (``correlation``, ``pvalue``, ``n``). Traces: 0 =
    reported values (filled), 1 = estimates (open markers). The title gives the
    year's correlation; the dashed line is the 2% guideline.
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="reported",
                mode="markers+text",
                textposition="top center",
                textfont={"size": 10},
                marker={"color": PALETTE["blue"], "size": 10, "symbol": "circle"},
            ),
            go.Scatter(
                name="estimate",
                mode="markers+text",
                textposition="top center",
                textfont={"size": 10, "color": PALETTE["vermillion"]},
                marker={
                    "color": PALETTE["vermillion"],
                    "size": 11,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                },
            ),
        ]
    )
    finish(fig, "", f"GDP (million {prices}, log scale)", BURDEN_AXIS, height=440)
    fig.update_xaxes(type="log")
    fig.update_yaxes(rangemode="tozero")
    _guideline(fig)
    fig = live(fig, widget)
    draw_size_burden(fig, section, year, test, title=title)
    return fig


def draw_size_burden(
    fig: go.Figure, section: pd.DataFrame, year: int, test, *, title: str | None = None
) -> None:
    """Write another year's cross-section and rank test into a :func:`size_burden_figure`."""
    estimate = section["estimate"].to_numpy(dtype=bool)
    gdp = section["gdp_musd"].to_numpy(dtype=float)
    burden = section["burden_pct"].to_numpy(dtype=float)
    codes = section["iso3"].to_numpy(dtype=object)
    names = section["country"].to_numpy(dtype=object)
    for trace, mask, flag in ((fig.data[0], ~estimate, ""), (fig.data[1], estimate, " (estimate)")):
        trace.x = gdp[mask]
        trace.y = burden[mask]
        trace.text = codes[mask]
        trace.customdata = names[mask]
        trace.hovertemplate = (
            "%{customdata}" + flag + "<br>GDP %{x:,.0f} million US$"
            "<br>%{y:.2f}% of GDP<extra></extra>"
        )
    fig.data[1].showlegend = bool(estimate.any())
    fig.layout.title.text = wrap_title(
        title or scatter_title(year, test.correlation, test.pvalue, test.n)
    )


# --------------------------------------------------------------------------- correlation over time
def _correlation_title(series: Mapping[str, pd.DataFrame]) -> str:
    longest = max(series.values(), key=len)
    first, last = longest.iloc[0], longest.iloc[-1]
    y0, y1 = int(first["year"]), int(last["year"])
    r0, r1 = _signed(first["correlation"]), _signed(last["correlation"])
    if first["pvalue"] < _SIGNIFICANCE and last["pvalue"] >= _SIGNIFICANCE:
        return f"Economic size predicted the burden in {y0} (ρ = {r0}) but no longer did by {y1} (ρ = {r1})"
    return f"Rank correlation of GDP and burden: ρ = {r0} in {y0}, {r1} in {y1}"


def _first_of_estimated_tail(frame: pd.DataFrame) -> int | None:
    """Position of the first estimated row if estimates are exactly the last rows (not all)."""
    if "estimate" not in frame or len(frame) < 2:
        return None
    est = frame["estimate"].to_numpy(dtype=bool)
    if not est.any() or est[0]:
        return None
    first = int(np.argmax(est))
    return first if est[first:].all() else None


def correlation_figure(
    series: Mapping[str, pd.DataFrame],
    *,
    year: int | None = None,
    widget: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Spearman's rho between GDP and burden, year by year, one line per source.

    ``series`` maps a label ("SIPRI", "NATO") to ``evidence.exploitation_by_year``.
    Filled markers: p < 0.05 in the year's own (unadjusted) test; open markers:
    p >= 0.05. The hover shows the Holm-adjusted p-value when the table has
    ``pvalue_holm``. For a source whose
    rows carry ``estimate`` only in its last years (NATO 2023-24), those years
    are drawn dotted as a separate trace. The last trace is a vertical marker
    at ``year`` (hidden when ``year`` is None) that an explorer moves.
    """
    fig = go.Figure()
    for k, (label, frame) in enumerate(series.items()):
        colour = SERIES[k % len(SERIES)]
        parts = [(frame, label, "solid")]
        first = _first_of_estimated_tail(frame)
        if first is not None:  # reported years solid, estimated tail dotted (joined at the seam)
            parts = [
                (frame.iloc[:first], label, "solid"),
                (frame.iloc[first - 1 :], f"{label} (estimates)", "dot"),
            ]
        for part, name, dash in parts:
            symbols = np.where(part["pvalue"].to_numpy() < _SIGNIFICANCE, "circle", "circle-open")
            holm = part["pvalue_holm"] if "pvalue_holm" in part else part["pvalue"] * np.nan
            fig.add_trace(
                go.Scatter(
                    x=part["year"],
                    y=part["correlation"],
                    name=name,
                    mode="lines+markers",
                    line={"color": colour, "width": 2, "dash": dash},
                    marker={"color": colour, "size": 7, "symbol": symbols},
                    customdata=np.column_stack([part["pvalue"], part["n"], holm]),
                    hovertemplate=(
                        f"{name}<br>%{{x}}: ρ = %{{y:+.2f}}<br>p = %{{customdata[0]:.4f}}, "
                        "%{customdata[1]} Allies<br>Holm-adjusted p = %{customdata[2]:.3f}"
                        "<extra></extra>"
                    ),
                )
            )
    fig.add_trace(
        go.Scatter(
            name="year shown",
            mode="lines",
            x=[],
            y=[],
            showlegend=False,
            line={"color": PALETTE["black"], "width": 1.5},
            hoverinfo="skip",
        )
    )
    finish(
        fig,
        title or _correlation_title(series),
        "year",
        "Spearman ρ, GDP rank vs burden rank",
        height=380,
    )
    fig.update_yaxes(range=[-1.05, 1.05], zeroline=True, zerolinecolor="#888")
    fig.add_annotation(
        text="filled: p < 0.05 in that year's own test, before any correction for "
        "testing many years · open: p ≥ 0.05",
        xref="paper",
        yref="paper",
        x=1.0,
        y=0.0,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11, "color": "#555"},
    )
    fig = live(fig, widget)
    draw_correlation_marker(fig, year)
    return fig


def draw_correlation_marker(fig: go.Figure, year: int | None) -> None:
    """Move the vertical "year shown" line of a :func:`correlation_figure` (None hides it)."""
    marker = fig.data[-1]
    if year is None:
        marker.x, marker.y = [], []
    else:
        marker.x, marker.y = [year, year], [-1.0, 1.0]


def draw_evidence_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.evidence.YearState` into the explorer's figures:
    the year's cross-section into ``scatter``, the year marker (only) into ``trend``."""
    draw_size_burden(figures["scatter"], state.section, state.year, state.test)
    draw_correlation_marker(figures["trend"], state.year)


# --------------------------------------------------------------------------- 2% compliance
def compliance_figure(
    table: pd.DataFrame, *, threshold: float = 2.0, source: str = "NATO", title: str | None = None
) -> go.Figure:
    """Allies at or above the guideline each year (bars) against the members with data (line).

    ``table`` is ``evidence.guideline_compliance``. Estimated years are hatched
    and labelled "(e)".
    """
    est = table["estimate"].to_numpy(dtype=bool)
    years = table["year"].to_numpy()
    labels = [f"{y}{'e' if e else ''}" for y, e in zip(years, est)]
    who = [", ".join(codes) for codes in table["allies_meeting"]]
    fig = go.Figure(
        [
            go.Bar(
                name=f"Allies at or above {threshold:g}% of GDP",
                x=years,
                y=table["meeting"],
                marker={
                    "color": [PALETTE["sky"] if e else PALETTE["blue"] for e in est],
                    "pattern": {"shape": ["/" if e else "" for e in est]},
                },
                text=table["meeting"],
                textposition="outside",
                customdata=who,
                hovertemplate="%{x}: %{y} Allies<br>%{customdata}<extra></extra>",
            ),
            go.Scatter(
                name="members with data",
                x=years,
                y=table["members"],
                mode="lines+markers",
                line={"color": PALETTE["black"], "width": 1.5, "dash": "dot"},
                hovertemplate="%{x}: %{y} members<extra></extra>",
            ),
        ]
    )
    first, last = table.iloc[0], table.iloc[-1]
    default = (
        f"Allies meeting {threshold:g}%: {first['meeting']} of {first['members']} in "
        f"{first['year']}, {last['meeting']} of {last['members']} in {last['year']}"
        f"{' (estimate)' if last['estimate'] else ''}"
    )
    finish(fig, title or default, f"year ({source}; e = estimate)", "Allies (count)")
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=labels)
    fig.update_yaxes(rangemode="tozero")
    return fig


# --------------------------------------------------------------------------- threat distance
def threat_distance_figure(
    table: pd.DataFrame, test, *, threat: str = "Moscow", title: str | None = None
) -> go.Figure:
    """Change in burden against the capital's distance from the threat, labelled by ISO3 code.

    ``table`` is ``evidence.burden_change`` and ``test`` its
    ``evidence.distance_change_test``. Allies that joined after the start year
    are drawn as diamonds; open markers mean the end value is an estimate.
    """
    start, end = table.attrs.get("start", "start"), table.attrs.get("end", "end")
    late = ~table["member_at_start"].to_numpy(dtype=bool)
    est = table["estimate_end"].to_numpy(dtype=bool)
    fig = go.Figure()
    for mask, name, symbol in (
        (~late, f"Allies in {start}", "circle"),
        (late, f"joined after {start}", "diamond"),
    ):
        if not mask.any():
            continue
        part = table[mask]
        open_ = est[mask]
        fig.add_trace(
            go.Scatter(
                name=name,
                x=part["km_to_threat"],
                y=part["change_pp"],
                mode="markers+text",
                text=part["iso3"],
                textposition="top center",
                textfont={"size": 10},
                customdata=np.column_stack(
                    [part["country"], part["burden_start"], part["burden_end"]]
                ),
                hovertemplate=(
                    "%{customdata[0]}<br>%{x:,.0f} km<br>"
                    f"{start}: "
                    "%{customdata[1]:.2f}% → "
                    f"{end}: "
                    "%{customdata[2]:.2f}%<br>change %{y:+.2f} points<extra></extra>"
                ),
                marker={
                    "size": 10,
                    "color": PALETTE["blue"] if symbol == "circle" else PALETTE["orange"],
                    "symbol": [symbol + ("-open" if o else "") for o in open_],
                    "line": {"width": 2},
                },
            )
        )
    direction = "the larger the rise" if test.correlation < 0 else "the smaller the rise"
    default = (
        f"The nearer {threat}, {direction} in burden, {start}–{end} "
        f"(ρ = {_signed(test.correlation)}, {_p(test.pvalue)}, {test.n} Allies)"
    )
    finish(
        fig,
        title or default,
        f"distance from {threat} (km, capital to capital)",
        f"change in burden, {start}–{end} (points of GDP)",
        height=440,
    )
    fig.update_layout(
        legend={
            "orientation": "v",
            "x": 0.99,
            "y": 0.99,
            "xanchor": "right",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.8)",
        }
    )
    if est.any():
        fig.add_annotation(
            text=f"open markers: the {end} value is an estimate",
            xref="paper",
            yref="paper",
            x=0.99,
            y=0.78,
            xanchor="right",
            showarrow=False,
            font={"size": 11, "color": "#555"},
        )
    fig.add_hline(y=0, line={"color": "#888", "width": 1})
    return fig


# --------------------------------------------------------------------------- regions
def regional_figure(
    frame: pd.DataFrame,
    *,
    detail: pd.DataFrame | None = None,
    title: str | None = None,
    source: str = "SIPRI",
) -> go.Figure:
    """Burden by region over time (``evidence.regional_burden``), with the 2% guideline.

    ``detail`` (optional, ``evidence.burden_series``: one column per ally) adds
    thin dotted lines for single allies, e.g. Japan and South Korea.
    """
    fig = go.Figure()
    for region, part in frame.groupby("region", sort=False):
        fig.add_trace(
            go.Scatter(
                name=region,
                x=part["year"],
                y=part["burden_pct"],
                mode="lines",
                line={"color": _REGION_COLOURS.get(region, PALETTE["black"]), "width": 3},
                customdata=part["n"],
                hovertemplate=f"{region}<br>"
                "%{x}: %{y:.2f}% of GDP (%{customdata} countries)<extra></extra>",
            )
        )
    if detail is not None:
        for k, code in enumerate(detail.columns):
            fig.add_trace(
                go.Scatter(
                    name=str(code),
                    x=detail.index,
                    y=detail[code],
                    mode="lines",
                    line={"color": SERIES[(k + 3) % len(SERIES)], "width": 1.5, "dash": "dot"},
                    hovertemplate=f"{code}<br>%{{x}}: %{{y:.2f}}% of GDP<extra></extra>",
                )
            )
    last_year = int(frame["year"].max())
    last = frame[frame["year"] == last_year].set_index("region")["burden_pct"]
    default = f"By {last_year}: " + ", ".join(f"{r} {v:.1f}%" for r, v in last.items()) + " of GDP"
    finish(fig, title or default, f"year ({source})", BURDEN_AXIS, height=420)
    fig.update_yaxes(rangemode="tozero")
    _guideline(fig)
    return fig


def burden_lines_figure(
    wide: pd.DataFrame, *, title: str, source: str = "SIPRI", estimate_from: int | None = None
) -> go.Figure:
    """Burden over time, one line per ally (``evidence.burden_series``); dotted from ``estimate_from`` on."""
    fig = go.Figure()
    for k, code in enumerate(wide.columns):
        colour = SERIES[k % len(SERIES)]
        series = wide[code]
        parts = [(series, "solid", str(code))]
        if estimate_from is not None:
            parts = [
                (series[series.index <= estimate_from - 1], "solid", str(code)),
                (series[series.index >= estimate_from - 1], "dot", f"{code} (estimate)"),
            ]
        for part, dash, name in parts:
            fig.add_trace(
                go.Scatter(
                    name=name,
                    x=part.index,
                    y=part.values,
                    mode="lines",
                    line={"color": colour, "width": 2, "dash": dash},
                    showlegend=dash == "solid",
                    hovertemplate=f"{name}<br>%{{x}}: %{{y:.2f}}% of GDP<extra></extra>",
                )
            )
    finish(fig, title, f"year ({source})", BURDEN_AXIS)
    fig.update_yaxes(rangemode="tozero")
    _guideline(fig)
    return fig
