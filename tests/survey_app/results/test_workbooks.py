"""Results as workbooks, opened in LibreOffice: the heatmap's figures, the same hiding and scope as the pages."""

from __future__ import annotations

from pathlib import Path

from tests.spreadsheet import sheets_as_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(client, url: str, tmp_path: Path) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and ".xlsx" in disposition
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.data)
    return sheets_as_csv(path)


def _text(sheets: dict[str, list[list[str]]]) -> str:
    return "\n".join(",".join(row) for rows in sheets.values() for row in rows)


def test_the_heatmap_sheet_has_the_pages_figures_and_hides_the_same_units(client, login, world, tmp_path, heatmap_rows):
    login(client, world["hr"])
    survey = world["survey"]
    sheets = _download(client, f"/results/{survey.id}/results.xlsx", tmp_path)
    page = heatmap_rows(client.get(f"/results/{survey.id}").get_data(as_text=True))
    heatmap = sheets["Heatmap"]
    header = heatmap.index(next(row for row in heatmap if row[:2] == ["Unit", "Code"]))
    by_name = {row[0].strip(): row for row in heatmap[header + 1 :]}
    hme = heatmap[header].index("HME index (total)")
    for name in ("Hemtjänst Norr", "Lokalvård", "Ängsskolan", "Whole organisation", "Hemtjänst"):
        assert f"{float(by_name[name][hme]):.0f}" == page[name][2], name  # same HME as the page
    assert by_name["Hemtjänst Norr"][2:4] == ["10", "83.3%"]  # a number with a percent format
    small = by_name["<script>alert('Nattpatrullen')</script>"]
    assert small[2:-1] == [""] * (len(small) - 3) and small[-1].startswith("Too few answers")
    assert by_name["Hemtjänst Söder"][hme] == "" and "smaller group" in by_name["Hemtjänst Söder"][-1]
    # one sheet per visible unit, none for the hidden ones
    assert {"Summary", "Whole organisation", "Hemtjänst Norr", "Ängsskolan"} <= set(sheets)
    assert not any("Nattpatrullen" in name or name == "Hemtjänst Söder" for name in sheets)
    norr = sheets["Hemtjänst Norr"]
    scores = next(row for row in norr if row and row[0] == "HME index (total)")
    assert [float(value) for value in scores[1:3]] == [75.0, 25.0]  # 75 now, +25 since spring


def test_a_manager_exports_only_their_own_units(client, login, world, tmp_path):
    login(client, world["school_manager"])
    sheets = _download(client, f"/results/{world['survey'].id}/results.xlsx", tmp_path)
    text = _text(sheets)
    assert "Ängsskolan" in text
    assert "Hemtjänst" not in text and "Lokalvård" not in text and "Whole organisation" not in sheets
    other = client.get(f"/results/{world['survey'].id}/results.xlsx?unit={world['big'].id}")
    assert other.status_code == 404


def test_free_text_is_redacted_kept_as_text_and_only_for_groups_over_the_threshold(client, login, world, tmp_path):
    login(client, world["hr"])
    sheets = _download(client, f"/results/{world['survey'].id}/comments.xlsx", tmp_path)
    text = _text(sheets)
    assert "Vi behöver fler vikarier" in text and "Lindqvist" not in text  # names redacted, as on the page
    assert '=HYPERLINK("http://evil")' in text  # LibreOffice shows the text: not a link, not a formula
    units = {row[0] for rows in sheets.values() for row in rows if len(row) > 2 and row[1].startswith("What would")}
    # as on the pages: Ängsskolan's free text is hidden so that a smaller group's cannot be picked out
    assert units == {"Whole organisation", "Hemtjänst", "Hemtjänst Norr"}
    # Lokalvård (8) and Nattpatrullen (2) are under the threshold of 10: no sheet row of their own
    assert "Lokalvård" not in text and "Nattpatrullen'" not in text


def test_an_open_round_has_nothing_to_download_yet(client, login, world, make):
    login(client, world["hr"])
    open_round = make.survey_round(world["school"])
    response = client.get(f"/results/{open_round.id}/results.xlsx")
    assert response.status_code == 200 and response.mimetype == "text/html"


def test_the_command_line_applies_the_named_users_scope(app, world, tmp_path):
    from survey_app.exporting.commands import export_command

    runner = app.test_cli_runner()
    survey, manager = world["survey"], world["school_manager"]
    output = tmp_path / "school.xlsx"
    done = runner.invoke(export_command, ["results", "--round", survey.id, "--output", output, "--as", manager.email])
    assert done.exit_code == 0, done.output
    text = _text(sheets_as_csv(output))
    assert "Ängsskolan" in text and "Hemtjänst" not in text
    refused = tmp_path / "refused.xlsx"
    args = ["results", "--round", survey.id, "--unit", "HT-1", "--output", refused, "--as", manager.email]
    denied = runner.invoke(export_command, args)
    assert denied.exit_code != 0 and "may not export" in denied.output and not refused.exists()
    swedish = tmp_path / "hr.xlsx"
    args = ["comments", "--round", survey.id, "--output", swedish, "--lang", "sv"]
    assert runner.invoke(export_command, args).exit_code == 0
    assert "Hela organisationen" in _text(sheets_as_csv(swedish))
