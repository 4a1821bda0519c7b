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
"""
import glob
import os
from concurrent.futures import ThreadPoolExecutor

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
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

extensions = [
    Extension("tinytensor._core", ["tinytensor/_core.pyx"] + kernel_sources,
              include_dirs=["csrc"], extra_compile_args=CFLAGS, extra_link_args=LDFLAGS,
              define_macros=[("TT_HAVE_THREADS", "1" if THREADS else "0")]),
]
if os.path.exists("tinytensor/_random.pyx"):
    extensions.append(
        Extension("tinytensor._random", ["tinytensor/_random.pyx", "csrc/rng.c"],
                  include_dirs=["csrc"], extra_compile_args=CFLAGS, extra_link_args=LDFLAGS))


class ParallelBuildExt(build_ext):
    """Compiles the sources of each extension in parallel (distutils compiles them one by one)
    and gives Cython's generated files -O2 instead of the kernels' -O3."""

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
            return serial_compile([source], output_dir, macros, include_dirs, debug,
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


setup(
    cmdclass={"build_ext": ParallelBuildExt},
    ext_modules=cythonize(
        extensions,
        language_level=3,
        # bounds and wraparound checks stay on: they only guard Python sequences (tuple[-1]),
        # the C arrays and pointers are checked by hand before use.
        compiler_directives={"cdivision": True, "embedsignature": True},
    ),
)
