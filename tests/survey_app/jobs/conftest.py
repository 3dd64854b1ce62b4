"""Every job test starts on the embedded default: no Redis, jobs on the app's threads (tests opt into the rest)."""

from __future__ import annotations

import pytest

from survey_app.access import ANY_ROLE
from survey_app.exporting import kinds
from survey_app.exporting.kinds import ExportKind


class PlainlyNamedKind(ExportKind):
    """A kind registered by one test, its file named ``<name>.xlsx`` whatever it is asked for."""

    def filename(self, parameters: kinds.Parameters, today) -> str:
        """``<name>.xlsx``."""
        return f"{self.name}.xlsx"


@pytest.fixture(autouse=True)
def embedded(app):
    app.config.update(REDIS_URL=None, OMTANKE_JOBS_EAGER=False)


@pytest.fixture
def fake_kind(monkeypatch):
    """Register an export kind for one test: ``fake_kind(name, write)`` with write(actor, parameters, target,
    today, on_sheet) → rows, as the real kinds."""

    def register(name: str, write) -> None:
        kind = PlainlyNamedKind(name, f"Test export {name}", name, ANY_ROLE, write)
        monkeypatch.setitem(kinds._registered, name, kind)

    return register
