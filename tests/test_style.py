"""The shared figure style: titles wrap instead of running off the figure; axes end at nice numbers."""

import math

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.plots.style import NICE_STEPS, finish, nice_ceiling, nice_range, wrap_title

words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz%0123456789.,", min_size=1, max_size=12),
    min_size=1,
    max_size=30,
)


@given(words)
def test_wrapped_title_keeps_every_word_in_lines_of_at_most_80(ws):
    text = " ".join(ws)
    wrapped = wrap_title(text)
    assert wrapped.replace("<br>", " ") == text
    assert all(len(line) <= 80 for line in wrapped.split("<br>"))
    if len(text) <= 80:
        assert wrapped == text


def test_finish_wraps_a_long_title_and_keeps_axis_titles():
    long = "After the step back the security gap stays open 55 years under counting, 6 years under adaptive learning"
    fig = finish(go.Figure(), long, "years", "gap (% of GDP)")
    assert "<br>" in fig.layout.title.text
    assert (
        fig.layout.xaxis.title.text == "years" and fig.layout.yaxis.title.text == "gap (% of GDP)"
    )


# ------------------------------------------------------------------ nice axis ends

positive = st.floats(min_value=1e-9, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(positive)
def test_a_nice_ceiling_is_at_least_the_value_and_less_than_a_third_above_it(v):
    top = nice_ceiling(v)
    assert v <= top * (1 + 1e-12)
    assert top <= v * 4 / 3 * (1 + 1e-12)


@given(positive)
def test_a_nice_ceiling_is_a_step_of_the_ladder_times_a_power_of_ten(v):
    top = nice_ceiling(v)
    mantissa = top / 10 ** math.floor(math.log10(top) + 1e-12)
    assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in NICE_STEPS), (top, mantissa)


@given(positive, positive)
def test_nice_ceilings_keep_the_order_and_are_their_own_ceiling(a, b):
    low, high = sorted((a, b))
    assert nice_ceiling(low) <= nice_ceiling(high)
    assert nice_ceiling(nice_ceiling(a)) == nice_ceiling(a)


@pytest.mark.parametrize(
    "value, top", [(1.0, 1.0), (1.01, 1.2), (23.0, 25.0), (31.0, 40.0), (0.0123, 0.015), (99, 100)]
)
def test_nice_ceilings_by_hand(value, top):
    assert math.isclose(nice_ceiling(value), top)


@pytest.mark.parametrize("value", [0.0, -2.0, math.nan, math.inf])
def test_nothing_to_show_ends_the_axis_at_one(value):
    assert nice_ceiling(value) == 1.0


values = st.lists(
    st.one_of(st.floats(min_value=-1e9, max_value=1e9), st.just(math.nan)), max_size=30
)


@given(values, values, st.floats(min_value=0.0, max_value=1.0))
def test_a_nice_range_holds_zero_and_every_value_with_room_to_spare(a, b, pad):
    low, high = nice_range(a, b, pad=pad)
    finite = [v for v in a + b if math.isfinite(v)]
    assert low <= 0.0 <= high and low < high
    for v in finite:  # every value, with its side's room, is inside
        if v > 0:
            assert v * (1 + pad) <= high * (1 + 1e-12)
        if v < 0:
            assert low * (1 + 1e-12) <= v * (1 + pad)
    for end in (low, high):
        assert end == 0.0 or nice_ceiling(abs(end)) == abs(end)
    if not any(v != 0 for v in finite):
        assert [low, high] == [0.0, 1.0]


def test_a_nice_range_by_hand():
    assert nice_range([0.2, 0.9], pad=0.05) == [0.0, 1.0]
    assert nice_range([-0.3, 1.3]) == [-0.4, 1.5]
    assert nice_range([math.nan, 7.0], [2.0]) == [0.0, 8.0]


@pytest.mark.parametrize("pad", [-0.1, math.nan, math.inf])
def test_a_nice_range_refuses_a_bad_pad(pad):
    with pytest.raises(ValueError, match="pad must be"):
        nice_range([1.0], pad=pad)
