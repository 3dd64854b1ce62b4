"""Small builders for test data, in one place: each test makes exactly what it needs.

``Factory`` (the ``make`` fixture) saves what it builds, committed: units, users, survey rounds and their responses,
action-plan cases, interview rounds, absence spells and staffing, support events, a person's talks and plans. The
functions below it build the files a person uploads (absence imports) and the known answers several test folders share.
"""

from __future__ import annotations

import itertools
import random
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from sqlalchemy.orm import Session

from interventions.interviews import default_guide, guide_to_json
from survey_app.auth.services import hash_password
from survey_app.db import utcnow
from survey_app.models import (
    TWO_STEP_ROLES,
    AbsenceSpell,
    Answer,
    InterventionCase,
    InterviewRound,
    InterviewSession,
    PersonCase,
    PersonCaseParticipant,
    PersonStep,
    PlanStep,
    Staffing,
    SupportEvent,
    SurveyResponse,
    SurveyRound,
    Unit,
    UnitAssignment,
    User,
)
from tests.clock import TODAY, days_ago, in_month, months_back

#: One answer: a value, the values of a question with several choices (by position), or a text.
Answered = int | list[int] | str

_numbers = itertools.count(1)
_hash_cache: dict[str, str] = {}
#: The authenticator key of every account made with two-step login (the default for admin, hr and ohs).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class Factory:
    def __init__(self, session: Session, password: str):
        self.session = session
        self.password = password

    def unit(
        self, name: str | None = None, parent: Unit | None = None, code: str | None = None, headcount: int = 10
    ) -> Unit:
        number = next(_numbers)
        unit = Unit(name=name or f"Enhet {number}", code=code or f"U{number:04d}", parent=parent, headcount=headcount)
        self.session.add(unit)
        self.session.commit()
        return unit

    def user(
        self,
        role: str = "hr",
        units: tuple[Unit, ...] = (),
        email: str | None = None,
        password: str | None = None,
        locale: str | None = None,
        two_step: bool | None = None,
    ) -> User:
        """``two_step`` (default: for the roles that need it) enrols the account with the key TOTP_SECRET."""
        password = password or self.password
        if password not in _hash_cache:  # argon2 is slow on purpose; hash each test password once
            _hash_cache[password] = hash_password(password)
        enrolled = role in TWO_STEP_ROLES if two_step is None else two_step
        user = User(
            email=email or f"{role}{next(_numbers)}@example.org",
            name=f"Test {role}",
            role=role,
            password_hash=_hash_cache[password],
            locale=locale,
            totp_secret=TOTP_SECRET if enrolled else None,
            two_step_enrolled_at=utcnow() if enrolled else None,
        )
        user.assignments = [UnitAssignment(unit=unit) for unit in units]
        self.session.add(user)
        self.session.commit()
        return user

    def survey_round(
        self,
        root: Unit | None,
        sections: tuple[str, ...] = ("hme/motivation", "work_ability/work_ability"),
        languages: tuple[str, ...] = ("sv", "fi"),
        threshold: int = 5,
        opens_on: date | None = None,
        closes_on: date | None = None,
        own_statements: str = "",
        own_questions: str = "",
        comment_threshold: int | None = None,
        title: str = "Medarbetarenkät",
        titles: dict[str, str] | None = None,
        draft: bool = False,
    ) -> SurveyRound:
        """A round for ``root``'s tree (None: the whole organisation), created and opened as HR does (``draft``:
        saved only); open from TODAY for two weeks unless dated otherwise."""
        from survey_app.surveys.lifecycle import open_round
        from survey_app.surveys.services import RoundInput, create_round

        today = TODAY
        data = RoundInput(
            title=title,
            root_code=root.code if root is not None else "",
            opens_on=opens_on or today,
            closes_on=closes_on or today + timedelta(days=14),
            languages=languages,
            anonymity_threshold=threshold,
            sections=sections,
            own_statements=own_statements,
            own_questions=own_questions,
            comment_threshold=comment_threshold if comment_threshold is not None else max(10, threshold),
            titles=titles,
        )
        survey = create_round(None, data, min(today, data.opens_on))
        if not draft:
            open_round(None, survey, min(today, data.opens_on))
        return survey

    def closed_round(self, root: Unit | None, days: tuple[int, int] = (30, 2), **kwargs) -> SurveyRound:
        """A round that opened and closed these many ``days`` before TODAY: its results can be read."""
        opened, closed = days
        return self.survey_round(
            root, opens_on=TODAY - timedelta(days=opened), closes_on=TODAY - timedelta(days=closed), **kwargs
        )

    def responses(
        self,
        survey: SurveyRound,
        unit: Unit,
        answers: Mapping[str, Answered],
        count: int = 1,
        submitted_on: date | None = None,
    ) -> list[SurveyResponse]:
        """``count`` submitted responses from ``unit``, each with ``answers`` by item key, stored as the app stores
        them: a random id, the day, nothing that links them to a person."""
        made = []
        for _ in range(count):
            response = SurveyResponse(
                id=secrets.token_hex(16), round_id=survey.id, unit_id=unit.id, submitted_on=submitted_on or TODAY
            )
            for key, value in answers.items():
                if isinstance(value, str):
                    response.answers.append(Answer(item_key=key, position=0, text=value))
                else:
                    values = value if isinstance(value, list) else [value]
                    response.answers.extend(Answer(item_key=key, position=n, value=v) for n, v in enumerate(values))
            made.append(response)
        self.session.add_all(made)
        self.session.commit()
        return made

    def response(self, survey: SurveyRound, unit: Unit, answers: Mapping[str, Answered], **kwargs) -> SurveyResponse:
        """One submitted response from ``unit`` (see ``responses``)."""
        return self.responses(survey, unit, answers, **kwargs)[0]

    def case(
        self,
        unit: Unit,
        steps: Iterable[Mapping[str, object]] = (),
        trigger: str = "manager_request",
        opened_on: date | None = None,
        **fields: object,
    ) -> InterventionCase:
        """An action plan's case for ``unit``, opened TODAY, with a plan step for each mapping of its fields in
        ``steps`` ("Fasta larmtider", the manager responsible, due and created TODAY unless given)."""
        case = InterventionCase(unit=unit, trigger=trigger, opened_on=opened_on or TODAY, **fields)
        defaults = {"what": "Fasta larmtider", "responsible_role": "unit_manager", "due_on": TODAY, "created_on": TODAY}
        case.steps = [PlanStep(**{**defaults, **step}) for step in steps]
        self.session.add(case)
        self.session.commit()
        return case

    def interview(
        self,
        unit: Unit,
        sessions: Iterable[Mapping[str, object]] = ({},),
        title: str = "Chefsstöd",
        language: str = "sv",
        staff_count: int | None = None,
        **fields: object,
    ) -> InterviewRound:
        """An interview round for ``unit`` with the shipped guide in ``language`` and a session for each
        mapping of its fields in ``sessions`` (individual, planned TODAY unless given); the unit's headcount as
        its staff unless given."""
        planned = [InterviewSession(**{"kind": "individual", "planned_on": TODAY, **each}) for each in sessions]
        interview = InterviewRound(
            unit=unit,
            title=title,
            language=language,
            guide=guide_to_json(default_guide(language)),
            staff_count=unit.headcount if staff_count is None else staff_count,
            sessions=planned,
            **fields,
        )
        self.session.add(interview)
        self.session.commit()
        return interview

    def spell(
        self, employee: str, unit: Unit, first_day: date, last_day: date | None, extent: int = 100, **fields: object
    ) -> AbsenceSpell:
        """A sick-leave spell of ``employee`` in ``unit`` from ``first_day`` to ``last_day`` (None: still off sick),
        at ``extent`` per cent, as an import stores it."""
        spell = AbsenceSpell(
            employee_id=employee, unit_id=unit.id, first_day=first_day, last_day=last_day, extent=extent, **fields
        )
        self.session.add(spell)
        self.session.commit()
        return spell

    def staffing(self, unit: Unit, month: date, employees: float) -> Staffing:
        """How many people ``unit`` employed in the month that begins on ``month``."""
        staffing = Staffing(unit_id=unit.id, month=month, employees=employees)
        self.session.add(staffing)
        self.session.commit()
        return staffing

    def support_event(
        self, unit: Unit, kind: str, held_on: date, roles: tuple[str, ...] = ("manager", "employee")
    ) -> SupportEvent:
        """An early-support talk or a network meeting in ``unit``, as a manager records one."""
        event = SupportEvent(unit_id=unit.id, kind=kind, held_on=held_on, roles_present=list(roles))
        self.session.add(event)
        self.session.commit()
        return event

    def person_case(
        self,
        employee: str,
        unit: Unit,
        kind: str = "early_support",
        participants: Iterable[Mapping[str, object]] = ({"role": "manager"}, {"role": "employee"}),
        steps: Iterable[Mapping[str, object]] = (),
        **fields: object,
    ) -> PersonCase:
        """A talk, meeting or plan about ``employee`` of ``unit`` (an early-support talk planned TODAY unless
        given), with a participant for each mapping (manager and employee unless given; give ``consent_on`` for the
        others) and a step for each mapping of its fields ("Anpassade arbetsuppgifter", the manager responsible, due
        in two weeks, next follow-up in a week, created TODAY unless given)."""
        case = PersonCase(employee_id=employee, unit_id=unit.id, kind=kind, **{"planned_on": TODAY, **fields})
        case.participants = [PersonCaseParticipant(**each) for each in participants]
        defaults = {
            "what": "Anpassade arbetsuppgifter",
            "responsible_role": "manager",
            "due_on": TODAY + timedelta(days=14),
            "next_follow_up_on": TODAY + timedelta(days=7),
            "created_on": TODAY,
        }
        case.steps = [PersonStep(**{**defaults, **step}) for step in steps]
        self.session.add(case)
        self.session.commit()
        return case


# Survey answers several folders share.

#: The results pages' questionnaire: HME's three sections, the workload section and the open questions.
RESULTS_SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering", "osa/workload", "open_questions/general")
HME_ITEMS = tuple(f"hme.hme{i}" for i in range(1, 10))
WORKLOAD_ITEMS = ("osa.workload_resources", "osa.workload_tasks", "osa.workload_help", "osa.workload_method")


def results_answers(value: int, text: str | None = None) -> dict[str, Answered]:
    """The answers of a respondent to RESULTS_SECTIONS who gives ``value`` to every HME and workload item and, if
    given, ``text`` as what should change."""
    answers: dict[str, Answered] = dict.fromkeys(HME_ITEMS + WORKLOAD_ITEMS, value)
    if text:
        answers["open_questions.should_change"] = text
    return answers


# Absence imports: the files HR uploads.


def spells_csv(rows: Iterable[tuple]) -> bytes:
    """A spells file as a payroll system exports it: employee, unit code, first and last day, extent; one row each."""
    lines = ["anställningsnummer;enhetskod;startdatum;slutdatum;omfattning"]
    lines += [";".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def staffing_csv(codes: Iterable[str] = ("HT-C", "BUF-1"), employees: int = 20) -> bytes:
    """A staffing file: ``employees`` in each unit in each of the twelve months before TODAY's."""
    lines = ["unit_code,month,employees"]
    for back in range(1, 13):
        lines += [f"{code},{months_back(back)},{employees}" for code in codes]
    return ("\n".join(lines) + "\n").encode()


#: HT-C's employee E1: four spells in a year, the last in the last full month (the unit statistics' default period).
REPEATED_SPELLS = [("E1", "HT-C", days_ago(d), days_ago(d - 2), 100) for d in (300, 200, 120)]
REPEATED_SPELLS += [("E1", "HT-C", in_month(1, 10), in_month(1, 12), 100)]
#: A half-time spell in HT-C in the last full month, and one in BUF-1 three months ago.
OTHER_SPELLS = [("E2", "HT-C", in_month(1, 15), in_month(1, 25), 50), ("E3", "BUF-1", days_ago(90), days_ago(89), 100)]


# Answers for the theme finder: three themes whose words do not overlap, and words everybody uses.

STAFFING_LEMMAS = ("personal", "vikarie", "stress", "hinna", "bemanning", "sjukskrivning", "kollega", "tidsbrist")
MANAGER_LEMMAS = ("chef", "lyssna", "stöd", "feedback", "återkoppling", "ledning", "beslut", "förtroende")
PREMISES_LEMMAS = ("buller", "ventilation", "lokal", "ljus", "temperatur", "luft", "matsal", "städning")
EVERYDAY_LEMMAS = ("dag", "vecka", "tid", "ofta", "enhet", "mål", "känsla", "fråga")
THEME_LEMMAS = (STAFFING_LEMMAS, MANAGER_LEMMAS, PREMISES_LEMMAS)


def lemma_answers(per_theme: int = 40, seed: int = 0) -> tuple[list[list[str]], list[int]]:
    """Answers of three themes as lemma lists: 3-5 words of their theme and 0-2 everyday words, shuffled; with the
    theme each answer was written about."""
    rng = random.Random(seed)
    docs, truth = [], []
    for _ in range(per_theme):
        for theme, words in enumerate(THEME_LEMMAS):
            doc = rng.sample(words, rng.randint(3, 5)) + rng.sample(EVERYDAY_LEMMAS, rng.randint(0, 2))
            rng.shuffle(doc)
            docs.append(doc)
            truth.append(theme)
    return docs, truth


#: Staff comments on staffing, on their manager and on noise and ventilation, as written (a phone number, Finnish).
STAFFING_COMMENTS = [
    "För lite personal, vi hinner inte med allt.",
    "Vikarier saknas när någon är sjuk och personalen räcker inte.",
    "Personalbristen gör att vi inte hinner med brukarna.",
    "Vi är för lite personal på kvällarna.",
    "Ingen vikarie tas in vid sjukdom, personal saknas hela tiden.",
    "Det är brist på personal och vikarier.",
]
MANAGER_COMMENTS = [
    "Chefen lyssnar inte på oss. Ring chefen Bengt på 070-123 45 67 så förstår du.",
    "Vår chef är sällan på plats och ger ingen återkoppling.",
    "Chefen ger för lite återkoppling och stöd.",
    "Saknar stöd och återkoppling från chefen.",
    "Chefen är svår att nå och lyssnar sällan.",
    "Esihenkilö ei anna palautetta eikä tukea, esihenkilö ei kuuntele.",
]
NOISE_COMMENTS = [
    "Bullret i matsalen är hemskt och ventilationen är dålig.",
    "Dålig ventilation, buller och för varmt i lokalerna.",
    "Lokalerna är trånga, bullriga och ventilationen fungerar inte.",
    "Buller och dålig luft i lokalen hela dagarna.",
    "Ventilationen i lokalen är dålig och bullret stör.",
    "Melu ja huono ilmanvaihto häiritsevät, tilat ovat ahtaat.",
]
