"""PLACEHOLDER: ``omtanke notify run`` and ``omtanke notify test EMAIL``; the delivery helper replaces this."""

from __future__ import annotations

from flask.cli import AppGroup

notify_cli = AppGroup("notify", help="E-mail reminders: record what is due and send it (cron), or send a test.")
