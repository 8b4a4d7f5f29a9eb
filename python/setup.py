"""Build hook: compiles the Swift dynamic library `rdopt_c` and ships it inside the package.

`pip install ./python` runs `swift build -c release --product rdopt_c` in the repository that
holds this folder and copies `librdopt_c.so` (or `.dylib`) next to the Python modules. Set
`RDOPT_LIBRARY=/path/to/librdopt_c.so` to skip the Swift build and ship that file instead
(or to point an installed package at a library at run time).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

LIBRARY_NAMES = ("librdopt_c.so", "librdopt_c.dylib")


def _swift_library() -> Path:
    """The dynamic library to ship: RDOPT_LIBRARY, else a fresh release build."""
    given = os.environ.get("RDOPT_LIBRARY")
    if given:
        path = Path(given)
        if not path.is_file():
            sys.exit(f"error: RDOPT_LIBRARY={given} is not a file")
        return path
    root = Path(__file__).resolve().parent.parent
    if not (root / "Package.swift").is_file():
        sys.exit(
            "error: the Swift package is not beside this folder; build librdopt_c "
            "(swift build -c release --product rdopt_c) and set RDOPT_LIBRARY to it"
        )
    subprocess.run(
        ["swift", "build", "-c", "release", "--product", "rdopt_c"], cwd=root, check=True
    )
    for name in LIBRARY_NAMES:
        candidate = root / ".build" / "release" / name
        if candidate.is_file():
            return candidate
    sys.exit("error: swift build finished but left no librdopt_c library in .build/release")


class BuildWithSwift(build_py):
    """Copies the Swift library into the built package."""

    def run(self) -> None:
        super().run()
        library = _swift_library()
        target = Path(self.build_lib) / "rdopt" / library.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library, target)


class BinaryDistribution(Distribution):
    """The wheel holds a native library, so it is platform-specific."""

    def has_ext_modules(self) -> bool:
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=BinaryDistribution)
