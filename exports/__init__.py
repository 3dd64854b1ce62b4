"""Workbooks out and validated rows in, on openpyxl only.

Plain Python only: never imports Flask, SQLAlchemy or ``survey_app``; takes its own input types.
"""
