"""DLPack for tinytensor: Tensor.__dlpack__ and tt.from_dlpack call these.

The work (the DLPack structs, the capsules and their deleters) is done in Cython, in
tinytensor/_dlpack.pxi, compiled into tinytensor._core.
"""
from tinytensor._core import _from_dlpack, _to_dlpack


def to_dlpack(tensor, *, stream=None, max_version=None, dl_device=None, copy=None):
    """A DLPack capsule describing tensor (see Tensor.__dlpack__)."""
    return _to_dlpack(tensor, stream, max_version, dl_device, copy)


def from_dlpack(x, *, device=None, copy=None):
    """A tensor sharing the memory of x, an object with __dlpack__ or a DLPack capsule."""
    return _from_dlpack(x, device, copy)
