"""``omtanke export``: every workbook the web pages offer, on the command line, with the same role and unit scope."""
