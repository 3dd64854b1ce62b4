"""The built package carries compiled catalogues: setup.py's build step compiles every ``.po`` into the build
directory, and every translated entry comes back from the result (issue 17). `.ci/wheel-check` builds and installs
the real wheel; these run in the normal suite in a second."""

from __future__ import annotations

import gettext
import runpy
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "survey_app" / "translations"
SETUP = runpy.run_path(str(ROOT / "setup.py"), run_name="omtanke_setup")  # defines the build step, builds nothing


def _catalogues_only(target: Path) -> Path:
    """The ``.po`` files as a checkout holds them: compiled files are git-ignored, so none is copied."""
    for po in SOURCE.glob("*/LC_MESSAGES/*.po"):
        copy = target / po.relative_to(SOURCE)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(po, copy)
    return target


def test_every_translated_entry_of_every_catalogue_is_compiled(tmp_path):
    translations = _catalogues_only(tmp_path)
    written = SETUP["compile_catalogues"](translations)
    assert sorted(path.parents[1].name for path in written) == ["en", "fi", "sv"]
    checked = 0
    for po in translations.glob("*/LC_MESSAGES/*.po"):
        with po.open("rb") as source:
            catalogue = read_po(source)
        with po.with_suffix(".mo").open("rb") as compiled:
            translation = gettext.GNUTranslations(compiled)
        for message in catalogue:
            if not message.id or message.fuzzy or not all(message.string if message.pluralizable else [message.string]):
                continue
            if message.pluralizable:
                got = (
                    translation.npgettext(message.context, message.id[0], message.id[1], 1)
                    if message.context
                    else translation.ngettext(message.id[0], message.id[1], 1)
                )
                assert got == message.string[0], f"{po.parents[1].name}: {message.id[0]!r} not compiled"
            elif message.context:
                got = translation.pgettext(message.context, message.id)
            else:
                got = translation.gettext(message.id)
                assert got == message.string, f"{po.parents[1].name}: {message.id!r} not compiled"
            checked += 1
    assert checked > 500, checked


@pytest.mark.parametrize("lang, expected", [("sv", "Logga in"), ("fi", "Kirjaudu sisään")])
def test_the_build_step_compiles_the_catalogues_in_the_build_directory(tmp_path, monkeypatch, lang, expected):
    _catalogues_only(tmp_path / "survey_app" / "translations")
    monkeypatch.setattr(build_py, "run", lambda self: None)  # the copying of the package itself is setuptools' own
    command = SETUP["BuildPyWithCatalogues"](Distribution({"name": "omtanke"}))
    command.build_lib, command.editable_mode = str(tmp_path), False
    command.run()
    with (tmp_path / "survey_app" / "translations" / lang / "LC_MESSAGES" / "messages.mo").open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("Log in") == expected


def test_an_editable_install_leaves_the_source_tree_to_make_translations(tmp_path, monkeypatch):
    translations = _catalogues_only(tmp_path / "survey_app" / "translations")
    monkeypatch.setattr(build_py, "run", lambda self: None)
    command = SETUP["BuildPyWithCatalogues"](Distribution({"name": "omtanke"}))
    command.build_lib, command.editable_mode = str(tmp_path), True
    command.run()
    assert not list(translations.glob("*/LC_MESSAGES/*.mo"))
