"""scikit-learn's array API dispatch runs on tinytensor tensors.

With ``sklearn.set_config(array_api_dispatch=True)`` and ``SCIPY_ARRAY_API=1``, scikit-learn finds
tinytensor's namespace through ``x.__array_namespace__()`` (array_api_compat passes namespaces
that implement the standard through as they are) and computes with tinytensor's functions:
MinMaxScaler, StandardScaler and accuracy_score give tinytensor results equal to the ones they
give for NumPy arrays. SciPy reads SCIPY_ARRAY_API when it is first imported, so the check runs in
a fresh interpreter. Skipped when scikit-learn (the ``interop`` extra) is not installed.
"""
import json
import os
import subprocess
import sys

import pytest

import tinytensor as tt

pytest.importorskip("sklearn")
pytest.importorskip("array_api_compat")

# scikit-learn's code path calls these besides the functions of this file's area
NEEDED = ("isnan", "isfinite", "unique_values")
missing = [n for n in NEEDED if not hasattr(tt, n)]
pytestmark = pytest.mark.skipif(bool(missing), reason=f"scikit-learn's dispatch needs tt.{', tt.'.join(missing)}")

SCRIPT = r"""
import json, sys
import numpy as np
import sklearn
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import MinMaxScaler, StandardScaler
import array_api_compat
import tinytensor as tt

report = {}
x = np.random.default_rng(0).normal(loc=3.0, scale=2.0, size=(40, 5))
x[:, 2] = 7.0                                   # a constant column: scale 1 / range 0 handling
X = tt.asarray(x)
report["namespace"] = array_api_compat.array_namespace(X).__name__


def same(t, a, rtol):
    return (isinstance(t, tt.Tensor) and tuple(t.shape) == a.shape and str(t.dtype) == str(a.dtype)
            and bool(np.allclose(np.asarray(t), a, rtol=rtol, atol=rtol)))


for dtype, rtol in (("float64", 1e-12), ("float32", 1e-5)):
    for cls, kw, attrs in ((MinMaxScaler, {}, ("data_min_", "data_max_", "scale_", "min_")),
                           (MinMaxScaler, {"feature_range": (-1, 2), "clip": True}, ("scale_", "min_")),
                           (StandardScaler, {}, ("mean_", "var_", "scale_")),
                           (StandardScaler, {"with_mean": False}, ("var_", "scale_"))):
        ref = cls(**kw).fit(x.astype(dtype))
        with sklearn.config_context(array_api_dispatch=True):
            est = cls(**kw).fit(tt.asarray(x.astype(dtype)))
            out = est.transform(tt.asarray(x.astype(dtype)))
            back = est.inverse_transform(out)
        key = f"{cls.__name__}{kw}{dtype}"
        report[key] = {
            "transform": same(out, ref.transform(x.astype(dtype)), rtol),
            "inverse": same(back, ref.inverse_transform(ref.transform(x.astype(dtype))), rtol),
            **{a: same(getattr(est, a), getattr(ref, a), rtol) for a in attrs},
        }

y_true = np.array([0, 1, 2, 2, 1, 0, 1])
y_pred = np.array([0, 2, 2, 2, 1, 1, 1])
w = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 0.25])
for kw in ({}, {"normalize": False}, {"sample_weight": w}):
    ref = accuracy_score(y_true, y_pred, **kw)
    tkw = {k: (tt.asarray(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    with sklearn.config_context(array_api_dispatch=True):
        got = accuracy_score(tt.asarray(y_true), tt.asarray(y_pred), **tkw)
    report[f"accuracy{sorted(kw)}"] = [float(got), float(ref)]
print(json.dumps(report))
"""


def test_scikit_learn_array_api_dispatch_on_tinytensor():
    env = dict(os.environ, SCIPY_ARRAY_API="1")
    p = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    report = json.loads(p.stdout.strip().splitlines()[-1])
    assert report.pop("namespace") == "tinytensor"
    for key, value in report.items():
        if key.startswith("accuracy"):
            got, ref = value
            assert got == pytest.approx(ref, rel=1e-12), key
        else:
            assert all(value.values()), (key, value)
