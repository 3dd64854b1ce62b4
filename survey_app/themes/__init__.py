"""Themes in free text: the service the results report, its workbooks and the interview compilation ask for themes
(``services``), and the ``omtanke themes`` command for a file of answers."""
