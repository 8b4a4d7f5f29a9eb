"""Past one machine with Dask: per-chunk statistics merged into one design, every chunk
compressed with that quantiser into a Zarr store in parallel, and a chunk-by-chunk check.

Nothing here holds the whole array: each step runs per chunk on the workers, and only the
statistics (distinct values with counts) and small per-chunk figures travel to the client.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, List, Optional

import dask
import dask.array as da
import numpy as np

from .quantizer import Quantizer
from .statistics import SampleStatistics


def chunk_statistics(array: da.Array, important: Optional[str] = None) -> SampleStatistics:
    """The merged statistics of every chunk of ``array``, reduced as a binary tree on the
    workers (computes)."""
    parts: List[Any] = [
        dask.delayed(SampleStatistics.from_samples)(block, important)
        for block in array.to_delayed().ravel()
    ]
    while len(parts) > 1:
        parts = [
            dask.delayed(SampleStatistics.merge)(parts[i], parts[i + 1])
            if i + 1 < len(parts) else parts[i]
            for i in range(0, len(parts), 2)
        ]
    return parts[0].compute()


def compress_to_zarr(
    array: da.Array,
    quantizer: Quantizer,
    path: str,
    important: Optional[str] = None,
    max_distortion: Optional[float] = None,
) -> Any:
    """Compresses every chunk of ``array`` with ``quantizer`` into a Zarr 3 array at ``path``
    (one Zarr chunk per Dask chunk, written by the workers in parallel; computes).

    Returns:
        The Zarr array, open for reading.
    """
    import zarr

    from .zarr3 import Rdopt

    regular = tuple(c[0] for c in array.chunks)
    if any(any(size != c[0] for size in c[:-1]) for c in array.chunks):
        # Each Zarr chunk must come from one Dask chunk: no two workers write the same one.
        array = array.rechunk(regular)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numcodecs codecs are outside the Zarr 3 spec
        target = zarr.create_array(
            store=path, shape=array.shape, chunks=regular,
            dtype=array.dtype,
            serializer=Rdopt(
                quantizer=quantizer.to_json(), important=important, max_distortion=max_distortion
            ),
            compressors=None, zarr_format=3, overwrite=True,
        )
    da.store(array, target, lock=False)
    return zarr.open_array(path, mode="r")


@dataclass(frozen=True)
class ChunkCheck:
    """The worst chunk of a read-back check."""

    chunks: int
    largest_chunk_mse: float
    largest_important_error: float
    important_samples: int


def check_round_trip(original: da.Array, path: str, important: Optional[str]) -> ChunkCheck:
    """Reads the Zarr array back chunk by chunk and compares with ``original`` (computes)."""
    stored = da.from_zarr(path, chunks=original.chunks)
    figures = da.map_blocks(
        _chunk_figures, original, stored, important, dtype=np.float64,
        chunks=tuple((1,) * len(c) for c in original.chunks[:-1]) + ((3,) * len(original.chunks[-1]),),
    )
    table = figures.compute().reshape(-1, 3)
    return ChunkCheck(
        chunks=table.shape[0], largest_chunk_mse=float(table[:, 0].max()),
        largest_important_error=float(table[:, 1].max()), important_samples=int(table[:, 2].sum()),
    )


def _chunk_figures(x: np.ndarray, y: np.ndarray, important: Optional[str]) -> np.ndarray:
    """(MSE, largest important squared error, important count) of one chunk."""
    from .statistics import importance_flags

    error = (x.astype(np.float64) - y.astype(np.float64)) ** 2
    flags = importance_flags(x.reshape(-1), important, 1)
    worst = float(error.reshape(-1)[flags].max()) if flags.any() else 0.0
    shape = (1,) * (x.ndim - 1) + (3,)
    return np.array([error.mean(), worst, flags.sum()], dtype=np.float64).reshape(shape)
