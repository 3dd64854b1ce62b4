"""Survey results for managers and HR: one query layer whose figures already carry the anonymity decision."""
