"""Exporting: the one registry of export kinds (``kinds.py``) that the download routes, the background jobs and
``omtanke export`` (``commands.py``) read, and the registry's own download route (``views.py``)."""
