"""The shared figure style: titles wrap instead of running off the figure."""

import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from course_lib.plots.style import finish, wrap_title

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
