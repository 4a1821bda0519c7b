"""The IDX format (MNIST's): a big-endian header, then C-order data.

Header: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
0x0E float64), the number of dimensions, then one big-endian uint32 per dimension. The file may be
gzip-compressed (recognised by its own magic, not the file name). Everything is validated:
a bad magic, an unknown type, a truncated header or body, trailing bytes or a corrupt gzip stream
raise :class:`IDXError` (a ValueError) saying which.
"""
import array
import gzip
import os
import struct
import sys
import zlib

import tinytensor as tt
from .._npz import bytes_to_tensor

#: type byte -> (array code, item size, tensor dtype name)
TYPES = {0x08: ("B", 1, "uint8"), 0x09: ("b", 1, "int32"), 0x0B: ("h", 2, "int32"),
         0x0C: ("i", 4, "int32"), 0x0D: ("f", 4, "float32"), 0x0E: ("d", 8, "float64")}


class IDXError(ValueError):
    pass


def _read_bytes(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as e:
            raise IDXError("%s: corrupt or truncated gzip stream (%s)" % (path, e)) from None
    return raw


def parse(data, name="<bytes>"):
    """A Tensor from the bytes of an (uncompressed) IDX file."""
    if len(data) < 4:
        raise IDXError("%s: truncated IDX header (%d bytes)" % (name, len(data)))
    zero, typ, ndim = data[:2], data[2], data[3]
    if zero != b"\x00\x00" or typ not in TYPES:
        raise IDXError("%s: bad IDX magic 0x%s (expected 0x0000TTNN with a known type TT)"
                       % (name, data[:4].hex()))
    if ndim == 0:
        raise IDXError("%s: IDX file with 0 dimensions" % name)
    hdr = 4 + 4 * ndim
    if len(data) < hdr:
        raise IDXError("%s: truncated IDX header: %d dimensions need %d bytes, file has %d"
                       % (name, ndim, hdr, len(data)))
    shape = struct.unpack(">%dI" % ndim, data[4:hdr])
    code, size, dtype = TYPES[typ]
    n = 1
    for s in shape:
        n *= s
    body = len(data) - hdr
    if body < n * size:
        raise IDXError("%s: truncated IDX data: shape %s needs %d bytes, found %d"
                       % (name, shape, n * size, body))
    if body > n * size:
        raise IDXError("%s: %d unexpected trailing bytes after the IDX data of shape %s"
                       % (name, body - n * size, shape))
    payload = memoryview(data)[hdr:]
    dtype = getattr(tt, dtype)
    if typ == 0x08:
        return bytes_to_tensor(payload, dtype, shape)
    a = array.array(code)
    a.frombytes(payload)
    if sys.byteorder == "little":
        a.byteswap()
    if code in ("b", "h"):
        a = array.array("i", a)
    return bytes_to_tensor(a.tobytes(), dtype, shape)


def read_idx(path):
    """Read an IDX file (raw or gzip) into a Tensor."""
    path = os.fspath(path)
    return parse(_read_bytes(path), path)


def write_idx(path, tensor, compress=None):
    """Write a uint8 Tensor as IDX (gzip when ``compress`` or the name ends in .gz); for tests/tools."""
    t = tt.asarray(tensor)
    if t.dtype != tt.uint8:
        raise TypeError("write_idx writes uint8 tensors only")
    head = bytes([0, 0, 0x08, t.ndim]) + struct.pack(">%dI" % t.ndim, *t.shape)
    from .._npz import tensor_to_bytes
    data = head + tensor_to_bytes(t)
    if compress or (compress is None and str(path).endswith(".gz")):
        data = gzip.compress(data)
    with open(path, "wb") as f:
        f.write(data)
