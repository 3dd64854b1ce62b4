"""A no-op marker for user-facing strings of this package: extracted by Babel, translated at the app's edge."""


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``text`` for extraction and return it unchanged."""
    return text
