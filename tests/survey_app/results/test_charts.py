"""The results report's SVG charts: accessible names, correct figures, escaping, colours with enough contrast."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # noqa: N817 - the usual alias
from pathlib import Path

import pytest
from markupsafe import Markup

from survey_app.results.charts import BOLD_CHAR_WIDTH, CHAR_WIDTH, MIN_WIDTH, ScoreRow
from survey_app.results.colours import HEAT_BANDS, PALETTE_5, category_colours, heat_band
from tests.survey_app.results.svg import distribution_bar, score_bars

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(__file__).resolve().parents[3] / "survey_app" / "static" / "css" / "results.css"
AGREE5 = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
LEGEND = [("unit", "Team A"), ("compare1", "Department"), ("compare2", "Organisation")]


# --- helpers ------------------------------------------------------------------------------------------------------


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(str(markup))  # noqa: S314 - our own output, not untrusted XML
    assert root.tag == f"{SVG}svg"
    return root


def find_all(element: ET.Element, tag: str) -> list[ET.Element]:
    return list(element.iter(f"{SVG}{tag}"))


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def relative_luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = []
    for i in (0, 2, 4):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def assert_accessible(root: ET.Element, chart_id: str, title: str) -> str:
    """role/aria-labelledby/title/desc as promised; returns the desc text."""
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    ids = root.get("aria-labelledby", "").split()
    assert ids == [f"{chart_id}-title", f"{chart_id}-desc"]
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert by_id[ids[0]].tag == f"{SVG}title"
    assert by_id[ids[1]].tag == f"{SVG}desc"
    assert by_id[ids[0]].text == title
    # The chart's own <title> and <desc> come first, so they are the SVG's accessible name and description too.
    assert [child.tag for child in root[:2]] == [f"{SVG}title", f"{SVG}desc"]
    # Ids are unique and prefixed, so many charts can share a page.
    assert all(i.startswith(f"{chart_id}-") for i in by_id)
    assert len(by_id) == len([el for el in root.iter() if el.get("id")])
    # The Content-Security-Policy forbids inline style.
    assert all("style" not in el.attrib for el in root.iter())
    assert not find_all(root, "style")
    return by_id[ids[1]].text or ""


def segments(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in find_all(root, "rect") if rect.get("class") != "empty"]


def percent(value: str) -> float:
    assert value.endswith("%")
    return float(value[:-1])


def rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in find_all(root, "g") if g.get("class") == "row"]


def row_bar(row: ET.Element) -> ET.Element | None:
    bars = [rect for rect in find_all(row, "rect") if rect.get("class") == "score-bar"]
    assert len(bars) <= 1
    return bars[0] if bars else None


# --- distribution_bar ---------------------------------------------------------------------------------------------


def test_distribution_bar_is_accessible_and_describes_every_category_in_words() -> None:
    markup = distribution_bar("item-7", "I feel valued at work", AGREE5, [1, 0, 2, 3, 4])
    assert isinstance(markup, Markup)
    desc = assert_accessible(parse(markup), "item-7", "I feel valued at work")
    assert desc == (
        "Strongly disagree: 1 (10 %); Disagree: 0 (0 %); Neither: 2 (20 %); Agree: 3 (30 %); Strongly agree: 4 (40 %)"
    )


def test_distribution_bar_segments_match_counts_and_skip_empty_categories() -> None:
    root = parse(distribution_bar("d1", "Q", AGREE5, [1, 0, 2, 3, 4]))
    rects = segments(root)
    assert [percent(r.get("width", "")) for r in rects] == pytest.approx([10, 20, 30, 40])
    assert [percent(r.get("x", "")) for r in rects] == pytest.approx([0, 10, 30, 60])
    # The empty "Disagree" category has no segment; the others keep their own colours.
    assert [r.get("fill") for r in rects] == [PALETTE_5[0], PALETTE_5[2], PALETTE_5[3], PALETTE_5[4]]
    labels = [t for t in find_all(root, "text")]
    assert [t.text for t in labels] == ["10 %", "20 %", "30 %", "40 %"]
    colours = dict(category_colours(5))
    assert [t.get("fill") for t in labels] == [colours[r.get("fill")] for r in rects]
    assert all(t.get("text-anchor") == "middle" for t in labels)


@pytest.mark.parametrize(
    "counts",
    [[1, 1, 1], [3, 7, 11, 13, 17], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [999, 1], [0, 0, 5], [2, 5]],
)
def test_distribution_bar_percentages_sum_to_100_and_match_counts(counts: list[int]) -> None:
    labels = [f"c{i}" for i in range(len(counts))]
    root = parse(distribution_bar("d2", "Q", labels, counts, percent_format=lambda p: f"{p:.2f} %"))
    desc = find_all(root, "desc")[0].text or ""
    found = re.findall(r"c(\d+): (\d+) \((\d+\.\d+) %\)", desc)
    assert [int(i) for i, _, _ in found] == list(range(len(counts)))
    assert [int(c) for _, c, _ in found] == counts
    shares = [float(p) for _, _, p in found]
    assert sum(shares) == pytest.approx(100, abs=0.01 * len(counts))
    for share, count in zip(shares, counts, strict=True):
        assert share == pytest.approx(100 * count / sum(counts), abs=0.005)
    widths = [percent(r.get("width", "")) for r in segments(root)]
    assert len(widths) == sum(1 for c in counts if c)
    assert sum(widths) == pytest.approx(100, abs=0.01)


def test_default_percent_format_rounds_to_whole_percent() -> None:
    desc = find_all(parse(distribution_bar("d3", "Q", ["No", "Yes"], [1, 2])), "desc")[0].text
    assert desc == "No: 1 (33 %); Yes: 2 (67 %)"


@pytest.mark.parametrize(
    ("counts", "labelled"), [([8, 92], [True, True]), ([7, 93], [False, True]), ([1, 99], [False, True])]
)
def test_percentage_is_printed_only_in_segments_wide_enough(counts: list[int], labelled: list[bool]) -> None:
    root = parse(distribution_bar("d4", "Q", ["No", "Yes"], counts))
    groups = [g for g in find_all(root, "g") if g.get("class") == "segment"]
    assert [bool(find_all(g, "text")) for g in groups] == labelled
    # Every segment, labelled or not, has a tooltip naming its category.
    assert [find_all(g, "title")[0].text for g in groups] == [
        f"No: {counts[0]} ({counts[0]} %)",
        f"Yes: {counts[1]} ({counts[1]} %)",
    ]


def test_distribution_bar_without_answers_is_an_empty_grey_bar() -> None:
    root = parse(distribution_bar("d5", "Q", AGREE5, [0, 0, 0, 0, 0], no_answers="Inga svar"))
    desc = assert_accessible(root, "d5", "Q")
    assert desc == "Inga svar"
    rects = find_all(root, "rect")
    assert len(rects) == 1 and rects[0].get("class") == "empty"
    assert rects[0].get("width") == "100%"
    assert not find_all(root, "text")
    assert find_all(parse(distribution_bar("d6", "Q", [], [])), "desc")[0].text == "No answers"


def test_distribution_bar_has_fixed_height_and_fluid_width() -> None:
    root = parse(distribution_bar("d7", "Q", AGREE5, [1, 1, 1, 1, 1]))
    assert root.get("height") == "28"
    assert all(r.get("height") == "28" for r in segments(root))


def test_distribution_bar_uses_the_11_step_scale() -> None:
    counts = [1] * 11
    root = parse(distribution_bar("d8", "Q", [str(i) for i in range(11)], counts))
    assert [r.get("fill") for r in segments(root)] == [fill for fill, _ in category_colours(11)]


def test_distribution_bar_escapes_hostile_text() -> None:
    labels = ["<script>alert(1)</script>", '"&', "it's", "a\x00b", "ok"]
    title = '<img src=x onerror="alert(1)"> & co'
    markup = distribution_bar("d9", title, labels, [2, 2, 2, 2, 2])
    assert "<script" not in markup
    assert "<img" not in markup
    root = parse(markup)  # still well-formed XML
    desc = assert_accessible(root, "d9", title)
    assert desc.startswith("<script>alert(1)</script>: 2 (20 %); \"&: 2 (20 %); it's: 2 (20 %); ab: 2 (20 %)")
    tooltips = [t.text for t in find_all(root, "title")[1:]]
    assert tooltips[0] == "<script>alert(1)</script>: 2 (20 %)"
    assert tooltips[1] == '"&: 2 (20 %)'
    hostile_format = distribution_bar("d10", "Q", ["a"], [1], percent_format=lambda p: f"<b>{p:.0f}</b>")
    assert "<b>" not in hostile_format
    assert [t.text for t in find_all(parse(hostile_format), "text")] == ["<b>100</b>"]


@pytest.mark.parametrize(
    ("labels", "counts"), [(["a", "b"], [1]), (["a"], [1, 2]), (["a", "b"], [1, -1])], ids=["short", "long", "neg"]
)
def test_distribution_bar_rejects_inconsistent_input(labels: list[str], counts: list[int]) -> None:
    with pytest.raises(ValueError):
        distribution_bar("d11", "Q", labels, counts)


# --- score_bars ---------------------------------------------------------------------------------------------------


def test_score_bars_are_accessible_and_describe_every_row_in_words() -> None:
    chart = score_bars(
        "scores",
        "Scores for Team A",
        [ScoreRow("Workload", 72, 68, 70), ScoreRow("Leadership", None, 55.4, None, missing="Too few answers")],
        LEGEND,
    )
    assert isinstance(chart, Markup)
    root = parse(chart)
    desc = assert_accessible(root, "scores", "Scores for Team A")
    assert desc == (
        "Workload: Team A 72, Department 68, Organisation 70; Leadership: Team A Too few answers, Department 55"
    )
    # No viewBox: the text is drawn in CSS pixels and never shrinks with a narrow screen.
    assert root.get("viewBox") is None and re.fullmatch(r"\d+", root.get("height", ""))
    assert {t.get("font-size") for t in find_all(root, "text")} == {"12"}


def test_score_bar_width_is_proportional_to_the_value() -> None:
    root = parse(
        score_bars("s1", "Q", [ScoreRow("a", 100), ScoreRow("b", 50), ScoreRow("c", 25), ScoreRow("d", 0)], [])
    )
    bars = [row_bar(r) for r in rows(root)]
    assert all(bar is not None for bar in bars)
    widths = [percent(bar.get("width", "nan")) for bar in bars if bar is not None]
    full = widths[0]
    assert full > 0
    assert widths == pytest.approx([full, full / 2, full / 4, 0])
    # Every bar starts at the same baseline.
    assert len({bar.get("x") for bar in bars if bar is not None}) == 1
    # The value is printed right-aligned on the label's line, above its bar.
    values = [t for t in find_all(root, "text") if t.get("class") == "value"]
    assert [t.text for t in values] == ["100", "50", "25", "0"]
    assert all(t.get("x") == "100%" and t.get("text-anchor") == "end" for t in values)
    assert all(float(t.get("y", "nan")) < float(bar.get("y", "nan")) for t, bar in zip(values, bars, strict=True))


def test_score_bars_clamp_out_of_range_values_but_print_them() -> None:
    root = parse(score_bars("s2", "Q", [ScoreRow("a", 100), ScoreRow("b", 120), ScoreRow("c", -5)], []))
    widths = [percent(row_bar(r).get("width", "nan")) for r in rows(root)]  # type: ignore[union-attr]
    assert widths == pytest.approx([widths[0], widths[0], 0])
    assert [t.text for t in find_all(root, "text") if t.get("class") == "value"] == ["100", "120", "-5"]


def test_missing_value_prints_the_missing_text_and_draws_no_bar() -> None:
    root = parse(
        score_bars(
            "s3",
            "Q",
            [ScoreRow("Shown", 60), ScoreRow("Hidden", None, 40, 45, missing="Too few"), ScoreRow("Dash", None)],
            LEGEND,
        )
    )
    shown, hidden, dash = rows(root)
    assert row_bar(shown) is not None
    assert row_bar(hidden) is None and row_bar(dash) is None
    assert [t.text for t in find_all(hidden, "text") if t.get("class") == "missing"] == ["Too few"]
    assert [t.text for t in find_all(dash, "text") if t.get("class") == "missing"] == ["–"]
    assert not [t for t in find_all(hidden, "text") if t.get("class") == "value"]
    # The comparison markers are still drawn for the hidden unit.
    assert len(find_all(hidden, "line")) == 1 and len(find_all(hidden, "polygon")) == 1
    assert "Hidden: Team A Too few, Department 40, Organisation 45" in (find_all(root, "desc")[0].text or "")


def test_comparison_markers_are_distinct_shapes_at_their_values() -> None:
    root = parse(score_bars("s4", "Q", [ScoreRow("a", 100, compare1=50, compare2=25)], LEGEND))
    (row,) = rows(root)
    bar = row_bar(row)
    assert bar is not None
    x0, full = percent(bar.get("x", "nan")), percent(bar.get("width", "nan"))
    (line,) = find_all(row, "line")
    assert line.get("class") == "compare1"
    assert percent(line.get("x1", "nan")) == pytest.approx(x0 + full / 2)
    assert line.get("x1") == line.get("x2")
    # The line reaches above and below the bar, so it shows over the bar's colour.
    bar_top, bar_bottom = float(bar.get("y", "nan")), float(bar.get("y", "nan")) + float(bar.get("height", "nan"))
    assert float(line.get("y1", "nan")) < bar_top and float(line.get("y2", "nan")) > bar_bottom
    (diamond,) = find_all(row, "polygon")
    assert diamond.get("class") == "compare2"
    points = [tuple(map(float, p.split(","))) for p in (diamond.get("points") or "").split()]
    assert len(points) == 4 and sum(x for x, _ in points) == 0  # drawn around its spot...
    (spot,) = [svg for svg in find_all(row, "svg") if svg.get("class") == "marker"]
    assert percent(spot.get("x", "nan")) == pytest.approx(x0 + full / 4)  # ...placed at the organisation's score


def test_rows_without_comparisons_draw_no_markers() -> None:
    root = parse(score_bars("s5", "Q", [ScoreRow("a", 70)], [("unit", "Team A")]))
    (row,) = rows(root)
    assert not find_all(row, "line") and not find_all(row, "polygon")
    assert find_all(root, "desc")[0].text == "a: Team A 70"


def test_legend_is_drawn_at_the_bottom_with_each_marker_shape() -> None:
    root = parse(score_bars("s6", "Q", [ScoreRow("a", 70, 60, 65)], LEGEND))
    (legend,) = [g for g in find_all(root, "g") if g.get("class") == "legend"]
    items = [g for g in legend if g.get("class", "").startswith("legend-")]
    assert [g.get("class") for g in items] == ["legend-unit", "legend-compare1", "legend-compare2"]
    assert [text_of(find_all(g, "text")[0]) for g in items] == ["Team A", "Department", "Organisation"]
    assert find_all(items[0], "rect") and find_all(items[1], "line") and find_all(items[2], "polygon")
    lowest_row = max(float(t.get("y", "0")) for r in rows(root) for t in r.iter() if t.get("y"))
    assert all(float(find_all(g, "text")[0].get("y", "0")) > lowest_row for g in items)
    height = float(root.get("height", "nan"))
    assert all(float(find_all(g, "text")[0].get("y", "0")) < height for g in items)


def test_long_labels_are_wrapped_and_shortened_with_the_full_text_in_the_desc() -> None:
    label = "Psykosocial arbetsmiljö, arbetsbelastning och återhämtning mellan arbetspassen, helger och långa kvällar"
    root = parse(score_bars("s7", "Q", [ScoreRow(label, 64)], []))
    (row,) = rows(root)
    (text,) = [t for t in find_all(row, "text") if t.get("class") == "label"]
    lines = [span.text or "" for span in find_all(text, "tspan")]
    assert 1 < len(lines) <= 2
    assert lines[-1].endswith("…")
    assert all(len(line) <= (MIN_WIDTH - 2 * BOLD_CHAR_WIDTH) / CHAR_WIDTH for line in lines)
    assert find_all(root, "desc")[0].text == f"{label}: 64"
    assert find_all(row, "title")[0].text == f"{label}: 64"


def test_score_bars_escape_hostile_text() -> None:
    hostile = '<script>alert("x")</script> & "quotes"'
    markup = score_bars(
        "s8",
        hostile,
        [ScoreRow(hostile, 50, missing=hostile), ScoreRow("b", None, missing=hostile)],
        [("unit", hostile)],
    )
    assert "<script" not in markup
    root = parse(markup)
    assert_accessible(root, "s8", hostile)
    assert hostile in (find_all(root, "desc")[0].text or "")
    assert [t.text for t in find_all(root, "text") if t.get("class") == "missing"] == [hostile]


def test_score_bars_value_format_is_used_everywhere() -> None:
    root = parse(
        score_bars("s9", "Q", [ScoreRow("a", 62.25, 70.5)], LEGEND, value_format=lambda v: f"{v:.1f}".replace(".", ","))
    )
    assert [t.text for t in find_all(root, "text") if t.get("class") == "value"] == ["62,2"]
    assert find_all(root, "desc")[0].text == "a: Team A 62,2, Department 70,5"


def test_empty_score_chart_is_still_valid() -> None:
    root = parse(score_bars("s10", "Q", [], []))
    assert assert_accessible(root, "s10", "Q") == ""
    assert not rows(root)


@pytest.mark.parametrize("bad", [ScoreRow("a", math.nan), ScoreRow("a", 50, compare1=math.nan)])
def test_score_bars_reject_nan(bad: ScoreRow) -> None:
    with pytest.raises(ValueError, match="NaN"):
        score_bars("s11", "Q", [bad], [])


def test_score_bars_reject_unknown_legend_kinds() -> None:
    with pytest.raises(ValueError, match="legend kind"):
        score_bars("s12", "Q", [], [("parent", "Department")])


# --- chart ids ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("chart_id", ["", "a b", 'x"y', "a/b", "é", "id<", "a\n"])
def test_invalid_chart_id_is_rejected(chart_id: str) -> None:
    with pytest.raises(ValueError, match="chart_id"):
        distribution_bar(chart_id, "Q", ["a"], [1])
    with pytest.raises(ValueError, match="chart_id"):
        score_bars(chart_id, "Q", [ScoreRow("a", 1)], [])


def test_two_charts_on_one_page_have_distinct_ids() -> None:
    page = f"<div>{distribution_bar('q-1', 'A', ['a'], [1])}{distribution_bar('q-2', 'B', ['a'], [1])}</div>"
    ids = [el.get("id") for el in ET.fromstring(page).iter() if el.get("id")]  # noqa: S314
    assert len(ids) == 4 and len(set(ids)) == 4


# --- heat bands ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "css_class"),
    [
        (None, "heat-none"),
        (math.nan, "heat-none"),
        (0, "heat-1"),
        (39.99, "heat-1"),
        (40, "heat-2"),
        (54.99, "heat-2"),
        (55, "heat-3"),
        (69.99, "heat-3"),
        (70, "heat-4"),
        (84.99, "heat-4"),
        (85, "heat-5"),
        (100, "heat-5"),
    ],
)
def test_heat_band_boundaries(score: float | None, css_class: str) -> None:
    assert heat_band(score) == css_class


def test_heat_bands_legend_agrees_with_heat_band() -> None:
    assert [c for _, _, c in HEAT_BANDS] == ["heat-1", "heat-2", "heat-3", "heat-4", "heat-5"]
    assert HEAT_BANDS[0][0] == 0 and HEAT_BANDS[-1][1] == 100
    for (_, high, _), (low, _, _) in zip(HEAT_BANDS, HEAT_BANDS[1:], strict=False):
        assert high == low  # contiguous
    for low, high, css_class in HEAT_BANDS:
        assert heat_band(low) == css_class
        assert heat_band(high - 0.001) == css_class


# --- colours and contrast -----------------------------------------------------------------------------------------


def test_contrast_helper_matches_known_wcag_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 11])
def test_category_colours_have_enough_contrast(n: int) -> None:
    colours = category_colours(n)
    assert len(colours) == n
    assert len({fill for fill, _ in colours}) == n
    for fill, text in colours:
        assert re.fullmatch(r"#[0-9a-f]{6}", fill) and re.fullmatch(r"#[0-9a-f]{6}", text)
        assert contrast(fill, text) >= 4.5, (fill, text)


def test_category_colours_follow_the_palette_worst_first() -> None:
    assert len(PALETTE_5) == 5
    assert [fill for fill, _ in category_colours(5)] == list(PALETTE_5)
    assert [fill for fill, _ in category_colours(2)] == [PALETTE_5[0], PALETTE_5[-1]]
    eleven = [fill for fill, _ in category_colours(11)]
    assert eleven[0] == PALETTE_5[0] and eleven[5] == PALETTE_5[2] and eleven[-1] == PALETTE_5[-1]
    # Worst is orange (red > blue), best is blue (blue > red): never a red-green scale.
    worst, best = PALETTE_5[0], PALETTE_5[-1]
    assert int(worst[1:3], 16) > int(worst[5:7], 16)
    assert int(best[5:7], 16) > int(best[1:3], 16)
    with pytest.raises(ValueError):
        category_colours(0)


def css_rules(text: str) -> dict[str, str]:
    """Selector -> its declarations, joined over every rule for it (media queries included)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    rules: dict[str, str] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        rules[selector.strip()] = rules.get(selector.strip(), "") + body
    return rules


def test_heat_classes_in_results_css_have_enough_contrast() -> None:
    rules = css_rules(CSS.read_text(encoding="utf-8"))
    for css_class in [*(c for _, _, c in HEAT_BANDS), "heat-none"]:
        body = rules[f".{css_class}"]
        (text,) = re.findall(r"(?<![\w-])color:\s*(#[0-9a-fA-F]{3,6})\b", body)
        backgrounds = [
            colour
            for declaration in re.findall(r"background(?:-color|-image)?:([^;]*)", body)
            for colour in re.findall(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}\b", declaration)
        ]
        assert backgrounds, css_class
        for background in backgrounds:
            assert contrast(background, text) >= 4.5, (css_class, background, text)


def test_results_css_has_the_promised_classes_and_no_external_fonts() -> None:
    text = CSS.read_text(encoding="utf-8")
    rules = css_rules(text)
    assert "width: 100%" in rules[".chart svg"] and "height: auto" in rules[".chart svg"]
    assert "tabular-nums" in rules[".heatmap td, .heatmap .num"]
    assert "position: sticky" in rules[".heatmap tr > :first-child"]
    assert "italic" in rules[".suppressed"]
    (muted,) = re.findall(r"(?<![\w-])color:\s*(#[0-9a-fA-F]{6})", rules[".suppressed"])
    assert contrast(muted, "#ffffff") >= 4.5 and contrast(muted, "#f3f5f7") >= 4.5
    assert "dashed" in rules[".risk"] and "solid" in rules[".strength"]
    assert "flex" in rules[".legend"]
    assert "@import" not in text and "@font-face" not in text and "url(" not in text
