"""The organisation's own people for redaction: HR imports their names, Omtanke keeps only keyed hashes of them.

A file (CSV or XLSX) holds the whole list, one person a row: either one column of full names (header optional:
``name``, ``namn``, ``nimi``, ``full name``…) or a first-name and a surname column (``förnamn``/``efternamn``,
``etunimi``/``sukunimi``, ``first name``/``surname``). It is read like every other import (``survey_app.importing``:
size limit, format from the content, a half-valid file imports nothing and lists its rows). Each name becomes
``nlp.redaction.name_digests`` — HMAC-SHA256 of its normalised full form and of each part — and only those digests
are stored, one row each (``models.known_names``). Between preview and import the digests, never the file, wait in
the instance folder under a random name (deleted on import, or by the nightly purge when never confirmed). The file
covers the whole list, so an import replaces everything stored; the preview says so with both counts.

The key is HMAC(``OMTANKE_NAMES_KEY`` or ``SECRET_KEY``, "omtanke-known-names"), derived here and never stored: a
check value of it is kept with the list, so a changed key is noticed (the names must then be imported again).
Plain names never reach the database, the audit log (counts only), a log line or a file left behind.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select

from nlp.redaction import KnownNames, name_digests
from survey_app import audit
from survey_app.db import db, utcnow
from survey_app.errors import DomainError
from survey_app.importing import (
    ImportRejectedError,
    RowProblem,
    batches,
    nothing_imported,
    open_rows,
    upload_folder,
)
from survey_app.models import KnownName, KnownNameList, User

NAME_FIELDS = {
    "full_name": (
        "full_name", "name", "full name", "names", "namn", "fullständigt namn", "för- och efternamn", "nimi",
        "koko nimi", "nimet", "person", "employee", "employees", "staff", "anställd", "anställda", "medarbetare",
        "personal", "henkilö", "työntekijä", "työntekijät", "henkilöstö",
    ),
    "first_name": ("first_name", "first name", "given name", "förnamn", "tilltalsnamn", "etunimi", "etunimet"),
    "surname": ("surname", "last name", "family name", "efternamn", "sukunimi"),
}  # fmt: skip
NAMES_FILE_MAX_BYTES = 5 * 1024 * 1024
NAME_MAX = 200
KEY_LABEL = b"omtanke-known-names"
#: What a name is written with: letters and combining marks, spaces, hyphens, apostrophes and full stops.
_PUNCTUATION = " .'-\u2010\u2011\u2019\u02bc"
_NAME = re.compile(rf"(?:[^\W\d_]|[{re.escape(_PUNCTUATION)}])+")  # quick; combining marks need the long check


@dataclass(frozen=True)
class NameList:
    """A checked file: how many people it names and every digest to store for them."""

    people: int
    digests: frozenset[str]


@dataclass(frozen=True)
class HeldList:
    """The list stored now: its people, when it was imported or cleared, and whether the key still matches."""

    people: int
    changed_at: datetime | None
    key_matches: bool


@dataclass(frozen=True)
class Preview:
    """What confirming would do: replace ``held`` people's names with ``people``; ``token`` names the wait."""

    held: int
    people: int
    token: str


def names_key() -> bytes:
    """The key of the digests, derived from the installation's secret; never stored anywhere."""
    secret = current_app.config.get("OMTANKE_NAMES_KEY") or current_app.config["SECRET_KEY"]
    return hmac.new(secret.encode(), KEY_LABEL, hashlib.sha256).digest()


def _key_check(key: bytes) -> str:
    return hmac.new(key, b"key check", hashlib.sha256).hexdigest()[:16]


def held_list() -> HeldList:
    """How many people the stored list came from and when (0 and None: nothing was ever imported)."""
    row = db.session.execute(select(KnownNameList.people, KnownNameList.changed_at, KnownNameList.key_check)).first()
    if row is None:
        return HeldList(0, None, True)
    return HeldList(row.people, row.changed_at, row.key_check == _key_check(names_key()))


def check_names(data: bytes, filename: str, key: bytes) -> NameList:
    """Every row checked and turned into digests; ``ImportRejectedError`` listing every bad row, or none at all."""
    headers, mapping, rows = open_rows(data, filename, NAME_FIELDS, (), NAMES_FILE_MAX_BYTES)
    columns = _name_columns(headers, mapping)
    headerless = all(index is None for index in mapping.values())
    if headerless:
        rows = itertools.chain([(1, tuple(headers))], rows)  # a lone column's first row is a name, not a header
    people: set[frozenset[str]] = set()
    problems: list[RowProblem] = []
    for batch in batches(rows, 1000):
        for number, values in batch:
            found = _row_digests(number, values, columns, key, problems)
            if found:
                people.add(found)
    if problems or not people:
        raise nothing_imported(problems or [RowProblem(1, "name", _l("the file holds no names"))])
    return NameList(len(people), frozenset().union(*people))


def _name_columns(headers: tuple[str, ...], mapping: dict[str, int | None]) -> tuple[int, ...]:
    """Which columns make a name: the full-name column, else first name and surname, else a lone column."""
    if mapping["full_name"] is not None:
        return (mapping["full_name"],)
    parts = tuple(index for index in (mapping["first_name"], mapping["surname"]) if index is not None)
    if parts:
        return parts
    if len(headers) == 1:
        return (0,)
    raise ImportRejectedError(_l("The file needs one column of full names, or a first-name and a surname column."), [])


def _row_digests(number: int, values: tuple, columns: tuple[int, ...], key: bytes, problems: list) -> frozenset:
    """The digests of one row's name (empty when the row has a problem, which is added to ``problems``)."""
    cells = [values[index] if index < len(values) else None for index in columns]
    if any(value is not None and not isinstance(value, str) for value in cells):
        problems.append(RowProblem(number, "name", _l("a name is text, not a number or a date")))
        return frozenset()
    if len(columns) == 1 and any(value is not None for value in values[columns[0] + 1 :]):
        problems.append(RowProblem(number, "name", _l("more cells than columns: is there a comma in the name?")))
        return frozenset()
    name = unicodedata.normalize("NFC", " ".join(" ".join(value.split()) for value in cells if value))
    if not name:
        problems.append(RowProblem(number, "name", _l("the name is empty")))
    elif len(name) > NAME_MAX:
        problems.append(RowProblem(number, "name", _l("a name of at most %(n)d characters is needed", n=NAME_MAX)))
    elif not (_NAME.fullmatch(name) or all(c in _PUNCTUATION or unicodedata.category(c)[0] in "LM" for c in name)):
        message = _l("a name has letters only, and spaces, hyphens, apostrophes or full stops")
        problems.append(RowProblem(number, "name", message))
    else:
        return name_digests(key, name)
    return frozenset()


def preview_import(data: bytes, filename: str) -> Preview:
    """Check a file and keep its digests (never the names) until the import is confirmed; nothing is stored yet."""
    checked = check_names(data, filename, names_key())
    token = secrets.token_hex(16)
    folder = upload_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    content = {"people": checked.people, "digests": sorted(checked.digests)}
    (folder / f"names-{token}").write_text(json.dumps(content), encoding="ascii")
    return Preview(held_list().people, checked.people, token)


def confirm_import(actor: User | None, token: str) -> int:
    """Store the previewed list in place of the one held; returns its people. ``DomainError`` when it has expired."""
    path = upload_folder() / f"names-{token}"
    if len(token) != 32 or not all(char in "0123456789abcdef" for char in token) or not path.is_file():
        raise DomainError(_l("The checked file is no longer available: choose it and check it again."))
    content = json.loads(path.read_text(encoding="ascii"))
    path.unlink()
    _replace(actor, NameList(content["people"], frozenset(content["digests"])))
    return content["people"]


def import_names(actor: User | None, data: bytes, filename: str) -> tuple[int, int]:
    """Check and store a file at once (the command line): (people held before, people stored now)."""
    checked = check_names(data, filename, names_key())
    return _replace(actor, checked), checked.people


def clear_names(actor: User | None) -> int:
    """Delete every stored digest; returns how many people the deleted list came from."""
    return _replace(actor, NameList(0, frozenset()), "known_names.cleared")


def _replace(actor: User | None, names: NameList, action: str = "known_names.imported") -> int:
    """Put ``names`` in place of the list held, with a new version; audited with counts only. Returns the people
    held before."""
    held = held_list().people
    db.session.execute(delete(KnownName))
    digests = sorted(names.digests)
    for start in range(0, len(digests), 5000):
        db.session.execute(insert(KnownName), [{"digest": digest} for digest in digests[start : start + 5000]])
    db.session.execute(delete(KnownNameList))
    version, check = secrets.token_hex(16), _key_check(names_key())
    db.session.add(KnownNameList(people=names.people, changed_at=utcnow(), version=version, key_check=check))
    audit.record(actor, action, "known_names", None, people=names.people, replaced=held)
    db.session.commit()
    g.pop("omtanke_known_names", None)
    return held


_loaded: tuple[tuple[str, bytes], KnownNames] | None = None


def current_names() -> KnownNames | None:
    """The stored list for redaction, or None: loaded once per process, checked once per request (or job, or
    command) against the list's version, so every process sees a new import on its next request."""
    if not has_app_context():
        return None
    if "omtanke_known_names" not in g:
        g.omtanke_known_names = _load()
    return g.omtanke_known_names


def _load() -> KnownNames | None:
    global _loaded
    row = db.session.execute(select(KnownNameList.version, KnownNameList.key_check, KnownNameList.people)).first()
    key = names_key()
    if row is None or not row.people or row.key_check != _key_check(key):
        return None
    if _loaded is None or _loaded[0] != (row.version, key):
        digests = frozenset(db.session.scalars(select(KnownName.digest)))
        _loaded = ((row.version, key), KnownNames(key, digests))
    return _loaded[1]
