"""Every download's file name says what it holds — kind, round or unit, date — so no download overwrites another in
a download folder, and a workbook too large to download at once, prepared in the background, is named exactly like
its direct download (issue 17).

The downloads are found the way HR finds them: by following the links of the demo organisation's pages."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.demo.commands import demo_command
from survey_app.downloads import download_name, slug
from survey_app.exporting.kinds import ExportKind
from survey_app.models import AbsenceSpell, SurveyRound, Unit, User
from tests.attacks.crawl import local_path, parse, path_shape
from tests.clock import TODAY
from tests.helpers import form_token
from tests.survey_app.jobs.flow import large, wait_for

DEMO_PASSWORD = "demo lösenord 2026"
SAFE_NAME = re.compile(r"omtanke(-[a-z0-9]+)+\.(xlsx|csv)")
#: The word each download's name starts with, by the route's last path segment.
KINDS = {"results.xlsx": "results", "comments.xlsx": "free-text", "compilation.xlsx": "interviews",
         "template.csv": "absence-template", "programme.xlsx": "programme"}  # fmt: skip
AREA_KINDS = {"plans": "action-plans", "indicators": "indicators", "absence": "absence"}
EXPORTING_AREAS = ("/results", "/interviews", "/plans", "/indicators", "/absence", "/surveys")
#: An interview round's slides and work-group view: themes for half a minute, and the compilation's own link.
SLOW_PAGES = ("/presentation", "/work-group")


@pytest.fixture
def hr(app, login, monkeypatch):
    """HR of the demo organisation, signed in; background jobs run inside the request that starts them.

    A name never depends on the file's content, so the workbooks are left empty here: the free-text workbook's
    themes alone take a minute on the demo's answers (each workbook's content has its own tests)."""
    monkeypatch.setattr(ExportKind, "run", lambda *_args, **_kwargs: 0)  # every kind, downloaded or prepared
    app.config.update(OMTANKE_DEMO_PASSWORD=DEMO_PASSWORD, REDIS_URL=None, OMTANKE_JOBS_EAGER=True)
    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "hr@example.org"))
    return login(app.test_client(), user, password=DEMO_PASSWORD)


def _downloads(client) -> dict[tuple[str, frozenset], tuple[str, str]]:
    """Every download link on the pages HR reaches by links from the start page within the areas that export (at
    most three pages of a shape: ``/results/3/units/7`` and two more stand for every unit's report): (path, query) →
    (the link, the page it is on). Links that ask for the same thing (the default period) count once."""
    found: dict[tuple[str, frozenset], tuple[str, str]] = {}
    queue, seen, shapes = ["/"], set(), Counter()
    while queue:
        page = queue.pop(0)
        if page in seen or shapes[path_shape(page)] >= 3:
            continue
        seen.add(page)
        shapes[path_shape(page)] += 1
        response = client.get(page)
        if response.status_code != 200 or not response.content_type.startswith("text/html"):
            continue
        for link in parse(f"http://localhost{page}", response.get_data(as_text=True))[0]:
            path = local_path(link)
            if path is None or not path.startswith(EXPORTING_AREAS) or path.endswith(SLOW_PAGES):
                continue
            if not urlsplit(path).path.endswith((".xlsx", ".csv")):
                queue.append(path)
                continue
            query = frozenset((k, v) for k, v in parse_qsl(urlsplit(path).query) if (k, v) != ("kind", "month"))
            found.setdefault((urlsplit(path).path, query), (path, page))
    return found


def _filename(response) -> str:
    assert response.status_code == 200, response.status_code
    match = re.fullmatch(r'attachment; filename="?([^";]+)"?', response.headers["Content-Disposition"])
    assert match, response.headers["Content-Disposition"]
    return match.group(1)


def _expected_words(path: str, query: frozenset) -> list[str]:
    """What the name must say for this link: its kind, its round, its unit and period, the day."""
    parts = urlsplit(path).path.strip("/").split("/")
    words = [KINDS.get(parts[-1]) or AREA_KINDS[parts[0]]]
    if parts[1].isdigit():
        words.append(f"-round-{parts[1]}-")
    values = dict(query)
    if values.get("unit"):
        words.append(f"-unit-{slug(db.session.get(Unit, int(values['unit'])).code)}-")
    if parts[0] == "indicators":
        words.append(f"-by-{values.get('kind', 'month')}-")
    if parts[-1] != "template.csv":
        words.append(TODAY.isoformat())
    return words


def test_every_download_hr_is_offered_has_a_name_of_its_own_that_says_what_it_holds(hr):
    downloads = _downloads(hr)
    names = {key: _filename(hr.get(link)) for key, (link, _page) in downloads.items()}
    areas = {urlsplit(link).path.split("/")[1] for link, _ in downloads.values()}
    assert {"results", "interviews", "plans", "indicators", "absence"} <= areas, sorted(names.values())
    assert any(dict(query).get("unit") for _, query in names), "no download narrowed to one unit was offered"
    for (path, query), name in names.items():
        assert SAFE_NAME.fullmatch(name), name
        assert all(word in name for word in _expected_words(path, query)), (path, sorted(query), name)
    same = {name: [key for key, other in names.items() if other == name] for name in names.values()}
    assert not {name: keys for name, keys in same.items() if len(keys) > 1}


def test_a_workbook_prepared_in_the_background_is_named_like_its_direct_download(hr):
    tried = set()
    for (path, query), (link, _page) in _downloads(hr).items():
        kind = (path.split("/")[1], path.rsplit("/", 1)[1], bool(dict(query).get("unit")))
        if kind in tried or kind[0] not in ("results", "interviews", *AREA_KINDS) or not path.endswith(".xlsx"):
            continue
        tried.add(kind)
        response = large(hr, link)  # counted too large to write in the request
        assert response.status_code == 303 and response.location.startswith("/jobs/"), (link, response.status_code)
        status = wait_for(hr, response.location.rsplit("/", 1)[1])
        assert status["status"] == "done", (link, status)
        assert _filename(hr.get(status["download"])) == _filename(hr.get(link)), link
    assert len({area for area, _, _ in tried}) >= 5, sorted(tried)


def test_the_downloads_hr_asks_for_with_a_form_are_named_by_unit_and_by_person(hr):
    survey = db.session.scalars(select(SurveyRound).order_by(SurveyRound.id.desc())).first()
    names = []
    for round_unit in survey.units[:2]:
        action = f"/surveys/{survey.id}/units/{round_unit.unit_id}/codes"
        response = hr.post(action, data={"count": "1", "csrf_token": form_token(hr, f"/surveys/{survey.id}")})
        names.append(_filename(response))
        round_part, unit_part = f"round-{survey.id}-{slug(survey.title)}", f"unit-{slug(round_unit.unit.code)}"
        assert names[-1] == f"omtanke-codes-{round_part}-{unit_part}-{TODAY}.csv", names[-1]
    for employee_id in db.session.scalars(select(AbsenceSpell.employee_id).distinct().limit(2)):
        data = {"employee_id": employee_id, "csrf_token": form_token(hr, "/privacy/subject")}
        names.append(_filename(hr.post("/privacy/subject/export.xlsx", data=data)))
        assert names[-1] == f"omtanke-data-subject-{slug(employee_id)}-{TODAY}.xlsx"
    assert len(set(names)) == len(names) == 4, names


def test_a_name_is_ascii_without_spaces_or_quotes_and_keeps_the_round_apart_from_its_unit(app, make):
    unit = make.unit("Hemtjänst Åbo", code="HT Ö/1")

    class Round:
        id, title = 7, 'Medarbetarenkät "hösten" 2026 – Työhyvinvointi'

    whole = download_name("results", TODAY, of_round=Round)
    narrowed = download_name("results", TODAY, of_round=Round, unit_id=unit.id)
    assert whole == f"omtanke-results-round-7-medarbetarenkat-hosten-2026-tyohyvinvoin-{TODAY.isoformat()}.xlsx"
    assert narrowed == f"omtanke-results-round-7-medarbetarenkat-hosten-2026-tyohyvinvoin-unit-ht-o-1-{TODAY}.xlsx"
    assert download_name("absence-template", None, suffix="csv") == "omtanke-absence-template.csv"
