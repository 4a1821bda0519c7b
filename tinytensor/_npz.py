"""``.npz`` files (NumPy's zip of ``.npy`` arrays) in pure Python, and raw-byte <-> Tensor helpers.

Writing: each array becomes ``<name>.npy`` with a version 1.0 header
(``\\x93NUMPY``, 1, 0, little-endian uint16 header length, a Python-literal dict with ``descr``,
``fortran_order`` and ``shape``, padded with spaces and ending in a newline so the data starts at
a multiple of 64 bytes), then the C-order little-endian data. The zip is written to a temporary
file beside the target and moved into place with ``os.replace``, so a crash never leaves a
half-written file; a symlink is written through (its target is replaced) and the file keeps its
permission bits (a new one gets the umask default). ``numpy.load(path, allow_pickle=False)`` reads the result.

Reading accepts versions 1.0-3.0, little- or big-endian numeric and bool dtypes (and Fortran
order), and refuses object arrays (pickles), unknown dtypes, truncated or corrupt members,
encrypted members and unknown compression methods with a ``ValueError`` naming the file and
member. Each member is streamed: its header is read first and then exactly the data it
declares, so a small file that inflates to gigabytes is refused after reading one byte too many.
"""
import array
import ast
import io
import os
import stat
import struct
import sys
import tempfile
import zipfile
import zlib

import tinytensor as tt

MAGIC = b"\x93NUMPY"

# dtype -> (npy kind+size, struct/array code)
_CODES: dict[tt.DType, tuple[str, str]] = {}


def _codes():
    if not _CODES:
        _CODES.update({tt.bool: ("b1", "?"), tt.int8: ("i1", "b"), tt.uint8: ("u1", "B"),
                       tt.int16: ("i2", "h"), tt.uint16: ("u2", "H"), tt.int32: ("i4", "i"),
                       tt.uint32: ("u4", "I"), tt.int64: ("i8", "q"), tt.uint64: ("u8", "Q"),
                       tt.float16: ("f2", "e"), tt.float32: ("f4", "f"), tt.float64: ("f8", "d")})
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
    """A new Tensor of ``dtype`` and ``shape`` from native-order bytes ``buf`` (one copy, through
    the core's loader of raw bytes, the one pickle uses)."""
    shape = tuple(shape)
    n = 1
    for s in shape:
        n *= s
    mv = memoryview(buf).cast("B")
    want = n * struct.calcsize(_codes()[dtype][1])
    if len(mv) != want:
        raise ValueError(f"{len(mv)} bytes cannot hold a {dtype} tensor of shape {shape} ({want} bytes)")
    return tt._core._rebuild(mv, tt.dtype(dtype).name, shape)


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


#: the largest .npy header read (NumPy's own limit for untrusted files is 10000 bytes)
MAX_HEADER = 1 << 16


def read_upto(f, n):
    """At most ``n`` bytes from the stream ``f``, read in chunks so memory follows what is really
    there, not what a header claims."""
    chunks, got = [], 0
    while got < n:
        chunk = f.read(min(n - got, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_exact(f, n, name, what):
    """Exactly ``n`` bytes from the stream ``f``, or ValueError saying how many were found."""
    data = read_upto(f, n)
    if len(data) < n:
        raise ValueError("%s: %s (expected %d bytes, found %d: truncated or corrupt)" % (name, what, n, len(data)))
    return data


def read_npy_stream(f, name="array"):
    """A Tensor from a stream holding one ``.npy`` file. The header is read first and the data
    is read up to the size it declares, never further (a member that inflates to more than its
    header says is refused after reading one byte past it)."""
    head = f.read(8)
    if head[:6] != MAGIC:
        raise ValueError("%s: not a .npy array (bad magic)" % name)
    if len(head) < 8:
        raise ValueError("%s: truncated .npy header" % name)
    major = head[6]
    if major == 1:
        size = f.read(2)
        fmt = "<H"
    elif major in (2, 3):
        size = f.read(4)
        fmt = "<I"
    else:
        raise ValueError("%s: unsupported .npy format version %d" % (name, major))
    if len(size) != struct.calcsize(fmt):
        raise ValueError("%s: truncated .npy header" % name)
    hlen = struct.unpack(fmt, size)[0]
    if hlen > MAX_HEADER:
        raise ValueError("%s: .npy header of %d bytes is larger than the %d allowed" % (name, hlen, MAX_HEADER))
    raw = f.read(hlen)
    if len(raw) != hlen:
        raise ValueError("%s: truncated .npy header" % name)
    try:
        header = ast.literal_eval(raw.decode("utf8" if major == 3 else "latin1"))
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
    body = _read_exact(f, n * itemsize, name, "data for shape %s" % (shape,))
    if f.read(1):
        raise ValueError("%s: more data than its header's shape %s declares (corrupt, or a "
                         "decompression bomb)" % (name, shape))
    big = order == ">" or (order == "=" and sys.byteorder == "big")
    if itemsize > 1 and big != (sys.byteorder == "big"):
        a = array.array(_codes()[dtype][1])
        a.frombytes(body)
        a.byteswap()
        body = a.tobytes()
    if fortran and len(shape) > 1:
        return bytes_to_tensor(body, dtype, shape[::-1]).T.copy()
    return bytes_to_tensor(body, dtype, shape)


def read_npy(data, name="array"):
    """A Tensor from the bytes of one ``.npy`` file."""
    return read_npy_stream(io.BytesIO(data), name)


# ------------------------------------------------------------------ files
def _umask():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o22)      # no getter before Python 3.13 on every platform
    os.umask(mask)
    return mask


def atomic_write(path, write):
    """Write a file through ``write(binary_file)`` atomically: into a temporary file beside the
    destination, then ``os.replace``. A symlink is followed (the link stays, its target gets the
    new contents); an existing file keeps its permission bits, a new one gets the umask default
    (0666 & ~umask), as ``open(path, "w")`` would."""
    path = os.fspath(path)
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.basename(target)[-16:], dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _zip_to(f, members):
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def write_zip(path, members):
    """A zip of ``{member name: bytes}`` written atomically (see ``atomic_write``)."""
    atomic_write(path, lambda f: _zip_to(f, members))


def npz_bytes(arrays):
    """The bytes of an .npz file holding ``{name: Tensor}``."""
    buf = io.BytesIO()
    _zip_to(buf, {name + ".npy": npy_bytes(t) for name, t in arrays.items()})
    return buf.getvalue()


def save_npz(path, arrays):
    """Write ``{name: Tensor}`` to ``path`` atomically (see ``atomic_write``)."""
    members = {name + ".npy": npy_bytes(t) for name, t in arrays.items()}   # every array before the file
    write_zip(path, members)


_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", zipfile.ZIP_BZIP2: "bzip2",
            zipfile.ZIP_LZMA: "lzma"}


def _open_zip(source, name):
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            return zipfile.ZipFile(io.BytesIO(bytes(source)))
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as e:
        if isinstance(e, (FileNotFoundError, PermissionError, IsADirectoryError)):
            raise
        raise ValueError("%s is not a valid .npz file (not a zip archive, or truncated)" % name) from None


def _member_stream(zf, info, name):
    """An open stream of one member; ValueError for encrypted or unsupported members."""
    if info.flag_bits & 0x1:
        raise ValueError("%s: member %r is encrypted, which tinytensor does not read" % (name, info.filename))
    if info.compress_type not in _METHODS:
        raise ValueError("%s: member %r uses compression method %d, which is not supported (stored, "
                         "deflate, bzip2, lzma are)" % (name, info.filename, info.compress_type))
    return zf.open(info)


# what a corrupt member raises inside zipfile / zlib / bz2 / lzma
_CORRUPT = (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError, ValueError)


def _member_error(name, member, e):
    return ValueError("%s: member %r is corrupt or unreadable (%s: %s)" % (name, member, type(e).__name__, e))


def _read_member(zf, info, name, read):
    """``read(stream)`` of one member; every failure a ValueError naming the file and member."""
    try:
        with _member_stream(zf, info, name) as f:
            return read(f)
    except ValueError as e:
        if str(e).startswith(name):
            raise
        raise _member_error(name, info.filename, e) from None
    except _CORRUPT as e:
        raise _member_error(name, info.filename, e) from None


def read_zip_members(path, wanted, required=(), limit=1 << 31):
    """``{member: bytes}`` for the members of a zip named in ``wanted`` (at most ``limit`` bytes
    each, read in a stream); ValueError naming the file and member for anything corrupt."""
    name = os.fspath(path) if not isinstance(path, (bytes, bytearray)) else "<bytes>"
    out = {}
    with _open_zip(path, name) as zf:
        for info in zf.infolist():
            if info.filename not in wanted:
                continue
            data = _read_member(zf, info, name, lambda f: read_upto(f, limit + 1))
            if len(data) > limit:
                raise ValueError("%s: member %r is larger than %d bytes" % (name, info.filename, limit))
            out[info.filename] = data
    missing = [m for m in required if m not in out]
    if missing:
        raise ValueError("%s: missing %s" % (name, ", ".join(missing)))
    return out


def load_npz(source, name=None):
    """``{name: Tensor}`` from an .npz file (a path, or its bytes); ValueError naming the file
    and member for anything corrupt, encrypted, compressed with an unknown method, or unsupported.
    Each member is streamed: its header first, then at most the data it declares."""
    if name is None:
        name = "<bytes>" if isinstance(source, (bytes, bytearray, memoryview)) else os.fspath(source)
    out = {}
    with _open_zip(source, name) as zf:
        for info in zf.infolist():
            if not info.filename.endswith(".npy"):
                raise ValueError("%s: unexpected member %r (not an .npy array)" % (name, info.filename))
            where = "%s: member %r" % (name, info.filename)
            out[info.filename[:-4]] = _read_member(zf, info, name, lambda f: read_npy_stream(f, where))
    return out
