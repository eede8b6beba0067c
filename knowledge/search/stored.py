"""The file an index cache copy is kept in: a JSON header, then the index's arrays, each
mapped from the file rather than read into memory.

Layout: `MAGIC`, the header's length and CRC-32 (little-endian), the header (UTF-8 JSON: what
the caller stores, and each array's dtype, shape, place and CRC-32), then each array's bytes
at a multiple of `ALIGN`. `read` checks every checksum by reading the file through once (the
bytes pass through a small buffer, not into the index) and notes each integer array's least
and greatest value on the way, so that range checks need not touch the arrays again. The
arrays are then views of a private, copy-on-write mapping of that same open file: a restart
holds in its own memory only the pages a question reads, and the kernel may drop clean pages
and read them again. A writer replaces a copy by renaming a new file over it, never by
writing into it, so a mapped copy never changes under a running index.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import struct
import zlib
from io import BufferedReader
from pathlib import Path
from typing import IO, Any

import numpy as np

MAGIC = b"article-bot index cache\n"
LENGTHS = struct.Struct("<QI")
ALIGN = 64
CHUNK = 1 << 22
"""Bytes read at a time when checking (4 MiB: a multiple of every item size)."""
KINDS = frozenset("biuf")
"""Array kinds a copy may hold: booleans, integers and floats, never objects."""
MAX_HEADER = 1 << 31


Place = tuple[np.dtype[Any], tuple[int, ...], int, int, int]
"""An array's dtype, shape, offset, item count and CRC-32."""


class Damaged(Exception):
    """A file that is not a whole, undamaged copy."""


def aligned(n: int) -> int:
    return -(-n // ALIGN) * ALIGN


def write(file: IO[bytes], header: Any, arrays: dict[str, np.ndarray]) -> None:
    """Write `header` (any JSON value) and `arrays` to `file` in the layout above."""
    places: dict[str, list[Any]] = {}
    offset = 0
    contiguous = {key: np.ascontiguousarray(array) for key, array in arrays.items()}
    for key, array in contiguous.items():
        data = array.data.cast("B") if array.nbytes else memoryview(b"")
        places[key] = [array.dtype.str, list(array.shape), offset, zlib.crc32(data)]
        offset = aligned(offset + array.nbytes)
    head = json.dumps({"arrays": places, "header": header}).encode("utf-8")
    start = len(MAGIC) + LENGTHS.size + len(head)
    file.write(MAGIC + LENGTHS.pack(len(head), zlib.crc32(head)) + head)
    file.write(b"\0" * (aligned(start) - start))
    written = 0
    for key, array in contiguous.items():
        place = places[key][2]
        file.write(b"\0" * (place - written))
        file.write(array.data.cast("B") if array.nbytes else b"")
        written = place + array.nbytes


def read(path: Path) -> tuple[Any, dict[str, np.ndarray], dict[str, tuple[int, int]]]:
    """The header, the arrays (mapped, copy-on-write) and the least and greatest value of each
    non-empty integer array of the copy at `path`; raises `Damaged` unless every checksum
    holds and every array lies within the file."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        lead = file.read(len(MAGIC) + LENGTHS.size)
        if lead[: len(MAGIC)] != MAGIC or len(lead) != len(MAGIC) + LENGTHS.size:
            raise Damaged("it is not an index cache of this kind")
        length, crc = LENGTHS.unpack(lead[len(MAGIC) :])
        if length > min(size, MAX_HEADER):
            raise Damaged("its header is cut short")
        head = file.read(length)
        if len(head) != length or zlib.crc32(head) != crc:
            raise Damaged("its header is damaged")
        whole = json.loads(head.decode("utf-8"))
        if not isinstance(whole, dict):
            raise Damaged("its header is not a JSON object")
        start = aligned(len(MAGIC) + LENGTHS.size + length)
        places = layout(whole.get("arrays"), size - start)
        extents = {}
        buffer = bytearray(CHUNK)
        for key, (dtype, _, offset, count, crc) in sorted(places.items(), key=lambda p: p[1][2]):
            extent, found = checked(file, start + offset, count * dtype.itemsize, dtype, buffer)
            if found != crc:
                raise Damaged(f"its array {key} is damaged")
            if extent is not None:
                extents[key] = extent
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_COPY) if size else None
    arrays = {}
    for key, (dtype, shape, offset, count, _) in places.items():
        if count == 0 or mapped is None:
            arrays[key] = np.zeros(shape, dtype=dtype)
        else:
            flat = np.frombuffer(mapped, dtype=dtype, count=count, offset=start + offset)
            arrays[key] = flat.reshape(shape)
    return whole.get("header"), arrays, extents


def layout(places: Any, room: int) -> dict[str, Place]:
    """Each array's dtype, shape, offset, item count and checksum, as the header gives them;
    raises `Damaged` unless each is a plain numeric array within the `room` bytes there are."""
    if not isinstance(places, dict):
        raise Damaged("its header lists no arrays")
    found = {}
    for key, place in places.items():
        if not (isinstance(place, list) and len(place) == 4 and isinstance(place[0], str)):
            raise Damaged(f"its array {key} is not described")
        _, shape, offset, crc = place
        dtype = np.dtype(place[0])
        if (
            dtype.kind not in KINDS
            or dtype.byteorder not in "=|<"
            or dtype.fields is not None
            or dtype.subdtype is not None
            or not isinstance(shape, list)
            or not all(type(n) is int and n >= 0 for n in shape)
            or type(offset) is not int
            or type(crc) is not int
            or offset < 0
            or offset % ALIGN
        ):
            raise Damaged(f"its array {key} is not described")
        count = math.prod(shape)
        if offset + count * dtype.itemsize > room:
            raise Damaged(f"its array {key} lies beyond the end of the file")
        found[key] = (dtype, tuple(shape), offset, count, crc)
    return found


def checked(
    file: BufferedReader, at: int, nbytes: int, dtype: np.dtype[Any], buffer: bytearray
) -> tuple[tuple[int, int] | None, int]:
    """The least and greatest value (integers only) and the CRC-32 of `nbytes` at `at`."""
    file.seek(at)
    crc, low, high = 0, None, None
    view = memoryview(buffer)
    integer = dtype.kind in "iu" and nbytes > 0
    while nbytes > 0:
        got = file.readinto(view[: min(CHUNK, nbytes)])
        if not got or got % dtype.itemsize:
            raise Damaged("it is cut short")
        crc = zlib.crc32(view[:got], crc)
        if integer:
            values = np.frombuffer(buffer, dtype=dtype, count=got // dtype.itemsize)
            low = int(values.min()) if low is None else min(low, int(values.min()))
            high = int(values.max()) if high is None else max(high, int(values.max()))
        nbytes -= got
    return ((low, high) if low is not None and high is not None else None), crc
