"""The shared "a float for a scalar, an array for an array" rule (validation.like_inputs) and
the element-wise model functions that return through it."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.models import geography, joint_product, procurement, stackelberg
from course_lib.models import public_good as pg
from course_lib.models import validation as check

finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(value=finite, inputs=st.lists(st.one_of(finite, st.integers(-5, 5)), min_size=1, max_size=4))
def test_scalar_inputs_give_the_one_value_as_a_float(value, inputs):
    out = check.like_inputs(np.array([value]), *inputs)
    assert type(out) is float
    assert out == value


@given(
    values=st.lists(finite, min_size=1, max_size=5),
    scalars=st.lists(finite, max_size=3),
    where=st.integers(0, 3),
)
def test_one_array_input_returns_the_array_itself(values, scalars, where):
    out = np.array(values)
    inputs = list(scalars)
    inputs.insert(min(where, len(inputs)), list(values))
    assert check.like_inputs(out, *inputs) is out


def test_scalar_inputs_with_many_outputs_are_refused_naming_out():
    with pytest.raises(ValueError, match="out must hold one value"):
        check.like_inputs(np.array([1.0, 2.0]), 1.0)


def test_zero_dimensional_arrays_count_as_scalars():
    assert check.like_inputs(np.array([3.0]), np.float64(2.0), np.array(1.0)) == 3.0


# Every model function that returns through like_inputs: a call with numbers, and the same
# call with one-entry lists in place of the per-element arguments.
CALLS = [
    (pg.best_response, (0.4, 1.0, 0.3), (0, 1)),
    (joint_product.best_response, (0.4, 1.0, 0.3, 0.5), (0, 1)),
    (geography.great_circle_km, (38.9, -77.0, 55.8, 37.6), (0, 1, 2, 3)),
    (stackelberg.influence, (2.0, 5.0), (0, 1)),
    (procurement.average_cost, (100.0,), (0,)),
    (procurement.total_cost, (100.0,), (0,)),
    (procurement.equal_split_premium, (3.0,), (0,)),
]


@pytest.mark.parametrize(
    ("function", "args", "listed"), CALLS, ids=lambda c: getattr(c, "__qualname__", None)
)
def test_model_functions_return_a_float_for_numbers_and_an_array_for_arrays(function, args, listed):
    number = function(*args)
    assert type(number) is float
    as_lists = [[a] if i in listed else a for i, a in enumerate(args)]
    array = function(*as_lists)
    assert isinstance(array, np.ndarray) and array.shape == (1,)
    assert array[0] == number
