"""nlp.lemma_tables: the compact lemma tables answer as their sources do, are cached once and rebuilt when needed."""

from __future__ import annotations

import pytest

import nlp.lemma_tables
from nlp.lemma_tables import build, cache_path, lemma_table

PAIRS = [("kissat", "kissa"), ("kissan", "kissa"), ("talossa", "talo"), ("Talo", "talo"), ("työt", "työ")]


@pytest.fixture
def tiny_source(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """A five-word Finnish source, a fresh cache folder and no table loaded yet; counts how often it is built."""
    builds: list[str] = []

    def pairs(lang: str):
        builds.append(lang)
        return iter(PAIRS)

    monkeypatch.setenv("OMTANKE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(nlp.lemma_tables, "_source_pairs", pairs)
    lemma_table.cache_clear()
    yield builds
    lemma_table.cache_clear()


def test_a_table_answers_like_the_dictionary_it_was_built_from() -> None:
    table = build(PAIRS)
    assert [table.get(word) for word, _ in PAIRS] == [lemma for _, lemma in PAIRS]
    assert table.get("koira") is None and table.get("koira", "?") == "?"
    assert "kissat" in table and "talo" not in table and "Talo" in table
    assert table.get_many(["talossa", "koira", "työt"]) == ["talo", None, "työ"]
    assert table.knows_many(["talo", "koira", "kissat"]) == [True, False, True]
    assert table.knows("talo") and not table.knows("koira")


def test_the_first_of_two_entries_for_a_word_wins() -> None:
    assert build([("sijaiset", "sijainen"), ("sijaiset", "sijaiset")]).get("sijaiset") == "sijainen"


def test_the_table_is_built_once_and_then_read_from_the_cache(tiny_source) -> None:
    assert lemma_table("fi").get("kissan") == "kissa"
    assert cache_path("fi").is_file() and tiny_source == ["fi"]
    lemma_table.cache_clear()  # as in a new process
    assert lemma_table("fi").get("talossa") == "talo"
    assert tiny_source == ["fi"]


def test_the_cache_file_names_the_source_version() -> None:
    from importlib.metadata import version

    assert f"simplemma-{version('simplemma')}" in cache_path("fi").name
    assert f"spacy-lookups-data-{version('spacy-lookups-data')}" in cache_path("sv").name


def test_a_damaged_cache_file_is_rebuilt(tiny_source) -> None:
    path = cache_path("fi")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a table")
    assert lemma_table("fi").get("työt") == "työ"
    assert tiny_source == ["fi"]
    lemma_table.cache_clear()
    assert lemma_table("fi").get("työt") == "työ" and tiny_source == ["fi"]


def test_an_unwritable_cache_folder_keeps_the_table_in_memory(tiny_source, monkeypatch, tmp_path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("OMTANKE_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    assert lemma_table("fi").get("kissat") == "kissa"
    assert not cache_path("fi").exists()


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'de'"):
        lemma_table("de")
