"""A process instance's state as stored: its JSON text compressed by zlib against a preset dictionary.

A running grievance's state is ~18 KB of JSON, mostly the same keys, element names and defaults in every case;
the task ids (random UUIDs) and times are what differ. PostgreSQL's own compression took it to ~4.6 KB (then moved to
TOAST in 2 KB chunks); zlib primed with a dictionary of typical states (state_dictionary/1.txt: two states of the
shipped grievance model with their ids blanked, and a finished one's path) takes it to ~2 KB, kept in the row.

The first byte says how a value was written. 1: zlib with dictionary 1, which never changes (stored states depend
on it; a better dictionary would be 2.txt and byte 2). A value starting with `{` is the JSON text itself, as written
before migration 0034 compressed it. Only the engine writes these values.
"""
from __future__ import annotations

import zlib
from pathlib import Path

from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

WITH_DICTIONARY_1 = b"\x01"
_DICTIONARY_1 = (Path(__file__).parent / "state_dictionary" / "1.txt").read_bytes()


def encode(state: str) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, _DICTIONARY_1)
    return WITH_DICTIONARY_1 + packer.compress(state.encode()) + packer.flush()


def decode(stored: bytes | str) -> str:
    if isinstance(stored, str):  # SQLite may hand back a value stored as text before 0034
        return stored
    stored = bytes(stored)
    if stored[:1] == WITH_DICTIONARY_1:
        unpacker = zlib.decompressobj(15, _DICTIONARY_1)
        return (unpacker.decompress(stored[1:]) + unpacker.flush()).decode()
    return stored.decode()


def is_encoded(stored: bytes | str) -> bool:
    return not isinstance(stored, str) and bytes(stored[:1]) == WITH_DICTIONARY_1


class CompressedState(TypeDecorator):
    """The state's JSON text in Python, `encode`d bytes in the database."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encode(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decode(value)
