"""A manager prints their workplace's poster and a member of staff scans it (issue 20): Chromium draws the QR code
with a size, zbarimg (Debian's zbar-tools) reads it from a screenshot, and the address it holds opens the survey's
landing page, as does its short code typed in lower case at the short address. The pack of posters for an area
prints one A4 page per poster, and no page is wider than a phone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from survey_app.db import db
from tests.clock import TODAY

pytestmark = pytest.mark.browser

WIDTH = 360


def _zbarimg() -> str:
    path = shutil.which("zbarimg")
    if path:
        return path
    if os.environ.get("REQUIRE_CHROMIUM") == "1":
        pytest.fail("REQUIRE_CHROMIUM=1 but zbarimg is not installed (apt-get install zbar-tools)")
    pytest.skip("zbarimg is not installed: apt-get install zbar-tools (CI installs it)")


@pytest.fixture
def area(make):
    top = make.unit("Hemtjänst", code="HT", headcount=0)
    north = make.unit("Hemtjänst Norr", parent=top, code="HT-N", headcount=20)
    make.unit("Hemtjänst Söder", parent=top, code="HT-S", headcount=14)
    survey = make.survey_round(top, languages=("sv", "fi", "en"), title="Medarbetarenkät")
    survey.titles = {"sv": "Medarbetarenkät", "fi": "Henkilöstökysely", "en": "Staff survey"}
    survey.published_on = survey.published_on or TODAY
    manager = make.user("manager", units=(top,), email="chef@example.org")
    db.session.commit()
    return {"top": top, "north": north, "survey": survey, "manager": manager}


def _log_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_the_posters_qr_code_scans_and_leads_to_the_survey(area, live_server, phone, artifacts, tmp_path):
    zbarimg = _zbarimg()
    _log_in(phone, live_server, area["manager"].email)
    phone.goto(f"{live_server}/surveys/{area['survey'].id}/units/{area['north'].id}/poster")
    qr = phone.locator(".poster-qr img")
    box = qr.bounding_box()
    assert box and box["width"] >= 200 and box["height"] >= 200, box  # not the zero size of an SVG without xmlns
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH
    phone.screenshot(path=str(artifacts / "poster-phone.png"), full_page=True)
    shot = tmp_path / "qr.png"
    qr.screenshot(path=str(shot))

    decoded = subprocess.run([zbarimg, "--raw", "-q", str(shot)], capture_output=True, text=True, check=True)
    url = decoded.stdout.strip()
    assert re.fullmatch(rf"{re.escape(live_server)}/s/[\w-]+", url), url

    staff = phone.context.browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="fi-FI").new_page()
    staff.goto(url)
    assert staff.locator("h1").inner_text() == "Henkilöstökysely"
    assert staff.locator("p.lead").inner_text() == "Hemtjänst Norr"

    code = phone.locator(".poster-code").inner_text()
    staff.goto(f"{live_server}/k?lang=fi")
    staff.locator("#code").fill(code.lower().replace("-", " "))
    staff.locator("#code").press("Enter")
    staff.wait_for_url(re.compile(r"/s/[\w-]+\?lang=fi$"))
    assert staff.locator("h1").inner_text() == "Henkilöstökysely"
    assert staff.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_the_pack_prints_one_a4_page_per_poster(area, live_server, phone, artifacts):
    _log_in(phone, live_server, area["manager"].email)
    phone.locator('main a[href="/surveys/answering"]').click()  # the start page's link
    phone.wait_for_url(re.compile(r"/surveys/answering$"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH
    phone.screenshot(path=str(artifacts / "response-rates-phone.png"), full_page=True)
    phone.goto(f"{live_server}/surveys/{area['survey'].id}/posters?unit={area['top'].id}")
    assert phone.locator(".poster-sheet").count() == 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH
    phone.screenshot(path=str(artifacts / "poster-pack-phone.png"), full_page=True)
    phone.emulate_media(media="print")
    phone.set_viewport_size({"width": 680, "height": 980})  # A4 inside its margins, at 96 dpi
    phone.screenshot(path=str(artifacts / "poster-pack-print.png"), full_page=True)
    pdf = phone.pdf(format="A4", print_background=False)
    (artifacts / "poster-pack.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2


AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
    " 'wcag21aa']}, resultTypes: ['violations']})).violations.map(v => v.id + ' ' + v.nodes[0].target.join(' '))"
)


def test_the_poster_pages_and_the_short_address_meet_wcag_on_a_phone(area, live_server, browser):
    import axe_playwright_python

    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="sv-SE", bypass_csp=True)
    context.add_init_script(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    page = context.new_page()
    _log_in(page, live_server, area["manager"].email)
    survey, north, top = area["survey"].id, area["north"].id, area["top"].id
    for path in (
        "/surveys/answering",
        f"/surveys/{survey}/units/{north}/poster",
        f"/surveys/{survey}/posters?unit={top}",
        "/k/?lang=fi",
        "/k/AAAA-BBBB-CCC-DDD?lang=sv",
    ):
        page.goto(f"{live_server}{path}")
        assert page.evaluate(AXE_RUN) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
    context.close()
