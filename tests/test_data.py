import gzip
import os
import struct
import zipfile

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import _npz
from tinytensor.data import Batches, batches
from tinytensor.datasets import idx, mnist
from tinytensor.utils import to_categorical

from conftest import needs_mnist


# ------------------------------------------------------------------ IDX
def idx_bytes(arr, typ=0x08):
    arr = np.asarray(arr)
    head = bytes([0, 0, typ, arr.ndim]) + struct.pack(">%dI" % arr.ndim, *arr.shape)
    return head + arr.astype({0x08: ">u1", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8", 0x0B: ">i2"}[typ]).tobytes()


@pytest.mark.parametrize("compress", [False, True])
def test_idx_round_trip(tmp_path, compress):
    a = np.arange(24, dtype=np.uint8).reshape(2, 3, 4) * 10
    p = tmp_path / ("a.idx" + (".gz" if compress else ""))
    data = idx_bytes(a)
    p.write_bytes(gzip.compress(data) if compress else data)
    t = idx.read_idx(p)
    assert t.dtype == tt.uint8 and t.shape == (2, 3, 4)
    assert t.tolist() == a.tolist()
    q = tmp_path / "b.idx.gz"
    idx.write_idx(q, t)
    assert idx.read_idx(q).tolist() == a.tolist()


@pytest.mark.parametrize("typ,dtype", [(0x0C, tt.int32), (0x0D, tt.float32), (0x0E, tt.float64), (0x0B, tt.int32)])
def test_idx_other_types_are_big_endian(tmp_path, typ, dtype):
    a = np.array([[1, -2, 300], [4, 5, -6]])
    p = tmp_path / "x.idx"
    p.write_bytes(idx_bytes(a, typ))
    t = idx.read_idx(p)
    assert t.dtype == dtype and t.tolist() == a.tolist()


@pytest.mark.parametrize("data,match", [
    (b"\x00\x00\x08", "truncated IDX header"),
    (b"\x01\x02\x08\x01" + b"\x00\x00\x00\x01" + b"\x05", "bad IDX magic"),
    (b"\x00\x00\x07\x01" + b"\x00\x00\x00\x01" + b"\x05", "bad IDX magic"),
    (b"\x00\x00\x08\x03" + b"\x00\x00\x00\x02", "truncated IDX header"),
    (b"\x00\x00\x08\x01" + b"\x00\x00\x00\x05" + b"\x01\x02", "truncated IDX data"),
    (b"\x00\x00\x08\x01" + b"\x00\x00\x00\x01" + b"\x01\x02", "trailing bytes"),
    (b"\x00\x00\x08\x00", "0 dimensions"),
])
def test_idx_errors(tmp_path, data, match):
    p = tmp_path / "bad.idx"
    p.write_bytes(data)
    with pytest.raises(idx.IDXError, match=match):
        idx.read_idx(p)
    assert issubclass(idx.IDXError, ValueError)


def test_idx_truncated_gzip(tmp_path):
    good = gzip.compress(idx_bytes(np.zeros((50, 50), np.uint8)))
    p = tmp_path / "t.gz"
    p.write_bytes(good[: len(good) // 2])
    with pytest.raises(idx.IDXError, match="gzip"):
        idx.read_idx(p)


# ------------------------------------------------------------------ MNIST
@pytest.fixture(scope="module")
def mnist_data():
    return mnist.load_data()


@needs_mnist
def test_mnist_shapes_dtypes_and_checksums(mnist_data):
    (x, y), (xt, yt) = mnist_data
    assert (x.shape, y.shape, xt.shape, yt.shape) == ((60000, 28, 28), (60000,), (10000, 28, 28), (10000,))
    assert all(t.dtype == tt.uint8 for t in (x, y, xt, yt))
    counts = np.bincount(np.asarray(y), minlength=10).tolist()
    assert counts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert float(np.asarray(x, dtype=np.float64).mean()) == pytest.approx(33.318, abs=1e-3)
    assert y[:5].tolist() == [5, 0, 4, 1, 9]


def _fake_mnist(d, n=3):
    d.mkdir(parents=True, exist_ok=True)
    for key, stem in mnist.FILES.items():
        shape = (n, 28, 28) if key.startswith("x") else (n,)
        (d / (stem + ".gz")).write_bytes(gzip.compress(idx_bytes(np.ones(shape, np.uint8))))


@needs_mnist
def test_mnist_search_order(tmp_path, monkeypatch):
    given, env = tmp_path / "given", tmp_path / "env"
    _fake_mnist(given)
    _fake_mnist(env / "mnist")
    monkeypatch.setenv("TINYTENSOR_DATA", str(env))
    assert mnist.find_files(given)["x_train"] == str(given / "train-images-idx3-ubyte.gz")
    assert mnist.find_files()["y_test"] == str(env / "mnist" / "t10k-labels-idx1-ubyte.gz")
    with pytest.raises(ValueError, match="expected shape"):   # the tiny fake files are found first
        mnist.load_data()
    monkeypatch.delenv("TINYTENSOR_DATA")
    repo = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(tt.__file__))), "data", "mnist")
    assert mnist.find_files()["x_train"].startswith(repo) or mnist.find_files()["x_train"].startswith(
        os.path.join(os.getcwd(), "data", "mnist"))


def test_mnist_missing_files_say_how_to_get_them(tmp_path, monkeypatch):
    from tinytensor.datasets import _fetch
    monkeypatch.setattr(_fetch, "checkout_dirs", lambda name: [])
    monkeypatch.delenv("TINYTENSOR_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="TINYTENSOR_DATA") as e:   # offline: no mirror answers
        mnist.load_data()
    assert "load_data(path=" in str(e.value) and str(tmp_path / "tinytensor" / "datasets" / "mnist") in str(e.value)
    assert "could not download train-images-idx3-ubyte.gz" in str(e.value)
    assert os.listdir(tmp_path / "tinytensor" / "datasets" / "mnist") == []


# ------------------------------------------------------------------ batches
def test_batches_in_order_and_drop_last():
    x = tt.arange(10, dtype=tt.int64)
    y = tt.arange(10, dtype=tt.int64) * 2
    b = Batches(x, y, batch_size=4)
    assert len(b) == 3
    got = [(xb.tolist(), yb.tolist()) for xb, yb in b]
    assert got == [([0, 1, 2, 3], [0, 2, 4, 6]), ([4, 5, 6, 7], [8, 10, 12, 14]), ([8, 9], [16, 18])]
    d = batches(x, batch_size=4, drop_last=True)
    assert len(d) == 2 and [t.tolist() for t in d] == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_batches_shuffle_seed():
    x = tt.arange(20, dtype=tt.int64)
    y = x * 3
    epochs = lambda seed: [[xb.tolist() for xb, _ in Batches(x, y, batch_size=6, shuffle=True, seed=seed)]
                           for _ in range(1)]
    b = Batches(x, y, batch_size=6, shuffle=True, seed=5)
    e1 = [(xb.tolist(), yb.tolist()) for xb, yb in b]
    e2 = [(xb.tolist(), yb.tolist()) for xb, yb in b]
    flat = sum((xs for xs, _ in e1), [])
    assert sorted(flat) == list(range(20)) and flat != list(range(20))
    assert all(ys == [3 * v for v in xs] for xs, ys in e1)
    assert e1 != e2                                   # a new permutation each epoch
    assert epochs(5) == [[xs for xs, _ in e1]]        # reproducible from the seed
    assert [len(xs) for xs, _ in e1] == [6, 6, 6, 2]


def test_batches_errors():
    with pytest.raises(ValueError, match="same length"):
        Batches(tt.zeros((3,)), tt.zeros((4,)))
    with pytest.raises(ValueError, match="batch_size"):
        Batches(tt.zeros((3,)), batch_size=0)


# ------------------------------------------------------------------ to_categorical
def test_to_categorical():
    y = tt.asarray([2, 0, 1, 2], dtype=tt.uint8)
    c = to_categorical(y)
    assert c.dtype == tt.float32 and c.shape == (4, 3)
    assert c.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert to_categorical([1, 0], num_classes=4).tolist() == [[0, 1, 0, 0], [1, 0, 0, 0]]
    assert to_categorical(tt.asarray([[1], [0]])).shape == (2, 2)
    with pytest.raises(ValueError, match="labels must be in"):
        to_categorical([0, 5], num_classes=3)


# ------------------------------------------------------------------ npz
def test_npz_written_by_us_read_by_numpy(tmp_path):
    arrays = {"a": tt.asarray(np.arange(12, dtype=np.float32).reshape(3, 4)),
              "b": tt.asarray(np.array([1, -2], dtype=np.int64)),
              "c": tt.asarray(np.array([True, False])), "d": tt.asarray(np.float64(2.5)),
              "e": tt.asarray(np.arange(6, dtype=np.float64).reshape(2, 3).T)}
    p = tmp_path / "w.npz"
    _npz.save_npz(p, arrays)
    with np.load(p, allow_pickle=False) as f:
        assert sorted(f.files) == ["a", "b", "c", "d", "e"]
        for k, t in arrays.items():
            assert f[k].dtype == np.asarray(t).dtype and f[k].shape == tuple(t.shape)
            np.testing.assert_array_equal(f[k], np.asarray(t))
    assert os.listdir(tmp_path) == ["w.npz"]          # no temporary left behind
    back = _npz.load_npz(p)
    assert back["e"].tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]] and back["b"].dtype == tt.int64


def test_npz_written_by_numpy_read_by_us(tmp_path):
    p = tmp_path / "n.npz"
    np.savez(p, x=np.arange(6, dtype=np.float32).reshape(2, 3), big=np.array([1.5, 2], dtype=">f8"),
             f=np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)), u=np.array([7], np.uint8))
    got = _npz.load_npz(p)
    assert got["x"].tolist() == [[0, 1, 2], [3, 4, 5]] and got["x"].dtype == tt.float32
    assert got["big"].tolist() == [1.5, 2.0] and got["big"].dtype == tt.float64
    assert got["f"].tolist() == [[0, 1, 2], [3, 4, 5]] and got["u"].dtype == tt.uint8


def test_npz_refuses_pickles_and_corruption(tmp_path):
    p = tmp_path / "o.npz"
    np.savez(p, o=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError, match="pickle"):
        _npz.load_npz(p)
    q = tmp_path / "junk.npz"
    q.write_bytes(b"not a zip at all")
    with pytest.raises(ValueError, match="not a valid .npz"):
        _npz.load_npz(q)
    r = tmp_path / "trunc.npz"
    np.savez(r, a=np.arange(1000, dtype=np.float64))
    r.write_bytes(r.read_bytes()[:3000])
    with pytest.raises(ValueError):
        _npz.load_npz(r)
    s = tmp_path / "short.npz"
    good = np.lib.format  # build an .npy whose body is too short
    with zipfile.ZipFile(s, "w") as zf:
        full = _npz.npy_bytes(tt.zeros((4,), dtype=tt.float32))
        zf.writestr("a.npy", full[:-3])
    with pytest.raises(ValueError, match="expected 16 bytes"):
        _npz.load_npz(s)
    u = tmp_path / "c16.npz"
    np.savez(u, c=np.zeros(2, np.complex64))
    with pytest.raises(ValueError, match="unsupported dtype"):
        _npz.load_npz(u)
