"""Hostile and odd input: every row of the tables in docs/errors.md is a test.

The document is the single list: each row names a call (a Python expression over `tt`), and
either the exception class and the start of the message it must raise, or `= NumPy`, meaning
the call must return what NumPy returns for the same expression (values NaN-aware, shape, dtype)
-- the expression is evaluated a second time with `tt` standing for a NumPy shim. Rows whose
case names `needs <module>` are skipped until that module exists (IDX and weight files).

Whatever a row says, the call must not crash the interpreter: a crash fails the whole run.
"""
import math
import operator
import os
import re
import struct
import tempfile
import types

import numpy as np
import pytest

import hostile_files

import tinytensor as tt

if int(np.__version__.split(".")[0]) < 2:
    pytest.skip("the oracle is NumPy 2's promotion rules (NEP 50)", allow_module_level=True)

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "errors.md")

ROW = re.compile(r"^\|\s*(\d+)\s*\|(.*)\|\s*`(.+)`\s*\|\s*([^|]+?)\s*\|(.*)\|\s*$")


def _cells(line):
    """Splits a table row on unescaped pipes."""
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [p.strip().replace("\\|", "|") for p in parts]


def load_rows():
    rows = []
    with open(DOC, encoding="utf-8") as f:
        for line in f:
            if not re.match(r"^\|\s*\d+\s*\|", line):
                continue
            num, case, call, raises, message = _cells(line)
            assert call.startswith("`") and call.endswith("`"), line
            rows.append((int(num), case, call[1:-1], raises, message))
    return rows


ROWS = load_rows()


# ---- the namespace the calls are evaluated in -----------------------------------------------

def _special(lib, dtype):
    return lib.tensor([math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0, 0.5, 3e38, 1e-30], dtype=dtype)


def _numpy_shim():
    """`tt` for the NumPy side of an `= NumPy` row: NumPy with tinytensor's few other names."""
    shim = types.SimpleNamespace()
    for name in dir(np):
        if not name.startswith("__"):
            try:
                setattr(shim, name, getattr(np, name))
            except AttributeError:  # pragma: no cover
                pass
    shim.tensor = np.array
    shim.asarray = np.asarray
    shim.bool_ = np.bool_
    shim.concat = np.concatenate
    return shim


def _setitem(t, key, value):
    t[key] = value
    return t


def _iadd(a, b):
    a += b
    return a


def _nested(depth):
    """A list nested `depth` levels deep around 1.0 (built without recursion)."""
    x = 1.0
    for _ in range(depth):
        x = [x]
    return x


def _setattr(obj, name, value):
    setattr(obj, name, value)
    return obj


def _np_readonly():
    a = np.ones(3)
    a.flags.writeable = False
    return a


def _write_tmp(data):
    fd, path = tempfile.mkstemp(prefix="tt-hostile-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


def idx_bytes(dims, type_code=0x08, payload=None, magic_zero=b"\x00\x00"):
    """An IDX file: two zero bytes, the type code, the number of dimensions, the big-endian
    uint32 sizes, then the data (all zeros unless `payload` is given)."""
    head = magic_zero + bytes([type_code, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims)
    if payload is None:
        payload = bytes(int(np.prod(dims)) if dims else 0)
    return head + payload


def idx_read(data):
    """Reads IDX bytes with whichever reader tinytensor.datasets.idx provides."""
    mod = __import__("tinytensor.datasets.idx", fromlist=["idx"])
    path = _write_tmp(data)
    try:
        for name in ("read_idx", "load_idx", "read", "load"):
            if hasattr(mod, name):
                return getattr(mod, name)(path)
        raise AttributeError("tinytensor.datasets.idx has no read_idx/load_idx/read/load")
    finally:
        os.unlink(path)


def weights_load(data):
    """Loads weight-file bytes into a small model with tinytensor.models."""
    models = __import__("tinytensor.models", fromlist=["models"])
    layers = __import__("tinytensor.layers", fromlist=["layers"])
    path = _write_tmp(data)
    try:
        model = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(2)])
        return model.load_weights(path)
    finally:
        os.unlink(path)


def weights_save(name):
    """Saves a small model's weights as ``name`` in a fresh temporary directory."""
    models = __import__("tinytensor.models", fromlist=["models"])
    layers = __import__("tinytensor.layers", fromlist=["layers"])
    directory = tempfile.mkdtemp(prefix="tt-hostile-")
    try:
        models.Sequential([layers.Dense(2, input_shape=(2,))]).save_weights(os.path.join(directory, name))
    finally:
        for f in os.listdir(directory):
            os.unlink(os.path.join(directory, f))
        os.rmdir(directory)


def safetensors_load(data):
    """Reads bytes with ``tt.load`` (tinytensor.serialization.load)."""
    serialization = __import__("tinytensor.serialization", fromlist=["serialization"])
    path = _write_tmp(data)
    try:
        return serialization.load(path)
    finally:
        os.unlink(path)


def st_bytes(header_json, body_size):
    """A safetensors file: the 8-byte header length, the JSON header, ``body_size`` zero bytes."""
    head = header_json.encode()
    return struct.pack("<Q", len(head)) + head + bytes(body_size)


def namespace(lib):
    return {"tt": lib, "np": np, "math": math, "operator": operator, "nan": math.nan, "inf": math.inf,
            "S32": _special(lib, lib.float32), "S64": _special(lib, lib.float64),
            "tt_setitem": _setitem, "tt_iadd": _iadd, "tt_setattr": _setattr, "nested": _nested,
            "np_readonly": _np_readonly, "idx_bytes": idx_bytes, "idx_read": idx_read,
            "weights_load": weights_load, "weights_save": weights_save, "bad_npz": hostile_files.bad_npz,
            "gzip_bomb": hostile_files.gzip_bomb, "safetensors_load": safetensors_load, "st_bytes": st_bytes}


NP_SHIM = _numpy_shim()


def _as_numpy(x):
    if isinstance(x, tt.Tensor):
        return np.array(x)
    if isinstance(x, (tuple, list)) and x and isinstance(x[0], tt.Tensor):
        return [np.array(v) for v in x]
    return np.asarray(x)


def _compare(got, want, call, signed_zeros=True):
    got, want = _as_numpy(got), _as_numpy(want)
    if isinstance(got, list):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            _compare(g, w, call, signed_zeros)
        return
    assert got.shape == want.shape, f"{call}: shape {got.shape} != NumPy {want.shape}"
    assert got.dtype == want.dtype, f"{call}: dtype {got.dtype} != NumPy {want.dtype}"
    if got.dtype.kind == "f":
        rtol = 3e-6 if got.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, want, rtol=rtol, atol=0, equal_nan=True, err_msg=call)
        zero = (want == 0) & signed_zeros
        np.testing.assert_array_equal(np.signbit(got[zero]), np.signbit(want[zero]), err_msg=call)
    else:
        np.testing.assert_array_equal(got, want, err_msg=call)


@pytest.mark.parametrize("num,case,call,raises,message", ROWS, ids=[f"{r[0]}" for r in ROWS])
def test_row(num, case, call, raises, message):
    needs = re.search(r"needs `?([\w.]+)`?", case)
    if needs:
        pytest.importorskip(needs.group(1))
    if raises.startswith("= NumPy"):
        got = eval(call, namespace(tt))                          # noqa: S307
        override = re.match(r"NumPy:\s*`(.+)`", message)
        with np.errstate(all="ignore"):
            want = eval(override.group(1) if override else call, namespace(NP_SHIM))  # noqa: S307
        _compare(got, want, call, signed_zeros="either zero" not in message)
        return
    if raises == "returns":
        eval(call, namespace(tt))                                 # noqa: S307
        return
    if raises == "IDXError":
        exc_type = pytest.importorskip("tinytensor.datasets.idx").IDXError   # a ValueError
    else:
        exc_type = _EXCEPTIONS[raises]
    with pytest.raises(exc_type) as info:
        eval(call, namespace(tt))                                 # noqa: S307
    expected = message.strip().strip("`").rstrip("…").strip()
    assert str(info.value).startswith(expected) or expected in str(info.value), \
        f"row {num}: message {str(info.value)!r} does not contain {expected!r}"


_EXCEPTIONS = {"ValueError": ValueError, "TypeError": TypeError, "IndexError": IndexError,
                "OverflowError": OverflowError, "MemoryError": MemoryError, "AxisError": tt.AxisError,
                "ZeroDivisionError": ZeroDivisionError, "BufferError": BufferError,
                "RuntimeError": RuntimeError, "EOFError": EOFError, "OSError": OSError}


def test_table_is_numbered_and_large():
    nums = [r[0] for r in ROWS]
    assert nums == list(range(1, len(nums) + 1)), "rows of docs/errors.md must be numbered 1..n"
    assert len(ROWS) >= 100
