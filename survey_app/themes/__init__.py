"""Themes in free text: the `omtanke themes` command (web pages come with the results and interviews)."""
