"""Administration: the unit tree, user accounts and the audit log. Admin role only."""
