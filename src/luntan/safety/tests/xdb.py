"""A tiny ip2region database written by the tests, in the library's xdb layout (version 3,
IPv4): a 256-byte header, the 256×256 vector index of (first, last) index pointers per /16,
the region strings, then 14-byte segment entries (start, end: little-endian; length, pointer).
Segments are cut at /16 boundaries, as the vector index needs. Never a downloaded database."""

import ipaddress
import struct
from pathlib import Path

_HEADER = 256
_VECTOR = 256 * 256 * 8
_ENTRY = 14


def build_xdb(path: Path, segments: list[tuple[str, str, str]]) -> Path:
    """Write `segments` (first address, last address, region) as an IPv4 xdb file."""
    entries = []
    for first, last, region in segments:
        start, end = int(ipaddress.IPv4Address(first)), int(ipaddress.IPv4Address(last))
        while start <= end:
            block_end = min(end, start | 0xFFFF)
            entries.append((start, block_end, region))
            start = block_end + 1
    entries.sort()
    data, where = bytearray(), {}
    for region in dict.fromkeys(region for _s, _e, region in entries):
        where[region] = _HEADER + _VECTOR + len(data)
        data += region.encode()
    index_start = _HEADER + _VECTOR + len(data)
    vector, index = bytearray(_VECTOR), bytearray()
    for n, (start, end, region) in enumerate(entries):
        pointer = index_start + n * _ENTRY
        index += struct.pack("<IIHI", start, end, len(region.encode()), where[region])
        slot = ((start >> 24) * 256 + ((start >> 16) & 0xFF)) * 8
        if struct.unpack_from("<I", vector, slot)[0] == 0:
            struct.pack_into("<I", vector, slot, pointer)
        struct.pack_into("<I", vector, slot + 4, pointer)
    header = bytearray(_HEADER)
    last_entry = index_start + len(index) - _ENTRY
    struct.pack_into("<HHIIIHH", header, 0, 3, 1, 0, index_start, last_entry, 4, 4)
    path.write_bytes(bytes(header + vector + data + index))
    return path
