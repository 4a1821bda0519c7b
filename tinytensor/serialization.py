"""``tt.save(obj, path)`` / ``tt.load(path)``: tensors and (nested) state dicts in the
safetensors format, never pickle.

The file is what the ``safetensors`` package reads: an 8-byte little-endian header length, a
JSON header ``{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
"__metadata__": {str: str}}`` padded with spaces to a multiple of 8 bytes, then the tensors'
little-endian C-order bytes, one after the other in the header's (sorted) order.

- A flat ``{str: Tensor}`` (a ``state_dict()``) is stored as exactly that: the names are the
  keys, and ``safetensors.numpy.load_file`` / ``safetensors.torch.load_file`` read it as is.
- Anything else (one tensor; dicts, lists and tuples nested in any way holding tensors, numbers,
  strings, booleans and None, such as an optimizer's ``state_dict()``) stores every tensor
  under its dotted path (``"optimizer.state.0.m"``) and the structure as JSON in the metadata
  entry ``"tinytensor.structure"``; ``tt.load`` rebuilds it (dict keys that are ints come back
  as ints). Other Python objects raise TypeError: nothing is ever pickled.

NumPy arrays and torch tensors in ``obj`` are saved as tensors (read without copying). Files are
written atomically (temporary file + rename; a symlink is written through; an existing file
keeps its mode). ``tt.load`` checks the header before reading data: a bad length, unknown
dtype, negative or overflowing shape, or offsets that overlap, leave holes or pass the end of
the file raise ValueError naming the file.
"""
import json
import numbers
import os
import struct

import tinytensor as tt
from tinytensor import _npz

DTYPES = {"float16": "F16", "float32": "F32", "float64": "F64", "int8": "I8", "int16": "I16", "int32": "I32",
          "int64": "I64", "uint8": "U8", "uint16": "U16", "uint32": "U32", "uint64": "U64", "bool": "BOOL"}
FROM_CODE = {v: k for k, v in DTYPES.items()}
STRUCTURE = "tinytensor.structure"
MAX_HEADER = 100 << 20            # the safetensors package's own limit


def _tensor(obj):
    if isinstance(obj, tt.Tensor):
        return obj
    if type(obj).__module__.startswith(("numpy", "torch")) and (hasattr(obj, "__dlpack__") or hasattr(obj, "__array__")):
        from tinytensor.data import to_tensor
        return to_tensor(obj)
    return None


def _encode(obj, path, tensors):
    """The JSON-safe structure of ``obj``; tensors are collected into ``tensors`` by path."""
    t = _tensor(obj)
    if t is not None:
        name = path or "tensor"
        if name in tensors:
            raise ValueError("two tensors would be saved under the name %r" % name)
        tensors[name] = t
        return {"__tensor__": name}
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, numbers.Integral):
        return int(obj)
    if isinstance(obj, numbers.Real):
        return float(obj)
    sub = (lambda k: "%s.%s" % (path, k) if path else str(k))
    if isinstance(obj, dict):
        items = []
        for k, v in obj.items():
            if isinstance(k, bool) or not isinstance(k, (str, int)):
                raise TypeError("tt.save: dict keys must be str or int, got %r" % (k,))
            items.append([k, _encode(v, sub(k), tensors)])
        return {"__dict__": items}
    if isinstance(obj, (list, tuple)):
        values = [_encode(v, sub(i), tensors) for i, v in enumerate(obj)]
        return {"__tuple__": values} if isinstance(obj, tuple) else values
    raise TypeError("tt.save stores tensors, numbers, strings, booleans, None and dicts/lists/tuples of "
                    "them; got %s (nothing is pickled)" % type(obj).__name__)


def _decode(node, tensors):
    if isinstance(node, list):
        return [_decode(v, tensors) for v in node]
    if isinstance(node, dict):
        if "__tensor__" in node:
            return tensors[node["__tensor__"]]
        if "__tuple__" in node:
            return tuple(_decode(v, tensors) for v in node["__tuple__"])
        if "__dict__" in node:
            return {k: _decode(v, tensors) for k, v in node["__dict__"]}
        raise ValueError("corrupt structure entry %r" % (node,))
    return node


def _is_flat_state_dict(obj):
    return isinstance(obj, dict) and obj and all(isinstance(k, str) and _tensor(v) is not None
                                                 for k, v in obj.items())


def to_bytes(obj):
    """The safetensors bytes `save` writes for `obj` (see the module docstring for the layout).

    Parameters
    ----------
    obj : Tensor, dict, list or tuple
        A tensor, a flat ``{str: Tensor}`` state dict, or nested containers of tensors,
        numbers, strings, booleans and None.

    Returns
    -------
    bytes

    Raises
    ------
    TypeError
        For another kind of object, a non-str/int dict key, or a dtype the format lacks.
    ValueError
        If two tensors would get the same name.

    Examples
    --------
    >>> from tinytensor.serialization import to_bytes, from_bytes
    >>> data = to_bytes({"w": tt.tensor([1.0, 2.0])})
    >>> int.from_bytes(data[:8], "little") % 8, from_bytes(data)
    (0, {'w': tensor([1., 2.])})
    """
    tensors = {}
    if _is_flat_state_dict(obj):
        tensors = {k: _tensor(v) for k, v in obj.items()}
        metadata = {"format": "tinytensor"}
    else:
        structure = _encode(obj, "", tensors)
        metadata = {"format": "tinytensor", STRUCTURE: json.dumps(structure)}
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        code = DTYPES.get(t.dtype.name)
        if code is None:
            raise TypeError("cannot save dtype %s" % t.dtype)
        data = _npz.tensor_to_bytes(t)
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def save(obj, path):
    """Write `obj` to `path` in the safetensors format, atomically (never pickle).

    A flat ``{str: Tensor}`` is stored as exactly that (readable by the ``safetensors``
    package); anything else stores its structure as JSON metadata (see the module docstring).

    Parameters
    ----------
    obj : Tensor, dict, list or tuple
        What to store (see `to_bytes`).
    path : str or os.PathLike
        The file.

    Raises
    ------
    TypeError, ValueError
        As `to_bytes`.
    OSError
        If the file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> state = {"step": 3, "weights": [tt.tensor([1.0]), tt.tensor([[2, 3]])]}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     tt.save(state, os.path.join(folder, "state.safetensors"))
    ...     tt.load(os.path.join(folder, "state.safetensors"))
    {'step': 3, 'weights': [tensor([1.]), tensor([[2, 3]])]}
    """
    data = to_bytes(obj)
    _npz.atomic_write(os.fspath(path), lambda f: f.write(data))


def _fail(name, why):
    return ValueError("%s: not a valid safetensors file (%s)" % (name, why))


def from_bytes(data, name="<bytes>"):
    """The object stored in safetensors bytes; the header is checked before any data is read.

    Parameters
    ----------
    data : bytes
        What `to_bytes` returned, or any safetensors file's content.
    name : str, default "<bytes>"
        Names the source in error messages.

    Returns
    -------
    object
        The stored structure, or ``{name: Tensor}`` for a plain safetensors file.

    Raises
    ------
    ValueError
        If the bytes are not a valid safetensors file (bad length, unknown dtype, bad shape,
        overlapping or out-of-range offsets, corrupt metadata).

    Examples
    --------
    >>> from tinytensor.serialization import from_bytes, to_bytes
    >>> from_bytes(to_bytes(tt.tensor([1, 2])))
    tensor([1, 2])
    >>> from_bytes(b"abc")
    Traceback (most recent call last):
    ...
    ValueError: <bytes>: not a valid safetensors file (3 bytes, shorter than the 8-byte header length)
    """
    if len(data) < 8:
        raise _fail(name, "%d bytes, shorter than the 8-byte header length" % len(data))
    n = struct.unpack("<Q", data[:8])[0]
    if n > MAX_HEADER or 8 + n > len(data):
        raise _fail(name, "header length %d does not fit the file of %d bytes" % (n, len(data)))
    try:
        header = json.loads(bytes(data[8:8 + n]).decode("utf8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise _fail(name, "header is not JSON: %s" % e) from None
    if not isinstance(header, dict):
        raise _fail(name, "header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    body = memoryview(data)[8 + n:]
    entries = []
    for key, info in header.items():
        try:
            code, shape, (begin, end) = info["dtype"], info["shape"], info["data_offsets"]
        except (KeyError, TypeError, ValueError):
            raise _fail(name, "entry %r lacks dtype, shape or data_offsets" % key) from None
        if code not in FROM_CODE:
            raise _fail(name, "entry %r has dtype %r, which tinytensor does not have" % (key, code))
        if not isinstance(shape, list) or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0
                                                  for s in shape):
            raise _fail(name, "entry %r has shape %r" % (key, shape))
        dtype = getattr(tt, FROM_CODE[code])
        size = dtype.itemsize
        for s in shape:
            size *= s
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin <= end <= len(body)) or end - begin != size:
            raise _fail(name, "entry %r: data_offsets %r do not hold %d bytes for shape %s in a body of %d"
                        % (key, [begin, end], size, shape, len(body)))
        entries.append((begin, end, key, dtype, tuple(shape)))
    entries.sort()
    position = 0
    for begin, end, key, _, _ in entries:
        if begin != position:
            raise _fail(name, "entry %r starts at %d, expected %d (overlap or hole)" % (key, begin, position))
        position = end
    if position != len(body):
        raise _fail(name, "%d bytes after the last tensor" % (len(body) - position))
    tensors = {key: _npz.bytes_to_tensor(body[begin:end], dtype, shape) if end > begin
               else tt.zeros(shape, dtype=dtype) for begin, end, key, dtype, shape in entries}
    if STRUCTURE not in metadata:
        return tensors
    try:
        return _decode(json.loads(metadata[STRUCTURE]), tensors)
    except (ValueError, KeyError, TypeError) as e:
        raise _fail(name, "corrupt %s metadata: %s" % (STRUCTURE, e)) from None


def load(path, weights_only=True, map_location=None):
    """What `save` stored (or a plain ``{name: Tensor}`` from any safetensors file).

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    weights_only : bool, default True
        Accepted for PyTorch's spelling and ignored: loading never runs code.
    map_location : optional
        Accepted for PyTorch's spelling and ignored: tensors live on the CPU.

    Returns
    -------
    object

    Raises
    ------
    ValueError
        If the file is not valid safetensors (see `from_bytes`).
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "model.safetensors")
    ...     tt.save(tt.nn.Linear(2, 1).state_dict(), path)
    ...     sorted(tt.load(path))
    ['bias', 'weight']
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        data = f.read()
    return from_bytes(data, path)
