"""Text in, themes out: language, normalisation, lemmas, clustering, naming, redaction.

Plain Python (spaCy, scikit-learn) only: never imports Flask, SQLAlchemy or ``survey_app``.
"""
