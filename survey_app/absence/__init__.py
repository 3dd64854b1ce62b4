"""Sickness-absence follow-up: imports, unit statistics and signals, person signals (special-category data)."""
