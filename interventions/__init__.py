"""Pure rules of the method: case stages, follow-up scheduling, indicators, evaluation, absence ratios, signals.

Plain Python only: never imports Flask, SQLAlchemy or ``survey_app``; takes plain values and returns plain values.
"""
