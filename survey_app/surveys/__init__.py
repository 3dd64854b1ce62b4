"""Survey rounds for HR: create, preview, distribute (links, posters, codes) and follow response counts."""
