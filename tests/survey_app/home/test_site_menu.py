"""The site menu folds into a disclosure that needs no JavaScript: behind the login the menu, the language form and
the logout button sit in one <details> whose summary opens them; the respondent's and the anonymous pages keep
their own header."""

from __future__ import annotations

import re


def _header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_the_menu_and_header_tools_fold_into_one_disclosure_behind_the_login(client, login, make):
    login(client, make.user("manager", units=(make.unit(),)))
    header = _header(client.get("/").get_data(as_text=True))
    disclosure = header[header.index('<details class="site-menu">') : header.index("</details>")]
    assert re.search(r"<summary>\s*Menu\s*</summary>", disclosure)
    assert 'aria-label="Main menu"' in disclosure and 'action="/logout"' in disclosure and 'id="locale"' in disclosure
    assert "<script" not in header


def test_the_login_page_shows_the_language_form_without_a_menu(client):
    header = _header(client.get("/login").get_data(as_text=True))
    assert "<details" not in header and 'id="locale"' in header
