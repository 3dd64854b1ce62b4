"""Every page as each role sees it, on a 360 px phone in Swedish and a 1280 px desktop in Finnish: no page wider than
the screen, no axe-core WCAG 2.1 A/AA violation, no English phrase of the catalogue on a Swedish or Finnish page, and
never a server error.

The pages are every GET rule of the app (tests/browser/crawl.py derives them from ``app.url_map``), their parameters
filled from the demo municipality, visited once per role and width: admin, HR, a manager (manager5, Hemtjänst),
occupational health and a staff member with the unit's answer link (no account: the respondent's pages and the
login). A rule the role may not reach must answer 403 or 404 and is not crawled.

Left out, and why (``crawl.SKIPPED``): routes that take only POST are not GET rules at all; file downloads
(``*.xlsx``, ``/absence/template.csv``, ``/exports/<kind>.xlsx``, ``/jobs/<id>/download``: tests/exports and the
areas' own tests read them); JSON for programs (``/api/v1/*``, ``/jobs/<id>/status``); ``/static``, ``/healthz``
and ``/readyz``; the two halves of a two-step login (``/login/two-step``, ``/login/two-step/enrol``), which only a
login in progress reaches (test_two_step_phone.py walks them).

axe-core is the copy packaged in ``axe-playwright-python`` (injected by the browser, as the CSP forbids inline
scripts: the crawl's contexts bypass the CSP, and only they do). Screenshots of the key pages land in
test-artifacts/crawl/, the full list of findings in test-artifacts/crawl-report.txt; page times are not judged here
(bench/pages.py prints them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from survey_app.db import db, utcnow
from survey_app.models import User
from survey_app.models.accounts import TWO_STEP_ROLES
from tests.browser import crawl
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.browser

#: (width, locale): the phone in Swedish, the desktop in Finnish, so that each language is read once per page.
SCREENS = ((360, "sv-SE"), (1280, "fi-FI"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = (
    "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
    ".violations.map(v => ({id: v.id, count: v.nodes.length, target: v.nodes[0].target.join(' ')}))"
)
#: Known failures left on purpose, each with its reason: (endpoint, axe rule id or "overflow" or "untranslated").
ALLOWED: dict[tuple[str, str], str] = {}


def _axe_script() -> Path:
    """axe-core as packaged by axe-playwright-python (the test extra); CI (REQUIRE_CHROMIUM=1) fails without it."""
    try:
        import axe_playwright_python
    except ImportError:
        if os.environ.get("REQUIRE_CHROMIUM") == "1":
            pytest.fail("axe-playwright-python is missing: pip install -e '.[test]'")
        pytest.skip("axe-playwright-python is missing: pip install -e '.[test]'")
    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def _enrol_two_step_accounts() -> None:
    """The demo's admin, HR and occupational health accounts log in with the factories' authenticator key."""
    for user in db.session.scalars(select(User).where(User.role.in_(TWO_STEP_ROLES))):
        user.totp_secret, user.two_step_enrolled_at = TOTP_SECRET, utcnow()
    db.session.commit()


def _log_in(browser, base: str, role: str) -> dict | None:
    """The storage state (cookies) of a logged-in ``role``, shared by both screen sizes; None for staff."""
    if role == "staff":
        return None
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("#email", crawl.ACCOUNTS[role])
    page.fill("#password", crawl.PASSWORD)
    page.locator("main button[type=submit]").click()
    if "/login/two-step" in page.url:
        page.fill("#code", pyotp.TOTP(TOTP_SECRET).now())
        page.locator("#code").press("Enter")
    page.wait_for_url(f"{base}/")
    state = context.storage_state()
    context.close()
    return state


def _reachable(context, base: str, route: crawl.Route, role: str, findings: list[str]) -> bool:
    """Whether ``role`` may open the page: 200 or a redirect within the site; 403/404 are "not for this role"."""
    response = context.request.get(base + route.path, max_redirects=0)
    status, location = response.status, response.headers.get("location", "")
    if status in (403, 404):
        return False
    if status == 200 and not response.headers.get("content-type", "").startswith("text/html"):
        findings.append(f"{role} {route.rule}: not a page ({response.headers.get('content-type')}): add to SKIPPED")
        return False
    if status in (301, 302, 303) and role != "staff" and "/login" in location:
        findings.append(f"{role} {route.rule}: sends a logged-in person to log in; refuse with 403/404 instead")
        return False
    if status not in (200, 301, 302, 303):
        findings.append(f"{role} {route.rule}: HTTP {status}")
        return False
    return True


def _check(page, route: crawl.Route, width: int, language: str, phrases: list[str]) -> list[tuple[str, str]]:
    """(rule, detail) for each problem on the open page."""
    problems = []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(("overflow", f"{scroll_width} px wide"))
    for violation in page.evaluate(AXE_RUN, AXE_TAGS):
        problems.append((violation["id"], f"{violation['count']}× e.g. {violation['target']}"))
    if language in ("sv", "fi") and page.evaluate("document.documentElement.lang") == language:
        text = " ".join(page.evaluate(crawl.VISIBLE_TEXT).split())
        found = [phrase for phrase in phrases if phrase in text]
        if found:
            problems.append(("untranslated", "; ".join(f"“{phrase}”" for phrase in found[:5])))
    return problems


def _start_answering(page, base: str, token: str) -> None:
    """As a staff member: open the answer link and start, so that the question pages have a draft to show."""
    page.goto(f"{base}/s/{token}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def _visit(page, base: str, route: crawl.Route, where: str, width: int, language: str, phrases: list[str], shot: Path):
    """The problems of one page (allowed ones left out); a key page's screenshot is saved as ``shot``."""
    response = page.goto(base + route.path)
    if response is None or response.status >= 400:
        return [f"{where}: HTTP {response.status if response else '—'}"]
    if route.endpoint in crawl.KEY_ENDPOINTS:
        page.screenshot(path=str(shot), full_page=True)
    problems = _check(page, route, width, language, phrases)
    return [f"{where}: {rule}: {detail}" for rule, detail in problems if (route.endpoint, rule) not in ALLOWED]


@pytest.mark.parametrize("role", ["admin", "hr", "manager", "ohs", "safety", "staff"])
def test_every_page_fits_the_screen_is_accessible_and_translated(role, app, live_server, browser, artifacts):
    axe = _axe_script()
    data = crawl.seed(crawl.PASSWORD)
    _enrol_two_step_accounts()
    state = _log_in(browser, live_server, role)
    routes = crawl.routes_for(app, role, data)
    (artifacts / "crawl").mkdir(exist_ok=True)
    findings: list[str] = []
    reachable: list[crawl.Route] | None = None
    for width, locale in SCREENS:
        language = locale[:2]
        size = {"width": width, "height": 740 if width < 800 else 900}
        context = browser.new_context(viewport=size, locale=locale, storage_state=state, bypass_csp=True)
        context.add_init_script(path=str(axe))
        if reachable is None:
            reachable = [route for route in routes if _reachable(context, live_server, route, role, findings)]
        page = context.new_page()
        if role == "staff":
            _start_answering(page, live_server, data.link_token)
        phrases = crawl.catalogue_phrases(language)
        for route in reachable:
            where = f"{role} {width}px {route.endpoint} {route.path}"
            shot = artifacts / "crawl" / f"{role}-{width}-{route.endpoint.replace('.', '-')}.png"
            findings += _visit(page, live_server, route, where, width, language, phrases, shot)
        context.close()
    refused = [f"(not for {role}, or not a page for it: {route.rule})" for route in routes if route not in reachable]
    report = artifacts / f"crawl-report-{role}.txt"
    report.write_text("\n".join(findings + refused) + "\n", encoding="utf-8")
    assert reachable, f"{role} reached no page at all"
    assert not findings, f"{len(findings)} problems (also in {report}):\n" + "\n".join(findings)
