"""PLACEHOLDER: the digest rule (issue 22); its helper replaces this module."""

from __future__ import annotations

from datetime import date


def queue_due(today: date) -> int:
    """Record the digest messages due on ``today``; how many were recorded."""
    return 0
