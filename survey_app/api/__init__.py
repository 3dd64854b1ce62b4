"""The JSON API: rounds and their aggregated, already-suppressed results for HR's BI tools, and sick reports from an
HR system or a nurse line; bearer tokens limited by their scopes."""
