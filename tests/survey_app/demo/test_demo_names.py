"""Issue 21's finish line on the demo municipality: no name that staff wrote in the free text, nor HR in the
interview notes, reaches a page or an export, and every theme the results show is one a manager can act on.

The demo's answers and notes name colleagues, managers and residents on purpose (``survey_app.demo.free_text`` and
``interview_notes``: listed and unlisted first names, surnames alone, Finnish case forms, hyphenated and lower-case
names); each module lists them in ``DEMO_PERSON_NAMES``. The pages are every page the browser crawl visits
(``tests/browser/crawl.py`` derives them from the URL map) as HR, an administrator, occupational health and
Hemtjänst's manager, plus the organisation's report of both closed rounds (every answer is on it; each unit's
themes, the one thing a unit's report adds, are checked with the themes) and every interview round's compilation,
presentation and work-group slides, as HR and as each manager; the exports are every registered export kind, of
each closed round and interview round, as HR, occupational health and Hemtjänst's manager (the interview
compilation as every manager). The demo register's names are looked for too: they may show on the person pages
and the start page, to HR and the people's own manager (``REGISTER_NAME``). The one exception is HR's own raw
notes: HR wrote them, and the pages where HR reads and deletes them (and the raw notes listed in HR's compilation,
to draw findings from) show them as written.
"""

from __future__ import annotations

import html
import io
import re
from collections import defaultdict

from openpyxl import load_workbook
from sqlalchemy import select

from nlp.categories import category_label
from nlp.clustering import OTHER
from nlp.lemmas import analyse, stop_words
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.demo import free_text, interview_notes, person_cases, person_track
from survey_app.demo.surveys import AUTUMN, SPRING
from survey_app.exporting.kinds import export_kinds
from survey_app.models import Answer, InterviewNote, InterviewRound, Role, SurveyResponse, SurveyRound, User
from survey_app.results.comments import unit_free_text
from survey_app.results.services import closed_round_results
from tests.browser import crawl
from tests.clock import TODAY
from tests.spreadsheet import deck_text

NAMES = free_text.DEMO_PERSON_NAMES + interview_notes.DEMO_PERSON_NAMES
#: A name as a whole word, in any case ("Lindberg", "LINDBERG", "lindberg"), not inside another word.
NAME = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, NAMES)) + r")(?!\w)", re.IGNORECASE)
#: The demo register's names (``survey_app.demo.person_track`` and ``person_cases``): the manager must know whom to
#: call, so these show where the register's names belong, and nowhere else: on the person pages and the start page's
#: tasks, to HR and the people's own manager (the crawl's manager runs Hemtjänst, where the demo's registered people
#: work; occupational health, invited to one person's network meeting, sees the case but not the name).
REGISTER_NAMES = person_track.DEMO_REGISTER_NAMES + person_cases.DEMO_REGISTER_NAMES
REGISTER_NAME = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, REGISTER_NAMES)) + r")(?!\w)")
REGISTER_READERS = {"hr", "manager"}
#: The pages where HR reads (or confirms deleting) the notes HR wrote: shown as written, on purpose.
RAW_NOTES = {"interviews.notes", "interviews.delete_note"}
#: HR's compilation lists the raw notes under each theme (and beside each finding's check box): left out here.
RAW_NOTES_IN_COMPILATION = re.compile(r'<ul class="saved-notes">.*?</ul>|<label for="fn-\d+">.*?</label>', re.DOTALL)
CLOSED = (AUTUMN, SPRING)
POLARITIES = {"praise", "problem", "mixed", "neither"}


def _names_in(text: str) -> list[str]:
    return sorted({match.group(0) for match in NAME.finditer(html.unescape(text))})


def _managers() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.MANAGER.value).order_by(User.email)))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_the_demo_names_people_in_its_free_text_and_notes(app):
    """What the other tests look for is there to find: staff of several units wrote names, and HR noted some."""
    crawl.seed(crawl.PASSWORD)
    named = db.session.execute(
        select(SurveyResponse.unit_id, Answer.text).join(Answer).where(Answer.text.is_not(None))
    ).all()
    named = [(unit, text) for unit, text in named if NAME.search(text)]
    assert len({unit for unit, _ in named}) >= 5 and len({text for _, text in named}) >= 12
    notes = [text for text in db.session.scalars(select(InterviewNote.text)) if NAME.search(text)]
    assert len(notes) >= 5


def test_no_demo_name_reaches_any_page(app, login):
    data = crawl.seed(crawl.PASSWORD)
    leaks: dict[str, list[str]] = {}
    read: list[str] = []

    def visit(client, who: str, path: str, endpoint: str = "") -> None:
        response = client.get(path)
        if response.status_code != 200 or endpoint in RAW_NOTES:
            return
        read.append(path)
        page = response.get_data(as_text=True)
        if endpoint == "interviews.compilation" or path.endswith("/compilation"):
            page = RAW_NOTES_IN_COMPILATION.sub("", page)
        found = _names_in(page)
        if who not in REGISTER_READERS or not (path == "/" or path.startswith("/people/")):
            found += sorted(set(REGISTER_NAME.findall(html.unescape(page))))
        if found:
            leaks[f"{who} {path}"] = found

    clients = {}
    for role in ("hr", "admin", "ohs", "manager"):
        client = clients[role] = login(app.test_client(), _user(crawl.ACCOUNTS[role]))
        for route in crawl.routes_for(app, role, data):
            visit(client, role, route.path, route.endpoint)
    for title in CLOSED:  # every unit's answers are on it; a unit's themes are checked in the test below
        survey_id = db.session.scalar(select(SurveyRound.id).where(SurveyRound.title == title))
        visit(clients["hr"], "hr", f"/results/{survey_id}/organisation")
    interviews = list(db.session.scalars(select(InterviewRound.id)))
    for interview_id in set(interviews) - {data.interview_round_id}:  # the crawl visits the other one
        for page in ("compilation", "presentation", "work-group"):
            visit(clients["hr"], "hr", f"/interviews/{interview_id}/{page}")
    for manager in _managers():  # the presentation and work-group slides as each manager may see them
        client = login(app.test_client(), manager)
        for interview_id in interviews:
            for page in ("presentation", "work-group"):
                visit(client, manager.email, f"/interviews/{interview_id}/{page}")
    assert len(read) >= 120 and sum("/interviews/" in path for path in read) >= 10
    assert not leaks, leaks


def _export_text(suffix: str, data: bytes) -> str:
    """Every text of an exported file: a deck's slides, or a workbook's cells."""
    if suffix == "pptx":
        return deck_text(data)
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def _exports(readers: list[User]):
    """(kind, actor, parameters) for every registered export kind, each of its rounds and periods, as each reader
    it is for (the interview compilation as every manager too: each sees it for their own unit only)."""
    rounds = {
        "survey": list(db.session.scalars(select(SurveyRound).where(SurveyRound.title.in_(CLOSED)))),
        "interview": list(db.session.scalars(select(InterviewRound))),
        None: [None],
    }
    for kind in export_kinds():
        actors = _managers() + readers[:2] if kind.round_kind == "interview" else readers
        for actor in (actor for actor in actors if actor.role in kind.roles):
            for of_round in rounds[kind.round_kind]:
                for period in kind.periods or (None,):
                    yield kind, actor, kind.parameters({"round_id": of_round and of_round.id, "period": period})


def test_no_demo_name_reaches_any_export(app):
    crawl.seed(crawl.PASSWORD)
    readers = [_user(crawl.ACCOUNTS[role]) for role in ("hr", "ohs", "manager")]
    leaks, written = {}, 0
    for kind, actor, parameters in _exports(readers):
        target = io.BytesIO()
        try:
            kind.run(actor, parameters, target, TODAY)
        except NotAllowedError:
            continue  # not theirs to see
        written += 1
        if found := _names_in(_export_text(kind.suffix, target.getvalue())):
            leaks[f"{kind.name} as {actor.email}, {parameters}"] = found
    assert written >= 2 * len(export_kinds())
    assert not leaks, leaks


def _words(text: str) -> list[str]:
    return [word.casefold() for word in re.findall(r"\w+(?:-\w+)*", text)]


def _used_by(comments, languages) -> dict[str, set]:
    """Each word form (as written, and its lemma) → the respondents who used it."""
    texts = [comment.text for comment in comments]
    langs = [languages.get(str(number)) or "sv" for number in range(len(texts))]
    users: dict[str, set] = defaultdict(set)
    for comment, terms in zip(comments, analyse(texts, langs), strict=True):
        for form in _words(comment.text) + [term.lemma.casefold() for term in terms]:
            users[form].add(comment.respondent)
    return users


def _lemmas(word: str) -> set[str]:
    found = {word}
    for lang in ("sv", "fi"):
        found |= {term.lemma.casefold() for terms in analyse([word], [lang]) for term in terms}
    return found


def test_every_demo_theme_has_a_category_a_polarity_and_a_label_three_people_wrote(app):
    """Every unit's themes in both closed rounds, as its report and the free-text workbook show them: a
    work-environment category, praise or problem (or mixed, or neither), a title whose every content word (stop words
    aside) at least three different respondents wrote (as written or as its lemma; the category's name aside), and no
    name in the title or the quotes (the page test reads every answer on the organisation's report, this one each
    unit's themes)."""
    crawl.seed(crawl.PASSWORD)
    problems, themes = [], 0
    for title in CLOSED:
        survey = db.session.scalar(select(SurveyRound).where(SurveyRound.title == title))
        results = closed_round_results(survey, TODAY, items=False)
        for node in results.units:
            found = unit_free_text(results, node)
            if found is None or found.themes is None:
                continue
            used = _used_by(found.comments, found.themes.languages)
            for theme in found.themes.themes:
                if theme.id == OTHER:
                    continue
                themes += 1
                where = f"{title} {results.names.get(node, 'organisation')} {theme.title('sv')!r}"
                if theme.category is None or theme.polarity not in POLARITIES:
                    problems.append(f"{where}: category {theme.category}, polarity {theme.polarity}")
                shown = [theme.title("sv"), theme.title("fi"), *theme.examples]
                if named := _names_in(" ".join(shown)):
                    problems.append(f"{where}: names {named}")
                for lang in ("sv", "fi"):
                    label = theme.title(lang)
                    if theme.category:  # the category's name is ours, not words staff wrote
                        label = label.replace(category_label(theme.category, lang), " ")
                    for word in _words(label):
                        if word in stop_words("sv") | stop_words("fi"):  # "med", "bra", "ja": never a term
                            continue
                        people = set().union(*(used.get(form, set()) for form in _lemmas(word)))
                        if len(people) < 3:
                            problems.append(f"{where}: {word!r} written by {len(people)} respondent(s)")
    assert themes >= 20
    assert not problems, problems
