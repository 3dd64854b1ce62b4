"""The limits every upload is read within, and the caller's overrides of them."""

from __future__ import annotations

MIB = 1024 * 1024
CHUNK = 64 * 1024  # bytes decoded or parsed at a time

LIMITS: dict[str, int] = {
    "max_bytes": 20 * MIB,
    "max_uncompressed_bytes": 200 * MIB,
    "max_rows": 1_100_000,
    "max_columns": 50,
    "max_zip_entries": 200,
}


def limits_with(*values: int | None) -> dict[str, int]:
    """``LIMITS`` with the given values (in ``LIMITS``' order) in place of the defaults; None keeps a default."""
    limits = dict(LIMITS)
    for name, value in zip(LIMITS, values, strict=True):
        if value is not None:
            limits[name] = value
    return limits


def in_mib(size: int) -> int | float:
    """``size`` bytes in MiB, as a whole number when it is one, else to one decimal: for the messages."""
    mib = size / MIB
    return int(mib) if mib == int(mib) else round(mib, 1)
