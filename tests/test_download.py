"""The dataset download path, against a local HTTP server on 127.0.0.1 serving the
repository's data/mnist files (never the network)."""
import functools
import hashlib
import http.server
import os
import shutil
import threading

import pytest

import tinytensor as tt
from tinytensor.datasets import _fetch, fashion_mnist, mnist

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "mnist")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """Serves tmp_path/www over HTTP on 127.0.0.1; yields (base URL, www directory)."""
    www = tmp_path / "www"
    www.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % httpd.server_address[1], www
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def clean(tmp_path, monkeypatch):
    """No TINYTENSOR_DATA, no checkout lookup, an empty cache under tmp_path/cache."""
    monkeypatch.delenv("TINYTENSOR_DATA", raising=False)
    monkeypatch.setattr(_fetch, "checkout_dirs", lambda name: [])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "cache" / "tinytensor" / "datasets"


def test_checksums_match_the_repository_sha256sums():
    with open(os.path.join(DATA, "SHA256SUMS")) as f:
        listed = dict(reversed(line.split()) for line in f if line.strip())
    assert set(listed) == set(mnist.SHA256)
    for name, digest in listed.items():
        assert mnist.SHA256[name][0] == digest
        assert _fetch.sha256(os.path.join(DATA, name)) == digest
    for table in (mnist.SHA256, fashion_mnist.SHA256):
        assert all(len(d) == 64 and int(d, 16) >= 0 for ds in table.values() for d in ds)


def test_download_from_mirrors_in_turn_into_the_cache(server, clean, monkeypatch, capfd):
    base, www = server
    (www / "good").mkdir()
    for name in mnist.SHA256:
        shutil.copy(os.path.join(DATA, name), www / "good" / name)
    # the first mirror has no files (404), the second serves them
    monkeypatch.setenv("TINYTENSOR_DATA_MIRRORS", "%s/missing/ %s/good/" % (base, base))
    (x, y), (xt, yt) = mnist.load_data()
    assert x.shape == (60000, 28, 28) and yt.shape == (10000,) and x.dtype == tt.uint8
    assert y[:5].tolist() == [5, 0, 4, 1, 9]
    cached = sorted(os.listdir(clean / "mnist"))
    assert cached == sorted(mnist.SHA256)                           # nothing else (no temp files)
    err = capfd.readouterr().err
    assert "Downloading %s/good/train-images-idx3-ubyte.gz" % base in err and "100%" in err
    # second call: from the cache, no server needed
    monkeypatch.setenv("TINYTENSOR_DATA_MIRRORS", "http://127.0.0.1:9/")
    assert mnist.find_files()["x_train"] == str(clean / "mnist" / "train-images-idx3-ubyte.gz")


def test_corrupt_download_is_a_checksum_error_and_nothing_is_cached(server, clean, monkeypatch):
    base, www = server
    for name in mnist.SHA256:
        data = bytearray(open(os.path.join(DATA, name), "rb").read())
        if name.startswith("t10k-labels"):
            data[100] ^= 1                                          # one flipped bit
        (www / name).write_bytes(bytes(data))
    monkeypatch.setenv("TINYTENSOR_DATA_MIRRORS", base + "/")
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte.gz: SHA256 mismatch") as e:
        mnist.load_data()
    assert isinstance(e.value, _fetch.ChecksumError)
    assert "t10k-labels-idx1-ubyte.gz" not in os.listdir(clean / "mnist")
    assert all(not f.startswith(".download") for f in os.listdir(clean / "mnist"))


def test_tinytensor_data_and_path_come_first(clean, tmp_path, monkeypatch):
    env = tmp_path / "env"
    (env / "mnist").mkdir(parents=True)
    for name in mnist.SHA256:
        os.symlink(os.path.join(DATA, name), env / "mnist" / name)
    monkeypatch.setenv("TINYTENSOR_DATA", str(env))
    assert mnist.find_files()["x_test"] == str(env / "mnist" / "t10k-images-idx3-ubyte.gz")
    with pytest.raises(FileNotFoundError, match="fashion_mnist files not found"):
        fashion_mnist.find_files(path=tmp_path)                      # an explicit path never downloads


def test_fashion_mnist_uses_the_same_code(server, clean, monkeypatch):
    """Fashion-MNIST's checksums are the published ones; here fake files with their digests
    patched in show the same download, cache and load path."""
    base, www = server
    import gzip
    import struct
    digests = {}
    for key, stem in mnist.FILES.items():
        shape = (4, 28, 28) if key.startswith("x") else (4,)
        n = 1
        for s in shape:
            n *= s
        data = gzip.compress(bytes([0, 0, 8, len(shape)]) + struct.pack(">%dI" % len(shape), *shape) + bytes(n))
        (www / (stem + ".gz")).write_bytes(data)
        digests[stem + ".gz"] = (hashlib.sha256(data).hexdigest(),)
    monkeypatch.setattr(fashion_mnist, "SHA256", digests)
    monkeypatch.setattr(fashion_mnist, "SHAPES", {k: (4,) + v[1:] for k, v in mnist.SHAPES.items()})
    monkeypatch.setenv("TINYTENSOR_DATA_MIRRORS", base)
    (x, y), _ = fashion_mnist.load_data()
    assert x.shape == (4, 28, 28) and y.tolist() == [0, 0, 0, 0]
    assert sorted(os.listdir(clean / "fashion_mnist")) == sorted(digests)
