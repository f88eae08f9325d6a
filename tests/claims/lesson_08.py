"""Lesson 8, the classroom experiment: every number its prose quotes, recomputed from the sample."""

from __future__ import annotations

from functools import lru_cache

from claims_support import Claim
from course_lib.data import load_classroom_session
from course_lib.models import classroom, leadership

LESSON = "08_classroom_experiment"


@lru_cache(maxsize=None)
def _session():
    return load_classroom_session()


@lru_cache(maxsize=None)
def _rounds(treatment: str):
    by_round = classroom.contributions_by_round(_session())
    return by_round[by_round["treatment"] == treatment].set_index("round")


def _equal():
    r = _rounds("equal")
    assert r.loc[1, "total"] > r.loc[1, "nash_total"] > r.loc[10, "total"]
    return [
        f"**{r.loc[1, 'total']:.1f} points**",
        f"**{r.loc[1, 'nash_total']:.1f}**",
        f"**{r.loc[1, 'efficient_total']:.1f}**",
        f"**{r.loc[10, 'total']:.1f}**",
    ]


def _rank():
    table, test = classroom.free_riding_by_income(_session())
    assert len(table) == 8
    return [f"**{test.correlation:+.2f}**"]


def _crowding():
    c = classroom.hegemon_crowding_out(_session())
    slope = leadership.crowding_out([100.0] * 3, 0.5, 0.0) - 1.0
    assert abs(c.predicted_slope - slope) < 1e-9 and c.predicted_commitment == 0.0
    return [f"**{slope:.2f}**"]


CLAIMS = [
    Claim(
        "the groups of equal allies spent **88.5 points** in round 1 against the Nash prediction "
        "of **80.0** and the efficient **200.0**; by round 10 they were down to **49.8**",
        _equal,
    ),
    Claim(
        "Spearman's rank correlation between income and burden is **+0.73** across the eight "
        "players of the sample",
        _rank,
    ),
    Claim("the allies' total falls with slope **-0.75**", _crowding),
]

NOT_CLAIMS = []
