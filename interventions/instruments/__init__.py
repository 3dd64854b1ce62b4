"""The survey instrument library: questionnaires shipped as JSON in ``data/``, their loader and their validator.

One JSON file per instrument (``data/<id>.json``) holds the wording in Swedish, Finnish and English, the dimensions
the items are scored on and the sections they are shown in. ``load_instrument`` checks a file completely and turns it
into frozen dataclasses; any mistake raises ``InstrumentError`` naming the file and the JSON path, e.g.
``osa.json: sections[1].items[3].text.fi is missing``. ``library()`` loads the shipped instruments once per process.

The modules: ``instrument`` (the dataclasses and item types), ``answer_labels`` (the shared scales' labels),
``validation`` (the format's checker) and ``loading`` (files, folders, the shipped library).

Plain Python, standard library only: this package never imports Flask, SQLAlchemy, Werkzeug or ``survey_app``, never
writes files and never stores answers. Answers are keyed by ``Item.key(instrument_id)``, e.g. ``"hme.hme1"``.
"""

from __future__ import annotations

from interventions.instruments.answer_labels import AGREE5_LABELS, YESNO_LABELS
from interventions.instruments.instrument import (
    CHOICE_TYPES,
    DEFAULT_MAX_LENGTH,
    ITEM_TYPES,
    LANGUAGES,
    MAX_MAX_LENGTH,
    REVERSIBLE_TYPES,
    SCORABLE_TYPES,
    Instrument,
    Item,
    Option,
    Section,
)
from interventions.instruments.loading import DATA_DIR, library, load_instrument, load_library
from interventions.instruments.validation import InstrumentError

__all__ = [
    "AGREE5_LABELS",
    "CHOICE_TYPES",
    "DATA_DIR",
    "DEFAULT_MAX_LENGTH",
    "ITEM_TYPES",
    "LANGUAGES",
    "MAX_MAX_LENGTH",
    "REVERSIBLE_TYPES",
    "SCORABLE_TYPES",
    "YESNO_LABELS",
    "Instrument",
    "InstrumentError",
    "Item",
    "Option",
    "Section",
    "library",
    "load_instrument",
    "load_library",
]
