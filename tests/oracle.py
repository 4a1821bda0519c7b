"""NumPy as the oracle: `same_outcome` runs one computation in NumPy and in tinytensor and checks
that both raise an exception of the same class, or both return the same array (shape, dtype,
values; NaN equal to NaN). Shared by the differential tests of the core."""
import numpy as np

ERRORS = (IndexError, ValueError, TypeError, OverflowError, ZeroDivisionError)


def same_outcome(f_np, f_tt, what):
    """Returns tinytensor's result as a NumPy array, or None when both raised."""
    try:
        with np.errstate(all="ignore"):
            want, np_exc = f_np(), None
    except ERRORS as e:
        want, np_exc = None, e
    try:
        got, tt_exc = f_tt(), None
    except ERRORS as e:
        got, tt_exc = None, e
    if np_exc is not None or tt_exc is not None:
        assert np_exc is not None and tt_exc is not None and \
            any(isinstance(np_exc, c) and isinstance(tt_exc, c) for c in ERRORS), \
            f"{what}: NumPy raised {np_exc!r}, tinytensor raised {tt_exc!r}"
        return None
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != NumPy {want.shape}"
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != NumPy {want.dtype}"
    np.testing.assert_array_equal(got, want, err_msg=what)
    return got
