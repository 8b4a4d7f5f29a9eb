"""Loads the Swift library ``librdopt_c`` and calls its C entry points (docs/python.md)."""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path
from typing import Any, Optional

from .errors import RdoptError

ABI_VERSION = 2
_LIBRARY_NAMES = ("librdopt_c.dylib",) if sys.platform == "darwin" else ("librdopt_c.so",)

Buffer = ctypes.POINTER(ctypes.c_uint8)
_SIZE = ctypes.c_ssize_t
_OUT = ctypes.POINTER(Buffer)
_OUT_LENGTH = ctypes.POINTER(_SIZE)
_TEXT = ctypes.c_char_p
_BYTES = ctypes.c_char_p
_DOUBLES = ctypes.POINTER(ctypes.c_double)
_FLAGS = ctypes.POINTER(ctypes.c_uint8)
_INTS = ctypes.POINTER(ctypes.c_int64)

# The signatures of docs/python.md, "C entry points"; every entry ends with (out, out_length).
_SIGNATURES: dict[str, list[Any]] = {
    "rdopt_solve": [_BYTES, _SIZE, _TEXT, ctypes.c_double, _SIZE, ctypes.c_int32],
    "rdopt_verify": [_BYTES, _SIZE, _TEXT, _BYTES, _SIZE, _TEXT],
    "rdopt_curve": [_BYTES, _SIZE, _TEXT, _DOUBLES, _SIZE, _SIZE, ctypes.c_double],
    "rdopt_design": [
        _DOUBLES, _SIZE, _SIZE, _FLAGS, _DOUBLES, _TEXT, ctypes.c_double, ctypes.c_double,
        ctypes.c_int32, _SIZE, _SIZE, ctypes.c_double, ctypes.c_double,
    ],
    "rdopt_encode": [_BYTES, _SIZE, _DOUBLES, _SIZE, _FLAGS, _TEXT, ctypes.POINTER(_SIZE)],
    "rdopt_decode": [_BYTES, _SIZE, _INTS, _SIZE],
    "rdopt_compress": [
        _BYTES, _SIZE, ctypes.c_void_p, ctypes.c_int32, _INTS, _SIZE, _FLAGS, _TEXT,
        ctypes.c_int32, ctypes.c_int32, _OUT, _OUT_LENGTH,
    ],
    "rdopt_compress_predicted": [
        ctypes.c_void_p, ctypes.c_int32, _INTS, _SIZE, _FLAGS, _TEXT, ctypes.c_double,
        ctypes.c_double, ctypes.c_double, ctypes.c_double, _TEXT, _OUT, _OUT_LENGTH,
    ],
    "rdopt_decompress": [_BYTES, _SIZE, _TEXT, _SIZE],
    "rdopt_mark_important": [_DOUBLES, _SIZE, _SIZE, _TEXT],
}

_loaded: Optional[ctypes.CDLL] = None


def library_path() -> Path:
    """The library to load: ``RDOPT_LIBRARY`` when set, else the one shipped in the package."""
    given = os.environ.get("RDOPT_LIBRARY")
    if given:
        return Path(given)
    here = Path(__file__).resolve().parent
    for name in _LIBRARY_NAMES:
        if (here / name).is_file():
            return here / name
    raise RdoptError(
        f"the rdopt library ({_LIBRARY_NAMES[0]}) is not in {here}; reinstall the package "
        "(pip install ./python builds it) or set RDOPT_LIBRARY to its path",
        status=1,
    )


def library() -> ctypes.CDLL:
    """The loaded library, its signatures declared and its ABI version checked."""
    global _loaded
    if _loaded is None:
        path = library_path()
        try:
            handle = ctypes.CDLL(str(path))
        except OSError as error:
            raise RdoptError(f"cannot load {path}: {error}", status=1) from error
        handle.rdopt_abi_version.restype = ctypes.c_int32
        version = handle.rdopt_abi_version()
        if version != ABI_VERSION:
            raise RdoptError(
                f"{path} has C entry points of version {version}; this package needs "
                f"{ABI_VERSION}",
                status=1,
            )
        handle.rdopt_free.argtypes = [ctypes.c_void_p]
        handle.rdopt_free.restype = None
        for name, arguments in _SIGNATURES.items():
            function = getattr(handle, name)
            function.argtypes = arguments + [_OUT, _OUT_LENGTH]
            function.restype = ctypes.c_int32
        _loaded = handle
    return _loaded


class OwnedBuffer:
    """A buffer the library handed back; freed with ``rdopt_free`` when closed."""

    def __init__(self) -> None:
        self.pointer = Buffer()
        self.length = _SIZE(0)

    def view(self) -> memoryview:
        """The bytes, without copying (valid until ``close``)."""
        if not self.pointer or self.length.value == 0:
            return memoryview(b"")
        array = (ctypes.c_uint8 * self.length.value).from_address(
            ctypes.addressof(self.pointer.contents)
        )
        return memoryview(array).cast("B")

    def bytes(self) -> bytes:
        """A copy of the bytes."""
        if not self.pointer or self.length.value == 0:
            return b""
        return ctypes.string_at(self.pointer, self.length.value)

    def close(self) -> None:
        if self.pointer:
            library().rdopt_free(self.pointer)
            self.pointer = Buffer()

    def __enter__(self) -> "OwnedBuffer":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def call(name: str, *arguments: Any) -> OwnedBuffer:
    """Calls entry point ``name``; returns its result buffer, or raises ``RdoptError``.

    The caller closes the returned buffer (``with call(...) as out:``).
    """
    function = getattr(library(), name)
    out = OwnedBuffer()
    status = function(*arguments, ctypes.byref(out.pointer), ctypes.byref(out.length))
    if status != 0:
        message = out.bytes().decode("utf-8", errors="replace")
        out.close()
        raise RdoptError(message or f"{name} failed", status=status)
    return out


def call_bytes(name: str, *arguments: Any) -> bytes:
    """Calls entry point ``name`` and returns a copy of its result."""
    with call(name, *arguments) as out:
        return out.bytes()
