"""The API tests' world is the one the attack suite shares (``api_world`` in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(api_world):
    return api_world
