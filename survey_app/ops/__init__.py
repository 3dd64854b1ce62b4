"""Running Omtanke as a service: health and readiness endpoints, backups, restores and data fingerprints."""
