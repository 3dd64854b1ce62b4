"""Helpers shared by every area's forms, and the one way a view shows a service's refusal.

A view calls its service inside ``with shown_on(form) as outcome:``. A :class:`DomainError` raised there is rolled
back and shown next to the field it names, and the view renders the form again with what was typed; otherwise
``outcome.ok`` and the view redirects. ``flashed()`` does the same for a button that redirects either way, and
``caught(kind)`` keeps the error for a view whose answer is a page of its own (an import's list of rows).
``NotAllowedError`` is never caught here: ``errors.py`` answers it with 404 for every route.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash
from flask_wtf import FlaskForm

from survey_app.db import discard_unfinished_work
from survey_app.errors import DomainError


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Attach a service's error to the field it names, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@dataclass
class Outcome:
    """How the service call in a ``with`` block ended: ``error`` is the refusal it raised, if any."""

    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        """True when the call went through."""
        return self.error is None


@contextmanager
def caught(kind: type[DomainError] = DomainError) -> Iterator[Outcome]:
    """Roll back a ``kind`` error raised in the block and keep it on the outcome; any other error goes on up."""
    outcome = Outcome()
    try:
        yield outcome
    except kind as error:
        discard_unfinished_work()
        outcome.error = error


@contextmanager
def shown_on(form: FlaskForm, field: str | None = None) -> Iterator[Outcome]:
    """Roll back a DomainError raised in the block and show it next to its field (or ``field``), to render again."""
    with caught() as outcome:
        yield outcome
    if outcome.error is not None:
        error = outcome.error if field is None else DomainError(outcome.error.message, field)
        show_domain_error(form, error)


@contextmanager
def flashed() -> Iterator[Outcome]:
    """Roll back a DomainError raised in the block and flash its message, for a view that redirects either way."""
    with caught() as outcome:
        yield outcome
    if outcome.error is not None:
        flash(str(outcome.error.message), "error")
