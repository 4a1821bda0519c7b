"""Build of tinytensor's compiled core.

Two extension modules: ``tinytensor._core`` (the Tensor type and every kernel in csrc/) and
``tinytensor._random`` (the generator). Hand-written C lives only in csrc/; the .c files
beside the .pyx files are Cython's output and are never edited.

OpenMP is probed by compiling a tiny program with -fopenmp; without it the build is serial.
There is no -march=native: the hot kernels carry their own per-ISA variants (csrc/cpu.h) and
choose one at import.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

from setuptools import Extension, setup
from Cython.Build import cythonize


def _compiler():
    return os.environ.get("CC") or "cc"


def has_openmp():
    if os.environ.get("TINYTENSOR_NO_OPENMP"):
        return False
    src = "#include <omp.h>\nint main(void){int n=0;\n#pragma omp parallel reduction(+:n)\nn+=1;\nreturn n>0?0:1;}\n"
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "probe.c")
        with open(path, "w") as f:
            f.write(src)
        cmd = [_compiler(), "-fopenmp", path, "-o", os.path.join(tmp, "probe")]
        return subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
    except OSError:
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


OPENMP = has_openmp()
CFLAGS = ["-O3", "-std=gnu11", "-fno-math-errno", "-fno-trapping-math", "-Wall",
          "-Wno-unused-function", "-Wno-unknown-pragmas"]
LDFLAGS = []
if OPENMP:
    CFLAGS.append("-fopenmp")
    LDFLAGS.append("-fopenmp")
extra = os.environ.get("TINYTENSOR_EXTRA_CFLAGS")  # e.g. sanitizers: "-fsanitize=address,undefined"
if extra:
    CFLAGS += extra.split()
    LDFLAGS += extra.split()

kernel_sources = sorted(p for p in glob.glob("csrc/*.c") if os.path.basename(p) != "rng.c")

extensions = [
    Extension("tinytensor._core", ["tinytensor/_core.pyx"] + kernel_sources,
              include_dirs=["csrc"], extra_compile_args=CFLAGS, extra_link_args=LDFLAGS,
              define_macros=[("TT_HAVE_OPENMP", "1" if OPENMP else "0")]),
]
if os.path.exists("tinytensor/_random.pyx"):
    extensions.append(
        Extension("tinytensor._random", ["tinytensor/_random.pyx", "csrc/rng.c"],
                  include_dirs=["csrc"], extra_compile_args=CFLAGS, extra_link_args=LDFLAGS))

setup(
    ext_modules=cythonize(
        extensions,
        language_level=3,
        # bounds and wraparound checks stay on: they only guard Python sequences (tuple[-1]),
        # the C arrays and pointers are checked by hand before use.
        compiler_directives={"cdivision": True, "embedsignature": True},
    ),
)
