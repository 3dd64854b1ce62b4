"""Forms of the data-protection pages: they validate input and never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from survey_app.privacy.subjects import MAX_ID


class SubjectForm(FlaskForm):
    """Which person: the HR system's pseudonymous id, as in the absence files (also sent by the download form)."""

    employee_id = StringField(
        _l("Pseudonymous employee id"),
        validators=[DataRequired(), Length(max=MAX_ID)],
        description=_l("The id used in the absence files, e.g. E1042: never a name or a personal identity number."),
    )


class ErasureForm(FlaskForm):
    """The erasure of the looked-up id, confirmed by typing the id again."""

    employee_id = HiddenField(validators=[DataRequired(), Length(max=MAX_ID)])
    confirmation = StringField(
        _l("Type the employee id again to confirm"),
        validators=[DataRequired(), Length(max=MAX_ID)],
        description=_l(
            "Erasure deletes every spell and signal talk of this id and its whole person track: the register entry, "
            "sick reports, tasks done, and talks and plans with their steps and follow-ups. It cannot be undone."
        ),
    )
