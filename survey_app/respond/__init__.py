"""The respondent's pages: anonymous, mobile-first, no login, no JavaScript needed. Never reads results."""
