"""How long each page takes to serve, per role: the pages the browser crawl visits (tests/browser/test_every_page.py).

Method: the demo municipality (``survey_app.demo``) on SQLite in a temporary instance folder; for each role (admin,
HR, manager5, occupational health, and staff with the answer link) one Flask test client logs in as a person does
(password, then the authenticator code for the roles that need one) and GETs every page it may reach (the crawl's
list, tests/browser/crawl.py) ``--repeat`` + 1 times. It prints each page's first time (cold: caches and language
models still to fill) and the median of the others in milliseconds, with that median's ratio to ``/healthz`` timed
in the same run, the floor of any request. Server time only: no browser, no network, no rendering. Pages the role
may not reach (403/404) are left out. Nothing is asserted.

    .venv/bin/python bench/pages.py [--repeat 5] [--role hr] [--quick]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSWORD = "bench horse battery staple"
ROLES = ("admin", "hr", "manager", "ohs", "staff")


def _timed(client, path: str, repeat: int) -> tuple[int, float, float]:
    """The status, the first GET's time (cold: caches and language models still to fill) and the median of
    ``repeat`` more GETs of ``path``, in milliseconds."""
    times, status = [], 0
    for _ in range(repeat + 1):
        start = time.perf_counter()
        status = client.get(path).status_code
        times.append((time.perf_counter() - start) * 1000)
    return status, times[0], statistics.median(times[1:])


def _log_in(client, role: str, secret: str, token: str) -> None:
    import pyotp

    from tests.browser import crawl

    if role == "staff":  # staff start answering, so that the question pages have a draft to show
        client.post(f"/s/{token}/start")
        return
    client.post("/login", data={"email": crawl.ACCOUNTS[role], "password": PASSWORD})
    client.post("/login/two-step", data={"code": pyotp.TOTP(secret).now()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--role", choices=ROLES, action="append")
    parser.add_argument("--quick", action="store_true", help="occupational health and staff, one repeat")
    args = parser.parse_args()
    if args.quick:  # make bench-quick: a role with the two-step login and the respondent, few pages each
        args.repeat, args.role = 1, args.role or ["ohs", "staff"]
    logging.disable(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="omtanke-pages-"))
    os.environ["OMTANKE_INSTANCE_PATH"] = str(folder)

    import pyotp
    from flask_migrate import upgrade
    from sqlalchemy import select

    from survey_app import create_app
    from survey_app.db import db, utcnow
    from survey_app.models import User
    from survey_app.models.accounts import TWO_STEP_ROLES
    from tests.browser import crawl

    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'pages.db'}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
    }
    app = create_app(config)
    secret = pyotp.random_base32()
    with app.app_context():
        upgrade()
        data = crawl.seed(PASSWORD)
        for user in db.session.scalars(select(User).where(User.role.in_(TWO_STEP_ROLES))):
            user.totp_secret, user.two_step_enrolled_at = secret, utcnow()
        db.session.commit()
    # Outside the app context: each request then gets its own, as in production (else ``g`` and the logged-in
    # user would carry over from one request, and one role, to the next).
    print(f"{'role':<8} {'page':<52} {'status':>6} {'first ms':>9} {'median ms':>10} {'× healthz':>10}")
    for role in args.role or ROLES:
        client = app.test_client()
        _log_in(client, role, secret, data.link_token)
        if role != "staff" and client.get("/").status_code != 200:
            print(f"{role}: the login failed; skipped")
            continue
        _, first, floor = _timed(client, "/healthz", args.repeat * 4)
        print(f"{role:<8} {'/healthz':<52} {200:>6} {first:>9.1f} {floor:>10.1f} {1:>10.1f}")
        for route in crawl.routes_for(app, role, data):
            status, first, median = _timed(client, route.path, args.repeat)
            if status in (403, 404):
                continue
            print(f"{role:<8} {route.rule:<52} {status:>6} {first:>9.1f} {median:>10.1f} {median / floor:>10.1f}")


if __name__ == "__main__":
    main()
