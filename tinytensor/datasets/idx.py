"""The IDX format (MNIST's): a big-endian header, then C-order data.

Header: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
0x0E float64), the number of dimensions, then one big-endian uint32 per dimension. The file may be
gzip-compressed (recognised by its own magic, not the file name) and is read as a stream: the
header first, then no more than the data it declares (no decompression bombs). Everything is validated:
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
from .._npz import bytes_to_tensor, read_upto

#: type byte -> (array code, item size, tensor dtype name)
TYPES = {0x08: ("B", 1, "uint8"), 0x09: ("b", 1, "int32"), 0x0B: ("h", 2, "int32"),
         0x0C: ("i", 4, "int32"), 0x0D: ("f", 4, "float32"), 0x0E: ("d", 8, "float64")}


class IDXError(ValueError):
    """A file that is not valid IDX (bad magic, unknown type, truncated header or body,
    trailing bytes, corrupt gzip stream); a ValueError.

    Parameters
    ----------
    message : str
        What is wrong, naming the file.

    Examples
    --------
    >>> from tinytensor.datasets import idx
    >>> idx.parse(b"\\x00\\x00")
    Traceback (most recent call last):
    ...
    tinytensor.datasets.idx.IDXError: <bytes>: truncated IDX header (2 bytes)
    """

    pass


def _open(path):
    """A binary stream of the file's IDX bytes (inflating gzip on the fly) and the raw file size."""
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    size = os.fstat(f.fileno()).st_size
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f, mode="rb"), f, None
    return f, f, size


def parse_header(head, name="<bytes>"):
    """The type byte and shape from the first bytes of an IDX file::

        0x00 0x00 TYPE NDIM | NDIM big-endian uint32 sizes

    Parameters
    ----------
    head : bytes
        At least ``4 + 4 * ndim`` bytes.
    name : str, default "<bytes>"
        Names the source in error messages.

    Returns
    -------
    (int, tuple of int)
        The type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E
        float64) and the shape.

    Raises
    ------
    IDXError
        For a truncated header, a bad magic or type, or 0 dimensions.

    Examples
    --------
    >>> from tinytensor.datasets import idx
    >>> idx.parse_header(bytes([0, 0, 0x08, 2, 0, 0, 0, 3, 0, 0, 0, 4]))
    (8, (3, 4))
    """
    if len(head) < 4:
        raise IDXError("%s: truncated IDX header (%d bytes)" % (name, len(head)))
    zero, typ, ndim = head[:2], head[2], head[3]
    if zero != b"\x00\x00" or typ not in TYPES:
        raise IDXError("%s: bad IDX magic 0x%s (expected 0x0000TTNN with a known type TT)"
                       % (name, head[:4].hex()))
    if ndim == 0:
        raise IDXError("%s: IDX file with 0 dimensions" % name)
    hdr = 4 + 4 * ndim
    if len(head) < hdr:
        raise IDXError("%s: truncated IDX header: %d dimensions need %d bytes, file has %d"
                       % (name, ndim, hdr, len(head)))
    return typ, struct.unpack(">%dI" % ndim, head[4:hdr])


def _body_size(typ, shape):
    n = 1
    for s in shape:
        n *= s
    return n * TYPES[typ][1]


def _to_tensor(typ, shape, payload):
    code, size, dtype = TYPES[typ]
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


def parse(data, name="<bytes>"):
    """A Tensor from the bytes of an (uncompressed) IDX file: the header, then exactly the
    C-order data it declares.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str, default "<bytes>"
        Names the source in error messages.

    Returns
    -------
    Tensor
        Of the file's shape and dtype.

    Raises
    ------
    IDXError
        For a bad header, a truncated body or trailing bytes.

    Examples
    --------
    >>> from tinytensor.datasets import idx
    >>> idx.parse(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]))
    tensor([7, 8, 9], dtype=uint8)
    """
    typ, shape = parse_header(data[:4 + 4 * data[3]] if len(data) >= 4 else data, name)
    hdr = 4 + 4 * len(shape)
    need, body = _body_size(typ, shape), len(data) - hdr
    if body < need:
        raise IDXError("%s: truncated IDX data: shape %s needs %d bytes, found %d" % (name, shape, need, body))
    if body > need:
        raise IDXError("%s: %d unexpected trailing bytes after the IDX data of shape %s"
                       % (name, body - need, shape))
    return _to_tensor(typ, shape, memoryview(data)[hdr:])


def read_idx(path):
    """Read an IDX file (raw or gzip, recognised by its magic) into a Tensor.

    The header is read first; then exactly the bytes its shape declares, inflating a gzip
    file as a stream, so memory never exceeds the declared size (a small gzip that inflates to
    gigabytes behind a small header is refused after one byte too many).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    Tensor

    Raises
    ------
    IDXError
        If the file is not valid IDX or the gzip stream is corrupt.
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import os, tempfile
    >>> from tinytensor.datasets import idx
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "t.idx.gz")
    ...     idx.write_idx(path, tt.tensor([[1, 2], [3, 4]], dtype=tt.uint8))
    ...     idx.read_idx(path)
    tensor([[1, 2],
            [3, 4]], dtype=uint8)
    """
    path = os.fspath(path)
    stream, raw, size = _open(path)
    try:
        with raw:
            head = read_upto(stream, 4)
            if len(head) == 4:
                head += read_upto(stream, 4 * head[3])
            typ, shape = parse_header(head, path)
            need = _body_size(typ, shape)
            if size is not None and size - len(head) < need:     # raw file: known size, fail before reading
                raise IDXError("%s: truncated IDX data: shape %s needs %d bytes, found %d"
                               % (path, shape, need, size - len(head)))
            payload = read_upto(stream, need)
            if len(payload) < need:
                raise IDXError("%s: truncated IDX data: shape %s needs %d bytes, found %d"
                               % (path, shape, need, len(payload)))
            # a raw file's size is known; of a gzip stream one probe of at most 64 KiB is read
            extra = size - len(head) - need if size is not None else len(stream.read(1 << 16))
            if extra:
                raise IDXError("%s: %d%s unexpected trailing bytes after the IDX data of shape %s"
                               % (path, extra, "" if size is not None or extra < (1 << 16) else " or more", shape))
    except (EOFError, OSError, zlib.error) as e:
        raise IDXError("%s: corrupt or truncated gzip stream (%s)" % (path, e)) from None
    return _to_tensor(typ, shape, payload)


def write_idx(path, tensor, compress=None):
    """Write a uint8 Tensor as an IDX file (for tests and tools).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    tensor : array_like
        uint8 data.
    compress : bool, optional
        Gzip the file; by default when the name ends in ``.gz``.

    Raises
    ------
    TypeError
        If the data is not uint8.

    Examples
    --------
    >>> import os, tempfile
    >>> from tinytensor.datasets import idx
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "labels.idx")
    ...     idx.write_idx(path, tt.tensor([5, 0], dtype=tt.uint8))
    ...     open(path, "rb").read()
    b'\\x00\\x00\\x08\\x01\\x00\\x00\\x00\\x02\\x05\\x00'
    """
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
