"""The read-only JSON API for HR's BI tools: rounds and their aggregated, already-suppressed results."""
