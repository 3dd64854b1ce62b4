"""Interview rounds: plan sessions, take notes, compile, release to managers, present to the work group.

Who may do what (checked here, for every caller — pages and CLI alike; ``permissions``):

* HR plans rounds and sessions, adapts the guide, reads every note, curates findings, releases, records the work
  group's reflections. Every read of raw notes is written to the audit log.
* The interviewer of a session (HR or occupational health) takes and reads that session's notes.
* Managers and occupational health see the compilation — themes, counts, findings, redacted quotes, never raw notes
  — for the units in their scope, once HR has released it.

The use cases live by step — ``planning``, ``notes``, ``compilation``, ``findings`` — and are all importable from here.
"""

from survey_app.interviews.services.compilation import Compilation, ThemeBlock, compile_round
from survey_app.interviews.services.findings import (
    add_finding,
    add_reflection,
    delete_finding,
    propose_step,
    release,
)
from survey_app.interviews.services.notes import (
    NOTE_MAX,
    NoteInput,
    add_note,
    delete_note,
    new_client_key,
    read_session_notes,
)
from survey_app.interviews.services.permissions import (
    can_see_presentation,
    can_take_notes,
    interviewers,
    is_hr,
    rounds_for,
    rounds_interviewed_by,
)
from survey_app.interviews.services.planning import (
    LANGUAGES,
    MAX_PARTICIPANTS,
    TITLE_MAX,
    RoundInput,
    SessionInput,
    add_session,
    coverage_of,
    create_round,
    guide_of,
    round_or_none,
    update_guide,
    update_session,
)

__all__ = [
    "LANGUAGES",
    "MAX_PARTICIPANTS",
    "NOTE_MAX",
    "TITLE_MAX",
    "Compilation",
    "NoteInput",
    "RoundInput",
    "SessionInput",
    "ThemeBlock",
    "add_finding",
    "add_note",
    "add_reflection",
    "add_session",
    "can_see_presentation",
    "can_take_notes",
    "compile_round",
    "coverage_of",
    "create_round",
    "delete_finding",
    "delete_note",
    "guide_of",
    "interviewers",
    "is_hr",
    "new_client_key",
    "propose_step",
    "read_session_notes",
    "release",
    "round_or_none",
    "rounds_for",
    "rounds_interviewed_by",
    "update_guide",
    "update_session",
]
