"""Lemma tables in a compact form that loads in milliseconds: word → lemma for Finnish, Swedish and English.

The sources are simplemma's Finnish dictionary (3.5 million forms, which simplemma decodes for seconds on first use)
and spaCy's lookup tables (spacy-lookups-data) for Swedish and English. Each is turned once into three arrays: the
sorted 64-bit BLAKE2b hashes of its words, the index of each word's lemma, and the distinct lemmas; a look-up is a
binary search. Two words sharing a 64-bit hash is left to chance (about 1 in 10^12 for a word the table does not
have); the build keeps the first of any pair among the table's own words.

The arrays are cached in a file named after the source package's version and ``FORMAT``, in ``OMTANKE_CACHE_DIR``,
else ``$XDG_CACHE_HOME/omtanke``, else ``~/.cache/omtanke``; a missing or unreadable file is rebuilt (written
next to it and renamed into place). When the folder cannot be written the table is built in memory for this process
only. Never writes anywhere else and never does network I/O.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

import numpy as np

__all__ = ["FORMAT", "LemmaTable", "cache_folder", "lemma_table", "word_hashes"]

FORMAT = 1  # raise when the file layout or what is stored changes
SOURCES = {"fi": "simplemma", "sv": "spacy-lookups-data", "en": "spacy-lookups-data"}
_MEMO_LIMIT = 200_000  # words looked up and remembered per table


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def word_hashes(words: list[str]) -> np.ndarray:
    """The keys the tables search for ``words``: hash them once to search several tables."""
    return np.fromiter((_hash(word) for word in words), dtype=np.uint64, count=len(words))


class LemmaTable:
    """A read-only word → lemma table (``get`` and ``in`` as on a dict), backed by sorted hashes."""

    def __init__(self, hashes: np.ndarray, lemma_index: np.ndarray, lemmas: list[str]) -> None:
        self._hashes = hashes
        self._lemma_index = lemma_index
        self.lemmas = lemmas
        self._memo: dict[str, str | None] = {}
        self._lower_lemmas: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, word: str, default: str | None = None) -> str | None:
        """The lemma of ``word`` (as stored: case matters), or ``default``."""
        try:
            found = self._memo[word]
        except KeyError:
            found = self._find(word)
        return default if found is None else found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def _find(self, word: str) -> str | None:
        key = np.uint64(_hash(word))
        position = int(self._hashes.searchsorted(key))
        found = None
        if position < len(self._hashes) and self._hashes[position] == key:
            found = self.lemmas[int(self._lemma_index[position])]
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[word] = found
        return found

    def get_many(self, words: Iterable[str], keys: np.ndarray | None = None) -> list[str | None]:
        """``get`` of each word, in order, with one vectorised search (and remembered for later ``get`` s).
        ``keys``: the words' ``word_hashes``, when the caller has them (they are the same for every table)."""
        words = list(words)
        memo = self._memo
        if keys is None:  # only the words not remembered need hashing
            new = list({word: None for word in words if word not in memo})
            if len(memo) + len(new) < _MEMO_LIMIT:
                self._search(new, word_hashes(new))
                return [memo[word] for word in words]
            keys = word_hashes(words)
        return self._search(words, keys)

    def _search(self, words: list[str], keys: np.ndarray) -> list[str | None]:
        if not words:
            return []
        positions = np.minimum(np.searchsorted(self._hashes, keys), max(len(self._hashes) - 1, 0))
        hits = self._hashes[positions] == keys if len(self._hashes) else np.zeros(len(words), dtype=bool)
        indices = self._lemma_index[positions]
        lemmas = self.lemmas
        found = [lemmas[index] if hit else None for hit, index in zip(hits.tolist(), indices.tolist(), strict=True)]
        if len(self._memo) + len(words) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo.update(zip(words, found, strict=True))
        return found

    def knows(self, word: str) -> bool:
        """Is the lower-case ``word`` a word of the table, or (lower-cased) one of its lemmas?"""
        return self.get(word) is not None or word in self._lemma_set()

    def knows_many(self, words: Iterable[str], keys: np.ndarray | None = None) -> list[bool]:
        """``knows`` of each word, in order, with one vectorised search (``keys`` as for ``get_many``)."""
        words = list(words)
        lemmas = self._lemma_set()
        found = self.get_many(words, keys)
        return [hit is not None or word in lemmas for word, hit in zip(words, found, strict=True)]

    def _lemma_set(self) -> frozenset[str]:
        if self._lower_lemmas is None:
            self._lower_lemmas = frozenset(map(str.lower, self.lemmas))
        return self._lower_lemmas


def build(pairs: Iterable[tuple[str, str]]) -> LemmaTable:
    """A table of ``(word, lemma)`` pairs; of two pairs with the same word (or word hash) the first is kept."""
    lemma_ids: dict[str, int] = {}
    hashes: list[int] = []
    index: list[int] = []
    for word, lemma in pairs:
        hashes.append(_hash(word))
        index.append(lemma_ids.setdefault(lemma, len(lemma_ids)))
    hash_array = np.asarray(hashes, dtype=np.uint64)
    del hashes
    order = np.argsort(hash_array, kind="stable")
    hash_array = hash_array[order]
    index_array = np.asarray(index, dtype=np.uint32)[order]
    first = np.ones(len(hash_array), dtype=bool)
    first[1:] = hash_array[1:] != hash_array[:-1]
    return LemmaTable(hash_array[first], index_array[first], list(lemma_ids))


def _source_pairs(lang: str) -> Iterator[tuple[str, str]]:
    if lang == "fi":
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        yield from DefaultDictionaryFactory(cache_max_size=1).get_dictionary("fi").items()
        return
    from spacy.util import load_language_data, registry

    yield from load_language_data(registry.lookups.get(lang)["lemma_lookup"]).items()


def cache_folder() -> Path:
    """Where the compact tables are kept: ``OMTANKE_CACHE_DIR``, else the user's cache folder + ``omtanke``."""
    configured = os.environ.get("OMTANKE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "omtanke"


def cache_path(lang: str) -> Path:
    """The cache file of ``lang``'s table, named after its source package's version and ``FORMAT``."""
    source = SOURCES[lang]
    return cache_folder() / f"lemmas-{lang}-{source}-{version(source)}-f{FORMAT}.npz"


def _read(path: Path) -> LemmaTable:
    with np.load(path, allow_pickle=False) as stored:
        lemmas = stored["lemmas"].tobytes().decode("utf-8").split("\n")
        return LemmaTable(stored["hashes"], stored["lemma_index"], lemmas)


def _write(path: Path, table: LemmaTable) -> None:
    lemmas = "\n".join(table.lemmas).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".lemmas-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(
                handle,
                hashes=table._hashes,
                lemma_index=table._lemma_index,
                lemmas=np.frombuffer(lemmas, dtype=np.uint8),
            )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@functools.cache
def lemma_table(lang: str) -> LemmaTable:
    """The compact table of ``lang`` ("fi", "sv" or "en"): read from the cache, else built (and cached if possible)."""
    if lang not in SOURCES:
        raise ValueError(f"no lemma table for {lang!r}; expected one of {', '.join(SOURCES)}")
    try:
        path: Path | None = cache_path(lang)
    except RuntimeError:  # no home folder to put a cache in
        path = None
    if path is not None:
        try:
            return _read(path)
        except (OSError, ValueError, KeyError, UnicodeDecodeError):
            pass
    table = build((word, lemma) for word, lemma in _source_pairs(lang) if "\n" not in lemma)
    if path is not None:
        try:
            _write(path, table)
        except OSError:
            pass  # a read-only home or cache: this process keeps its table in memory
    return table
