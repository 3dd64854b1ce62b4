"""PLACEHOLDER: sending over SMTP, retries, the outbox mode and the job queue (issue 22); its helper replaces it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class DeliveryReport:
    """What one pass of sending did: how many messages went, stayed in the outbox, wait for a retry or failed."""

    sent: int = 0
    kept: int = 0  # in the outbox (no SMTP server configured)
    retrying: int = 0
    failed: int = 0


def deliver_due(now: datetime) -> DeliveryReport:
    """Send every queued message whose time has come; one claim per message, so no message is sent twice."""
    return DeliveryReport()


def submit(mail_ids: Iterable[int]) -> None:
    """Hand messages recorded in a request (a reset link) to the job queue, so that they go at once."""
