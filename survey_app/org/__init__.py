"""The organisation as each role sees it: the units in the caller's scope."""
