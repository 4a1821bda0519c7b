"""Build of tinytensor's compiled core.

Two extension modules: ``tinytensor._core`` (the Tensor type and every kernel in csrc/) and
``tinytensor._random`` (the generator). Hand-written C lives only in csrc/; the .c files
beside the .pyx files are Cython's output and are never edited.

Threads come from tinytensor's own pool (csrc/threads.c, POSIX threads): no OpenMP runtime is
linked. TINYTENSOR_NO_THREADS=1 builds every kernel serial.
There is no -march=native: the hot kernels carry their own per-ISA variants (csrc/cpu.h) and
choose one at import.

Build speed: the C sources of an extension compile in parallel (one process per core, or
TINYTENSOR_BUILD_JOBS), the kernels in csrc/ at -O3 and Cython's generated glue at -O2 (its hot
loops are few; -O3 only made that 120k-line file slower to compile). Release builds carry no
debug information; TINYTENSOR_DEBUG=1 keeps `-g` (for gdb and the sanitizer runs).

Object files are kept in build/objects/<hash of the compile command>/ and reused while they are
newer than their source and every header (.h, .inc) of the include directories, as make would: `pip install
.` followed by `pip install -e .` (or a second editable install, whose build directory pip makes
anew each time) compiles once and then only links. `rm -rf build` forgets them.
"""
import glob
import hashlib
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
import Cython
from Cython.Build import cythonize


THREADS = not os.environ.get("TINYTENSOR_NO_THREADS")
DEBUG = bool(os.environ.get("TINYTENSOR_DEBUG"))
CFLAGS = ["-O3", "-std=gnu11", "-fno-math-errno", "-fno-trapping-math", "-Wall",
          "-Wno-unused-function", "-Wno-unknown-pragmas"]
LDFLAGS = []
CFLAGS.append("-g" if DEBUG else "-g0")
if THREADS:
    CFLAGS.append("-pthread")
    LDFLAGS.append("-pthread")
extra = os.environ.get("TINYTENSOR_EXTRA_CFLAGS")  # e.g. sanitizers: "-fsanitize=address,undefined"
if extra:
    CFLAGS += extra.split()
    LDFLAGS += extra.split()

kernel_sources = sorted(p for p in glob.glob("csrc/*.c") if os.path.basename(p) != "rng.c")
# the headers too: build_ext relinks an extension only when one of these is newer than it, and
# the kernels live in headers (gemm_kernel.h, optim_kernel.h, ...) as much as in .c files
kernel_headers = sorted(glob.glob("csrc/*.h") + glob.glob("csrc/*.inc"))

extensions = [
    Extension("tinytensor._core", ["tinytensor/_core.pyx"] + kernel_sources, depends=kernel_headers,
              include_dirs=["csrc"], extra_compile_args=CFLAGS, extra_link_args=LDFLAGS,
              define_macros=[("TT_HAVE_THREADS", "1" if THREADS else "0")]),
]
if os.path.exists("tinytensor/_random.pyx"):
    extensions.append(
        Extension("tinytensor._random", ["tinytensor/_random.pyx", "csrc/rng.c"], depends=kernel_headers,
                  include_dirs=["csrc"], extra_compile_args=CFLAGS, extra_link_args=LDFLAGS))


OBJECT_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build", "objects")


def _newest_header_mtime(include_dirs):
    return max((os.path.getmtime(h) for d in include_dirs or () for pattern in ("*.h", "*.inc")
                for h in glob.glob(os.path.join(d, pattern))), default=0.0)


class ParallelBuildExt(build_ext):
    """Compiles the sources of each extension in parallel (distutils compiles them one by one),
    gives Cython's generated files -O2 instead of the kernels' -O3, and reuses up-to-date object
    files from OBJECT_CACHE."""

    def build_extensions(self):
        compiler = self.compiler
        # Python's own CFLAGS carry -g and -O3; ours come later on the command line and win
        serial_compile = compiler.compile
        jobs = int(os.environ.get("TINYTENSOR_BUILD_JOBS") or os.cpu_count() or 1)

        def compile_one(source, output_dir=None, macros=None, include_dirs=None, debug=0,
                        extra_preargs=None, extra_postargs=None, depends=None):
            postargs = list(extra_postargs or [])
            if not source.startswith("csrc") and not extra:    # sanitizer builds choose their own -O
                postargs.append("-O2")
            # everything that changes the object names its directory (the interpreter's headers
            # too: the Cython glue includes Python.h)
            command = repr((compiler.compiler_so, compiler.include_dirs, macros, include_dirs, debug,
                            extra_preargs, postargs, sys.implementation.cache_tag, sys.platform))
            cache_dir = os.path.join(OBJECT_CACHE, hashlib.sha256(command.encode()).hexdigest()[:16])
            obj = compiler.object_filenames([source], output_dir=cache_dir)[0]
            if os.path.exists(obj) and os.path.getmtime(obj) >= max(
                    os.path.getmtime(source), _newest_header_mtime(include_dirs)):
                return [obj]
            return serial_compile([source], cache_dir, macros, include_dirs, debug,
                                  extra_preargs, postargs, depends)

        def parallel_compile(sources, output_dir=None, macros=None, include_dirs=None, debug=0,
                             extra_preargs=None, extra_postargs=None, depends=None):
            # the longest file first, so it does not start last
            order = sorted(sources, key=lambda p: -os.path.getsize(p) if os.path.exists(p) else 0)
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                done = dict(zip(order, pool.map(
                    lambda src: compile_one(src, output_dir, macros, include_dirs, debug,
                                            extra_preargs, extra_postargs, depends), order)))
            return [obj for src in sources for obj in done[src]]

        compiler.compile = parallel_compile
        try:
            super().build_extensions()
        finally:
            compiler.compile = serial_compile


# Cython's own dependency check also looks at the .pxd files of the Cython it runs (libc/string.pxd):
# pip installs that Cython anew for every isolated build, so they always look newer than the .c and
# each `pip install` translated _core.pyx again (~1 min). Ours: translate when the .c was not made by
# this Cython version or is older than a .pyx/.pxi/.pxd of tinytensor or this file.
TRANSLATION_INPUTS = sorted(glob.glob("tinytensor/*.pyx") + glob.glob("tinytensor/*.pxi")
                            + glob.glob("tinytensor/*.pxd") + ["setup.py"])


def translation_is_fresh(pyx):
    c_file = pyx[:-len(".pyx")] + ".c"
    try:
        with open(c_file) as f:
            made_by = f.readline().strip()
        newest_input = max(os.path.getmtime(p) for p in TRANSLATION_INPUTS)
        return (made_by == f"/* Generated by Cython {Cython.__version__} */"
                and os.path.getmtime(c_file) >= newest_input)
    except OSError:
        return False


def translated(extensions):
    stale = [ext for ext in extensions if not translation_is_fresh(ext.sources[0])]
    for ext in extensions:
        if ext not in stale:
            ext.sources[0] = ext.sources[0][:-len(".pyx")] + ".c"
    # bounds and wraparound checks stay on: they only guard Python sequences (tuple[-1]),
    # the C arrays and pointers are checked by hand before use.
    fresh_translations = cythonize(
        stale, language_level=3,
        compiler_directives={"cdivision": True, "embedsignature": True}) if stale else []
    by_name = {ext.name: ext for ext in fresh_translations}
    return [by_name.get(ext.name, ext) for ext in extensions]


setup(
    cmdclass={"build_ext": ParallelBuildExt},
    ext_modules=translated(extensions),
)
