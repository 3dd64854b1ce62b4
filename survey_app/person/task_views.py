"""A manager's tasks about their staff: the list and marking one done. PLACEHOLDER: the tasks helper fills it."""
