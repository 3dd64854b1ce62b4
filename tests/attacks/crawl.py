"""A small crawler for the attack suite: every page a signed-in user can reach by following links, and every form
on those pages with the fields a browser would send.

It reads HTML with the standard library's parser, the way a browser sees the page: links (``<a href>``), forms
(``<form method action>``) and their fields (``input``, ``textarea``, ``select`` with its options). Nothing here
knows the app's routes, so a new page or form is attacked without anyone listing it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from werkzeug.datastructures import MultiDict

#: Paths never followed or submitted: they end the session or only serve files.
SKIP_PATHS = ("/logout", "/static/")
#: Form actions never submitted by the fuzzer: they end the session, remove the crawling account or its data, or
#: need a second factor the crawler does not have. Each has its own tests.
SKIP_ACTIONS = ("logout", "deactivate", "delete", "erase", "password", "two-step", "reset", "unlock", "restore",
                "prepare")  # fmt: skip
TEXT_TYPES = {"text", "email", "search", "url", "tel", "number", "date", "month", "time", "password", ""}


@dataclass
class Form:
    page: str
    action: str
    method: str
    #: (name, kind, value): kind is "text" (a browser lets the person type anything), "fixed" (hidden, checked box or
    #: radio, chosen option) or "file"
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)

    def text_fields(self) -> list[str]:
        return [name for name, kind, _ in self.fields if kind == "text"]

    def data(self, text: str | None = None, extra: list[tuple[str, str]] = ()) -> MultiDict:
        """What a browser sends, every free-text field holding ``text`` (None: as the page filled them)."""
        pairs = [(name, text if kind == "text" and text is not None else value) for name, kind, value in self.fields]
        return MultiDict(pairs + list(extra))


class _PageParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._selected: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(self.page, action, (a.get("method") or "get").lower())
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "").lower()
            if kind in ("submit", "button", "image", "reset"):
                if "value" in a:
                    self._form.options.setdefault(a["name"], []).append(a["value"])
            elif kind == "file":
                self._form.fields.append((a["name"], "file", ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], "fixed", a.get("value", "on")))
            elif kind == "hidden":
                self._form.fields.append((a["name"], "fixed", a.get("value", "")))
            elif kind in TEXT_TYPES:
                self._form.fields.append((a["name"], "text", a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])
        elif tag == "select" and a.get("name"):
            self._select, self._select_first, self._selected = a["name"], None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None and value:
                self._select_first = value
            if "selected" in a:
                self._selected = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea[0], "text", "".join(self._textarea[1])))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._selected if self._selected is not None else (self._select_first or "")
            self._form.fields.append((self._select, "fixed", chosen))
            self._select = None


def parse(page: str, html: str) -> tuple[list[str], list[Form]]:
    parser = _PageParser(page)
    parser.feed(html)
    return parser.links, parser.forms


def local_path(url: str) -> str | None:
    """The path and query of a link within the app, or None for another site, a mail link or a download."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if any(path.startswith(skip) for skip in SKIP_PATHS):
        return None
    return path


def path_shape(path: str) -> str:
    """``/units/7/edit?x=1`` and ``/units/8/edit`` are both ``/units/#/edit``."""
    return "/".join("#" if part.isdigit() else part for part in path.split("?")[0].split("/"))


@dataclass
class Site:
    pages: dict[str, str]  # path -> HTML
    forms: list[Form]
    statuses: dict[str, int]


def crawl(client, start: str = "/", limit: int = 300, same_route_limit: int = 2, files: bool = False) -> Site:
    """Every page reachable from ``start`` by links, at most ``same_route_limit`` per path shape (``/units/7`` and
    ``/units/8`` are one shape): the same template with other ids adds time, not coverage. Downloads (``.xlsx``,
    ``.pptx``, ``.csv``) are listed with status 0 unless ``files``, then fetched once per shape."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = deque([start])
    pages: dict[str, str] = {}
    statuses: dict[str, int] = {}
    forms: list[Form] = []
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        shape = path_shape(path)
        if shapes.get(shape, 0) >= same_route_limit:
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        if any(ext in path.split("?")[0] for ext in (".xlsx", ".pptx", ".csv")) and not files:
            statuses[path] = 0
            continue
        response = client.get(path)
        statuses[path] = response.status_code
        if not response.content_type.startswith("text/html") or response.status_code != 200:
            continue
        html = response.get_data(as_text=True)
        pages[path] = html
        links, found = parse(f"http://localhost{path}", html)
        forms += found
        for link in links:
            local = local_path(link)
            if local is not None and local not in seen:
                queue.append(local)
    return Site(pages, forms, statuses)
