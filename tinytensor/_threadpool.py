"""threadpoolctl support: ``threadpool_limits`` and ``threadpool_info`` see tinytensor's threads.

threadpoolctl finds the thread pools of the native libraries loaded in the process and limits
them, e.g. ``with threadpool_limits(1): ...`` around code that already runs in parallel
processes. tinytensor's kernels use their own pool (csrc/threads.c), which threadpoolctl cannot
know, so tinytensor registers a controller for it:

    user_api      "openmp"      (the kind of pool it stands in for: a limit on "openmp" is a
                                 limit on tinytensor too)
    internal_api  "tinytensor"
    library       tinytensor/_core*.so, recognised by its exported tt_get_num_threads

The controller reads and sets the count through those C functions (the same count as
``tt.get_num_threads`` / ``tt.set_num_threads``): a limit takes effect at once, whenever
tinytensor first read its count, and the count in force before the limit comes back after it
(a first read inside a limit does not pin the process to the limit).

threadpoolctl is optional and is not imported by ``import tinytensor`` (it costs ~25 ms): the
controller is registered when threadpoolctl is imported, before or after tinytensor.
"""
import importlib.abc
import sys

_REGISTERED = False


def _controller_class(threadpoolctl):
    class TinytensorController(threadpoolctl.LibController):
        user_api = "openmp"
        internal_api = "tinytensor"
        filename_prefixes = ("_core.",)
        # another package's _core module is not ours: threadpoolctl skips a library with none
        # of these symbols
        check_symbols = ("tt_get_num_threads", "tt_set_num_threads")

        def get_num_threads(self):
            return self.dynlib.tt_get_num_threads()

        def set_num_threads(self, num_threads):
            # threadpoolctl passes a limit >= 1; clamp into what tt_set_num_threads accepts
            from tinytensor._core import MAX_THREADS
            return self.dynlib.tt_set_num_threads(max(1, min(int(num_threads), MAX_THREADS)))

        def get_version(self):
            if not hasattr(self.dynlib, "tt_get_num_threads"):
                return None          # not tinytensor's library (see check_symbols)
            from importlib.metadata import PackageNotFoundError, version
            try:
                return version("tinytensor-lab")     # the distribution's name (import name: tinytensor)
            except PackageNotFoundError:
                return None

    return TinytensorController


def register(threadpoolctl):
    """Registers the controller with this threadpoolctl module (once)."""
    global _REGISTERED
    if _REGISTERED or not hasattr(threadpoolctl, "register"):
        return
    _REGISTERED = True
    threadpoolctl.register(_controller_class(threadpoolctl))


class _RegisterOnImport(importlib.abc.MetaPathFinder):
    """Registers the controller right after threadpoolctl is imported (for the first time)."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "threadpoolctl":
            return None
        for finder in sys.meta_path:          # the normal search, without this finder
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                break
        else:
            return None
        exec_module = spec.loader.exec_module

        def exec_and_register(module):
            exec_module(module)
            try:
                sys.meta_path.remove(self)
            except ValueError:
                pass
            register(module)

        spec.loader.exec_module = exec_and_register
        return spec


def install():
    """Registers now if threadpoolctl is already imported, else when it is."""
    module = sys.modules.get("threadpoolctl")
    if module is not None:
        register(module)
    elif not any(isinstance(f, _RegisterOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _RegisterOnImport())
