"""Indicators with targets and values per unit and period: computed where Omtanke holds the data, entered otherwise."""
