"""Survey results for managers and HR: one gate (``services.results_for``) in front of figures that already carry the
anonymity decision."""
