"""Marking user-facing strings for translation, without translating them.

``N_`` returns its argument unchanged; it only marks English text so that ``pybabel extract -k N_`` (see babel.cfg)
collects it into the catalogues. The web layer translates at display time. This module must never import Flask,
Flask-Babel or anything else that needs a request or an application: the core packages stay plain Python.
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``text`` for extraction and return it unchanged."""
    return text
