"""Damaged and hostile files for the file tests (test_files.py and the rows of docs/errors.md):
decompression bombs made in milliseconds, and zip members with corrupt data, an unknown
compression method, an encryption flag or a wrong CRC."""
import gzip
import io
import struct
import zipfile
import zlib

import tinytensor as tt
from tinytensor import _npz


MIB = bytes(1 << 20)


def gzip_bomb(head, mib):
    """gzip bytes of ``head`` then ``mib`` MiB of zeros: one member for the head, then one small
    member per MiB (GzipFile reads concatenated members as one stream), so it is made at once."""
    one = gzip.compress(MIB, 9)
    return gzip.compress(head) + one * mib


def deflate_bomb(head, mib):
    """A raw deflate stream of ``head`` then ``mib`` MiB of zeros, and its CRC-32. Each MiB is one
    block ending in a full flush (no reference to earlier data), so the block can be repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(MIB) + c.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(mib):
        crc = zlib.crc32(MIB, crc)
    return first + block * mib + b"\x03\x00", crc            # 0x03 0x00: a final empty block


def zip_one_member(name, data, crc, size, method=8):
    """A zip with one member given as its stored bytes (``method`` 8 = deflate)."""
    n = name.encode()
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size, len(n), 0)
    central = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data), size,
                          len(n), 0, 0, 0, 0, 0, 0)
    cd_offset = len(local) + len(n) + len(data)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(n), cd_offset, 0)
    return local + n + data + central + n + end


def bomb_npz(declared_shape=(2,), mib=1024):
    """An .npz whose member header declares ``declared_shape`` float64 but inflates to ``mib`` MiB."""
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %r, }" % (declared_shape,)
    header = header.ljust(118) + "\n"
    npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
    data, crc = deflate_bomb(npy, mib)
    return zip_one_member("layer0.kernel.npy", data, crc, len(npy) + (mib << 20))


def weights_zip():
    """The deflated weight file of Sequential([Dense(4, input_shape=(3,)), Dense(2)]), all 0.5."""
    shapes = {"layer0.kernel": (3, 4), "layer0.bias": (4,), "layer1.kernel": (4, 2), "layer1.bias": (2,)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for k, shape in shapes.items():
            zf.writestr(k + ".npy", _npz.npy_bytes(tt.full(shape, 0.5, dtype=tt.float32)))
    return buf.getvalue()


def patch_member(raw, name, fn):
    """Apply ``fn(bytearray, local_header_offset, central_header_offset)`` to a copy of a zip."""
    b = bytearray(raw)
    local = raw.find(name.encode()) - 30          # the name follows the 30-byte local header
    assert raw[local:local + 4] == b"PK\x03\x04"
    central = raw.find(b"PK\x01\x02")
    while central >= 0 and raw[central + 46:central + 46 + len(name)] != name.encode():
        central = raw.find(b"PK\x01\x02", central + 4)
    fn(b, local, central)
    return bytes(b)


def bad_npz(kind):
    """A weight file (see weights_zip) whose member layer0.kernel.npy is damaged: 'corrupt
    deflate', 'unknown method' (99), 'encrypted', 'bad crc', 'bomb' (declares 2 float64 values,
    inflates to 1 MiB); None for the undamaged file."""
    if kind == "bomb":
        return bomb_npz((2,), 1)
    raw = weights_zip()
    name = "layer0.kernel.npy"

    def corrupt(b, local, central):
        start = local + 30 + len(name)
        for i in range(start + 2, start + 12):
            b[i] ^= 0xFF

    def method(b, local, central):
        struct.pack_into("<H", b, local + 8, 99)
        struct.pack_into("<H", b, central + 10, 99)

    def encrypted(b, local, central):
        struct.pack_into("<H", b, local + 6, 1)
        struct.pack_into("<H", b, central + 8, 1)

    def crc(b, local, central):
        struct.pack_into("<I", b, local + 14, 0)
        struct.pack_into("<I", b, central + 16, 0)

    if kind is None:
        return raw
    return patch_member(raw, name, {"corrupt deflate": corrupt, "unknown method": method,
                                    "encrypted": encrypted, "bad crc": crc}[kind])
