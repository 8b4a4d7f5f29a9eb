"""Turns the ways a document can be given (dict, JSON text, bytes, path) into bytes and a name."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping, Tuple, Union

from .errors import RdoptError

DocumentLike = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]


def document_bytes(document: DocumentLike, default_name: str) -> Tuple[bytes, str]:
    """The document's bytes and the name messages use for it.

    A mapping is serialised as JSON; a ``str`` that starts with ``{`` is JSON text, any other
    ``str`` or path-like is a file path (its name appears in messages, as with the command
    line); ``bytes`` are taken as they are.
    """
    if isinstance(document, Mapping):
        return json.dumps(document).encode(), default_name
    if isinstance(document, bytes):
        return document, default_name
    if isinstance(document, str) and document.lstrip().startswith("{"):
        return document.encode(), default_name
    if isinstance(document, (str, os.PathLike)):
        path = Path(document)
        try:
            return path.read_bytes(), os.fspath(document)
        except OSError as error:
            raise RdoptError(f"{os.fspath(document)}: {error.strerror}", status=2) from error
    raise TypeError(f"{default_name}: expected a dict, JSON text, bytes or a path")


def parse_json(raw: bytes) -> Any:
    """The JSON result of an entry point."""
    return json.loads(raw.decode("utf-8"))
