"""Hostile files: decompression bombs (IDX gzip, .npz members), corrupt / encrypted /
unknown-method zip members, and saving through symlinks with the file's mode kept."""
import gzip
import io
import os
import stat
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import numpy as np
import pytest

from hostile_files import bad_npz, bomb_npz, gzip_bomb

import tinytensor as tt
from tinytensor import _npz, serialization
from tinytensor.datasets import idx
from tinytensor.keras import layers, models


def run_limited(code, limit_mb=400):
    """Run ``code`` in a child whose address space is capped; returns (returncode, output)."""
    pre = "import resource; resource.setrlimit(resource.RLIMIT_AS, (%d << 20, %d << 20))\n" % (limit_mb, limit_mb)
    p = subprocess.run([sys.executable, "-c", pre + textwrap.dedent(code)], capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout + p.stderr


# ------------------------------------------------------------------ decompression bombs
def test_gzip_idx_bomb_fails_fast_with_bounded_memory(tmp_path):
    # a 2x2 header, then 1 GiB of zeros: about 1 MB of gzip
    bomb = gzip_bomb(bytes([0, 0, 8, 2]) + struct.pack(">II", 2, 2) + bytes(4), 1024)
    assert len(bomb) < 2 << 20
    path = tmp_path / "bomb.idx.gz"
    path.write_bytes(bomb)
    code = """
        import time, tinytensor as tt
        from tinytensor.datasets import idx
        t0 = time.perf_counter()
        try:
            idx.read_idx(%r)
        except idx.IDXError as e:
            print("IDXError", e)
        print("seconds", time.perf_counter() - t0)
    """ % str(path)
    rc, out = run_limited(code)
    assert rc == 0, out
    assert "IDXError" in out and "unexpected trailing bytes after the IDX data of shape (2, 2)" in out
    assert float(out.split("seconds")[1]) < 5.0


def test_npz_member_bomb_fails_fast_with_bounded_memory(tmp_path):
    data = bomb_npz()
    assert len(data) < 4 << 20
    small = bomb_npz((2,), 1)                     # the same construction is a valid zip
    with zipfile.ZipFile(io.BytesIO(small)) as zf:
        assert zf.testzip() is None and zf.getinfo("layer0.kernel.npy").file_size == 129 + (1 << 20)
    path = tmp_path / "bomb.npz"
    path.write_bytes(data)
    code = """
        import time
        from tinytensor import _npz, serialization
        t0 = time.perf_counter()
        try:
            _npz.load_npz(%r)
        except ValueError as e:
            print("ValueError", e)
        print("seconds", time.perf_counter() - t0)
    """ % str(path)
    rc, out = run_limited(code)
    assert rc == 0, out
    assert "ValueError" in out and "layer0.kernel.npy" in out and "more data than its header" in out
    assert float(out.split("seconds")[1]) < 5.0


def test_npz_member_shorter_than_declared(tmp_path):
    header = ("{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }".ljust(118) + "\n").encode()
    npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + bytes(40)
    path = tmp_path / "short.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.npy", npy)
    with pytest.raises(ValueError, match=r"short.npz: member 'a.npy'.*expected 4000 bytes, found 40"):
        _npz.load_npz(path)


# ------------------------------------------------------------------ corrupt / unsupported members
@pytest.mark.parametrize("kind,match", [
    ("corrupt deflate", "member 'layer0.kernel.npy' is corrupt or unreadable"),
    ("unknown method", "member 'layer0.kernel.npy' uses compression method 99, which is not supported"),
    ("encrypted", "member 'layer0.kernel.npy' is encrypted"),
    ("bad crc", "member 'layer0.kernel.npy' is corrupt or unreadable"),
])
def test_load_weights_bad_members_raise_value_error_naming_file_and_member(tmp_path, kind, match):
    m = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(2)])
    path = tmp_path / "w.npz"
    path.write_bytes(bad_npz(kind))
    with pytest.raises(ValueError, match=match) as info:
        m.load_weights(str(path))
    assert str(path) in str(info.value)
    with pytest.raises(ValueError, match=match):
        _npz.load_npz(str(path))


def test_good_deflated_weights_load(tmp_path):
    path = tmp_path / "w.npz"
    path.write_bytes(bad_npz(None))                  # the undamaged file
    m = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(2)])
    m.load_weights(str(path))
    assert m.layers[0].kernel.tolist() == [[0.5] * 4] * 3


# ------------------------------------------------------------------ symlinks and modes
def test_save_weights_through_a_symlink_keeps_the_link_and_the_mode(tmp_path):
    m = models.Sequential([layers.Dense(4, input_shape=(3,))])
    target = tmp_path / "real.weights.npz"
    target.write_bytes(b"old contents")
    os.chmod(target, 0o640)
    link = tmp_path / "link.weights.npz"
    os.symlink(target, link)
    m.save_weights(str(link))
    assert os.path.islink(link) and os.readlink(link) == str(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert _npz.load_npz(str(target))["layer0.kernel"].tolist() == m.layers[0].kernel.tolist()
    assert sorted(os.listdir(tmp_path)) == ["link.weights.npz", "real.weights.npz"]   # no temp files left


def test_new_files_get_the_umask_default(tmp_path):
    m = models.Sequential([layers.Dense(4, input_shape=(3,))])
    old = os.umask(0o027)
    try:
        m.save_weights(str(tmp_path / "a.weights.npz"))
        m.save(str(tmp_path / "m.keras"))
        serialization.save({"w": tt.ones(3)}, str(tmp_path / "t.safetensors"))
    finally:
        os.umask(old)
    for name in ("a.weights.npz", "m.keras", "t.safetensors"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o640, name


def test_dangling_symlink_creates_its_target(tmp_path):
    m = models.Sequential([layers.Dense(2, input_shape=(2,))])
    link = tmp_path / "link.npz"
    os.symlink(tmp_path / "new.npz", link)
    m.save_weights(str(link))
    assert os.path.islink(link) and (tmp_path / "new.npz").is_file()


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
                                   "uint64", "float16", "float32", "float64"])
@pytest.mark.parametrize("shape", [(2, 3), (0, 3), ()])
def test_save_and_load_every_dtype_in_safetensors(tmp_path, dtype, shape):
    """tt.save writes every tinytensor dtype (safetensors' codes BOOL, I8 ... F64), the
    safetensors package reads it, and tt.load gives it back bit for bit."""
    n = int(np.prod(shape))
    a = (np.arange(n) % 5 - 2).astype(dtype).reshape(shape) if dtype != "bool" else (np.arange(n) % 2 == 1).reshape(shape)
    path = tmp_path / "x.safetensors"
    tt.save({"w": tt.asarray(a)}, str(path))
    back = tt.load(str(path))["w"]
    assert back.dtype == dtype and back.shape == shape
    np.testing.assert_array_equal(np.asarray(back), a)
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    theirs = safetensors_numpy.load_file(str(path))["w"]
    assert theirs.dtype == a.dtype and theirs.shape == shape
    np.testing.assert_array_equal(theirs, a)
