"""The start page and the language switch, for everyone."""
