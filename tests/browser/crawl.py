"""What the page crawl visits, as whom, and what it looks for (shared by tests/browser/test_every_page.py and
bench/pages.py).

The list of pages is derived from the app's URL map, never written by hand: every GET rule that serves an HTML page,
its parameters filled from the demo municipality (``survey_app.demo``), seeded once. A rule that is not a page is
skipped with its reason in ``SKIPPED``; a rule whose parameters the data cannot fill is a failure, so that a new
route is crawled or consciously skipped.
"""

from __future__ import annotations

import functools
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from werkzeug.routing import Rule

from survey_app.db import db, utcnow
from survey_app.models import (
    InterventionCase,
    InterviewNote,
    InterviewRound,
    InterviewSession,
    Job,
    PlanStep,
    RoundUnit,
    SurveyRound,
    Unit,
    User,
)

#: Rules that are not pages a person reads, and why the crawl leaves them out.
SKIPPED = {
    "static": "stylesheets, scripts and icons, not pages",
    "ops.health": "a health probe for the load balancer (bench/pages.py times it as the floor)",
    "ops.readiness": "a readiness probe, not a page",
    "api.openapi": "JSON for programs (the API has its own schema tests)",
    "api.rounds": "JSON for programs",
    "api.results": "JSON for programs",
    "jobs.status": "JSON polled by the job page's script",
    "jobs.download": "a file download",
    "exporting.download": "a file download",
    "absence.export_absence": "a file download",
    "absence.template": "a file download",
    "indicators.export_indicators": "a file download",
    "interviews.export_compilation": "a file download",
    "interviews.export_managers_deck": "a file download",
    "interviews.export_work_group_deck": "a file download",
    "plans.export_plans": "a file download",
    "plans.export_programme": "a file download",
    "results.export_comments": "a file download",
    "results.export_results": "a file download",
    "auth.second_step": "only reachable half-way through a login (each login of the crawl passes through it)",
    "auth.enrol_two_step": "only reachable half-way through a first login (tests/browser/test_two_step_phone.py)",
    "auth.reset_password": "only reachable from a password-reset e-mail (tests/browser/test_password_reset.py)",
}
#: Endpoints the staff member (no account, the unit's answer link) may reach; any other page sends them to log in.
RESPONDENT_ENDPOINTS = ("respond.", "short.", "auth.login", "auth.forgot_password")
#: Pages worth a screenshot for review (test-artifacts/crawl/), per role and width.
KEY_ENDPOINTS = {
    "home.index",
    "org.unit",
    "surveys.round_detail",
    "posters.poster",
    "posters.answering",
    "results.overview",
    "results.unit_report",
    "interviews.round_detail",
    "plans.case_detail",
    "plans.step_detail",
    "absence.overview",
    "absence.signals",
    "support.events",
    "person.track",
    "person.sick_report",
    "jobs.job",
    "respond.landing",
    "respond.page",
}
#: The demo accounts the crawl logs in as (survey_app/demo/services.py); manager5 runs Hemtjänst (VOF-HT) and
#: occupational health serves the care administration (VOF), so every id below is in all of their scopes.
ACCOUNTS = {
    "admin": "admin@example.org",
    "hr": "hr@example.org",
    "manager": "manager5@example.org",
    "ohs": "ohs@example.org",
    "safety": "skyddsombud@example.org",
}
#: The demo accounts' password in the crawl.
PASSWORD = "correct horse battery"
#: The pages that only a round still in draft has (an open round's would redirect to the round's page).
DRAFT_ENDPOINTS = {"surveys.edit_round", "surveys.confirm_delete"}
DRAFT = "Pulsmätning januari 2027"
#: The workplace every unit parameter points at: in manager5's area, with an interview round and an action plan.
UNIT_NAME = "Hemtjänst Centrum"


@dataclass(frozen=True)
class Dataset:
    """The ids the crawl puts into URL parameters."""

    unit_id: int
    open_round_id: int
    #: A round still in draft: the pages that edit or delete a round before it opens.
    draft_round_id: int
    closed_round_id: int
    link_token: str
    #: The same link's short code, typed at the short address (/k/<code>).
    short_code: str
    interview_round_id: int
    session_id: int
    note_id: int
    case_id: int
    step_id: int
    user_id: int
    #: One finished job per account (e-mail → job id): a job page shows its owner only.
    jobs: dict[str, str]
    #: A message in the outbox (administrators read it).
    mail_id: int
    #: A person of the crawl's unit with spells, in the employee register: their track and register entry.
    employee_id: str = ""
    #: An open task of the crawl's unit (employee id, kind, anchor): the task page (the demo's own people have some).
    task: tuple[str, str, str] = ("", "", "")
    #: An open person case of the demo's (manager5's area) and an open step of it: the case and step pages.
    person_case_id: int = 0
    person_step_id: int = 0


@dataclass(frozen=True)
class Route:
    """One GET rule of the app and the path the crawl visits for it."""

    endpoint: str
    rule: str
    path: str


def seed(password: str) -> Dataset:
    """Seed the demo municipality (committed: the live server must see it) and pick the ids the crawl uses."""
    from survey_app import clock
    from survey_app.demo.services import seed_demo
    from survey_app.demo.surveys import AUTUMN, PULSE, PULSE_SECTIONS
    from survey_app.surveys.services import RoundInput, create_round

    seed_demo(password=password)
    today = clock.today()
    draft = RoundInput(
        DRAFT, "", today + timedelta(days=30), today + timedelta(days=44), ("sv", "fi"), 5, PULSE_SECTIONS
    )
    draft_round_id = create_round(None, draft, today).id
    unit = db.session.scalar(select(Unit).where(Unit.name == UNIT_NAME))
    open_round = db.session.scalar(select(SurveyRound).where(SurveyRound.title == PULSE))
    closed_round = db.session.scalar(select(SurveyRound).where(SurveyRound.title == AUTUMN))
    link = db.session.scalar(select(RoundUnit).where(RoundUnit.round_id == open_round.id, RoundUnit.unit_id == unit.id))
    interview = db.session.scalar(select(InterviewRound).where(InterviewRound.unit_id == unit.id))
    session_id = db.session.scalar(
        select(InterviewSession.id).where(InterviewSession.round_id == interview.id).order_by(InterviewSession.id)
    )
    case_id = db.session.scalar(select(InterventionCase.id).where(InterventionCase.unit_id == unit.id))
    note_id = db.session.scalar(
        select(InterviewNote.id).where(InterviewNote.session_id == session_id).order_by(InterviewNote.id)
    )
    step_id = db.session.scalar(select(PlanStep.id).where(PlanStep.case_id == case_id).order_by(PlanStep.id))
    jobs = {}
    for email in ACCOUNTS.values():
        owner = db.session.scalar(select(User).where(User.email == email))
        job = Job(
            id=secrets.token_hex(16),
            kind="plans",
            parameters={},
            owner_id=owner.id,
            status="done",
            step="done",
            progress_done=1,
            progress_total=1,
            result_name="atgardsplaner.xlsx",
            result_rows=12,
            finished_at=utcnow(),
        )
        db.session.add(job)
        jobs[email] = job.id
    from survey_app.mail.outbox import queue_mail

    mail = queue_mail("test", "crawl", to="crawl@example.org")
    employee_id = _registered_person(unit)
    person_case_id, person_step_id = _open_person_step()
    db.session.commit()
    manager = db.session.scalar(select(User.id).where(User.email == ACCOUNTS["manager"]))
    return Dataset(
        unit_id=unit.id,
        open_round_id=open_round.id,
        draft_round_id=draft_round_id,
        closed_round_id=closed_round.id,
        link_token=link.link_token,
        short_code=link.short_code,
        interview_round_id=interview.id,
        session_id=session_id,
        note_id=note_id,
        case_id=case_id,
        step_id=step_id,
        user_id=manager,
        jobs=jobs,
        mail_id=mail.id,
        employee_id=employee_id,
        task=_open_task(unit),
        person_case_id=person_case_id,
        person_step_id=person_step_id,
    )


def _open_task(unit: Unit) -> tuple[str, str, str]:
    """An open task about a person of ``unit`` (employee id, kind, anchor), overdue ones first."""
    from survey_app import clock
    from survey_app.person.tasks import all_tasks, open_tasks, with_completions

    today = clock.today()
    found = [view.task for view in open_tasks(with_completions(all_tasks(today), today)) if view.task.unit == unit.code]
    return (found[0].employee, found[0].kind, found[0].anchor.isoformat()) if found else ("", "", "")


def _open_person_step() -> tuple[int, int]:
    """An open step of an open person case of the demo (case id, step id), the earliest first; (0, 0) for none."""
    from survey_app.models import PersonCase, PersonStep

    query = select(PersonStep.case_id, PersonStep.id).join(PersonStep.case)
    query = query.where(PersonCase.closed_on.is_(None), PersonStep.status.not_in(("done", "dropped")))
    found = db.session.execute(query.order_by(PersonStep.id)).first()
    return (found[0], found[1]) if found else (0, 0)


def _registered_person(unit: Unit) -> str:
    """The id of the unit's person with the latest spell, put in the employee register if the demo has not."""
    from survey_app.models import AbsenceSpell, Employee

    employee_id = db.session.scalar(
        select(AbsenceSpell.employee_id).where(AbsenceSpell.unit_id == unit.id).order_by(AbsenceSpell.first_day.desc())
    )
    held = db.session.scalar(select(Employee).where(Employee.employee_id == employee_id))
    if employee_id and held is None:
        db.session.add(Employee(employee_id=employee_id, name="Kim Crawl", unit_id=unit.id))
    return employee_id or ""


def _values(rule: Rule, data: Dataset, email: str | None) -> dict[str, object]:
    """Each URL parameter of ``rule`` filled from the data set; KeyError names a parameter nothing fills."""
    round_id = data.closed_round_id if rule.endpoint.startswith(("results.", "api.")) else data.open_round_id
    if rule.endpoint.startswith("interviews."):
        round_id = data.interview_round_id
    if rule.endpoint in DRAFT_ENDPOINTS:
        round_id = data.draft_round_id
    known = {
        "unit_id": data.unit_id,
        "round_id": round_id,
        "token": data.link_token,
        "code": data.short_code,
        "number": 1,
        "session_id": data.session_id,
        "note_id": data.note_id,
        "case_id": data.case_id,
        "step_id": data.step_id,
        "user_id": data.user_id,
        "job_id": data.jobs.get(email or "", "0" * 32),
        "mail_id": data.mail_id,
        "employee_id": data.task[0] if rule.endpoint == "person.task" else data.employee_id,
        "task_kind": data.task[1],
        "anchor": data.task[2],
        "person_case_id": data.person_case_id,
        "person_step_id": data.person_step_id,
    }
    return {name: known[name] for name in rule.arguments}


def page_rules(app) -> list[Rule]:
    """Every GET rule of the app that serves a page (not in SKIPPED), in URL order."""
    rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint not in SKIPPED]
    return sorted(rules, key=lambda rule: rule.rule)


def routes_for(app, role: str, data: Dataset) -> list[Route]:
    """The pages to try as ``role`` ("staff": no account, the answer link), their parameters filled in."""
    email = ACCOUNTS.get(role)
    routes = []
    for rule in page_rules(app):
        if (role == "staff") != rule.endpoint.startswith(RESPONDENT_ENDPOINTS):
            continue  # staff read only the respondent's pages; those are crawled once, as staff
        values = {name: str(value) for name, value in _values(rule, data, email).items()}
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda match, known=values: known[match.group(1)], rule.rule)
        routes.append(Route(rule.endpoint, rule.rule, path))
    return routes


ROOT = Path(__file__).parents[2]


@functools.cache
def _source_messages() -> tuple[tuple[tuple[str, ...], str | None], ...]:
    """Every message the code and templates mark for translation, as ``make messages`` extracts them (babel.cfg):
    (msgid and plural, context). Read from the source, so that a string not yet in the catalogues counts too."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "N_": None}
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)
    return tuple({(msgid if isinstance(msgid, tuple) else (msgid,), context) for _, _, msgid, _, context in found})


def catalogue_phrases(language: str) -> list[str]:
    """English phrases that must not show on a page in ``language``: each message's literal pieces of three words or
    more (placeholders and markup cut out) that its translation does not contain. A message missing from the
    catalogue, or left empty or fuzzy there, counts whole: the page would show it in English."""
    from babel.messages.pofile import read_po

    with (ROOT / "survey_app" / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    phrases = set()
    for ids, context in _source_messages():
        message = catalogue.get(ids[0], context=context)
        strings = () if message is None or message.fuzzy else message.string
        translated = " ".join(strings if isinstance(strings, tuple) else (strings,))
        for msgid in ids:
            for piece in re.split(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}|<[^>]+>|\n", msgid):
                piece = " ".join(piece.split()).strip(" .,:;–-()")
                if len(piece.split()) >= 3 and len(piece) >= 15 and piece not in translated:
                    phrases.add(piece)
    return sorted(phrases, key=len, reverse=True)


#: The page's visible text and accessible names, leaving out text marked as another language (lang="…").
VISIBLE_TEXT = """() => {
  const lang = document.documentElement.lang;
  const ours = (element) => { const marked = element.closest('[lang]'); return !marked || marked.lang === lang; };
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    const shown = parent && ours(parent) && parent.checkVisibility({visibilityProperty: true});
    if (shown) parts.push(walker.currentNode.data);
  }
  for (const element of document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
    if (!ours(element)) continue;
    for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
      if (element.hasAttribute(name)) parts.push(element.getAttribute(name));
    }
  }
  return parts.join('\\n').replace(/[ \\t\\u00a0]+/g, ' ');
}"""
