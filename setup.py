"""The one build step pyproject.toml cannot declare: compile the translation catalogues into the built package.

The compiled ``.mo`` files are build output (git-ignored). Without this step a wheel carries only the ``.po`` files
and Flask-Babel silently shows every page in English. Wheels built from the checkout and from the sdist both pass
through ``build_py``, so both carry the catalogues; an editable install (``pip install -e``) reads the source tree,
where ``make translations`` compiles them. Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGUES = Path("survey_app", "translations")


def compile_catalogues(translations: Path) -> list[Path]:
    """Write ``messages.mo`` beside every ``<lang>/LC_MESSAGES/messages.po`` under ``translations``, as
    ``pybabel compile`` does (fuzzy entries left out); return the files written."""
    written = []
    for po in sorted(translations.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalogue = read_po(source, locale=po.parents[1].name, domain=po.stem)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalogue)
        written.append(mo)
    return written


class BuildPyWithCatalogues(build_py):
    """``build_py`` that also compiles the copied catalogues in the build directory (never in the source tree)."""

    def run(self) -> None:
        """Copy the package as usual, then compile its catalogues (an editable install compiles nothing here)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not compile_catalogues(Path(self.build_lib) / CATALOGUES):
            raise SystemExit(f"no translation catalogues under {Path(self.build_lib) / CATALOGUES}")


# setuptools runs this file as __main__; the tests import compile_catalogues without building anything.
if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildPyWithCatalogues})
