"""The interview tests' world is the one other areas share (``interview_world`` in tests/survey_app/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(interview_world):
    return interview_world
