"""Every registered route, every kind of caller: who gets the page, who is sent to log in, who is refused.

The matrix below must name every route the app registers; a new route without an entry fails this test, so access
rules are decided when a route is added, not later.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey_app.db import db
from survey_app.models import Finding, InterviewNote, Reflection, Unit
from tests.clock import TODAY

#: "safety" is unit A's safety representative: its results and plans like its manager, never any person data (issue 23).
CALLERS = ("anonymous", "manager_a", "manager_b", "hr", "ohs", "admin", "safety")
ALL_STAFF = {"manager_a", "manager_b", "hr", "ohs", "admin", "safety"}

#: endpoint → (method, callers that get 200/302-success, how URL ids are chosen)
MATRIX = {
    "home.index": ("GET", ALL_STAFF),
    "home.set_language": ("POST", set(CALLERS)),
    "auth.login": ("GET", set(CALLERS)),
    "auth.logout": ("POST", ALL_STAFF),
    "auth.change_password": ("GET", ALL_STAFF),
    # The second login step is public by nature (nobody is logged in yet): without a pending login it sends the
    # caller to the login page, a logged-in caller home.
    "auth.second_step": ("GET", ALL_STAFF),
    "auth.enrol_two_step": ("GET", ALL_STAFF),
    "auth.two_step_settings": ("GET", ALL_STAFF),
    "auth.start_two_step": ("POST", ALL_STAFF),
    "auth.confirm_two_step": ("POST", ALL_STAFF),
    "auth.replace_recovery_codes": ("POST", ALL_STAFF),
    # A forgotten password: public by nature; a logged-in caller is sent home. A reset link with a wrong token gets
    # the same refusal (410) from every caller (SECRET_LINKS); a real link is tested in auth/test_password_reset.py.
    "auth.forgot_password": ("GET", set(CALLERS)),
    "auth.reset_password": ("GET", set()),
    "mail.settings": ("GET", ALL_STAFF),
    # The outbox: every recorded message, read and sent again by administrators only (a queued one is refused).
    "mail.outbox": ("GET", {"admin"}),
    "mail.message": ("GET", {"admin"}),
    "mail.send_again": ("POST", {"admin"}),
    "org.units": ("GET", ALL_STAFF),
    # Unit A is managed by manager_a, below the unit ohs is invited to; safety represents it.
    "org.unit": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    "admin.units": ("GET", {"admin"}),
    "admin.new_unit": ("GET", {"admin"}),
    "admin.import_units": ("GET", {"admin"}),
    "admin.edit_unit": ("GET", {"admin"}),
    "admin.set_unit_active": ("POST", {"admin"}),
    "admin.delete_unit": ("POST", {"admin"}),
    "admin.users": ("GET", {"admin"}),
    "admin.new_user": ("GET", {"admin"}),
    "admin.edit_user": ("GET", {"admin"}),
    "admin.set_password": ("POST", {"admin"}),
    "admin.unlock_user": ("POST", {"admin"}),
    "admin.reset_two_step": ("POST", {"admin"}),
    "admin.audit_log": ("GET", {"admin"}),
    "surveys.rounds": ("GET", {"hr", "admin"}),
    "surveys.new_round": ("GET", {"hr", "admin"}),
    "surveys.round_detail": ("GET", {"hr", "admin"}),
    "surveys.preview": ("GET", {"hr", "admin"}),
    # Getting staff to answer: managers follow their units' response rates and print their posters (issue 20).
    "posters.answering": ("GET", {"manager_a", "manager_b", "hr", "admin"}),
    "posters.poster": ("GET", {"manager_a", "hr", "admin"}),
    "posters.pack": ("GET", {"manager_a", "hr", "admin"}),
    "surveys.create_codes": ("POST", {"hr", "admin"}),
    "surveys.codes_from_list": ("POST", {"hr", "admin"}),
    "surveys.accept_held": ("POST", {"hr", "admin"}),
    # The round's lifecycle: a refused step (the world's round is open, not a draft) redirects with its reason.
    "surveys.edit_round": ("GET", {"hr", "admin"}),
    "surveys.open_round": ("POST", {"hr", "admin"}),
    "surveys.extend_round": ("POST", {"hr", "admin"}),
    "surveys.confirm_close": ("GET", {"hr", "admin"}),
    "surveys.close_round": ("POST", {"hr", "admin"}),
    "surveys.confirm_delete": ("GET", {"hr", "admin"}),
    "surveys.delete_round": ("POST", {"hr", "admin"}),
    # Results: everyone with a login sees the rounds list; a round and a unit's report only within their scope
    # (the round reaches unit A only), the organisation-wide report only HR and admin. The safety representative of
    # unit A reads its results like its manager.
    "results.rounds": ("GET", ALL_STAFF),
    "results.overview": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    "results.unit_report": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    "results.organisation_report": ("GET", {"hr", "admin"}),
    "results.export_results": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    "results.export_comments": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    "plans.export_plans": ("GET", ALL_STAFF),
    "indicators.export_indicators": ("GET", ALL_STAFF),
    "interviews.export_compilation": ("GET", {"manager_a", "hr", "ohs"}),
    # The meetings' decks (issue 24): whoever may see the presentation and work-group pages.
    "interviews.export_managers_deck": ("GET", {"manager_a", "hr", "ohs"}),
    "interviews.export_work_group_deck": ("GET", {"manager_a", "hr", "ohs"}),
    # Absence statistics: HR and admin every unit, a manager their own units and the organisation's total.
    "absence.export_absence": ("GET", {"manager_a", "manager_b", "hr", "admin"}),
    # Any registered export kind by its name (plans here): the same callers as the kind's own download.
    "exporting.download": ("GET", ALL_STAFF),
    # Background jobs: everyone lists their own; a job (manager_a's here) only for its owner and admin.
    "jobs.jobs": ("GET", ALL_STAFF),
    "jobs.job": ("GET", {"manager_a", "admin"}),
    "jobs.status": ("GET", {"manager_a", "admin"}),
    "jobs.download": ("GET", {"manager_a", "admin"}),
    # Interviews: raw notes for HR and the session's interviewer (ohs here) only; the presentations for managers
    # and occupational health of the unit once HR has released them (it is, here); admin is not part of it.
    "interviews.rounds": ("GET", {"manager_a", "manager_b", "hr", "ohs"}),
    "interviews.new_round": ("GET", {"hr"}),
    "interviews.round_detail": ("GET", {"hr", "ohs"}),
    "interviews.edit_guide": ("GET", {"hr"}),
    "interviews.add_session": ("POST", {"hr"}),
    "interviews.edit_session": ("GET", {"hr", "ohs"}),
    "interviews.notes": ("GET", {"hr", "ohs"}),
    "interviews.delete_note": ("POST", {"hr", "ohs"}),
    "interviews.compilation": ("GET", {"hr"}),
    "interviews.add_finding": ("POST", {"hr"}),
    "interviews.delete_finding": ("POST", {"hr"}),
    "interviews.release": ("POST", {"hr"}),
    "interviews.presentation": ("GET", {"manager_a", "hr", "ohs"}),
    "interviews.work_group": ("GET", {"manager_a", "hr", "ohs"}),
    "interviews.add_reflection": ("POST", {"hr"}),
    "interviews.propose_step": ("POST", {"hr"}),
    # Plans: everyone reads the plans of their units (ohs: invited units, read-only); managers work on their own,
    # HR and admin on all; opening cases and the evaluation's figures are HR's and admin's.
    "plans.overview": ("GET", ALL_STAFF),
    "plans.new_case": ("GET", {"hr", "admin"}),
    "plans.case_detail": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    # The safety representative of the unit reads its plan, comments on it and co-signs it; managers of the unit, HR
    # and admin comment too; occupational health only reads (issue 23).
    "plans.add_comment": ("POST", {"manager_a", "hr", "admin", "safety"}),  # without text: the page with the reason
    "plans.sign_plan": ("POST", {"safety"}),
    "plans.record_stage": ("POST", {"manager_a", "hr", "admin"}),
    "plans.set_periods": ("POST", {"hr", "admin"}),
    "plans.change_comparison": ("POST", {"hr", "admin"}),  # without a unit: back to the case page with the reason
    # The programme as a whole (issue 24): every unit's cases, so HR and admin only; its workbook likewise.
    "plans.programme": ("GET", {"hr", "admin"}),
    "plans.export_programme": ("GET", {"hr", "admin"}),
    "plans.add_goal": ("POST", {"manager_a", "hr", "admin"}),
    "plans.add_step": ("POST", {"manager_a", "hr", "admin"}),
    "plans.step_detail": ("GET", {"manager_a", "hr", "ohs", "admin", "safety"}),
    "plans.record_follow_up": ("POST", {"manager_a", "hr", "admin"}),
    "plans.edit_step": ("POST", {"manager_a", "hr", "admin"}),
    "respond.plan": ("GET", set(CALLERS)),
    # Early support: the quick guide and the talks-and-meetings log for everyone (within scope); the model is HR's.
    "support.quick_guide": ("GET", ALL_STAFF),
    "support.edit_model": ("GET", {"hr", "admin"}),
    "support.events": ("GET", ALL_STAFF),
    "support.delete_event": ("POST", {"manager_a", "hr", "admin"}),
    # Absence: statistics and imports for HR and admin; person signals for HR, admin and managers (their units).
    "absence.overview": ("GET", {"manager_a", "manager_b", "hr", "admin"}),
    "absence.import_files": ("GET", {"hr", "admin"}),
    "absence.template": ("GET", {"hr", "admin"}),
    "absence.signals": ("GET", {"manager_a", "manager_b", "hr", "admin"}),
    "absence.record_talk": ("POST", {"manager_a", "manager_b", "hr", "admin"}),
    # The person track (issue 23): the register for HR (managers read their units' people), the sick-report form for
    # HR and managers (their units), a person's track for HR and the employee's own manager (others: 404).
    "person.register_list": ("GET", {"manager_a", "manager_b", "hr"}),
    "person.new_person": ("GET", {"hr"}),
    "person.edit_person": ("GET", {"hr"}),
    "person.remove_person": ("POST", {"hr"}),
    "person.import_register": ("GET", {"hr"}),
    "person.sick_report": ("GET", {"manager_a", "manager_b", "hr"}),
    "person.track": ("GET", {"manager_a", "hr"}),
    # A manager's tasks (issue 23): the list for managers and HR; a task's page for HR and the employee's own manager.
    "person.task_list": ("GET", {"manager_a", "manager_b", "hr"}),
    "person.task": ("GET", {"manager_a", "hr"}),
    # A person's talks, meetings and plans (issue 23): HR and the employee's own manager work on them; occupational
    # health reads the list and a case it is invited to (ohs is, here); everyone else 404 or 403.
    "person.case_list": ("GET", {"manager_a", "manager_b", "hr", "ohs"}),
    "person.new_case": ("GET", {"manager_a", "hr"}),
    "person.case": ("GET", {"manager_a", "hr", "ohs"}),
    "person.edit_case": ("GET", {"manager_a", "hr"}),
    "person.case_participants": ("GET", {"manager_a", "hr"}),
    "person.remove_participant": ("POST", {"manager_a", "hr"}),
    "person.close_case": ("GET", {"manager_a", "hr"}),
    # A person's steps and follow-ups (issue 23): HR and the employee's own manager; everyone else 404, OH included.
    "person.new_person_step": ("GET", {"manager_a", "hr"}),
    "person.edit_person_step": ("GET", {"manager_a", "hr"}),
    "person.follow_up_person_step": ("GET", {"manager_a", "hr"}),
    # Data protection: retention (and what a purge would delete) for admin; one employee id's data for HR and admin.
    "privacy.retention": ("GET", {"admin"}),
    "privacy.subject": ("GET", {"hr", "admin"}),
    "privacy.subject_workbook": ("POST", {"hr", "admin"}),
    "privacy.erase_subject": ("POST", {"hr", "admin"}),
    # The whole record of one employee id with the person track (art. 15): HR only, administrators never see names.
    "privacy.subject_access": ("GET", {"hr"}),
    "privacy.subject_access_workbook": ("POST", {"hr"}),  # without an id: back to the look-up with the reason
    # The organisation's names redaction catches (keyed hashes only): HR and admin import and clear them.
    "privacy.names": ("GET", {"hr", "admin"}),
    "privacy.import_names": ("POST", {"hr", "admin"}),  # without a checked file: back to the page with the reason
    "privacy.clear_names": ("POST", {"hr", "admin"}),
    # Indicators: everyone reads those of their units; HR and admin enter values and set targets.
    "indicators.overview": ("GET", ALL_STAFF),
    "indicators.enter_value": ("POST", {"hr", "admin"}),
    "indicators.set_target": ("POST", {"hr", "admin"}),
    # The respondent's pages are public by design: anyone with the unit's link may answer, anonymously.
    "respond.landing": ("GET", set(CALLERS)),
    "respond.start": ("POST", set(CALLERS)),
    "respond.page": ("GET", set(CALLERS)),
    "respond.saved": ("GET", set(CALLERS)),
    "respond.done": ("GET", set(CALLERS)),
    "respond.code": ("GET", set(CALLERS)),
    "short.enter": ("GET", set(CALLERS)),
    "short.code_in_address": ("GET", set(CALLERS)),
    # The JSON API ignores session cookies: a bearer token is the only way in (tested in tests/survey_app/api).
    "api.openapi": ("GET", set(CALLERS)),
    "api.rounds": ("GET", set()),
    "api.results": ("GET", set()),
    "api.sick_reports": ("POST", set()),  # a token with sick-reports:write (tests/survey_app/api/test_sick_reports.py)
    # load balancers ask without a session; the answers say nothing about the data
    "ops.health": ("GET", set(CALLERS)),
    "ops.readiness": ("GET", set(CALLERS)),
}
#: The first day of the spell whose day-2 call the task page shows.
TASK_ANCHOR = TODAY - timedelta(days=10)
TOKEN_ONLY = {"api.rounds", "api.results", "api.sick_reports"}
SECRET_LINKS = {"auth.reset_password"}
PUBLIC = {
    "static",
    "auth.login",
    "auth.second_step",
    "auth.enrol_two_step",
    "auth.forgot_password",
    "auth.reset_password",
    "home.set_language",
    "api.openapi",
    "ops.health",
    "ops.readiness",
} | {name for name in MATRIX if name.startswith(("respond.", "short."))}


@pytest.fixture
def world(make):
    top = make.unit("Vård och omsorg", code="VO")
    unit_a = make.unit("Hemtjänst Norr", parent=top, code="A")
    unit_b = make.unit("Förskolan Solrosen", code="B")
    survey = make.survey_round(unit_a)
    users = {
        "manager_a": make.user("manager", units=(unit_a,)),
        "manager_b": make.user("manager", units=(unit_b,)),
        "hr": make.user("hr"),
        "ohs": make.user("ohs", units=(top,)),
        "admin": make.user("admin"),
        "safety": make.user("safety", units=(unit_a,)),  # the safety representative of unit A
    }
    note = InterviewNote(theme="workload", text="För lite tid", client_key="a" * 32)
    interview = make.interview(
        unit_a,
        sessions=[{"interviewer": users["ohs"], "notes": [note]}],
        released_on=TODAY,
        findings=[Finding(kind="risk", theme="workload", text="Hög belastning", notes=[note])],
        reflections=[Reflection(kind="suggestion", text="Fler vikarier")],
    )
    case = make.case(unit_a, steps=[{"next_follow_up_on": TODAY}])
    event = _support_world(unit_a, users["manager_a"])
    job = _job_world(users["manager_a"])
    mail = _mail_world()
    employee_id = _person_world(unit_a)
    make.spell(employee_id, unit_a, TASK_ANCHOR, None)  # off sick: the day-2 call is a task (person.task)
    person_case = make.person_case(  # a talk with one agreed step; occupational health invited, the plan shared
        employee_id,
        unit_a,
        participants=[
            {"role": "manager"},
            {"role": "employee"},
            {"role": "occupational_health", "user_id": users["ohs"].id, "consent_on": TODAY},
        ],
        oh_consent_on=TODAY,
        steps=[{}],
    )
    return {
        "unit_a": unit_a,
        "unit_b": unit_b,
        "users": users,
        "survey": survey,
        "interview": interview,
        "case": case,
        "event": event,
        "job": job,
        "mail": mail,
        "employee_id": employee_id,
        "person_case": person_case,
    }


def _job_world(owner):
    """A finished export of ``owner``'s, with its file."""
    from survey_app.jobs.runner import job_file
    from survey_app.models import Job

    job = Job(id="a" * 32, kind="plans", owner_id=owner.id, status="done", step="done", result_name="plans.xlsx")
    db.session.add(job)
    db.session.commit()
    job_file(job.id).parent.mkdir(parents=True, exist_ok=True)
    job_file(job.id).write_bytes(b"PK")
    return job


def _mail_world():
    """A message recorded for the outbox pages."""
    from survey_app.mail.outbox import queue_mail

    mail = queue_mail("test", "matrix", to="someone@example.org")
    db.session.commit()
    return mail


def _person_world(unit):
    """A person of the register in ``unit`` (unit A: manager_a is their own manager); their id."""
    from survey_app.models import Employee

    db.session.add(Employee(employee_id="E-A1", name="Anna Andersson", unit_id=unit.id))
    db.session.commit()
    return "E-A1"


def _support_world(unit, manager):

    from survey_app.models import SupportEvent

    event = SupportEvent(
        unit=unit, kind="early_support_talk", held_on=TODAY, roles_present=["manager"], recorded_by_id=manager.id
    )
    db.session.add(event)
    db.session.commit()
    return event


def _url(app, endpoint: str, world) -> str:
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    values = {}
    interview = world["interview"]
    for argument in rule.arguments:
        values[argument] = {
            "case_id": world["case"].id,
            "event_id": world["event"].id,
            "job_id": world["job"].id,
            "mail_id": world["mail"].id,
            "employee_id": world["employee_id"],
            "person_case_id": world["person_case"].id,
            "participant_id": world["person_case"].participants[1].id,
            "person_step_id": world["person_case"].steps[0].id,
            "task_kind": "se_call",
            "anchor": TASK_ANCHOR.isoformat(),
            "kind": "plans",
            "suffix": "xlsx",
            "step_id": world["case"].steps[0].id,
            "session_id": interview.sessions[0].id,
            "note_id": interview.sessions[0].notes[0].id,
            "finding_id": interview.findings[0].id,
            "reflection_id": interview.reflections[0].id,
            "unit_id": world["unit_a"].id,
            "user_id": world["users"]["manager_b"].id,
            "action": "deactivate",
            "filename": "css/omtanke.css",
            "round_id": interview.id if endpoint.startswith("interviews.") else world["survey"].id,
            "token": world["survey"].units[0].link_token,
            "code": world["survey"].units[0].short_code,
            "number": 1,
        }[argument]
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def test_matrix_names_every_route(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert registered == set(MATRIX), "add new routes to MATRIX with their access rule"


def test_every_non_public_view_carries_a_role_guard(app):
    for endpoint, view in app.view_functions.items():
        if endpoint not in PUBLIC:
            assert getattr(view, "omtanke_roles", None), f"{endpoint} has no roles_required guard"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access(app, login, world, endpoint, caller):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["OMTANKE_JOBS_EAGER"] = True  # an export started here has finished when its request returns
    client = app.test_client()
    if caller != "anonymous":
        login(client, world["users"][caller])
    method, allowed = MATRIX[endpoint]
    url = _url(app, endpoint, world)
    data = {"locale": "en", "password": "a new password 123", "count": "3", "lang": "sv"}
    response = client.open(url, method=method, data=data)
    if endpoint in TOKEN_ONLY:
        assert response.status_code == 401 and response.is_json, (endpoint, caller)
    elif endpoint in SECRET_LINKS:
        assert response.status_code == 410, (endpoint, caller, response.status_code)
    elif caller in allowed:
        assert response.status_code in (200, 302), (endpoint, caller, response.status_code)
        if response.status_code == 302:
            assert "/login" not in response.location or endpoint == "auth.logout"
    elif caller == "anonymous":
        assert response.status_code == 302 and "/login" in response.location
    else:
        assert response.status_code in (403, 404), (endpoint, caller, response.status_code)


@pytest.mark.parametrize("caller", ["manager_a", "manager_b", "ohs", "safety"])
def test_scoped_roles_never_reach_other_units_by_changing_the_id(app, login, world, caller):
    client = login(app.test_client(), world["users"][caller])
    user = world["users"][caller]
    from survey_app.access import unit_scope

    with app.test_request_context():
        scope = unit_scope(db.session.merge(user))
    for unit_id in db.session.scalars(db.select(Unit.id)):
        status = client.get(f"/units/{unit_id}").status_code
        assert status == (200 if unit_id in scope else 404), (caller, unit_id)


def test_manager_sees_only_own_subtree_in_unit_list(app, login, make, world):
    below_a = make.unit("Hemtjänst Norr nattpatrull", parent=world["unit_a"], code="A1")
    client = login(app.test_client(), world["users"]["manager_a"])
    page = client.get("/units/").get_data(as_text=True)
    assert "Hemtjänst Norr" in page and below_a.name in page
    assert "Förskolan Solrosen" not in page
    assert "Vård och omsorg" not in page
