"""An interview guide in one language: its themes in interview order, each with its open questions."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("sv", "fi", "en")


@dataclass(frozen=True)
class GuideTheme:
    """One theme of a guide in one language: its key, its title and its open questions in order."""

    key: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    """An interview guide in one language: its themes in the order the interview follows."""

    language: str
    themes: tuple[GuideTheme, ...]

    def theme(self, key: str) -> GuideTheme:
        """The theme with this key; ``KeyError`` if there is none."""
        for theme in self.themes:
            if theme.key == key:
                return theme
        raise KeyError(key)

    def keys(self) -> tuple[str, ...]:
        """The theme keys in guide order."""
        return tuple(theme.key for theme in self.themes)
