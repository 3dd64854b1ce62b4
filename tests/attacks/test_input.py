"""Text is cleaned where it enters: no NUL or other control character reaches the database (PostgreSQL refuses NUL,
SQLite would store it), and "Å" typed decomposed is the same text as "Å" typed composed."""

from __future__ import annotations

from sqlalchemy import select

from survey_app.db import db
from survey_app.models import Unit
from tests.helpers import form_token


def test_a_unit_name_with_control_characters_and_nfd_is_stored_clean_and_composed(app, client, login, make):
    login(client, make.user("admin"))
    token = form_token(client, "/admin/units/new")
    response = client.post(
        "/admin/units/new",
        data={
            "name": "A\u030agatan\x00 \x1b[31mhemtjänst\x7f\ufffe",
            "code": "AG-1\x00",
            "headcount": "12",
            "parent_code": "",
            "csrf_token": token,
        },  # fmt: skip
    )
    assert response.status_code in (200, 302)
    unit = db.session.scalar(select(Unit).where(Unit.code == "AG-1"))
    assert unit is not None, response.get_data(as_text=True)[:2000]
    assert unit.name == "Ågatan [31mhemtjänst"


def test_search_with_nul_and_decomposed_letters_finds_the_composed_unit(app, client, login, make):
    make.unit("Åsa förskola", code="ÅSA")
    login(client, make.user("hr"))
    page = client.get("/units/?q=A\u030asa\x00").get_data(as_text=True)
    assert "Åsa förskola" in page


def test_tab_and_line_breaks_are_kept(app):
    from survey_app.input import clean_text

    assert clean_text("rad 1\r\nrad\t2\n") == "rad 1\r\nrad\t2\n"
    assert clean_text("😀\u200d👍 \u202bשלום") == "😀\u200d👍 \u202bשלום"
