"""Every job test starts on the embedded default: no Redis, jobs on the app's threads (tests opt into the rest)."""

from __future__ import annotations

import pytest

from survey_app.jobs.exports import EXPORTS, Export


@pytest.fixture(autouse=True)
def embedded(app):
    app.config.update(REDIS_URL=None, OMTANKE_JOBS_EAGER=False)


@pytest.fixture
def fake_kind(monkeypatch):
    """Register an export kind for one test: ``fake_kind(name, write)`` with write(actor, parameters, target,
    today, on_sheet) → rows, as the real kinds."""

    def register(name: str, write) -> None:
        monkeypatch.setitem(EXPORTS, name, Export(f"Test export {name}", write, lambda p, today: f"{name}.xlsx"))

    return register
