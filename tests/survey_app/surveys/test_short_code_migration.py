"""Migration 0016 gives every workplace of earlier rounds a short code of its own, and can be undone."""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from survey_app import create_app
from survey_app.db import db
from survey_app.models.surveys import CODE_ALPHABET, SHORT_CODE_LENGTH


def test_workplaces_of_earlier_rounds_get_distinct_short_codes(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "TESTING": True})
    with app.app_context():
        upgrade(revision="0015")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO units (id, name, code, headcount, active, created_at) VALUES "
                    "(1, 'Hemtjänst Norr', 'HT-N', 20, 1, :now), (2, 'Ängsskolan', 'BUF-1', 30, 1, :now)"
                ),
                {"now": "2026-01-01 00:00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO survey_rounds (id, title, titles, opens_on, closes_on, published_on, languages, "
                    "anonymity_threshold, content, created_at) VALUES (1, 'Våren', '{}', :day, :day, :day, "
                    "'[\"sv\"]', 5, '{}', :now)"
                ),
                {"day": date(2026, 4, 1), "now": "2026-01-01 00:00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO survey_round_units (round_id, unit_id, link_token, headcount) VALUES "
                    "(1, 1, 'token-one', 20), (1, 2, 'token-two', 30)"
                )
            )
        upgrade(revision="0016")
        with db.engine.connect() as connection:
            codes = connection.execute(text("SELECT short_code FROM survey_round_units")).scalars().all()
        assert len(codes) == 2 and len(set(codes)) == 2
        assert all(len(code) == SHORT_CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
        downgrade(revision="0015")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM survey_round_units")).scalar() == 2
        db.engine.dispose()
