"""Reading instrument files: one file, a folder of them, and the shipped library in ``data/`` (loaded once)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from interventions.instruments.instrument import Instrument
from interventions.instruments.validation import InstrumentError, validate_instrument

DATA_DIR = Path(__file__).parent / "data"


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


class _DuplicateKeyError(Exception):
    pass


def load_instrument(path: Path) -> Instrument:
    """Read and validate one instrument file.

    Raises ``InstrumentError`` (a ``ValueError``) naming the file and the JSON path of the first problem: unreadable
    file or invalid JSON (with line and column), a duplicate key in an object, an unknown or missing key, an unknown
    item type, a missing or empty text in any of ``LANGUAGES``, an undeclared or unused dimension, a duplicate section,
    item or option id, options on a non-choice item or fewer than 2 on a choice item, ``max_length`` outside
    1..``MAX_MAX_LENGTH`` or on a non-text item, ``anchors`` on a non-scale10 item, ``reverse`` on a type other than
    ``REVERSIBLE_TYPES``, a version that is not a positive integer.
    """
    path = Path(path)
    name = path.name
    try:
        raw_text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InstrumentError(f"{name}: is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InstrumentError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw_text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InstrumentError(f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    except _DuplicateKeyError as exc:
        raise InstrumentError(f"{name}: the key '{exc.args[0]}' appears twice in one JSON object") from exc
    return validate_instrument(data, name)


def load_library(directory: Path | None = None) -> dict[str, Instrument]:
    """Load and validate every ``*.json`` file in ``directory`` (default: the shipped ``data/`` folder).

    Returns the instruments keyed by id, in file-name order. Raises ``InstrumentError`` for any invalid file, for a
    file whose stem differs from its ``id``, and for a directory that does not exist.
    """
    directory = DATA_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        raise InstrumentError(f"{directory}: is not a directory")
    instruments: dict[str, Instrument] = {}
    for path in sorted(directory.glob("*.json")):
        instrument = load_instrument(path)
        if instrument.id != path.stem:
            raise InstrumentError(f"{path.name}: id '{instrument.id}' must equal the file name stem '{path.stem}'")
        instruments[instrument.id] = instrument
    return instruments


@cache
def library() -> dict[str, Instrument]:
    """The shipped instruments (``load_library()``), loaded once per process. Callers must not mutate the dict."""
    return load_library()
