"""The demo municipality that `make run` seeds into an empty database. Later features add their demo data here."""
