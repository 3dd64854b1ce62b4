"""The results pages on the screens people use: HR's heatmap of every measure fits a 1280 px desktop with its
header in view while it scrolls, and a manager's phone gets cards, charts with readable text and no page wider
than the screen."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest

from survey_app.db import db
from survey_app.demo.surveys import FULL_SECTIONS
from tests.factories import TOTP_SECRET, results_answers

pytestmark = pytest.mark.browser

WORKPLACES = (
    "Hemtjänst Centrum med nattpatrull",
    "Äldreboendet Solgården avdelning",
    "Korttidsboendet Linden",
    "Dagverksamheten Eken",
    "Boendestöd och personlig assistans",
    "Rehabiliteringsenheten",
)


@pytest.fixture
def results_layout_world(make):
    """Four areas of six workplaces that all answered a round of every instrument, one workplace answering too
    few; HR and a manager of the first area."""
    areas = [make.unit(f"Vård och omsorg område {n + 1}", code=f"VO-{n}") for n in range(4)]
    units = [
        make.unit(f"{name} {area_number + 1}", parent=area, code=f"VO-{area_number}-{number}", headcount=9)
        for area_number, area in enumerate(areas)
        for number, name in enumerate(WORKPLACES)
    ]
    survey = make.closed_round(None, sections=FULL_SECTIONS, title="Hösten")
    for index, unit in enumerate(units):
        number = index % len(WORKPLACES)
        make.responses(survey, unit, results_answers(2 + index % 4), count={0: 8, 5: 2}.get(number, 6))
    first_area, first_unit = areas[0], units[0]
    make.user("hr", email="hr@example.org")
    make.user("manager", units=(first_area,), email="chef@example.org")
    db.session.commit()
    return {"survey": survey, "unit": first_unit}


AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
    " 'wcag21aa']}, resultTypes: ['violations']})).violations.map(v => v.id + ' ' + v.nodes[0].target.join(' '))"
)


def _context(browser, width: int, height: int):
    """A browser context of this size with axe-core loaded on every page (it bypasses the CSP to inject it)."""
    import axe_playwright_python

    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE", bypass_csp=True)
    context.add_init_script(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    return context


def _log_in(page, live_server: str, email: str, code: bool) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.locator("main button[type=submit]").click()
    if code:
        page.fill("#code", pyotp.TOTP(TOTP_SECRET).now())
        page.locator("#code").press("Enter")
    page.wait_for_url(f"{live_server}/")


def test_the_heatmap_fits_a_desktop_and_its_header_stays_in_view(results_layout_world, live_server, browser, artifacts):
    context = _context(browser, 1280, 800)
    page = context.new_page()
    _log_in(page, live_server, "hr@example.org", code=True)
    page.goto(f"{live_server}/results/{results_layout_world['survey'].id}")
    assert page.evaluate(AXE_RUN) == []
    frame = page.locator(".heatmap-frame")
    assert page.locator("table.heatmap th.measure").count() == 13  # with responses and rate: fifteen columns
    widths = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths  # every measure in view, no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    # the frame is no taller than the screen, so its own scrollbar is in view with it
    frame.evaluate("el => el.scrollIntoView()")
    box = frame.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800 + 1
    assert frame.evaluate("el => el.scrollHeight > el.clientHeight")  # 25 rows: the table scrolls inside its frame

    frame.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_timeout(100)
    header = page.locator("table.heatmap thead th").nth(4).bounding_box()
    frame_box = frame.bounding_box()
    assert header is not None and frame_box is not None
    assert frame_box["y"] - 1 <= header["y"] <= frame_box["y"] + 2  # the header row stayed at the top
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('thead') !== null",
        [header["x"] + header["width"] / 2, header["y"] + header["height"] / 2],
    )
    assert on_top  # and is drawn over the rows scrolled under it
    page.screenshot(path=str(artifacts / "results-heatmap-desktop.png"))

    page.goto(f"{live_server}/units/{results_layout_world['unit'].id}")
    assert page.evaluate(AXE_RUN) == []
    page.locator(".unit-links a", has_text="Hösten").click()  # the unit page leads to the unit's results
    assert page.locator("nav.report-toc").is_visible() and page.evaluate(AXE_RUN) == []
    context.close()


def test_a_manager_reads_cards_and_charts_on_a_phone(results_layout_world, live_server, browser, artifacts):
    world = results_layout_world
    context = _context(browser, 360, 740)
    phone = context.new_page()
    _log_in(phone, live_server, "chef@example.org", code=False)
    phone.goto(f"{live_server}/results/{world['survey'].id}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.evaluate(AXE_RUN) == []
    assert not phone.locator(".heatmap-frame").is_visible()
    cards = phone.locator(".heat-card")
    assert cards.count() == 8 and cards.first.is_visible()  # the organisation, the area and its six workplaces
    phone.select_option("#sort", "hme.total")
    phone.locator(".sort-form button[type=submit]").click()
    phone.wait_for_url("**sort=hme.total**")
    phone.screenshot(path=str(artifacts / "results-cards-phone.png"), full_page=True)

    phone.goto(f"{live_server}/results/{world['survey'].id}/units/{world['unit'].id}")
    phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll('.chart svg text')].map(t => {
            const scale = t.ownerSVGElement.getScreenCTM().a;
            return parseFloat(getComputedStyle(t).fontSize) * scale;
        })"""
    )
    assert sizes and min(sizes) >= 12, min(sizes)  # drawn at 12 px, not scaled down to fit the phone
    overlaps = phone.evaluate(
        """() => {
            const box = el => el.getBoundingClientRect();
            const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            const found = [];
            for (const row of document.querySelectorAll('svg.chart-scores g.row')) {
                const texts = [...row.querySelectorAll('text')].map(box);
                for (const marker of row.querySelectorAll('.compare1, .compare2')) {
                    if (texts.some(t => hit(t, box(marker)))) found.push(row.querySelector('title').textContent);
                }
            }
            return found;
        }"""
    )
    assert overlaps == []  # no comparison marker covers a printed value or label
    toc = phone.locator("nav.report-toc a").all()
    assert toc
    for link in toc:
        target = link.get_attribute("href")
        assert target and phone.locator(target).count() == 1
    assert phone.evaluate(AXE_RUN) == []
    phone.screenshot(path=str(artifacts / "results-report-phone.png"))

    phone.goto(f"{live_server}/units/{world['unit'].id}")  # the unit's page, with its links, fits the phone too
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 and phone.evaluate(AXE_RUN) == []
    phone.screenshot(path=str(artifacts / "unit-page-phone.png"), full_page=True)
    context.close()
