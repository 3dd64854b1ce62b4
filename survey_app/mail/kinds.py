"""Every kind of e-mail Omtanke sends: who may get it, whether a person may turn it off, and its label on the
settings page. One home: the settings page, the outbox, the rules and the templates all look kinds up here."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from survey_app.models import ROLES, Role


@dataclass(frozen=True)
class MailKind:
    """A kind of message: ``templates/mail/<key>.txt`` and ``.html``, and ``<key>.subject.txt`` for its subject."""

    key: str
    label: LazyString
    #: Roles that can receive it: its setting is shown to them only.
    roles: frozenset[str]
    #: Whether a person may turn it off (security notices may not be).
    optional: bool = True


_EVERYONE = frozenset(ROLES)
_MANAGERS = frozenset({Role.MANAGER.value})
#: Those who read their units' results: managers and safety representatives (never a person's data).
_UNIT_READERS = frozenset({Role.MANAGER.value, Role.SAFETY.value})
_HR = frozenset({Role.HR.value})
#: Those a plan step's reminders can reach (``plans.responsible``): HR and managers, and occupational health and
#: safety representatives through a step their role is responsible for; never an administrator.
_STEPS = frozenset({Role.HR.value, Role.MANAGER.value, Role.OHS.value, Role.SAFETY.value})

KINDS: dict[str, MailKind] = {
    kind.key: kind
    for kind in (
        MailKind("step_due_soon", _l("A follow-up of a plan step I am responsible for is due in 3 days"), _STEPS),
        MailKind("step_due_today", _l("A follow-up of a plan step I am responsible for is due today"), _STEPS),
        MailKind("step_missed", _l("A follow-up of a plan step was missed (mine, or in a unit I manage)"), _STEPS),
        MailKind("round_opens", _l("A survey round opens for my units (with the posters)"), _MANAGERS),
        MailKind("round_midway", _l("My units' response rate halfway through a round"), _MANAGERS),
        MailKind("round_closing", _l("My units' response rate two days before a round closes"), _MANAGERS),
        MailKind("round_results", _l("A round's results are ready"), _UNIT_READERS),
        MailKind("person_tasks", _l("Tasks about my staff that are overdue (a count, never a name)"), _MANAGERS),
        MailKind("hr_digest", _l("Weekly digest: new absence signals, overdue steps, cases without activity"), _HR),
        MailKind("password_reset", _l("A link to choose a new password, when I ask for one"), _EVERYONE, False),
        MailKind("two_step_reset", _l("A notice when my two-step login is reset"), _EVERYONE, False),
        MailKind("test", _l("A test message an administrator sends with omtanke notify test"), frozenset(), False),
    )
}


def kind(key: str) -> MailKind:
    """The kind called ``key``; a KeyError for a kind that does not exist."""
    return KINDS[key]


def kinds_for(role: str) -> list[MailKind]:
    """The kinds a person with ``role`` can receive, in the order above (the settings page)."""
    return [mail_kind for mail_kind in KINDS.values() if role in mail_kind.roles]
