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
    """Document × word counts over the words of ``docs`` themselves."""
    index: dict[str, int] = {}
    columns: list[int] = []
    indptr = [0]
    for doc in docs:
        columns.extend(index.setdefault(term, len(index)) for term in doc)
        indptr.append(len(columns))
    matrix = sp.csr_matrix(
        (np.ones(len(columns)), np.asarray(columns, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(docs), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, list(index)


def gram_counts(words: Sequence[str], gram_index: dict[str, int] | None) -> tuple[sp.csr_matrix, list[str]]:
    """Word × n-gram counts; with ``gram_index`` only its n-grams (in its columns), else all (a new index)."""
    index: dict[str, int] = {} if gram_index is None else gram_index
    columns: list[int] = []
    indptr = [0]
    for word in words:
        if gram_index is None:
            columns.extend(index.setdefault(gram, len(index)) for gram in _ngrams(word))
        else:
            columns.extend(found for gram in _ngrams(word) if (found := index.get(gram)) is not None)
        indptr.append(len(columns))
    matrix = sp.csr_matrix(
        (np.ones(len(columns)), np.asarray(columns, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(words), len(index)),
    )
    matrix.sum_duplicates()
    return matrix, (list(index) if gram_index is None else [])


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
    """``matrix[:, columns]`` for sorted ``columns``, without scipy's slow general column indexing."""
    mapping = np.full(matrix.shape[1], -1, dtype=np.int64)
    mapping[columns] = np.arange(len(columns))
    new_columns = mapping[matrix.indices]
    kept = new_columns >= 0
    kept_before = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(kept, out=kept_before[1:])
    indptr = kept_before[matrix.indptr]
    return sp.csr_matrix((matrix.data[kept], new_columns[kept], indptr), shape=(matrix.shape[0], len(columns)))
