"""The array API entry points: the namespace, its version and info object, and the standard's
spellings tinytensor provides (isdtype, astype, concat, permute_dims, pow, ...); finfo and iinfo
are checked field by field in tests/test_array_functions.py."""
import numpy as np
import pytest

import tinytensor as tt

DTYPES = [tt.bool_, tt.uint8, tt.int32, tt.int64, tt.float32, tt.float64]


def test_namespace_and_version():
    t = tt.zeros(3)
    assert t.__array_namespace__() is tt
    assert t.__array_namespace__(api_version="2023.12") is tt
    assert t.__array_namespace__(api_version="2024.12") is tt
    with pytest.raises(ValueError, match="2024.12"):
        t.__array_namespace__(api_version="2099.12")
    assert tt.__array_api_version__ == "2024.12"
    assert t.device == "cpu" and t.to_device("cpu") is t
    with pytest.raises(ValueError):
        t.to_device("cuda")


def test_namespace_info():
    info = tt.__array_namespace_info__()
    caps = info.capabilities()
    assert caps["boolean indexing"] is True and caps["data-dependent shapes"] is True
    assert info.default_device() == "cpu" and info.devices() == ["cpu"]
    d = info.default_dtypes()
    assert (d["real floating"], d["integral"], d["indexing"]) == (tt.float64, tt.int64, tt.int64)
    assert caps["max dimensions"] == 32
    # the standard's dtypes tinytensor has, in NumPy's order (it grows as dtypes are added)
    np_info = np.__array_namespace_info__()
    assert list(info.dtypes()) == [n for n in np_info.dtypes() if hasattr(tt, n)]
    for kind in ("bool", "signed integer", "unsigned integer", "integral", "real floating",
                 "numeric", ("bool", "unsigned integer")):
        assert list(info.dtypes(kind=kind)) == [n for n in np_info.dtypes(kind=kind) if hasattr(tt, n)]
    assert list(info.dtypes()) == ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
                                   "uint32", "uint64", "float32", "float64"]
    assert info.dtypes(kind="real floating") == {"float32": tt.float32, "float64": tt.float64}
    assert list(info.dtypes(kind=("bool", "unsigned integer"))) == ["bool", "uint8", "uint16", "uint32", "uint64"]
    assert info.dtypes(kind="complex floating") == {}
    assert not hasattr(tt, "complex128")        # tools detect the absence of complex dtypes
    with pytest.raises(ValueError):
        info.dtypes(device="gpu")


@pytest.mark.parametrize("dt", DTYPES)
def test_isdtype_agrees_with_numpy(dt):
    for kind in ("bool", "signed integer", "unsigned integer", "integral", "real floating",
                 "complex floating", "numeric"):
        assert tt.isdtype(dt, kind) == np.isdtype(np.dtype(dt.name), kind), (dt, kind)
    assert tt.isdtype(dt, dt) and tt.isdtype(dt, ("complex floating", dt))
    assert not tt.isdtype(dt, tt.float32 if dt != tt.float32 else tt.float64)


def test_isdtype_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        tt.isdtype(tt.float32, "floating")


def test_astype_function():
    x = tt.arange(4, dtype=tt.int32)
    y = tt.astype(x, tt.float64)
    assert y.dtype == tt.float64 and y.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert tt.astype(x, tt.int32, copy=False) is x
    z = tt.astype(x, tt.int32)
    assert z is not x and z.data_ptr != x.data_ptr


def test_spelling_aliases():
    x = tt.arange(6).reshape(2, 3)
    assert tt.concat([x, x], axis=1).tolist() == np.concatenate([np.asarray(x)] * 2, axis=1).tolist()
    assert tt.permute_dims(x, (1, 0)).tolist() == np.asarray(x).T.tolist()
    assert tt.pow(x, 2).tolist() == (np.asarray(x) ** 2).tolist()
    m = tt.matrix_transpose(tt.arange(24).reshape(2, 3, 4))
    assert m.shape == (2, 4, 3) and m.tolist() == np.arange(24).reshape(2, 3, 4).swapaxes(1, 2).tolist()
    with pytest.raises(ValueError):
        tt.matrix_transpose(tt.arange(3))
    a, b = tt.broadcast_arrays(tt.arange(3), tt.zeros((2, 1)))
    assert a.shape == b.shape == (2, 3) and a.tolist() == [[0, 1, 2]] * 2
    assert tt.newaxis is None and tt.pi == np.pi and tt.e == np.e
    assert tt.inf == np.inf and tt.nan != tt.nan
