"""``.npz`` files (NumPy's zip of ``.npy`` arrays) in pure Python, and raw-byte <-> Tensor helpers.

Writing: each array becomes ``<name>.npy`` with a version 1.0 header
(``\\x93NUMPY``, 1, 0, little-endian uint16 header length, a Python-literal dict with ``descr``,
``fortran_order`` and ``shape``, padded with spaces and ending in a newline so the data starts at
a multiple of 64 bytes), then the C-order little-endian data. The zip is written to a temporary
file in the target directory and moved into place with ``os.replace``, so a crash never leaves a
half-written file. ``numpy.load(path, allow_pickle=False)`` reads the result.

Reading accepts versions 1.0-3.0, little- or big-endian numeric and bool dtypes (and Fortran
order), and refuses object arrays (pickles), unknown dtypes, and truncated or corrupt members
with a ``ValueError`` that names the problem.
"""
import array
import ast
import io
import os
import struct
import sys
import tempfile
import zipfile

import tinytensor as tt

MAGIC = b"\x93NUMPY"

# dtype -> (npy kind+size, struct/array code)
_CODES = {}


def _codes():
    if not _CODES:
        _CODES.update({tt.bool: ("b1", "?"), tt.uint8: ("u1", "B"), tt.int32: ("i4", "i"),
                       tt.int64: ("i8", "q"), tt.float32: ("f4", "f"), tt.float64: ("f8", "d")})
    return _CODES


def _dtype_from_kind(kind):
    for dt, (k, _) in _codes().items():
        if k == kind:
            return dt
    return None


def tensor_to_bytes(t):
    """The C-order little-endian bytes of a Tensor."""
    t = tt.asarray(t)
    if hasattr(t, "tobytes"):
        data = t.tobytes()
    else:
        try:
            data = bytes(memoryview(t.copy()))
        except TypeError:
            code = _codes()[t.dtype][1]
            flat = t.reshape(-1).tolist()
            data = struct.pack("<%d%s" % (len(flat), code), *flat)
            return data
    if sys.byteorder == "big" and t.itemsize > 1:
        a = array.array(_codes()[t.dtype][1])
        a.frombytes(data)
        a.byteswap()
        data = a.tobytes()
    return data


def bytes_to_tensor(buf, dtype, shape):
    """A new Tensor of ``dtype`` and ``shape`` from native-order bytes ``buf``."""
    shape = tuple(shape)
    n = 1
    for s in shape:
        n *= s
    code = _codes()[dtype][1]
    mv = memoryview(buf).cast("B")
    if hasattr(tt, "frombuffer"):
        try:
            return tt.frombuffer(bytes(mv), dtype=dtype).reshape(shape).copy()
        except Exception:
            pass
    try:
        t = tt.asarray(mv.cast(code))
        if t.dtype == dtype and t.size == n:
            return t.reshape(shape).copy()
    except Exception:
        pass
    # slow path: through Python numbers, in chunks
    chunk = (1 << 20) * struct.calcsize(code)
    parts = [tt.tensor(list(mv[i:i + chunk].cast(code)), dtype=dtype)
             for i in range(0, len(mv), chunk)] or [tt.zeros((0,), dtype=dtype)]
    t = parts[0] if len(parts) == 1 else tt.concatenate(parts)
    return t.reshape(shape)


# ------------------------------------------------------------------ .npy
def npy_bytes(t):
    t = tt.asarray(t)
    kind = _codes().get(t.dtype)
    if kind is None:
        raise TypeError("cannot save dtype %s" % (t.dtype,))
    descr = ("|" if kind[0] in ("b1", "u1") else "<") + kind[0]
    shape = tuple(t.shape)
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (
        descr, "(%d,)" % shape[0] if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")")
    pad = 64 - (len(MAGIC) + 2 + 2 + len(header) + 1) % 64
    header = (header + " " * (pad % 64) + "\n").encode("latin1")
    return MAGIC + b"\x01\x00" + struct.pack("<H", len(header)) + header + tensor_to_bytes(t)


def read_npy(data, name="array"):
    """A Tensor from the bytes of one ``.npy`` file."""
    if data[:6] != MAGIC:
        raise ValueError("%s: not a .npy array (bad magic)" % name)
    if len(data) < 10:
        raise ValueError("%s: truncated .npy header" % name)
    major = data[6]
    if major == 1:
        hlen, start = struct.unpack("<H", data[8:10])[0], 10
    elif major in (2, 3):
        if len(data) < 12:
            raise ValueError("%s: truncated .npy header" % name)
        hlen, start = struct.unpack("<I", data[8:12])[0], 12
    else:
        raise ValueError("%s: unsupported .npy format version %d" % (name, major))
    if len(data) < start + hlen:
        raise ValueError("%s: truncated .npy header" % name)
    try:
        header = ast.literal_eval(data[start:start + hlen].decode("utf8" if major == 3 else "latin1"))
        descr, fortran, shape = header["descr"], header["fortran_order"], tuple(header["shape"])
    except Exception:
        raise ValueError("%s: corrupt .npy header" % name) from None
    if not isinstance(descr, str) or not all(isinstance(s, int) and s >= 0 for s in shape):
        raise ValueError("%s: unsupported or corrupt array description %r" % (name, descr))
    if "O" in descr:
        raise ValueError("%s: object arrays need pickle, which tinytensor never loads" % name)
    order, kind = (descr[0], descr[1:]) if descr[0] in "<>|=" else ("=", descr)
    dtype = _dtype_from_kind(kind)
    if dtype is None:
        raise ValueError("%s: unsupported dtype %r" % (name, descr))
    n = 1
    for s in shape:
        n *= s
    itemsize = int(kind[1:])
    body = data[start + hlen:]
    if len(body) != n * itemsize:
        raise ValueError("%s: expected %d bytes of data for shape %s, found %d (truncated or corrupt)"
                         % (name, n * itemsize, shape, len(body)))
    big = order == ">" or (order == "=" and sys.byteorder == "big")
    if itemsize > 1 and big != (sys.byteorder == "big"):
        a = array.array(_codes()[dtype][1])
        a.frombytes(body)
        a.byteswap()
        body = a.tobytes()
    if fortran and len(shape) > 1:
        return bytes_to_tensor(body, dtype, shape[::-1]).T.copy()
    return bytes_to_tensor(body, dtype, shape)


# ------------------------------------------------------------------ .npz
def save_npz(path, arrays):
    """Write ``{name: Tensor}`` to ``path`` atomically (temp file + os.replace)."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as zf:
                for name, t in arrays.items():
                    zf.writestr(name + ".npy", npy_bytes(t))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_npz(path):
    """``{name: Tensor}`` from an .npz file; ValueError on anything corrupt or unsupported."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise ValueError("%s is not a valid .npz file (not a zip archive, or truncated)" % path) from None
    out = {}
    with zf:
        for info in zf.infolist():
            if not info.filename.endswith(".npy"):
                raise ValueError("%s: unexpected member %r (not an .npy array)" % (path, info.filename))
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, EOFError, OSError) as e:
                raise ValueError("%s: member %r is corrupt (%s)" % (path, info.filename, e)) from None
            name = info.filename[:-4]
            out[name] = read_npy(data, "%s:%s" % (path, name))
    return out
