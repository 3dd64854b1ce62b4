"""Logging in and out, password change, and the account's language preference."""
