"""The organisation's early-support model, the managers' quick guide, and the log of early-support talks and
network meetings (dates and roles only)."""
