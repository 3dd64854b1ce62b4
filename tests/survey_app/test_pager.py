"""The pager under the administrators' long lists (outbox, audit log): one widget, the same on every list."""

from __future__ import annotations

from survey_app import audit
from survey_app.admin.queries import PAGE_SIZE as AUDIT_PAGE_SIZE
from survey_app.db import db
from survey_app.mail import outbox
from survey_app.mail.queries import PAGE_SIZE as OUTBOX_PAGE_SIZE


def _pager(html: str) -> str:
    start = html.index('<nav aria-label="Pages" class="pager">')
    return html[start : html.index("</nav>", start)]


def test_the_outbox_pager_marks_the_page_and_keeps_the_filters(app, make, login):
    for n in range(OUTBOX_PAGE_SIZE + 1):
        outbox.queue_mail("test", f"to {n}", to=f"person{n}@example.org")
    db.session.flush()
    admin = login(app.test_client(), make.user("admin"))
    first = _pager(admin.get("/admin/mail?kind=test").get_data(as_text=True))
    assert '<span aria-current="page">Page 1 of 2</span>' in first
    assert "page=2&amp;" in first and 'kind=test" rel="next">Older</a>' in first and "Newer" not in first
    second = _pager(admin.get("/admin/mail?kind=test&page=2").get_data(as_text=True))
    assert '<span aria-current="page">Page 2 of 2</span>' in second
    assert 'rel="prev">Newer</a>' in second and "Older" not in second


def test_the_audit_log_pager_marks_the_page_and_keeps_the_filters(app, make, login):
    admin_user = make.user("admin")
    for n in range(AUDIT_PAGE_SIZE + 1):
        audit.record(admin_user, "test.paging", "thing", n)
    db.session.flush()
    admin = login(app.test_client(), admin_user)
    first = _pager(admin.get("/admin/audit?action=test.").get_data(as_text=True))
    assert '<span aria-current="page">Page 1 of 2</span>' in first
    assert 'href="/admin/audit?page=2&amp;action=test.' in first and 'rel="next">Older</a>' in first
