"""PLACEHOLDER: managers' reminder of overdue tasks about their staff (issue 23); the tasks helper replaces it."""

from __future__ import annotations

from datetime import date


def queue_due(today: date) -> int:
    """Record the reminders of overdue person tasks due on ``today``; how many were recorded."""
    return 0
