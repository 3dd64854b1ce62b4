"""Staff interviews and focus groups: rounds per unit, notes under a guide's themes, compilation, presentations."""
