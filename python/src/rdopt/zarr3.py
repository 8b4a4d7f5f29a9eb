"""The ``rdopt`` codec in Zarr 3's codec pipeline, through Zarr's numcodecs adapter.

``Rdopt`` is an array-to-bytes codec (it replaces Zarr's ``bytes`` codec)::

    import zarr, rdopt.zarr3
    zarr.create_array(store, shape=..., chunks=..., dtype="float32",
                      serializer=rdopt.zarr3.Rdopt(quantizer=q.to_json()), compressors=None)
"""

from __future__ import annotations

import numcodecs
from zarr.codecs.numcodecs import _NumcodecsArrayBytesCodec
from zarr.registry import register_codec

from .codec import RdoptCodec

numcodecs.register_codec(RdoptCodec)


class Rdopt(_NumcodecsArrayBytesCodec, codec_name="rdopt"):
    """The numcodecs codec ``rdopt`` (``RdoptCodec``) as a Zarr 3 array-to-bytes codec."""


register_codec("numcodecs.rdopt", Rdopt)
