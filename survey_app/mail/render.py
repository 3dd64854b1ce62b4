"""A message in its recipient's language, from its kind's templates: the subject, plain text and simple HTML.

Templates live in ``templates/mail/``: ``<kind>.subject.txt``, ``<kind>.txt`` and ``<kind>.html`` (the last two extend
``layout.txt``/``layout.html``, which add the link to the person's notification settings). They are rendered with the
app's Jinja environment directly, without the page's context processors (no request, no logged-in user): all they
see is the message's own values. The secret link is shown only to the sender; the outbox page gets it masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale

from survey_app.mail import links
from survey_app.mail.secrets import unseal
from survey_app.models import OutgoingMail

#: Plain text keeps at most one blank line in a row, whatever the templates' blocks leave between them.
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
#: What the outbox shows instead of a secret link.
MASK = "••••••••"


@dataclass(frozen=True)
class Rendered:
    """A message written out: its subject, its plain text and its HTML."""

    subject: str
    text: str
    html: str


def _template(name: str):
    return current_app.jinja_env.get_template(name)


def subject(kind: str, params: dict, locale: str) -> str:
    """The subject line of a ``kind`` message with ``params`` in ``locale``, on one line."""
    with force_locale(locale):
        text = _template(f"mail/{kind}.subject.txt").render(params=params)
    return " ".join(text.split())[:250]


def context(mail: OutgoingMail, masked: bool) -> dict:
    """What the templates see: the values, the link of the thing concerned, the settings link and the secret link
    (masked for the outbox page, or when it cannot be decrypted any more)."""
    secret = unseal(mail.secret) if mail.secret and not masked else None
    return {
        "params": mail.params or {},
        "name": mail.user.name if mail.user is not None else "",
        "link": links.absolute(mail.link_path) if mail.link_path else None,
        "settings_link": links.absolute(links.path_for("mail.settings")),
        "secret_link": secret or (MASK if mail.secret or masked else None),
        "kind": mail.kind,
        "locale": mail.locale,
    }


def render(mail: OutgoingMail, masked: bool = False) -> Rendered:
    """The whole message in its language; ``masked`` (the outbox page, the log) hides a secret link."""
    values = context(mail, masked)
    with force_locale(mail.locale):
        text = _BLANK_LINES.sub("\n\n", _template(f"mail/{mail.kind}.txt").render(**values)).strip() + "\n"
        html = _template(f"mail/{mail.kind}.html").render(**values)
    return Rendered(mail.subject, text, html)
