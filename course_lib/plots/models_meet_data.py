"""Figures for lesson 9, the models meet the data.

As in lesson 1, ``<name>_figure(...)`` builds a titled figure (a ``go.FigureWidget``
with ``widget=True``) and ``draw_<name>(fig, ...)`` writes new results into it in
place. The functions draw what the models returned; titles are worked out from
the numbers they are given.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from course_lib.plots.style import PALETTE, finish, live, wrap_title

__all__ = [
    "burdens_figure",
    "counterfactual_figure",
    "draw_burdens",
    "draw_calibration_explorer",
    "draw_counterfactual",
    "fit_by_year_figure",
    "taste_threat_figure",
]

GDP_AXIS = "GDP (billion US$ at 2015 prices, log scale)"
BURDEN_AXIS = "defence spending (% of GDP)"


def _arrays(**kwargs) -> dict[str, np.ndarray]:
    out = {k: np.asarray(v, dtype=float).ravel() for k, v in kwargs.items()}
    sizes = {k: v.size for k, v in out.items()}
    if len(set(sizes.values())) > 1:
        raise ValueError(f"per-ally arrays must have the same length, got {sizes}")
    return out


def _labels(names, n: int) -> np.ndarray:
    names = [str(x) for x in names]
    if len(names) != n:
        raise ValueError(f"names must have one entry per ally ({n}), got {len(names)}")
    return np.array(names)


# --------------------------------------------------------------------------- observed vs predicted
def burdens_title(observed_pct, predicted_pct, year: int, private_share: float) -> str:
    """The finding: how far the model with one common taste misses the observed burdens."""
    obs = np.asarray(observed_pct, float)
    pred = np.asarray(predicted_pct, float)
    rmse = float(np.sqrt(np.mean((pred - obs) ** 2)))
    zero = int(np.count_nonzero(pred < 1e-6))
    model = "pure model" if private_share == 0 else f"private share {private_share:.2f}"
    tail = f"; {zero} of {obs.size} allies predicted to spend nothing" if zero else ""
    return f"{year}, {model}: predictions miss by {rmse:.2f} points of GDP on average{tail}"


def burdens_figure(
    names,
    gdp,
    observed_pct,
    predicted_pct,
    *,
    year: int,
    private_share: float,
    widget: bool = False,
) -> go.Figure:
    """Observed burdens against the model's, ally by ally, on a GDP axis.

    Traces: 0 = observed, 1 = predicted (one common taste), 2 = grey segments joining them.
    ``gdp`` in million US$ (drawn in billions).
    """
    fig = go.Figure(
        [
            go.Scatter(
                name="observed",
                mode="markers+text",
                textposition="top center",
                textfont={"size": 9},
                marker={"color": PALETTE["blue"], "size": 9},
            ),
            go.Scatter(
                name="predicted (one common taste)",
                mode="markers",
                marker={"color": PALETTE["orange"], "size": 9, "symbol": "diamond"},
            ),
            go.Scatter(
                name="gap",
                mode="lines",
                line={"color": "#bbbbbb", "width": 1},
                hoverinfo="skip",
                showlegend=False,
            ),
        ]
    )
    finish(fig, "", GDP_AXIS, BURDEN_AXIS, height=430)
    fig.update_xaxes(type="log")
    fig = live(fig, widget)
    draw_burdens(
        fig, names, gdp, observed_pct, predicted_pct, year=year, private_share=private_share
    )
    return fig


def draw_burdens(
    fig: go.Figure, names, gdp, observed_pct, predicted_pct, *, year: int, private_share: float
) -> None:
    """Write a new year's observed and predicted burdens into a :func:`burdens_figure`."""
    a = _arrays(gdp=gdp, observed=observed_pct, predicted=predicted_pct)
    labels = _labels(names, a["gdp"].size)
    x = a["gdp"] / 1000.0
    # Segments as lists with None gaps, not NaN: NaN != NaN, so a NaN array would look changed
    # to the figure widget and be sent again at every step.
    seg_x = [v for xi in x.tolist() for v in (xi, xi, None)]
    seg_y = [
        v for pair in zip(a["observed"].tolist(), a["predicted"].tolist()) for v in (*pair, None)
    ]
    fig.data[0].update(
        x=x,
        y=a["observed"],
        text=labels,
        hovertemplate="%{text}: observed %{y:.2f}% of GDP<extra></extra>",
    )
    fig.data[1].update(
        x=x,
        y=a["predicted"],
        text=labels,
        hovertemplate="%{text}: predicted %{y:.2f}% of GDP<extra></extra>",
    )
    fig.data[2].update(x=seg_x, y=seg_y)
    fig.layout.title.text = wrap_title(
        burdens_title(a["observed"], a["predicted"], year, private_share)
    )


# --------------------------------------------------------------------------- counterfactual
def counterfactual_title(before, after, hegemon: int, cut: float) -> str:
    """The finding: how much of the hegemon's cut the others make up, and what happens to the total."""
    b = np.asarray(before, float)
    c = np.asarray(after, float)
    reduction = b[hegemon] - c[hegemon]
    if reduction <= 0:
        return "No U.S. cut: the calibrated model reproduces the year's spending exactly"
    others = np.arange(b.size) != hegemon
    made_up = 100.0 * (c[others].sum() - b[others].sum()) / reduction
    fall = 100.0 * (1.0 - c.sum() / b.sum())
    return (
        f"A {100 * cut:.0f}% U.S. cut: the allies make up {made_up:.0f}% of it, "
        f"and the alliance total falls by {fall:.1f}%"
    )


def counterfactual_figure(
    names, before, after, *, hegemon: int, cut: float, widget: bool = False
) -> go.Figure:
    """Each ally's change in spending (billion US$) after the hegemon's cut. Trace 0: the allies' rises."""
    fig = go.Figure([go.Bar(name="change in spending", marker={"color": PALETTE["green"]})])
    finish(fig, "", "ally", "change in defence spending (billion US$ at 2015 prices)", height=380)
    fig.update_layout(showlegend=False)
    fig = live(fig, widget)
    draw_counterfactual(fig, names, before, after, hegemon=hegemon, cut=cut)
    return fig


def draw_counterfactual(fig: go.Figure, names, before, after, *, hegemon: int, cut: float) -> None:
    """Write a new counterfactual into a :func:`counterfactual_figure` (the hegemon is left out of the bars)."""
    a = _arrays(before=before, after=after)
    labels = _labels(names, a["before"].size)
    others = np.arange(labels.size) != hegemon
    change = (a["after"] - a["before"])[others] / 1000.0
    order = np.argsort(-change, kind="stable")
    fig.data[0].update(
        x=labels[others][order], y=change[order], hovertemplate="%{x}: %{y:+.3f} bn<extra></extra>"
    )
    fig.layout.title.text = wrap_title(counterfactual_title(a["before"], a["after"], hegemon, cut))


def draw_calibration_explorer(figures, state) -> None:
    """Write a :class:`~course_lib.models.calibration.CalibrationState` into ``burdens`` and
    ``counterfactual``. A step sends only what changed: a new U.S. cut leaves ``burdens`` alone."""
    draw_burdens(
        figures["burdens"],
        state.names,
        state.gdp,
        state.observed,
        state.predicted,
        year=state.year,
        private_share=state.private_share,
    )
    cf = state.counterfactual
    draw_counterfactual(
        figures["counterfactual"],
        state.names,
        cf.spending_before,
        cf.spending_after,
        hegemon=state.hegemon,
        cut=state.us_cut,
    )


# --------------------------------------------------------------------------- tastes and threat
def taste_threat_figure(names, threat, taste, *, title: str, highlight=("POL", "ESP")) -> go.Figure:
    """Calibrated taste for security against the distance-weighted threat (lesson 4), one point per ally."""
    a = _arrays(threat=threat, taste=taste)
    labels = _labels(names, a["threat"].size)
    marked = np.isin(labels, list(highlight))
    fig = go.Figure(
        [
            go.Scatter(
                name="allies",
                mode="markers+text",
                x=a["threat"][~marked],
                y=a["taste"][~marked],
                text=labels[~marked],
                textposition="top center",
                textfont={"size": 9},
                marker={"color": PALETTE["blue"], "size": 8},
            ),
            go.Scatter(
                name=" and ".join(highlight),
                mode="markers+text",
                x=a["threat"][marked],
                y=a["taste"][marked],
                text=labels[marked],
                textposition="top center",
                marker={"color": PALETTE["vermillion"], "size": 12, "symbol": "diamond"},
            ),
        ]
    )
    return finish(
        fig,
        title,
        "threat from Russia, distance-weighted (exp(-km/1000))",
        "calibrated taste for security a",
        height=420,
    )


# --------------------------------------------------------------------------- fit by year
def fit_by_year_figure(
    years, private_share, rmse_joint, rmse_pure, spread, *, title: str
) -> go.Figure:
    """The best-fitting private share by year (left axis) and the errors of each model (right axis)."""
    a = _arrays(years=years, share=private_share, joint=rmse_joint, pure=rmse_pure, spread=spread)
    fig = go.Figure(
        [
            go.Scatter(
                name="best private share s (left)",
                x=a["years"],
                y=a["share"],
                mode="lines+markers",
                line={"color": PALETTE["vermillion"], "width": 3},
            ),
            go.Scatter(
                name="error, joint products (right)",
                x=a["years"],
                y=a["joint"],
                yaxis="y2",
                mode="lines",
                line={"color": PALETTE["blue"]},
            ),
            go.Scatter(
                name="error, pure model (right)",
                x=a["years"],
                y=a["pure"],
                yaxis="y2",
                mode="lines",
                line={"color": PALETTE["orange"], "dash": "dash"},
            ),
            go.Scatter(
                name="spread of burdens (right)",
                x=a["years"],
                y=a["spread"],
                yaxis="y2",
                mode="lines",
                line={"color": PALETTE["black"], "dash": "dot"},
            ),
        ]
    )
    finish(fig, title, "year", "private share s", height=420)
    fig.update_layout(
        yaxis={"rangemode": "tozero"},
        yaxis2={
            "title": "error (points of GDP)",
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
        },
        legend={"x": 1.1},
    )
    return fig
