"""Workbooks out and validated rows in, on openpyxl; the meetings' slide decks out, on python-pptx.

Plain Python only: never imports Flask, SQLAlchemy or ``survey_app``; takes its own input types.
"""
