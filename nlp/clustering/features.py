"""The features an answer is clustered on: TF-IDF of its lemmas next to TF-IDF of their character n-grams."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

WORD_WEIGHT = 0.5  # weight of the lemma block next to the character n-gram block (1.0)
CHAR_NGRAMS = (3, 4, 5)
MIN_DF = 2  # a term must occur in this many distinct answers (1 for tiny inputs)
TINY = 20  # below this many distinct answers MIN_DF is 1


def _ngrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]


def term_counts(docs: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Document × word counts (single precision) over the words of ``docs`` themselves, in order of appearance."""
    flat = [term for doc in docs for term in doc]
    words = list(dict.fromkeys(flat))
    index = {word: i for i, word in enumerate(words)}
    return _counts(list(map(index.__getitem__, flat)), [len(doc) for doc in docs], len(words)), words


def _counts(columns: list[int], lengths: Sequence[int], width: int) -> sp.csr_matrix:
    """A count matrix from the column of every entry, row after row, and the number of entries of each row."""
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    matrix = sp.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), np.asarray(columns, dtype=np.int64), indptr),
        shape=(len(lengths), width),
    )
    matrix.sum_duplicates()
    return matrix


def gram_counts(words: Sequence[str], gram_index: dict[str, int] | None) -> tuple[sp.csr_matrix, list[str]]:
    """Word × n-gram counts (single precision); with ``gram_index`` only its n-grams (in its columns), else all (a
    new index, in order of appearance)."""
    index: dict[str, int] = {} if gram_index is None else gram_index
    columns: list[int] = []
    lengths: list[int] = []
    for word in words:
        if gram_index is None:
            columns.extend(index.setdefault(gram, len(index)) for gram in _ngrams(word))
        else:
            columns.extend(found for gram in _ngrams(word) if (found := index.get(gram)) is not None)
        lengths.append(len(columns))
    return _counts(columns, np.diff(lengths, prepend=0), len(index)), (list(index) if gram_index is None else [])


def document_frequency(matrix: sp.csr_matrix) -> np.ndarray:
    """In how many rows each column occurs."""
    return np.bincount(matrix.indices, minlength=matrix.shape[1])


def idf(df: np.ndarray, n: int) -> np.ndarray:
    """Smooth inverse document frequency over ``n`` distinct answers."""
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


def tfidf_block(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Unit rows of sublinear term frequency times ``idf``."""
    block = counts.astype(np.float32).tocsr()
    block.data = (1.0 + np.log(block.data)) * idf.astype(np.float32)[block.indices]
    return normalize(block)


def keep_columns(matrix: sp.csr_matrix, columns: np.ndarray) -> sp.csr_matrix:
    """``matrix[:, columns]`` for sorted ``columns``, without scipy's slow general column indexing: on a copy, the
    entries of the other columns are zeroed and dropped, then the kept columns renumbered (``matrix`` itself when
    every column is kept)."""
    if len(columns) == matrix.shape[1]:
        return matrix
    mapping = np.full(matrix.shape[1], -1, dtype=np.int64)
    mapping[columns] = np.arange(len(columns))
    kept = matrix.copy()
    kept.data[mapping[kept.indices] < 0] = 0
    kept.eliminate_zeros()
    return sp.csr_matrix((kept.data, mapping[kept.indices], kept.indptr), shape=(matrix.shape[0], len(columns)))
