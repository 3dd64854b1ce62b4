"""What each respondent page weighs on a phone: HTML plus everything it loads, against a 30 KB budget per page.

Method: a round with every instrument section the library offers (hme, osa, ergonomics, work_ability,
open_questions) plus one own statement and one own open question, on SQLite in a temporary instance folder. The
Flask test client walks the respondent's journey — landing, Start, every section page, "Save and continue later",
the thank-you page and the personal-code page — and for each page adds up the HTML and every stylesheet, script and
icon the page links to (fetched from the app). Sizes are bytes as served, uncompressed; "gz" is what a gzip-ing
proxy would send, for information. Pages at or over 30 KB (30,720 bytes) are flagged.

    .venv/bin/python bench/page_weight.py [--quick]

``--quick`` is the same walk (it takes seconds); it is accepted so that ``make bench-quick`` runs every script alike.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET = 30 * 1024
OWN_STATEMENT = "Vi hjälper varandra när det är bråttom. | Autamme toisiamme, kun on kiire."
OWN_QUESTION = "Vad vill du säga till din chef? | Mitä haluat sanoa esihenkilöllesi?"
STYLESHEET = re.compile(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"')
SCRIPT = re.compile(r'<script[^>]*src="([^"]+)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*src=)[^>]*>(.*?)</script>", re.S)
ICON = re.compile(r'<link[^>]*rel="icon"[^>]*href="([^"]+)"')


@dataclass
class Weight:
    name: str
    status: int
    html: int
    css: int
    js: int
    icon: int
    gz: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js + self.icon


def build(app) -> tuple[str, list[str]]:
    """The round's unit link token and its page titles."""
    from flask_migrate import upgrade

    from survey_app.db import db
    from survey_app.models import Unit
    from survey_app.respond import services
    from survey_app.surveys.content import page_title, section_choices
    from survey_app.surveys.lifecycle import open_round
    from survey_app.surveys.services import RoundInput, create_round

    today = date.today()
    with app.app_context():
        upgrade()
        db.session.add(Unit(name="Hemtjänst Norr, Områdesgrupp Östra", code="WEIGHT-1", headcount=40))
        db.session.commit()
        survey = create_round(
            None,
            RoundInput(
                title="Medarbetarenkät hösten",
                root_code="WEIGHT-1",
                opens_on=today,
                closes_on=today + timedelta(days=14),
                languages=("sv", "fi"),
                anonymity_threshold=5,
                sections=tuple(ref for ref, _, _ in section_choices()),
                own_statements=OWN_STATEMENT,
                own_questions=OWN_QUESTION,
            ),
            today,
        )
        open_round(None, survey, today)
        round_unit = survey.units[0]
        titles = [page_title(page, "sv") for page in services.questionnaire(round_unit)]
        token = round_unit.link_token
        db.session.remove()
        db.engine.dispose()
    return token, titles


def weigh(client, name: str, response, assets: dict[str, bytes]) -> Weight:
    html = response.get_data()
    text = html.decode()

    def fetched(url: str) -> bytes:
        if url not in assets:
            asset = client.get(url)
            assets[url] = asset.get_data()
            asset.close()
        return assets[url]

    css = [fetched(url) for url in STYLESHEET.findall(text)]
    js = [fetched(url) for url in SCRIPT.findall(text)] + [body.encode() for body in INLINE_SCRIPT.findall(text)]
    icons = [fetched(url) for url in ICON.findall(text)]
    return Weight(
        name,
        response.status_code,
        len(html),
        sum(map(len, css)),
        sum(map(len, js)),
        sum(map(len, icons)),
        len(gzip.compress(html)) + sum(len(gzip.compress(part)) for part in css + js + icons),
    )


def journey(app, token: str, titles: list[str]) -> list[Weight]:
    client = app.test_client()
    headers = {"Accept-Language": "sv-SE,sv;q=0.9"}
    assets: dict[str, bytes] = {}
    weights = [weigh(client, "landing", client.get(f"/s/{token}", headers=headers), assets)]
    started = client.post(f"/s/{token}/start", data={"lang": "sv"}, headers=headers)
    assert started.status_code == 302, started.status_code
    draft = ""
    for number, title in enumerate(titles, start=1):
        page = client.get(f"/s/{token}/p/{number}", headers=headers)
        draft = re.search(r'name="draft" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        weights.append(weigh(client, f"page {number}: {title}", page, assets))
    saved = client.post(f"/s/{token}/p/{len(titles)}", data={"draft": draft, "action": "save"}, headers=headers)
    assert saved.status_code == 302, saved.status_code
    weights.append(weigh(client, "saved", client.get(f"/s/{token}/saved", headers=headers), assets))
    sent = client.post(f"/s/{token}/p/{len(titles)}", data={"draft": draft, "action": "submit"}, headers=headers)
    assert sent.status_code == 302 and "/done" in sent.location, (sent.status_code, sent.location)
    weights.append(weigh(client, "done", client.get(sent.location, headers=headers), assets))
    weights.append(weigh(client, "code", client.get("/s/code", headers=headers), assets))
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the same walk (make bench-quick)")
    parser.parse_args()
    logging.basicConfig(level=logging.WARNING)  # keeps Alembic's migration log quiet
    with tempfile.TemporaryDirectory(prefix="omtanke-weight-") as instance:
        os.environ["OMTANKE_INSTANCE_PATH"] = instance
        os.environ.pop("DATABASE_URL", None)
        from survey_app import create_app

        app = create_app({"SESSION_COOKIE_SECURE": False})
        token, titles = build(app)
        weights = journey(app, token, titles)
        with app.app_context():
            from survey_app.db import db

            db.engine.dispose()

    print("Method: Flask test client, Swedish, a round with every instrument section + own items; bytes as served")
    print(f"(uncompressed), HTML + linked CSS + scripts + icon; budget {BUDGET:,} bytes per page.\n")
    print(f"{'page':<46} {'status':>6} {'html':>7} {'css':>6} {'js':>4} {'icon':>5} {'total':>7} {'gz':>6}")
    for w in weights:
        flag = "  <-- over 30 KB" if w.total >= BUDGET else ""
        print(
            f"{w.name[:46]:<46} {w.status:>6} {w.html:>7,} {w.css:>6,} {w.js:>4,} {w.icon:>5,} {w.total:>7,} "
            f"{w.gz:>6,}{flag}"
        )
    largest = max(weights, key=lambda w: w.total)
    over = [w for w in weights if w.total >= BUDGET]
    print(
        f"\nLargest: {largest.name} — {largest.total:,} bytes ({largest.total / 1024:.1f} KB), {largest.gz:,} gzipped."
    )
    print(f"Pages at or over 30 KB: {len(over)} of {len(weights)}.")


if __name__ == "__main__":
    main()
